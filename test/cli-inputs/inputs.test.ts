/**
 * Inputs and outputs of the command line, as users run it (the built binary): what a directory
 * holds but is not read, --include-ext, duplicate ids, a file named twice, --out's manifest and
 * --clean, `-` and single files as --out, -o name, and --select.
 */
import { execa } from 'execa';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import yaml from 'js-yaml';

const ROOT = resolve(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'dist', 'src', 'cli', 'main.js');

function run(args: string[], input?: string) {
  return execa('node', [BIN, ...args], { reject: false, cwd: tmp, ...(input !== undefined ? { input } : {}) });
}

let tmp: string;
beforeEach(() => {
  tmp = mkdtempSync(join(tmpdir(), 'm2k-inputs-'));
});
afterEach(() => rmSync(tmp, { recursive: true, force: true }));

function write(path: string, body: unknown): string {
  const full = join(tmp, path);
  mkdirSync(join(full, '..'), { recursive: true });
  writeFileSync(full, typeof body === 'string' ? body : JSON.stringify(body, null, 2));
  return full;
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)))
    .sort();
}

const app = (id: string) => ({ id, instances: 1, container: { type: 'DOCKER', docker: { image: 'nginx:1.25' } } });

describe('reading inputs', () => {
  test('a directory with no *.json says which files it skipped and why, and exits 1', async () => {
    write('defs/web.json.j2', '{"id": "/shop/web", "instances": {{ n }}}');
    write('defs/api.yaml', 'id: /shop/api\n');
    write('defs/db.mustache', '{"id": "{{id}}"}');
    write('defs/.git/config', 'ignored: hidden');
    const r = await run(['convert', 'defs']);
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('error[no-input] defs: nothing to read: no *.json file (skipped 3 files: api.yaml, db.mustache, web.json.j2)');
    expect(r.stderr).toContain('render the templates (.j2, .mustache) and convert the result, or pass --include-ext j2,mustache,yaml');
    expect(r.stderr).not.toContain('.git');
    expect((await run(['validate', 'defs'])).exitCode).toBe(1);
    expect((await run(['report', 'defs'])).exitCode).toBe(1);
  });

  test('files skipped beside JSON ones are named as a note; the run succeeds', async () => {
    write('defs/web.json', app('/shop/web'));
    write('defs/README.md', '# notes');
    const r = await run(['convert', 'defs', '-q']);
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toContain('info[input-skipped] defs: not read (not *.json): 1 file: README.md');
  });

  test('--include-ext reads templates too, which then get their clear error', async () => {
    write('defs/web.json', app('/shop/web'));
    write('defs/api.json.j2', '{\n  "id": "/shop/api",\n  "instances": {{ n }}\n}\n');
    const r = await run(['convert', 'defs', '--include-ext', 'j2']);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/error\[json-syntax\] defs\/api\.json\.j2:3:17: unrendered template placeholder/);
    expect(r.stderr).not.toContain('input-skipped');
    expect((await run(['convert', 'defs', '--include-ext', '.j2,yaml', '-q'])).exitCode).toBe(1);
    expect((await run(['convert', 'defs', '--include-ext', 'a b'])).exitCode).toBe(2);
  });

  test('the same id in two files: a warning naming the id and both files', async () => {
    write('a/web.json', app('/shop/web'));
    write('b/web.json', { ...app('/shop/web'), instances: 3 });
    const r = await run(['convert', 'a', 'b', '-o', 'name']);
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toMatch(/warning\[duplicate-id\] \/shop\/web \/id \(b\/web\.json:2:3\): \/shop\/web is defined twice: in a\/web\.json \(→ Deployment shop\/web\) and in b\/web\.json \(→ Deployment shop\/web-[0-9a-f]{8}\)/);
    expect(r.stdout.split('\n')).toEqual(expect.arrayContaining(['deployment.apps/web', expect.stringMatching(/^deployment\.apps\/web-[0-9a-f]{8}$/)]));
  });

  test('one file named twice (and inside a named directory) is read once', async () => {
    const file = write('defs/web.json', app('/shop/web'));
    const r = await run(['convert', file, 'defs', '-f', 'defs/web.json', '-f', './defs', '-o', 'name']);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe('namespace/shop\ndeployment.apps/web');
    expect(r.stderr).not.toContain('duplicate-id');
    expect(r.stderr).toMatch(/^1 Marathon object: converted 1 app to 2 Kubernetes objects/m);
  });

  test('-f/--filename names inputs as INPUT… does, stdin included', async () => {
    write('web.json', app('/shop/web'));
    const r = await run(['convert', '-f', 'web.json', '--filename', '-', '-o', 'name'], JSON.stringify(app('/shop/api')));
    expect(r.exitCode).toBe(0);
    expect(r.stdout.trim().split('\n').sort()).toEqual(['deployment.apps/api', 'deployment.apps/web', 'namespace/shop']);
  });
});

