/**
 * `diff`: what applying the objects would change, computed by the server itself. Each object is
 * applied with a server-side dry run (so defaulting, admission and the merge with fields owned by
 * others happen exactly as in a real apply) and compared with the live object, noise stripped
 * and Secret values masked. Nothing is written. With client-side apply (Kubernetes < 1.16) the
 * dry run sends kubectl's three-way patch, so the diff is live → merged; on servers without
 * dryRun (< 1.13) the merge is computed here (client.localDryRun), without server defaults.
 */
import { createTwoFilesPatch, FILE_HEADERS_ONLY } from 'diff';
import pc from 'picocolors';
import type { KubeObject } from '../kube/types.js';
import type { ClusterClient } from './client.js';
import { describeApplyError, KubeApiError } from './errors.js';
import { jsonEqual, maskSecrets, objectRef, stripNoise, toYaml } from './normalize.js';
import { applyOrder } from './order.js';
import { decideExisting, isStoreSecret } from '../secrets/guard.js';

export type DiffStatus = 'add' | 'change' | 'unchanged' | 'delete' | 'error';

export interface ObjectDiff {
  ref: string;
  status: DiffStatus;
  /** Unified diff (YAML) for 'add' and 'change'; a new object appears whole, all lines added. */
  patch?: string;
  /** Why the object could not be diffed ('error'). */
  error?: string;
  /** A remark on how the diff was made, e.g. shown without server defaults. */
  note?: string;
}

export interface DiffResult {
  entries: ObjectDiff[];
  add: number;
  change: number;
  unchanged: number;
  /** Objects `apply --prune` would delete (see addDeletions). */
  delete: number;
  errors: number;
  /** The merged objects were computed here, not by the server (no dryRun there). */
  localDryRun?: boolean;
}

export interface DiffOptions {
  /** Dry-run with force, i.e. show the diff as `apply --force-conflicts` would make it. */
  forceConflicts?: boolean;
  /** Show Secrets from the DC/OS secret store as `apply --overwrite-secrets` would apply them (src/secrets/guard.ts). */
  overwriteSecrets?: boolean;
  /** Called after each object (the CLI's progress bar). */
  onProgress?: (done: number, total: number) => void;
}

/** The server said the object's namespace does not exist. */
function isMissingNamespace(e: unknown, namespace: string | undefined): boolean {
  return (
    namespace !== undefined &&
    e instanceof KubeApiError &&
    e.statusCode === 404 &&
    (e.status?.details?.kind === 'namespaces' || e.message.includes(`namespaces "${namespace}" not found`))
  );
}

export async function diffObjects(
  client: ClusterClient,
  objects: readonly KubeObject[],
  options: DiffOptions = {},
): Promise<DiffResult> {
  const ordered = applyOrder(objects);
  const newNamespaces = new Set<string>();
  const entries: ObjectDiff[] = [];
  for (const obj of ordered) {
    options.onProgress?.(entries.length, ordered.length);
    const ref = objectRef(obj);
    try {
      if (!(await client.serves(obj.apiVersion, obj.kind))) {
        entries.push({ ref, status: 'error', error: `${ref}: the cluster does not serve ${obj.apiVersion} ${obj.kind}` });
        continue;
      }
      const live = await client.get(obj);
      let force = options.forceConflicts === true;
      if (live && isStoreSecret(obj)) {
        // As apply: an existing Secret with other values is kept (key names shown, never values).
        const decision = decideExisting(live, obj, options.overwriteSecrets === true);
        if (decision.action === 'keep') {
          entries.push({ ref, status: 'unchanged', note: decision.message.replace('not overwritten', 'apply keeps it') });
          continue;
        }
        force ||= decision.force;
      }
      let merged: KubeObject;
      let note: string | undefined;
      try {
        merged = await client.apply(obj, { dryRun: true, force, live: live ?? null });
      } catch (e) {
        // A dry run cannot see a namespace that this same apply would create first: show the
        // object as submitted (without server defaults) instead of failing.
        if (!live && isMissingNamespace(e, obj.metadata.namespace) && newNamespaces.has(obj.metadata.namespace!)) {
          merged = obj;
          note = `its namespace ${obj.metadata.namespace} is new too, so it is shown as submitted, without server defaults`;
        } else {
          throw e;
        }
      }
      if (!live && obj.kind === 'Namespace') newNamespaces.add(obj.metadata.name);
      const before = live ? stripNoise(live) : undefined;
      const after = stripNoise(merged);
      if (before && jsonEqual(before, after)) {
        entries.push({ ref, status: 'unchanged' });
        continue;
      }
      const [b, a] = maskSecrets(before, after);
      const patch = createTwoFilesPatch(
        b ? `live: ${ref}` : '/dev/null',
        `${b ? 'merged' : 'new'}: ${ref}`,
        b ? toYaml(b) : '',
        toYaml(a),
        undefined,
        undefined,
        { context: 3, headerOptions: FILE_HEADERS_ONLY },
      );
      entries.push({ ref, status: b ? 'change' : 'add', patch, ...(note ? { note } : {}) });
    } catch (e) {
      entries.push({ ref, status: 'error', error: describeApplyError(e, ref) });
    }
  }
  const count = (s: DiffStatus) => entries.filter((e) => e.status === s).length;
  return {
    entries,
    add: count('add'),
    change: count('change'),
    unchanged: count('unchanged'),
    delete: 0,
    errors: count('error'),
    ...(client.localDryRun ? { localDryRun: true } : {}),
  };
}

