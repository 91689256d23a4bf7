/**
 * Client-side apply, as `kubectl apply` did before server-side apply (Kubernetes < 1.16, where
 * the API server has no apply of its own). Pure: what to send, computed from the configuration
 * and the live object; client.ts sends it.
 *
 * - The configuration applied is stored in the object's `kubectl.kubernetes.io/last-applied-
 *   configuration` annotation, serialized as kubectl does (the object without that annotation,
 *   keys sorted, `annotations: {}` when it had none), so a team can go on with `kubectl apply`
 *   on the same objects, and kubectl sees our last configuration as its own.
 * - Absent object: created (POST) with the annotation.
 * - Live object: a three-way patch from the last applied configuration (`original`), the new one
 *   (`modified`, with its new annotation) and the live object (`current`): what the
 *   configuration adds or changes relative to live, plus the removal of what the last
 *   configuration had and this one no longer has. Fields nobody configured (server defaults,
 *   fields other controllers or people set) are left alone — but a field the configuration sets
 *   is set back to its value even if someone changed it since (kubectl's overwrite; e.g.
 *   `replicas` changed by `kubectl scale`).
 * - Built-in kinds get a strategic merge patch (strategic-merge.ts, with the patch metadata of
 *   patch-meta.ts), as kubectl sent for kinds compiled into it; other kinds (custom resources)
 *   a JSON merge patch, as kubectl sent for kinds it did not know.
 *
 * One deliberate difference from kubectl: a merged list whose elements share a merge key (a
 * Service with port 53 over TCP and UDP, both keyed by `port`) is replaced whole instead of
 * being merged into a mix of both (kubernetes#39188).
 */
import type { KubeObject } from '../kube/types.js';
import { patchSchemaFor } from './patch-meta.js';
import {
  applyJsonMergePatch,
  applyStrategicPatch,
  isMap,
  threeWayJsonMergePatch,
  threeWayStrategicPatch,
  type JsonMap,
} from './strategic-merge.js';

export const LAST_APPLIED_ANNOTATION = 'kubectl.kubernetes.io/last-applied-configuration';

export const STRATEGIC_MERGE_PATCH = 'application/strategic-merge-patch+json';
export const JSON_MERGE_PATCH = 'application/merge-patch+json';

/** What client-side apply sends for an object that exists. */
export interface ClientSidePatch {
  contentType: typeof STRATEGIC_MERGE_PATCH | typeof JSON_MERGE_PATCH;
  patch: JsonMap;
  /** Nothing to change: kubectl sends nothing then (and says "unchanged"). */
  empty: boolean;
}

/** JSON with map keys sorted at every level (Go's encoding of an unstructured object) and a newline. */
function goJson(value: unknown): string {
  const sorted = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sorted);
    if (!isMap(v as never)) return v;
    const o = v as Record<string, unknown>;
    return Object.fromEntries(Object.keys(o).sort().filter((k) => o[k] !== undefined).map((k) => [k, sorted(o[k])]));
  };
  return JSON.stringify(sorted(value)) + '\n';
}

/**
 * The configuration with its last-applied annotation set (kubectl's GetModifiedConfiguration):
 * what is created, and the `modified` side of the patch.
 */
export function withLastApplied(obj: KubeObject): KubeObject {
  const copy = structuredClone(obj);
  const annotations = { ...(copy.metadata.annotations ?? {}) };
  delete annotations[LAST_APPLIED_ANNOTATION];
  copy.metadata.annotations = annotations;
  const value = goJson(copy);
  copy.metadata.annotations = { ...annotations, [LAST_APPLIED_ANNOTATION]: value };
  return copy;
}

/** The configuration last applied to a live object, or undefined (none, or not JSON). */
export function lastAppliedOf(live: KubeObject): JsonMap | undefined {
  const text = live.metadata.annotations?.[LAST_APPLIED_ANNOTATION];
  if (text === undefined) return undefined;
  try {
    const parsed = JSON.parse(text) as unknown;
    return isMap(parsed as never) ? (parsed as JsonMap) : undefined;
  } catch {
    // kubectl would stop here; without a last configuration we only lose its deletions.
    return undefined;
  }
}

/** The patch that client-side apply sends to bring `live` to the configuration `obj`. */
export function clientSidePatch(obj: KubeObject, live: KubeObject): ClientSidePatch {
  const modified = withLastApplied(obj) as unknown as JsonMap;
  const original = lastAppliedOf(live);
  const current = live as unknown as JsonMap;
  const schema = patchSchemaFor(obj.apiVersion, obj.kind);
  const patch = schema ? threeWayStrategicPatch(original, modified, current, schema) : threeWayJsonMergePatch(original, modified, current);
  return { contentType: schema ? STRATEGIC_MERGE_PATCH : JSON_MERGE_PATCH, patch, empty: Object.keys(patch).length === 0 };
}

/**
 * What the server would make of the patch: for dry runs on servers without `dryRun` (< 1.13).
 * Not validated, not defaulted, not admitted — only merged (and Secret `stringData` folded into
 * `data`, which the server does on every write).
 */
export function applyLocally(live: KubeObject, p: ClientSidePatch): KubeObject {
  const schema = patchSchemaFor(live.apiVersion, live.kind);
  const merged =
    p.contentType === STRATEGIC_MERGE_PATCH && schema
      ? applyStrategicPatch(live as unknown as JsonMap, p.patch, schema)
      : applyJsonMergePatch(live as unknown as JsonMap, p.patch);
  return foldStringData(merged as unknown as KubeObject);
}

/** A created object as the server would store it, without its defaults (for local dry runs). */
export function createdLocally(obj: KubeObject): KubeObject {
  return foldStringData(withLastApplied(obj));
}

/** Secret stringData → data (base64), as the API server does on write. */
function foldStringData(obj: KubeObject): KubeObject {
  if (obj.kind !== 'Secret' || !isMap(obj.stringData as never)) return obj;
  const copy = structuredClone(obj);
  const data = { ...((copy.data as Record<string, string> | undefined) ?? {}) };
  for (const [k, v] of Object.entries(copy.stringData as Record<string, string>)) data[k] = Buffer.from(String(v), 'utf8').toString('base64');
  delete copy.stringData;
  copy.data = data;
  return copy;
}
