/**
 * Cutover and rollback logic (src/cutover/) against a stateful fake Marathon over real HTTP and a
 * fake cluster client: order, what is recorded where, failures that stop the run, idempotence.
 * The same on a real node with real pods: node.test.ts.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { KubeApiError } from '../../src/cluster/errors.js';
import { runCutover, type RunContext } from '../../src/cutover/cutover.js';
import { INSTANCES_ANNOTATION, SCHEDULE_ENABLED_ANNOTATION } from '../../src/cutover/plan.js';
import { runRollback, type RollbackContext } from '../../src/cutover/rollback.js';
import { STATE_FORMAT, type CutoverState } from '../../src/cutover/state.js';
import { MarathonApi, MarathonApiError } from '../../src/marathon/marathon-api.js';
import { FakeMarathon, type MarathonState } from '../support/fake-marathon.js';
import { FakeCluster } from './fake-cluster.js';
import { NIGHTLY, shopMarathon, shopPlan } from './support.js';

let fake: FakeMarathon;
let marathon: MarathonState;
let cluster: FakeCluster;
let dir: string;
let log: string[];

beforeEach(async () => {
  marathon = shopMarathon();
  fake = await FakeMarathon.stateful(marathon);
  cluster = new FakeCluster();
  dir = mkdtempSync(path.join(tmpdir(), 'm2k-cutover-'));
  log = [];
});
afterEach(async () => {
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
});

function context(extra: Partial<RollbackContext> = {}): RollbackContext {
  return {
    client: cluster.client,
    annotate: cluster.annotate,
    marathon: new MarathonApi({ marathonUrl: fake.url, metronomeUrl: fake.url, timeoutMs: 5000 }),
    stateFile: path.join(dir, 'state.json'),
    timeoutMs: 3000,
    pollMs: 20,
    marathonPollMs: 20,
    keepKubernetes: false,
    log: (line) => log.push(line),
    ...extra,
  };
}

const stateOf = (ctx: RunContext): CutoverState => JSON.parse(readFileSync(ctx.stateFile, 'utf8')) as CutoverState;
const puts = () => marathon.writes.map((w) => `${w.method} ${w.path} ${JSON.stringify((w.body as { instances?: number; scaling?: unknown; enabled?: boolean }).instances ?? (w.body as { scaling?: unknown }).scaling ?? (w.body as { enabled?: boolean }).enabled)}`);

describe('cutover', () => {
  test('in dependency order: each app applied, Ready and annotated before its Marathon app is scaled to 0', async () => {
    const ctx = context();
    const result = await runCutover(shopPlan(), ctx);
    expect(result.ok).toBe(true);
    expect(result.outcomes.map((o) => [o.id, o.state, o.text])).toEqual([
      ['/shop/db', 'done', 'cut over (Marathon 1 → 0 instances)'],
      ['/shop/web', 'done', 'cut over (Marathon 3 → 0 instances)'],
      ['/shop/back/worker', 'done', 'cut over (Marathon 1 → 0 instances)'],
    ]);
    expect(puts()).toEqual([
      'PUT /v2/apps/shop/db 0',
      'PUT /v2/apps/shop/web 0',
      'PUT /v2/pods/shop/back/worker {"kind":"fixed","instances":0}',
    ]);
    // Kubernetes before Marathon, app by app: db's Deployment exists (annotated) before db is scaled
    // down, and web's is applied only after db's Marathon deployment has finished.
    const applied = (name: string) => cluster.events.find((e) => e.what === 'apply' && e.ref === `Deployment shop/${name}`)!.at;
    const annotated = (name: string) => cluster.events.find((e) => e.what === 'annotate' && e.ref === `Deployment shop/${name}`)!.at;
    const put = (id: string) => marathon.writesOf(id)[0]!.at;
    expect(annotated('db')).toBeLessThanOrEqual(put('/shop/db'));
    expect(put('/shop/db')).toBeLessThan(applied('web'));
    expect(annotated('web')).toBeLessThanOrEqual(put('/shop/web'));
    expect(put('/shop/web')).toBeLessThan(applied('back-worker'));
    for (const id of ['/shop/db', '/shop/web', '/shop/back/worker']) expect(marathon.instancesOf(id)).toBe(0);
    expect(marathon.deployments.size).toBe(0);

    // What Marathon ran is what Kubernetes runs (web was scaled to 3 by hand), recorded twice.
    expect((cluster.find('Deployment', 'web')!.spec as { replicas: number }).replicas).toBe(3);
    expect(cluster.find('Deployment', 'web')!.metadata.annotations?.[INSTANCES_ANNOTATION]).toBe('3');
    expect(cluster.find('Deployment', 'db')!.metadata.annotations?.[INSTANCES_ANNOTATION]).toBe('1');
    const state = stateOf(ctx);
    expect(state.format).toBe(STATE_FORMAT);
    expect(state.marathon).toBe(fake.url);
    expect(state.entries['/shop/web']).toMatchObject({ kind: 'app', instances: 3, phase: 'cut-over', workloads: ['Deployment shop/web'] });
    expect(state.entries['/shop/back/worker']).toMatchObject({ kind: 'pod', instances: 1, phase: 'cut-over' });
    expect(readdirSync(dir)).toEqual(['state.json']); // no temporary file left behind
  });

  test('the counts are in the state file before anything is applied or scaled', async () => {
    let seen: CutoverState | undefined;
    const ctx = context();
    marathon.before = (req) => {
      if (req.method === 'PUT' && seen === undefined) seen = stateOf(ctx);
      return undefined;
    };
    const applyBefore = cluster.client.apply;
    let atFirstApply: boolean | undefined;
    cluster.client.apply = async (obj, o) => {
      atFirstApply ??= existsSync(ctx.stateFile);
      return applyBefore(obj, o);
    };
    expect((await runCutover(shopPlan(), ctx)).ok).toBe(true);
    expect(atFirstApply).toBe(true);
    expect(Object.fromEntries(Object.entries(seen!.entries).map(([id, e]) => [id, [e.instances, e.phase]]))).toEqual({
      '/shop/db': [1, 'recorded'], '/shop/web': [3, 'recorded'], '/shop/back/worker': [1, 'recorded'],
    });
  });

  test('twice: the second run scales nothing and keeps the recorded counts (never 0 over them)', async () => {
    expect((await runCutover(shopPlan(), context())).ok).toBe(true);
    const writes = marathon.writes.length;
    const ctx = context();
    const again = await runCutover(shopPlan(), ctx);
    expect(again.ok).toBe(true);
    expect(again.outcomes.map((o) => o.state)).toEqual(['unchanged', 'unchanged', 'unchanged']);
    expect(again.outcomes[1]!.text).toBe('cut over (Marathon already at 0; 3 recorded)');
    expect(marathon.writes).toHaveLength(writes);
    expect(stateOf(ctx).entries['/shop/web']!.instances).toBe(3);
    expect(cluster.find('Deployment', 'web')!.metadata.annotations?.[INSTANCES_ANNOTATION]).toBe('3');
    expect((cluster.find('Deployment', 'web')!.spec as { replicas: number }).replicas).toBe(3);

    // Lost state file: the annotation still knows.
    rmSync(ctx.stateFile);
    const third = await runCutover(shopPlan(), ctx);
    expect(third.ok).toBe(true);
    expect(stateOf(ctx).entries['/shop/web']!.instances).toBe(3);
    expect(log.some((l) => l.includes('/shop/web 3 instances (from the annotation; Marathon runs 0)'))).toBe(true);
  });

  test('an app that never becomes Ready stops the run: Marathon untouched for it, the rest not started', async () => {
    cluster.neverReady.add('web');
    const ctx = context({ timeoutMs: 300 });
    const result = await runCutover(shopPlan(), ctx);
    expect(result.ok).toBe(false);
    expect(result.outcomes.map((o) => [o.id, o.state])).toEqual([['/shop/db', 'done'], ['/shop/web', 'failed'], ['/shop/back/worker', 'not-started']]);
    expect(result.outcomes[1]!.text).toMatch(/^on Kubernetes, Marathon untouched \(not Ready: Deployment shop\/web: 0 of 3 updated replicas available/);
    expect(puts()).toEqual(['PUT /v2/apps/shop/db 0']);
    expect(marathon.instancesOf('/shop/web')).toBe(3);
    expect(cluster.find('Deployment', 'back-worker')).toBeUndefined();
    const state = stateOf(ctx);
    expect([state.entries['/shop/db']!.phase, state.entries['/shop/web']!.phase, state.entries['/shop/back/worker']!.phase]).toEqual(['cut-over', 'recorded', 'recorded']);
    expect(log).toContainEqual(expect.stringMatching(/^error: \/shop\/web: not Ready after 300ms: Deployment shop\/web/));
  });

  test('an object the API server rejects: apply failed, Marathon untouched', async () => {
    cluster.rejects.add('Deployment/db');
    const result = await runCutover(shopPlan(), context());
    expect(result.outcomes[0]).toMatchObject({ id: '/shop/db', state: 'failed' });
    expect(result.outcomes[0]!.text).toMatch(/^apply failed, Marathon untouched: Deployment shop\/db: rejected by the server as invalid/);
    expect(result.outcomes.slice(1).map((o) => o.state)).toEqual(['not-started', 'not-started']);
    expect(marathon.writes).toHaveLength(0);
  });

  test('409: a deployment holds the app; said with its id, nothing forced, the run stops', async () => {
    marathon.before = (req) => (req.method === 'PUT' && req.path === '/v2/apps/shop/web'
      ? { status: 409, body: { message: "App is locked by one or more deployments. Override with the option '?force=true'. View details at '/v2/deployments/97c136bf-5a28-4821-9d94-480d9fbb01c8'.", deployments: [{ id: '97c136bf-5a28-4821-9d94-480d9fbb01c8' }] } }
      : undefined);
    const result = await runCutover(shopPlan(), context());
    expect(result.outcomes.map((o) => o.state)).toEqual(['done', 'failed', 'not-started']);
    expect(result.outcomes[1]!.text).toBe(`on Kubernetes and Ready, Marathon not scaled down: Marathon at ${fake.url}: app /shop/web is locked by a running deployment (97c136bf-5a28-4821-9d94-480d9fbb01c8), so it cannot be scaled now`);
    expect(log.join('\n')).toMatch(/hint: wait until the deployment has finished/);
    expect(fake.requests.some((r) => r.query.force !== undefined)).toBe(false);
  });

  test('403 on the scale-down: which permission is missing', async () => {
    marathon.before = (req) => (req.method === 'PUT' ? { status: 403, body: { message: 'Not Authorized to perform this action!' } } : undefined);
    const result = await runCutover(shopPlan(), context({ marathon: new MarathonApi({ marathonUrl: fake.url, token: 'a-valid-token-1234' }) }));
    expect(result.outcomes[0]!.text).toBe(`on Kubernetes and Ready, Marathon not scaled down: Marathon at ${fake.url} answered PUT /v2/apps/shop/db with 403 Forbidden: Not Authorized to perform this action!`);
    expect(log.join('\n')).toContain('hint: the identity may not update the apps: on DC/OS it needs the permission dcos:service:marathon:marathon:services:/ (update)');
    expect(marathon.instancesOf('/shop/db')).toBe(1);
  });

  test('the API server failing mid-run: the run stops at that app and says why', async () => {
    const get = cluster.client.get;
    cluster.client.get = async (obj) => {
      if (obj.kind === 'Deployment' && obj.metadata.name === 'web' && cluster.find('Deployment', 'web')) {
        throw new KubeApiError(503, { message: 'etcdserver: request timed out', code: 503 });
      }
      return get(obj);
    };
    const result = await runCutover(shopPlan(), context());
    expect(result.outcomes.map((o) => o.state)).toEqual(['done', 'failed', 'not-started']);
    expect(result.outcomes[1]!.text).toBe('stopped: Kubernetes: etcdserver: request timed out (HTTP 503)');
    expect(marathon.instancesOf('/shop/web')).toBe(3);
  });

  test('a Marathon deployment that does not finish within --timeout', async () => {
    marathon.stuck.add('/shop/db');
    const result = await runCutover(shopPlan(), context({ timeoutMs: 300 }));
    expect(result.outcomes.map((o) => o.state)).toEqual(['failed', 'not-started', 'not-started']);
    expect(result.outcomes[0]!.text).toMatch(/^on Kubernetes and Ready, Marathon scaling to 0 not finished \(deployment [0-9a-f-]+ still running after 300ms\)$/);
  });

  test('an app gone from Marathon (404), a refused token (401), a slow Marathon: nothing is changed', async () => {
    marathon.apps.delete('/shop/web');
    const gone = await runCutover(shopPlan(), context()).catch((e: unknown) => e);
    expect(gone).toBeInstanceOf(MarathonApiError);
    expect((gone as MarathonApiError).kind).toBe('gone');
    expect((gone as MarathonApiError).message).toBe(`Marathon at ${fake.url} has no app /shop/web (GET /v2/apps/shop/web answered 404)`);
    expect(cluster.events).toHaveLength(0);
    expect(marathon.writes).toHaveLength(0);

    marathon.token = 'right-token';
    const refused = await runCutover(shopPlan(), context({ marathon: new MarathonApi({ marathonUrl: fake.url, token: 'wrong-token' }) })).catch((e: unknown) => e) as MarathonApiError;
    expect(refused.kind).toBe('unauthorized');
    expect(refused.message).toMatch(/answered GET \/v2\/apps\/shop\/db with 401/);
    expect(refused.hint).toMatch(/token was refused; it may have expired/);
    expect(`${refused.message} ${refused.hint}`).not.toContain('wrong-token');

    marathon.token = undefined;
    marathon.latencyMs = 400;
    const slow = await runCutover(shopPlan(), context({ marathon: new MarathonApi({ marathonUrl: fake.url, timeoutMs: 100 }) })).catch((e: unknown) => e) as MarathonApiError;
    expect(slow.kind).toBe('timeout');
    expect(slow.message).toBe(`Marathon at ${fake.url} did not answer GET /v2/apps/shop/db within 100 ms`);
    expect(cluster.events).toHaveLength(0);
  });

  test('a state file of another Marathon is refused; a broken one is named', async () => {
    const ctx = context();
    writeFileSync(ctx.stateFile, JSON.stringify({ format: STATE_FORMAT, marathon: 'http://other:8080', entries: {} }));
    await expect(runCutover(shopPlan(), ctx)).rejects.toThrow(`the state file ${ctx.stateFile} records the Marathon at http://other:8080, not ${fake.url}`);
    writeFileSync(ctx.stateFile, '{"format": ');
    await expect(runCutover(shopPlan(), ctx)).rejects.toThrow(/is not JSON/);
    expect(marathon.writes).toHaveLength(0);
  });

  test('jobs: only with --suspend-jobs; then the CronJob is applied and the Metronome schedule disabled', async () => {
    const without = shopPlan({ files: [NIGHTLY] });
    expect(without.units).toHaveLength(0);
    expect(without.skipped).toEqual([{ id: 'shop.nightly-report', kind: 'job', reason: 'not cut over: use --suspend-jobs' }]);

    const ctx = context();
    const result = await runCutover(shopPlan({ files: [NIGHTLY], suspendJobs: true }), ctx);
    expect(result.outcomes).toEqual([{ id: 'shop.nightly-report', kind: 'job', state: 'done', text: 'cut over (Metronome schedule nightly disabled)' }]);
    expect(marathon.jobs.get('shop.nightly-report')!.schedules[0]).toMatchObject({ id: 'nightly', cron: '0 2 * * *', enabled: false });
    const cron = cluster.find('CronJob', 'nightly-report')!;
    expect((cron.spec as { suspend?: boolean }).suspend).toBeUndefined();
    expect(cron.metadata.annotations?.[SCHEDULE_ENABLED_ANNOTATION]).toBe('true');
    expect(stateOf(ctx).entries['shop.nightly-report']).toMatchObject({ kind: 'job', schedules: { nightly: true }, phase: 'cut-over' });

    // Rollback: the schedule enabled again, the CronJob suspended.
    const back = await runRollback(shopPlan({ files: [NIGHTLY], suspendJobs: true }), context());
    expect(back.outcomes[0]).toMatchObject({ state: 'done', text: 'rolled back (Metronome schedule nightly enabled; Kubernetes suspended)' });
    expect(marathon.jobs.get('shop.nightly-report')!.schedules[0]!.enabled).toBe(true);
    expect((cluster.find('CronJob', 'nightly-report')!.spec as { suspend?: boolean }).suspend).toBe(true);
  });
});

describe('rollback', () => {
  test('reverse order: each Marathon app back to its recorded count and healthy, then Kubernetes to 0', async () => {
    expect((await runCutover(shopPlan(), context())).ok).toBe(true);
    marathon.writes.length = 0;
    const ctx = context();
    const result = await runRollback(shopPlan(), ctx);
    expect(result.ok).toBe(true);
    expect(result.outcomes.map((o) => [o.id, o.text])).toEqual([
      ['/shop/back/worker', 'rolled back (Marathon at 1 instance; Kubernetes scaled to 0)'],
      ['/shop/web', 'rolled back (Marathon at 3 instances; Kubernetes scaled to 0)'],
      ['/shop/db', 'rolled back (Marathon at 1 instance; Kubernetes scaled to 0)'],
    ]);
    expect(puts()).toEqual([
      'PUT /v2/pods/shop/back/worker {"kind":"fixed","instances":1}',
      'PUT /v2/apps/shop/web 3',
      'PUT /v2/apps/shop/db 1',
    ]);
    // Kubernetes was scaled down only once Marathon ran the app again.
    const scaledDown = cluster.events.find((e) => e.what === 'apply' && e.ref === 'Deployment shop/web' && (e.object.spec as { replicas: number }).replicas === 0)!;
    expect(scaledDown.at).toBeGreaterThan(marathon.writesOf('/shop/web')[0]!.at);
    for (const name of ['web', 'db', 'back-worker']) expect((cluster.find('Deployment', name)!.spec as { replicas: number }).replicas).toBe(0);
    expect(Object.values(stateOf(ctx).entries).map((e) => e.phase)).toEqual(['rolled-back', 'rolled-back', 'rolled-back']);
    expect(stateOf(ctx).entries['/shop/web']!.instances).toBe(3);

    // Twice: nothing is sent.
    marathon.writes.length = 0;
    const applies = cluster.events.length;
    const again = await runRollback(shopPlan(), context());
    expect(again.outcomes.map((o) => o.state)).toEqual(['unchanged', 'unchanged', 'unchanged']);
    expect(again.outcomes[1]!.text).toBe('already rolled back (Marathon at 3 instances; Kubernetes already at 0)');
    expect(marathon.writes).toHaveLength(0);
    expect(cluster.events).toHaveLength(applies);

    // And a cutover after the rollback records the same counts and moves them again.
    const recut = await runCutover(shopPlan(), context());
    expect(recut.outcomes.map((o) => o.text)).toContain('cut over (Marathon 3 → 0 instances)');
    expect((cluster.find('Deployment', 'web')!.spec as { replicas: number }).replicas).toBe(3);
  });

  test('works from the annotations alone when the state file is lost', async () => {
    const ctx = context();
    await runCutover(shopPlan(), ctx);
    rmSync(ctx.stateFile);
    const result = await runRollback(shopPlan(), ctx);
    expect(result.ok).toBe(true);
    expect(marathon.instancesOf('/shop/web')).toBe(3);
    expect(marathon.instancesOf('/shop/db')).toBe(1);
  });

  test('works from the state file alone when the annotations are lost', async () => {
    const ctx = context();
    await runCutover(shopPlan(), ctx);
    for (const obj of cluster.objects.values()) delete obj.metadata.annotations?.[INSTANCES_ANNOTATION];
    expect((await runRollback(shopPlan(), ctx)).ok).toBe(true);
    expect(marathon.instancesOf('/shop/web')).toBe(3);
  });

  test('an app Marathon does not report healthy: Kubernetes is left running, the run stops', async () => {
    await runCutover(shopPlan(), context());
    marathon.sick.add('/shop/web');
    const result = await runRollback(shopPlan(), context({ timeoutMs: 300 }));
    expect(result.outcomes.map((o) => o.state)).toEqual(['done', 'failed', 'not-started']);
    expect(result.outcomes[1]!.text).toBe('Marathon scaled back to 3 but not healthy (0 of 3 tasks healthy, 3 unhealthy); Kubernetes left running');
    expect((cluster.find('Deployment', 'web')!.spec as { replicas: number }).replicas).toBe(3);
    expect(marathon.instancesOf('/shop/db')).toBe(0);
  });

  test('an app without health checks counts as up when its tasks run (Marathon never calls those healthy)', async () => {
    await runCutover(shopPlan(), context());
    const result = await runRollback(shopPlan(), context());
    expect(result.outcomes.find((o) => o.id === '/shop/db')!.state).toBe('done');
    const db = await new MarathonApi({ marathonUrl: fake.url }).app('/shop/db');
    expect(db).toMatchObject({ instances: 1, tasksRunning: 1, tasksHealthy: 0, hasHealthChecks: false });
  });

  test('--keep-kubernetes: Marathon restored, Kubernetes untouched', async () => {
    await runCutover(shopPlan(), context());
    const result = await runRollback(shopPlan(), context({ keepKubernetes: true }));
    expect(result.outcomes[1]!.text).toBe('rolled back (Marathon at 3 instances; Kubernetes kept running)');
    expect((cluster.find('Deployment', 'web')!.spec as { replicas: number }).replicas).toBe(3);
  });

  test('apps never cut over are left alone', async () => {
    const result = await runRollback(shopPlan(), context());
    expect(result.outcomes.map((o) => o.state)).toEqual(['skipped', 'skipped', 'skipped']);
    expect(result.outcomes[0]!.text).toBe('not cut over (no count recorded in the state file or on its workloads): left alone');
    expect(marathon.writes).toHaveLength(0);
  });
});
