/**
 * The pure half of the secret store step on real translator output: which Secrets and DC/OS
 * paths the stubs name (plan.ts), what the store's answers make of them (fill.ts), how the run
 * is rewritten (run.ts), and how an existing Secret is treated by apply and diff (guard.ts).
 */
import { convertSources } from '../../src/pipeline.js';
import { DEFAULT_OPTIONS } from '../../src/options.js';
import type { KubeObject } from '../../src/kube/types.js';
import { planSecrets, storePaths } from '../../src/secrets/plan.js';
import { dockerConfigProblem, fillSecrets, STORE_ANNOTATION } from '../../src/secrets/fill.js';
import { resolveSecretStore, scrubber, type WithSecretStore } from '../../src/secrets/run.js';
import { decideExisting } from '../../src/secrets/guard.js';
import type { StoreRead } from '../../src/secrets/store.js';
import { SECRETS_APP } from './apps.js';

const KEYSTORE = Buffer.from([0x30, 0x82, 0x00, 0xff, 0xfe, 0x0a, 0x0d, 0x00, 0x80]);
const DOCKER_CONFIG = '{"auths":{"registry.example.com":{"auth":"dXNlcjpwYXNz"}}}';

/** Also reads a secret its `secrets` do not declare. */
const WEB = { ...SECRETS_APP, env: { DB_PASSWORD: { secret: 'db' }, API_TOKEN: { secret: 'undeclared' } } };
const WORKER = {
  id: '/shop/worker', cmd: 'sleep 1', cpus: 0.1, mem: 32,
  container: { type: 'MESOS', docker: { image: 'busybox:1.36', credential: { principal: 'bot', secret: 'pw' } } },
  env: { DB_PASSWORD: { secret: 'db' } },
  secrets: { db: { source: 'shop/db-password' } },
};

function convert(apps: unknown[]): WithSecretStore {
  return convertSources([{ file: 'apps.json', text: JSON.stringify(apps) }], { ...DEFAULT_OPTIONS, secretStubs: true });
}

const found = (v: string | Buffer, binary = false): StoreRead => ({ state: 'found', value: Buffer.isBuffer(v) ? v : Buffer.from(v), binary });

describe('plan: the stubs name every Secret, key and DC/OS path', () => {
  test('paths from the translator, origins for keys without one, one read per shared path', () => {
    const plan = planSecrets(convert([WEB, WORKER]).objects);
    expect(plan.map((s) => [s.namespace, s.name, s.type, s.app])).toEqual([
      ['shop', 'web-secrets', 'Opaque', '/shop/web'],
      ['shop', 'web-pull-secret', 'kubernetes.io/dockerconfigjson', '/shop/web'],
      ['shop', 'worker-secrets', 'Opaque', '/shop/worker'],
      ['shop', 'worker-pull-secret', 'kubernetes.io/dockerconfigjson', '/shop/worker'],
    ]);
    expect(plan[0]!.keys).toEqual([
      { key: 'db', path: 'shop/db-password' },
      { key: 'keystore', path: 'shop/keystore' },
      { key: 'undeclared', origin: 'DC/OS path unknown: "undeclared" is not declared in secrets' },
    ]);
    // The legacy docker.credential login has no DC/OS path: nothing to read.
    expect(plan[3]!.keys[0]!.path).toBeUndefined();
    expect(plan[3]!.keys[0]!.origin).toMatch(/registry login of principal "bot"/);
    expect(storePaths(plan)).toEqual(['shop/db-password', 'shop/keystore', 'shop/registry-config']);
  });
});

