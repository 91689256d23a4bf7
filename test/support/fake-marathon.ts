/**
 * A fake Marathon + Metronome for the live-API tests: node:http on 127.0.0.1 with a random port,
 * serving recorded responses (a GET /v2/groups tree, a GET /v1/jobs list) and recording every
 * request so tests can check the path, query and headers. Routes can be replaced per test to
 * answer 401, 500, HTML, nothing at all…
 *
 * Two response sets: a small hand-written one (runs everywhere) and one assembled from the shared
 * corpus (apps, app lists, pods and group files, rebased under /corpus/… with absolute ids and the
 * response-only fields Marathon adds), as GET /v2/groups?embed=… returns them.
 */
import { execFileSync } from 'node:child_process';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { CORPUS, corpusFiles } from './corpus.js';

export interface RecordedRequest {
  method: string;
  /** Path without the query. */
  path: string;
  /** Every query parameter with all its values, e.g. { embed: ['group.groups', …] }. */
  query: Record<string, string[]>;
  headers: IncomingMessage['headers'];
}

export interface FakeResponse {
  status?: number;
  headers?: Record<string, string>;
  /** A string is sent as is; anything else as JSON. */
  body?: unknown;
  /** Never answer (for timeouts). */
  hang?: boolean;
}

export type Route = (req: RecordedRequest) => FakeResponse | Promise<FakeResponse>;

export class FakeMarathon {
  readonly requests: RecordedRequest[] = [];
  /** Path → handler; a path without a route answers 404 like Marathon. */
  readonly routes = new Map<string, Route>();

  private constructor(private readonly server: Server, readonly url: string) {}

  /** With `tls`, an https server (see selfSignedCert). */
  static async start(routes: Record<string, Route> = {}, tls?: { key: string; cert: string }): Promise<FakeMarathon> {
    let fake: FakeMarathon | undefined;
    const handler = (req: IncomingMessage, res: ServerResponse) => void fake!.handle(req, res);
    const server: Server = tls ? createHttpsServer(tls, handler) : createServer(handler);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    fake = new FakeMarathon(server, `${tls ? 'https' : 'http'}://127.0.0.1:${port}`);
    for (const [path, route] of Object.entries(routes)) fake.routes.set(path, route);
    return fake;
  }

  /** Serves a Marathon group tree at /v2/groups and Metronome jobs at /v1/jobs. */
  static async serving(groups: unknown, jobs?: unknown[]): Promise<FakeMarathon> {
    const routes: Record<string, Route> = { '/v2/groups': () => ({ body: groups }) };
    if (jobs) routes['/v1/jobs'] = () => ({ body: jobs });
    return FakeMarathon.start(routes);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake');
    const query: Record<string, string[]> = {};
    for (const [k, v] of url.searchParams) (query[k] ??= []).push(v);
    const recorded: RecordedRequest = { method: req.method ?? 'GET', path: url.pathname, query, headers: req.headers };
    this.requests.push(recorded);
    const route = this.routes.get(url.pathname);
    const answer: FakeResponse = route
      ? await route(recorded)
      : { status: 404, body: { message: `The requested resource ${url.pathname} could not be found` } };
    if (answer.hang) return; // keep the socket open; close() ends it
    const body = typeof answer.body === 'string' ? answer.body : answer.body === undefined ? '' : JSON.stringify(answer.body);
    const type = typeof answer.body === 'string' ? 'text/plain' : 'application/json';
    res.writeHead(answer.status ?? 200, { 'content-type': type, ...answer.headers });
    res.end(body);
  }

  /** A URL with this server's address and the given path (e.g. `/service/marathon`). */
  at(path = ''): string {
    return this.url + path;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/**
 * A self-signed certificate for 127.0.0.1 made with the openssl command (files under `dir`), or
 * undefined when openssl is not installed.
 */
export function selfSignedCert(dir: string): { key: string; cert: string; certFile: string } | undefined {
  const keyFile = join(dir, 'key.pem');
  const certFile = join(dir, 'cert.pem');
  try {
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', keyFile, '-out', certFile, '-days', '1',
      '-subj', '/CN=fake-marathon', '-addext', 'subjectAltName=IP:127.0.0.1',
    ], { stdio: 'ignore' });
  } catch {
    return undefined;
  }
  return { key: readFileSync(keyFile, 'utf8'), cert: readFileSync(certFile, 'utf8'), certFile };
}

/** A port on 127.0.0.1 that nothing listens on (it was free a moment ago). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

// ---------------------------------------------------------------------------------------------
// Response bodies

const VERSION = '2024-03-01T10:00:00.000Z';

/** What Marathon adds to every app in a GET response (ignored by the converter as noise). */
function appInfo(app: Record<string, unknown>): Record<string, unknown> {
  return {
    version: VERSION,
    versionInfo: { lastScalingAt: VERSION, lastConfigChangeAt: VERSION },
    tasksStaged: 0,
    tasksRunning: typeof app.instances === 'number' ? app.instances : 1,
    tasksHealthy: 0,
    tasksUnhealthy: 0,
    deployments: [],
    ...app,
  };
}

