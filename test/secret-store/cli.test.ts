/**
 * The secret store flags as users run them: the built binary against the fake DC/OS secret store.
 * convert/chart write values only with --write-secret-values, into files mode 0600, with a
 * warning; never to stdout; report lists each Secret. No value or token on stdout/stderr.
 */
import { execa } from 'execa';
import { chmodSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import yaml from 'js-yaml';
import { FakeSecretStore } from '../support/fake-secret-store.js';
import { SECRETS_APP } from './apps.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'dist', 'src', 'cli', 'main.js');
const TOKEN = 'eyJhbGciOiJSUzI1NiJ9.Y2xpLXNlY3JldHM.sig-CLI-SECRETS-7';
const PASSWORD = 'S3cr3t-Value-from-DCOS';
const KEYSTORE = Buffer.from([0x30, 0x82, 0x01, 0x0a, 0x02, 0x82, 0x01, 0x01, 0x00, 0xc3, 0xff, 0xfe, 0x0d, 0x0a]);
const DOCKER_CONFIG = '{"auths":{"registry.example.com":{"auth":"cm9ib3Q6cHVsbC1wYXNzd29yZC05OQ=="}}}';
const VALUES = [PASSWORD, KEYSTORE.toString('base64'), 'cm9ib3Q6cHVsbC1wYXNzd29yZC05OQ', Buffer.from(PASSWORD).toString('base64')];

const APP = SECRETS_APP;

function run(args: string[], env: Record<string, string> = {}) {
  const { DCOS_TOKEN: _t, MARATHON2K8S_DEBUG: _d, ...base } = process.env;
  return execa('node', [BIN, ...args], { reject: false, cwd: ROOT, env: { ...base, ...env }, extendEnv: false });
}

function expectNoValues(text: string): void {
  for (const v of [...VALUES, TOKEN]) expect(text).not.toContain(v);
}

let fake: FakeSecretStore;
let tmp: string;
let input: string;
beforeEach(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'm2k-secret-cli-'));
  input = join(tmp, 'app.json');
  writeFileSync(input, JSON.stringify(APP));
  fake = await FakeSecretStore.start({
    token: TOKEN,
    stores: { default: { 'shop/db-password': { text: PASSWORD }, 'shop/keystore': { binary: KEYSTORE }, 'shop/registry-config': { text: DOCKER_CONFIG } } },
  });
});
afterEach(async () => {
  await fake.close();
  rmSync(tmp, { recursive: true, force: true });
});

const data = (secret: Record<string, unknown>, key: string) => Buffer.from((secret.data as Record<string, string>)[key]!, 'base64');

describe('convert --write-secret-values', () => {
  test('--out DIR: the Secrets with the stored bytes, files mode 0600, a warning; no value on stdout/stderr', async () => {
    const out = join(tmp, 'out');
    const r = await run(['convert', input, '--secret-store-url', fake.url, '--write-secret-values', '--out', out, '--show', 'info'], { DCOS_TOKEN: TOKEN, MARATHON2K8S_DEBUG: '1' });
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toContain('secret store http://127.0.0.1:');
    expect(r.stderr).toContain('(default): 2 Secrets: 2 filled');
    expect(r.stderr).toContain(`warning: the values of 2 Secrets from the DC/OS secret store are on disk in ${out} (files mode 0600)`);
    expect(r.stderr).toMatch(/info\[secret-from-store\] \/shop\/web \/secrets: Secret shop\/web-secrets is made with the values of the DC\/OS secret store "default" \(keys db, keystore\)/);
    expect(r.stderr).not.toMatch(/secret-needed/);
    expectNoValues(r.stdout + r.stderr);
    const secret = yaml.load(readFileSync(join(out, 'shop/web/secret-web-secrets.yaml'), 'utf8')) as Record<string, unknown>;
    expect(data(secret, 'db').toString()).toBe(PASSWORD);
    expect(data(secret, 'keystore').equals(KEYSTORE)).toBe(true);
    const pull = yaml.load(readFileSync(join(out, 'shop/web/secret-web-pull-secret.yaml'), 'utf8')) as Record<string, unknown>;
    expect(pull.type).toBe('kubernetes.io/dockerconfigjson');
    expect(data(pull, '.dockerconfigjson').toString()).toBe(DOCKER_CONFIG);
    for (const f of ['shop/web/secret-web-secrets.yaml', 'shop/web/secret-web-pull-secret.yaml']) expect(statSync(join(out, f)).mode & 0o777).toBe(0o600);
    expect(fake.requests.every((q) => q.headers.authorization === `token=${TOKEN}`)).toBe(true);
    expect(fake.paths).toEqual(['default/shop/db-password', 'default/shop/keystore', 'default/shop/registry-config']);
  });

  test('--out FILE: an existing world-readable file becomes 0600 before the values go in', async () => {
    const file = join(tmp, 'all.yaml');
    writeFileSync(file, '# old\n');
    chmodSync(file, 0o644);
    const r = await run(['convert', input, '--secret-store-url', fake.url, '--write-secret-values', '--out', file, '-q'], { DCOS_TOKEN: TOKEN });
    expect(r.exitCode).toBe(0);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8')).toContain(Buffer.from(PASSWORD).toString('base64'));
    expectNoValues(r.stdout + r.stderr);
  });

  test('without --write-secret-values the output is as without a store; the store is only checked', async () => {
    const plain = await run(['convert', input, '--show', 'none', '-q']);
    const report = join(tmp, 'report.json');
    const r = await run(['convert', input, '--secret-store-url', fake.url, '--report', report, '-q'], { DCOS_TOKEN: TOKEN });
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe(plain.stdout);
    expect(r.stderr).toContain('2 Secrets: 2 found (values not written)');
    expect(r.stderr).toMatch(/warning\[secret-needed\] \/shop\/web \/secrets: the values of Secret shop\/web-secrets .* are in the DC\/OS secret store but are not written/);
    const json = JSON.parse(readFileSync(report, 'utf8'));
    expect(json.secretStore.secrets.map((s: { name: string; state: string; outcome: string }) => `${s.name} ${s.state} ${s.outcome}`)).toEqual(['web-pull-secret found reference', 'web-secrets found reference']);
    expectNoValues(r.stdout + r.stderr + readFileSync(report, 'utf8'));
  });
});

