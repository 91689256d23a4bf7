/**
 * A fake Marathon + Metronome for the live-API tests: node:http on 127.0.0.1 with a random port,
 * serving recorded responses (a GET /v2/groups tree, a GET /v1/jobs list) and recording every
 * request so tests can check the path, query and headers. Routes can be replaced per test to
 * answer 401, 500, HTML, nothing at all…
 *
 * Two response sets: a small hand-written one (runs everywhere) and one assembled from the shared
 * corpus (apps, app lists, pods and group files, rebased under /corpus/… with absolute ids and the
 * response-only fields Marathon adds), as GET /v2/groups?embed=… returns them.
 *
 * `FakeMarathon.stateful(state)` serves a `MarathonState` instead: a Marathon (and Metronome) that
 * keeps apps, pods, jobs and deployments, for cutover and rollback (see MarathonState).
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
  /** The request body parsed as JSON (the raw text when it is not JSON); undefined when empty. */
  body?: unknown;
  /** When it arrived (Date.now()). */
  at: number;
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
  /** Answers every path without a route, instead of the 404 (MarathonState's handler). */
  fallback?: Route;

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
    const recorded: RecordedRequest = { method: req.method ?? 'GET', path: url.pathname, query, headers: req.headers, at: Date.now() };
    const text = await readBody(req);
    if (text !== '') recorded.body = parseBody(text);
    this.requests.push(recorded);
    const route = this.routes.get(url.pathname) ?? this.fallback;
    const answer: FakeResponse = route
      ? await route(recorded)
      : { status: 404, body: { message: `The requested resource ${url.pathname} could not be found` } };
    if (res.destroyed) return;
    if (answer.hang) return; // keep the socket open; close() ends it
    const body = typeof answer.body === 'string' ? answer.body : answer.body === undefined ? '' : JSON.stringify(answer.body);
    const type = typeof answer.body === 'string' ? 'text/plain' : 'application/json';
    res.writeHead(answer.status ?? 200, { 'content-type': type, ...answer.headers });
    res.end(body);
  }

  /** Serves a stateful Marathon/Metronome (see MarathonState) at the root of the server. */
  static async stateful(state: MarathonState): Promise<FakeMarathon> {
    const fake = await FakeMarathon.start();
    fake.fallback = (req) => state.handle(req);
    return fake;
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

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (text += chunk));
    req.on('end', () => resolve(text));
    req.on('error', () => resolve(text));
  });
}

