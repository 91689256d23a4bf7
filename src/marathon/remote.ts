/**
 * Reading a live Marathon and Metronome: the whole Marathon group tree in one request
 * (`GET /v2/groups?embed=group.groups&embed=group.apps&embed=group.pods`) and every Metronome
 * job with its schedules (`GET /v1/jobs?embed=schedules`). The result is a snapshot that the
 * pipeline converts like a file (`snapshotSources`) or that `export` saves (`snapshotText`).
 *
 * Credentials (a DC/OS token sent as `Authorization: token=<t>`, or user:password from the URL
 * as basic auth) are never part of a message, a debug line or the snapshot: every text we
 * produce goes through `Secrets.scrub`, URLs are shown without user info, and credentials are
 * sent only to the host the user named (redirects elsewhere are refused, never followed with
 * them, and never downgraded from https to http).
 *
 * TLS: Node verifies certificates against its CA bundle plus NODE_EXTRA_CA_CERTS. There is
 * deliberately no switch to turn verification off: the request carries a token that can
 * administer the whole cluster, and an unverified connection hands it to whoever is in between.
 */
import { finding } from '../findings.js';
import { isObject } from './json.js';
import { MAX_INPUT_BYTES, type ReadResult, type Source } from './load.js';
import { isLoopback, parseServiceUrl, redactUserinfo, SERVICE_NAME, SERVICE_URL_HINT, ServiceUrlError, type Service, type ServiceUrl } from './remote-url.js';

export { parseServiceUrl, redactUserinfo, ServiceUrlError, type ServiceUrl } from './remote-url.js';

export const DEFAULT_REMOTE_TIMEOUT_MS = 30_000;

export const MARATHON_GROUPS_PATH = '/v2/groups?embed=group.groups&embed=group.apps&embed=group.pods';
export const METRONOME_JOBS_PATH = '/v1/jobs?embed=schedules';

export interface RemoteOptions {
  /** Marathon base URL (`http://marathon.mesos:8080`, `https://<cluster>/service/marathon`). */
  marathonUrl?: string;
  /** Metronome base URL (`http://metronome.mesos:9000`, `https://<cluster>/service/metronome`). */
  metronomeUrl?: string;
  /** DC/OS authentication token (`dcos config show core.dcos_acs_token`); a leading `token=` is dropped. */
  token?: string;
  /** Per request, including reading the body. Default 30 s. */
  timeoutMs?: number;
  /** Receives one line per request (method, URL without credentials, status, size, time). */
  debug?: (line: string) => void;
  /** Receives warnings (credentials over plain http). */
  warn?: (line: string) => void;
}

export type RemoteErrorKind =
  | 'unauthorized' | 'forbidden' | 'not-found' | 'server-error' | 'http-error' | 'redirect'
  | 'not-json' | 'unexpected-content' | 'too-large' | 'timeout' | 'unreachable' | 'tls';

/** A read that failed; message and hint name the URL (never credentials). */
export class RemoteError extends Error {
  constructor(
    readonly kind: RemoteErrorKind,
    /** The URL requested, without credentials. */
    readonly url: string,
    message: string,
    readonly hint?: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'RemoteError';
  }
}

export interface MarathonSnapshot {
  /** `<base>/v2/groups` (no credentials). */
  url: string;
  /** The root group as Marathon returned it (`"id": "/"`, absolute ids, pods as PodStatus). */
  groups: Record<string, unknown>;
}

export interface MetronomeSnapshot {
  /** `<base>/v1/jobs` (no credentials). */
  url: string;
  /** Job specs with their `schedules`. */
  jobs: Record<string, unknown>[];
}

export interface RemoteSnapshot {
  marathon?: MarathonSnapshot;
  metronome?: MetronomeSnapshot;
}

/** Checks the options without any request: URLs, token syntax, credential combinations. */
export function checkRemoteOptions(options: RemoteOptions): void {
  if (options.marathonUrl !== undefined) parseServiceUrl(options.marathonUrl, 'marathon');
  if (options.metronomeUrl !== undefined) parseServiceUrl(options.metronomeUrl, 'metronome');
  const token = normalizeToken(options.token);
  if (token !== undefined && !/^[\x21-\x7e]+$/.test(token)) {
    throw new ServiceUrlError('the DC/OS token holds characters a token cannot have (spaces, line breaks or non-ASCII); copy it again from `dcos config show core.dcos_acs_token`');
  }
  if (options.timeoutMs !== undefined && !(options.timeoutMs > 0)) throw new ServiceUrlError('the timeout must be more than 0');
}

