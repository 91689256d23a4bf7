/**
 * diff and apply as kubectl users reach for them, against the real kube-apiserver (see
 * test/support/cluster.ts): --dry-run client|server (bare = client), -o name, -n, -l, and
 * apply --prune with diff showing what it would delete. One namespace per run, deleted at the end.
 */
import { execa } from 'execa';
import { KubernetesObjectApi } from '@kubernetes/client-node';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describeIfCluster } from '../support/cluster.js';
import { loadKubeconfig } from '../../src/cluster/kubeconfig.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'dist', 'src', 'cli', 'main.js');
const NS = `m2k-kubectl-${Date.now().toString(36)}-${Math.floor(Math.random() * 1e4)}`;

const image = { type: 'DOCKER', docker: { image: 'nginx:1.25' } };
const WEB = { id: '/shop/web', cmd: 'serve', container: image, portDefinitions: [{ port: 80, name: 'http' }] };
const API = { id: '/shop/api', cmd: 'api', container: image };
const DB = { id: '/shop/db', cmd: 'db', container: image, secrets: { pw: { source: 'db/pw' } }, env: { PW: { secret: 'pw' } } };

await describeIfCluster('kubectl habits of diff and apply against kube-apiserver 1.20', (kubeconfig) => {
  let tmp: string;
  let raw: KubernetesObjectApi;

  const run = (...args: string[]) => execa('node', [BIN, ...args, '-n', NS, '--kubeconfig', kubeconfig, '--show', 'none'], { reject: false, cwd: tmp });
  const exists = async (kind: string, apiVersion: string, name: string) =>
    raw.read({ apiVersion, kind, metadata: { name, namespace: NS } }).then(() => true, () => false);

  beforeAll(() => {
    tmp = mkdtempSync(join(tmpdir(), 'm2k-kubectl-cluster-'));
    writeFileSync(join(tmp, 'all.json'), JSON.stringify([WEB, API, DB]));
    writeFileSync(join(tmp, 'web.json'), JSON.stringify([WEB]));
    raw = KubernetesObjectApi.makeApiClient(loadKubeconfig({ kubeconfig }).kc);
  });

  afterAll(async () => {
    rmSync(tmp, { recursive: true, force: true });
    // Test cleanup only.
    await raw?.delete({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } }).catch(() => undefined);
  });

  test('a bare --dry-run is a client dry run: what would be sent, nothing reaches the server', async () => {
    const r = await run('apply', '--dry-run', 'all.json', '--secret-stubs');
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain(`created     Namespace ${NS} (client dry run)`);
    expect(r.stdout).toContain(`created     Deployment ${NS}/shop-web (client dry run)`);
    expect(r.stderr).toContain('client dry run: nothing is sent');
    expect(await exists('Namespace', 'v1', NS)).toBe(false);
  });

  test('--dry-run server (space or = form) validates on the server and stores nothing; -o name prints names', async () => {
    for (const form of [['--dry-run', 'server'], ['--dry-run=server']]) {
      const r = await run('apply', 'all.json', ...form, '-o', 'name', '--secret-stubs');
      expect(r.exitCode).toBe(0);
      expect(r.stdout.split('\n')).toEqual([`namespace/${NS}`, 'secret/shop-db-secrets', 'service/shop-web', 'deployment.apps/shop-web', 'deployment.apps/shop-api', 'deployment.apps/shop-db']);
    }
    expect(await exists('Namespace', 'v1', NS)).toBe(false);
  });

  test('apply creates; diff -l shows only the objects the selector matches', async () => {
    const applied = await run('apply', 'all.json', '--secret-stubs', '-o', 'name');
    expect(applied.exitCode).toBe(0);
    writeFileSync(join(tmp, 'changed.json'), JSON.stringify([{ ...WEB, instances: 3 }, { ...API, instances: 2 }, DB]));
    const all = await run('diff', 'changed.json', '--secret-stubs');
    expect(all.exitCode).toBe(1);
    expect(all.stderr).toMatch(/^0 to add, 2 to change, /m);
    const web = await run('diff', 'changed.json', '--secret-stubs', '-l', 'app.kubernetes.io/name=shop-web');
    expect(web.exitCode).toBe(1);
    expect(web.stdout).toContain(`Deployment ${NS}/shop-web`);
    expect(web.stdout).not.toContain('shop-api');
    expect(web.stderr).toMatch(/^0 to add, 1 to change, 2 unchanged$/m); // Namespace, Service, Deployment
  });

  test('diff --prune shows what apply --prune would delete; Secrets are named, never pruned', async () => {
    const r = await run('diff', 'web.json', '--prune', '--all');
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toContain(`--- live: Deployment ${NS}/shop-api\n+++ /dev/null`);
    expect(r.stdout).toContain(`--- live: Deployment ${NS}/shop-db\n+++ /dev/null`);
    expect(r.stdout).toContain(`# Secret ${NS}/shop-db-secrets: no longer in the input, but never pruned`);
    expect(r.stderr).toMatch(/^0 to add, 0 to change, 3 unchanged, 2 to delete$/m);
    expect((await run('diff', 'web.json')).exitCode).toBe(0); // without --prune: nothing to do
  });

  test('apply --prune deletes only within its scope: --select, then -l, then --all', async () => {
    const dry = await run('apply', 'web.json', '--prune', '--select', '/shop/api', '--dry-run=server', '-o', 'name');
    expect(dry.stdout.split('\n')).toContain('deployment.apps/shop-api');
    expect(await exists('Deployment', 'apps/v1', 'shop-api')).toBe(true);

    const bySelect = await run('apply', 'web.json', '--prune', '--select', '/shop/api');
    expect(bySelect.exitCode).toBe(0);
    expect(bySelect.stdout).toContain(`pruned      Deployment ${NS}/shop-api`);
    expect(bySelect.stdout).toContain('1 object pruned');
    expect(await exists('Deployment', 'apps/v1', 'shop-api')).toBe(false);
    expect(await exists('Deployment', 'apps/v1', 'shop-db')).toBe(true);

    const byLabel = await run('apply', 'web.json', '--prune', '-l', 'app.kubernetes.io/name=shop-db');
    expect(byLabel.exitCode).toBe(0);
    expect(byLabel.stderr).toContain(`warning: not pruned: Secret ${NS}/shop-db-secrets is no longer in the input`);
    expect(await exists('Deployment', 'apps/v1', 'shop-db')).toBe(false);
    expect(await exists('Secret', 'v1', 'shop-db-secrets')).toBe(true);

    const rest = await run('diff', 'web.json', '--prune', '--all');
    expect(rest.exitCode).toBe(0);
    expect(await exists('Deployment', 'apps/v1', 'shop-web')).toBe(true);
  });
});
