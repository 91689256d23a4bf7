/**
 * The whole shared corpus (apps, groups, pods) and every app fixture, converted for the version
 * the real kube-apiserver 1.20 reports and checked by a server-side dry run: the strongest check
 * that the output of a 1.20 target is valid for 1.20 (beyond the offline check against the 1.20
 * OpenAPI schema, it runs the server's own validation and admission).
 * One namespace of its own (created for real so the server validates every object; deleted at the end).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { KubernetesObjectApi } from '@kubernetes/client-node';
import { describeIfCluster } from '../support/cluster.js';
import { corpusFiles, HAS_CORPUS } from '../support/corpus.js';
import { FIXTURES } from '../support/golden.js';
import { connectCluster, applyObjects, type ClusterSession } from '../../src/cluster/session.js';
import type { KubeObject } from '../../src/kube/types.js';
import { DEFAULT_OPTIONS, type ConvertOptions } from '../../src/options.js';
import { convertSources, type ConversionResult } from '../../src/pipeline.js';

const NS = `m2k-corpus-${Date.now().toString(36)}-${Math.floor(Math.random() * 1e4)}`;

function inputs(): { file: string; text: string }[] {
  const dir = join(FIXTURES, 'apps');
  const fixtures = readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => join(dir, e.name, 'input.json'));
  const corpus = HAS_CORPUS ? [...corpusFiles('apps'), ...corpusFiles('groups'), ...corpusFiles('pods')] : [];
  return [...fixtures, ...corpus].map((file) => ({ file, text: readFileSync(file, 'utf8') }));
}

await describeIfCluster('the corpus against kube-apiserver 1.20', (kubeconfig) => {
  let session: ClusterSession;
  let result: ConversionResult;

  beforeAll(async () => {
    session = await connectCluster({ kubeconfig });
    const options: ConvertOptions = { ...DEFAULT_OPTIONS, kubeVersion: session.info.kubeVersion, namespace: NS, secretStubs: true, includePackages: true };
    result = convertSources(inputs(), options);
    const namespace: KubeObject = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } };
    await session.client.apply(namespace, { dryRun: false, force: false });
  }, 120_000);

  afterAll(async () => {
    // Test cleanup only: marathon2k8s itself never deletes.
    const raw = KubernetesObjectApi.makeApiClient(session.kc);
    await raw.delete({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } }).catch(() => undefined);
  });

  test('the server accepts every converted object in a dry run', async () => {
    expect(result.objects.length).toBeGreaterThan(100);
    const report = await applyObjects(session.client, result.objects, { dryRun: true });
    const problems = report.entries.filter((e) => e.outcome === 'failed' || e.outcome === 'skipped');
    expect(problems.map((e) => `${e.ref}: ${e.outcome} ${e.message ?? ''}`)).toEqual([]);
  }, 300_000);
});
