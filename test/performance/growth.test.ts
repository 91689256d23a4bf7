/**
 * No step of a conversion may grow faster than O(n log n) (issue 13). Wall time on a shared,
 * noisy machine cannot show that reliably, so this counts work instead: V8's precise coverage
 * counts every block of JavaScript run while converting and serializing an export of N and of 2N
 * Marathon objects (test/support/operation-counts.mjs: the fixtures' apps and pods, legacy and
 * invalid ones included, in nested groups, with duplicate definitions). The counts are exact and
 * the same on any machine; a quadratic step shows as a function whose count grows ≈ 4× when the
 * input doubles, and the test names it.
 */
import { execa } from 'execa';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

interface Size { n: number; objects: number; total: number; byFunction: Record<string, number> }

/** The bound: 2N apps must cost under 2.3× the work of N. */
const MAX_GROWTH = 2.3;
/** Functions run fewer than this many times per object of the 2N run are constant-size work. */
const MIN_PER_OBJECT = 5;

let sizes: Size[];

beforeAll(async () => {
  // Four and eight times the fixture pool (≈ 1,000 and 2,000 objects): whole cycles keep the mix.
  const { stdout } = await execa(process.execPath, [path.join(ROOT, 'test/support/operation-counts.mjs'), 'x4', 'x8'], { cwd: ROOT });
  sizes = (JSON.parse(stdout) as { sizes: Size[] }).sizes;
}, 300_000);

test('converting twice the apps takes at most 2.3× the work, in total', () => {
  const [small, large] = sizes as [Size, Size];
  expect(large.n).toBe(2 * small.n);
  expect(large.objects).toBeGreaterThan(1.9 * small.objects); // the export really doubled
  expect(large.total / small.total).toBeLessThan(MAX_GROWTH);
});

test('no function does more than 2.3× the work when the apps double (none is quadratic)', () => {
  const [small, large] = sizes as [Size, Size];
  const superlinear = Object.entries(large.byFunction)
    .filter(([, count]) => count >= MIN_PER_OBJECT * large.n)
    .map(([fn, count]) => ({ fn, small: small.byFunction[fn] ?? 0, large: count, growth: count / Math.max(1, small.byFunction[fn] ?? 0) }))
    .filter((f) => f.growth > MAX_GROWTH)
    .map((f) => `${f.fn}: ${f.small} → ${f.large} blocks run (${f.growth.toFixed(2)}×)`);
  expect(superlinear).toEqual([]);
});
