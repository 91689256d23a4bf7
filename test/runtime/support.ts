/**
 * Helpers of the runtime suite: convert + apply a fixture with the tool's own CLI, then look at
 * what really runs on the node (pods, Services, endpoints) and talk to it over HTTP from the
 * node itself (pod IPs and ClusterIPs are routable from the host: the CNI bridge and kube-proxy).
 *
 * Inputs live in fixtures/runtime/<case>/input.json (also golden fixtures: expected.yaml and
 * findings.txt are what is applied); options.json holds the conversion options, turned into
 * the same CLI flags here.
 */
import { CoreV1Api, AppsV1Api, BatchV1Api, KubeConfig, type V1Pod } from '@kubernetes/client-node';
import { execa } from 'execa';
import { existsSync, readFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const RUNTIME_FIXTURES = path.join(REPO, 'fixtures/runtime');
const CLI = path.join(REPO, 'dist/src/cli/main.js');

/** A namespace of its own per test file, so cases never see each other's objects. */
export function testNamespace(prefix: string): string {
  return `rt-${prefix}-${Date.now().toString(36).slice(-5)}${Math.floor(Math.random() * 100)}`;
}

export interface Clients {
  core: CoreV1Api;
  apps: AppsV1Api;
  batch: BatchV1Api;
}

export function clients(kubeconfig: string): Clients {
  const kc = new KubeConfig();
  kc.loadFromFile(kubeconfig);
  return { core: kc.makeApiClient(CoreV1Api), apps: kc.makeApiClient(AppsV1Api), batch: kc.makeApiClient(BatchV1Api) };
}

/** options.json (ConvertOptions keys) → CLI flags: `true` → `--flag`, a string → `--flag value`. */
export function flagsOf(caseName: string): string[] {
  const file = path.join(RUNTIME_FIXTURES, caseName, 'options.json');
  if (!existsSync(file)) return [];
  const options = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  return Object.entries(options).flatMap(([key, value]) => {
    const flag = `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
    if (value === true) return [flag];
    if (value === false) return [];
    return [flag, String(value)];
  });
}

export function inputOf(caseName: string): string {
  return path.join(RUNTIME_FIXTURES, caseName, 'input.json');
}

export interface CliResult {
  exitCode: number | undefined;
  stdout: string;
  stderr: string;
}

/** The tool's CLI, never throwing: the test looks at exit code and output. */
export async function cli(args: string[], input?: string): Promise<CliResult> {
  const r = await execa('node', [CLI, ...args], { reject: false, input, timeout: 10 * 60_000, env: { NO_COLOR: '1' } });
  return { exitCode: r.exitCode, stdout: String(r.stdout), stderr: String(r.stderr) };
}

/**
 * `marathon2k8s apply <case input> --wait` into `namespace`, with the case's options. The
 * kube version is left to discovery (the node is 1.20), as a user would.
 */
export async function applyCase(kubeconfig: string, caseName: string, namespace: string, extra: string[] = []): Promise<CliResult> {
  const flags = flagsOf(caseName).filter((f, i, all) => f !== '--kube-version' && all[i - 1] !== '--kube-version');
  return cli(['apply', inputOf(caseName), '--kubeconfig', kubeconfig, '--namespace', namespace, ...flags, ...extra]);
}

/** Fails with the CLI's whole output when it did not exit as expected. */
export function expectExit(result: CliResult, code: number): void {
  if (result.exitCode !== code) {
    throw new Error(`expected exit ${code}, got ${result.exitCode}\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`);
  }
}

export interface HttpAnswer {
  status: number;
  body: string;
}

/** GET over plain HTTP with a hard timeout; a refused or timed-out connection is status 0. */
export function httpGet(url: string, timeoutMs = 3000): Promise<HttpAnswer> {
  return new Promise((resolve) => {
    const req = http.get(url, { timeout: timeoutMs, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      res.on('error', () => resolve({ status: 0, body }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (e) => resolve({ status: 0, body: String(e) }));
  });
}

/** Polls `fn` until it returns a value other than undefined, or throws what it last saw. */
export async function eventually<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs = 60_000, pollMs = 500): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await fn();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`${what}: not reached within ${timeoutMs / 1000}s${last ? ` (last error: ${String(last)})` : ''}`);
    await new Promise((r) => setTimeout(r, pollMs));
  }
}

/** The running pods of a workload (by the selector the tool writes: app.kubernetes.io/name). */
export async function podsOf(c: Clients, namespace: string, name: string): Promise<V1Pod[]> {
  const list = await c.core.listNamespacedPod({ namespace, labelSelector: `app.kubernetes.io/name=${name}` });
  return list.items.filter((p) => !p.metadata?.deletionTimestamp);
}

export function isReady(pod: V1Pod): boolean {
  return pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
}

/** The one Ready pod of a workload (waits for it). */
export async function readyPod(c: Clients, namespace: string, name: string, timeoutMs = 60_000): Promise<V1Pod> {
  return eventually(`a Ready pod of ${namespace}/${name}`, async () => (await podsOf(c, namespace, name)).find(isReady), timeoutMs);
}

/** `KEY=value` lines (an `env` dump served by the test app) as a record. */
export function parseEnv(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const eq = line.indexOf('=');
    if (eq > 0) env[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return env;
}

/** Every port of a Service, answered at its ClusterIP (through kube-proxy) with GET `path`. */
export async function serviceAnswers(c: Clients, namespace: string, service: string, urlPath: string): Promise<{ port: number; name?: string; answer: HttpAnswer }[]> {
  const svc = await c.core.readNamespacedService({ name: service, namespace });
  const ip = svc.spec?.clusterIP;
  if (!ip) throw new Error(`service ${namespace}/${service} has no ClusterIP`);
  const answers = [];
  for (const port of svc.spec?.ports ?? []) {
    answers.push({ port: port.port, name: port.name, answer: await httpGet(`http://${ip}:${port.port}${urlPath}`) });
  }
  return answers;
}

/** The ready addresses of a Service's Endpoints. */
export async function readyEndpoints(c: Clients, namespace: string, service: string): Promise<string[]> {
  const ep = await c.core.readNamespacedEndpoints({ name: service, namespace }).catch(() => undefined);
  return (ep?.subsets ?? []).flatMap((s) => (s.addresses ?? []).map((a) => a.ip ?? ''));
}

/** Test cleanup only (the tool itself never deletes): the namespace and everything in it. */
export async function deleteNamespace(c: Clients, namespace: string): Promise<void> {
  await c.core.deleteNamespace({ name: namespace }).catch(() => undefined);
}
