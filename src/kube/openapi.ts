/**
 * Offline validation against the OpenAPI schema of the target release itself, from the
 * definitions kept as data in schemas/kubernetes/<major.minor>.json.gz (scripts/kube-schemas.mjs
 * says where each came from). Three checks, chosen per target:
 *
 * - structure: the object against the definitions of the target's release (or, for a target
 *   without a file of its own, the next newer release that has one), objects closed: a field the
 *   release does not know is an error, because an API server of that release drops it silently
 *   and the converted app would run without it;
 * - late fields: fields that release's schema has but a default API server of the target does
 *   not serve yet (alpha feature gates), from the version table (versions.ts FEATURES);
 * - floor: for a target between two files, every field that the older release lacks must be in
 *   the version table as served by the target, so nothing newer slips through the newer schema.
 *
 * Targets newer than the newest file are checked structurally by kubernetes-models (validate.ts)
 * and here only against the floor.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import type { KubeObject } from './types.js';
import { ALL_FEATURES, featuresOfField, minorOf, type Feature } from './versions.js';

type Schema = Record<string, unknown>;

export interface Release {
  /** The release the definitions are of ("1.15.3"). */
  kubernetes: string;
  /** Where they came from. */
  source: string;
  /** "apps/v1/Deployment" → its definition name. */
  kinds: Record<string, string>;
  definitions: Record<string, Schema>;
}

/** Which releases check a target (minor versions of files under schemas/kubernetes). */
export interface SchemaPlan {
  /** The release whose definitions check the structure; undefined: kubernetes-models does. */
  structure?: number;
  /** The older release whose fields need no entry in the version table. */
  floor?: number;
}

let minors: number[] | undefined;
const releases = new Map<number, Release>();

function schemaDir(): string {
  // The module runs as src/kube/openapi.ts (tests) and dist/src/kube/openapi.js (built).
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) return join(dir, 'schemas', 'kubernetes');
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`marathon2k8s: no package.json above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
}

/** The minor versions that have a schema file, ascending. */
export function releaseMinors(): number[] {
  minors ??= readdirSync(schemaDir())
    .map((f) => /^1\.(\d+)\.json\.gz$/.exec(f)?.[1])
    .filter((m): m is string => m !== undefined)
    .map(Number)
    .sort((a, b) => a - b);
  return minors;
}

export function loadRelease(minor: number): Release {
  let release = releases.get(minor);
  if (!release) {
    release = JSON.parse(gunzipSync(readFileSync(join(schemaDir(), `1.${minor}.json.gz`))).toString('utf8')) as Release;
    releases.set(minor, release);
  }
  return release;
}

export function schemaPlanFor(version: string): SchemaPlan {
  const m = minorOf(version);
  const all = releaseMinors();
  if (all.includes(m)) return { structure: m };
  const above = all.find((r) => r > m);
  const below = [...all].reverse().find((r) => r < m);
  return { ...(above !== undefined ? { structure: above } : {}), ...(below !== undefined ? { floor: below } : {}) };
}

/** The newest version a feature of the table arrived in: targets from it on refuse no field. */
const NEWEST_FEATURE = Math.max(...ALL_FEATURES.map((f) => f.since));

/**
 * Problems of an object under the target's release schemas; empty when it is valid.
 *
 * For a target that every feature of the version table has reached (the default, current
 * target), the floor check can refuse nothing: all it would find is a field the table misses, a
 * gap in the table rather than in the object. Compiling the floor release's schemas for that
 * costs ≈ 200 ms at every start, so it runs only when asked (`checkVersionTable`: the corpus and
 * version tests do).
 */
export function validateForRelease(obj: KubeObject, version: string, checkVersionTable = false): string[] {
  const plan = schemaPlanFor(version);
  const m = minorOf(version);
  const problems: string[] = [];
  const data = serialized(obj);
  if (plan.structure !== undefined) problems.push(...structureProblems(data, obj, plan.structure, m));
  if (plan.floor !== undefined && (m < NEWEST_FEATURE || checkVersionTable)) problems.push(...floorProblems(data, obj, plan.floor, m));
  return [...new Set(problems)];
}

// ─── structure: ajv over the release's definitions ─────────────────────────────────────────

const validators = new Map<string, ValidateFunction>();
const instances = new Map<string, Ajv>();

function structureProblems(data: unknown, obj: KubeObject, releaseMinor: number, target: number): string[] {
  const release = loadRelease(releaseMinor);
  const key = `${obj.apiVersion}/${obj.kind}`;
  const def = Object.hasOwn(release.kinds, key) ? release.kinds[key] : undefined;
  if (def === undefined) return [`Kubernetes ${release.kubernetes} serves no ${obj.apiVersion} ${obj.kind}`];
  const validate = validatorFor(releaseMinor, target, def);
  if (validate(data)) return [];
  return (validate.errors ?? []).map((e) => describeError(e, target));
}

function validatorFor(releaseMinor: number, target: number, def: string): ValidateFunction {
  const id = `k8s-1.${releaseMinor}-for-1.${target}`;
  const cacheKey = `${id}#${def}`;
  let validate = validators.get(cacheKey);
  if (!validate) {
    let ajv = instances.get(id);
    if (!ajv) {
      // Formats (int32, date-time…) are not checked: the API server parses numbers and times
      // itself; strict off because the definitions keep swagger's own keywords.
      ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false, validateSchema: false, code: { optimize: false } });
      ajv.addSchema({ definitions: adaptDefinitions(loadRelease(releaseMinor).definitions, target) }, id);
      instances.set(id, ajv);
    }
    validate = ajv.getSchema(`${id}#/definitions/${def}`)!;
    validators.set(cacheKey, validate);
  }
  return validate;
}

