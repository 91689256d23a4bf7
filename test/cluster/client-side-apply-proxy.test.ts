/**
 * Clusters older than server-side apply, played by a thin HTTP proxy (Node http, below) in front
 * of the real kube-apiserver 1.20 (test/support/cluster.ts): it answers /version with an older
 * release and refuses `application/apply-patch+yaml` with 415, as such servers do; for a release
 * without `dryRun` (< 1.13) it fails any request that carries one, since a real one would ignore
 * it and write. Everything else passes through with the test cluster's credentials. The CLI runs
 * against a kubeconfig pointing at the proxy.
 */
import { execa } from 'execa';
import http from 'node:http';
import https from 'node:https';
import { KubernetesObjectApi } from '@kubernetes/client-node';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { AddressInfo } from 'node:net';
import { describeIfCluster } from '../support/cluster.js';
import { loadKubeconfig } from '../../src/cluster/kubeconfig.js';

/** Each CLI run loads the cluster client (seconds on a busy machine); a test makes several. */
const CLI_TIMEOUT_MS = 180_000;
const ROOT = resolve(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'dist', 'src', 'cli', 'main.js');
const RUN_ID = `${Date.now().toString(36)}-${Math.floor(Math.random() * 1e4)}`;

interface Seen {
  method: string;
  url: string;
  contentType: string;
}