function normalizeToken(token: string | undefined): string | undefined {
  const t = token?.trim().replace(/^token=/, '');
  return t === undefined || t === '' ? undefined : t;
}

/** Reads what the options name (Marathon and/or Metronome, in parallel); throws the first RemoteError. */
export async function readRemote(options: RemoteOptions): Promise<RemoteSnapshot> {
  checkRemoteOptions(options);
  const [marathon, metronome] = await Promise.all([
    options.marathonUrl !== undefined ? fetchMarathonGroups(options.marathonUrl, options) : undefined,
    options.metronomeUrl !== undefined ? fetchMetronomeJobs(options.metronomeUrl, options) : undefined,
  ]);
  return { ...(marathon ? { marathon } : {}), ...(metronome ? { metronome } : {}) };
}

/**
 * For the converting commands: the snapshot as sources, and a failed read as an
 * `input-unreadable` finding (file = the URL) like an unreadable file, so the rest of the batch
 * goes on and the run fails visibly. Invalid options still throw (ServiceUrlError).
 */
export async function readRemoteInputs(options: RemoteOptions): Promise<ReadResult> {
  checkRemoteOptions(options);
  const result: ReadResult = { sources: [], errors: [] };
  const reads: [Service, string | undefined][] = [['marathon', options.marathonUrl], ['metronome', options.metronomeUrl]];
  const settled = await Promise.all(
    reads.map(async ([service, url]) => {
      if (url === undefined) return undefined;
      try {
        return service === 'marathon'
          ? snapshotSources({ marathon: await fetchMarathonGroups(url, options) })
          : snapshotSources({ metronome: await fetchMetronomeJobs(url, options) });
      } catch (e) {
        if (!(e instanceof RemoteError)) throw e;
        return e;
      }
    }),
  );
  for (const s of settled) {
    if (s instanceof RemoteError) {
      result.errors.push(finding('input-unreadable', '', s.message, { file: s.url, ...(s.hint ? { hint: s.hint } : {}) }));
    } else if (s) {
      result.sources.push(...s);
    }
  }
  return result;
}

/** `GET <base>/v2/groups?embed=group.groups&embed=group.apps&embed=group.pods`: the root group. */
export async function fetchMarathonGroups(url: string, options: RemoteOptions = {}): Promise<MarathonSnapshot> {
  const client = new Client(parseServiceUrl(url, 'marathon'), options);
  const doc = await client.getJson(MARATHON_GROUPS_PATH);
  if (!isObject(doc) || typeof doc.id !== 'string' || !['apps', 'groups', 'pods'].some((k) => Array.isArray(doc[k]))) {
    throw client.error('unexpected-content', MARATHON_GROUPS_PATH,
      `${client.name} at ${client.base} answered GET /v2/groups with JSON that is not a Marathon group tree${describeJson(doc)}`,
      `is this Marathon's API? Give the URL Marathon serves /v2 under: ${SERVICE_URL_HINT.marathon}`);
  }
  return { url: client.display('/v2/groups'), groups: doc };
}

/**
 * `GET <base>/v1/jobs?embed=schedules`: every job with its schedules. Metronome calls that embed
 * deprecated; when a job comes back without `schedules`, they are read from
 * `/v1/jobs/<id>/schedules`.
 */
export async function fetchMetronomeJobs(url: string, options: RemoteOptions = {}): Promise<MetronomeSnapshot> {
  const client = new Client(parseServiceUrl(url, 'metronome'), options);
  const doc = await client.getJson(METRONOME_JOBS_PATH);
  if (!Array.isArray(doc) || !doc.every(isObject)) {
    throw client.error('unexpected-content', METRONOME_JOBS_PATH,
      `${client.name} at ${client.base} answered GET /v1/jobs with JSON that is not a list of jobs${describeJson(doc)}`,
      `is this Metronome's API? Give the URL Metronome serves /v1 under: ${SERVICE_URL_HINT.metronome}`);
  }
  const jobs = doc as Record<string, unknown>[];
  for (const job of jobs) {
    if (Array.isArray(job.schedules) || typeof job.id !== 'string') continue;
    const path = `/v1/jobs/${encodeURIComponent(job.id)}/schedules`;
    const schedules = await client.getJson(path);
    if (!Array.isArray(schedules)) {
      throw client.error('unexpected-content', path, `${client.name} at ${client.base} answered GET ${path} with JSON that is not a list of schedules${describeJson(schedules)}`);
    }
    job.schedules = schedules;
  }
  return { url: client.display('/v1/jobs'), jobs };
}

