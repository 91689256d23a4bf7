/**
 * diff and apply against a real kube-apiserver (1.20, from scripts/cluster/up.sh). Each run works
 * in its own namespace, deleted at the end (kube-controller-manager finalizes it).
 */
import { KubernetesObjectApi, PatchStrategy } from '@kubernetes/client-node';
import { describeIfCluster } from '../support/cluster.js';
import { loadKubeconfig } from '../../src/cluster/kubeconfig.js';
import { createClusterClient, type ClusterClient } from '../../src/cluster/client.js';
import { discoverCluster } from '../../src/cluster/discovery.js';
import { diffExitCode, diffObjects, diffSummary, formatDiff } from '../../src/cluster/diff.js';
import { applyObjects } from '../../src/cluster/apply.js';
import { waitForRollouts } from '../../src/cluster/wait.js';
import type { KubeObject } from '../../src/kube/types.js';

const NS = `m2k-it-${Date.now().toString(36)}-${Math.floor(Math.random() * 1e4)}`;

function namespace(): KubeObject {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS, labels: { 'app.kubernetes.io/managed-by': 'marathon2k8s' } } };
}

function deployment(name: string, opts: { replicas?: number; env?: string } = {}): KubeObject {
  const labels = { 'app.kubernetes.io/name': name };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: NS, labels, annotations: { 'marathon2k8s.io/marathon-id': `/${NS}/${name}` } },
    spec: {
      replicas: opts.replicas ?? 1,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          containers: [
            {
              name,
              image: 'nginx:1.25',
              // 1.20's server-side apply needs `protocol` on ports (it is part of the list key).
              ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }],
              env: [{ name: 'GREETING', value: opts.env ?? 'hello' }],
            },
          ],
        },
      },
    },
  };
}

function service(name: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace: NS },
    spec: { selector: { 'app.kubernetes.io/name': name }, ports: [{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' }] },
  };
}

function secret(password: string): KubeObject {
  return { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'creds', namespace: NS }, type: 'Opaque', stringData: { password } };
}

function app(opts: { replicas?: number; env?: string; password?: string } = {}): KubeObject[] {
  return [deployment('web', opts), service('web'), secret(opts.password ?? 's3cret-one'), namespace()];
}

