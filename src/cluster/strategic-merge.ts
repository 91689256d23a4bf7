/**
 * Strategic merge patches, as k8s.io/apimachinery/pkg/util/strategicpatch computes and applies
 * them (the patch type `application/strategic-merge-patch+json` that kubectl sends for built-in
 * kinds), and JSON merge patches (RFC 7386, for kinds without patch metadata).
 *
 * A strategic merge patch is a JSON merge patch (maps merge, `null` deletes a key) with
 * directives where a plain merge patch cannot say enough:
 *   - lists with strategy `merge` are merged element by element, matched by their merge key;
 *     `{"$patch": "delete", name: x}` removes an element;
 *   - `$setElementOrder/<list>`: the order of the listed elements (elements the patch does not
 *     name keep their place among them);
 *   - `$deleteFromPrimitiveList/<list>`: values to remove from a merged list of scalars;
 *   - `$retainKeys`: the keys a union (Deployment strategy, a volume source) keeps, the others
 *     are cleared;
 *   - `$patch: replace` on a map or in a list: replace instead of merge.
 *
 * Everything here is pure: no I/O, inputs never modified.
 */
import type { PatchSchema } from './patch-meta.js';

export type Json = null | boolean | number | string | Json[] | JsonMap;
export interface JsonMap {
  [key: string]: Json;
}

const PATCH = '$patch';
const RETAIN_KEYS = '$retainKeys';
const DELETE_FROM_PRIMITIVE = '$deleteFromPrimitiveList/';
const SET_ELEMENT_ORDER = '$setElementOrder/';

export function isMap(v: unknown): v is JsonMap {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((v, i) => deepEqual(v, b[i]));
  if (!isMap(a) || !isMap(b)) return false;
  const ak = Object.keys(a);
  return ak.length === Object.keys(b).length && ak.every((k) => k in b && deepEqual(a[k], b[k]));
}

/** A merge-keyed list whose elements share a key value cannot be merged by key (see keyedListsUsable). */
export class MergeKeyError extends Error {
  override name = 'MergeKeyError';
}

interface DiffOptions {
  /** Do not record fields that `modified` lacks (the delta pass: live → config keeps what others set). */
  ignoreDeletions: boolean;
  /** Record only deletions (the deletions pass: last applied → config). */
  ignoreChangesAndAdditions: boolean;
  /** Add `$retainKeys` (set by a field with the retainKeys strategy, for its own map only). */
  buildRetainKeys?: boolean;
}

/**
 * The patch that turns `original` into `modified`, as strategicpatch.diffMaps: added and changed
 * fields, `null` for removed ones, directives for merged lists, each filtered by the options.
 */
function diffMaps(original: JsonMap, modified: JsonMap, schema: PatchSchema, options: DiffOptions): JsonMap {
  const patch: JsonMap = {};
  const retainKeys: string[] = [];
  for (const [key, modifiedValue] of Object.entries(modified)) {
    if (options.buildRetainKeys && modifiedValue !== null) retainKeys.push(key);
    if (!(key in original)) {
      if (!options.ignoreChangesAndAdditions) patch[key] = modifiedValue;
      continue;
    }
    const originalValue = original[key]!;
    if (kindOf(originalValue) !== kindOf(modifiedValue)) {
      if (!options.ignoreChangesAndAdditions) patch[key] = modifiedValue;
      continue;
    }
    if (isMap(originalValue) && isMap(modifiedValue)) {
      const field = schema.field(key);
      if (field.strategy === 'replace') {
        if (!options.ignoreChangesAndAdditions && !deepEqual(originalValue, modifiedValue)) patch[key] = modifiedValue;
        continue;
      }
      const sub = diffMaps(originalValue, modifiedValue, field.schema, { ...options, buildRetainKeys: field.retainKeys });
      if (Object.keys(sub).length > 0) patch[key] = sub;
    } else if (Array.isArray(originalValue) && Array.isArray(modifiedValue)) {
      diffSlice(key, originalValue, modifiedValue, patch, schema, options);
    } else if (!options.ignoreChangesAndAdditions && !deepEqual(originalValue, modifiedValue)) {
      patch[key] = modifiedValue;
    }
  }
  if (!options.ignoreDeletions) {
    for (const key of Object.keys(original)) if (!(key in modified)) patch[key] = null;
  }
  const clearsOthers = Object.entries(original).some(([k, v]) => v !== null && !(k in modified));
  if (retainKeys.length > 0 && (Object.keys(patch).length > 0 || clearsOthers)) patch[RETAIN_KEYS] = retainKeys.sort();
  return patch;
}

