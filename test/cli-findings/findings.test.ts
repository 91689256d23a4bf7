/**
 * Findings a user can trace and tame, through the built binary: finding lines name the file (with
 * line and column) when a run reads several files, reports have a file column and positions,
 * --show filters what is printed, every command counts Marathon objects alike, and problems
 * inside a group tree belong to the member's id.
 */
import { execa } from 'execa';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'dist', 'src', 'cli', 'main.js');

let tmp: string;
beforeEach(() => {
  tmp = mkdtempSync(join(tmpdir(), 'm2k-findings-'));
});
afterEach(() => rmSync(tmp, { recursive: true, force: true }));

function run(args: string[]) {
  return execa('node', [BIN, ...args], { reject: false, cwd: tmp });
}

function write(name: string, body: unknown): string {
  writeFileSync(join(tmp, name), JSON.stringify(body, null, 2) + '\n');
  return name;
}

// fooBar is on line 4 of the pretty-printed file, its key at column 3.
const WEB = { id: '/shop/web', instances: 1, container: { type: 'DOCKER', docker: { image: 'nginx:1.25' } }, fooBar: 1 };
const API = { id: '/shop/api', instances: 1, container: { type: 'DOCKER', docker: { image: 'nginx:1.25' } }, env: { A: 'x' }, fooBar: 2 };
const GROUP = {
  id: '/',
  groups: [{ id: '/shop', apps: [{ id: 'cart', cmd: 'x', instances: -1 }, { cmd: 'no id' }], pods: [{ id: 'p', containers: [{ name: 'c', resources: { cpus: -1, mem: 32 } }] }] }],
};

describe('finding lines', () => {
  test('one file: lines as before (id and pointer)', async () => {
    const r = await run(['convert', write('web.json', WEB), '-q', '-o', 'name']);
    expect(r.stderr).toMatch(/^warning\[unmapped-field\] \/shop\/web \/fooBar: not migrated/);
    expect(r.stderr.split('\n')).toHaveLength(1);
  });

  test('several files: each line names its file, line and column', async () => {
    const r = await run(['convert', write('web.json', WEB), write('api.json', API), '-q', '-o', 'name']);
    expect(r.stderr).toContain('warning[unmapped-field] /shop/web /fooBar (web.json:10:3): ');
    expect(r.stderr).toContain('warning[unmapped-field] /shop/api /fooBar (api.json:13:3): ');
  });

  test('--show warning hides info, --show error hides warnings, --show none prints only the summary', async () => {
    const files = [write('web.json', { ...WEB, networks: [{ mode: 'container/bridge' }], container: { ...WEB.container, portMappings: [{ containerPort: 80, hostPort: 0 }] } })];
    const all = await run(['convert', ...files, '-o', 'name']);
    expect(all.stderr).toMatch(/^info\[/m);
    expect(all.stderr).toMatch(/^warning\[/m);
    const warn = await run(['convert', ...files, '-o', 'name', '--show', 'warning']);
    expect(warn.stderr).not.toMatch(/^info\[/m);
    expect(warn.stderr).toMatch(/^warning\[unmapped-field\]/m);
    expect(warn.stderr).toMatch(/findings: 0 errors, 1 warning, 1 info$/); // the summary still counts all
    const none = await run(['convert', ...files, '-o', 'name', '--show', 'none']);
    expect(none.stderr.split('\n')).toHaveLength(1);
    expect((await run(['convert', ...files, '-o', 'name', '--show', 'none', '-q'])).stderr).toBe('');
    expect((await run(['validate', ...files, '--show', 'error'])).stderr).toBe('checked 1 Marathon object: 0 errors, 0 warnings');
    expect((await run(['convert', ...files, '--show', 'loud'])).exitCode).toBe(2);
  });
});

describe('one count, and group problems belong to the member', () => {
  test('validate, convert and report count the same Marathon objects', async () => {
    write('group.json', GROUP);
    const v = await run(['validate', 'group.json']);
    expect(v.stderr).toMatch(/^checked 3 Marathon objects: /m);
    const c = await run(['convert', 'group.json', '-o', 'name']);
    expect(c.stderr).toMatch(/^3 Marathon objects: converted 1 app, 1 pod to 3 Kubernetes objects; 1 failed; /m);
    const r = await run(['report', 'group.json', '-o', 'json']);
    expect(JSON.parse(r.stdout).summary.marathonObjects).toBe(3);
    expect((await run(['report', 'group.json'])).stdout).toMatch(/^Migration report: 3 Marathon objects/);
  });

  test("validate attributes an error inside a group to the member's id, not /", async () => {
    write('group.json', GROUP);
    const v = await run(['validate', 'group.json']);
    expect(v.stderr).toContain('error[schema-violation] /shop/cart /groups/0/apps/0/instances: must be at least 0 (got -1)');
    expect(v.stderr).toContain('error[schema-violation] /shop/p /groups/0/pods/0/containers/0/resources/cpus');
    expect(v.stderr).toContain('error[schema-violation] group.json /groups/0/apps/1/id: is required');
    expect(v.stderr).not.toMatch(/\] \/ \//);
  });
});

describe('reports', () => {
  test('text: a file column when the objects come from several files; findings with file:line:column', async () => {
    const r = await run(['report', write('web.json', WEB), write('api.json', API)]);
    expect(r.stdout).toMatch(/^needs manual work\s+\/shop\/api\s+app\s+api\.json\s+unmapped-field$/m);
    expect(r.stdout).toContain('warning[unmapped-field] /fooBar (web.json:10:3): not migrated');
    const one = await run(['report', 'web.json']);
    expect(one.stdout).toMatch(/^needs manual work\s+\/shop\/web\s+app\s+unmapped-field$/m);
  });

  test('markdown and HTML: a file column; JSON findings carry line and column', async () => {
    write('web.json', WEB);
    const md = await run(['report', 'web.json', '-o', 'markdown']);
    expect(md.stdout).toContain('| Marathon id | kind | status | file | Kubernetes objects | findings |');
    expect(md.stdout).toMatch(/\| `\/shop\/web` \| app \| needs manual work \| `web\.json` \|/);
    expect(md.stdout).toContain('`/fooBar` `web.json:10:3`');
    const html = await run(['report', 'web.json', '-o', 'html']);
    expect(html.stdout).toMatch(/<th data-key="file"[^>]*><button type="button" class="sort">file<\/button><\/th>/);
    expect(html.stdout).toMatch(/<td><a href="file:\/\/[^"]*\/web\.json"><code>web\.json<\/code><\/a><\/td>/);
    const json = JSON.parse((await run(['report', 'web.json', '-o', 'json'])).stdout) as { findings: { pointer: string; file: string; line: number; column: number }[] };
    expect(json.findings).toContainEqual(expect.objectContaining({ pointer: '/fooBar', file: 'web.json', line: 10, column: 3 }));
  });

  test('convert --report carries the positions too', async () => {
    write('web.json', WEB);
    await run(['convert', 'web.json', '--report', 'r.json', '-q', '-o', 'name']);
    const { readFileSync } = await import('node:fs');
    const json = JSON.parse(readFileSync(join(tmp, 'r.json'), 'utf8')) as { findings: { pointer: string; line: number }[] };
    expect(json.findings.find((f) => f.pointer === '/fooBar')?.line).toBe(10);
  });
});
