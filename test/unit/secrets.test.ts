/** The secrets concern: keys, mount paths, cluster needs, stubs, and that no secret value leaks. */
import { DEFAULT_OPTIONS, type ConvertOptions } from '../../src/options.js';
import { convertSources } from '../../src/pipeline.js';
import { validateObject } from '../../src/kube/validate.js';
import { isValidSecretKey, secretKeyFor } from '../../src/translate/secrets/keys.js';
import { mountPathFor } from '../../src/translate/secrets/files.js';
import { registryOf } from '../../src/translate/secrets/pull.js';

function convert(input: unknown, options: Partial<ConvertOptions> = {}) {
  return convertSources([{ file: 'in.json', text: JSON.stringify(input) }], { ...DEFAULT_OPTIONS, ...options });
}

const withEnvSecret = {
  id: '/shop/checkout',
  cmd: 'run',
  container: { type: 'DOCKER', docker: { image: 'shop/checkout:1' } },
  env: { DB_PASSWORD: { secret: 'db' } },
  secrets: { db: { source: '/shop/db-password' } },
};

describe('secret keys', () => {
  test.each(['db', 'secret0', 'pullConfigSecret', 'tunnel-secret', 'a.b_c'])('a valid name is its own key: %s', (name) => {
    expect(secretKeyFor(name)).toBe(name);
  });

  test.each(['ledger/signing-key', 'api token', '', '.', '..', '..hidden', 'ä', 'x'.repeat(300)])('an invalid name becomes a valid key: %j', (name) => {
    const key = secretKeyFor(name);
    expect(isValidSecretKey(key)).toBe(true);
    expect(secretKeyFor(name)).toBe(key); // stable
  });

  test('names that sanitize alike stay distinct keys', () => {
    expect(secretKeyFor('a/b')).not.toBe(secretKeyFor('a b'));
    expect(secretKeyFor('a/b')).not.toBe('a_b');
  });
});

describe('secret file mount paths', () => {
  test.each([
    ['/etc/tls/server.key', '/etc/tls/server.key'],
    ['/etc//tls/./server.key/', '/etc/tls/server.key'],
    ['path', '/mnt/mesos/sandbox/path'],
    ['./creds/pw', '/mnt/mesos/sandbox/creds/pw'],
    ['', undefined],
    ['  ', undefined],
    ['/', undefined],
    ['.', undefined],
  ])('%j → %j', (containerPath, expected) => {
    expect(mountPathFor(containerPath)).toBe(expected);
  });
});

describe('registry of an image', () => {
  test.each([
    ['nginx:1.25', 'https://index.docker.io/v1/'],
    ['mesosphere/inky', 'https://index.docker.io/v1/'],
    ['registry.corp.example:5000/tools/x:1', 'registry.corp.example:5000'],
    ['localhost/x', 'localhost'],
    [undefined, 'https://index.docker.io/v1/'],
  ])('%j → %s', (image, registry) => {
    expect(registryOf(image)).toBe(registry);
  });
});

describe('cluster needs and stubs', () => {
  test('without stubs: no Secret object, a need with every key and its DC/OS path', () => {
    const result = convert(withEnvSecret);
    expect(result.objects.filter((o) => o.kind === 'Secret')).toEqual([]);
    expect(result.needs).toEqual([
      { kind: 'secret', name: 'checkout-secrets', namespace: 'shop', details: ['db (DC/OS /shop/db-password)'], apps: ['/shop/checkout'] },
    ]);
  });

  test('pull config: an image-pull-secret need', () => {
    const result = convert({
      id: '/ml/scorer',
      container: { type: 'MESOS', docker: { image: 'r.example:5000/ml/scorer:1', pullConfig: { secret: 'p' } } },
      secrets: { p: { source: '/ml/pull' } },
    });
    expect(result.needs).toEqual([
      { kind: 'image-pull-secret', name: 'scorer-pull-secret', namespace: 'ml', details: ['.dockerconfigjson (DC/OS /ml/pull)'], apps: ['/ml/scorer'] },
    ]);
  });

  test('two apps reading one DC/OS secret: one Secret each', () => {
    const other = { ...withEnvSecret, id: '/shop/orders', secrets: { pg: { source: '/shop/db-password' } }, env: { PW: { secret: 'pg' } } };
    const result = convert({ apps: [withEnvSecret, other] });
    expect(result.needs.map((n) => `${n.namespace}/${n.name}: ${n.details?.join()}`)).toEqual([
      'shop/checkout-secrets: db (DC/OS /shop/db-password)',
      'shop/orders-secrets: pg (DC/OS /shop/db-password)',
    ]);
  });

  test('with stubs: valid Secret objects with empty values, no needs', () => {
    const result = convert(withEnvSecret, { secretStubs: true });
    const secrets = result.objects.filter((o) => o.kind === 'Secret');
    expect(secrets).toHaveLength(1);
    expect(secrets[0]).toMatchObject({ metadata: { name: 'checkout-secrets', namespace: 'shop' }, type: 'Opaque', stringData: { db: '' } });
    expect(JSON.parse(secrets[0]!.metadata.annotations!['marathon2k8s.io/dcos-secret-sources']!)).toEqual({ db: '/shop/db-password' });
    expect(result.needs).toEqual([]);
    for (const o of result.objects) expect(validateObject(o)).toEqual([]);
  });

  test('every supported target version gets valid objects', () => {
    for (const kubeVersion of ['1.16', '1.20', '1.31']) {
      const result = convert({ ...withEnvSecret, container: { type: 'MESOS', docker: { image: 'x:1', pullConfig: { secret: 'db' } }, volumes: [{ containerPath: 'f', secret: 'db' }] } },
        { secretStubs: true, kubeVersion });
      expect(result.findings.filter((f) => f.code === 'invalid-object')).toEqual([]);
    }
  });
});

