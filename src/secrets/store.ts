/**
 * Reading values from the DC/OS secret store (Enterprise DC/OS, `https://<cluster>/secrets/v1`):
 * `GET <url>/secret/<store>/<path>`, accepting any content type, answers a text secret as
 * `application/json` `{"value": "…"}` and a binary one (a keystore, a keytab) as
 * `application/octet-stream` bytes; 404 means there is no secret at that path.
 *
 * The HTTP side is the Marathon client's (src/marathon/remote.ts): the same token handling
 * (`Authorization: token=…`, never printed), same-host redirects only, TLS verified against
 * Node's CA bundle plus NODE_EXTRA_CA_CERTS, the --marathon-timeout per request. Nothing here
 * ever puts a value into a message: answers become bytes or a reason without the body.
 */
import type { RemoteError } from '../marathon/remote.js';

/** What the store said about one path. */
export type StoreRead =
  | { state: 'found'; value: Buffer; binary: boolean }
  | { state: 'missing' }
  /** 401/403 (a token problem), another status, or no usable answer; `reason` holds no value. */
  | { state: 'unreadable'; status?: number; reason: string; hint?: string };

/** A GET of a path below the store URL, as bytes, whatever the status (see remote.ts `getBytes`). */
export interface RawAnswer {
  status: number;
  statusText: string;
  contentType?: string;
  body: Buffer;
}

/** The transport: throws RemoteError when no HTTP answer came (timeout, TLS, refused, redirect elsewhere). */
export type RawGet = (path: string) => Promise<RawAnswer>;

export interface StoreContext {
  /** The store name (`default`). */
  store: string;
  /** Whether a token (or basic credentials) is sent: changes what a 401/403 means. */
  authenticated: boolean;
}

/** `/secret/<store>/<path>`, each segment escaped (a path is names joined by '/'). */
export function secretUrlPath(store: string, path: string): string {
  const segments = path.replace(/^\/+/, '').split('/').map(encodeURIComponent).join('/');
  return `/secret/${encodeURIComponent(store)}/${segments}`;
}

const HOW_TO_GET_A_TOKEN = 'get one with `dcos config show core.dcos_acs_token` (after `dcos auth login`) and pass it in DCOS_TOKEN or --dcos-token';

/** Reads one path; never throws for an answer or a network failure (those become `unreadable`). */
export async function readSecret(get: RawGet, ctx: StoreContext, path: string): Promise<StoreRead> {
  let answer: RawAnswer;
  try {
    answer = await get(secretUrlPath(ctx.store, path));
  } catch (e) {
    const err = e as RemoteError;
    if (err?.name !== 'RemoteError') throw e;
    // The transport's message names the URL and what failed (timeout, TLS…), never a value.
    return { state: 'unreadable', reason: err.message, ...(err.hint !== undefined ? { hint: err.hint } : {}), ...(err.status !== undefined ? { status: err.status } : {}) };
  }
  return interpret(answer, ctx, path);
}

/** An answer of the store → found bytes, missing, or unreadable with the status and what to do. */
export function interpret(answer: RawAnswer, ctx: StoreContext, path: string): StoreRead {
  const { status } = answer;
  const statusText = `${status}${answer.statusText ? ` ${answer.statusText}` : ''}`;
  const type = answer.contentType?.split(';')[0]?.trim().toLowerCase();
  if (type === 'text/html') {
    // A web page (an unknown route, a login page) is not the secrets API, whatever its status.
    return { state: 'unreadable', status, reason: `${statusText} with an HTML page, not the secrets API`, hint: 'is --secret-store-url the secrets API, https://<cluster>/secrets/v1?' };
  }
  if (status === 404) return { state: 'missing' };
  if (status === 401) {
    return {
      state: 'unreadable', status, reason: `${statusText}: ${ctx.authenticated ? 'the DC/OS token was refused' : 'no DC/OS token was sent'}`,
      hint: ctx.authenticated ? `the token may have expired (DC/OS tokens last 5 days): ${HOW_TO_GET_A_TOKEN}` : `the secret store needs a token: ${HOW_TO_GET_A_TOKEN}`,
    };
  }
  if (status === 403) {
    return {
      state: 'unreadable', status, reason: `${statusText}: ${ctx.authenticated ? 'the token\'s identity may not read this secret' : 'no DC/OS token was sent'}`,
      hint: ctx.authenticated
        ? `grant it dcos:adminrouter:secrets full and dcos:secrets:${ctx.store}:/${path.replace(/^\/+/, '')} read (or run with a superuser's token)`
        : `the secret store needs a token: ${HOW_TO_GET_A_TOKEN}`,
    };
  }
  if (status < 200 || status > 299) {
    return {
      state: 'unreadable', status, reason: statusText,
      ...(status >= 500 ? { hint: 'the secret store is failing or sealed right now (DC/OS answers 503 while it is sealed); try again later' } : {}),
    };
  }
  if (type === 'application/json') {
    let doc: unknown;
    try {
      doc = JSON.parse(answer.body.toString('utf8'));
    } catch {
      doc = undefined;
    }
    const value = typeof doc === 'object' && doc !== null ? (doc as Record<string, unknown>).value : undefined;
    if (typeof value !== 'string') {
      return {
        state: 'unreadable', status, reason: `${statusText} with JSON that is not a secret (no "value")`,
        hint: 'is --secret-store-url the secrets API, https://<cluster>/secrets/v1?',
      };
    }
    return { state: 'found', value: Buffer.from(value, 'utf8'), binary: false };
  }
  return { state: 'found', value: answer.body, binary: true };
}

/**
 * Reads every path once, at most `concurrency` at a time (the store is one service behind Admin
 * Router; a migration of thousands of apps must not open thousands of connections).
 */
export async function readSecrets(get: RawGet, ctx: StoreContext, paths: readonly string[], concurrency = 8): Promise<Map<string, StoreRead>> {
  const out = new Map<string, StoreRead>();
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < paths.length) {
      const path = paths[next++]!;
      out.set(path, await readSecret(get, ctx, path));
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, paths.length) }, worker));
  return out;
}