describe('fill: values into Secrets, byte for byte', () => {
  const appOnly = { ...WEB, env: { DB_PASSWORD: { secret: 'db' } } };
  const reads = new Map<string, StoreRead>([
    ['shop/db-password', found('pässword with spaces\n')],
    ['shop/keystore', found(KEYSTORE, true)],
    ['shop/registry-config', found(DOCKER_CONFIG)],
  ]);

  test('every key found: data in base64 (binary intact), stub mark gone, store mark and labels kept', () => {
    const plan = planSecrets(convert([appOnly]).objects);
    const fill = fillSecrets(plan, reads, { store: 'default', write: true, stubs: false });
    const [secret, pull] = plan.map((p) => fill.replacements.get(p.stub)!);
    expect(secret!.data).toEqual({ db: Buffer.from('pässword with spaces\n').toString('base64'), keystore: KEYSTORE.toString('base64') });
    expect(Buffer.from((secret!.data as Record<string, string>).keystore!, 'base64').equals(KEYSTORE)).toBe(true);
    expect(secret!.stringData).toBeUndefined();
    expect(secret!.metadata.annotations).toEqual({
      'marathon2k8s.io/marathon-id': '/shop/web',
      'marathon2k8s.io/dcos-secret-sources': '{"db":"shop/db-password","keystore":"shop/keystore"}',
      [STORE_ANNOTATION]: 'default',
    });
    expect(secret!.metadata.labels!['app.kubernetes.io/managed-by']).toBe('marathon2k8s');
    expect(pull!.type).toBe('kubernetes.io/dockerconfigjson');
    expect(Buffer.from((pull!.data as Record<string, string>)['.dockerconfigjson']!, 'base64').toString()).toBe(DOCKER_CONFIG);
    expect(fill.statuses.map((s) => [s.name, s.state, s.outcome])).toEqual([['web-secrets', 'found', 'filled'], ['web-pull-secret', 'found', 'filled']]);
    expect(fill.needs).toEqual([]);
    expect([...fill.findings.values()].flat().map((f) => f.code)).toEqual(['secret-from-store', 'secret-from-store']);
  });

  test('a missing key: no partial Secret; an error finding; a reference and a need (or the stub with --secret-stubs)', () => {
    const plan = planSecrets(convert([appOnly]).objects);
    const partial = new Map(reads);
    partial.set('shop/keystore', { state: 'missing' });
    const fill = fillSecrets(plan, partial, { store: 'default', write: true, stubs: false });
    expect(fill.replacements.get(plan[0]!.stub)).toBeUndefined();
    expect(fill.replacements.get(plan[1]!.stub)!.data).toBeDefined();
    const drafts = fill.findings.get(plan[0]!.stub)!;
    expect(drafts).toEqual([expect.objectContaining({
      code: 'secret-missing', severity: 'error',
      message: 'DC/OS secret shop/keystore (key keystore of Secret shop/web-secrets) is not in the secret store "default"; Secret shop/web-secrets is not emitted, and the app cannot start until the cluster provides it',
    })]);
    expect(fill.needs).toEqual([{ kind: 'secret', name: 'web-secrets', namespace: 'shop', details: ['db (DC/OS shop/db-password)', 'keystore (DC/OS shop/keystore)'], apps: ['/shop/web'] }]);
    const stubs = fillSecrets(plan, partial, { store: 'default', write: true, stubs: true });
    expect(stubs.replacements.get(plan[0]!.stub)).toBe(plan[0]!.stub);
    expect(stubs.needs).toEqual([]);
  });

  test('only checked (convert without --write-secret-values): nothing filled, secret-needed says the values exist', () => {
    const plan = planSecrets(convert([appOnly]).objects);
    const fill = fillSecrets(plan, reads, { store: 'default', write: false, stubs: false });
    expect([...fill.replacements.values()]).toEqual([undefined, undefined]);
    expect(fill.findings.get(plan[0]!.stub)![0]).toEqual(expect.objectContaining({ code: 'secret-needed', severity: 'warning' }));
    expect(fill.findings.get(plan[0]!.stub)![0]!.message).toMatch(/are in the DC\/OS secret store but are not written/);
    expect(fill.statuses.map((s) => [s.state, s.outcome])).toEqual([['found', 'reference'], ['found', 'reference']]);
  });

  test('an image pull secret that is no docker config.json is unusable (the message never quotes it)', () => {
    expect(dockerConfigProblem(Buffer.from('hunter2-not-json'))).toBe('it is not JSON');
    expect(dockerConfigProblem(Buffer.from('{"credsStore":"desktop"}'))).toBe('it has no "auths" object');
    expect(dockerConfigProblem(Buffer.from(DOCKER_CONFIG))).toBeUndefined();
    const plan = planSecrets(convert([appOnly]).objects);
    const bad = new Map(reads);
    bad.set('shop/registry-config', found('hunter2-not-json'));
    const fill = fillSecrets(plan, bad, { store: 'default', write: true, stubs: false });
    const drafts = fill.findings.get(plan[1]!.stub)!;
    expect(drafts[0]!.code).toBe('secret-invalid');
    expect(JSON.stringify(drafts)).not.toContain('hunter2');
  });
});

