/**
 * Project hygiene a new user trips over: the license text, the build before packing, and a README
 * that names every environment variable the code reads and no stale behaviour.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..', '..');
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { license: string; scripts: Record<string, string>; files: string[] };

function filesUnder(dir: string, ext: RegExp): string[] {
  return readdirSync(join(ROOT, dir), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && ext.test(e.name))
    .map((e) => join(e.parentPath, e.name));
}

test('LICENSE holds the Apache License 2.0 text, as package.json says', () => {
  const license = readFileSync(join(ROOT, 'LICENSE'), 'utf8');
  expect(pkg.license).toBe('Apache-2.0');
  expect(license).toContain('Apache License\n                           Version 2.0, January 2004');
  expect(license).toContain('TERMS AND CONDITIONS FOR USE, REPRODUCTION, AND DISTRIBUTION');
  expect(license).toContain('END OF TERMS AND CONDITIONS');
  expect(license.split('\n').length).toBeGreaterThan(200);
});

test('npm pack builds first', () => {
  expect(pkg.scripts.prepack).toMatch(/npm run build/);
  expect(pkg.files).toContain('dist');
});

test('every environment variable the code, scripts and tests read is in the README', () => {
  const names = new Set<string>();
  for (const file of [...filesUnder('src', /\.ts$/), ...filesUnder('scripts', /\.(ts|mjs|sh)$/), ...filesUnder('test', /\.ts$/)]) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/process\.env\.([A-Z][A-Z0-9_]+)/g)) names.add(m[1]!);
    for (const m of text.matchAll(/\$\{?(MARATHON2K8S_[A-Z0-9_]+)/g)) names.add(m[1]!);
  }
  const missing = [...names].filter((n) => !README.includes(`\`${n}\``) && !README.includes(`${n}=`)).sort();
  expect(missing).toEqual([]);
});

test('the README has no stale statements the issue named', () => {
  expect(README).not.toMatch(/reported `unsupported-kind` for now/);
  expect(README).toMatch(/^\| `--jobs-as job\\\|cronjob` \|/m);
  expect(README).toContain('npm run helm:bin');
});