/** GET /v2/groups?embed=group.pods returns pods as PodStatus with the definition under `spec`. */
function podStatus(pod: Record<string, unknown>, id: string): Record<string, unknown> {
  return {
    id,
    spec: { ...pod, id, version: VERSION },
    status: 'STABLE',
    statusSince: VERSION,
    instances: [],
    terminationHistory: [],
    lastUpdated: VERSION,
    lastChanged: VERSION,
  };
}

function group(id: string, parts: { apps?: unknown[]; pods?: unknown[]; groups?: unknown[]; dependencies?: string[] }): Record<string, unknown> {
  return {
    id,
    apps: parts.apps ?? [],
    groups: parts.groups ?? [],
    pods: parts.pods ?? [],
    dependencies: parts.dependencies ?? [],
    version: VERSION,
    enforceRole: false,
  };
}

/** A small, realistic GET /v2/groups answer: two top-level groups, a nested one, a pod. */
export function handWrittenGroups(): Record<string, unknown> {
  const web = appInfo({
    id: '/shop/frontend/web',
    instances: 2,
    cpus: 0.5,
    mem: 256,
    container: { type: 'DOCKER', docker: { image: 'nginx:1.25' }, portMappings: [{ containerPort: 80, hostPort: 0, protocol: 'tcp', name: 'http' }] },
    networks: [{ mode: 'container/bridge' }],
    healthChecks: [{ protocol: 'MESOS_HTTP', path: '/', portIndex: 0 }],
    dependencies: ['/shop/api'],
  });
  const api = appInfo({
    id: '/shop/api',
    instances: 1,
    cpus: 1,
    mem: 512,
    cmd: 'java -jar api.jar --port $PORT0',
    container: { type: 'DOCKER', docker: { image: 'example/api:3.1' } },
    portDefinitions: [{ port: 0, protocol: 'tcp', name: 'api' }],
    env: { DB_HOST: 'db.data.marathon.mesos' },
  });
  const db = appInfo({
    id: '/data/db',
    instances: 1,
    cpus: 2,
    mem: 2048,
    container: { type: 'DOCKER', docker: { image: 'postgres:16' } },
  });
  const sidecar = podStatus(
    {
      containers: [
        { name: 'app', image: { kind: 'DOCKER', id: 'example/worker:1' }, resources: { cpus: 0.2, mem: 128 } },
        { name: 'log', image: { kind: 'DOCKER', id: 'fluent/fluent-bit:3' }, resources: { cpus: 0.1, mem: 64 } },
      ],
      scaling: { kind: 'fixed', instances: 1 },
      networks: [{ mode: 'container', name: 'dcos' }],
    },
    '/shop/worker',
  );
  return group('/', {
    groups: [
      group('/data', { apps: [db] }),
      group('/shop', { apps: [api], pods: [sidecar], groups: [group('/shop/frontend', { apps: [web] })] }),
    ],
  });
}

/** A GET /v1/jobs?embed=schedules answer: one scheduled job, one without schedules. */
export function handWrittenJobs(): Record<string, unknown>[] {
  return [
    {
      id: 'reports.nightly',
      description: 'nightly report',
      labels: { team: 'reports' },
      run: {
        cpus: 0.5,
        mem: 256,
        disk: 0,
        cmd: 'make-report --date yesterday',
        docker: { image: 'example/reports:2' },
        restart: { policy: 'ON_FAILURE', activeDeadlineSeconds: 3600 },
      },
      schedules: [{ id: 'nightly', cron: '0 2 * * *', timezone: 'Europe/Berlin', concurrencyPolicy: 'FORBID', enabled: true, startingDeadlineSeconds: 900, nextRunAt: '2024-03-02T01:00:00.000+0000' }],
    },
    {
      id: 'ops.cleanup',
      run: { cpus: 0.1, mem: 32, disk: 0, cmd: 'cleanup --all', restart: { policy: 'NEVER' } },
      schedules: [],
    },
  ];
}

// ---------------------------------------------------------------------------------------------
// From the corpus

interface IndexRow {
  file: string;
  kind: string;
  parses: boolean;
}

function corpusIndex(): IndexRow[] {
  const index = join(CORPUS, 'INDEX.tsv');
  if (!existsSync(index)) return [];
  return readFileSync(index, 'utf8')
    .split('\n')
    .slice(1)
    .filter((l) => l.trim() !== '')
    .map((l) => {
      const cells = l.split('\t');
      return { file: cells[0]!, kind: cells[3]!, parses: cells[5] === 'yes' };
    });
}

function readJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as unknown;
  } catch {
    return undefined;
  }
}

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A Marathon path id segment from a file name: lowercase letters, digits and '-'. */
function slug(s: string, n: number): string {
  const base = s.toLowerCase().replace(/\.json$/, '').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(-40).replace(/^-+/, '');
  return `c${n}-${base || 'x'}`;
}

