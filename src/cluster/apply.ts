/**
 * `apply`: every object applied in apply order (see order.ts): server-side apply as field manager
 * `marathon2k8s`, or client-side apply as kubectl did on clusters without it (client.ts decides).
 * Applying twice changes nothing. Nothing is ever deleted.
 *
 * A failure does not stop the run, but what depends on the failed object is not attempted: the
 * objects in a namespace that failed, the other objects of the same Marathon app, and the apps
 * that depend on it. The report says what was applied, what failed and what was not attempted.
 */
import { MARATHON_DEPENDENCIES_ANNOTATION, SECRET_STUB_ANNOTATION, type KubeObject } from '../kube/types.js';
import type { ClusterClient } from './client.js';
import { describeApplyError, KubeApiError } from './errors.js';
import { jsonEqual, objectRef, stripNoise } from './normalize.js';
import { applyOrder, marathonId } from './order.js';
import { decideExisting, isStoreSecret } from '../secrets/guard.js';

export type ApplyOutcome = 'created' | 'configured' | 'unchanged' | 'failed' | 'skipped';

export interface ApplyEntry {
  ref: string;
  object: KubeObject;
  outcome: ApplyOutcome;
  /** Why it failed or was skipped, or a remark (e.g. not validated in a dry run). */
  message?: string;
}

export interface ApplyReport {
  entries: ApplyEntry[];
  dryRun: boolean;
  /** The dry run was computed here (the server has no dryRun): nothing was sent, nothing validated. */
  localDryRun?: boolean;
  /** True when every object was applied (or was already as wanted). */
  ok: boolean;
}

export interface ApplyRunOptions {
  /** Server-side dry run: everything validated and admitted, nothing stored. */
  dryRun?: boolean;
  /** Take over fields owned by other field managers instead of failing with a conflict. */
  forceConflicts?: boolean;
  /** Replace an existing Secret whose values differ from the DC/OS secret store's (see src/secrets/guard.ts). */
  overwriteSecrets?: boolean;
  /** Called after each object, for progress output. */
  onEntry?: (entry: ApplyEntry) => void;
}

export async function applyObjects(
  client: ClusterClient,
  objects: readonly KubeObject[],
  options: ApplyRunOptions = {},
): Promise<ApplyReport> {
  const dryRun = options.dryRun === true;
  const failedNamespaces = new Map<string, string>(); // namespace -> ref of the failure
  const failedApps = new Map<string, string>(); // Marathon id -> ref of the failure
  const dryRunNewNamespaces = new Set<string>();
  const entries: ApplyEntry[] = [];
  const record = (entry: ApplyEntry): void => {
    entries.push(entry);
    options.onEntry?.(entry);
  };

  for (const obj of applyOrder(objects)) {
    const ref = objectRef(obj);
    const id = marathonId(obj);
    const blocker = blockedBy(obj, failedNamespaces, failedApps);
    if (blocker) {
      if (id !== undefined && !failedApps.has(id)) failedApps.set(id, blocker);
      record({ ref, object: obj, outcome: 'skipped', message: `not attempted because ${blocker} failed` });
      continue;
    }
    try {
      const live = await client.get(obj);
      if (live && isSecretStub(obj)) {
        // A stub carries empty values: applying it over the real Secret would blank it.
        record({ ref, object: obj, outcome: 'unchanged', message: 'exists; the empty stub was not applied over it' });
        continue;
      }
      let force = options.forceConflicts === true;
      if (live && isStoreSecret(obj)) {
        // Values from the DC/OS secret store never silently replace other values.
        const decision = decideExisting(live, obj, options.overwriteSecrets === true);
        if (decision.action === 'keep') {
          record({ ref, object: obj, outcome: 'unchanged', message: decision.message });
          continue;
        }
        force ||= decision.force;
      }
      let result: KubeObject;
      try {
        result = await client.apply(obj, { dryRun, force, live: live ?? null });
      } catch (e) {
        // In a dry run the namespace created just before does not exist: the object cannot be
        // checked by the server; say so rather than report a failure that a real apply won't have.
        const ns = obj.metadata.namespace;
        if (dryRun && ns !== undefined && dryRunNewNamespaces.has(ns) && e instanceof KubeApiError && e.statusCode === 404) {
          record({ ref, object: obj, outcome: 'created', message: `not validated: its namespace ${ns} does not exist yet` });
          continue;
        }
        throw e;
      }
      if (!live && obj.kind === 'Namespace') dryRunNewNamespaces.add(obj.metadata.name);
      record({ ref, object: obj, outcome: outcomeOf(live, result, dryRun) });
    } catch (e) {
      if (obj.kind === 'Namespace') failedNamespaces.set(obj.metadata.name, ref);
      if (id !== undefined && !failedApps.has(id)) failedApps.set(id, ref);
      record({ ref, object: obj, outcome: 'failed', message: describeApplyError(e, ref) });
    }
  }
  return {
    entries,
    dryRun,
    ...(dryRun && client.localDryRun ? { localDryRun: true } : {}),
    ok: entries.every((e) => e.outcome !== 'failed' && e.outcome !== 'skipped'),
  };
}