function kindOf(v: Json): string {
  return v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v;
}

function diffSlice(key: string, original: Json[], modified: Json[], patch: JsonMap, schema: PatchSchema, options: DiffOptions): void {
  const field = schema.field(key);
  if (field.strategy !== 'merge') {
    // Lists without a merge strategy are atomic: replaced whole when they differ.
    if (!options.ignoreChangesAndAdditions && !deepEqual(original, modified)) patch[key] = modified;
    return;
  }
  const elementsAreMaps = [...original, ...modified].some(isMap);
  if (elementsAreMaps) {
    const mergeKey = field.mergeKey ?? '';
    if (!keyedListsUsable(mergeKey, original, modified)) {
      // Duplicate (or missing) merge keys: kubectl's merge would mix the elements up (Service
      // ports 53/TCP and 53/UDP share the key `port`, kubernetes#39188). Replace the list whole.
      // Only when the list says something new: live elements carry server defaults on top.
      if (!options.ignoreChangesAndAdditions && !(original.length === modified.length && modified.every((m, i) => covers(original[i]!, m)))) {
        patch[key] = [{ [PATCH]: 'replace' }, ...modified];
      }
      return;
    }
    const { changes, deletions } = diffListsOfMaps(original as JsonMap[], modified as JsonMap[], mergeKey, field.schema, { ...options, buildRetainKeys: field.retainKeys });
    const list = [...sortLike(changes, modified as JsonMap[], mergeKey), ...deletions];
    if (list.length > 0) patch[key] = list;
    const sameOrder = original.length === modified.length && modified.every((m, i) => deepEqual((original[i] as JsonMap)[mergeKey], (m as JsonMap)[mergeKey]));
    if ((!options.ignoreChangesAndAdditions && (list.length > 0 || !sameOrder)) || (!options.ignoreDeletions && list.length > 0)) {
      patch[SET_ELEMENT_ORDER + key] = (modified as JsonMap[]).map((m) => ({ [mergeKey]: m[mergeKey]! }));
    }
    return;
  }
  // A merged list of scalars (finalizers): additions in the list, removals in a parallel one.
  const additions = options.ignoreChangesAndAdditions ? [] : modified.filter((m) => !original.some((o) => deepEqual(o, m)));
  const removals = options.ignoreDeletions ? [] : original.filter((o) => !modified.some((m) => deepEqual(o, m)));
  if (additions.length > 0) patch[key] = additions;
  if (removals.length > 0) patch[DELETE_FROM_PRIMITIVE + key] = removals;
  if ((!options.ignoreDeletions && removals.length > 0) || (!options.ignoreChangesAndAdditions && !deepEqual(original, modified))) {
    patch[SET_ELEMENT_ORDER + key] = modified;
  }
}

/** `b` is `a` or `a` less some map keys (at any depth): `a` is `b` plus what the server added. */
function covers(a: Json, b: Json): boolean {
  if (isMap(a) && isMap(b)) return Object.entries(b).every(([k, v]) => k in a && covers(a[k]!, v));
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && b.every((v, i) => covers(a[i]!, v));
  return deepEqual(a, b);
}