/**
 * The document `export` writes and `convert` reads back: the root group when only Marathon was
 * read, the job array when only Metronome was, else one array `[rootGroup, ...jobs]`. Existing
 * format detection handles all three (a bare array of groups and jobs).
 */
export function snapshotDocument(snapshot: RemoteSnapshot): unknown {
  const { marathon, metronome } = snapshot;
  if (marathon && metronome) return [marathon.groups, ...metronome.jobs];
  if (marathon) return marathon.groups;
  return metronome?.jobs ?? [];
}

/** The export file: pretty JSON, one trailing newline, no credentials (none are in the data). */
export function snapshotText(snapshot: RemoteSnapshot): string {
  return JSON.stringify(snapshotDocument(snapshot), null, 2) + '\n';
}

/** The snapshot as pipeline sources: one per service, named by its URL. */
export function snapshotSources(snapshot: RemoteSnapshot): Source[] {
  const sources: Source[] = [];
  if (snapshot.marathon) sources.push({ file: snapshot.marathon.url, text: JSON.stringify(snapshot.marathon.groups, null, 2) + '\n' });
  if (snapshot.metronome) sources.push({ file: snapshot.metronome.url, text: JSON.stringify(snapshot.metronome.jobs, null, 2) + '\n' });
  return sources;
}

export interface SnapshotCounts {
  groups: number;
  apps: number;
  pods: number;
  jobs: number;
}

/** How many groups (below the root), apps, pods and jobs a snapshot holds. */
export function countSnapshot(snapshot: RemoteSnapshot): SnapshotCounts {
  const counts: SnapshotCounts = { groups: 0, apps: 0, pods: 0, jobs: snapshot.metronome?.jobs.length ?? 0 };
  const walk = (group: Record<string, unknown>, root: boolean): void => {
    if (!root) counts.groups++;
    if (Array.isArray(group.apps)) counts.apps += group.apps.length;
    if (Array.isArray(group.pods)) counts.pods += group.pods.length;
    if (Array.isArray(group.groups)) for (const g of group.groups) if (isObject(g)) walk(g, false);
  };
  if (snapshot.marathon) walk(snapshot.marathon.groups, true);
  return counts;
}

// ---------------------------------------------------------------------------------------------

/** Removes credentials from any text before it leaves this module. */
class Secrets {
  private readonly values: string[];

  constructor(values: (string | undefined)[]) {
    // Longest first, so a token that contains a password is removed whole.
    this.values = values.filter((v): v is string => v !== undefined && v.length >= 4).sort((a, b) => b.length - a.length);
  }

  scrub(text: string): string {
    let out = text;
    for (const v of this.values) out = out.split(v).join('***');
    for (const v of this.values) {
      const encoded = encodeURIComponent(v);
      if (encoded !== v) out = out.split(encoded).join('***');
    }
    return out;
  }
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 5;

/** A 2xx answer of `Client.request`: its status, its headers and its JSON body (undefined when empty). */
export interface JsonAnswer {
  status: number;
  headers: Headers;
  json: unknown;
}

/** An answer of `Client.getBytes`, any status: the body as bytes. */
export interface BytesAnswer {
  status: number;
  statusText: string;
  contentType?: string;
  body: Buffer;
}

/**
 * The one HTTP client of Marathon and Metronome: reads (export, --marathon-url) and the writes of
 * cutover/rollback (src/marathon/marathon-api.ts) share its credentials, redirect, TLS, timeout
 * and error handling.
 */
export class Client {
  readonly name: string;
  readonly base: string;
  private readonly authorization?: string;
  private readonly secrets: Secrets;
  private readonly timeoutMs: number;
  private readonly origin: URL;
  private warned = false;

