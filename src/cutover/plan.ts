/**
 * What a cutover or rollback works on, from a conversion result: one unit per Marathon app, pod
 * or Metronome job with its Kubernetes objects, in dependency order (Marathon's `dependencies`,
 * kept in the marathon2k8s.io/dependencies annotation), and the objects no app owns (Namespaces),
 * which go first. Pure: no I/O.
 */
import { applyOrder, dependencyRanks, marathonId } from '../cluster/order.js';
import { ROLLOUT_KINDS } from '../cluster/wait.js';
import { MARATHON_DEPENDENCIES_ANNOTATION, MARATHON_ID_ANNOTATION, type KubeObject } from '../kube/types.js';
import type { ConvertedUnit } from '../pipeline.js';
import { SCHEDULE_ANNOTATION } from '../translate/job/index.js';

/** The Marathon instance count before the cutover, on the Kubernetes workload (see state.ts for the other copy). */
export const INSTANCES_ANNOTATION = 'marathon2k8s.io/marathon-instances';
/** Whether the Metronome schedule of a CronJob was enabled before the cutover ("true"/"false"). */
export const SCHEDULE_ENABLED_ANNOTATION = 'marathon2k8s.io/metronome-schedule-enabled';

export type UnitKind = 'app' | 'pod' | 'job';

export interface CutoverUnit {
  id: string;
  kind: UnitKind;
  /** Every object converted from it, in apply order. */
  objects: KubeObject[];
  /** Its Deployments, StatefulSets, CronJobs… (what carries the recorded count and is scaled). */
  workloads: KubeObject[];
  /** The units it depends on (ids of this plan). */
  dependencies: string[];
}

/** A Marathon object that is not cut over, and why. */
export interface SkippedUnit {
  id: string;
  kind: UnitKind;
  reason: string;
}

export interface CutoverPlan {
  /** Objects of no single app (Namespaces): applied before the first unit. */
  shared: KubeObject[];
  /** In dependency order: dependencies before the apps that need them. */
  units: CutoverUnit[];
  skipped: SkippedUnit[];
}

export interface PlanOptions {
  /** Jobs are cut over only when asked (their Metronome schedules get disabled). */
  suspendJobs: boolean;
}

const WORKLOAD_KINDS = new Set([...ROLLOUT_KINDS, 'CronJob', 'Job']);

export function isWorkload(obj: KubeObject): boolean {
  return WORKLOAD_KINDS.has(obj.kind);
}

export function workloadRef(obj: KubeObject): string {
  return `${obj.kind} ${obj.metadata.namespace ? `${obj.metadata.namespace}/` : ''}${obj.metadata.name}`;
}

export function planCutover(units: readonly ConvertedUnit[], objects: readonly KubeObject[], options: PlanOptions): CutoverPlan {
  const byId = new Map<string, KubeObject[]>();
  const shared: KubeObject[] = [];
  for (const obj of objects) {
    const id = marathonId(obj);
    if (id === undefined) shared.push(obj);
    else byId.set(id, [...(byId.get(id) ?? []), obj]);
  }
  const skipped: SkippedUnit[] = [];
  const chosen: { id: string; kind: UnitKind; objects: KubeObject[] }[] = [];
  const seen = new Set<string>();
  for (const u of units) {
    if (u.id === undefined || u.kind === 'group' || seen.has(u.id)) continue;
    seen.add(u.id);
    const kind = u.kind as UnitKind;
    const own = byId.get(u.id) ?? [];
    if (u.status === 'skipped') {
      skipped.push({ id: u.id, kind, reason: 'not converted (a DC/OS package; see --include-packages): left on Marathon' });
    } else if (own.length === 0) {
      skipped.push({ id: u.id, kind, reason: 'nothing was converted from it: left on Marathon' });
    } else if (kind === 'job' && !options.suspendJobs) {
      skipped.push({ id: u.id, kind, reason: 'not cut over: use --suspend-jobs' });
    } else if (kind === 'job' && own.some((o) => o.kind === 'Job')) {
      skipped.push({ id: u.id, kind, reason: 'not cut over: an unscheduled job becomes a Job, which runs as soon as it is applied; convert it with --jobs-as cronjob' });
    } else {
      chosen.push({ id: u.id, kind, objects: applyOrder(own) });
    }
  }

  const ids = chosen.map((c) => c.id);
  const resolved = new Map(chosen.map((c) => [c.id, resolveDependencies(c.id, declaredDependencies(c.objects), ids)]));
  // The apply order's own ranking, on one stand-in object per unit whose dependencies name units
  // (a dependency on a group means every unit under it).
  const ranks = dependencyRanks(chosen.map((c) => standIn(c.id, resolved.get(c.id)!)));
  const ordered = [...chosen].sort((a, b) => ranks.get(a.id)! - ranks.get(b.id)!);
  return {
    shared,
    units: ordered.map((c) => ({ id: c.id, kind: c.kind, objects: c.objects, workloads: c.objects.filter(isWorkload), dependencies: resolved.get(c.id)! })),
    skipped,
  };
}

