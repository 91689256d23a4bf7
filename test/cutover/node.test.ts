/**
 * cutover and rollback as users run them (the built CLI) on the real node, where pods run and
 * probes decide readiness, against the stateful fake Marathon: the order of Marathon's scale-downs
 * against what Kubernetes had Ready at that moment (looked up from the fake's request hook), the
 * recorded counts, a failure midway, rollback, and running each twice.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describeIfNode } from '../support/cluster.js';
import { FakeMarathon, type MarathonState, type RecordedRequest } from '../support/fake-marathon.js';
import { cli, clients, deleteNamespace, expectExit, testNamespace, type Clients } from '../runtime/support.js';
import type { CutoverState } from '../../src/cutover/state.js';
import { INSTANCES_ANNOTATION } from '../../src/cutover/plan.js';
import { marathonRunning, REPO, SHOP, shopMarathon } from './support.js';

const NS = testNamespace('cutover');
const STUCK = path.join(REPO, 'fixtures/cutover/stuck.json');
const MINUTES = 60_000;

interface Seen {
  put: string;
  /** Deployment name → ready replicas (undefined: it did not exist) when Marathon got the PUT. */
  ready: Record<string, number | undefined>;
  annotation: Record<string, string | undefined>;
}

await describeIfNode('cutover and rollback on a real node', (kubeconfig) => {
  let c: Clients;
  let fake: FakeMarathon | undefined;
  let dir: string;
  beforeAll(() => {
    c = clients(kubeconfig);
    dir = mkdtempSync(path.join(tmpdir(), 'm2k-cutover-node-'));
  });
  afterEach(async () => {
    await fake?.close();
    fake = undefined;
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await deleteNamespace(c, NS);
  }, MINUTES);

  const deployments = ['shop-db', 'shop-web', 'shop-back-worker'];

  /** What Kubernetes has at the moment Marathon receives each PUT. */
  function watchPuts(marathon: MarathonState): Seen[] {
    const seen: Seen[] = [];
    marathon.before = async (req: RecordedRequest) => {
      if (req.method !== 'PUT') return undefined;
      const entry: Seen = { put: req.path, ready: {}, annotation: {} };
      for (const name of deployments) {
        const d = await c.apps.readNamespacedDeployment({ name, namespace: NS }).catch(() => undefined);
        entry.ready[name] = d ? d.status?.readyReplicas ?? 0 : undefined;
        entry.annotation[name] = d?.metadata?.annotations?.[INSTANCES_ANNOTATION];
      }
      seen.push(entry);
      return undefined;
    };
    return seen;
  }

  const run = (verb: 'cutover' | 'rollback', input: string, state: string, extra: string[] = []) =>
    cli([verb, input, '--marathon-url', fake!.url, '--kubeconfig', kubeconfig, '--namespace', NS, '--state', state, '--timeout', '90s', ...extra]);

  test('a group in dependency order, rolled back, each twice', async () => {
    const marathon = shopMarathon();
    fake = await FakeMarathon.stateful(marathon);
    const state = path.join(dir, 'shop-state.json');
    const seen = watchPuts(marathon);

    const cut = await run('cutover', SHOP, state);
    expectExit(cut, 0);
    expect(cut.stdout).toContain('/shop/db           app   cut over (Marathon 1 → 0 instances)\n');
    expect(cut.stdout).toContain('/shop/web          app   cut over (Marathon 3 → 0 instances)\n');
    expect(cut.stdout).toContain('/shop/back/worker  pod   cut over (Marathon 1 → 0 instances)\n');
    expect(cut.stdout).toMatch(/^3 cut over$/m);
    // Each Marathon scale-down came once its own workload was Ready on the node (and annotated),
    // and before the apps that depend on it were even applied.
    expect(seen.map((s) => s.put)).toEqual(['/v2/apps/shop/db', '/v2/apps/shop/web', '/v2/pods/shop/back/worker']);
    expect(seen[0]!.ready).toEqual({ 'shop-db': 1, 'shop-web': undefined, 'shop-back-worker': undefined });
    expect(seen[0]!.annotation['shop-db']).toBe('1');
    expect(seen[1]!.ready).toEqual({ 'shop-db': 1, 'shop-web': 3, 'shop-back-worker': undefined });
    expect(seen[1]!.annotation['shop-web']).toBe('3');
    expect(seen[2]!.ready['shop-back-worker']).toBe(1);
    for (const id of ['/shop/db', '/shop/web', '/shop/back/worker']) expect(marathon.instancesOf(id)).toBe(0);
    const recorded = JSON.parse(readFileSync(state, 'utf8')) as CutoverState;
    expect(Object.fromEntries(Object.entries(recorded.entries).map(([id, e]) => [id, [e.instances, e.phase]]))).toEqual({
      '/shop/db': [1, 'cut-over'], '/shop/web': [3, 'cut-over'], '/shop/back/worker': [1, 'cut-over'],
    });

    // Again: nothing is scaled, nothing recorded over.
    const writes = marathon.writes.length;
    const again = await run('cutover', SHOP, state);
    expectExit(again, 0);
    expect(again.stdout).toContain('/shop/web          app   cut over (Marathon already at 0; 3 recorded)');
    expect(again.stdout).toMatch(/^3 already cut over$/m);
    expect(marathon.writes).toHaveLength(writes);
    expect((JSON.parse(readFileSync(state, 'utf8')) as CutoverState).entries['/shop/web']!.instances).toBe(3);

    // Rollback: reverse order, Marathon back to the recorded counts, then Kubernetes to 0.
    seen.length = 0;
    const back = await run('rollback', SHOP, state);
    expectExit(back, 0);
    expect(seen.map((s) => s.put)).toEqual(['/v2/pods/shop/back/worker', '/v2/apps/shop/web', '/v2/apps/shop/db']);
    // When Marathon was asked to scale web back up, Kubernetes still ran it.
    expect(seen[1]!.ready['shop-web']).toBe(3);
    expect(back.stdout).toContain('/shop/web          app   rolled back (Marathon at 3 instances; Kubernetes scaled to 0)');
    expect([marathon.instancesOf('/shop/db'), marathon.instancesOf('/shop/web'), marathon.instancesOf('/shop/back/worker')]).toEqual([1, 3, 1]);
    for (const name of deployments) {
      const d = await c.apps.readNamespacedDeployment({ name, namespace: NS });
      expect([name, d.spec?.replicas]).toEqual([name, 0]);
    }

    const writesAfter = marathon.writes.length;
    const backAgain = await run('rollback', SHOP, state);
    expectExit(backAgain, 0);
    expect(backAgain.stdout).toMatch(/^3 already rolled back$/m);
    expect(marathon.writes).toHaveLength(writesAfter);
  }, 6 * MINUTES);

  test('an app that never becomes Ready: the run stops there, its Marathon app untouched, the rest not started', async () => {
    const marathon = marathonRunning(STUCK);
    fake = await FakeMarathon.stateful(marathon);
    const result = await run('cutover', STUCK, path.join(dir, 'stuck-state.json'), ['--timeout', '20s']);
    expectExit(result, 1);
    expect(result.stdout).toContain('/stuck/db    app   cut over (Marathon 1 → 0 instances)');
    expect(result.stdout).toMatch(new RegExp(`/stuck/api   app   on Kubernetes, Marathon untouched \\(not Ready: Deployment ${NS}/stuck-api: 0 of 1 updated replicas available; pod stuck-api-[a-z0-9-]+: Unhealthy: Readiness probe failed: HTTP probe failed with statuscode: 404`));
    expect(result.stdout).toContain('/stuck/web   app   not started');
    expect(result.stdout).toMatch(/^1 cut over, 1 failed, 1 not started$/m);
    expect(result.stderr).toMatch(/error: \/stuck\/api: not Ready after 20s: Deployment \S+\/stuck-api/);
    expect(marathon.writes.map((w) => w.path)).toEqual(['/v2/apps/stuck/db']);
    expect([marathon.instancesOf('/stuck/api'), marathon.instancesOf('/stuck/web')]).toEqual([1, 1]);
    await expect(c.apps.readNamespacedDeployment({ name: 'stuck-web', namespace: NS })).rejects.toThrow();
  }, 3 * MINUTES);
});
