/** The pure parts of cutover: the plan (order, what is left on Marathon) and what gets recorded. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { objectsToApply, planCutover, recordedByAnnotations, resolveDependencies, stoppedWorkloads, INSTANCES_ANNOTATION } from '../../src/cutover/plan.js';
import { instancesToRecord, readState, schedulesToRecord, STATE_FORMAT, StateFileError, writeState, emptyState } from '../../src/cutover/state.js';
import { outcomeSummary, outcomeTable } from '../../src/cutover/outcome.js';
import { convertFixtures, NIGHTLY, SHOP, shopPlan } from './support.js';

describe('plan', () => {
  test('dependencies first, whatever the input order; a dependency on a group waits for every app in it', () => {
    const plan = shopPlan();
    expect(plan.shared.map((o) => `${o.kind} ${o.metadata.name}`)).toEqual(['Namespace shop']);
    expect(plan.units.map((u) => [u.id, u.kind, u.dependencies])).toEqual([
      ['/shop/db', 'app', []],
      ['/shop/web', 'app', ['/shop/db']],
      ['/shop/back/worker', 'pod', ['/shop/db']],
    ]);
    expect(plan.units[1]!.workloads.map((w) => w.kind)).toEqual(['Deployment']);
    expect(plan.units[1]!.objects.map((o) => o.kind)).toEqual(['Service', 'Deployment']);

    expect(resolveDependencies('/a/x', ['/shop/back'], ['/shop/back/worker', '/shop/backup', '/a/x'])).toEqual(['/shop/back/worker']);
    expect(resolveDependencies('/a/x', ['/a'], ['/a/x', '/a/y'])).toEqual(['/a/y']);
  });

  test('jobs are left on Metronome without --suspend-jobs; an unscheduled job (a Job that runs when applied) always', () => {
    expect(shopPlan({ files: [SHOP, NIGHTLY] }).skipped).toEqual([{ id: 'shop.nightly-report', kind: 'job', reason: 'not cut over: use --suspend-jobs' }]);
    const dir = mkdtempSync(path.join(tmpdir(), 'm2k-plan-'));
    try {
      const once = path.join(dir, 'once.json');
      writeFileSync(once, JSON.stringify({ id: 'ops.once', run: { cpus: 0.1, mem: 32, disk: 0, cmd: 'true' } }));
      const result = convertFixtures([once]);
      const plan = planCutover(result.units, result.objects, { suspendJobs: true });
      expect(plan.units).toHaveLength(0);
      expect(plan.skipped[0]!.reason).toMatch(/an unscheduled job becomes a Job, which runs as soon as it is applied; convert it with --jobs-as cronjob/);
      const asCron = convertFixtures([once], { jobsAs: 'cronjob' });
      expect(planCutover(asCron.units, asCron.objects, { suspendJobs: true }).units.map((u) => u.id)).toEqual(['ops.once']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('applied with the recorded count; stopped with 0; the annotation read back', () => {
    const web = shopPlan().units[1]!;
    const applied = objectsToApply(web, { instances: 5 });
    expect(applied.find((o) => o.kind === 'Deployment')!.spec).toMatchObject({ replicas: 5 });
    expect(web.workloads[0]!.spec).toMatchObject({ replicas: 2 }); // a copy: the plan is unchanged
    expect(stoppedWorkloads(web).map((o) => (o.spec as { replicas: number }).replicas)).toEqual([0]);
    const live = { ...web.workloads[0]!, metadata: { ...web.workloads[0]!.metadata, annotations: { [INSTANCES_ANNOTATION]: '5' } } };
    expect(recordedByAnnotations([live])).toEqual({ instances: 5 });
    expect(recordedByAnnotations([{ ...live, metadata: { ...live.metadata, annotations: { [INSTANCES_ANNOTATION]: 'five' } } }])).toEqual({});

    const job = shopPlan({ files: [NIGHTLY], suspendJobs: true }).units[0]!;
    expect(objectsToApply(job, { schedules: { nightly: false } })[0]!.spec).toMatchObject({ suspend: true });
    expect(stoppedWorkloads(job)[0]!.spec).toMatchObject({ suspend: true });
  });
});

describe('recording', () => {
  test('what Marathon runs wins while it runs anything; at 0 an earlier record is kept, never 0 over it', () => {
    expect(instancesToRecord(3, { file: 2, annotation: 1 })).toEqual({ instances: 3, from: 'marathon' });
    expect(instancesToRecord(0, { file: 2, annotation: 1 })).toEqual({ instances: 2, from: 'state file' });
    expect(instancesToRecord(0, { annotation: 4 })).toEqual({ instances: 4, from: 'annotation' });
    expect(instancesToRecord(0, {})).toEqual({ instances: 0, from: 'marathon' });
    expect(schedulesToRecord({ a: true, b: false, c: false }, { b: true })).toEqual({ a: true, b: true, c: false });
  });

  test('the state file: written whole, read back, and a file that is not one is named with what is wrong', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'm2k-state-'));
    try {
      const file = path.join(dir, 'state.json');
      expect(await readState(file)).toBeUndefined();
      const state = emptyState('http://marathon.mesos:8080');
      state.entries['/a'] = { kind: 'app', instances: 2, phase: 'recorded', recordedAt: 't', updatedAt: 't', workloads: ['Deployment a/a'] };
      await writeState(file, state);
      expect(await readState(file)).toEqual(state);
      writeFileSync(file, JSON.stringify({ format: 'other', marathon: 'x', entries: {} }));
      await expect(readState(file)).rejects.toThrow(new StateFileError(`${file} is not a marathon2k8s state file: "format" is "other", expected "${STATE_FORMAT}"; pass another --state`));
      writeFileSync(file, JSON.stringify({ ...state, entries: { '/a': { ...state.entries['/a'], instances: -1 } } }));
      await expect(readState(file)).rejects.toThrow('entry /a: "instances" is not a count');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('the outcome table and summary', () => {
    const outcomes = [
      { id: '/shop/db', kind: 'app' as const, state: 'done' as const, text: 'cut over (Marathon 1 → 0 instances)' },
      { id: '/shop/web', kind: 'app' as const, state: 'failed' as const, text: 'on Kubernetes, Marathon untouched (not Ready: …)' },
      { id: '/shop/back/worker', kind: 'pod' as const, state: 'not-started' as const, text: 'not started' },
    ];
    expect(outcomeTable(outcomes)).toBe(
      'MARATHON ID        KIND  STATE\n' +
      '/shop/db           app   cut over (Marathon 1 → 0 instances)\n' +
      '/shop/web          app   on Kubernetes, Marathon untouched (not Ready: …)\n' +
      '/shop/back/worker  pod   not started\n',
    );
    expect(outcomeSummary(outcomes, 'cut over', 'already cut over')).toBe('1 cut over, 1 failed, 1 not started');
  });
});
