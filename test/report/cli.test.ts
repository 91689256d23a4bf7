/**
 * `marathon2k8s report` in process (registered on a fresh commander program, so the test does
 * not depend on program.ts): formats, -o FILE, exit codes, usage errors.
 */
import { Command, CommanderError } from 'commander';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { registerReportCommand } from '../../src/cli/report.js';
import { UsageError } from '../../src/cli/common.js';

let tmp: string;
let stdout: string;
let stderr: string;
const writes = { out: process.stdout.write, err: process.stderr.write };

beforeEach(() => {
  tmp = mkdtempSync(join(tmpdir(), 'm2k-report-'));
  stdout = '';
  stderr = '';
  process.stdout.write = ((s: string) => ((stdout += s), true)) as typeof process.stdout.write;
  process.stderr.write = ((s: string) => ((stderr += s), true)) as typeof process.stderr.write;
  process.exitCode = undefined;
});
afterEach(() => {
  process.stdout.write = writes.out;
  process.stderr.write = writes.err;
  process.exitCode = undefined;
  rmSync(tmp, { recursive: true, force: true });
});

async function run(...args: string[]): Promise<number> {
  const program = new Command('marathon2k8s').exitOverride();
  registerReportCommand(program);
  for (const sub of program.commands) sub.exitOverride().configureOutput({ writeErr: (s) => (stderr += s), writeOut: (s) => (stdout += s) });
  await program.parseAsync(['node', 'marathon2k8s', ...args]);
  return Number(process.exitCode ?? 0);
}

function input(name: string, body: unknown): string {
  const path = join(tmp, name);
  writeFileSync(path, typeof body === 'string' ? body : JSON.stringify(body));
  return path;
}

const WEB = { id: '/shop/web', container: { type: 'DOCKER', docker: { image: 'nginx:1.25' } } };

test('text by default on stdout, exit 0', async () => {
  expect(await run('report', input('web.json', WEB))).toBe(0);
  expect(stdout).toMatch(/^Migration report: 1 Marathon object → /);
  expect(stdout).toMatch(/^migrated\s+\/shop\/web\s+app/m);
  expect(stdout).not.toMatch(/\u001b\[/);
});

test('-o json --out FILE writes the file, a line on stderr, nothing on stdout', async () => {
  const out = join(tmp, 'report.json');
  expect(await run('report', input('web.json', WEB), '-o', 'json', '--out', out)).toBe(0);
  expect(stdout).toBe('');
  expect(stderr).toContain(`to ${out}`);
  const json = JSON.parse(readFileSync(out, 'utf8')) as { schemaVersion: number; objects: { id: string; status: string }[] };
  expect(json.schemaVersion).toBe(1);
  expect(json.objects).toEqual([expect.objectContaining({ id: '/shop/web', status: 'migrated' })]);
});

test.each([['markdown', /^# Marathon → Kubernetes migration report$/m], ['html', /^<!DOCTYPE html>/]])('--format %s', async (format, pattern) => {
  expect(await run('report', input('web.json', WEB), '--format', format)).toBe(0);
  expect(stdout).toMatch(pattern);
});

test('an input that fails makes exit 1; the others are still reported', async () => {
  const code = await run('report', input('web.json', WEB), input('bad.json', '{"id": '));
  expect(code).toBe(1);
  expect(stdout).toMatch(/^migrated\s+\/shop\/web/m);
  expect(stdout).toContain('json-syntax');
});

test('conversion options are taken (--namespace)', async () => {
  expect(await run('report', input('web.json', WEB), '--namespace', 'prod', '--format', 'json')).toBe(0);
  expect(stdout).toContain('"namespace": "prod"');
});

test('usage errors are commander errors (exit 2 in main)', async () => {
  await expect(run('report', input('web.json', WEB), '--format', 'pdf')).rejects.toBeInstanceOf(CommanderError);
  // No input and no --marathon-url: a UsageError (main turns it into exit 2 as well).
  await expect(run('report')).rejects.toBeInstanceOf(UsageError);
});