describe('--out', () => {
  const both = [app('/shop/web'), app('/shop/api')];

  test('a directory gets a manifest; files of apps gone since stop the next run until --clean removes them', async () => {
    write('all.json', both);
    write('web.json', [app('/shop/web')]);
    expect((await run(['convert', 'all.json', '--out', 'k8s', '-q'])).exitCode).toBe(0);
    const manifest = readFileSync(join(tmp, 'k8s', '.marathon2k8s-manifest'), 'utf8');
    expect(manifest.split('\n').filter((l) => !l.startsWith('#') && l !== '').map((l) => l.split('  ')[1])).toEqual([
      'namespaces.yaml', 'shop/api/deployment.yaml', 'shop/web/deployment.yaml',
    ]);

    const refused = await run(['convert', 'web.json', '--out', 'k8s', '-q']);
    expect(refused.exitCode).toBe(1);
    expect(refused.stderr).toContain('error: k8s holds 1 file an earlier run wrote that this run does not (shop/api/deployment.yaml); `kubectl apply -R -f k8s` would still apply it. Rerun with --clean');
    expect(listFiles(join(tmp, 'k8s'))).toContain('shop/api/deployment.yaml');

    const cleaned = await run(['convert', 'web.json', '--out', 'k8s', '--clean']);
    expect(cleaned.exitCode).toBe(0);
    expect(cleaned.stderr).toContain('removed 1 file an earlier run wrote under k8s: shop/api/deployment.yaml');
    expect(listFiles(join(tmp, 'k8s'))).toEqual(['.marathon2k8s-manifest', 'namespaces.yaml', 'shop/web/deployment.yaml']);
    expect(existsSync(join(tmp, 'k8s', 'shop', 'api'))).toBe(false); // emptied directories go too
  });

  test('a stale file changed since it was written is never removed, only named', async () => {
    write('all.json', both);
    write('web.json', [app('/shop/web')]);
    await run(['convert', 'all.json', '--out', 'k8s', '-q']);
    appendFileSync(join(tmp, 'k8s', 'shop', 'api', 'deployment.yaml'), '# kept by hand\n');
    const r = await run(['convert', 'web.json', '--out', 'k8s', '--clean', '-q']);
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toContain('warning: kept k8s/shop/api/deployment.yaml: an earlier run wrote it, this run does not, and it was changed since');
    expect(listFiles(join(tmp, 'k8s'))).toContain('shop/api/deployment.yaml');
  });

  test("'-' is stdout; a .yaml or .json path is one file; -o must agree with its extension", async () => {
    write('all.json', both);
    const dash = await run(['convert', 'all.json', '--out', '-', '-q']);
    expect((yaml.loadAll(dash.stdout) as { kind: string }[]).map((d) => d.kind)).toEqual(['Namespace', 'Deployment', 'Deployment']);

    const one = await run(['convert', 'all.json', '--out', 'out/all.yaml']);
    expect(one.exitCode).toBe(1); // out/ does not exist: a clear error naming the path
    expect(one.stderr).toMatch(/ENOENT.*out\/all\.yaml/);
    mkdirSync(join(tmp, 'out'));
    const ok = await run(['convert', 'all.json', '--out', 'out/all.yaml']);
    expect(ok.exitCode).toBe(0);
    expect(ok.stdout).toBe('');
    expect(ok.stderr).toContain('converted 2 apps to 3 Kubernetes objects in out/all.yaml');
    expect(listFiles(join(tmp, 'out'))).toEqual(['all.yaml']);
    expect((yaml.loadAll(readFileSync(join(tmp, 'out', 'all.yaml'), 'utf8')) as unknown[]).length).toBe(3);

    expect((await run(['convert', 'all.json', '--out', 'out/all.json', '-q'])).exitCode).toBe(0);
    expect(JSON.parse(readFileSync(join(tmp, 'out', 'all.json'), 'utf8')).kind).toBe('List');

    const mismatch = await run(['convert', 'all.json', '--out', 'out/x.json', '-o', 'yaml']);
    expect(mismatch.exitCode).toBe(2);
    expect(mismatch.stderr).toContain('-o yaml does not match --out out/x.json');
  });

  test('-o is the format everywhere: report -o FILE is a usage error pointing at --out', async () => {
    write('all.json', both);
    const json = await run(['report', 'all.json', '-o', 'json']);
    expect(JSON.parse(json.stdout).schemaVersion).toBe(1);
    const bad = await run(['report', 'all.json', '-o', 'report.html']);
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toContain('-o is the format; write the report to a file with --out report.html');
    const file = await run(['report', 'all.json', '-o', 'html', '--out', 'report.html']);
    expect(file.exitCode).toBe(0);
    expect(readFileSync(join(tmp, 'report.html'), 'utf8')).toMatch(/^<!DOCTYPE html>/i);
    expect((await run(['report', 'all.json', '--out', '-'])).stdout).toMatch(/^Migration report: 2 Marathon objects/);
    const exported = await run(['export', '--marathon-url', 'http://127.0.0.1:9', '-o', 'snap.json']);
    expect(exported.exitCode).toBe(2);
    expect(exported.stderr).toContain('write the snapshot to a file with --out snap.json');
  });

  test('-o name prints kubectl names and refuses --out', async () => {
    write('all.json', both);
    const r = await run(['convert', 'all.json', '-o', 'name', '-q']);
    expect(r.stdout).toBe('namespace/shop\ndeployment.apps/web\ndeployment.apps/api');
    expect((await run(['convert', 'all.json', '-o', 'name', '--out', 'k8s'])).exitCode).toBe(2);
  });
});

