/**
 * Cluster-level needs: what the target cluster must have for the converted apps to run
 * (Secrets and their keys, node labels, storage and ingress classes, host paths…). Mappers
 * record them; the report lists them per cluster, deduplicated.
 */
export type NeedKind = 'secret' | 'node-label' | 'storage-class' | 'ingress-class' | 'host-path' | 'external-volume' | 'image-pull-secret'
  /** A field or behaviour the target Kubernetes version lacks (name: "startupProbe (Kubernetes 1.18)"). */
  | 'kubernetes-feature';

export interface ClusterNeed {
  kind: NeedKind;
  /** The thing needed: a Secret name, a node label key, a storage class name, a host path… */
  name: string;
  namespace?: string;
  /** E.g. the Secret keys, the label values the constraints expect. */
  details?: string[];
  /** Marathon ids of the apps that need it. */
  apps: string[];
}

/**
 * Merges needs of the same kind/namespace/name, uniting details and apps (sorted, stable).
 * A need met once keeps its lists as given. Sets collect the unions and each list is sorted once
 * at the end: re-sorting on every merge made a need shared by many apps (a public node label
 * on 8,000 apps) quadratic.
 */
export function mergeNeeds(needs: readonly ClusterNeed[]): ClusterNeed[] {
  interface Merged { first: ClusterNeed; apps: Set<string>; details: Set<string>; merged: boolean; detailsMerged: boolean }
  const byKey = new Map<string, Merged>();
  for (const n of needs) {
    const key = `${n.kind}\u0000${n.namespace ?? ''}\u0000${n.name}`;
    const prev = byKey.get(key);
    if (!prev) {
      byKey.set(key, { first: n, apps: new Set(n.apps), details: new Set(n.details ?? []), merged: false, detailsMerged: false });
      continue;
    }
    prev.merged = true;
    for (const app of n.apps) prev.apps.add(app);
    if (n.details) {
      prev.detailsMerged = true;
      for (const d of n.details) prev.details.add(d);
    }
  }
  const out = [...byKey.values()].map(({ first, apps, details, merged, detailsMerged }): ClusterNeed => ({
    ...first,
    apps: merged ? [...apps].sort() : [...first.apps],
    ...(detailsMerged ? { details: [...details].sort() } : first.details ? { details: [...first.details] } : {}),
  }));
  return out.sort((a, b) => (a.kind + a.namespace + a.name).localeCompare(b.kind + b.namespace + b.name));
}
