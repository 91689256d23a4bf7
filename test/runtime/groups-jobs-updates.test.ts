/**
 * Runtime: a group applied in dependency order, a Metronome job run to completion, and a
 * rolling update that keeps Marathon's upgradeStrategy promise (watched while it happens).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describeIfNode } from '../support/cluster.js';
import {
  applyCase, cli, clients, deleteNamespace, eventually, expectExit, httpGet, inputOf, isReady, parseEnv,
  podsOf, testNamespace, type Clients,
} from './support.js';

const NS = testNamespace('group');
const MINUTES = 60_000;

await describeIfNode('runtime: groups, jobs and rolling updates on a real node', (kubeconfig) => {
  let c: Clients;
  beforeAll(() => {
    c = clients(kubeconfig);
  });
  afterAll(() => deleteNamespace(c, NS), MINUTES);

  test('a group whose apps depend on each other: applied in dependency order, both roll out', async () => {
    const result = await applyCase(kubeconfig, '11-group-dependencies', NS, ['--wait', '--timeout', '120s']);
    expectExit(result, 0);
    const lines = result.stdout.split('\n');
    const db = lines.findIndex((l) => /Deployment \S+\/rtg-db\b/.test(l));
    const web = lines.findIndex((l) => /Deployment \S+\/rtg-web\b/.test(l));
    expect(db).toBeGreaterThanOrEqual(0);
    expect(web).toBeGreaterThan(db);
    for (const name of ['rtg-db', 'rtg-web']) expect((await podsOf(c, NS, name)).some(isReady)).toBe(true);
  }, 3 * MINUTES);

  test('a Metronome job without schedule runs once to completion', async () => {
    expectExit(await applyCase(kubeconfig, '12-metronome-job', NS), 0);
    const job = await eventually('the Job to complete', async () => {
      const j = await c.batch.readNamespacedJob({ name: 'rt-batch-report', namespace: NS });
      if ((j.status?.failed ?? 0) > 0) throw new Error(`the Job failed: ${JSON.stringify(j.status)}`);
      return (j.status?.succeeded ?? 0) >= 1 ? j : undefined;
    }, 2 * MINUTES);
    expect(job.status?.succeeded).toBe(1);
  }, 3 * MINUTES);

  test('rolling update: new pods Ready, and Ready pods never below minimumHealthCapacity (2 of 3)', async () => {
    expectExit(await applyCase(kubeconfig, '13-rolling-update', NS, ['--wait', '--timeout', '120s']), 0);
    const dir = mkdtempSync(path.join(tmpdir(), 'm2k-rolling-'));
    try {
      const input = JSON.parse(readFileSync(inputOf('13-rolling-update'), 'utf8')) as { env: Record<string, string> };
      input.env.VERSION = '2';
      const changed = path.join(dir, 'input.json');
      writeFileSync(changed, JSON.stringify(input));

      // Watch the Ready pods while the second apply rolls the change out.
      let lowest = Infinity;
      let watching = true;
      const watcher = (async () => {
        while (watching) {
          const ready = (await podsOf(c, NS, 'rt-rolling')).filter(isReady).length;
          lowest = Math.min(lowest, ready);
          await new Promise((r) => setTimeout(r, 150));
        }
      })();
      const result = await cli(['apply', changed, '--kubeconfig', kubeconfig, '--namespace', NS, '--wait', '--timeout', '180s']);
      watching = false;
      await watcher;
      expectExit(result, 0);
      expect(lowest).toBeGreaterThanOrEqual(2);

      const pods = await podsOf(c, NS, 'rt-rolling');
      const ready = pods.filter(isReady);
      expect(ready).toHaveLength(3);
      for (const pod of ready) {
        const env = parseEnv((await httpGet(`http://${pod.status?.podIP}:8080/env.txt`)).body);
        expect(env.VERSION).toBe('2');
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 5 * MINUTES);
});
