/**
 * The cutover, one Marathon app (pod, job) at a time in dependency order:
 *
 *   0. record what every unit runs on Marathon now, in the state file, before anything changes;
 *   1. apply its objects (the same server-side apply as `apply`), running the recorded count;
 *   2. write the recorded count as annotations on its workloads (annotate.ts);
 *   3. wait until its workloads are Ready (the same wait as `apply --wait`, with why.ts's reason);
 *   4. scale it to 0 on Marathon and wait until Marathon's deployment is finished (a job: its
 *      Metronome schedules are disabled instead);
 *   5. mark it cut over in the state file.
 *
 * The first failure stops the run: what failed stays as it is (its Marathon app untouched unless
 * the failure came after the scale-down was sent), what comes after is not started. Every step
 * is safe to repeat, so running the same cutover again continues where it stopped.
 */
import { applyObjects, type ApplyEntry } from '../cluster/apply.js';
import type { ClusterClient } from '../cluster/client.js';
import { describeApplyError } from '../cluster/errors.js';
import { objectRef } from '../cluster/normalize.js';
import { ROLLOUT_KINDS, waitForRollouts } from '../cluster/wait.js';
import { MarathonApiError, type MarathonApi } from '../marathon/marathon-api.js';
import type { Annotate } from './annotate.js';
import { waitForDeployment } from './marathon-wait.js';
import type { RunResult, UnitOutcome } from './outcome.js';
import { objectsToApply, recordAnnotations, workloadRef, type CutoverPlan, type CutoverUnit } from './plan.js';
import { readUnitRecord, type UnitRecord } from './record.js';
import { checkSameMarathon, emptyState, readState, writeState, type CutoverState } from './state.js';

export interface RunContext {
  client: ClusterClient;
  annotate: Annotate;
  marathon: MarathonApi;
  stateFile: string;
  /** Per unit and wait: Kubernetes Ready, Marathon deployment, Marathon healthy. */
  timeoutMs: number;
  /** Poll intervals (Kubernetes rollouts, Marathon deployments); defaults 2 s and 1 s. */
  pollMs?: number;
  marathonPollMs?: number;
  /** Progress, one line at a time (stderr in the CLI). */
  log: (line: string) => void;
}

/** The state file of this Marathon (a new one when there is none). */
export async function loadState(ctx: Pick<RunContext, 'stateFile' | 'marathon'>): Promise<CutoverState> {
  const state = await readState(ctx.stateFile);
  if (!state) return emptyState(ctx.marathon.marathonBase, ctx.marathon.metronomeBase);
  checkSameMarathon(state, ctx.stateFile, ctx.marathon.marathonBase);
  return state;
}

/** Step 0 for every unit: read only (also what --dry-run shows). Throws the first Marathon error. */
export async function recordUnits(plan: CutoverPlan, ctx: Pick<RunContext, 'client' | 'marathon'>, state: CutoverState): Promise<Map<string, UnitRecord>> {
  const records = new Map<string, UnitRecord>();
  for (const unit of plan.units) records.set(unit.id, await readUnitRecord(ctx.marathon, ctx.client, unit, state));
  return records;
}

