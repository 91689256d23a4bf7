/**
 * Helpers for the cross-field rules (app.ts, pod.ts, group.ts, job.ts) and the rules that apps,
 * pods and jobs share. Every rule is a small named function that looks at one concern and returns
 * issues with a JSON pointer relative to the object validated; rules never throw on malformed
 * input (the schema already reports bad types), so a rule simply skips what it cannot read.
 */
import { escapePointer } from '../schema-messages.js';
import type { SchemaIssue } from '../validate.js';

// ─── helpers for the rules ───────────────────────────────────────────────────────────────────

export type Obj = Record<string, unknown>;

export function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
export function list(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}
export function obj(v: unknown): Obj {
  return isObj(v) ? v : {};
}
export function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}
/** Enum values compared the way Marathon reads them: case-insensitively. */
export function is(v: unknown, value: string): boolean {
  return typeof v === 'string' && v.toLowerCase() === value.toLowerCase();
}
export function lower(v: unknown): string | undefined {
  return typeof v === 'string' ? v.toLowerCase() : undefined;
}
export function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}
/** JSON pointer from a base and path parts, escaping '~' and '/'. */
export function ptr(base: string, ...parts: (string | number)[]): string {
  return base + parts.map((p) => '/' + escapePointer(p)).join('');
}
export function issue(pointer: string, message: string, code?: SchemaIssue['code']): SchemaIssue {
  return code !== undefined ? { pointer, message, code } : { pointer, message };
}

export type Rule = (o: Obj, at: string) => SchemaIssue[];

/** Is the value a non-empty array (exports carry [] and null for "not set")? */
export function nonEmpty(v: unknown): v is unknown[] {
  return Array.isArray(v) && v.length > 0;
}

export function isResident(volumes: unknown[]): boolean {
  return volumes.some((v) => isObj(v) && isObj(v.persistent));
}

/** The string `name` fields of a list's objects (declared networks, volumes, endpoints). */
export function namesOf(items: unknown): Set<string> {
  return new Set(list(items).flatMap((n) => (isObj(n) && typeof n.name === 'string' ? [n.name] : [])));
}

/** Each repeated key as [index, index of its first occurrence], in order; undefined keys are
 * skipped (unnamed items, dynamic ports). */
export function repeats<K>(keys: (K | undefined)[]): [number, number][] {
  const seen = new Map<K, number>();
  const out: [number, number][] = [];
  keys.forEach((key, i) => {
    if (key === undefined) return;
    const first = seen.get(key);
    if (first !== undefined) out.push([i, first]);
    else seen.set(key, i);
  });
  return out;
}

/** A network's mode, lower-cased; Marathon's default is "container". */
export function networkMode(n: Obj): string {
  return lower(n.mode) ?? 'container';
}

/** Is an unreachableStrategy given and other than "disabled" (which resident run specs need)? */
export function unreachableEnabled(strategy: unknown): boolean {
  return strategy !== undefined && strategy !== null && !is(strategy, 'disabled');
}

// ─── shared rules (apps, pods and jobs) ──────────────────────────────────────────────────────

const RESERVED_ID_SEGMENTS = new Set(['restart', 'tasks', 'versions', '.', '..']);

/** PathId.scala: an app or pod id must not be the root and its last segment not a reserved word. */
export function runSpecIdRules(o: Obj, at: string): SchemaIssue[] {
  const id = str(o.id);
  if (id === undefined) return [];
  const segments = id.split('/').filter((s) => s !== '');
  if (segments.length === 0) return [issue(ptr(at, 'id'), 'must not be the root group "/"')];
  const last = segments[segments.length - 1]!;
  if (RESERVED_ID_SEGMENTS.has(last)) {
    return [issue(ptr(at, 'id'), `must not end in the reserved word "${last}" (Marathon uses it in its REST paths)`)];
  }
  return [];
}

/** cmd is run through /bin/sh -c, args is the argv: Marathon (and Metronome) reject both
 * together. `run` is the app, or a job's run section; `at` is where it is. */
export function cmdWithArgs(run: Obj, at: string): SchemaIssue[] {
  return typeof run.cmd === 'string' && nonEmpty(run.args)
    ? [issue(ptr(at, 'args'), 'must not be set together with cmd (cmd runs in a shell, args is the argv; Marathon rejects both); cmd is used and args dropped', 'cmd-and-args')]
    : [];
}

/** Secret references by name must be declared in the `secrets` map of the same app or pod. */
export function missingSecret(secrets: unknown, name: unknown, pointer: string): SchemaIssue[] {
  if (typeof name !== 'string') return [];
  if (isObj(secrets) && Object.hasOwn(secrets, name)) return [];
  return [issue(pointer, `secret "${name}" is not declared in secrets`)];
}