function parseBody(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
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

// ---------------------------------------------------------------------------------------------
// A Marathon that keeps state: for cutover and rollback

/** What Marathon's Metronome schedules look like (GET /v1/jobs/<id>/schedules). */
export interface FakeSchedule {
  id: string;
  cron: string;
  enabled: boolean;
  [field: string]: unknown;
}

interface AppRecord {
  /** The definition (id, instances, healthChecks…) as Marathon stores it. */
  spec: Record<string, unknown>;
  /** Tasks running now (follows `instances` once a deployment finished). */
  running: number;
}

interface PodRecord {
  spec: Record<string, unknown>;
  running: number;
}

interface FakeDeployment {
  id: string;
  affectedApps: string[];
  affectedPods: string[];
  /** When it finishes (Date.now() scale); Infinity: never (a stuck deployment). */
  finishAt: number;
  /** What finishing does: the tasks follow the new instance count. */
  finish: () => void;
  version: string;
}

/**
 * A Marathon + Metronome that keeps apps, pods, jobs and deployments, as much of the REST API as
 * cutover and rollback use, with Marathon's answers (shapes from the RAML in shared/reference):
 *   - GET  /v2/apps/<id>: `{ app: {...definition, tasksStaged, tasksRunning, tasksHealthy,
 *          tasksUnhealthy, deployments: [{id}]} }`; tasksHealthy counts only tasks that pass health
 *          checks, so it is 0 for an app without any (as Marathon's TaskCounts);
 *   - PUT  /v2/apps/<id> `{instances}`: a deployment (answer `{deploymentId, version}` and the
 *          Marathon-Deployment-Id header) that finishes after `deploymentMs`; 409 while another
 *          deployment holds the app (unless ?force=true); 404 for an unknown app;
 *   - GET  /v2/pods/<id>, /v2/pods/<id>::status; PUT /v2/pods/<id> (the whole definition);
 *   - GET  /v2/deployments: the deployments still running;
 *   - GET  /v2/groups: the group tree of every app and pod;
 *   - GET  /v1/jobs/<id>/schedules, PUT /v1/jobs/<id>/schedules/<sid> (Metronome).
 * Failure injection: `token` (401 without it), `before` (answer anything first: 403, 409, 500,
 * a hang), `latencyMs` (slow answers), `sick` (health checks fail), `stuck` (deployments never end).
 */
export class MarathonState {
  readonly apps = new Map<string, AppRecord>();
  readonly pods = new Map<string, PodRecord>();
  readonly jobs = new Map<string, { id: string; schedules: FakeSchedule[] }>();
  readonly deployments = new Map<string, FakeDeployment>();
  /** How long a deployment takes. */
  deploymentMs = 200;
  /** Every answer waits this long (slow Marathon). */
  latencyMs = 0;
  /** When set, requests without `Authorization: token=<token>` are answered 401. */
  token?: string;
  /** Ids whose tasks fail their health checks (tasksHealthy stays 0, pods stay DEGRADED). */
  readonly sick = new Set<string>();
  /** Ids whose deployments never finish. */
  readonly stuck = new Set<string>();
  /** Every write (PUT), in arrival order. */
  readonly writes: RecordedRequest[] = [];
  /** Called first for every request; an answer it returns is sent instead (failure injection, hooks). */
  before?: (req: RecordedRequest) => FakeResponse | undefined | Promise<FakeResponse | undefined>;
  private seq = 0;

  /** An app running its `instances` (default 1), healthy unless in `sick`. */
  addApp(spec: { id: string; instances?: number; [field: string]: unknown }): this {
    const full = { instances: 1, cpus: 0.1, mem: 32, cmd: 'sleep 3600', ...spec };
    this.apps.set(spec.id, { spec: full, running: full.instances });
    return this;
  }

  /** A pod running `scaling.instances` (default 1). */
  addPod(spec: { id: string; [field: string]: unknown }): this {
    const full: Record<string, unknown> = { scaling: { kind: 'fixed', instances: 1 }, containers: [], ...spec };
    this.pods.set(spec.id, { spec: full, running: podInstances(full) });
    return this;
  }

  addJob(id: string, schedules: FakeSchedule[]): this {
    this.jobs.set(id, { id, schedules: schedules.map((s) => ({ ...s })) });
    return this;
  }

  /** An app or pod scaled by hand and settled: it runs `instances` now. */
  setInstances(id: string, instances: number): this {
    const app = this.apps.get(id);
    if (app) {
      app.spec.instances = instances;
      app.running = instances;
    }
    const pod = this.pods.get(id);
    if (pod) {
      pod.spec.scaling = { kind: 'fixed', instances };
      pod.running = instances;
    }
    return this;
  }

  /** The instance count an app or pod is set to now. */
  instancesOf(id: string): number | undefined {
    const app = this.apps.get(id);
    if (app) return app.spec.instances as number;
    const pod = this.pods.get(id);
    return pod ? podInstances(pod.spec) : undefined;
  }

  /** The PUTs of one app, pod or job, in order. */
  writesOf(id: string): RecordedRequest[] {
    return this.writes.filter((w) => idOf(w.path) === id || w.path.startsWith(`/v1/jobs/${id}/`));
  }

  async handle(req: RecordedRequest): Promise<FakeResponse> {
    if (this.latencyMs > 0) await new Promise((r) => setTimeout(r, this.latencyMs));
    const injected = await this.before?.(req);
    if (injected) return injected;
    if (this.token !== undefined && req.headers.authorization !== `token=${this.token}`) {
      return { status: 401, body: { message: 'Authentication is required for this request' } };
    }
    this.settle();
    if (req.method !== 'GET') this.writes.push(req);
    const path = req.path;
    if (path === '/v2/deployments' && req.method === 'GET') return { body: [...this.deployments.values()].map(deploymentInfo) };
    if (path === '/v2/groups' && req.method === 'GET') return { body: this.groupTree() };
    if (path.startsWith('/v2/apps/')) return this.appRoute(req, decodeURIComponent(path.slice('/v2/apps'.length)));
    if (path.startsWith('/v2/pods/')) return this.podRoute(req, decodeURIComponent(path.slice('/v2/pods'.length)));
    const schedules = /^\/v1\/jobs\/([^/]+)\/schedules(?:\/([^/]+))?$/.exec(path);
    if (schedules) return this.scheduleRoute(req, decodeURIComponent(schedules[1]!), schedules[2] && decodeURIComponent(schedules[2]));
    return { status: 404, body: { message: `The requested resource ${path} could not be found` } };
  }

  /** Finishes the deployments whose time has come. */
  private settle(): void {
    const now = Date.now();
    for (const [id, d] of this.deployments) {
      if (d.finishAt <= now) {
        d.finish();
        this.deployments.delete(id);
      }
    }
  }

  private deploymentsOf(id: string): FakeDeployment[] {
    return [...this.deployments.values()].filter((d) => d.affectedApps.includes(id) || d.affectedPods.includes(id));
  }

  private locked(id: string, req: RecordedRequest): FakeResponse | undefined {
    const holding = this.deploymentsOf(id);
    if (holding.length === 0 || req.query.force?.[0] === 'true') return undefined;
    return {
      status: 409,
      body: {
        message: `App is locked by one or more deployments. Override with the option '?force=true'. View details at '/v2/deployments/${holding[0]!.id}'.`,
        deployments: holding.map((d) => ({ id: d.id })),
      },
    };
  }

  private deploy(id: string, kind: 'app' | 'pod', finish: () => void): FakeDeployment {
    const deployment: FakeDeployment = {
      id: `${(++this.seq).toString(16).padStart(8, '0')}-5a28-4821-9d94-480d9fbb01c8`,
      affectedApps: kind === 'app' ? [id] : [],
      affectedPods: kind === 'pod' ? [id] : [],
      finishAt: this.stuck.has(id) ? Infinity : Date.now() + this.deploymentMs,
      finish,
      version: new Date().toISOString(),
    };
    this.deployments.set(deployment.id, deployment);
    return deployment;
  }

  private appRoute(req: RecordedRequest, id: string): FakeResponse {
    const app = this.apps.get(id);
    if (req.method === 'GET') {
      if (!app) return { status: 404, body: { message: `App '${id}' does not exist` } };
      return { body: { app: this.appInfo(app) } };
    }
    if (req.method !== 'PUT') return { status: 405, body: { message: 'Method not allowed' } };
    // A PUT to an unknown id would create the app; `{instances}` alone is not a valid app.
    if (!app) return { status: 422, body: { message: 'Object is not valid', details: [{ path: '/cmd', errors: ['AppDefinition must either contain one of \'cmd\' or \'args\', and/or a \'container\'.'] }] } };
    const locked = this.locked(id, req);
    if (locked) return locked;
    const body = req.body as Record<string, unknown> | undefined;
    if (!isObj(body) || typeof body.instances !== 'number' || body.instances < 0) {
      return { status: 422, body: { message: 'Object is not valid', details: [{ path: '/instances', errors: ['must be a number >= 0'] }] } };
    }
    const target = body.instances;
    app.spec = { ...app.spec, ...body, id };
    const d = this.deploy(id, 'app', () => {
      app.running = target;
    });
    return { status: 200, headers: { 'Marathon-Deployment-Id': d.id }, body: { deploymentId: d.id, version: d.version } };
  }

  private appInfo(app: AppRecord): Record<string, unknown> {
    const id = app.spec.id as string;
    const checks = Array.isArray(app.spec.healthChecks) && app.spec.healthChecks.length > 0;
    const sick = this.sick.has(id);
    return {
      ...app.spec,
      version: VERSION,
      tasksStaged: 0,
      tasksRunning: app.running,
      tasksHealthy: checks && !sick ? app.running : 0,
      tasksUnhealthy: checks && sick ? app.running : 0,
      deployments: this.deploymentsOf(id).map((d) => ({ id: d.id })),
    };
  }

  private podRoute(req: RecordedRequest, rest: string): FakeResponse {
    const status = rest.endsWith('::status');
    const id = status ? rest.slice(0, -'::status'.length) : rest;
    const pod = this.pods.get(id);
    if (!pod) return { status: 404, body: { message: `Pod '${id}' does not exist` } };
    if (req.method === 'GET') {
      if (!status) return { body: { ...pod.spec, version: VERSION } };
      const state = this.sick.has(id) ? 'DEGRADED' : 'STABLE';
      const instances = Array.from({ length: pod.running }, (_, i) => ({ id: `${id.slice(1).replace(/\//g, '_')}.instance-${i}`, status: state, statusSince: VERSION }));
      const stable = state === 'STABLE' && pod.running >= podInstances(pod.spec) && this.deploymentsOf(id).length === 0;
      return { body: { id, spec: { ...pod.spec, version: VERSION }, status: stable ? 'STABLE' : 'DEGRADED', statusSince: VERSION, instances, terminationHistory: [], lastUpdated: VERSION, lastChanged: VERSION } };
    }
    if (req.method !== 'PUT' || status) return { status: 405, body: { message: 'Method not allowed' } };
    const body = req.body as Record<string, unknown> | undefined;
    if (!isObj(body)) return { status: 400, body: { message: 'Invalid JSON' } };
    if (body.id !== undefined && body.id !== id) return { status: 400, body: { message: `'${id}' does not match definition's id ('${String(body.id)}')` } };
    if (!Array.isArray(body.containers)) {
      return { status: 422, body: { message: 'Object is not valid', details: [{ path: '/containers', errors: ['error.path.missing'] }] } };
    }
    const locked = this.locked(id, req);
    if (locked) return locked;
    pod.spec = { ...body, id };
    const target = podInstances(pod.spec);
    const d = this.deploy(id, 'pod', () => {
      pod.running = target;
    });
    return { status: 200, headers: { 'Marathon-Deployment-Id': d.id }, body: { ...pod.spec, version: d.version } };
  }

  private scheduleRoute(req: RecordedRequest, jobId: string, scheduleId: string | undefined): FakeResponse {
    const job = this.jobs.get(jobId);
    if (!job) return { status: 404, body: { message: `Job '${jobId}' does not exist` } };
    if (scheduleId === undefined) {
      return req.method === 'GET' ? { body: job.schedules } : { status: 405, body: { message: 'Method not allowed' } };
    }
    const index = job.schedules.findIndex((s) => s.id === scheduleId);
    if (index < 0) return { status: 404, body: { message: `Schedule '${scheduleId}' does not exist` } };
    if (req.method === 'GET') return { body: job.schedules[index] };
    if (req.method !== 'PUT') return { status: 405, body: { message: 'Method not allowed' } };
    const body = req.body as FakeSchedule | undefined;
    if (!isObj(body) || typeof body.cron !== 'string' || body.id !== scheduleId) {
      return { status: 422, body: { message: 'Object is not valid', details: [{ path: '/cron', errors: ['error.path.missing'] }] } };
    }
    job.schedules[index] = { ...body };
    return { body: job.schedules[index] };
  }

  /** GET /v2/groups?embed=…: every app and pod in the group tree their ids make. */
  groupTree(): Record<string, unknown> {
    const groups = new Map<string, { apps: unknown[]; pods: unknown[] }>();
    const parent = (id: string) => id.slice(0, id.lastIndexOf('/')) || '/';
    const slot = (id: string) => {
      let g = groups.get(id);
      if (!g) {
        g = { apps: [], pods: [] };
        groups.set(id, g);
        if (id !== '/') slot(parent(id));
      }
      return g;
    };
    slot('/');
    for (const app of this.apps.values()) slot(parent(app.spec.id as string)).apps.push(this.appInfo(app));
    for (const pod of this.pods.values()) slot(parent(pod.spec.id as string)).pods.push(podStatus(pod.spec, pod.spec.id as string));
    const build = (id: string): Record<string, unknown> => {
      const children = [...groups.keys()].filter((g) => g !== '/' && g !== id && parent(g) === id);
      const g = groups.get(id)!;
      return group(id, { apps: g.apps, pods: g.pods, groups: children.map(build) });
    };
    return build('/');
  }
}

function podInstances(spec: Record<string, unknown>): number {
  const scaling = spec.scaling as { instances?: number } | undefined;
  return scaling?.instances ?? 1;
}

/** `/v2/apps/a/b` or `/v2/pods/a/b::status` → `/a/b`. */
function idOf(path: string): string | undefined {
  const m = /^\/v2\/(?:apps|pods)(\/.*?)(?:::status)?$/.exec(path);
  return m ? decodeURIComponent(m[1]!) : undefined;
}

function deploymentInfo(d: FakeDeployment): Record<string, unknown> {
  const actions = [
    ...d.affectedApps.map((app) => ({ action: 'ScaleApplication', app })),
    ...d.affectedPods.map((pod) => ({ action: 'ScalePod', pod })),
  ];
  return {
    id: d.id,
    version: d.version,
    affectedApps: d.affectedApps,
    affectedPods: d.affectedPods,
    steps: [{ actions }],
    currentActions: actions.map((a) => ({ ...a, readinessCheckResults: [] })),
    currentStep: 1,
    totalSteps: 1,
  };
}