describe('run: the conversion result rewritten', () => {
  test('findings replace secret-needed where it stood, units and needs follow, one read per path', async () => {
    const result = convert([WEB, WORKER]);
    const anchor = result.findings.findIndex((f) => f.code === 'secret-needed' && f.app === '/shop/web');
    const asked: string[] = [];
    const store: Record<string, Buffer> = { 'shop/db-password': Buffer.from('pw-from-dcos'), 'shop/keystore': KEYSTORE };
    const outcome = await resolveSecretStore(result, { url: 'http://store', store: 'default', write: true, stubs: false }, {
      display: 'http://store/secrets/v1', authenticated: true,
      get: async (path) => {
        asked.push(path);
        const p = path.replace('/secret/default/', '');
        return store[p] ? { status: 200, statusText: 'OK', contentType: 'application/octet-stream', body: store[p]! } : { status: 404, statusText: 'Not Found', body: Buffer.alloc(0) };
      },
    });
    expect(asked).toEqual(['/secret/default/shop/db-password', '/secret/default/shop/keystore', '/secret/default/shop/registry-config']);
    // web-secrets lacks its undeclared key, the pull config is missing, worker's pull Secret has no path: only worker-secrets is made.
    expect(result.objects.filter((o) => o.kind === 'Secret').map((o) => o.metadata.name)).toEqual(['worker-secrets']);
    expect(outcome.filled).toBe(1);
    expect(result.units.find((u) => u.id === '/shop/web')!.objects).toEqual(['Deployment shop/web']);
    const web = result.findings.filter((f) => f.app === '/shop/web' && f.code.startsWith('secret-') && f.code !== 'secret-undeclared');
    expect(web.map((f) => [f.code, f.pointer])).toEqual([['secret-needed', '/0/secrets'], ['secret-missing', '/0/secrets']]);
    expect(result.findings[anchor]!.code).toBe('secret-needed');
    expect(result.findings.some((f) => f.code === 'secret-needed' && f.app === '/shop/worker' && /worker-secrets/.test(f.message))).toBe(false);
    expect(result.needs.filter((n) => n.kind === 'secret' || n.kind === 'image-pull-secret').map((n) => n.name)).toEqual(['web-pull-secret', 'worker-pull-secret', 'web-secrets']);
    expect(result.secretStore!.secrets.map((s) => `${s.name}:${s.state}:${s.outcome}`)).toEqual([
      'web-secrets:no-path:reference', 'web-pull-secret:missing:reference', 'worker-secrets:found:filled', 'worker-pull-secret:no-path:reference',
    ]);
    expect(outcome.scrub('the API server said pw-from-dcos and cHctZnJvbS1kY29z')).toBe('the API server said *** and ***');
  });

  test('scrubber: text, base64 and the lines of a multi-line value; short values are left', () => {
    const scrub = scrubber([Buffer.from('-----BEGIN KEY-----\nMIIBOgIBAAJBAKj34\n-----END KEY-----'), Buffer.from('ok')]);
    expect(scrub('bad value MIIBOgIBAAJBAKj34 here, ok')).toBe('bad value *** here, ok');
  });
});

describe('guard: an existing Secret meets one from the store', () => {
  const wanted: KubeObject = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', annotations: { [STORE_ANNOTATION]: 'default' } }, type: 'Opaque', data: { a: Buffer.from('one').toString('base64'), b: Buffer.from('two').toString('base64') } };
  const live = (data: Record<string, string>, annotations?: Record<string, string>): KubeObject => ({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', ...(annotations ? { annotations } : {}) }, type: 'Opaque', data });
  const b64 = (s: string) => Buffer.from(s).toString('base64');

  test('same values: applied; other values: kept, naming the keys only; --overwrite-secrets: applied with force', () => {
    expect(decideExisting(live({ a: b64('one'), b: b64('two'), extra: b64('x') }), wanted, false)).toEqual({ action: 'apply', force: false });
    const kept = decideExisting(live({ a: b64('other') }), wanted, false);
    expect(kept).toEqual(expect.objectContaining({ action: 'keep', message: 'exists; values differ (changed: a; added: b), not overwritten (--overwrite-secrets)' }));
    expect(decideExisting(live({ a: b64('other') }), wanted, true)).toEqual({ action: 'apply', force: true });
  });

  test('an empty stub of an earlier --secret-stubs run is filled; a stub filled in by hand is kept', () => {
    expect(decideExisting(live({ a: '', b: '' }, { 'marathon2k8s.io/secret-stub': 'placeholder' }), wanted, false)).toEqual({ action: 'apply', force: false });
    expect(decideExisting(live({ a: b64('typed in'), b: '' }, { 'marathon2k8s.io/secret-stub': 'placeholder' }), wanted, false).action).toBe('keep');
  });
});
