/**
 * The command line as users run it: the built binary (npm test builds first), real files,
 * stdin, exit codes.
 */
import { execa } from 'execa';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import yaml from 'js-yaml';

const ROOT = resolve(import.meta.dirname, '..');
const BIN = join(ROOT, 'dist', 'src', 'cli', 'main.js');
const FIXTURE = join(ROOT, 'fixtures', 'apps', '01-id-nested', 'input.json');

function run(args: string[], input?: string) {
  return execa('node', [BIN, ...args], { reject: false, cwd: ROOT, ...(input !== undefined ? { input } : {}) });
}

let tmp: string;
beforeEach(() => {
  tmp = mkdtempSync(join(tmpdir(), 'm2k-cli-'));
});
afterEach(() => rmSync(tmp, { recursive: true, force: true }));

function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)))
    .sort();
}

const APP = { id: '/shop/web', instances: 2, container: { type: 'DOCKER', docker: { image: 'nginx:1.25' } } };

describe('marathon2k8s CLI', () => {
  test('--version prints the package version', async () => {
    const r = await run(['--version']);
    expect(r.exitCode).toBe(0);
    expect(r.stdout.trim()).toBe(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version);
  });

  test('convert a file: YAML documents on stdout, summary on stderr, exit 0', async () => {
    const r = await run(['convert', FIXTURE]);
    expect(r.exitCode).toBe(0);
    const docs = yaml.loadAll(r.stdout) as { kind: string }[];
    expect(docs.map((d) => d.kind)).toEqual(['Namespace', 'Deployment', 'Service']);
    expect(r.stderr).toMatch(/converted 1 app to 3 Kubernetes objects; 0 failed; findings: 0 errors, 0 warnings, 1 info/);
  });

  test('stdin with -', async () => {
    const r = await run(['convert', '-', '-q'], JSON.stringify(APP));
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain('image: nginx:1.25');
    expect(r.stderr).toBe('');
  });

  test('-o json prints a v1 List', async () => {
    const r = await run(['convert', '-o', 'json', FIXTURE]);
    const list = JSON.parse(r.stdout) as { kind: string; items: { kind: string }[] };
    expect(list.kind).toBe('List');
    expect(list.items.map((i) => i.kind)).toEqual(['Namespace', 'Deployment', 'Service']);
  });

  test('a directory is read recursively; one broken file fails the run but not the others', async () => {
    mkdirSync(join(tmp, 'in', 'nested'), { recursive: true });
    writeFileSync(join(tmp, 'in', 'a.json'), JSON.stringify(APP));
    writeFileSync(join(tmp, 'in', 'nested', 'b.json'), JSON.stringify({ ...APP, id: '/shop/api' }));
    writeFileSync(join(tmp, 'in', 'nested', 'broken.json'), '{\n  "id": "/x",\n  "instances": {{n}}\n}\n');
    writeFileSync(join(tmp, 'in', 'notes.txt'), 'ignored');
    const r = await run(['convert', join(tmp, 'in')]);
    expect(r.exitCode).toBe(1);
    const names = (yaml.loadAll(r.stdout) as { kind: string; metadata: { name: string } }[]).map((d) => `${d.kind}/${d.metadata.name}`);
    expect(names).toEqual(['Namespace/shop', 'Deployment/web', 'Deployment/api']);
    expect(r.stderr).toMatch(/error\[json-syntax\] .*broken\.json:3:17: unrendered template placeholder/);
    expect(r.stderr).not.toMatch(/\n\s+at /); // never a stack trace
  });

  test('--out writes one file per object in the documented layout', async () => {
    const out = join(tmp, 'out');
    const r = await run(['convert', FIXTURE, '--out', out]);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe('');
    expect(listFiles(out)).toEqual(['.marathon2k8s-manifest', 'namespaces.yaml', 'shop/frontend-web/deployment.yaml', 'shop/frontend-web/service.yaml']);
    expect((yaml.load(readFileSync(join(out, 'shop/frontend-web/deployment.yaml'), 'utf8')) as { kind: string }).kind).toBe('Deployment');
  });

  test('--layout flat writes one folder', async () => {
    const out = join(tmp, 'flat');
    const r = await run(['convert', FIXTURE, '--out', out, '--layout', 'flat', '-q']);
    expect(r.exitCode).toBe(0);
    expect(listFiles(out)).toEqual(['.marathon2k8s-manifest', 'namespaces.yaml', 'shop.frontend-web.deployment.yaml', 'shop.frontend-web.service.yaml']);
  });

  test('an id like /../../etc/x never escapes --out', async () => {
    const out = join(tmp, 'out');
    const evil = [{ ...APP, id: '/../../etc/x' }, { ...APP, id: '../../../../tmp/evil' }, { ...APP, id: '/a/..%2f..%2fb' }];
    const r = await run(['convert', '-', '--out', out], JSON.stringify(evil));
    for (const f of listFiles(out)) expect(resolve(out, f).startsWith(out + '/')).toBe(true);
    expect(existsSync(join(tmp, 'etc'))).toBe(false);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  test('--report writes the findings as JSON', async () => {
    const report = join(tmp, 'report.json');
    const r = await run(['convert', '-', '--report', report, '-q'], JSON.stringify({ ...APP, fooBar: 1 }));
    expect(r.exitCode).toBe(0);
    const parsed = JSON.parse(readFileSync(report, 'utf8')) as { findings: { code: string; pointer: string }[] };
    expect(parsed.findings).toContainEqual(expect.objectContaining({ code: 'unmapped-field', pointer: '/fooBar' }));
    expect(r.stderr).toContain('warning[unmapped-field] /shop/web /fooBar');
  });

  test('--fail-on warning turns warnings into exit 1', async () => {
    const r = await run(['convert', '-', '-q', '--fail-on', 'warning'], JSON.stringify({ ...APP, fooBar: 1 }));
    expect(r.exitCode).toBe(1);
  });

  test('usage errors exit 2', async () => {
    expect((await run(['convert'])).exitCode).toBe(2);
    expect((await run(['convert', FIXTURE, '--kube-version', 'banana'])).exitCode).toBe(2);
    expect((await run(['convert', FIXTURE, '--namespace', 'Bad_NS'])).exitCode).toBe(2);
    expect((await run(['frobnicate'])).exitCode).toBe(2);
  });

  test('a missing file is a clear error, exit 1', async () => {
    const r = await run(['convert', join(tmp, 'nope.json')]);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/error\[input-unreadable\] .*nope\.json: cannot read .*: no such file or directory/);
  });

  test('pods and Metronome jobs are detected by content and converted in the same run', async () => {
    const pod = { id: '/batch/p', containers: [{ name: 'c', resources: { cpus: 0.1, mem: 32 }, image: { kind: 'DOCKER', id: 'busybox:1.36' }, exec: { command: { shell: 'sleep 100' } } }] };
    const job = { id: 'batch.nightly', run: { cpus: 0.1, mem: 32, disk: 0, cmd: 'date', docker: { image: 'busybox:1.36' } }, schedules: [{ id: 'daily', cron: '0 3 * * *' }] };
    const r = await run(['convert', '-', '-o', 'json'], JSON.stringify([pod, job]));
    expect(r.exitCode).toBe(0);
    const kinds = (JSON.parse(r.stdout) as { items: { kind: string }[] }).items.map((i) => i.kind);
    expect(kinds).toEqual(expect.arrayContaining(['Deployment', 'CronJob']));
    expect(r.stderr).toMatch(/converted 1 pod, 1 job to/);
  });

  test('validate reports schema violations with pointers', async () => {
    const r = await run(['validate', '-'], JSON.stringify({ id: '/Shop/Web', cmd: 'x', instances: -1 }));
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/error\[schema-violation\] \/Shop\/Web \/id: /);
    expect(r.stderr).toMatch(/\/instances: /);
  });
});
