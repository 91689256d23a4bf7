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
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== null && v !== undefined);
  if (top) entries.sort(([a], [b]) => rank(a) - rank(b));
  return Object.fromEntries(entries.map(([k, v]) => [k, tidy(v, false)]));
}

function rank(key: string): number {
  const i = LEADING_KEYS.indexOf(key);
  return i < 0 ? LEADING_KEYS.length : i;
}

export function toYaml(obj: KubeObject): string {
  return yaml.dump(tidy(obj), { noRefs: true, lineWidth: -1, quotingType: '"', sortKeys: false });
}

/** Multi-document YAML, `---` separated. */
export function toYamlStream(objects: KubeObject[]): string {
  return objects.map((o) => '---\n' + toYaml(o)).join('');
}

/** JSON: one object, or a v1 List for several (what kubectl accepts). */
export function toJson(objects: KubeObject[]): string {
  const doc = objects.length === 1 ? tidy(objects[0]) : { apiVersion: 'v1', kind: 'List', items: objects.map((o) => tidy(o)) };
  return JSON.stringify(doc, null, 2) + '\n';
}
