/**
 * Cluster-level needs: what the target cluster must have for the converted apps to run
 * (Secrets and their keys, node labels, storage and ingress classes, host paths…). Mappers
 * record them; the report lists them per cluster, deduplicated.
 */
export type NeedKind = 'secret' | 'node-label' | 'storage-class' | 'ingress-class' | 'host-path' | 'external-volume' | 'image-pull-secret';

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

/** Merges needs of the same kind/namespace/name, uniting details and apps (sorted, stable). */
export function mergeNeeds(needs: readonly ClusterNeed[]): ClusterNeed[] {
  const byKey = new Map<string, ClusterNeed>();
  for (const n of needs) {
    const key = `${n.kind}\u0000${n.namespace ?? ''}\u0000${n.name}`;
    const prev = byKey.get(key);
    if (!prev) {
      byKey.set(key, { ...n, apps: [...n.apps], ...(n.details ? { details: [...n.details] } : {}) });
      continue;
    }
    prev.apps = [...new Set([...prev.apps, ...n.apps])].sort();
    if (n.details) prev.details = [...new Set([...(prev.details ?? []), ...n.details])].sort();
  }
  return [...byKey.values()].sort((a, b) => (a.kind + a.namespace + a.name).localeCompare(b.kind + b.namespace + b.name));
}