export async function runCutover(plan: CutoverPlan, ctx: RunContext): Promise<RunResult> {
  const state = await loadState(ctx);
  const records = await recordUnits(plan, ctx, state);
  const now = new Date().toISOString();
  for (const unit of plan.units) {
    const r = records.get(unit.id)!;
    const before = state.entries[unit.id];
    // A unit already cut over keeps its phase until the run confirms it again.
    const phase = before?.phase === 'cut-over' && isDown(r) ? 'cut-over' : 'recorded';
    state.entries[unit.id] = {
      kind: unit.kind,
      ...(r.instances !== undefined ? { instances: r.instances } : {}),
      ...(r.schedules !== undefined ? { schedules: r.schedules } : {}),
      phase,
      recordedAt: before && !changedRecord(before, r) ? before.recordedAt : now,
      updatedAt: now,
      workloads: unit.workloads.map(workloadRef),
    };
  }
  if (ctx.marathon.metronomeBase !== undefined) state.metronome = ctx.marathon.metronomeBase;
  await writeState(ctx.stateFile, state);
  ctx.log(`recorded in ${ctx.stateFile}: ${plan.units.map((u) => `${u.id} ${describeRecord(records.get(u.id)!)}`).join(', ') || 'nothing'}`);

  const outcomes: UnitOutcome[] = [];
  let stopped: string | undefined;
  if (plan.shared.length > 0) {
    const report = await applyObjects(ctx.client, plan.shared, { onEntry: (e) => logEntry(ctx, e) });
    if (!report.ok) {
      stopped = `not started: ${failures(report.entries)}`;
      ctx.log(`error: ${failures(report.entries)}`);
    }
  }
  for (const unit of plan.units) {
    if (stopped !== undefined) {
      outcomes.push({ id: unit.id, kind: unit.kind, state: 'not-started', text: stopped });
      continue;
    }
    const outcome = await cutOver(unit, records.get(unit.id)!, ctx).catch((e: unknown) => stoppedBy(unit, e, ctx));
    outcomes.push(outcome);
    if (outcome.state === 'failed') {
      stopped = 'not started';
      continue;
    }
    state.entries[unit.id] = { ...state.entries[unit.id]!, phase: 'cut-over', updatedAt: new Date().toISOString() };
    await writeState(ctx.stateFile, state);
  }
  for (const s of plan.skipped) outcomes.push({ id: s.id, kind: s.kind, state: 'skipped', text: s.reason });
  return { outcomes, ok: !outcomes.some((o) => o.state === 'failed' || o.state === 'not-started') };
}

/** Steps 1–4 for one unit. */
async function cutOver(unit: CutoverUnit, record: UnitRecord, ctx: RunContext): Promise<UnitOutcome> {
  const out = (state: UnitOutcome['state'], text: string): UnitOutcome => ({ id: unit.id, kind: unit.kind, state, text });
  const untouched = unit.kind === 'job' ? 'Metronome schedules untouched' : 'Marathon untouched';
  ctx.log(`${unit.id}: applying ${unit.objects.length} object${unit.objects.length === 1 ? '' : 's'}`);
  const report = await applyObjects(ctx.client, objectsToApply(unit, record), { onEntry: (e) => logEntry(ctx, e) });
  if (!report.ok) {
    const why = failures(report.entries);
    ctx.log(`error: ${unit.id}: ${why}`);
    return out('failed', `apply failed, ${untouched}: ${why}`);
  }
  try {
    for (const obj of unit.workloads) {
      const annotations = recordAnnotations(obj, record);
      if (annotations) await ctx.annotate(obj, annotations);
    }
  } catch (e) {
    const why = describeApplyError(e, 'the annotation');
    ctx.log(`error: ${unit.id}: cannot record the count on its workloads: ${why}`);
    return out('failed', `on Kubernetes, ${untouched} (the count could not be recorded on the workload: ${why})`);
  }

  const rollouts = report.entries.map((e) => e.object).filter((o) => ROLLOUT_KINDS.has(o.kind));
  if (rollouts.length > 0) {
    ctx.log(`${unit.id}: waiting until Ready (at most ${seconds(ctx.timeoutMs)})`);
    const wait = await waitForRollouts(ctx.client, rollouts, { timeoutMs: ctx.timeoutMs, ...(ctx.pollMs !== undefined ? { pollMs: ctx.pollMs } : {}) });
    if (wait.timedOut) {
      const why = wait.pending.map((s) => `${s.ref}: ${s.message}`).join('; ');
      ctx.log(`error: ${unit.id}: not Ready after ${seconds(ctx.timeoutMs)}: ${why}`);
      return out('failed', `on Kubernetes, ${untouched} (not Ready: ${why})`);
    }
    ctx.log(`${unit.id}: Ready`);
  }

  try {
    return await scaleDown(unit, record, ctx);
  } catch (e) {
    if (!(e instanceof MarathonApiError)) throw e;
    ctx.log(`error: ${e.message}${e.hint ? `\nhint: ${e.hint}` : ''}`);
    return out('failed', `on Kubernetes and Ready, ${unit.kind === 'job' ? 'Metronome schedules not disabled' : 'Marathon not scaled down'}: ${e.message}`);
  }
}