export function envSecretRefs(env: unknown, secrets: unknown, pointer: string): SchemaIssue[] {
  if (!isObj(env)) return [];
  return Object.entries(env).flatMap(([key, value]) =>
    isObj(value) ? missingSecret(secrets, value.secret, ptr(pointer, key, 'secret')) : []);
}

/** Secret volumes ({"secret": name}) in a volumes list at `pointer`. */
export function volumeSecretRefs(volumes: unknown, secrets: unknown, pointer: string): SchemaIssue[] {
  return list(volumes).flatMap((v, i) => (isObj(v) ? missingSecret(secrets, v.secret, ptr(pointer, i, 'secret')) : []));
}

/** NetworkValidation: one host, or one container/bridge, or 1..n container networks; no mixing;
 * host and bridge networks have no name; container network names are unique, with at most one
 * unnamed (which takes --default_network_name). */
export function networkRules(networks: unknown, at: string): SchemaIssue[] {
  const nets = list(networks).filter(isObj);
  if (nets.length === 0) return [];
  const out: SchemaIssue[] = [];
  const modes = new Set(nets.map(networkMode));
  if (modes.size > 1) {
    out.push(issue(ptr(at, 'networks'), `must not mix network modes (${[...modes].join(', ')})`));
  } else if ((modes.has('host') || modes.has('container/bridge')) && nets.length > 1) {
    out.push(issue(ptr(at, 'networks'), `allows only one ${[...modes][0]} network`));
  }
  const names = new Map<string, number>();
  let unnamed = -1;
  list(networks).forEach((n, i) => {
    if (!isObj(n)) return;
    const name = str(n.name);
    const mode = networkMode(n);
    if (mode !== 'container' && name !== undefined) {
      out.push(issue(ptr(at, 'networks', i, 'name'), `a ${mode} network must not have a name`));
    }
    if (mode !== 'container') return;
    if (name === undefined) {
      if (unnamed >= 0) out.push(issue(ptr(at, 'networks', i), `only one container network may be unnamed (also /networks/${unnamed})`));
      else unnamed = i;
    } else if (names.has(name)) {
      out.push(issue(ptr(at, 'networks', i, 'name'), `network "${name}" is already declared at /networks/${names.get(name)}`));
    } else names.set(name, i);
  });
  return out;
}

/** UnreachableStrategy: inactiveAfterSeconds ≤ expungeAfterSeconds. */
export function unreachableOrder(strategy: unknown, pointer: string): SchemaIssue[] {
  if (!isObj(strategy)) return [];
  const inactive = num(strategy.inactiveAfterSeconds) ?? 0;
  const expunge = num(strategy.expungeAfterSeconds) ?? 0;
  return inactive > expunge
    ? [issue(ptr(pointer, 'inactiveAfterSeconds'), `must not be greater than expungeAfterSeconds (${inactive} > ${expunge})`)]
    : [];
}

/** Each numeric resourceLimits value must be ≥ the requested amount ("unlimited" is fine). */
export function limitsVersusRequests(limits: unknown, cpus: number, mem: number, pointer: string): SchemaIssue[] {
  if (!isObj(limits)) return [];
  const out: SchemaIssue[] = [];
  const cpuLimit = num(limits.cpus);
  if (cpuLimit !== undefined && cpuLimit < cpus) out.push(issue(ptr(pointer, 'cpus'), `must not be below the requested cpus (${cpuLimit} < ${cpus})`));
  const memLimit = num(limits.mem);
  if (memLimit !== undefined && memLimit < mem) out.push(issue(ptr(pointer, 'mem'), `must not be below the requested mem (${memLimit} < ${mem})`));
  return out;
}

/** Persistent volume info: root volumes take no constraints; maxSize only for mount, above size. */
export function persistentInfoRules(persistent: Obj, pointer: string): SchemaIssue[] {
  const out: SchemaIssue[] = [];
  const type = lower(persistent.type) ?? 'root';
  if (type === 'root' && nonEmpty(persistent.constraints)) {
    out.push(issue(ptr(pointer, 'constraints'), 'root persistent volumes cannot have constraints (use type "path" or "mount")'));
  }
  const maxSize = num(persistent.maxSize);
  if (maxSize !== undefined) {
    if (type !== 'mount') out.push(issue(ptr(pointer, 'maxSize'), 'is only allowed for "mount" persistent volumes'));
    const size = num(persistent.size);
    if (size !== undefined && maxSize <= size) out.push(issue(ptr(pointer, 'maxSize'), `must be greater than size (${maxSize} ≤ ${size})`));
  }
  return out;
}