  constructor(private readonly url: ServiceUrl, private readonly options: RemoteOptions) {
    this.name = SERVICE_NAME[url.service];
    this.base = url.base;
    this.origin = new URL(url.base);
    const token = normalizeToken(options.token);
    // Credentials in the URL are the more specific choice (a non-DC/OS Marathon behind basic auth).
    if (url.basic) {
      this.authorization = `Basic ${Buffer.from(`${url.basic.username}:${url.basic.password}`).toString('base64')}`;
    } else if (token !== undefined) {
      this.authorization = `token=${token}`;
    }
    this.secrets = new Secrets([token, url.basic?.password, this.authorization]);
    this.timeoutMs = options.timeoutMs ?? DEFAULT_REMOTE_TIMEOUT_MS;
  }

  /** The URL of a path, for messages and source names (never credentials, no query). */
  display(path: string): string {
    return this.base + path.replace(/\?.*$/, '');
  }

  error(kind: RemoteErrorKind, path: string, message: string, hint?: string, status?: number): RemoteError {
    const scrub = (s: string) => redactUserinfo(this.secrets.scrub(s));
    return new RemoteError(kind, this.display(path), scrub(message), hint === undefined ? undefined : scrub(hint), status);
  }

  private debug(line: string): void {
    this.options.debug?.(redactUserinfo(this.secrets.scrub(line)));
  }

  private credentialsFor(target: URL): boolean {
    if (this.authorization === undefined) return false;
    // Same host, and never from https down to http.
    return target.hostname === this.origin.hostname && (target.protocol === 'https:' || this.origin.protocol === 'http:');
  }

  /** GET base+path, following same-host redirects, and parse the JSON body. */
  async getJson(path: string): Promise<unknown> {
    return (await this.request('GET', path)).json;
  }

