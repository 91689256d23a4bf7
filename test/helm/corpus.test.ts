/**
 * Charts of the shared corpus through the real conversion: every group file as its own charts,
 * and all apps as one chart. Each must pass `helm lint --strict`, render with `helm template`,
 * render only schema-valid objects, and render with default values exactly the objects `convert`
 * produced (modulo Helm's labels).
 */
import { jest } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { writeCharts } from '../../src/emit/chart/index.js';
import { findHelm, type Helm } from '../../src/helm/helm.js';
import type { KubeObject } from '../../src/kube/types.js';
import { validateObject } from '../../src/kube/validate.js';
import { DEFAULT_OPTIONS } from '../../src/options.js';
import { convertInputs } from '../../src/pipeline.js';
import { corpusFiles, describeCorpus } from '../support/corpus.js';
import { helmBin, objectKey, parseRendered, withoutHelmLabels } from '../support/helm.js';

jest.setTimeout(300_000);

let helm: Helm;
let out: string;

beforeAll(async () => {
  helm = await findHelm(await helmBin());
  out = await mkdtemp(path.join(tmpdir(), 'm2k-corpus-chart-'));
});

afterAll(async () => {
  if (out) await rm(out, { recursive: true, force: true });
});

/** Charts for `objects` under `dir`; returns a problem description per failing chart. */
async function checkCharts(objects: KubeObject[], dir: string, name?: string): Promise<string[]> {
  const problems: string[] = [];
  const charts = await writeCharts(objects, [], name !== undefined ? { outDir: dir, name } : { outDir: dir });
  for (const c of charts) {
    const lint = await helm.lint(c.dir);
    if (!lint.ok) {
      problems.push(`${c.name}: helm lint --strict failed:\n${lint.output}`);
      continue;
    }
    const ns = c.plan.namespaces[0] ?? c.name;
    let text: string;
    try {
      text = await helm.template(c.dir, { namespace: ns });
    } catch (e) {
      problems.push(`${c.name}: ${(e as Error).message}`);
      continue;
    }
    const raw = parseRendered(text);
    for (const o of raw) {
      const invalid = validateObject(o);
      if (invalid.length > 0) problems.push(`${c.name}: rendered ${objectKey(o)} is invalid: ${invalid.join('; ')}`);
    }
    const rendered = new Map(raw.map((o) => [objectKey(o), withoutHelmLabels(o)]));
    const expected = objects.filter((o) => o.kind !== 'Namespace' && c.plan.apps.some((a) => a.objects.includes(o)));
    for (const o of expected) {
      const r = rendered.get(objectKey({ ...o, metadata: { ...o.metadata, namespace: ns } }));
      const want = { ...o, metadata: { ...o.metadata, namespace: ns } };
      if (JSON.stringify(sortKeys(r)) !== JSON.stringify(sortKeys(want))) {
        problems.push(`${c.name}: ${objectKey(o)} renders differently:\nwant ${JSON.stringify(want)}\ngot  ${JSON.stringify(r)}`);
      }
    }
    if (rendered.size !== expected.length) problems.push(`${c.name}: rendered ${rendered.size} objects, expected ${expected.length}`);
  }
  return problems;
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (typeof v === 'object' && v !== null) {
    return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]));
  }
  return v;
}

describeCorpus('charts of the corpus', () => {
  test.each(corpusFiles('groups').map((f) => [path.basename(f), f]))('group %s', async (_name, file) => {
    const result = await convertInputs([file], DEFAULT_OPTIONS);
    const problems = await checkCharts(result.objects, path.join(out, path.basename(file)));
    expect(problems).toEqual([]);
  });

  test('all apps, a chart per namespace', async () => {
    const result = await convertInputs(corpusFiles('apps'), DEFAULT_OPTIONS);
    const problems = await checkCharts(result.objects, path.join(out, 'apps-by-namespace'));
    expect(problems).toEqual([]);
  });

  test('all apps as one chart', async () => {
    const result = await convertInputs(corpusFiles('apps'), { ...DEFAULT_OPTIONS, namespace: 'apps' });
    expect(result.objects.length).toBeGreaterThan(0);
    const problems = await checkCharts(result.objects, path.join(out, 'all-apps'), 'apps');
    expect(problems).toEqual([]);
  });
});
