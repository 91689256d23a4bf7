/**
 * The rollback, one unit at a time in reverse dependency order (the apps that depend on others
 * first, as Marathon stops them):
 *
 *   1. find the recorded count: the state file, else the annotations on its live workloads; a
 *      unit with neither was never cut over and is left alone;
 *   2. scale the Marathon app (pod) back to it and wait until Marathon's deployment is finished
 *      and Marathon reports the instances healthy (a job: its schedules enabled again);
 *   3. only then scale its Kubernetes workloads to 0 (CronJobs suspended), unless told to keep
 *      them — the same server-side apply, of the converted objects with 0 replicas;
 *   4. mark it rolled back in the state file.
 *
 * The first failure stops the run; a unit already restored is left as it is (no request that
 * changes anything is sent).
 */
import { applyObjects } from '../cluster/apply.js';
import { loadState, seconds, stoppedBy, type RunContext } from './cutover.js';
import { waitForDeployment, waitUntilUp } from './marathon-wait.js';
import type { RunResult, UnitOutcome } from './outcome.js';
import { isRunning, stoppedWorkloads, workloadRef, type CutoverPlan, type CutoverUnit } from './plan.js';
import { annotationRecord } from './record.js';
import { writeState, type CutoverState, type Recorded } from './state.js';

export interface RollbackContext extends RunContext {
  /** Leave the Kubernetes workloads running (both sides then run the app). */
  keepKubernetes: boolean;
}

export async function runRollback(plan: CutoverPlan, ctx: RollbackContext): Promise<RunResult> {
  const state = await loadState(ctx);
  const outcomes: UnitOutcome[] = [];
  let stopped = false;
  for (const unit of [...plan.units].reverse()) {
    if (stopped) {
      outcomes.push({ id: unit.id, kind: unit.kind, state: 'not-started', text: 'not started' });
      continue;
    }
    const outcome = await rollBack(unit, state, ctx).catch((e: unknown) => stoppedBy(unit, e, ctx));
    outcomes.push(outcome);
    if (outcome.state === 'failed') stopped = true;
  }
  for (const s of plan.skipped) outcomes.push({ id: s.id, kind: s.kind, state: 'skipped', text: s.reason });
  return { outcomes, ok: !outcomes.some((o) => o.state === 'failed' || o.state === 'not-started') };
}

async function rollBack(unit: CutoverUnit, state: CutoverState, ctx: RollbackContext): Promise<UnitOutcome> {
  const out = (s: UnitOutcome['state'], text: string): UnitOutcome => ({ id: unit.id, kind: unit.kind, state: s, text });
  const entry = state.entries[unit.id];
  const annotated = await annotationRecord(ctx.client, unit);
  const recorded: Recorded = unit.kind === 'job' ? pick(entry?.schedules ?? annotated.schedules, 'schedules') : pick(entry?.instances ?? annotated.instances, 'instances');
  if (recorded.instances === undefined && recorded.schedules === undefined) {
    return out('skipped', 'not cut over (no count recorded in the state file or on its workloads): left alone');
  }
  if (entry?.instances !== undefined && annotated.instances !== undefined && entry.instances !== annotated.instances) {
    ctx.log(`warning: ${unit.id}: the state file recorded ${entry.instances} instances, its workload ${annotated.instances}; using the state file's`);
  }

  const marathonChanged = await restoreMarathon(unit, recorded, ctx);
  if (typeof marathonChanged === 'string') return out('failed', marathonChanged);

  let kubeChanged = false;
  if (!ctx.keepKubernetes) {
    const live = await Promise.all(unit.workloads.map(async (w) => ({ w, live: await ctx.client.get(w) })));
    const running = new Set(live.filter((l) => l.live !== undefined && isRunning(l.live)).map((l) => workloadRef(l.w)));
    const stop = stoppedWorkloads(unit).filter((o) => running.has(workloadRef(o)));
    if (stop.length > 0) {
      ctx.log(`${unit.id}: ${stop.map((o) => (o.kind === 'CronJob' ? `suspending ${workloadRef(o)}` : `scaling ${workloadRef(o)} to 0`)).join(', ')}`);
      const report = await applyObjects(ctx.client, stop, { onEntry: (e) => ctx.log(`  ${e.outcome === 'skipped' ? 'not applied' : e.outcome} ${e.ref}${e.message ? ` (${e.message})` : ''}`) });
      if (!report.ok) {
        const why = report.entries.filter((e) => e.outcome === 'failed').map((e) => e.message).join('; ');
        ctx.log(`error: ${unit.id}: ${why}`);
        return out('failed', `Marathon restored; Kubernetes not scaled to 0: ${why}`);
      }
      kubeChanged = true;
    }
  }

  const now = new Date().toISOString();
  state.entries[unit.id] = {
    kind: unit.kind,
    ...recorded,
    phase: 'rolled-back',
    recordedAt: entry?.recordedAt ?? now,
    updatedAt: marathonChanged || kubeChanged || entry?.phase !== 'rolled-back' ? now : entry.updatedAt,
    workloads: unit.workloads.map(workloadRef),
  };
  await writeState(ctx.stateFile, state);

  const stopped = unit.kind === 'job' ? 'suspended' : 'scaled to 0';
  const kube = ctx.keepKubernetes ? 'Kubernetes kept running' : kubeChanged ? `Kubernetes ${stopped}` : `Kubernetes already ${unit.kind === 'job' ? 'suspended' : 'at 0'}`;
  if (!marathonChanged && !kubeChanged) return out('unchanged', `already rolled back (${describeRestored(unit, recorded)}; ${kube})`);
  return out('done', `rolled back (${describeRestored(unit, recorded)}; ${kube})`);
}

