/**
 * The shop fixture (a group of apps and the Edge-LB pool routing to them) through the real CLI
 * against the real kube-apiserver 1.20: `apply --dry-run=server` must be accepted, with the
 * Ingress (networking.k8s.io/v1 on 1.20) and the pool's TCP Service among the objects. Also
 * converted for 1.13 (extensions/v1beta1 Ingress, no pathType, the class as annotation), which
 * 1.20 still serves, and dry-run applied the same way. Everything goes into one namespace of
 * its own (-n); a server dry run stores nothing.
 */
import { execa } from 'execa';
import { join, resolve } from 'node:path';
import { describeIfCluster } from '../support/cluster.js';
import { fixtureSources } from '../support/golden.js';
import { applyObjects, connectCluster } from '../../src/cluster/session.js';
import { DEFAULT_OPTIONS } from '../../src/options.js';
import { convertSources } from '../../src/pipeline.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'dist', 'src', 'cli', 'main.js');
const CASE = join(ROOT, 'fixtures', 'edgelb', '01-shop-pool-with-apps', 'inputs');
const NS = `m2k-edgelb-${Date.now().toString(36)}-${Math.floor(Math.random() * 1e4)}`;

await describeIfCluster('an Edge-LB pool and its apps against kube-apiserver 1.20', (kubeconfig) => {
  const run = (...args: string[]) => execa('node', [BIN, ...args, '-n', NS, '--kubeconfig', kubeconfig, '--show', 'none'], { reject: false, cwd: ROOT });

  test('apply --dry-run=server accepts the Ingress and the TCP Service with the apps', async () => {
    const r = await run('apply', join(CASE, 'shop.json'), join(CASE, 'shop-pool.json'), '--dry-run=server', '-o', 'name');
    expect(r.stderr).not.toMatch(/failed|error:/i);
    expect(r.exitCode).toBe(0);
    const names = r.stdout.split('\n');
    expect(names).toEqual(expect.arrayContaining([
      `namespace/${NS}`, 'service/shop-web', 'service/shop-api', 'ingress.networking.k8s.io/shop-pool', 'service/shop-pool-5432',
    ]));
  });

  test('converted for 1.13 (extensions/v1beta1 Ingress, no pathType): the 1.20 server accepts it in a dry run', async () => {
    const result = convertSources(fixtureSources(join(CASE, '..')), { ...DEFAULT_OPTIONS, kubeVersion: '1.13', namespace: NS });
    const ingress = result.objects.find((o) => o.kind === 'Ingress')!;
    expect(ingress.apiVersion).toBe('extensions/v1beta1');
    expect((ingress.spec as { rules: { http: { paths: Record<string, unknown>[] } }[] }).rules[0]!.http.paths[0]).not.toHaveProperty('pathType');
    const session = await connectCluster({ kubeconfig });
    const report = await applyObjects(session.client, result.objects, { dryRun: true });
    expect(report.entries.filter((e) => e.outcome === 'failed').map((e) => `${e.ref}: ${e.message}`)).toEqual([]);
    expect(report.entries.map((e) => e.ref)).toEqual(expect.arrayContaining([`Ingress ${NS}/shop-pool`, `Service ${NS}/shop-pool-5432`]));
  });
});
