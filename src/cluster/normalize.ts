/**
 * Making live and would-be objects comparable and safe to show: server bookkeeping that changes
 * on every write (or that a user never sets) is stripped so a diff shows only real changes, and
 * Secret values are masked so a diff never prints them.
 */
import yaml from 'js-yaml';
import type { KubeObject } from '../kube/types.js';

/** A short human name: `Deployment team/web`, `Namespace team`. */
export function objectRef(obj: Pick<KubeObject, 'kind' | 'metadata'>): string {
  const ns = obj.metadata.namespace;
  return `${obj.kind} ${ns ? `${ns}/` : ''}${obj.metadata.name}`;
}

/** Metadata written by the server on every change (or on creation), never by us. */
const METADATA_NOISE = [
  'managedFields',
  'resourceVersion',
  'uid',
  'creationTimestamp',
  'generation',
  'selfLink',
] as const;

/** Annotations set by controllers or other tools that say nothing about the desired state. */
const ANNOTATION_NOISE = [
  'deployment.kubernetes.io/revision',
  'kubectl.kubernetes.io/last-applied-configuration',
] as const;

/** A deep copy without server noise and without `status`. */
export function stripNoise(obj: KubeObject): KubeObject {
  const copy = structuredClone(obj);
  delete copy.status;
  const meta = copy.metadata as unknown as Record<string, unknown>;
  for (const key of METADATA_NOISE) delete meta[key];
  if (copy.metadata.annotations) {
    for (const key of ANNOTATION_NOISE) delete copy.metadata.annotations[key];
    if (Object.keys(copy.metadata.annotations).length === 0) delete copy.metadata.annotations;
  }
  dropNullTimestamps(copy.spec);
  return copy;
}

/**
 * Embedded object metadata (pod templates, volumeClaimTemplates) comes back from the server with
 * `creationTimestamp: null`, which nobody wrote and which means nothing.
 */
function dropNullTimestamps(value: unknown): void {
  if (Array.isArray(value)) {
    for (const v of value) dropNullTimestamps(v);
  } else if (value !== null && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    const meta = o.metadata as Record<string, unknown> | undefined;
    if (meta && typeof meta === 'object' && meta.creationTimestamp === null) delete meta.creationTimestamp;
    for (const v of Object.values(o)) dropNullTimestamps(v);
  }
}

const MASK = '***';

/**
 * Masks Secret `data` / `stringData` values on both sides of a diff. A value that differs is
 * shown as changed without revealing either side, as `kubectl diff` does. Other kinds pass
 * through unchanged. Returns new objects.
 */
export function maskSecrets(
  before: KubeObject | undefined,
  after: KubeObject | undefined,
): [KubeObject | undefined, KubeObject | undefined] {
  const kind = (after ?? before)?.kind;
  if (kind !== 'Secret') return [before, after];
  const b = before ? structuredClone(before) : undefined;
  const a = after ? structuredClone(after) : undefined;
  for (const field of ['data', 'stringData'] as const) {
    const bv = b?.[field] as Record<string, unknown> | undefined;
    const av = a?.[field] as Record<string, unknown> | undefined;
    const keys = new Set([...Object.keys(bv ?? {}), ...Object.keys(av ?? {})]);
    for (const key of keys) {
      const changed = bv && av && key in bv && key in av && bv[key] !== av[key];
      if (bv && key in bv) bv[key] = changed ? `${MASK} (before)` : MASK;
      if (av && key in av) av[key] = changed ? `${MASK} (after)` : MASK;
    }
  }
  return [b, a];
}

/** YAML as shown in diffs: no line folding, no anchors, keys in the server's order. */
export function toYaml(obj: unknown): string {
  return yaml.dump(obj, { noRefs: true, lineWidth: -1 });
}

/** Structural equality of JSON values (object key order ignored). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((v, i) => jsonEqual(v, b[i]));
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const ak = Object.keys(ao).filter((k) => ao[k] !== undefined);
  const bk = Object.keys(bo).filter((k) => bo[k] !== undefined);
  return ak.length === bk.length && ak.every((k) => jsonEqual(ao[k], bo[k]));
}
