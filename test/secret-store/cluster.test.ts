/**
 * apply and diff with --secret-store-url against a real kube-apiserver (1.20) and the fake DC/OS
 * secret store: the Secrets are created with exactly the stored bytes (read back, a binary one
 * included), values never appear on stdout/stderr, an existing Secret with other values is kept
 * without --overwrite-secrets and replaced with it, and diff shows key names, never values.
 * Everything happens in its own namespace, deleted at the end.
 */
import { execa } from 'execa';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { KubernetesObjectApi } from '@kubernetes/client-node';
import { describeIfCluster } from '../support/cluster.js';
import { FakeSecretStore } from '../support/fake-secret-store.js';
import { loadKubeconfig } from '../../src/cluster/kubeconfig.js';
import { createClusterClient, type ClusterClient } from '../../src/cluster/client.js';
import type { KubeObject } from '../../src/kube/types.js';
import { SECRETS_APP } from './apps.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'dist', 'src', 'cli', 'main.js');
const NS = `m2k-secrets-${Date.now().toString(36)}-${Math.floor(Math.random() * 1e4)}`;
const TOKEN = 'eyJhbGciOiJSUzI1NiJ9.Y2x1c3Rlci1zZWNyZXRz.sig-CLUSTER-3';
const PASSWORD = 'Cluster-S3cret-From-DCOS';
const BY_HAND = 'typed-in-by-an-operator';
/** Every byte value, so nothing (NUL, invalid UTF-8, CR/LF) is lost on the way. */
const KEYSTORE = Buffer.from(Array.from({ length: 512 }, (_, i) => (i * 7) % 256));
const DOCKER_CONFIG = '{"auths":{"registry.example.com":{"auth":"cHVsbGVyOnB1bGwtcGFzcy03Nw=="}}}';

const APP = SECRETS_APP;

const b64 = (s: string | Buffer) => (Buffer.isBuffer(s) ? s : Buffer.from(s)).toString('base64');
const NEVER_SHOWN = [PASSWORD, b64(PASSWORD), b64(KEYSTORE), 'cHVsbGVyOnB1bGwtcGFzcy03Nw', BY_HAND, b64(BY_HAND), TOKEN];