/** Every element of every list is a map carrying the merge key, and no key value repeats in a list. */
function keyedListsUsable(mergeKey: string, ...lists: Json[][]): boolean {
  return lists.every((list) => {
    const seen = new Set<string>();
    for (const e of list) {
      if (!isMap(e) || !(mergeKey in e)) return false;
      const k = JSON.stringify(e[mergeKey]);
      if (seen.has(k)) return false;
      seen.add(k);
    }
    return true;
  });
}

function diffListsOfMaps(original: JsonMap[], modified: JsonMap[], mergeKey: string, schema: PatchSchema, options: DiffOptions): { changes: JsonMap[]; deletions: JsonMap[] } {
  const changes: JsonMap[] = [];
  const deletions: JsonMap[] = [];
  for (const m of modified) {
    const o = original.find((e) => deepEqual(e[mergeKey], m[mergeKey]));
    if (!o) {
      if (!options.ignoreChangesAndAdditions) changes.push(m);
      continue;
    }
    const sub = diffMaps(o, m, schema, options);
    if (Object.keys(sub).length > 0) changes.push({ ...sub, [mergeKey]: m[mergeKey]! });
  }
  if (!options.ignoreDeletions) {
    for (const o of original) {
      if (!modified.some((m) => deepEqual(o[mergeKey], m[mergeKey]))) deletions.push({ [mergeKey]: o[mergeKey]!, [PATCH]: 'delete' });
    }
  }
  return { changes, deletions };
}

/** `items` in the order their keys have in `order`. */
function sortLike(items: JsonMap[], order: JsonMap[], mergeKey: string): JsonMap[] {
  const index = (m: JsonMap) => order.findIndex((o) => deepEqual(o[mergeKey], m[mergeKey]));
  return [...items].sort((a, b) => index(a) - index(b));
}

/**
 * Merges two patches into one, as strategicpatch.mergeMap does for the deletions and the delta
 * of a three-way patch (they do not overlap except in maps and merged lists, where both recurse).
 */
function mergePatches(a: JsonMap, b: JsonMap, schema: PatchSchema): JsonMap {
  const out: JsonMap = { ...a };
  for (const [key, bv] of Object.entries(b)) {
    const av = out[key];
    if (av === undefined || key.startsWith('$')) {
      out[key] = bv;
    } else if (isMap(av) && isMap(bv)) {
      out[key] = mergePatches(av, bv, schema.field(key).schema);
    } else if (Array.isArray(bv) && bv.some((e) => isMap(e) && e[PATCH] === 'replace')) {
      // A list replaced whole (duplicate merge keys) says everything (its order directive goes below).
      out[key] = bv;
    } else if (Array.isArray(av) && Array.isArray(bv) && schema.field(key).strategy === 'merge' && schema.field(key).mergeKey && [...av, ...bv].every(isMap)) {
      const field = schema.field(key);
      const mk = field.mergeKey!;
      const merged = (bv as JsonMap[]).map((be) => {
        const ae = (av as JsonMap[]).find((e) => deepEqual(e[mk], be[mk]));
        return ae ? mergePatches(ae, be, field.schema) : be;
      });
      const rest = (av as JsonMap[]).filter((ae) => !(bv as JsonMap[]).some((be) => deepEqual(ae[mk], be[mk])));
      // Deletions last, as kubectl puts them.
      out[key] = [...merged.filter((e) => e[PATCH] !== 'delete'), ...rest, ...merged.filter((e) => e[PATCH] === 'delete')];
    } else {
      out[key] = bv;
    }
  }
  for (const [key, v] of Object.entries(out)) {
    if (Array.isArray(v) && v.some((e) => isMap(e) && e[PATCH] === 'replace')) delete out[SET_ELEMENT_ORDER + key];
  }
  return out;
}

/**
 * The three-way strategic merge patch of kubectl apply (strategicpatch.CreateThreeWayMergePatch
 * with overwrite): from `current` (live) to `modified` (the new configuration) without deleting
 * what others set, plus the deletion of what `original` (the last applied configuration) had and
 * `modified` no longer has. `{}` when there is nothing to do.
 */
