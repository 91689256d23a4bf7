/**
 * `marathon2k8s chart`: Marathon input → charts on disk, --lint with the real helm (and a fake
 * failing one), usage errors.
 */
import { jest } from '@jest/globals';
import { Command, CommanderError } from 'commander';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { registerChartCommand } from '../../src/cli/chart.js';
import { UsageError } from '../../src/cli/common.js';
import { helmBin } from '../support/helm.js';

jest.setTimeout(60_000);

let dir: string;
let input: string;

const APPS = [
  {
    id: '/shop/web',
    instances: 2,
    cpus: 0.5,
    mem: 128,
    env: { LOG_LEVEL: 'info' },
    container: { type: 'DOCKER', docker: { image: 'nginx:1.25' }, portMappings: [{ containerPort: 80, name: 'http' }] },
    healthChecks: [{ protocol: 'MESOS_HTTP', path: '/', portIndex: 0 }],
  },
  { id: '/shop/api', cmd: 'sleep 1000', cpus: 0.1, mem: 64, container: { type: 'DOCKER', docker: { image: 'busybox:1.36' } } },
];

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'm2k-chart-cli-'));
  input = path.join(dir, 'apps.json');
  await writeFile(input, JSON.stringify(APPS));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Runs the command like main() does; returns exit code and stderr (thrown errors rethrown). */
async function run(args: string[]): Promise<{ code: number; stderr: string }> {
  const program = new Command('marathon2k8s').exitOverride();
  registerChartCommand(program);
  for (const sub of program.commands) sub.exitOverride().configureOutput({ writeErr: () => undefined });
  let stderr = '';
  const spy = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  });
  const before = process.exitCode;
  process.exitCode = undefined;
  try {
    await program.parseAsync(['node', 'marathon2k8s', 'chart', ...args]);
    return { code: Number(process.exitCode ?? 0), stderr };
  } finally {
    spy.mockRestore();
    process.exitCode = before;
  }
}

test('writes a chart per Marathon group and lints it with helm', async () => {
  const out = path.join(dir, 'out1');
  const r = await run([input, '--out', out, '--lint', '--helm-bin', await helmBin()]);
  expect(r.stderr).toMatch(/wrote 1 chart under .*: shop \(2 apps\).*helm lint --strict and helm template passed/);
  expect(r.code).toBe(0);
  const values = await readFile(path.join(out, 'shop', 'values.yaml'), 'utf8');
  expect(values).toMatch(/web:\n(.*\n)*? {2}replicas: 2/);
  expect(existsSync(path.join(out, 'shop', 'templates', 'api-deployment.yaml'))).toBe(true);
});

test('--name puts everything into one chart; --namespace is a convert option', async () => {
  const out = path.join(dir, 'out2');
  const r = await run([input, '--out', out, '--name', 'everything', '--namespace', 'prod', '-q']);
  expect(r.code).toBe(0);
  const chart = await readFile(path.join(out, 'everything', 'Chart.yaml'), 'utf8');
  expect(chart).toMatch(/name: everything/);
  expect(chart).toMatch(/description: .*\/shop/);
});

test('--lint fails with exit 1 when helm lint fails', async () => {
  const fake = path.join(dir, 'fake-helm');
  await writeFile(fake, '#!/bin/sh\ncase "$1" in\n  version) echo v3.14.0 ;;\n  lint) echo "[ERROR] templates/: boom"; exit 1 ;;\n  *) exit 0 ;;\nesac\n');
  await chmod(fake, 0o755);
  const r = await run([input, '--out', path.join(dir, 'out3'), '--lint', '--helm-bin', fake]);
  expect(r.code).toBe(1);
  expect(r.stderr).toMatch(/helm lint --strict .* failed:\n\[ERROR\] templates\/: boom/);
});

test('--lint without helm fails fast with a clear message', async () => {
  const out = path.join(dir, 'out4');
  const r = await run([input, '--out', out, '--lint', '--helm-bin', path.join(dir, 'missing-helm')]);
  expect(r.code).toBe(1);
  expect(r.stderr).toMatch(/helm not found .*--helm-bin/);
  expect(existsSync(out)).toBe(false);
});

test('usage errors: bad --name, missing --out', async () => {
  await expect(run([input, '--out', path.join(dir, 'out5'), '--name', 'Not_Valid'])).rejects.toThrow(UsageError);
  await expect(run([input])).rejects.toThrow(CommanderError);
});
