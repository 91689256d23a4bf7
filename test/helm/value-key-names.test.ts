/**
 * Apps named like the keys of an app's values (probes, env, service, image, containers…) must
 * not confuse the chart writer's values.schema.json: the chart still lints and renders.
 */
import { jest } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { writeCharts } from '../../src/emit/chart/index.js';
import { findHelm } from '../../src/helm/helm.js';
import { DEFAULT_OPTIONS } from '../../src/options.js';
import { convertSources } from '../../src/pipeline.js';
import { helmBin } from '../support/helm.js';

jest.setTimeout(60_000);

const NAMES = ['probes', 'env', 'service', 'image', 'containers', 'resources', 'ingress', 'persistence'];

test('apps named like value keys give a chart that lints and renders', async () => {
  const apps = NAMES.map((n) => ({ id: `/t/${n}`, cmd: 'sleep 1000', cpus: 0.1, mem: 32, container: { type: 'DOCKER', docker: { image: 'busybox:1.36' } } }));
  const result = convertSources([{ file: 'apps.json', text: JSON.stringify(apps) }], DEFAULT_OPTIONS);
  const dir = await mkdtemp(path.join(tmpdir(), 'm2k-chart-names-'));
  try {
    const [chart] = await writeCharts(result.objects, result.findings, { outDir: dir });
    const helm = await findHelm(await helmBin());
    const linted = await helm.lint(chart!.dir);
    expect(linted.ok).toBe(true);
    expect(await helm.template(chart!.dir)).toContain('name: probes');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