/** Step 2. True when something was changed, false when Marathon already ran it; a string when it failed. */
async function restoreMarathon(unit: CutoverUnit, recorded: Recorded, ctx: RollbackContext): Promise<boolean | string> {
  const api = ctx.marathon;
  const poll = { timeoutMs: ctx.timeoutMs, pollMs: ctx.marathonPollMs ?? 1000 };
  if (unit.kind === 'job') {
    let changed = false;
    for (const s of await api.schedules(unit.id)) {
      if (recorded.schedules?.[s.id] === true && !s.enabled) {
        ctx.log(`${unit.id}: enabling Metronome schedule ${s.id}`);
        await api.setScheduleEnabled(unit.id, s, true);
        changed = true;
      }
    }
    return changed;
  }
  const n = recorded.instances!;
  const pod = unit.kind === 'pod' ? await api.pod(unit.id) : undefined;
  const current = pod ? pod.instances : (await api.app(unit.id)).instances;
  let changed = false;
  if (current !== n) {
    const deployment = pod ? await api.scalePod(pod, n) : await api.scaleApp(unit.id, n);
    ctx.log(`${unit.id}: scaling Marathon from ${current} to ${n} (deployment ${deployment})`);
    if (!(await waitForDeployment(api, deployment, poll))) {
      ctx.log(`error: ${unit.id}: Marathon deployment ${deployment} still running after ${seconds(ctx.timeoutMs)}`);
      return `Marathon scaling to ${n} not finished (deployment ${deployment} still running after ${seconds(ctx.timeoutMs)}); Kubernetes left running`;
    }
    changed = true;
  }
  if (n > 0) {
    const seen = await waitUntilUp(api, unit.kind as 'app' | 'pod', unit.id, n, poll);
    if (seen !== undefined) {
      ctx.log(`error: ${unit.id}: Marathon does not report it healthy after ${seconds(ctx.timeoutMs)}: ${seen}`);
      return `Marathon scaled back to ${n} but not healthy (${seen}); Kubernetes left running`;
    }
    if (changed) ctx.log(`${unit.id}: Marathon runs ${n} instance${n === 1 ? '' : 's'} healthy`);
  }
  return changed;
}

function describeRestored(unit: CutoverUnit, recorded: Recorded): string {
  if (unit.kind === 'job') {
    const on = Object.entries(recorded.schedules ?? {}).filter(([, e]) => e).map(([id]) => id);
    return on.length > 0 ? `Metronome schedule${on.length === 1 ? '' : 's'} ${on.join(', ')} enabled` : 'no schedule was enabled';
  }
  return `Marathon at ${recorded.instances} instance${recorded.instances === 1 ? '' : 's'}`;
}

function pick<K extends keyof Recorded>(value: Recorded[K] | undefined, key: K): Recorded {
  return value === undefined ? {} : { [key]: value };
}
