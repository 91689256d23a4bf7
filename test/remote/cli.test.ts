/**
 * The live-Marathon path as users run it: the built binary (npm test builds first) against a
 * fake Marathon/Metronome on 127.0.0.1. `export` writes a snapshot; `convert` reads it back
 * offline and gives what `convert --marathon-url` gives live. The token is never printed.
 */
import { execa } from 'execa';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describeCorpus } from '../support/corpus.js';
import { closedPort, corpusGroups, FakeMarathon, handWrittenGroups, handWrittenJobs, selfSignedCert } from '../support/fake-marathon.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'dist', 'src', 'cli', 'main.js');
const TOKEN = 'eyJhbGciOiJSUzI1NiJ9.Y2xpLXNlY3JldC10b2tlbg.sig-CLI-987';

function run(args: string[], env: Record<string, string> = {}) {
  // No DCOS_TOKEN or debug switch from the developer's shell leaks into the tests.
  const { DCOS_TOKEN: _t, MARATHON2K8S_DEBUG: _d, ...base } = process.env;
  return execa('node', [BIN, ...args], { reject: false, cwd: ROOT, env: { ...base, ...env }, extendEnv: false });
}

let fake: FakeMarathon | undefined;
let tmp: string;
beforeEach(() => {
  tmp = mkdtempSync(join(tmpdir(), 'm2k-remote-cli-'));
});
afterEach(async () => {
  await fake?.close();
  fake = undefined;
  rmSync(tmp, { recursive: true, force: true });
});

describe('marathon2k8s export', () => {
  test('writes the group tree (mode 0600), sends the token from DCOS_TOKEN, prints it nowhere', async () => {
    const groups = handWrittenGroups();
    fake = await FakeMarathon.serving(groups);
    const file = join(tmp, 'cluster.json');
    const r = await run(['export', '--marathon-url', fake.url, '--out', file], { DCOS_TOKEN: TOKEN, MARATHON2K8S_DEBUG: '1' });
    expect(r.stderr).toMatch(/exported 3 apps and 1 pod in 3 groups from http:\/\/127\.0\.0\.1:\d+\/v2\/groups to .*cluster\.json/);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe('');
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(groups);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(fake.requests[0]!.headers.authorization).toBe(`token=${TOKEN}`);
    expect(r.stderr).toMatch(/debug: GET http:\/\/127\.0\.0\.1:\d+\/v2\/groups\?embed=group\.groups&embed=group\.apps&embed=group\.pods → 200/);
    expect(r.stderr + readFileSync(file, 'utf8')).not.toContain(TOKEN);
  });

  test('Marathon and Metronome to stdout: [tree, ...jobs]; --dcos-token wins over DCOS_TOKEN', async () => {
    fake = await FakeMarathon.serving(handWrittenGroups(), handWrittenJobs());
    const r = await run(['export', '--marathon-url', fake.url, '--metronome-url', `${fake.url}/`, '--dcos-token', TOKEN, '-q'], { DCOS_TOKEN: 'other-token' });
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual([handWrittenGroups(), ...handWrittenJobs()]);
    expect(fake.requests.map((q) => q.headers.authorization)).toEqual([`token=${TOKEN}`, `token=${TOKEN}`]);
  });

  test.each([
    ['401', { status: 401, body: { message: 'token expired' } }, /error: Marathon at http:\/\/127\.0\.0\.1:\d+ answered GET \/v2\/groups with 401 Unauthorized: token expired\nhint: .*dcos config show core\.dcos_acs_token/],
    ['403', { status: 403, body: {} }, /403 Forbidden\nhint: .*dcos:service:marathon:marathon:services:\//],
    ['500', { status: 500, body: { message: 'Internal Server Error' } }, /with 500 Internal Server Error: Internal Server Error\nhint: .*try again later/],
    ['HTML', { body: '<html>login</html>', headers: { 'content-type': 'text/html' } }, /with text\/html that is not JSON/],
  ])('%s: exit 1 with a clear error, no file, no token', async (_name, response, message) => {
    fake = await FakeMarathon.start({ '/v2/groups': () => response });
    const file = join(tmp, 'cluster.json');
    const r = await run(['export', '--marathon-url', fake.url, '--out', file], { DCOS_TOKEN: TOKEN, MARATHON2K8S_DEBUG: '1' });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toContain(TOKEN);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(() => statSync(file)).toThrow();
  });

  test('a server that never answers: --marathon-timeout', async () => {
    fake = await FakeMarathon.start({ '/v2/groups': () => ({ hang: true }) });
    const r = await run(['export', '--marathon-url', fake.url, '--marathon-timeout', '500ms']);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/did not answer GET \/v2\/groups within 500 ms/);
  });

  test('nothing listening: exit 1', async () => {
    const r = await run(['export', '--metronome-url', `http://127.0.0.1:${await closedPort()}`]);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/error: Metronome at http:\/\/127\.0\.0\.1:\d+: connection refused/);
  });

  test('a cluster CA given through NODE_EXTRA_CA_CERTS is trusted', async () => {
    const tls = selfSignedCert(tmp);
    if (!tls) {
      console.warn('*** SKIPPED the NODE_EXTRA_CA_CERTS test: openssl is not installed ***');
      return;
    }
    fake = await FakeMarathon.start({ '/v2/groups': () => ({ body: handWrittenGroups() }) }, tls);
    const untrusted = await run(['export', '--marathon-url', fake.url]);
    expect(untrusted.exitCode).toBe(1);
    expect(untrusted.stderr).toMatch(/TLS connection failed.*\nhint: .*NODE_EXTRA_CA_CERTS/);
    const trusted = await run(['export', '--marathon-url', fake.url, '-q'], { NODE_EXTRA_CA_CERTS: tls.certFile });
    expect(trusted.exitCode).toBe(0);
    expect(JSON.parse(trusted.stdout)).toEqual(handWrittenGroups());
  });

  test.each([
    [[], /export needs --marathon-url and\/or --metronome-url/],
    [['--marathon-url', 'ftp://ops:hunter22@marathon'], /not an http:\/\/ or https:\/\/ URL/],
    [['--marathon-url', 'http://ops:hunter22@marathon', '--dcos-token', TOKEN], /either user:password in the URL or --dcos-token/],
    [['--marathon-url', 'http://marathon', '--marathon-timeout', 'soon'], /expected a duration/],
  ])('usage errors exit 2 and show no credentials: %j', async (args, message) => {
    const r = await run(['export', ...args]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/hunter22|eyJhbGci/);
  });

  test('--help documents the flags without showing the token from the environment', async () => {
    const r = await run(['export', '--help'], { DCOS_TOKEN: TOKEN });
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/--marathon-url <url>/);
    expect(r.stdout).toMatch(/--dcos-token <token>/);
    expect(r.stdout).toMatch(/--marathon-timeout <duration>.*\(default: 30s\)/s);
    expect(r.stdout).not.toContain(TOKEN);
  });
});