/** The proxy: `version` overrides /version ("1.15.12"); undefined passes the real one through. */
function startProxy(target: URL, ca: Buffer | undefined, version: string | undefined) {
  const seen: Seen[] = [];
  const noDryRun = version !== undefined && Number(version.split('.')[1]) < 13;
  const server = http.createServer((req, res) => {
    const contentType = String(req.headers['content-type'] ?? '');
    seen.push({ method: req.method!, url: req.url!, contentType });
    const answer = (code: number, body: unknown) => {
      res.writeHead(code, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (version && req.url!.split('?')[0] === '/version') {
      const [major, minor] = version.split('.');
      return answer(200, { major, minor, gitVersion: `v${version}`, platform: 'linux/amd64' });
    }
    if (contentType.startsWith('application/apply-patch')) {
      return answer(415, { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'UnsupportedMediaType', code: 415, message: `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json` });
    }
    if (noDryRun && /[?&]dryRun=/.test(req.url!)) return answer(400, { kind: 'Status', status: 'Failure', code: 400, message: 'TEST PROXY: a dryRun reached a server that has none' });
    const upstream = https.request(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: { ...req.headers, host: target.host }, ...(ca ? { ca } : {}) },
      (up) => {
        res.writeHead(up.statusCode!, up.headers);
        up.pipe(res);
      },
    );
    upstream.on('error', (e) => answer(502, { message: String(e) }));
    req.pipe(upstream);
  });
  return new Promise<{ url: string; seen: Seen[]; close: () => Promise<void> }>((ok) =>
    server.listen(0, '127.0.0.1', () => ok({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen, close: () => new Promise((done) => server.close(() => done())) })),
  );
}

await describeIfCluster('client-side apply on clusters without server-side apply (a proxy plays the old server)', (kubeconfig) => {
  let tmp: string;
  let raw: KubernetesObjectApi;
  let target: URL;
  let ca: Buffer | undefined;
  let token: string;
  const namespaces: string[] = [];

  beforeAll(() => {
    tmp = mkdtempSync(join(tmpdir(), 'm2k-csa-proxy-'));
    const { kc } = loadKubeconfig({ kubeconfig });
    raw = KubernetesObjectApi.makeApiClient(kc);
    target = new URL(kc.getCurrentCluster()!.server);
    const caData = kc.getCurrentCluster()!.caData;
    ca = caData ? Buffer.from(caData, 'base64') : undefined;
    token = kc.getCurrentUser()!.token!;
    const image = { type: 'DOCKER', docker: { image: 'nginx:1.25' } };
    writeFileSync(join(tmp, 'v1.json'), JSON.stringify([{ id: '/shop/web', cmd: 'serve', container: image, env: { GREETING: 'hello' } }, { id: '/shop/api', cmd: 'api', container: image }]));
    writeFileSync(join(tmp, 'v2.json'), JSON.stringify([{ id: '/shop/web', cmd: 'serve', container: image, env: { GREETING: 'bonjour' } }]));
  });

  afterAll(async () => {
    rmSync(tmp, { recursive: true, force: true });
    for (const name of namespaces) await raw?.delete({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } }).catch(() => undefined);
  });

  /** A namespace of its own and a CLI runner through a proxy playing `version`. */
  async function through(version: string | undefined, label: string) {
    const ns = `m2k-csa-${label}-${RUN_ID}`;
    namespaces.push(ns);
    const proxy = await startProxy(target, ca, version);
    const config = join(tmp, `kubeconfig-${label}`);
    writeFileSync(
      config,
      JSON.stringify({
        apiVersion: 'v1', kind: 'Config', 'current-context': 'proxy',
        // client-node sends a token over plain HTTP only with this set (the proxy is on loopback).
        clusters: [{ name: 'proxy', cluster: { server: proxy.url, 'insecure-skip-tls-verify': true } }],
        users: [{ name: 'admin', user: { token } }],
        contexts: [{ name: 'proxy', context: { cluster: 'proxy', user: 'admin' } }],
      }),
    );
    const run = (...args: string[]) => execa('node', [BIN, ...args, '-n', ns, '--kubeconfig', config, '--show', 'none'], { reject: false, cwd: tmp });
    const exists = (name: string) => raw.read({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace: ns } }).then(() => true, () => false);
    return { ns, proxy, run, exists };
  }

  test('Kubernetes 1.15: auto picks client-side apply; apply and diff work through it, never with server-side apply', async () => {
    const { ns, proxy, run, exists } = await through('1.15.12', 'v115');
    try {
      const r = await run('apply', 'v1.json');
      expect(r.stderr).toContain('(Kubernetes v1.15.12, objects for 1.15); client-side apply: Kubernetes 1.15 predates server-side apply (1.16)');
      expect(r.exitCode).toBe(0);
      expect(r.stdout).toContain(`created     Deployment ${ns}/shop-web`);
      expect(await exists('shop-web')).toBe(true);
      // diff: the three-way patch, dry-run on the server (1.15 has dryRun).
      const d = await run('diff', 'v2.json');
      expect(d.exitCode).toBe(1);
      expect(d.stdout.split('\n').filter((l) => /^[-+] /.test(l) || /^[-+]\s+value: /.test(l))).toEqual(['-              value: hello', '+              value: bonjour']);
      expect(proxy.seen.some((s) => s.method === 'PATCH' && s.contentType === 'application/strategic-merge-patch+json' && s.url.includes('dryRun=All'))).toBe(true);
      const u = await run('apply', 'v2.json');
      expect(u.stdout).toContain(`configured  Deployment ${ns}/shop-web`);
      expect(proxy.seen.filter((s) => s.contentType.startsWith('application/apply-patch'))).toEqual([]);
    } finally {
      await proxy.close();
    }
  }, CLI_TIMEOUT_MS);

  test('a server that answers 415 to server-side apply: auto falls back to client-side with one note, and applies', async () => {
    const { ns, proxy, run, exists } = await through(undefined, 'fallback');
    try {
      const r = await run('apply', 'v1.json');
      expect(r.exitCode).toBe(0);
      expect(r.stderr.match(/^note: the API server does not take server-side apply \(HTTP 415 Unsupported Media Type\): using client-side apply/gm)).toHaveLength(1);
      expect(r.stdout).toContain(`created     Deployment ${ns}/shop-web`);
      expect(await exists('shop-api')).toBe(true);
      // Only the first object tried server-side apply.
      expect(proxy.seen.filter((s) => s.contentType.startsWith('application/apply-patch'))).toHaveLength(1);
      // --apply-method server does not fall back: the error says so.
      const strict = await run('apply', 'v2.json', '--apply-method', 'server');
      expect(strict.exitCode).toBe(1);
      expect(strict.stderr).toContain('unknown format');
    } finally {
      await proxy.close();
    }
  }, CLI_TIMEOUT_MS);

  test('Kubernetes 1.12 (no dryRun): dry runs and diffs are merged locally and say so; nothing is sent with dryRun, nothing pruned by a dry run', async () => {
    const { ns, proxy, run, exists } = await through('1.12.10', 'v112');
    try {
      const dry = await run('apply', 'v1.json', '--dry-run=server');
      expect(dry.exitCode).toBe(0);
      expect(dry.stderr).toContain('no server-side dry run (Kubernetes 1.13+): dry runs are merged locally, unvalidated');
      expect(dry.stdout).toContain('(dry run computed locally: this API server has no server-side dry run, so nothing was sent or validated)');
      expect(await exists('shop-web')).toBe(false);
      expect((await run('apply', 'v1.json')).exitCode).toBe(0);
      const d = await run('diff', 'v2.json');
      expect(d.exitCode).toBe(1);
      expect(d.stderr).toMatch(/1 to change, \d+ unchanged \(merged locally: not validated or defaulted by the server, which has no dry run\)/);
      expect(d.stdout).toContain('-              value: hello\n+              value: bonjour');
      const prune = await run('apply', 'v2.json', '--dry-run=server', '--prune', '--all');
      expect(prune.exitCode).toBe(0);
      expect(prune.stdout).toContain(`pruned      Deployment ${ns}/shop-api (server dry run)`);
      expect(await exists('shop-api')).toBe(true);
      expect(proxy.seen.filter((s) => s.url.includes('dryRun'))).toEqual([]);
      expect(proxy.seen.filter((s) => s.method === 'DELETE')).toEqual([]);
    } finally {
      await proxy.close();
    }
  }, CLI_TIMEOUT_MS);
});
