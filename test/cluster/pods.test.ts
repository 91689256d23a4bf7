/**
 * Marathon pods converted for the Kubernetes version the real kube-apiserver 1.20 reports, then
 * checked by a server-side dry run: every pod fixture and every corpus pod, in one namespace of
 * their own (created for real first, so that the server validates every object; deleted at the end).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { KubernetesObjectApi } from '@kubernetes/client-node';
import { describeIfCluster } from '../support/cluster.js';
import { corpusFiles } from '../support/corpus.js';
import { FIXTURES } from '../support/golden.js';
import { connectCluster, applyObjects, type ClusterSession } from '../../src/cluster/session.js';
import type { KubeObject } from '../../src/kube/types.js';
import { DEFAULT_OPTIONS, type ConvertOptions } from '../../src/options.js';
import { convertSources, type ConversionResult } from '../../src/pipeline.js';

const NS = `m2k-pods-${Date.now().toString(36)}-${Math.floor(Math.random() * 1e4)}`;

function podInputs(): { file: string; text: string }[] {
  const dir = join(FIXTURES, 'pods');
  const fixtures = readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => join(dir, e.name, 'input.json'));
  return [...fixtures, ...corpusFiles('pods')].map((file) => ({ file, text: readFileSync(file, 'utf8') }));
}

await describeIfCluster('Marathon pods against kube-apiserver 1.20', (kubeconfig) => {
  let session: ClusterSession;
  let result: ConversionResult;

  beforeAll(async () => {
    session = await connectCluster({ kubeconfig });
    const options: ConvertOptions = { ...DEFAULT_OPTIONS, kubeVersion: session.info.kubeVersion, namespace: NS, secretStubs: true };
    result = convertSources(podInputs(), options);
    const namespace: KubeObject = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } };
    await session.client.apply(namespace, { dryRun: false, force: false });
  });

  afterAll(async () => {
    // Test cleanup only: marathon2k8s itself never deletes.
    const raw = KubernetesObjectApi.makeApiClient(session.kc);
    await raw.delete({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } }).catch(() => undefined);
  });

  test('every pod converts for 1.20', () => {
    expect(session.info.kubeVersion).toBe('1.20');
    expect(result.failed).toBe(0);
    expect(result.units.filter((u) => u.kind === 'pod' && u.status !== 'converted')).toEqual([]);
    expect(result.objects.some((o) => o.kind === 'StatefulSet')).toBe(true);
  });

  test('the server accepts every object in a dry run', async () => {
    const report = await applyObjects(session.client, result.objects, { dryRun: true });
    const problems = report.entries.filter((e) => e.outcome === 'failed' || e.outcome === 'skipped' || e.message !== undefined);
    expect(problems.map((e) => `${e.ref}: ${e.outcome} ${e.message ?? ''}`)).toEqual([]);
    // One workload per pod (and per app of the group fixture).
    expect(report.entries.filter((e) => ['Deployment', 'StatefulSet'].includes(e.object.kind)).length)
      .toBe(result.units.filter((u) => u.status === 'converted').length);
  });
});
