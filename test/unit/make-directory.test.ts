/** makeDirectory: `mkdir -p` that never spins (see src/emit/files.ts). */
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeDirectory } from '../../src/emit/files.js';

let tmp: string;
beforeEach(() => {
  tmp = mkdtempSync(join(tmpdir(), 'm2k-mkdir-'));
});
afterEach(() => rmSync(tmp, { recursive: true, force: true }));

test('creates every missing level, and accepts a directory that exists', () => {
  const deep = join(tmp, 'a', 'b', 'c');
  makeDirectory(deep);
  expect(statSync(deep).isDirectory()).toBe(true);
  expect(() => makeDirectory(deep)).not.toThrow();
  expect(() => makeDirectory(join(tmp, 'a'))).not.toThrow();
});

test('a file in the way is an error, not a directory', () => {
  writeFileSync(join(tmp, 'f'), 'x');
  expect(() => makeDirectory(join(tmp, 'f'))).toThrow(/EEXIST/);
  expect(() => makeDirectory(join(tmp, 'f', 'below'))).toThrow(/ENOTDIR/);
});

test('under /proc, where mkdir answers ENOENT below an existing directory, it fails at once', () => {
  expect(() => makeDirectory('/proc/marathon2k8s-test/a/b')).toThrow(/ENOENT/);
});
