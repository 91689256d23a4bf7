/**
 * YAML and JSON as a person would write them: apiVersion, kind, metadata, spec first, no
 * anchors or aliases, no nulls, long strings never folded, the same bytes for the same input.
 */
import yaml from 'js-yaml';
import type { KubeObject } from '../kube/types.js';

const LEADING_KEYS = ['apiVersion', 'kind', 'metadata', 'spec'];

/** Drops null/undefined values and puts the leading keys first (other keys keep their order). */
export function tidy(value: unknown, top = true): unknown {
  if (Array.isArray(value)) return value.map((v) => tidy(v, false));
  if (value === null || typeof value !== 'object') return value;
  // Plain loops rather than entries/filter/sort/fromEntries: this runs on every node of every
  // emitted object, and the intermediate arrays made it ~3x slower (225 ms → 80 ms for 10,000 apps).
  const src = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  if (top) {
    for (const key of LEADING_KEYS) if (Object.hasOwn(src, key)) put(out, key, src[key]);
  }
  for (const key of Object.keys(src)) {
    if (!(top && LEADING_KEYS.includes(key))) put(out, key, src[key]);
  }
  return out;
}

function put(out: Record<string, unknown>, key: string, v: unknown): void {
  if (v === null || v === undefined) return;
  // defineProperty, not `out[key] =`: a label or annotation key may be "__proto__".
  if (key === '__proto__') Object.defineProperty(out, key, { value: tidy(v, false), enumerable: true, writable: true, configurable: true });
  else out[key] = tidy(v, false);
}

export function toYaml(obj: KubeObject): string {
  return yaml.dump(tidy(obj), { noRefs: true, lineWidth: -1, quotingType: '"', sortKeys: false });
}

/** Multi-document YAML, `---` separated. */
export function toYamlStream(objects: KubeObject[]): string {
  return objects.map((o) => '---\n' + toYaml(o)).join('');
}

/**
 * The same stream in pieces of about `chunkSize` characters, made as they are written: the
 * output of 10,000 apps (≈ 35 MB) never sits in memory as one string, nor as one per object.
 */
export function* yamlStreamChunks(objects: Iterable<KubeObject>, chunkSize = 1 << 16): Generator<string> {
  let pending = '';
  for (const o of objects) {
    pending += '---\n' + toYaml(o);
    if (pending.length >= chunkSize) {
      yield pending;
      pending = '';
    }
  }
  if (pending !== '') yield pending;
}

/** JSON: one object, or a v1 List for several (what kubectl accepts). */
export function toJson(objects: KubeObject[]): string {
  const doc = objects.length === 1 ? tidy(objects[0]) : { apiVersion: 'v1', kind: 'List', items: objects.map((o) => tidy(o)) };
  return JSON.stringify(doc, null, 2) + '\n';
}

/**
 * `kubectl get -o name` lines: `<kind>.<group>/<name>` (`deployment.apps/web`, `service/web` for
 * the core group), one per object.
 */
export function toNames(objects: readonly KubeObject[]): string {
  return objects.map((o) => resourceName(o) + '\n').join('');
}

export function resourceName(o: Pick<KubeObject, 'apiVersion' | 'kind' | 'metadata'>): string {
  const slash = o.apiVersion.indexOf('/');
  const group = slash < 0 ? '' : o.apiVersion.slice(0, slash);
  return `${o.kind.toLowerCase()}${group === '' ? '' : `.${group}`}/${o.metadata.name}`;
}
