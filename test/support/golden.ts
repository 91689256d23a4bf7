/**
 * Golden fixtures: `fixtures/<set>/<case>/input.json` with the expected `expected.yaml` (the
 * convert output) and `findings.txt` (the findings in their stderr form). Run with
 * UPDATE_GOLDEN=1 to rewrite the expectations, then review the diff like code.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const FIXTURES = join(import.meta.dirname, '..', '..', 'fixtures');
export const UPDATE = process.env.UPDATE_GOLDEN === '1';

export function fixtureCases(set: string): string[] {
  const dir = join(FIXTURES, set);
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(join(dir, e.name, 'input.json')))
    .map((e) => e.name)
    .sort();
}

/** Compares `actual` with the golden file (or writes it in update mode). */
export function expectGolden(path: string, actual: string): void {
  if (UPDATE || !existsSync(path)) {
    writeFileSync(path, actual);
    if (!UPDATE) throw new Error(`golden file ${path} did not exist and was written: review it and run again`);
    return;
  }
  expect(actual).toBe(readFileSync(path, 'utf8'));
}

/**
 * Fixtures whose input is several files (e.g. the apps and the Edge-LB pool that routes to them):
 * `fixtures/<set>/<case>/inputs/*.json`, converted together in name order, with the same
 * `expected.yaml`, `findings.txt` and optional `options.json` as single-input cases.
 */
export function multiInputCases(set: string): string[] {
  const dir = join(FIXTURES, set);
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(join(dir, e.name, 'inputs')) && !existsSync(join(dir, e.name, 'input.json')))
    .map((e) => e.name)
    .sort();
}

/** The sources of a multi-input case, named `inputs/<file>` as findings show them. */
export function fixtureSources(dir: string): { file: string; text: string }[] {
  return readdirSync(join(dir, 'inputs')).filter((f) => f.endsWith('.json')).sort()
    .map((f) => ({ file: `inputs/${f}`, text: readFileSync(join(dir, 'inputs', f), 'utf8') }));
}