/** Resolves a (relative or absolute) Marathon id against a parent group id, with `..`. */
function resolveId(id: string, parent: string): string {
  const parts = (id.startsWith('/') ? id : `${parent}/${id}`).split('/');
  const out: string[] = [];
  for (const p of parts) {
    if (p === '' || p === '.') continue;
    if (p === '..') out.pop();
    else out.push(p);
  }
  return '/' + out.join('/');
}

/** A group file rebased under `prefix`, with absolute ids everywhere, as GET /v2/groups shows it. */
function rebaseGroup(g: Record<string, unknown>, parentAbs: string, prefix: string): Record<string, unknown> {
  const abs = resolveId(typeof g.id === 'string' ? g.id : '', parentAbs);
  const rebased = (id: string) => (id === '/' ? prefix : prefix + id);
  const deps = (d: unknown) => (Array.isArray(d) ? d.map((x) => (typeof x === 'string' && x.startsWith('/') ? rebased(x) : x)) : d);
  const apps = (Array.isArray(g.apps) ? g.apps : []).filter(isObj).map((a) => {
    const id = rebased(resolveId(typeof a.id === 'string' ? a.id : 'app', abs));
    return appInfo({ ...a, id, ...(a.dependencies !== undefined ? { dependencies: deps(a.dependencies) } : {}) });
  });
  const pods = (Array.isArray(g.pods) ? g.pods : []).filter(isObj).map((p) => {
    const def = isObj(p.spec) ? p.spec : p;
    return podStatus(def, rebased(resolveId(typeof def.id === 'string' ? def.id : 'pod', abs)));
  });
  const groups = (Array.isArray(g.groups) ? g.groups : []).filter(isObj).map((c) => rebaseGroup(c, abs, prefix));
  return group(rebased(abs), { apps, pods, groups, ...(Array.isArray(g.dependencies) ? { dependencies: deps(g.dependencies) as string[] } : {}) });
}

export interface CorpusTree {
  groups: Record<string, unknown>;
  apps: number;
  pods: number;
  /** Corpus files used. */
  files: number;
}

/**
 * A GET /v2/groups answer holding the whole corpus (apps, app lists, pods, group files), or
 * undefined when the corpus is missing. Layout: /corpus/apps/<n>-<file>, /corpus/pods/<n>-<file>,
 * /corpus/groups/<n>-<file>/… (each group file rebased there, ids made absolute).
 */
export function corpusGroups(): CorpusTree | undefined {
  const rows = corpusIndex();
  if (rows.length === 0) return undefined;
  const kindOf = new Map(rows.map((r) => [r.file, r]));
  const apps: Record<string, unknown>[] = [];
  const pods: Record<string, unknown>[] = [];
  const groups: Record<string, unknown>[] = [];
  let files = 0;
  let n = 0;
  for (const folder of ['apps', 'pods', 'groups']) {
    for (const path of corpusFiles(folder)) {
      const row = kindOf.get(`${folder}/${basename(path)}`);
      if (!row?.parses) continue;
      const doc = readJson(path);
      if (doc === undefined) continue;
      files++;
      if (row.kind === 'app' && isObj(doc)) {
        apps.push(appInfo({ ...doc, id: `/corpus/apps/${slug(basename(path), n++)}` }));
      } else if (row.kind === 'app-list') {
        const list = Array.isArray(doc) ? doc : isObj(doc) && Array.isArray(doc.apps) ? doc.apps : [];
        for (const a of list.filter(isObj)) apps.push(appInfo({ ...a, id: `/corpus/apps/${slug(basename(path), n++)}` }));
      } else if (row.kind === 'pod') {
        const list = Array.isArray(doc) ? doc : isObj(doc) && Array.isArray(doc.pods) ? doc.pods : [doc];
        for (const p of list.filter(isObj)) {
          const def = isObj(p.spec) ? p.spec : p;
          pods.push(podStatus(def, `/corpus/pods/${slug(basename(path), n++)}`));
        }
      } else if (row.kind === 'group' && isObj(doc)) {
        const prefix = `/corpus/groups/${slug(basename(path), n++)}`;
        // Marathon nests every group under its parent: add the levels between prefix and the file's root.
        let g = rebaseGroup(doc, '/', prefix);
        while (g.id !== prefix) g = group((g.id as string).slice(0, (g.id as string).lastIndexOf('/')), { groups: [g] });
        groups.push(g);
      }
    }
  }
  const count = (g: Record<string, unknown>, key: 'apps' | 'pods'): number =>
    (g[key] as unknown[]).length + (g.groups as Record<string, unknown>[]).reduce((s, c) => s + count(c, key), 0);
  const root = group('/', {
    groups: [
      group('/corpus', {
        groups: [group('/corpus/apps', { apps }), group('/corpus/pods', { pods }), group('/corpus/groups', { groups })],
      }),
    ],
  });
  return { groups: root, apps: count(root, 'apps'), pods: count(root, 'pods'), files };
}