describe('robustness and the ledger', () => {
  test('every secret field is consumed: no unmapped-field', () => {
    const result = convert({
      ...withEnvSecret,
      container: {
        type: 'MESOS',
        docker: { image: 'x:1', pullConfig: { secret: 'pull' } },
        volumes: [{ containerPath: '/etc/x', secret: 'db' }, { containerPath: 'rel', secret: 'db' }],
      },
      secrets: { db: { source: 'a' }, pull: { source: 'b' }, unused: { source: 'c' } },
    });
    expect(result.findings.filter((f) => f.code === 'unmapped-field')).toEqual([]);
    expect(result.findings.map((f) => f.code).sort()).toEqual(['secret-file-in-sandbox', 'secret-needed', 'secret-unused']);
  });

  test('the legacy docker.volumes form is mapped at its legacy pointer', () => {
    const result = convert({
      ...withEnvSecret, env: {},
      container: { type: 'MESOS', docker: { image: 'x:1', volumes: [{ containerPath: '', secret: 'db' }] } },
    });
    expect(result.findings.filter((f) => f.code === 'unmapped-field')).toEqual([]);
    expect(result.findings.find((f) => f.code === 'secret-file-not-mounted')?.pointer).toBe('/container/docker/volumes/0/containerPath');
  });

  test.each([
    ['undeclared everywhere', { env: { A: { secret: 'nope' } }, container: { type: 'MESOS', docker: { image: 'x', pullConfig: { secret: 'nope2' } }, volumes: [{ containerPath: '/a', secret: 'nope' }] } }],
    ['secrets not an object', { env: { A: { secret: 'x' } }, secrets: 'oops' }],
    ['secret without source', { env: { A: { secret: 'x' } }, secrets: { x: {} } }],
    ['odd names', { env: { 'A/B': { secret: '..' }, 'C~D': { secret: 'constructor' } }, secrets: { '..': { source: 'p' } } }],
    ['credential without principal', { container: { type: 'MESOS', docker: { image: 'x', credential: { secret: 's3cr3t-value' } } } }],
  ])('never crashes, always valid output: %s', (_label, fields) => {
    const result = convert({ id: '/t/app', cmd: 'run', ...fields }, { secretStubs: true });
    expect(result.findings.filter((f) => f.code === 'internal-error' || f.code === 'invalid-object')).toEqual([]);
    expect(result.converted).toBe(1);
  });

  test('a legacy credential password never reaches the output, findings or needs', () => {
    const password = 'hunter2-do-not-leak';
    for (const secretStubs of [false, true]) {
      const result = convert({
        id: '/tools/sync', args: ['x'],
        container: { type: 'MESOS', docker: { image: 'registry.example.com/tools/sync:1', credential: { principal: 'svc', secret: password } } },
      }, { secretStubs });
      expect(JSON.stringify(result)).not.toContain(password);
      const pod = (result.objects.find((o) => o.kind === 'Deployment')!.spec as { template: { spec: Record<string, unknown> } }).template.spec;
      expect(pod.imagePullSecrets).toEqual([{ name: 'sync-pull-secret' }]);
      expect(result.findings.map((f) => f.code)).toEqual(expect.arrayContaining(['registry-credential', 'secret-needed']));
    }
  });
});

test('a long app name keeps its Secret names within 63 characters, stubs and references alike', () => {
  const id = `/team/${'x'.repeat(60)}`;
  const result = convert({
    id, cmd: 'run', env: { A: { secret: 's' } }, secrets: { s: { source: 'team/token' } },
    container: { type: 'DOCKER', docker: { image: 'registry.example.com/img:1', pullConfig: { secret: 's' } } },
  }, { secretStubs: true });
  const secrets = result.objects.filter((o) => o.kind === 'Secret').map((o) => o.metadata.name);
  expect(secrets).toHaveLength(2);
  for (const name of secrets) expect(name.length).toBeLessThanOrEqual(63);
  expect(secrets.some((n) => n.endsWith('-secrets'))).toBe(true);
  expect(secrets.some((n) => n.endsWith('-pull-secret'))).toBe(true);
  // The Deployment refers to exactly the Secrets emitted.
  const text = JSON.stringify(result.objects.find((o) => o.kind === 'Deployment'));
  for (const name of secrets) expect(text).toContain(`"name":"${name}"`);
  expect(result.findings.filter((f) => f.code === 'invalid-object' || f.code === 'internal-error')).toEqual([]);
  for (const obj of result.objects) expect(validateObject(obj)).toEqual([]);
});