await describeIfCluster('apply and diff with values from the DC/OS secret store', (kubeconfig) => {
  let client: ClusterClient;
  let raw: KubernetesObjectApi;
  let fake: FakeSecretStore;
  let tmp: string;
  let input: string;

  beforeAll(async () => {
    const { kc } = loadKubeconfig({ kubeconfig });
    client = createClusterClient(kc);
    raw = KubernetesObjectApi.makeApiClient(kc);
    fake = await FakeSecretStore.start({
      token: TOKEN,
      stores: { default: { 'shop/db-password': { text: PASSWORD }, 'shop/keystore': { binary: KEYSTORE }, 'shop/registry-config': { text: DOCKER_CONFIG } } },
    });
    tmp = mkdtempSync(join(tmpdir(), 'm2k-secret-cluster-'));
    input = join(tmp, 'app.json');
    writeFileSync(input, JSON.stringify(APP));
  });

  afterAll(async () => {
    await fake?.close();
    rmSync(tmp, { recursive: true, force: true });
    await raw?.delete({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } }).catch(() => undefined);
  });

  const cli = (command: 'apply' | 'diff', extra: string[] = []) => {
    const { DCOS_TOKEN: _t, MARATHON2K8S_DEBUG: _d, ...base } = process.env;
    return execa('node', [BIN, command, input, '--kubeconfig', kubeconfig, '-n', NS, '--secret-store-url', fake.url, ...extra], {
      reject: false, cwd: ROOT, env: { ...base, DCOS_TOKEN: TOKEN, MARATHON2K8S_DEBUG: '1' }, extendEnv: false,
    });
  };
  const live = async (name: string) => (await client.get({ apiVersion: 'v1', kind: 'Secret', metadata: { name, namespace: NS } }))!;
  const bytes = (secret: KubeObject, key: string) => Buffer.from((secret.data as Record<string, string>)[key]!, 'base64');
  const expectHidden = (text: string) => {
    for (const v of NEVER_SHOWN) expect(text).not.toContain(v);
  };

  test('diff before apply: the Secrets to add with their keys, every value masked', async () => {
    const r = await cli('diff');
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toContain(`+++ new: Secret ${NS}/shop-web-secrets`);
    expect(r.stdout).toContain("+  db: '***'");
    expect(r.stdout).toContain("+  keystore: '***'");
    expect(r.stdout).toContain("+  .dockerconfigjson: '***'");
    expectHidden(r.stdout + r.stderr);
  });

  test('apply creates the Secrets with exactly the stored bytes; no value on stdout/stderr', async () => {
    const r = await cli('apply');
    expect(r.stderr).toContain('2 Secrets: 2 filled');
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain(`created     Secret ${NS}/shop-web-secrets`);
    expect(r.stdout).toContain(`created     Secret ${NS}/shop-web-pull-secret`);
    expectHidden(r.stdout + r.stderr);
    const secret = await live('shop-web-secrets');
    expect(bytes(secret, 'db').toString('utf8')).toBe(PASSWORD);
    expect(bytes(secret, 'keystore').equals(KEYSTORE)).toBe(true);
    expect(secret.metadata.annotations?.['marathon2k8s.io/secret-store']).toBe('default');
    expect(secret.metadata.annotations?.['marathon2k8s.io/secret-stub']).toBeUndefined();
    const pull = await live('shop-web-pull-secret');
    expect(pull.type).toBe('kubernetes.io/dockerconfigjson');
    expect(bytes(pull, '.dockerconfigjson').toString('utf8')).toBe(DOCKER_CONFIG);
    // The Deployment reads them by these names.
    const deployment = (await client.get({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'shop-web', namespace: NS } }))!;
    expect(JSON.stringify(deployment)).toContain('"imagePullSecrets":[{"name":"shop-web-pull-secret"}]');
  });

  test('an existing Secret with other values is kept without --overwrite-secrets (apply and diff say so), replaced with it', async () => {
    // An operator changes a value by hand (another field manager, an update, not an apply).
    const current = await live('shop-web-secrets');
    (current.data as Record<string, string>).db = b64(BY_HAND);
    await raw.replace(current as never, undefined, undefined, 'kubectl-edit');

    const diff = await cli('diff');
    expect(diff.stdout).toContain(`# Secret ${NS}/shop-web-secrets: exists; values differ (changed: db), apply keeps it (--overwrite-secrets)`);
    expectHidden(diff.stdout + diff.stderr);

    const kept = await cli('apply');
    expect(kept.exitCode).toBe(0);
    expect(kept.stdout).toContain(`unchanged   Secret ${NS}/shop-web-secrets (exists; values differ (changed: db), not overwritten (--overwrite-secrets))`);
    expectHidden(kept.stdout + kept.stderr);
    expect(bytes(await live('shop-web-secrets'), 'db').toString()).toBe(BY_HAND);

    const overwriteDiff = await cli('diff', ['--overwrite-secrets']);
    expect(overwriteDiff.stdout).toContain("-  db: '*** (before)'");
    expect(overwriteDiff.stdout).toContain("+  db: '*** (after)'");
    expectHidden(overwriteDiff.stdout + overwriteDiff.stderr);

    const replaced = await cli('apply', ['--overwrite-secrets']);
    expect(replaced.exitCode).toBe(0);
    expect(replaced.stdout).toContain(`configured  Secret ${NS}/shop-web-secrets`);
    expectHidden(replaced.stdout + replaced.stderr);
    const after = await live('shop-web-secrets');
    expect(bytes(after, 'db').toString()).toBe(PASSWORD);
    expect(bytes(after, 'keystore').equals(KEYSTORE)).toBe(true);

    // Same values again: nothing to change, nothing to refuse.
    const again = await cli('apply');
    expect(again.stdout).toContain(`unchanged   Secret ${NS}/shop-web-secrets\n`);
  });
});