/** Step 4: Marathon to 0 (or the job's schedules disabled), waiting for Marathon's deployment. */
async function scaleDown(unit: CutoverUnit, record: UnitRecord, ctx: RunContext): Promise<UnitOutcome> {
  const out = (state: UnitOutcome['state'], text: string): UnitOutcome => ({ id: unit.id, kind: unit.kind, state, text });
  const api = ctx.marathon;
  if (unit.kind === 'job') {
    const schedules = await api.schedules(unit.id);
    const enabled = schedules.filter((s) => s.enabled);
    for (const s of enabled) {
      ctx.log(`${unit.id}: disabling Metronome schedule ${s.id}`);
      await api.setScheduleEnabled(unit.id, s, false);
    }
    if (enabled.length === 0) return out('unchanged', `cut over (Metronome schedules already disabled${recordedNote(record)})`);
    return out('done', `cut over (Metronome schedule${enabled.length === 1 ? '' : 's'} ${enabled.map((s) => s.id).join(', ')} disabled)`);
  }
  const pod = unit.kind === 'pod' ? await api.pod(unit.id) : undefined;
  const instances = pod ? pod.instances : (await api.app(unit.id)).instances;
  if (instances === 0) return out('unchanged', `cut over (Marathon already at 0${recordedNote(record)})`);
  const deployment = pod ? await api.scalePod(pod, 0) : await api.scaleApp(unit.id, 0);
  ctx.log(`${unit.id}: scaling Marathon from ${instances} to 0 (deployment ${deployment})`);
  const finished = await waitForDeployment(api, deployment, { timeoutMs: ctx.timeoutMs, pollMs: ctx.marathonPollMs ?? 1000 });
  if (!finished) {
    ctx.log(`error: ${unit.id}: Marathon deployment ${deployment} still running after ${seconds(ctx.timeoutMs)}`);
    return out('failed', `on Kubernetes and Ready, Marathon scaling to 0 not finished (deployment ${deployment} still running after ${seconds(ctx.timeoutMs)})`);
  }
  ctx.log(`${unit.id}: Marathon deployment ${deployment} finished`);
  return out('done', `cut over (Marathon ${instances} → 0 instances)`);
}

/**
 * An error no step expected (the API server or Marathon unreachable mid-run): the unit is where
 * the last completed step left it, which the state file and the log show; the run stops.
 */
export function stoppedBy(unit: CutoverUnit, e: unknown, ctx: Pick<RunContext, 'log'>): UnitOutcome {
  const why = e instanceof MarathonApiError ? e.message : describeApplyError(e, 'Kubernetes');
  ctx.log(`error: ${unit.id}: ${why}${e instanceof MarathonApiError && e.hint ? `\nhint: ${e.hint}` : ''}`);
  return { id: unit.id, kind: unit.kind, state: 'failed', text: `stopped: ${why}` };
}

function isDown(r: UnitRecord): boolean {
  if (r.live.instances !== undefined) return r.live.instances === 0;
  return Object.values(r.live.schedules ?? {}).every((on) => !on);
}

function changedRecord(before: { instances?: number; schedules?: Record<string, boolean> }, r: UnitRecord): boolean {
  return before.instances !== r.instances || JSON.stringify(before.schedules) !== JSON.stringify(r.schedules);
}

export function describeRecord(r: UnitRecord): string {
  if (r.schedules !== undefined) {
    const on = Object.entries(r.schedules).filter(([, e]) => e).map(([id]) => id);
    return on.length > 0 ? `schedules ${on.join(', ')} enabled` : 'no enabled schedule';
  }
  return `${r.instances} instance${r.instances === 1 ? '' : 's'}${r.from !== 'marathon' ? ` (from the ${r.from}; Marathon runs ${r.live.instances})` : ''}`;
}

function recordedNote(r: UnitRecord): string {
  if (r.schedules !== undefined) return '';
  return r.from === 'marathon' && r.instances === 0 ? '; it ran no instances' : `; ${r.instances} recorded`;
}

function logEntry(ctx: RunContext, e: ApplyEntry): void {
  const what = e.outcome === 'skipped' ? 'not applied' : e.outcome;
  ctx.log(`  ${what} ${e.ref}${e.message ? ` (${e.message})` : ''}`);
}

function failures(entries: readonly ApplyEntry[]): string {
  return entries.filter((e) => e.outcome === 'failed').map((e) => e.message ?? objectRef(e.object)).join('; ') || 'not applied';
}

/** A duration as the --timeout flag spells it: 5m, 90s, 300ms. */
export function seconds(ms: number): string {
  if (ms >= 60_000 && ms % 60_000 === 0) return `${ms / 60_000}m`;
  return ms < 1000 ? `${ms}ms` : `${Math.round(ms / 1000)}s`;
}
