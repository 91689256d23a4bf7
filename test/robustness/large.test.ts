/**
 * Size: a generated export of about 20 MB (big values rather than many apps, so the suite stays
 * fast) converts in-process with every app accounted for; larger runs (100,000 apps, 100 MB)
 * belong to `npm run bench` and to MARATHON2K8S_BIG_TESTS=1 (test/robustness/cli.test.ts).
 */
import { DEFAULT_OPTIONS } from '../../src/options.js';
import { formatFinding } from '../../src/findings.js';
import { convertSources } from '../../src/pipeline.js';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultIndexPath, generateApps, writeExport } from '../../scripts/bench/generate.js';
import { validateMarathon } from '../../src/marathon/validate.js';

test('a 20 MB export converts, every app accounted for', () => {
  const apps = [...generateApps({ n: 1700, seed: 11, shape: 'apps', exportNoise: 1 })].map(({ app }, i) => ({
    ...app,
    // ~13 kB of labels and env per app: long values, many keys.
    labels: { ...(app.labels as object | undefined), notes: 'n'.repeat(6000), [`k-${i}`]: 'v'.repeat(63) },
    env: { ...(app.env as object | undefined), BLOB: 'b'.repeat(6000) },
  }));
  const text = JSON.stringify({ apps });
  expect(text.length).toBeGreaterThan(20e6);
  const started = Date.now();
  const result = convertSources([{ file: 'big.json', text }], DEFAULT_OPTIONS);
  expect(Date.now() - started).toBeLessThan(90_000);
  expect(result.findings.filter((f) => f.code === 'internal-error' || f.code === 'invalid-object').map(formatFinding)).toEqual([]);
  expect(result.units.length).toBe(apps.length);
  expect(result.units.every((u) => u.status === 'converted' || u.status === 'skipped')).toBe(true);
  expect(result.failed).toBe(0);
}, 120_000);

test('the bench group export holds apps and pods (in the corpus proportion) that Marathon accepts, and converts without an error', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'm2k-gen-'));
  try {
    const file = join(dir, 'groups.json');
    await writeExport(file, { n: 600, seed: 5, shape: 'groups', exportNoise: 0.3, indexPath: defaultIndexPath() });
    const text = readFileSync(file, 'utf8');
    expect(validateMarathon('group', JSON.parse(text))).toEqual([]);
    const result = convertSources([{ file, text }], DEFAULT_OPTIONS);
    const kinds = (k: string) => result.units.filter((u) => u.kind === k).length;
    expect(kinds('app')).toBe(600);
    expect(kinds('pod')).toBeGreaterThan(60); // ≈ 0.2 pods per app in the corpus
    expect(result.findings.filter((f) => f.severity === 'error').map(formatFinding)).toEqual([]);
    expect(result.failed).toBe(0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