/** stderr without the lines that name where the input came from (file names and pointers differ). */
function summary(stderr: string): string {
  return stderr.trim().split('\n').at(-1) ?? '';
}

describe('convert --marathon-url', () => {
  test('validate reads a live Marathon too', async () => {
    fake = await FakeMarathon.serving(handWrittenGroups());
    const r = await run(['validate', '--marathon-url', fake.url], { DCOS_TOKEN: TOKEN });
    expect(r.stderr).toMatch(/checked [1-9]\d* Marathon objects?/);
    expect(r.stderr).not.toContain('input-unreadable');
    expect(r.stderr + r.stdout).not.toContain(TOKEN);
  });

  test('INPUT is optional with a URL; without either it is a usage error', async () => {
    const r = await run(['convert']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/give INPUT… .* or --marathon-url/);
  });

  test('export → file → convert gives what convert gives live', async () => {
    fake = await FakeMarathon.serving(handWrittenGroups(), handWrittenJobs());
    const file = join(tmp, 'cluster.json');
    const exported = await run(['export', '--marathon-url', fake.url, '--metronome-url', fake.url, '--out', file], { DCOS_TOKEN: TOKEN });
    expect(exported.exitCode).toBe(0);
    const live = await run(['convert', '--marathon-url', fake.url, '--metronome-url', fake.url], { DCOS_TOKEN: TOKEN });
    const offline = await run(['convert', file]);
    expect(live.stdout).toContain('kind: Deployment');
    expect(offline.stdout).toBe(live.stdout);
    expect(offline.exitCode).toBe(live.exitCode);
    expect(summary(offline.stderr)).toBe(summary(live.stderr));
    expect(live.stderr).not.toContain(TOKEN);
  });

  test('a failed read is reported like an unreadable file: the other inputs convert, exit 1', async () => {
    fake = await FakeMarathon.start({ '/v2/groups': () => ({ status: 401, body: { message: 'Unauthorized' } }) });
    const file = join(tmp, 'app.json');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(file, JSON.stringify({ id: '/shop/web', container: { docker: { image: 'nginx:1.25' } } }));
    const r = await run(['convert', file, '--marathon-url', fake.url], { DCOS_TOKEN: TOKEN });
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toContain('image: nginx:1.25');
    expect(r.stderr).toMatch(/error\[input-unreadable\] http:\/\/127\.0\.0\.1:\d+\/v2\/groups: Marathon at .* 401 Unauthorized.*\(the DC\/OS token was refused/);
    expect(r.stderr).not.toContain(TOKEN);
  });
});

describeCorpus('export and convert a Marathon serving the whole corpus (CLI)', () => {
  test('export → convert offline = convert live', async () => {
    const tree = corpusGroups()!;
    fake = await FakeMarathon.serving(tree.groups);
    const file = join(tmp, 'corpus.json');
    const exported = await run(['export', '--marathon-url', fake.url, '--out', file]);
    expect(exported.exitCode).toBe(0);
    expect(exported.stderr).toContain(`exported ${tree.apps} apps and ${tree.pods} pods`);
    const live = await run(['convert', '--marathon-url', fake.url, '-q']);
    const offline = await run(['convert', file, '-q']);
    expect(offline.stdout.length).toBeGreaterThan(0);
    expect(offline.stdout).toBe(live.stdout);
    expect(offline.exitCode).toBe(live.exitCode);
  }, 120_000);
});
