/**
 * `apply --apply-method client` and `diff --apply-method client` against the real kube-apiserver
 * 1.20 (test/support/cluster.ts), through the CLI: kubectl's client-side apply (create with the
 * last-applied-configuration annotation, then three-way strategic merge patches). One group,
 * applied, re-applied, changed by another writer, updated, pruned; then the same objects switched
 * to server-side apply and back. One namespace per run, deleted at the end.
 */
import { execa } from 'execa';
import { KubernetesObjectApi, PatchStrategy } from '@kubernetes/client-node';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describeIfCluster } from '../support/cluster.js';
import { loadKubeconfig } from '../../src/cluster/kubeconfig.js';
import { LAST_APPLIED_ANNOTATION } from '../../src/cluster/client-side-apply.js';

/** Each CLI run loads the cluster client (seconds on a busy machine); a test makes several. */
const CLI_TIMEOUT_MS = 180_000;
const ROOT = resolve(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'dist', 'src', 'cli', 'main.js');
const NS = `m2k-csa-${Date.now().toString(36)}-${Math.floor(Math.random() * 1e4)}`;

const image = { type: 'DOCKER', docker: { image: 'nginx:1.25' } };
const web = (env: Record<string, string>, extra: Record<string, unknown> = {}) => ({
  id: '/shop/web', cmd: 'serve', instances: 2, container: image, portDefinitions: [{ port: 80, name: 'http' }], env, labels: { tier: 'front' }, ...extra,
});
const API = { id: '/shop/api', cmd: 'api', container: image };

interface Live {
  metadata: { resourceVersion: string; labels: Record<string, string>; annotations: Record<string, string>; managedFields?: { manager: string; operation: string }[] };
  spec: { replicas: number; template: { spec: { containers: { env: { name: string; value?: string }[] }[] } } };
}

