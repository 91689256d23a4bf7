/**
 * Apply order. Objects that others refer to go first, so nothing is created against something
 * missing (a Deployment whose namespace, Secret or ConfigMap does not exist yet, an Ingress
 * whose Service does not): Namespaces, then configuration and storage, Services, workloads,
 * Ingresses. Within a tier, objects of a Marathon app come after those of the apps it depends on
 * (Marathon's `dependencies`), otherwise the input order is kept.
 */
import { MARATHON_DEPENDENCIES_ANNOTATION, MARATHON_ID_ANNOTATION, type KubeObject } from '../kube/types.js';

const TIER: Record<string, number> = {
  Namespace: 0,
  CustomResourceDefinition: 0,
  StorageClass: 1,
  PriorityClass: 1,
  ServiceAccount: 2,
  Secret: 2,
  ConfigMap: 2,
  PersistentVolume: 2,
  PersistentVolumeClaim: 2,
  Role: 2,
  ClusterRole: 2,
  RoleBinding: 3,
  ClusterRoleBinding: 3,
  Service: 4,
  Deployment: 5,
  StatefulSet: 5,
  DaemonSet: 5,
  ReplicaSet: 5,
  Pod: 5,
  Job: 5,
  CronJob: 5,
  PodDisruptionBudget: 6,
  HorizontalPodAutoscaler: 6,
  Ingress: 7,
};
/** Kinds we do not know go after the workloads, before Ingresses. */
const UNKNOWN_TIER = 6;

export function kindTier(kind: string): number {
  return TIER[kind] ?? UNKNOWN_TIER;
}

export function marathonId(obj: KubeObject): string | undefined {
  return obj.metadata.annotations?.[MARATHON_ID_ANNOTATION];
}

function dependenciesOf(obj: KubeObject): string[] {
  const raw = obj.metadata.annotations?.[MARATHON_DEPENDENCIES_ANNOTATION];
  return raw ? raw.split(',').map((s) => s.trim()).filter(Boolean) : [];
}

/**
 * Rank of every Marathon id in dependency order (dependencies first, a dependency on a group
 * meaning every app under it; ties and cycles keep the order of first appearance, so the result
 * is deterministic).
 */
export function dependencyRanks(objects: readonly KubeObject[]): Map<string, number> {
  const deps = new Map<string, Set<string>>();
  for (const obj of objects) {
    const id = marathonId(obj);
    if (id === undefined) continue;
    const set = deps.get(id) ?? new Set<string>();
    for (const d of dependenciesOf(obj)) set.add(d);
    deps.set(id, set);
  }
  const ids = [...deps.keys()];
  // A dependency may name a group (Marathon waited for every app under it): its members, by
  // every group prefix of every id, made once.
  const groupMembers = new Map<string, string[]>();
  for (const id of ids) {
    const segments = id.split('/').filter(Boolean);
    for (let k = 1; k < segments.length; k++) {
      const group = '/' + segments.slice(0, k).join('/');
      const list = groupMembers.get(group);
      if (list) list.push(id);
      else groupMembers.set(group, [id]);
    }
  }
  const ranks = new Map<string, number>();
  const visiting = new Set<string>();
  // Depth-first: an id is ranked after all its (known) dependencies; a cycle is cut where it
  // closes, which leaves its members in appearance order.
  const visit = (id: string): void => {
    if (ranks.has(id) || visiting.has(id)) return;
    visiting.add(id);
    for (const d of deps.get(id) ?? []) {
      if (deps.has(d)) visit(d);
      else for (const member of groupMembers.get(d.replace(/\/+$/, '')) ?? []) visit(member);
    }
    visiting.delete(id);
    ranks.set(id, ranks.size);
  };
  for (const id of ids) visit(id);
  return ranks;
}

/** The objects in apply order (a new array; the input is not changed). */
export function applyOrder(objects: readonly KubeObject[]): KubeObject[] {
  const ranks = dependencyRanks(objects);
  return objects
    .map((obj, index) => {
      const id = marathonId(obj);
      return { obj, index, tier: kindTier(obj.kind), rank: id === undefined ? -1 : (ranks.get(id) ?? -1) };
    })
    .sort((a, b) => a.tier - b.tier || a.rank - b.rank || a.index - b.index)
    .map((e) => e.obj);
}