function declaredDependencies(objects: readonly KubeObject[]): string[] {
  const all = objects.flatMap((o) => (o.metadata.annotations?.[MARATHON_DEPENDENCIES_ANNOTATION] ?? '').split(','));
  return [...new Set(all.map((s) => s.trim()).filter(Boolean))];
}

/** Each dependency as the units it names: the unit itself, or every unit under a group id. */
export function resolveDependencies(self: string, declared: readonly string[], ids: readonly string[]): string[] {
  const out = new Set<string>();
  for (const dep of declared) {
    const prefix = dep.endsWith('/') ? dep : `${dep}/`;
    for (const id of ids) if (id !== self && (id === dep || id.startsWith(prefix) || dep === '/')) out.add(id);
  }
  return [...out];
}

function standIn(id: string, dependencies: readonly string[]): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Unit',
    metadata: { name: id, annotations: { [MARATHON_ID_ANNOTATION]: id, [MARATHON_DEPENDENCIES_ANNOTATION]: dependencies.join(',') } },
  };
}

/** The Metronome schedule a CronJob was made from (undefined for a job without schedules). */
export function scheduleOf(obj: KubeObject): string | undefined {
  return obj.metadata.annotations?.[SCHEDULE_ANNOTATION];
}

/**
 * The unit's objects as the cutover applies them: workloads run what Marathon runs now (the
 * recorded instance count, which may differ from the definition's `instances` after a manual
 * scale), and a CronJob is suspended when its Metronome schedule was disabled. Copies.
 */
export function objectsToApply(unit: CutoverUnit, recorded: { instances?: number; schedules?: Record<string, boolean> }): KubeObject[] {
  return unit.objects.map((obj) => {
    if (ROLLOUT_KINDS.has(obj.kind) && obj.kind !== 'DaemonSet' && recorded.instances !== undefined) {
      return withSpec(obj, { replicas: recorded.instances });
    }
    const schedule = scheduleOf(obj);
    if (obj.kind === 'CronJob' && schedule !== undefined && recorded.schedules?.[schedule] === false) return withSpec(obj, { suspend: true });
    return obj;
  });
}

/** Rollback's Kubernetes side: the workloads scaled to 0, CronJobs suspended (copies). */
export function stoppedWorkloads(unit: CutoverUnit): KubeObject[] {
  return unit.workloads.flatMap((obj) => {
    if (obj.kind === 'CronJob') return [withSpec(obj, { suspend: true })];
    if (obj.kind === 'Deployment' || obj.kind === 'StatefulSet') return [withSpec(obj, { replicas: 0 })];
    return []; // a Job has run; a DaemonSet cannot be scaled
  });
}

/** Whether a live workload still runs (replicas above 0, or a CronJob not suspended). */
export function isRunning(live: KubeObject): boolean {
  const spec = (live.spec ?? {}) as { replicas?: number; suspend?: boolean };
  if (live.kind === 'CronJob') return spec.suspend !== true;
  if (live.kind === 'Deployment' || live.kind === 'StatefulSet') return (spec.replicas ?? 1) > 0;
  return false;
}

/** The annotations the cutover writes on a workload (the other copy of the state file). */
export function recordAnnotations(obj: KubeObject, recorded: { instances?: number; schedules?: Record<string, boolean> }): Record<string, string> | undefined {
  if (ROLLOUT_KINDS.has(obj.kind) && recorded.instances !== undefined) return { [INSTANCES_ANNOTATION]: String(recorded.instances) };
  const schedule = scheduleOf(obj);
  if (obj.kind === 'CronJob' && schedule !== undefined && recorded.schedules?.[schedule] !== undefined) {
    return { [SCHEDULE_ENABLED_ANNOTATION]: String(recorded.schedules[schedule]) };
  }
  return undefined;
}

/** What the annotations of live workloads recorded, when they did. */
export function recordedByAnnotations(live: readonly KubeObject[]): { instances?: number; schedules?: Record<string, boolean> } {
  const out: { instances?: number; schedules?: Record<string, boolean> } = {};
  for (const obj of live) {
    const instances = obj.metadata.annotations?.[INSTANCES_ANNOTATION];
    if (instances !== undefined && /^\d+$/.test(instances)) out.instances = Number(instances);
    const enabled = obj.metadata.annotations?.[SCHEDULE_ENABLED_ANNOTATION];
    const schedule = scheduleOf(obj);
    if (schedule !== undefined && (enabled === 'true' || enabled === 'false')) out.schedules = { ...out.schedules, [schedule]: enabled === 'true' };
  }
  return out;
}

function withSpec(obj: KubeObject, fields: Record<string, unknown>): KubeObject {
  return { ...obj, spec: { ...(obj.spec as Record<string, unknown>), ...fields } };
}