/**
 * Adds what `apply --prune` would delete: each live object shown whole as removed
 * (`+++ /dev/null`), and a note for each object kept on principle (Secrets, claims).
 */
export function addDeletions(result: DiffResult, plan: { prune: readonly KubeObject[]; kept: readonly { object: KubeObject; reason: string }[] }): DiffResult {
  for (const live of plan.prune) {
    const ref = objectRef(live);
    const patch = createTwoFilesPatch(`live: ${ref}`, '/dev/null', toYaml(stripNoise(live)), '', undefined, undefined, { context: 3, headerOptions: FILE_HEADERS_ONLY });
    result.entries.push({ ref, status: 'delete', patch, note: 'no longer in the input: apply --prune deletes it' });
  }
  for (const { object, reason } of plan.kept) {
    result.entries.push({ ref: objectRef(object), status: 'unchanged', note: `no longer in the input, but never pruned: ${reason}; delete it yourself when it is no longer needed` });
  }
  result.delete += plan.prune.length;
  return result;
}

/** `N to add, N to change, N unchanged` (and `, N failed` when some could not be diffed). */
export function diffSummary(r: DiffResult): string {
  return (
    `${r.add} to add, ${r.change} to change, ${r.unchanged} unchanged` +
    (r.delete ? `, ${r.delete} to delete` : '') +
    (r.errors ? `, ${r.errors} failed` : '') +
    (r.localDryRun ? ' (merged locally: not validated or defaulted by the server, which has no dry run)' : '')
  );
}

/** Exit code as `kubectl diff`: 0 no change, 1 changes, 2 when something could not be diffed. */
export function diffExitCode(r: DiffResult): number {
  if (r.errors > 0) return 2;
  return r.add + r.change + (r.delete ?? 0) > 0 ? 1 : 0;
}

/** The patches of every added or changed object, coloured when `color` (a terminal). */
export function formatDiff(r: DiffResult, color: boolean): string {
  const c = pc.createColors(color);
  const paint = (line: string): string => {
    if (line.startsWith('+++') || line.startsWith('---')) return c.bold(line);
    if (line.startsWith('+')) return c.green(line);
    if (line.startsWith('-')) return c.red(line);
    if (line.startsWith('@@')) return c.cyan(line);
    return line;
  };
  const out: string[] = [];
  for (const e of r.entries) {
    if (!e.patch) {
      if (e.note) out.push(c.dim(`# ${e.ref}: ${e.note}`));
      continue;
    }
    if (e.note) out.push(c.dim(`# ${e.ref}: ${e.note}`));
    out.push(
      e.patch
        .replace(/\n$/, '')
        .split('\n')
        .map(paint)
        .join('\n'),
    );
  }
  return out.length ? out.join('\n') + '\n' : '';
}