/** The last segment of a definition name: io.k8s.api.core.v1.Container → Container. */
function typeName(def: string): string {
  return def.slice(def.lastIndexOf('.') + 1);
}

/**
 * Swagger 2.0 definitions → JSON Schema for ajv: objects closed (the API server drops unknown
 * fields, so for us they are errors), IntOrString and Quantity as the JSON types the API server
 * accepts, and the target's late fields (versions.ts) refused.
 */
export function adaptDefinitions(definitions: Record<string, Schema>, target: number): Record<string, Schema> {
  const late = ALL_FEATURES.filter((f) => f.since > target);
  const out: Record<string, Schema> = {};
  for (const [name, def] of Object.entries(definitions)) {
    const schema = adaptSchema(def);
    if (name.endsWith('.util.intstr.IntOrString')) out[name] = { type: ['string', 'integer'] };
    else if (name.endsWith('.api.resource.Quantity')) out[name] = { type: ['string', 'number'] };
    else if (name.endsWith('.runtime.RawExtension') || name.endsWith('.JSON')) out[name] = {};
    else out[name] = schema;
    const props = out[name]!.properties as Record<string, Schema> | undefined;
    if (!props) continue;
    for (const feature of late) {
      for (const field of feature.fields) {
        const [type, prop] = field.split('.') as [string, string];
        if (type !== typeName(name) || !Object.hasOwn(props, prop)) continue;
        if (feature.key !== undefined) props[prop] = { allOf: [props[prop], { not: { required: [feature.key] } }] };
        else if (feature.value !== undefined) props[prop] = { allOf: [props[prop], { not: { const: feature.value } }] };
        else delete props[prop];
      }
    }
  }
  return out;
}

function adaptSchema(value: Schema): Schema {
  const out: Schema = {};
  for (const [k, v] of Object.entries(value)) {
    if (k.startsWith('x-kubernetes-') || k === 'format') continue;
    if (k === 'properties' && v && typeof v === 'object') {
      out.properties = Object.fromEntries(Object.entries(v as Record<string, Schema>).map(([p, s]) => [p, adaptSchema(s)]));
    } else if ((k === 'items' || k === 'additionalProperties') && v && typeof v === 'object') {
      out[k] = adaptSchema(v as Schema);
    } else {
      out[k] = v;
    }
  }
  if (value.format === 'int-or-string' || value['x-kubernetes-int-or-string'] === true) return { type: ['string', 'integer'] };
  if (value['x-kubernetes-preserve-unknown-fields'] === true) return {};
  if (out.properties !== undefined && out.$ref === undefined) {
    out.type ??= 'object';
    out.additionalProperties ??= false;
  }
  return out;
}