describe('--select', () => {
  const tree = {
    id: '/',
    groups: [
      { id: '/team', apps: [app('web'), { id: 'bad', cmd: 'x', instances: -1 }], groups: [{ id: '/team/sub', apps: [app('api')] }] },
      { id: '/teamster', apps: [app('web')] },
      { id: '/other', apps: [app('db')] },
    ],
  };
  const job = { id: 'team.nightly', run: { cpus: 0.1, mem: 32, disk: 0, cmd: 'date', docker: { image: 'busybox:1.36' } } };

  test('convert keeps the objects under the prefixes (segment-wise), their findings, and counts them', async () => {
    write('tree.json', tree);
    write('job.json', job);
    const r = await run(['convert', 'tree.json', 'job.json', '--select', '/team', '-o', 'name']);
    expect(r.stdout.trim().split('\n')).toEqual(['namespace/team', 'deployment.apps/web', 'deployment.apps/bad', 'deployment.apps/sub-api', 'job.batch/nightly']);
    expect(r.stderr).toMatch(/^4 Marathon objects: converted 3 apps, 1 job to 5 Kubernetes objects/m);
    expect(r.stderr).toContain('error[schema-violation] /team/bad');
    const two = await run(['convert', 'tree.json', '--select', 'team/sub', '--select', '/other/', '-o', 'name', '-q']);
    expect(two.stdout.trim().split('\n')).toEqual(['namespace/other', 'namespace/team', 'deployment.apps/sub-api', 'deployment.apps/db']);
  });

  test('validate and report count the same selection', async () => {
    write('tree.json', tree);
    const v = await run(['validate', 'tree.json', '--select', '/team']);
    expect(v.stderr).toContain('checked 3 Marathon objects: 1 error, 0 warnings');
    expect(v.stderr).toContain('error[schema-violation] /team/bad /groups/0/apps/1/instances');
    const rep = await run(['report', 'tree.json', '--select', '/team', '-o', 'json']);
    expect(JSON.parse(rep.stdout).summary.marathonObjects).toBe(3);
    const all = await run(['convert', 'tree.json', '-q', '-o', 'name']);
    expect(all.stdout).toContain('deployment.apps/db');
  });

  test('a selection that names nothing is a usage error listing the top-level groups', async () => {
    write('tree.json', tree);
    const r = await run(['convert', 'tree.json', '--select', '/nope']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toBe('error: --select /nope matched none of the 5 Marathon objects read; their ids start with /other, /team, /teamster');
    expect((await run(['validate', 'tree.json', '--select', '/nope'])).exitCode).toBe(2);
  });
});
