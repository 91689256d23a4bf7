/**
 * The secret store client over real HTTP: the Marathon client (src/marathon/remote.ts) against
 * the fake DC/OS secret store. Text and binary secrets, 401/403/404, a slow answer beyond the
 * timeout, the token never in a message, one request per path and bounded concurrency.
 */
import { Client } from '../../src/marathon/remote.js';
import { parseServiceUrl } from '../../src/marathon/remote-url.js';
import { readSecrets, secretUrlPath, type StoreRead } from '../../src/secrets/store.js';
import { FakeSecretStore } from '../support/fake-secret-store.js';

const TOKEN = 'eyJhbGciOiJSUzI1NiJ9.c2VjcmV0LXN0b3Jl.sig-STORE-42';
const BINARY = Buffer.from(Array.from({ length: 256 }, (_, i) => i));

let fake: FakeSecretStore | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function read(paths: string[], options: { token?: string; timeoutMs?: number; concurrency?: number } = {}): Promise<Map<string, StoreRead>> {
  const client = new Client(parseServiceUrl(fake!.url, 'secret-store'), { ...(options.token !== undefined ? { token: options.token } : {}), timeoutMs: options.timeoutMs ?? 5000 });
  return readSecrets((p) => client.getBytes(p), { store: 'default', authenticated: options.token !== undefined }, paths, options.concurrency);
}

test('text secrets as their UTF-8 bytes, binary ones byte for byte; the token is sent as DC/OS wants it', async () => {
  fake = await FakeSecretStore.start({ token: TOKEN, stores: { default: { 'shop/db': { text: 'pässwörd\n' }, 'shop/keystore.p12': { binary: BINARY } } } });
  const reads = await read(['shop/db', 'shop/keystore.p12'], { token: TOKEN });
  expect(reads.get('shop/db')).toEqual({ state: 'found', value: Buffer.from('pässwörd\n'), binary: false });
  const bin = reads.get('shop/keystore.p12')!;
  expect(bin.state === 'found' && bin.binary && bin.value.equals(BINARY)).toBe(true);
  expect(fake.requests.map((r) => [r.path, r.headers.authorization, r.headers.accept])).toEqual([
    ['/secrets/v1/secret/default/shop/db', `token=${TOKEN}`, '*/*'],
    ['/secrets/v1/secret/default/shop/keystore.p12', `token=${TOKEN}`, '*/*'],
  ]);
});

test('404 is missing; 401 says which token problem; 403 names the permission; nothing holds the token', async () => {
  fake = await FakeSecretStore.start({ token: TOKEN, forbidden: ['ops/root-password'], stores: { default: { 'shop/db': { text: 'x' } } } });
  const good = await read(['shop/gone', 'ops/root-password'], { token: TOKEN });
  expect(good.get('shop/gone')).toEqual({ state: 'missing' });
  expect(good.get('ops/root-password')).toEqual({
    state: 'unreadable', status: 403, reason: "403 Forbidden: the token's identity may not read this secret",
    hint: 'grant it dcos:adminrouter:secrets full and dcos:secrets:default:/ops/root-password read (or run with a superuser\'s token)',
  });
  const expired = (await read(['shop/db'], { token: 'expired-token-1234' })).get('shop/db')!;
  expect(expired).toEqual(expect.objectContaining({ state: 'unreadable', status: 401, reason: '401 Unauthorized: the DC/OS token was refused' }));
  expect(expired.state === 'unreadable' && expired.hint).toMatch(/may have expired/);
  const none = (await read(['shop/db'])).get('shop/db')!;
  expect(none).toEqual(expect.objectContaining({ state: 'unreadable', status: 401, reason: '401 Unauthorized: no DC/OS token was sent' }));
  expect(JSON.stringify([...good, expired, none])).not.toContain(TOKEN);
});

test('a slow answer beyond the timeout is unreadable, and the other paths are still read', async () => {
  fake = await FakeSecretStore.start({ delays: { 'shop/slow': 3000 }, stores: { default: { 'shop/slow': { text: 'late' }, 'shop/fast': { text: 'on time' } } } });
  const reads = await read(['shop/slow', 'shop/fast'], { timeoutMs: 300 });
  expect(reads.get('shop/slow')).toEqual(expect.objectContaining({ state: 'unreadable', reason: expect.stringMatching(/did not answer GET \/secrets\/v1\/secret\/default\/shop\/slow within 300 ms/) }));
  expect(reads.get('shop/fast')).toEqual({ state: 'found', value: Buffer.from('on time'), binary: false });
});

test('bounded concurrency: never more requests at once than asked', async () => {
  const secrets = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`app/s${i}`, { text: `v${i}` }]));
  fake = await FakeSecretStore.start({ delay: 50, stores: { default: secrets } });
  const reads = await read(Object.keys(secrets), { concurrency: 3 });
  expect([...reads.values()].every((r) => r.state === 'found')).toBe(true);
  expect(fake.requests).toHaveLength(12);
  expect(fake.maxInFlight).toBeLessThanOrEqual(3);
  expect(fake.maxInFlight).toBeGreaterThan(1);
});

test('paths are escaped segment by segment; HTML (not the secrets API) is unreadable, not a value', async () => {
  expect(secretUrlPath('default', '/team a/db?x')).toBe('/secret/default/team%20a/db%3Fx');
  fake = await FakeSecretStore.start({ stores: { default: { 'team a/db?x': { text: 'odd' } } } });
  expect((await read(['team a/db?x'])).get('team a/db?x')).toEqual({ state: 'found', value: Buffer.from('odd'), binary: false });
  const wrong = new Client(parseServiceUrl(fake.origin + '/not-secrets', 'secret-store'), { timeoutMs: 2000 });
  const r = await readSecrets((p) => wrong.getBytes(p), { store: 'default', authenticated: false }, ['team a/db?x']);
  expect(r.get('team a/db?x')).toEqual(expect.objectContaining({ state: 'unreadable', status: 404, reason: '404 Not Found with an HTML page, not the secrets API' }));
});