export function threeWayStrategicPatch(original: JsonMap | undefined, modified: JsonMap, current: JsonMap, schema: PatchSchema): JsonMap {
  const delta = diffMaps(current, modified, schema, { ignoreDeletions: true, ignoreChangesAndAdditions: false });
  const deletions = diffMaps(original ?? {}, modified, schema, { ignoreDeletions: false, ignoreChangesAndAdditions: true });
  return mergePatches(deletions, delta, schema);
}

/**
 * Applies a strategic merge patch to `original`, as the API server does
 * (strategicpatch.StrategicMergeMapPatch). Used for dry runs the server cannot do.
 */
export function applyStrategicPatch(original: JsonMap, patch: JsonMap, schema: PatchSchema): JsonMap {
  return mergeMap(original, patch, schema);
}

function stripDirectives(v: Json): Json {
  if (Array.isArray(v)) return v.filter((e) => !(isMap(e) && e[PATCH] !== undefined && Object.keys(e).length === 1)).map(stripDirectives);
  if (!isMap(v)) return v;
  const out: JsonMap = {};
  for (const [k, x] of Object.entries(v)) if (!k.startsWith('$')) out[k] = stripDirectives(x);
  return out;
}

function mergeMap(original: JsonMap, patch: JsonMap, schema: PatchSchema): JsonMap {
  if (patch[PATCH] === 'replace') return stripDirectives(patch) as JsonMap;
  if (patch[PATCH] === 'delete') return {};
  let out: JsonMap = { ...original };
  const retain = patch[RETAIN_KEYS];
  if (Array.isArray(retain)) {
    out = Object.fromEntries(Object.entries(out).filter(([k]) => retain.includes(k)));
  }
  for (const [key, value] of Object.entries(patch)) {
    if (!key.startsWith(DELETE_FROM_PRIMITIVE) || !Array.isArray(value)) continue;
    const list = key.slice(DELETE_FROM_PRIMITIVE.length);
    const current = out[list];
    if (Array.isArray(current)) out[list] = current.filter((e) => !value.some((d) => deepEqual(d, e)));
  }
  for (const [key, value] of Object.entries(patch)) {
    if (key.startsWith('$')) continue;
    if (value === null) {
      delete out[key];
      continue;
    }
    const field = schema.field(key);
    const current = out[key];
    if (isMap(value) && isMap(current) && field.strategy !== 'replace') {
      out[key] = mergeMap(current, value, field.schema);
    } else if (Array.isArray(value) && Array.isArray(current) && field.strategy === 'merge') {
      out[key] = mergeList(current, value, field);
    } else {
      out[key] = stripDirectives(value);
    }
  }
  for (const [key, order] of Object.entries(patch)) {
    if (!key.startsWith(SET_ELEMENT_ORDER) || !Array.isArray(order)) continue;
    const list = key.slice(SET_ELEMENT_ORDER.length);
    const merged = out[list];
    const before = original[list];
    if (Array.isArray(merged)) out[list] = applyElementOrder(merged, order, Array.isArray(before) ? before : [], schema.field(list).mergeKey);
  }
  return out;
}

function mergeList(current: Json[], patch: Json[], field: ReturnType<PatchSchema['field']>): Json[] {
  if (patch.some((e) => isMap(e) && e[PATCH] === 'replace')) return stripDirectives(patch) as Json[];
  const mk = field.mergeKey;
  if (!mk || !patch.every(isMap) || !current.every(isMap)) {
    // A merged list of scalars: union, in order.
    const out = [...current];
    for (const v of patch) if (!out.some((e) => deepEqual(e, v))) out.push(v);
    return out;
  }
  let out = [...(current as JsonMap[])];
  for (const p of patch as JsonMap[]) {
    const at = out.findIndex((e) => deepEqual(e[mk], p[mk]));
    if (p[PATCH] === 'delete') {
      out = out.filter((e) => !deepEqual(e[mk], p[mk]));
    } else if (at >= 0) {
      out[at] = mergeMap(out[at]!, p, field.schema);
    } else {
      out.push(stripDirectives(p) as JsonMap);
    }
  }
  return out;
}

