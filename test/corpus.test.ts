/**
 * Every real Marathon file of the shared corpus: no crash, every broken file a clear error with
 * line and column, every emitted object valid offline.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { formatFinding } from '../src/findings.js';
import { validateObject } from '../src/kube/validate.js';
import { apiVersionFor } from '../src/kube/versions.js';
import { DEFAULT_OPTIONS } from '../src/options.js';
import { convertSources } from '../src/pipeline.js';
import { corpusFiles, describeCorpus } from './support/corpus.js';

function convertFile(path: string) {
  return convertSources([{ file: path, text: readFileSync(path, 'utf8') }], DEFAULT_OPTIONS);
}

describeCorpus('corpus: apps', () => {
  const files = corpusFiles('apps');

  test('the corpus has app files', () => {
    expect(files.length).toBeGreaterThan(200);
  });

  test.each(files.map((f) => [basename(f), f]))('%s converts', (_name, path) => {
    const result = convertFile(path);
    const bugs = result.findings.filter((f) => f.code === 'internal-error' || f.code === 'invalid-object');
    expect(bugs.map(formatFinding)).toEqual([]);
    for (const obj of result.objects) expect(validateObject(obj)).toEqual([]);
    // Every app file either converts or says why not (an unparseable doc, a pod inside, a DC/OS
    // package skipped on purpose): each Marathon object met is accounted for.
    expect(result.units.length + result.failed).toBeGreaterThan(0);
    for (const unit of result.units) {
      if (unit.status !== 'converted') expect(result.findings.some((f) => f.pointer.startsWith(unit.pointer) && f.severity !== 'info')).toBe(true);
    }
  });

  test('the whole folder converts in one run with distinct names', () => {
    const sources = files.map((file) => ({ file, text: readFileSync(file, 'utf8') }));
    const result = convertSources(sources, DEFAULT_OPTIONS);
    expect(result.converted).toBeGreaterThan(250);
    const keys = result.objects.map((o) => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`);
    expect(new Set(keys).size).toBe(keys.length);
  });
});

describeCorpus('corpus: broken files', () => {
  const files = corpusFiles('broken');

  test.each(files.map((f) => [basename(f), f]))('%s is a clear error with line and column', (_name, path) => {
    const result = convertFile(path);
    expect(result.failed).toBe(1);
    expect(result.objects).toEqual([]);
    const [error] = result.findings;
    expect(error?.code).toBe('json-syntax');
    expect(error?.line).toBeGreaterThan(0);
    expect(error?.column).toBeGreaterThan(0);
    expect(formatFinding(error!)).toMatch(/^error\[json-syntax\] .+:\d+:\d+: .+/);
  });
});

describeCorpus('corpus: pods', () => {
  const files = corpusFiles('pods');

  test.each(files.map((f) => [basename(f), f]))('%s converts every pod', (_name, path) => {
    const result = convertFile(path);
    const pods = result.units.filter((u) => u.kind === 'pod');
    expect(pods.length).toBeGreaterThan(0);
    for (const unit of pods) expect(unit.status).toBe('converted');
    for (const obj of result.objects) expect(validateObject(obj)).toEqual([]);
  });

  test('the whole folder converts in one run with distinct names', () => {
    const result = convertSources(files.map((file) => ({ file, text: readFileSync(file, 'utf8') })), DEFAULT_OPTIONS);
    expect(result.failed).toBe(0);
    expect(result.units.filter((u) => u.kind === 'pod' && u.status === 'converted').length).toBe(files.length);
    const keys = result.objects.map((o) => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`);
    expect(new Set(keys).size).toBe(keys.length);
  });
});

describeCorpus('corpus: pods and groups', () => {
  test.each([...corpusFiles('pods'), ...corpusFiles('groups')].map((f) => [basename(f), f]))('%s never crashes', (_name, path) => {
    const result = convertFile(path);
    const bugs = result.findings.filter((f) => f.code === 'internal-error' || f.code === 'invalid-object');
    expect(bugs.map(formatFinding)).toEqual([]);
  });
});

describeCorpus('corpus: every target version', () => {
  const files = [...corpusFiles('apps'), ...corpusFiles('groups'), ...corpusFiles('pods')];
  const sources = files.map((file) => ({ file, text: readFileSync(file, 'utf8') }));

  // The DC/OS-hosted Kubernetes releases (1.9 … 1.16), the test cluster's 1.20 and the default.
  test.each(['1.9', '1.12', '1.13', '1.15', '1.16', '1.20', DEFAULT_OPTIONS.kubeVersion])('Kubernetes %s: no crash, every object valid under its schema', (kubeVersion) => {
    const result = convertSources(sources, { ...DEFAULT_OPTIONS, kubeVersion, includePackages: true });
    const bugs = result.findings.filter((f) => f.code === 'internal-error' || f.code === 'invalid-object');
    expect(bugs.map(formatFinding)).toEqual([]);
    // The pipeline validated each object for the target; checked here once more, explicitly.
    expect(result.objects.length).toBeGreaterThan(500);
    const invalid = result.objects.flatMap((o) => validateObject(o, kubeVersion, true).map((p) => `${o.kind} ${o.metadata.namespace ?? ''}/${o.metadata.name}: ${p}`));
    expect(invalid).toEqual([]);
    // API versions follow the target (extensions/v1beta1 Ingress before 1.14, networking.k8s.io/v1 from 1.19…).
    for (const kind of ['Ingress', 'CronJob', 'Deployment']) {
      const used = new Set(result.objects.filter((o) => o.kind === kind).map((o) => o.apiVersion));
      expect([...used]).toEqual(used.size === 0 ? [] : [apiVersionFor(kind, kubeVersion)]);
    }
  });
});