  /**
   * `method` base+path with an optional JSON body, following same-host redirects (with the same
   * method and body); a non-2xx answer throws a RemoteError. An empty 2xx body is `json: undefined`.
   */
  async request(method: 'GET' | 'PUT' | 'POST' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<JsonAnswer> {
    const { response, target, started } = await this.send(method, path, body, 'application/json');
    let text: string;
    try {
      text = await response.text();
    } catch (e) {
      throw this.networkError(e, path, target, method);
    }
    this.debug(`${method} ${target.href} → ${response.status} (${text.length} bytes, ${Date.now() - started} ms)`);
    if (response.status < 200 || response.status > 299) throw this.statusError(response, text, path, method);

    if (method !== 'GET' && text.trim() === '') return { status: response.status, headers: response.headers, json: undefined };
    try {
      return { status: response.status, headers: response.headers, json: JSON.parse(text) as unknown };
    } catch {
      const type = response.headers.get('content-type')?.split(';')[0]?.trim();
      throw this.error('not-json', path,
        `${this.name} at ${this.base} answered ${method} ${target.pathname} with ${type ? `${type} ` : ''}that is not JSON (starting ${excerpt(text)})`,
        `is the URL the ${this.name} API, not a web page or a login page? Give e.g. ${SERVICE_URL_HINT[this.url.service]}`, response.status);
    }
  }

  /**
   * GET base+path as bytes, whatever the status: the caller reads the answer (the DC/OS secret
   * store answers binary secrets as application/octet-stream, and its 404 means "no such
   * secret"). Failures without an answer still throw a RemoteError; the body is never logged.
   */
  async getBytes(path: string, accept = '*/*'): Promise<BytesAnswer> {
    const { response, target, started } = await this.send('GET', path, undefined, accept);
    let body: Buffer;
    try {
      body = Buffer.from(await response.arrayBuffer());
    } catch (e) {
      throw this.networkError(e, path, target);
    }
    this.debug(`GET ${target.href} → ${response.status} (${body.length} bytes, ${Date.now() - started} ms)`);
    const contentType = response.headers.get('content-type');
    return { status: response.status, statusText: response.statusText, ...(contentType !== null ? { contentType } : {}), body };
  }

  /** Sends the request, following same-host redirects (same method and body), and checks the announced size. */
  private async send(method: string, path: string, body: unknown, accept: string): Promise<{ response: Response; target: URL; started: number }> {
    const signal = AbortSignal.timeout(this.timeoutMs);
    const started = Date.now();
    let target = new URL(this.base + path);
    let response: Response;
    for (let hops = 0; ; hops++) {
      const headers: Record<string, string> = { accept, 'user-agent': 'marathon2k8s' };
      if (body !== undefined) headers['content-type'] = 'application/json';
      if (this.credentialsFor(target)) {
        headers.authorization = this.authorization!;
        if (target.protocol === 'http:' && !isLoopback(target.hostname) && !this.warned) {
          this.warned = true;
          this.options.warn?.(`sending credentials to ${this.name} over unencrypted http (${target.host}); use an https:// URL if the cluster has one`);
        }
      }
      try {
        response = await fetch(target, { method, headers, redirect: 'manual', signal, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
      } catch (e) {
        throw this.networkError(e, path, target, method);
      }
      if (!REDIRECTS.has(response.status)) break;
      const location = response.headers.get('location');
      await response.body?.cancel().catch(() => undefined);
      if (location === null || hops >= MAX_REDIRECTS) {
        throw this.error('redirect', path, `${this.name} at ${this.base} answered ${method} ${target.pathname} with ${response.status} ${location === null ? 'without a Location' : `redirects more than ${MAX_REDIRECTS} times`}`,
          `give the URL the ${this.name} API is served under: ${SERVICE_URL_HINT[this.url.service]}`, response.status);
      }
      const next = new URL(location, target);
      this.debug(`${method} ${target.href} → ${response.status} redirect to ${next.origin}${next.pathname}`);
      if (this.authorization !== undefined && !this.credentialsFor(next)) {
        throw this.error('redirect', path, `${this.name} at ${this.base} redirects to ${next.origin}${next.pathname}; credentials are not sent to another host or over plain http`,
          `if that is the right address, pass it as --${this.url.service}-url`, response.status);
      }
      target = next;
    }

    const length = Number(response.headers.get('content-length') ?? '0');
    if (length > MAX_INPUT_BYTES) {
      await response.body?.cancel().catch(() => undefined);
      throw this.error('too-large', path, `${this.name} at ${this.base}: the answer to ${method} ${target.pathname} is larger than ${MAX_INPUT_BYTES / 1024 / 1024} MiB`);
    }
    return { response, target, started };
  }

  private statusError(response: Response, body: string, path: string, method = 'GET'): RemoteError {
    const status = response.status;
    const what = `${this.name} at ${this.base} answered ${method} ${new URL(this.base + path).pathname} with ${status}${response.statusText ? ` ${response.statusText}` : ''}${serverMessage(body)}`;
    const service = this.url.service;
    const token = this.authorization?.startsWith('token=') === true;
    const basic = this.url.basic !== undefined;
    const howToGetToken = 'get a token with `dcos config show core.dcos_acs_token` (after `dcos auth login`) and pass it in the DCOS_TOKEN environment variable or --dcos-token';
    if (status === 401) {
      const hint = basic ? 'the user or password in the URL was refused'
        : token ? `the DC/OS token was refused; it may have expired (DC/OS tokens last 5 days): ${howToGetToken}`
        : `${this.name} requires authentication and no credentials were sent: ${howToGetToken}`;
      return this.error('unauthorized', path, what, hint, status);
    }
    if (status === 403) {
      const action = method === 'GET' ? 'read' : 'update';
      const permission = service === 'marathon' ? `dcos:service:marathon:marathon:services:/ (${action})` : `dcos:service:metronome:metronome:jobs (${action})`;
      const hint = token || basic ? `the identity may not ${action} ${service === 'marathon' ? 'the apps' : 'the jobs'}: on DC/OS it needs the permission ${permission}`
        : `no credentials were sent: ${howToGetToken}`;
      return this.error('forbidden', path, what, hint, status);
    }
    if (status === 404) {
      return this.error('not-found', path, what, `is this the ${this.name} API? Give the URL ${this.name} serves ${service === 'marathon' ? '/v2' : '/v1'} under: ${SERVICE_URL_HINT[service]}`, status);
    }
    if (status >= 500) {
      return this.error('server-error', path, what,
        `${this.name} is failing${service === 'marathon' ? ' or has no leader' : ''} right now (502/504 from DC/OS Admin Router: it could not reach ${this.name}); try again later`, status);
    }
    return this.error('http-error', path, what, undefined, status);
  }

  private networkError(e: unknown, path: string, target: URL, method = 'GET'): RemoteError {
    const err = e as Error & { cause?: { code?: string; message?: string }; code?: string };
    const where = `${this.name} at ${this.base}`;
    if (err?.name === 'TimeoutError' || err?.name === 'AbortError') {
      return this.error('timeout', path, `${where} did not answer ${method} ${target.pathname} within ${formatMs(this.timeoutMs)}`,
        'the host may be down or a firewall drops the connection; for a very large cluster raise --marathon-timeout');
    }
    const code = err?.cause?.code ?? err?.code ?? '';
    const raw = err?.cause?.message ?? err?.message ?? String(e);
    // OpenSSL's "803C…:error:0A00010B:SSL routines:ssl3_get_record:wrong version number:…" → its reason.
    const detail = /error:[0-9A-F]+:[^:]*:[^:]*:([^:]+)/.exec(raw)?.[1] ?? raw;
    if (detail === 'bad port') {
      return this.error('unreachable', path, `${where}: Node refuses to connect to port ${target.port} (fetch's list of blocked ports)`, 'reach the service through another port or a proxy');
    }
    if (code === 'ECONNREFUSED') {
      return this.error('unreachable', path, `${where}: connection refused (nothing listens on ${target.host})`, `check the host and port: ${SERVICE_URL_HINT[this.url.service]}`);
    }
    if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
      return this.error('unreachable', path, `${where}: host ${target.hostname} not found (DNS)`, 'check the host name; names like marathon.mesos resolve only inside the DC/OS cluster');
    }
    if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH' || code === 'ETIMEDOUT' || code === 'UND_ERR_CONNECT_TIMEOUT') {
      return this.error('unreachable', path, `${where}: cannot connect to ${target.host} (${code})`, 'check the address and that this machine can reach the cluster (VPN, firewall)');
    }
    if (/CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|EPROTO/i.test(code)) {
      const wrongProtocol = /WRONG_VERSION_NUMBER|PACKET_LENGTH_TOO_LONG|EPROTO/i.test(code) || /wrong version number/i.test(detail);
      return this.error('tls', path, `${where}: TLS connection failed: ${detail}${code && !detail.includes(code) ? ` (${code})` : ''}`,
        wrongProtocol
          ? 'the server may not speak https on that port: check the scheme and port of the URL'
          : "if the cluster has its own CA (DC/OS serves it at https://<cluster>/ca/dcos-ca.crt), save that certificate and run with NODE_EXTRA_CA_CERTS=/path/to/dcos-ca.crt; certificate checks cannot be turned off, because the request carries your token");
    }
    if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET' || code === 'UND_ERR_CLOSED') {
      return this.error('unreachable', path, `${where}: the connection was closed before an answer (${code})`,
        'an http:// URL for an https port (or the reverse) does that; check the scheme and port');
    }
    return this.error('unreachable', path, `${where}: ${method} ${target.pathname} failed: ${detail}${code ? ` (${code})` : ''}`);
  }
}

/** `: <message>` from a Marathon/Metronome/Admin Router error body, when there is one. */
function serverMessage(body: string): string {
  let message: unknown;
  try {
    const doc = JSON.parse(body) as unknown;
    message = isObject(doc) ? (doc.message ?? doc.description ?? doc.title) : undefined;
  } catch {
    message = undefined;
  }
  if (typeof message === 'string' && message.trim() !== '') return `: ${clip(message.trim(), 200)}`;
  return '';
}

function describeJson(doc: unknown): string {
  if (Array.isArray(doc)) return ' (an array)';
  if (isObject(doc)) {
    const keys = Object.keys(doc).slice(0, 6);
    const message = typeof doc.message === 'string' ? `; message: ${clip(doc.message, 200)}` : '';
    return ` (an object with ${keys.length === 0 ? 'no keys' : `keys ${keys.join(', ')}`}${message})`;
  }
  return ` (${doc === null ? 'null' : typeof doc})`;
}

function excerpt(text: string): string {
  const t = text.replace(/\s+/g, ' ').trim();
  return t === '' ? 'an empty body' : JSON.stringify(clip(t, 60));
}

function clip(s: string, n: number): string {
  // eslint-disable-next-line no-control-regex
  const clean = s.replace(/[\x00-\x1f\x7f]/g, ' ');
  return clean.length > n ? `${clean.slice(0, n)}…` : clean;
}

function formatMs(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${ms} ms`;
}