/**
 * `$setElementOrder`: the elements it names in its order, the others (set by someone else) merged
 * in at their place in the live list (strategicpatch.normalizeElementOrder + mergeSortedSlice).
 */
function applyElementOrder(merged: Json[], order: Json[], live: Json[], mergeKey: string | undefined): Json[] {
  const keyOf = (e: Json): Json => (mergeKey && isMap(e) ? (e[mergeKey] ?? null) : e);
  const indexIn = (list: Json[], e: Json) => list.findIndex((x) => deepEqual(keyOf(x), keyOf(e)));
  const named = merged.filter((e) => indexIn(order, e) >= 0).sort((a, b) => indexIn(order, a) - indexIn(order, b));
  const others = merged.filter((e) => indexIn(order, e) < 0).sort((a, b) => indexIn(live, a) - indexIn(live, b));
  const out: Json[] = [];
  let i = 0;
  let j = 0;
  while (i < others.length || j < named.length) {
    if (j >= named.length) out.push(others[i++]!);
    else if (i >= others.length) out.push(named[j++]!);
    else {
      const li = indexIn(live, others[i]!);
      const ri = indexIn(live, named[j]!);
      if (li >= 0 && ri >= 0 && li < ri) out.push(others[i++]!);
      else out.push(named[j++]!);
    }
  }
  return out;
}

/** RFC 7386 merge patch from `a` to `b`: changed and added fields, `null` for removed ones, lists whole. */
function jsonMergeDiff(a: JsonMap, b: JsonMap): JsonMap {
  const patch: JsonMap = {};
  for (const [k, bv] of Object.entries(b)) {
    const av = a[k];
    if (isMap(av) && isMap(bv)) {
      const sub = jsonMergeDiff(av, bv);
      if (Object.keys(sub).length > 0) patch[k] = sub;
    } else if (av === undefined || !deepEqual(av, bv)) {
      patch[k] = bv;
    }
  }
  for (const k of Object.keys(a)) if (!(k in b)) patch[k] = null;
  return patch;
}

/** Keeps only the deletions (`null`s) of a merge patch, or only everything else. */
function filterNulls(patch: JsonMap, keepNulls: boolean): JsonMap {
  const out: JsonMap = {};
  for (const [k, v] of Object.entries(patch)) {
    if (isMap(v)) {
      const sub = filterNulls(v, keepNulls);
      if (Object.keys(sub).length > 0) out[k] = sub;
    } else if ((v === null) === keepNulls) {
      out[k] = v;
    }
  }
  return out;
}

/**
 * kubectl's three-way JSON merge patch (jsonmergepatch.CreateThreeWayJSONMergePatch), for kinds
 * without patch metadata: additions and changes from live to config, deletions from the last
 * applied configuration to config. Lists are replaced whole.
 */
export function threeWayJsonMergePatch(original: JsonMap | undefined, modified: JsonMap, current: JsonMap): JsonMap {
  const addAndChange = filterNulls(jsonMergeDiff(current, modified), false);
  const deletions = filterNulls(jsonMergeDiff(original ?? {}, modified), true);
  return applyJsonMergePatch(deletions, addAndChange, true);
}

/** RFC 7386: applies a merge patch (`keepNulls` merges two patches instead, keeping their nulls). */
export function applyJsonMergePatch(target: JsonMap, patch: JsonMap, keepNulls = false): JsonMap {
  const out: JsonMap = { ...target };
  for (const [k, v] of Object.entries(patch)) {
    if (v === null && !keepNulls) delete out[k];
    else if (isMap(v)) out[k] = applyJsonMergePatch(isMap(out[k]) ? (out[k] as JsonMap) : {}, v, keepNulls);
    else out[k] = v;
  }
  return out;
}