function outcomeOf(live: KubeObject | undefined, result: KubeObject, dryRun: boolean): ApplyOutcome {
  if (!live) return 'created';
  // A no-op apply is not written, so the resourceVersion stays. A dry run stores nothing, so its
  // resourceVersion says nothing: compare the objects without server noise instead.
  const rv = resourceVersion(live);
  if (!dryRun && rv !== undefined && rv === resourceVersion(result)) {
    return 'unchanged';
  }
  return jsonEqual(stripNoise(live), stripNoise(result)) ? 'unchanged' : 'configured';
}

function resourceVersion(obj: KubeObject): string | undefined {
  return (obj.metadata as { resourceVersion?: string }).resourceVersion;
}

function blockedBy(obj: KubeObject, failedNamespaces: Map<string, string>, failedApps: Map<string, string>): string | undefined {
  const ns = obj.metadata.namespace;
  if (ns !== undefined && failedNamespaces.has(ns)) return failedNamespaces.get(ns);
  const id = marathonId(obj);
  if (id !== undefined && failedApps.has(id)) return failedApps.get(id);
  const deps = obj.metadata.annotations?.[MARATHON_DEPENDENCIES_ANNOTATION];
  for (const dep of deps ? deps.split(',').map((s) => s.trim()) : []) {
    if (failedApps.has(dep)) return failedApps.get(dep);
    // A dependency on a group: any app under it that failed.
    const group = dep.replace(/\/+$/, '') + '/';
    for (const [failed, ref] of failedApps) if (failed.startsWith(group)) return ref;
  }
  return undefined;
}

/** `3 created, 1 configured, 2 unchanged, 1 failed, 2 not attempted` (zero counts omitted). */
export function applySummary(report: ApplyReport): string {
  const n = (o: ApplyOutcome) => report.entries.filter((e) => e.outcome === o).length;
  const parts = [
    `${n('created')} created`,
    `${n('configured')} configured`,
    `${n('unchanged')} unchanged`,
    ...(n('failed') ? [`${n('failed')} failed`] : []),
    ...(n('skipped') ? [`${n('skipped')} not attempted`] : []),
  ];
  const dryRun = report.localDryRun
    ? ' (dry run computed locally: this API server has no server-side dry run, so nothing was sent or validated)'
    : ' (server dry run: nothing was stored)';
  return parts.join(', ') + (report.dryRun ? dryRun : '');
}

/** Secrets emitted by --secret-stubs (empty values to be filled in): created once, never applied over. */
export function isSecretStub(obj: KubeObject): boolean {
  return obj.kind === 'Secret' && obj.metadata.annotations?.[SECRET_STUB_ANNOTATION] !== undefined;
}