await describeIfCluster('client-side apply (as kubectl before server-side apply) against kube-apiserver 1.20', (kubeconfig) => {
  let tmp: string;
  let raw: KubernetesObjectApi;

  const run = (...args: string[]) => execa('node', [BIN, ...args, '-n', NS, '--kubeconfig', kubeconfig, '--show', 'none'], { reject: false, cwd: tmp });
  const deployment = async (name = 'shop-web') =>
    (await raw.read({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace: NS } })) as unknown as Live;
  const envOf = (d: Live) => Object.fromEntries(d.spec.template.spec.containers[0]!.env.filter((e) => e.value !== undefined).map((e) => [e.name, e.value]));
  /** The lines a diff adds or removes, headers left out. */
  const changes = (stdout: string) => stdout.split('\n').filter((l) => /^[-+](?![-+]{2} )/.test(l));

  beforeAll(() => {
    tmp = mkdtempSync(join(tmpdir(), 'm2k-csa-'));
    writeFileSync(join(tmp, 'v1.json'), JSON.stringify([web({ GREETING: 'hello', DEBUG: '1' }), API]));
    writeFileSync(join(tmp, 'v2.json'), JSON.stringify([web({ GREETING: 'bonjour' }), API]));
    writeFileSync(join(tmp, 'v3.json'), JSON.stringify([web({ GREETING: 'hola' }, { instances: 3 })]));
    raw = KubernetesObjectApi.makeApiClient(loadKubeconfig({ kubeconfig }).kc);
  });

  afterAll(async () => {
    rmSync(tmp, { recursive: true, force: true });
    await raw?.delete({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } }).catch(() => undefined);
  });

  test('creates, with the last-applied configuration kubectl reads, written by its own field manager', async () => {
    const r = await run('apply', 'v1.json', '--apply-method', 'client');
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toContain('client-side apply: --apply-method client');
    expect(r.stdout).toContain(`created     Deployment ${NS}/shop-web`);
    expect(r.stdout).toContain('4 created, 0 configured, 0 unchanged');
    const live = await deployment();
    const lastApplied = JSON.parse(live.metadata.annotations[LAST_APPLIED_ANNOTATION]!) as Live;
    expect(envOf(lastApplied)).toMatchObject({ GREETING: 'hello', DEBUG: '1' });
    expect(lastApplied.metadata.annotations).not.toHaveProperty([LAST_APPLIED_ANNOTATION]);
    expect(live.metadata.managedFields?.map((m) => `${m.manager}/${m.operation}`)).toContain('marathon2k8s-client-side-apply/Update');
  }, CLI_TIMEOUT_MS);

  test('applying again changes nothing (nothing is sent), and diff agrees', async () => {
    const before = await deployment();
    const r = await run('apply', 'v1.json', '--apply-method', 'client');
    expect(r.stdout).toContain('0 created, 0 configured, 4 unchanged');
    expect((await deployment()).metadata.resourceVersion).toBe(before.metadata.resourceVersion);
    const d = await run('diff', 'v1.json', '--apply-method', 'client');
    expect(d.exitCode).toBe(0);
    expect(d.stderr).toMatch(/^0 to add, 0 to change, 4 unchanged$/m);
  }, CLI_TIMEOUT_MS);

  test('diff shows exactly the change: env changed and removed, and replicas another writer changed set back; its label stays', async () => {
    // Another writer: a label of its own, and `kubectl scale` to 5.
    await raw.patch(
      { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'shop-web', namespace: NS, labels: { 'team.example.com/owner': 'payments' } }, spec: { replicas: 5 } } as never,
      undefined, undefined, 'another-writer', undefined, PatchStrategy.StrategicMergePatch,
    );
    const d = await run('diff', 'v2.json', '--apply-method', 'client');
    expect(d.exitCode).toBe(1);
    expect(d.stderr).toMatch(/^0 to add, 1 to change, 3 unchanged$/m);
    expect(d.stdout).toContain(`--- live: Deployment ${NS}/shop-web\n+++ merged: Deployment ${NS}/shop-web`);
    // replicas: the configuration says 2 (as kubectl apply, a field the configuration sets is set
    // back); DEBUG left the configuration, so it leaves the object; GREETING changes.
    expect(changes(d.stdout)).toEqual(['-  replicas: 5', '+  replicas: 2', '-              value: hello', '-            - name: DEBUG', "-              value: '1'", '+              value: bonjour']);
  }, CLI_TIMEOUT_MS);

  test('apply makes that change and nothing else', async () => {
    const r = await run('apply', 'v2.json', '--apply-method', 'client');
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain(`configured  Deployment ${NS}/shop-web`);
    expect(r.stdout).toContain('0 created, 1 configured, 3 unchanged');
    const live = await deployment();
    expect(envOf(live)).toMatchObject({ GREETING: 'bonjour' });
    expect(envOf(live)).not.toHaveProperty('DEBUG');
    expect(live.spec.replicas).toBe(2);
    expect(live.metadata.labels).toHaveProperty(['team.example.com/owner'], 'payments');
    expect(live.metadata.labels).toHaveProperty('tier', 'front');
    expect((await run('diff', 'v2.json', '--apply-method', 'client')).exitCode).toBe(0);
  }, CLI_TIMEOUT_MS);

  test('--prune deletes what left the input; diff --prune showed it first', async () => {
    const d = await run('diff', 'v3.json', '--apply-method', 'client', '--prune', '--all');
    expect(d.exitCode).toBe(1);
    expect(d.stdout).toContain(`--- live: Deployment ${NS}/shop-api\n+++ /dev/null`);
    const r = await run('apply', 'v3.json', '--apply-method', 'client', '--prune', '--all');
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain(`pruned      Deployment ${NS}/shop-api`);
    await expect(deployment('shop-api')).rejects.toThrow();
    expect((await deployment()).spec.replicas).toBe(3);
  }, CLI_TIMEOUT_MS);

  test('switching to server-side apply takes over without conflicts and keeps the annotation current; back to client-side, nothing to do', async () => {
    writeFileSync(join(tmp, 'v4.json'), JSON.stringify([web({ GREETING: 'ciao' }, { instances: 4 })]));
    // auto on 1.20 = server-side apply; the fields client-side apply wrote are ours, so no conflict.
    const r = await run('apply', 'v4.json');
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain(`configured  Deployment ${NS}/shop-web`);
    const live = await deployment();
    expect(live.spec.replicas).toBe(4);
    expect(envOf(live)).toMatchObject({ GREETING: 'ciao' });
    expect(live.metadata.managedFields?.map((m) => `${m.manager}/${m.operation}`)).toContain('marathon2k8s/Apply');
    expect(envOf(JSON.parse(live.metadata.annotations[LAST_APPLIED_ANNOTATION]!) as Live)).toMatchObject({ GREETING: 'ciao' });
    // The annotation is current, so client-side apply has nothing to send, and the other way round.
    const back = await run('apply', 'v4.json', '--apply-method', 'client');
    expect(back.stdout).toContain('0 created, 0 configured, 3 unchanged');
    expect((await run('diff', 'v4.json', '--apply-method', 'server')).exitCode).toBe(0);
    // A field dropped while on server-side apply is deleted by the next client-side apply.
    writeFileSync(join(tmp, 'v5.json'), JSON.stringify([web({}, { instances: 4 })]));
    expect((await run('apply', 'v5.json', '--apply-method', 'client')).exitCode).toBe(0);
    expect(envOf(await deployment())).not.toHaveProperty('GREETING');
  }, CLI_TIMEOUT_MS);
});