await describeIfCluster('diff and apply against kube-apiserver 1.20', (kubeconfig) => {
  let client: ClusterClient;
  let raw: KubernetesObjectApi;

  beforeAll(() => {
    const { kc } = loadKubeconfig({ kubeconfig });
    client = createClusterClient(kc);
    raw = KubernetesObjectApi.makeApiClient(kc);
  });

  afterAll(async () => {
    // Test cleanup only: marathon2k8s itself never deletes.
    await raw?.delete({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } }).catch(() => undefined);
  });

  test('discovery reports 1.20 and its API versions', async () => {
    const { kc } = loadKubeconfig({ kubeconfig });
    const info = await discoverCluster(kc);
    expect(info.kubeVersion).toBe('1.20');
    expect(info.gitVersion).toMatch(/^v1\.20\./);
    expect(info.groupVersions).toContain('batch/v1beta1');
    expect(info.groupVersions).not.toContain('policy/v1');
    expect(info.preferred.apps).toBe('apps/v1');
  });

  test('a new app diffs as all to add (exit 1) and writes nothing', async () => {
    const r = await diffObjects(client, app());
    expect(r.errors).toBe(0);
    expect(diffSummary(r)).toBe('4 to add, 0 to change, 0 unchanged');
    expect(diffExitCode(r)).toBe(1);
    const text = formatDiff(r, false);
    expect(text).toContain(`+++ new: Namespace ${NS}`);
    expect(text).toContain('+kind: Deployment');
    expect(text).not.toContain('s3cret-one');
    expect(await client.get(namespace())).toBeUndefined();
  });

  test('apply creates everything in order, then diff shows no change (exit 0)', async () => {
    const report = await applyObjects(client, app());
    expect(report.entries.map((e) => [e.ref, e.outcome])).toEqual([
      [`Namespace ${NS}`, 'created'],
      [`Secret ${NS}/creds`, 'created'],
      [`Service ${NS}/web`, 'created'],
      [`Deployment ${NS}/web`, 'created'],
    ]);
    expect(report.ok).toBe(true);
    const r = await diffObjects(client, app());
    expect(diffSummary(r)).toBe('0 to add, 0 to change, 4 unchanged');
    expect(diffExitCode(r)).toBe(0);
    expect(formatDiff(r, false)).toBe('');
  });

  test('applying twice changes nothing', async () => {
    const before = (await client.get(deployment('web')))!;
    const report = await applyObjects(client, app());
    expect(report.entries.every((e) => e.outcome === 'unchanged')).toBe(true);
    const after = (await client.get(deployment('web')))!;
    expect((after.metadata as { resourceVersion?: string }).resourceVersion).toBe(
      (before.metadata as { resourceVersion?: string }).resourceVersion,
    );
  });

  test('a change diffs as exactly that change (exit 1); secrets stay masked', async () => {
    const r = await diffObjects(client, app({ env: 'bonjour', password: 's3cret-two' }));
    expect(diffSummary(r)).toBe('0 to add, 2 to change, 2 unchanged');
    expect(diffExitCode(r)).toBe(1);
    const text = formatDiff(r, false);
    const changed = text.split('\n').filter((l) => /^[-+](?![-+]{2} )/.test(l));
    // The Secret comes first (apply order); its values never appear, only that one changed.
    expect(changed).toEqual([
      "-  password: '*** (before)'",
      "+  password: '*** (after)'",
      '-              value: hello',
      '+              value: bonjour',
    ]);
    expect(text).not.toMatch(/s3cret/);
    expect(text).not.toMatch(/managedFields|resourceVersion|uid:|creationTimestamp/);
  });

  test('a conflict with another field manager names the field and the manager; --force-conflicts takes over', async () => {
    // Another tool takes ownership of .spec.replicas.
    await raw.patch(
      { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: NS }, spec: { replicas: 2 } } as never,
      undefined, undefined, 'other-tool', true, PatchStrategy.ServerSideApply,
    );
    const report = await applyObjects(client, [deployment('web', { replicas: 3 })]);
    expect(report.ok).toBe(false);
    const msg = report.entries[0].message!;
    expect(msg).toContain('.spec.replicas');
    expect(msg).toContain('"other-tool"');
    expect(msg).toContain('--force-conflicts');

    const diff = await diffObjects(client, [deployment('web', { replicas: 3 })]);
    expect(diffExitCode(diff)).toBe(2);
    expect(diff.entries[0].error).toContain('other-tool');

    const forced = await applyObjects(client, [deployment('web', { replicas: 3 })], { forceConflicts: true });
    expect(forced.entries[0].outcome).toBe('configured');
    expect(((await client.get(deployment('web')))!.spec as { replicas: number }).replicas).toBe(3);
  });

  test('an invalid object is rejected by the server with a clear message; the rest is reported', async () => {
    const bad = deployment('broken', { replicas: -1 });
    const report = await applyObjects(client, [bad, service('broken')]);
    const failed = report.entries.find((e) => e.outcome === 'failed')!;
    expect(failed.ref).toBe(`Deployment ${NS}/broken`);
    expect(failed.message).toMatch(/rejected by the server as invalid: spec\.replicas: Invalid value: -1/);
    expect(report.entries.find((e) => e.ref === `Service ${NS}/broken`)!.outcome).toBe('created');
    expect(report.ok).toBe(false);
  });

  test('a kind the cluster does not serve (batch/v1 CronJob on 1.20) is an error', async () => {
    const cron: KubeObject = { apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'job', namespace: NS }, spec: {} };
    const r = await diffObjects(client, [cron]);
    expect(r.entries[0].error).toContain('does not serve batch/v1 CronJob');
  });

  test('a server dry run validates but stores nothing', async () => {
    const report = await applyObjects(client, [service('dry')], { dryRun: true });
    expect(report.entries[0].outcome).toBe('created');
    expect(await client.get(service('dry'))).toBeUndefined();
  });

  test('--wait ends at its timeout when pods cannot run (no kubelet here)', async () => {
    const r = await waitForRollouts(client, [deployment('web')], { timeoutMs: 1500, pollMs: 300 });
    expect(r.timedOut).toBe(true);
    expect(r.pending[0].ref).toBe(`Deployment ${NS}/web`);
    expect(r.pending[0].message).toMatch(/replicas|controller/);
  });
});
