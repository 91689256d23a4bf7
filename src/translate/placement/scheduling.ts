/**
 * Marathon's launch back-off and kill order have no Kubernetes counterpart: the kubelet restarts
 * crashed containers with its own fixed CrashLoopBackOff (10 s, doubling, capped at 5 min), and
 * a ReplicaSet picks the pods to remove on scale-down by its own ranking. Default values are
 * consumed by defaults.ts; any other value is reported here, once per field.
 */
import type { MarathonApp } from '../../marathon/model.js';
import type { AppContext } from '../context.js';

type SchedulingField = 'killSelection' | 'backoffSeconds' | 'backoffFactor' | 'maxLaunchDelaySeconds';

/** Marathon's defaults (maxLaunchDelaySeconds: 3600 up to 1.7, 300 from 1.8). */
const DEFAULTS: Record<SchedulingField, readonly (string | number)[]> = {
  killSelection: ['YOUNGEST_FIRST'],
  backoffSeconds: [1],
  backoffFactor: [1.15],
  maxLaunchDelaySeconds: [3600, 300],
};

const WHY: Record<SchedulingField, string> = {
  killSelection: 'on scale-down a ReplicaSet removes not-ready pods first, then the most recently ready ones (as YOUNGEST_FIRST)',
  backoffSeconds: 'the kubelet restarts a crashing container after its fixed CrashLoopBackOff (10 s, doubling, at most 5 min)',
  backoffFactor: 'the kubelet\'s CrashLoopBackOff doubles its delay, a fixed factor',
  maxLaunchDelaySeconds: 'the kubelet\'s CrashLoopBackOff is capped at 5 minutes, a fixed limit',
};

export function reportSchedulingSettings(ctx: AppContext): void {
  for (const field of Object.keys(DEFAULTS) as SchedulingField[]) {
    const value: MarathonApp[SchedulingField] = ctx.app[field];
    if (value === undefined) continue;
    ctx.use(`/${field}`);
    // The raw value may differ in case only (`youngest_first`): still the default, still quiet.
    if (DEFAULTS[field].includes(value)) continue;
    ctx.report('scheduling-not-mapped', `/${field}`, `${field} ${value} has no Kubernetes equivalent: ${WHY[field]}`);
  }
}