function describeError(e: ErrorObject, target: number): string {
  const at = e.instancePath || '/';
  if (e.keyword === 'additionalProperties') {
    const prop = (e.params as { additionalProperty: string }).additionalProperty;
    const late = lateFeatureNamed(prop, target);
    return late
      ? `${at}/${prop}: ${late.what} needs Kubernetes 1.${late.since} (target 1.${target})`
      : `${at}: unknown field "${prop}"`;
  }
  if (e.keyword === 'not') {
    const prop = at.slice(at.lastIndexOf('/') + 1);
    const late = lateFeatureNamed(prop, target);
    if (late) return `${at}: ${late.what} needs Kubernetes 1.${late.since} (target 1.${target})`;
  }
  return `${at} ${e.message ?? e.keyword}`;
}

function lateFeatureNamed(prop: string, target: number): Feature | undefined {
  return ALL_FEATURES.find((f) => f.since > target && f.fields.some((field) => field.endsWith(`.${prop}`)));
}

// ─── floor: fields newer than the older release ────────────────────────────────────────────

function floorProblems(data: unknown, obj: KubeObject, floorMinor: number, target: number): string[] {
  const release = loadRelease(floorMinor);
  const key = `${obj.apiVersion}/${obj.kind}`;
  // A kind in an API version the floor lacks (batch/v1 CronJob) is compared with the same kind
  // in another version (batch/v1beta1): its fields are what changed.
  const def = Object.hasOwn(release.kinds, key)
    ? release.kinds[key]
    : Object.entries(release.kinds).find(([k]) => k.endsWith(`/${obj.kind}`))?.[1];
  if (def === undefined) return [];
  // The common case first: nothing the floor release lacks (a closed-object check compiled by
  // ajv, ≈ 10 times faster than the walk). Any failure, even of a type, gets the precise walk.
  if (validatorFor(floorMinor, NO_GATES, def)(data)) return [];
  const problems: string[] = [];
  walkNewer(data, { $ref: `#/definitions/${def}` }, release.definitions, '', (type, prop, path) => {
    const features = featuresOfField(type, prop);
    if (features.length === 0) {
      problems.push(`${path}: not in the Kubernetes ${release.kubernetes} schema, and the version table (src/kube/versions.ts) does not say from which version it is served`);
      return;
    }
    for (const f of features) {
      if (f.since > target && f.key === undefined && f.value === undefined) problems.push(`${path}: ${f.what} needs Kubernetes 1.${f.since} (target 1.${target})`);
    }
  });
  return problems;
}

/** A target that every feature of the table has reached: no field is refused for its version. */
const NO_GATES = 999;

/** The object as serialized: undefined values are no fields (copied only when it has some). */
function serialized(obj: KubeObject): unknown {
  return hasUndefined(obj) ? JSON.parse(JSON.stringify(obj)) : obj;
}

/** Whether an undefined value sits anywhere in the object (serializing drops such fields). */
export function hasUndefined(value: unknown): boolean {
  if (value === undefined) return true;
  if (value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) return value.some(hasUndefined);
  for (const key in value) if (Object.hasOwn(value, key) && hasUndefined((value as Record<string, unknown>)[key])) return true;
  return false;
}

function walkNewer(value: unknown, schema: Schema, defs: Record<string, Schema>, path: string, found: (type: string, prop: string, path: string) => void): void {
  let type = '';
  let s = schema;
  while (typeof s.$ref === 'string') {
    const name = s.$ref.replace('#/definitions/', '');
    type = typeName(name);
    s = defs[name] ?? {};
  }
  if (value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    if (s.items && typeof s.items === 'object') value.forEach((v, i) => walkNewer(v, s.items as Schema, defs, `${path}/${i}`, found));
    return;
  }
  const props = s.properties as Record<string, Schema> | undefined;
  if (props) {
    for (const [k, v] of Object.entries(value)) {
      if (v === undefined) continue;
      if (Object.hasOwn(props, k)) walkNewer(v, props[k]!, defs, `${path}/${k}`, found);
      else found(type, k, `${path}/${k}`);
    }
  } else if (s.additionalProperties && typeof s.additionalProperties === 'object') {
    for (const [k, v] of Object.entries(value)) walkNewer(v, s.additionalProperties as Schema, defs, `${path}/${k}`, found);
  }
}
