/**
 * `apply --prune` / `diff --prune`: the objects marathon2k8s created earlier that this run no
 * longer produces (an app removed from Marathon, renamed, or a Service it no longer needs).
 *
 * Candidates are found, not guessed: objects of the kinds the tool writes, carrying both its
 * `app.kubernetes.io/managed-by: marathon2k8s` label and the Marathon id annotation, in the
 * namespaces this run writes to, narrowed by `-l` (on the server) and `--select` (by id), that
 * are not among the run's objects. Never pruned, only named: Namespaces (deleting one deletes
 * everything in it; ours carry no managed-by label for that reason), Secrets (their values were
 * filled in by hand from the DC/OS secret store) and PersistentVolumeClaims (their volume's data
 * may go with them).
 */
import { LABEL_MANAGED_BY, MANAGED_BY, MARATHON_ID_ANNOTATION, type KubeObject } from '../kube/types.js';
import { apiVersionFor } from '../kube/versions.js';
import type { ClusterClient } from './client.js';
import { describeApplyError, KubeApiError } from './errors.js';
import { objectRef } from './normalize.js';
import { kindTier } from './order.js';

/** Kinds the tool writes and may delete again. */
const PRUNABLE_KINDS = ['Deployment', 'StatefulSet', 'CronJob', 'Job', 'Service', 'Ingress', 'PodDisruptionBudget', 'ConfigMap'] as const;
/** Kinds the tool writes but never deletes: they hold data a person put there. */
const KEPT_KINDS: Record<string, string> = {
  Secret: 'a Secret holds values filled in by hand',
  PersistentVolumeClaim: "deleting a claim may delete its volume's data",
};

export interface PruneScope {
  /** Namespaces to look in: those of the run's objects. */
  namespaces: readonly string[];
  /**
   * Look in every namespace (with --select: an app's leftovers are found wherever they are,
   * even when nothing of it is left in the input to name its namespace). Falls back to
   * `namespaces` when the credentials may not list cluster-wide.
   */
  everywhere?: boolean;
  /** Label selector (-l), passed to the server. */
  selector?: string;
  /** Whether a Marathon id is in the run's selection (--select); everything when absent. */
  selects?: (marathonId: string) => boolean;
  /** Target Kubernetes version: which API version to list each kind with. */
  kubeVersion: string;
}

export interface PrunePlan {
  /** Objects to delete, in reverse apply order (Ingresses first, Services last). */
  prune: KubeObject[];
  /** Objects that would be pruned but are kept on principle, with why. */
  kept: { object: KubeObject; reason: string }[];
  /** Remarks on how the search went (e.g. no permission to list cluster-wide). */
  warnings: string[];
}

function key(o: Pick<KubeObject, 'kind' | 'metadata'>): string {
  return `${o.kind}\u0000${o.metadata.namespace ?? ''}\u0000${o.metadata.name}`;
}

export async function planPrune(client: ClusterClient, desired: readonly KubeObject[], scope: PruneScope): Promise<PrunePlan> {
  if (!client.list) throw new Error('this cluster client cannot list objects, so it cannot prune');
  const wanted = new Set(desired.map(key));
  const label = [`${LABEL_MANAGED_BY}=${MANAGED_BY}`, ...(scope.selector ? [scope.selector] : [])].join(',');
  const plan: PrunePlan = { prune: [], kept: [], warnings: [] };
  const list = client.list.bind(client);
  const namespaced = [...new Set(scope.namespaces)].sort();
  let everywhere = scope.everywhere === true;
  const itemsOf = async (apiVersion: string, kind: string): Promise<KubeObject[]> => {
    if (everywhere) {
      try {
        return await list(apiVersion, kind, '', { label });
      } catch (e) {
        if (!(e instanceof KubeApiError) || e.statusCode !== 403) throw e;
        everywhere = false;
        plan.warnings.push(`no permission to list ${kind} objects in every namespace; looked in ${namespaced.join(', ') || 'no namespace'} only`);
      }
    }
    const items: KubeObject[] = [];
    for (const namespace of namespaced) items.push(...(await list(apiVersion, kind, namespace, { label })));
    return items;
  };
  for (const kind of [...PRUNABLE_KINDS, ...Object.keys(KEPT_KINDS)]) {
    const apiVersion = apiVersionFor(kind, scope.kubeVersion);
    if (!(await client.serves(apiVersion, kind))) continue;
    for (const item of await itemsOf(apiVersion, kind)) {
      // List items come without apiVersion and kind; put them first, as in every object shown.
      const { apiVersion: _v, kind: _k, ...rest } = item;
      const live = { apiVersion, kind, ...rest } as KubeObject;
      const id = live.metadata.annotations?.[MARATHON_ID_ANNOTATION];
      if (id === undefined || wanted.has(key(live))) continue;
      if (scope.selects && !scope.selects(id)) continue;
      if (KEPT_KINDS[kind] !== undefined) plan.kept.push({ object: live, reason: KEPT_KINDS[kind]! });
      else plan.prune.push(live);
    }
  }
  plan.prune.sort((a, b) => kindTier(b.kind) - kindTier(a.kind) || objectRef(a).localeCompare(objectRef(b)));
  return plan;
}

export type PruneOutcome = 'pruned' | 'failed';

export interface PruneEntry {
  ref: string;
  object: KubeObject;
  outcome: PruneOutcome;
  message?: string;
}

/** Deletes the planned objects (dry run: the server checks, nothing is deleted). */
export async function pruneObjects(
  client: ClusterClient,
  plan: PrunePlan,
  options: { dryRun?: boolean; onEntry?: (e: PruneEntry) => void } = {},
): Promise<PruneEntry[]> {
  if (!client.delete) throw new Error('this cluster client cannot delete objects, so it cannot prune');
  const entries: PruneEntry[] = [];
  for (const object of plan.prune) {
    const ref = objectRef(object);
    let entry: PruneEntry;
    try {
      await client.delete(object, { dryRun: options.dryRun === true });
      entry = { ref, object, outcome: 'pruned' };
    } catch (e) {
      entry = { ref, object, outcome: 'failed', message: describeApplyError(e, ref) };
    }
    entries.push(entry);
    options.onEntry?.(entry);
  }
  return entries;
}
