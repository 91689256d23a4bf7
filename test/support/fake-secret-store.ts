/**
 * A fake DC/OS secret store (the Enterprise secrets API, `/secrets/v1`) for the tests:
 * node:http on 127.0.0.1 with a random port. `GET /secrets/v1/secret/<store>/<path>` answers a
 * text secret as `application/json` `{"value": …}` and a binary one as
 * `application/octet-stream` bytes, as DC/OS does; 404 for a path it does not hold; with a token
 * set, 401 without the right `Authorization: token=…`; 403 for the paths listed as forbidden; and
 * it can be slowed down (an answer later than the client's timeout). Every request is recorded,
 * and the most requests in flight at once is counted (the client's concurrency bound).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type FakeSecret = { text: string } | { binary: Buffer };

export interface FakeSecretStoreOptions {
  /** Store name → path → secret. */
  stores?: Record<string, Record<string, FakeSecret>>;
  /** When set, every request must carry `Authorization: token=<token>` (else 401). */
  token?: string;
  /** Paths the token's identity may not read (403). */
  forbidden?: string[];
  /** Path → milliseconds before answering. */
  delays?: Record<string, number>;
  /** Milliseconds before every answer (to see requests overlap). */
  delay?: number;
}

export interface SecretRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
}

export const API = '/secrets/v1';

export class FakeSecretStore {
  readonly requests: SecretRequest[] = [];
  /** The most requests answered at the same time. */
  maxInFlight = 0;
  private inFlight = 0;

  private constructor(private readonly server: Server, readonly origin: string, private readonly options: FakeSecretStoreOptions) {}

  static async start(options: FakeSecretStoreOptions): Promise<FakeSecretStore> {
    let fake: FakeSecretStore | undefined;
    const server = createServer((req, res) => void fake!.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    fake = new FakeSecretStore(server, `http://127.0.0.1:${port}`, options);
    return fake;
  }

  /** The --secret-store-url: `http://127.0.0.1:<port>/secrets/v1`. */
  get url(): string {
    return this.origin + API;
  }

  /** The store paths asked for, in order (`default/shop/db`). */
  get paths(): string[] {
    return this.requests.map((r) => decodeURIComponent(r.path.slice(`${API}/secret/`.length)));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake');
    this.requests.push({ method: req.method ?? 'GET', path: url.pathname, headers: req.headers });
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      const prefix = `${API}/secret/`;
      const rest = url.pathname.startsWith(prefix) ? url.pathname.slice(prefix.length) : undefined;
      const slash = rest?.indexOf('/') ?? -1;
      const store = rest !== undefined && slash > 0 ? decodeURIComponent(rest.slice(0, slash)) : undefined;
      const path = rest !== undefined && slash > 0 ? rest.slice(slash + 1).split('/').map(decodeURIComponent).join('/') : undefined;
      const wait = (path !== undefined ? this.options.delays?.[path] : undefined) ?? this.options.delay ?? 0;
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      if (res.destroyed) return;
      if (this.options.token !== undefined && req.headers.authorization !== `token=${this.options.token}`) {
        // What DC/OS's Admin Router answers without a valid token.
        res.writeHead(401, { 'content-type': 'application/json', 'www-authenticate': 'acsjwt' });
        res.end(JSON.stringify({ title: 'Unauthorized', description: 'Please provide a valid authentication token.', code: 'ERR_INVALID_TOKEN' }));
        return;
      }
      if (store === undefined || path === undefined || req.method !== 'GET') {
        res.writeHead(404, { 'content-type': 'text/html' });
        res.end('<html><body>404 Not Found</body></html>');
        return;
      }
      if (this.options.forbidden?.includes(path)) {
        res.writeHead(403, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ code: 'ER_FORBIDDEN', message: `forbidden: ${path}` }));
        return;
      }
      const secret = this.options.stores?.[store]?.[path];
      if (secret === undefined) {
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ code: 'ER_SECRET_NOT_FOUND', message: `Secret ${path} not found` }));
        return;
      }
      if ('text' in secret) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ value: secret.text }));
      } else {
        res.writeHead(200, { 'content-type': 'application/octet-stream' });
        res.end(secret.binary);
      }
    } finally {
      this.inFlight--;
    }
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
