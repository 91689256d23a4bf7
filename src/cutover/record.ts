/**
 * Before anything changes: what each unit runs on Marathon now, and what an earlier run recorded
 * (state file, workload annotations). Read only; the cutover writes the result to the state file
 * before it scales anything.
 */
import type { ClusterClient } from '../cluster/client.js';
import type { MarathonApi } from '../marathon/marathon-api.js';
import { recordedByAnnotations, type CutoverUnit } from './plan.js';
import { instancesToRecord, schedulesToRecord, type CutoverState, type Recorded } from './state.js';

export interface UnitRecord extends Recorded {
  /** What Marathon runs now: instances (app, pod) or enabled schedules (job). */
  live: { instances?: number; schedules?: Record<string, boolean> };
  /** Where the recorded count came from, when not from Marathon itself. */
  from: 'marathon' | 'state file' | 'annotation';
}

/** What the annotations on the unit's live workloads recorded (nothing when none exist). */
export async function annotationRecord(client: ClusterClient, unit: CutoverUnit): Promise<Recorded> {
  const live = (await Promise.all(unit.workloads.map((w) => client.get(w)))).filter((o) => o !== undefined);
  return recordedByAnnotations(live);
}

export async function readUnitRecord(api: MarathonApi, client: ClusterClient, unit: CutoverUnit, state: CutoverState | undefined): Promise<UnitRecord> {
  const earlier = state?.entries[unit.id];
  const annotated = await annotationRecord(client, unit);
  if (unit.kind === 'job') {
    const schedules = Object.fromEntries((await api.schedules(unit.id)).map((s) => [s.id, s.enabled]));
    const recorded = schedulesToRecord(schedules, earlier?.schedules ?? annotated.schedules);
    const from = Object.entries(schedules).some(([id, on]) => !on && recorded[id]) ? (earlier?.schedules ? 'state file' : 'annotation') : 'marathon';
    return { schedules: recorded, live: { schedules }, from };
  }
  const live = unit.kind === 'app' ? (await api.app(unit.id)).instances : (await api.pod(unit.id)).instances;
  const { instances, from } = instancesToRecord(live, { file: earlier?.instances, annotation: annotated.instances });
  return { instances, live: { instances: live }, from };
}
