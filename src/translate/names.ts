/**
 * Kubernetes names from Marathon ids.
 *
 * `/team/sub/app` → namespace `team`, name `sub-app` (or, with one namespace for everything,
 * name `team-sub-app`). Names are DNS-1035 labels (Services require a leading letter, so every
 * object of an app can share one name), at most 63 characters; a name that had to be cut, or
 * that collides with one already given out in the same namespace, gets a short hash of the full
 * Marathon id so it stays unique and stable across runs.
 */
import { createHash } from 'node:crypto';
import { splitId } from '../marathon/ids.js';

export const MAX_NAME = 63;
const HASH_LENGTH = 8;
export const DEFAULT_NAMESPACE = 'default';

export interface AppName {
  namespace: string;
  name: string;
  /** The top-level Marathon group (for app.kubernetes.io/part-of), or undefined at the root. */
  group?: string;
  /** Why the name is not the plain mapping of the id (for a `name-changed` finding). */
  changed?: string;
}

export function shortHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, HASH_LENGTH);
}

/** Lower-cases and replaces anything outside [a-z0-9-] by '-', squeezing and trimming dashes. */
export function sanitizeLabel(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** A DNS-1035 label: starts with a letter, ends with a letter or digit, ≤ max chars. */
export function toDns1035(text: string, hashSource: string, max = MAX_NAME): { name: string; cut: boolean } {
  let name = sanitizeLabel(text);
  if (!/^[a-z]/.test(name)) name = name === '' ? 'app' : `app-${name}`;
  if (name.length <= max) return { name, cut: false };
  return { name: withHash(name, hashSource, max), cut: true };
}

export function withHash(name: string, hashSource: string, max = MAX_NAME): string {
  const keep = max - HASH_LENGTH - 1;
  return `${name.slice(0, keep).replace(/-+$/, '')}-${shortHash(hashSource)}`;
}

/** A DNS-1123 label for namespaces (may start with a digit). */
export function toNamespace(segment: string): string {
  const ns = sanitizeLabel(segment);
  if (ns === '') return DEFAULT_NAMESPACE;
  return ns.length <= MAX_NAME ? ns : withHash(ns, segment);
}

/**
 * Gives out names for one run, keeping them unique per namespace. Input order decides who gets
 * the plain name when two ids collide, so the output is deterministic for the same inputs.
 */
export class NameRegistry {
  private readonly taken = new Map<string, Set<string>>();

  constructor(private readonly fixedNamespace?: string) {}

  nameFor(marathonId: string): AppName {
    const segments = splitId(marathonId);
    const nested = segments.length > 1;
    // part-of is a label value: the sanitized group, like the namespace it names.
    const group = nested ? toNamespace(segments[0]!) : undefined;
    const namespace = this.fixedNamespace ?? (nested ? toNamespace(segments[0]!) : DEFAULT_NAMESPACE);
    const rest = this.fixedNamespace !== undefined || !nested ? segments : segments.slice(1);
    const plain = rest.join('-');
    const { name: candidate, cut } = toDns1035(plain, marathonId);
    const reasons: string[] = [];
    if (cut) reasons.push(`shortened to ${MAX_NAME} characters with a hash`);
    else if (candidate !== plain) reasons.push('made a valid DNS-1035 name');
    let name = candidate;
    const used = this.taken.get(namespace) ?? new Set<string>();
    if (used.has(name)) {
      name = withHash(candidate, marathonId);
      // The same id again (one export given twice), or a hash collision on top of a name
      // collision: extend with a counter, still deterministic. A name long enough to be cut
      // loses the counter in the cut, so then the counter goes into the hash (without this, a
      // third definition of a long id looped forever).
      for (let i = 2; used.has(name); i++) {
        const counted = `${candidate}-${i}`;
        name = counted.length <= MAX_NAME - HASH_LENGTH - 1 ? withHash(counted, marathonId) : withHash(candidate, `${marathonId}#${i}`);
      }
      reasons.push(`another Marathon id in this run already maps to "${candidate}"`);
    }
    used.add(name);
    this.taken.set(namespace, used);
    const result: AppName = { namespace, name };
    if (group !== undefined) result.group = group;
    if (reasons.length > 0) result.changed = reasons.join('; ');
    return result;
  }
}