describe('refusals (exit 2, nothing read from the store)', () => {
  test.each([
    ['convert to stdout', ['convert', '--write-secret-values'], /--write-secret-values writes secret values to files only \(mode 0600\), not to stdout/],
    ['chart --out -', ['chart', '--out', '-', '--write-secret-values'], /not to stdout \(--out -\)/],
    ['no store URL', ['convert', '--out', 'x', '--write-secret-values', '--no-store'], /--write-secret-values writes the values read from the DC\/OS secret store: give --secret-store-url too/],
    ['--overwrite-secrets without a store', ['apply', '--overwrite-secrets', '--no-store'], /--overwrite-secrets replaces Secrets .*: give --secret-store-url too/],
    ['a store URL that is no URL', ['convert', '--out', 'x', '--secret-store-url', 'secrets.example', '--no-store'], /--secret-store-url "secrets\.example" is not a URL \(expected e\.g\. https:\/\/<cluster>\/secrets\/v1/],
  ])('%s', async (_name, args, message) => {
    const store = args.includes('--no-store') ? [] : ['--secret-store-url', fake.url];
    const r = await run([...args.filter((a) => a !== '--no-store'), input, ...store].map((a) => (a === 'x' ? join(tmp, 'x') : a)), { DCOS_TOKEN: TOKEN });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe('');
    expect(fake.requests).toHaveLength(0);
  });
});

test('chart --write-secret-values: every chart file 0600, the Secret template holds the stored bytes', async () => {
  const out = join(tmp, 'charts');
  const r = await run(['chart', input, '--out', out, '--secret-store-url', fake.url, '--write-secret-values'], { DCOS_TOKEN: TOKEN });
  expect(r.exitCode).toBe(0);
  expect(r.stderr).toContain('warning: the values of 2 Secrets from the DC/OS secret store are on disk in the charts under');
  expectNoValues(r.stdout + r.stderr);
  const templates = join(out, 'shop', 'templates');
  const file = readdirSync(templates).find((f) => f.includes('secret-web-secrets'))!;
  expect(readFileSync(join(templates, file), 'utf8')).toContain(KEYSTORE.toString('base64'));
  for (const f of readdirSync(templates)) expect(statSync(join(templates, f)).mode & 0o777).toBe(0o600);
});

test('report: each Secret found / missing / unreadable with the status; the run goes on', async () => {
  await fake.close();
  fake = await FakeSecretStore.start({ token: TOKEN, forbidden: ['shop/keystore'], stores: { default: { 'shop/db-password': { text: PASSWORD } } } });
  const r = await run(['report', input, '--secret-store-url', fake.url], { DCOS_TOKEN: TOKEN });
  expect(r.exitCode).toBe(0);
  expect(r.stdout).toContain('DC/OS secret store http://127.0.0.1:');
  expect(r.stdout).toContain('  shop/web-pull-secret (/shop/web): missing in the store; not emitted: the cluster must provide it\n'
    + '    .dockerconfigjson (DC/OS shop/registry-config): not in the store\n'
    + '  shop/web-secrets (/shop/web): unreadable (403); not emitted: the cluster must provide it\n'
    + "    keystore (DC/OS shop/keystore): 403 Forbidden: the token's identity may not read this secret\n");
  expect(r.stdout).toMatch(/error\[secret-missing\] \/secrets \(.*app\.json:\d+:\d+\): DC\/OS secret shop\/registry-config \(key \.dockerconfigjson of Secret shop\/web-pull-secret\) is not in the secret store "default"/);
  expect(r.stdout).toMatch(/error\[secret-unreadable\] .*DC\/OS secret shop\/keystore \(key keystore of Secret shop\/web-secrets\) could not be read: 403 Forbidden/);
  expect(r.stdout).toMatch(/hint: grant it dcos:adminrouter:secrets full and dcos:secrets:default:\/shop\/keystore read/);
  expectNoValues(r.stdout + r.stderr);
});
