/**
 * Charts made for old targets (issue 16): Chart.yaml's kubeVersion range starts at the target and
 * ends before the first release that removed an API version the chart uses; `helm lint --strict`
 * for the target is clean; `helm template` for the target renders exactly the converted objects,
 * each valid under the target's schema; a cluster outside the range is refused by Helm.
 */
import { jest } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import yaml from 'js-yaml';
import { writeCharts } from '../../src/emit/chart/index.js';
import { findHelm, type Helm } from '../../src/helm/helm.js';
import { validateObject } from '../../src/kube/validate.js';
import { DEFAULT_OPTIONS } from '../../src/options.js';
import { convertSources } from '../../src/pipeline.js';
import { FIXTURES } from '../support/golden.js';
import { helmBin, objectKey, parseRendered, withoutHelmLabels } from '../support/helm.js';

jest.setTimeout(120_000);

let helm: Helm;
let out: string;

beforeAll(async () => {
  helm = await findHelm(await helmBin());
  out = await mkdtemp(path.join(tmpdir(), 'm2k-chart-versions-'));
});

afterAll(async () => {
  if (out) await rm(out, { recursive: true, force: true });
});

const INPUTS = ['260-kube-1-9-late-fields', '261-kube-1-12-ingress-extensions', '262-kube-1-12-block-volume-and-group', '263-kube-1-15-networking-v1beta1', '265-kube-1-12-metronome-job']
  .map((name) => ({ file: `${name}/input.json`, text: readFileSync(path.join(FIXTURES, 'apps', name, 'input.json'), 'utf8') }));

test.each([
  ['1.9', '>= 1.9.0-0 < 1.22.0-0'],
  ['1.12', '>= 1.12.0-0 < 1.22.0-0'],
  ['1.15', '>= 1.15.0-0 < 1.22.0-0'],
  ['1.20', '>= 1.20.0-0 < 1.25.0-0'],
  [DEFAULT_OPTIONS.kubeVersion, `>= ${DEFAULT_OPTIONS.kubeVersion}.0-0`],
])('Kubernetes %s: kubeVersion %s, lint clean, renders the converted objects', async (kubeVersion, range) => {
  const result = convertSources(INPUTS, { ...DEFAULT_OPTIONS, kubeVersion, namespace: 'legacy' });
  const [chart, ...more] = await writeCharts(result.objects, result.findings, { outDir: path.join(out, kubeVersion), name: 'legacy', versions: { kubeVersion } });
  expect(more).toEqual([]);
  const meta = yaml.load(await readFile(path.join(chart!.dir, 'Chart.yaml'), 'utf8')) as { kubeVersion?: string };
  expect(meta.kubeVersion).toBe(range);

  const lint = await helm.lint(chart!.dir, { kubeVersion });
  expect(lint.output).not.toMatch(/\[(WARNING|ERROR)\]/);
  expect(lint.ok).toBe(true);

  const rendered = parseRendered(await helm.template(chart!.dir, { namespace: 'legacy', kubeVersion }));
  for (const o of rendered) expect([objectKey(o), validateObject(o, kubeVersion)]).toEqual([objectKey(o), []]);
  const byKey = new Map(rendered.map((o) => [objectKey(o), withoutHelmLabels(o)]));
  const expected = result.objects.filter((o) => o.kind !== 'Namespace');
  expect([...byKey.keys()].sort()).toEqual(expected.map(objectKey).sort());
  for (const o of expected) expect(byKey.get(objectKey(o))).toEqual(o);
});

test('Helm refuses a chart made for 1.12 on a cluster that no longer serves its Ingress API', async () => {
  const result = convertSources(INPUTS, { ...DEFAULT_OPTIONS, kubeVersion: '1.12', namespace: 'legacy' });
  const [chart] = await writeCharts(result.objects, result.findings, { outDir: path.join(out, 'refused'), name: 'legacy', versions: { kubeVersion: '1.12' } });
  await expect(helm.template(chart!.dir, { namespace: 'legacy', kubeVersion: '1.22' })).rejects.toThrow(/kubeVersion/);
  await expect(helm.template(chart!.dir, { namespace: 'legacy', kubeVersion: '1.11' })).rejects.toThrow(/kubeVersion/);
});
