/**
 * The package as users get it: `npm pack` from a fresh copy of the sources (no dist/, as in a
 * fresh clone) must build the CLI itself (the prepack script) and hold it; installing the tarball
 * into a temporary prefix gives a working `marathon2k8s` that converts a fixture.
 *
 * The copy is taken from the work tree (git's tracked and untracked, not ignored, files), so what
 * is tested is the code as it is now; node_modules is linked, not copied. Installing needs the
 * npm registry for the dependencies (the npm cache is preferred): where it cannot be reached the
 * install step is skipped loudly, unless CI is set, where it fails.
 */
import { execa } from 'execa';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..', '..');
const FIXTURE = join(ROOT, 'fixtures', 'apps', '01-id-nested', 'input.json');

let work: string;
let tarball: string;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'm2k-pack-'));
  const src = join(work, 'src');
  const { stdout } = await execa('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: ROOT });
  for (const file of stdout.split('\0').filter((f) => f !== '' && !f.startsWith('node_modules/'))) {
    if (!existsSync(join(ROOT, file))) continue; // deleted in the work tree, not yet in git
    mkdirSync(dirname(join(src, file)), { recursive: true });
    cpSync(join(ROOT, file), join(src, file));
  }
  symlinkSync(join(ROOT, 'node_modules'), join(src, 'node_modules'), 'dir');
  expect(existsSync(join(src, 'dist'))).toBe(false);
  const packed = await execa('npm', ['pack', '--pack-destination', work, '--json'], { cwd: src });
  const [info] = JSON.parse(packed.stdout) as { filename: string; files: { path: string }[] }[];
  tarball = join(work, info!.filename);
  files = info!.files.map((f) => f.path);
}, 300_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

let files: string[] = [];

test('the tarball holds the built CLI, the schemas, README and LICENSE, and no sources or tests', () => {
  expect(files).toEqual(expect.arrayContaining(['dist/src/cli/main.js', 'dist/src/index.js', 'package.json', 'README.md', 'LICENSE', 'schemas/marathon-app.schema.json']));
  expect(files.filter((f) => f.startsWith('src/') || f.startsWith('test/') || f.startsWith('fixtures/') || f.endsWith('.ts') && !f.endsWith('.d.ts'))).toEqual([]);
});

test('installed into a temporary prefix, marathon2k8s converts a fixture', async () => {
  const prefix = join(work, 'prefix');
  const install = await execa('npm', ['install', '--global', '--prefix', prefix, tarball, '--prefer-offline', '--no-audit', '--no-fund'], {
    reject: false, timeout: 240_000,
  });
  if (install.exitCode !== 0) {
    const offline = /ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ETIMEDOUT|ENOTCACHED|ENETUNREACH/.test(install.stderr);
    if (offline && !process.env.CI) {
      console.warn(`!! SKIPPED: installing the packed tarball needs the npm registry, which cannot be reached:\n${install.stderr.split('\n').slice(0, 3).join('\n')}`);
      return;
    }
    throw new Error(`npm install of the tarball failed:\n${install.stderr}`);
  }
  const bin = join(prefix, 'bin', 'marathon2k8s');
  expect(readdirSync(join(prefix, 'bin'))).toContain('marathon2k8s');
  const version = await execa(bin, ['--version']);
  expect(version.stdout.trim()).toBe(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version);
  const r = await execa(bin, ['convert', FIXTURE, '-o', 'name'], { reject: false, cwd: work });
  expect(r.exitCode).toBe(0);
  expect(r.stdout).toBe('namespace/shop\ndeployment.apps/frontend-web\nservice/frontend-web');
  expect(r.stderr).toMatch(/^1 Marathon object: converted 1 app to 3 Kubernetes objects/m);

  // The library entry (package.json main/types) resolves by the package's name.
  const script = join(prefix, 'lib', 'use-library.mjs');
  writeFileSync(script, [
    "import { convertSources, DEFAULT_OPTIONS, toNames } from 'marathon2k8s';",
    "import { readFileSync } from 'node:fs';",
    'const result = convertSources([{ file: process.argv[2], text: readFileSync(process.argv[2], "utf8") }], DEFAULT_OPTIONS);',
    'process.stdout.write(toNames(result.objects));',
  ].join('\n'));
  const lib = await execa('node', [script, FIXTURE]);
  expect(lib.stdout).toBe('namespace/shop\ndeployment.apps/frontend-web\nservice/frontend-web');
  expect(existsSync(join(prefix, 'lib', 'node_modules', 'marathon2k8s', 'dist', 'src', 'index.d.ts'))).toBe(true);
}, 300_000);
