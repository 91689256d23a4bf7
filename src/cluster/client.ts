/**
 * The few API calls diff and apply need, on @kubernetes/client-node's KubernetesObjectApi (which
 * maps apiVersion/kind to URLs through discovery and handles every kubeconfig auth method).
 *
 * Objects travel as plain JSON both ways. The library's typed (de)serializer is bypassed on
 * purpose: it drops fields its bundled model does not know (fields of older API versions such as
 * batch/v1beta1, or anything newer than the library) before sending, so the server would never
 * see — and never reject — them; and it turns timestamps into Date objects, which would show up
 * as noise in diffs.
 */
import {
  HttpMethod,
  KubernetesObjectApi,
  PatchStrategy,
  type KubeConfig,
  type KubernetesObject,
  type ResponseContext,
} from '@kubernetes/client-node';
import type { KubeObject } from '../kube/types.js';
import { applyLocally, clientSidePatch, createdLocally, LAST_APPLIED_ANNOTATION, withLastApplied } from './client-side-apply.js';
import { conflictsOf, isNotFound, KubeApiError, type KubeStatus } from './errors.js';

/** The field manager of every write, so server-side apply knows which fields are ours. */
export const FIELD_MANAGER = 'marathon2k8s';
/**
 * The field manager of client-side apply's creates and patches (as kubectl's
 * `kubectl-client-side-apply`): fields it wrote are ours, so server-side apply takes them over
 * without a conflict when a team moves on to a cluster with server-side apply.
 */
export const CLIENT_SIDE_FIELD_MANAGER = 'marathon2k8s-client-side-apply';

export interface ApplyOptions {
  /** Server-side dry run (`dryRun=All`): validated, defaulted and admitted, but not stored. */
  dryRun?: boolean;
  /** Take ownership of fields another field manager owns (instead of a 409 conflict). */
  force?: boolean;
  /** The live object when the caller has just read it (undefined: read it; null: it does not exist). */
  live?: KubeObject | null;
}

/**
 * How apply writes: `server`-side apply (PATCH application/apply-patch+yaml, Kubernetes 1.16+),
 * or `client`-side apply as kubectl did before (client-side-apply.ts).
 */
export type ApplyMethod = 'server' | 'client';

export interface ClientOptions {
  /**
   * `server`, `client`, or `auto`: server-side apply, falling back to client-side for the rest of
   * the session when the server does not take it (HTTP 415 Unsupported Media Type). Default auto.
   */
  method?: ApplyMethod | 'auto';
  /**
   * The server has `dryRun=All` (Kubernetes 1.13+; default true). Without it no dry-run request
   * is ever sent (an older server ignores the parameter and would write, or delete): dry runs of
   * client-side apply are merged here, and the others fail.
   */
  serverDryRun?: boolean;
  /** A one-line remark for the user (the fallback to client-side apply). */
  onNote?: (message: string) => void;
}

/** What diff, apply and wait need from a cluster (an interface so tests may fake it). */
export interface ClusterClient {
  /** How apply writes now (`client` after a fallback). Optional so that fakes may leave it out. */
  readonly applyMethod?: ApplyMethod;
  /** Dry runs are computed here, not by the server: not validated, defaulted or admitted. */
  readonly localDryRun?: boolean;
  /** The live object, or undefined when it does not exist. */
  get(obj: KubeObject): Promise<KubeObject | undefined>;
  /**
   * Applies `obj` (server-side by FIELD_MANAGER, or client-side: see applyMethod); returns the
   * object as the server has it (or, for a local dry run, as it would have it).
   */
  apply(obj: KubeObject, options?: ApplyOptions): Promise<KubeObject>;
  /** Whether the cluster serves this apiVersion and kind. */
  serves(apiVersion: string, kind: string): Promise<boolean>;
  /**
   * The objects of a kind in a namespace ('' for every namespace), filtered by label and field
   * selectors (used to explain a stuck rollout: its pods and their events; to find what
   * `apply --prune` deletes). Optional so that fakes may leave it out.
   */
  list?(apiVersion: string, kind: string, namespace: string, selectors?: { label?: string; field?: string }): Promise<KubeObject[]>;
  /**
   * Deletes the object, its dependents in the background (as kubectl does); an object already
   * gone is not an error. Used by `apply --prune` only. Optional so that fakes may leave it out.
   */
  delete?(obj: KubeObject, options?: { dryRun?: boolean }): Promise<void>;
}

/** KubernetesObjectApi speaking plain JSON (see the module comment for why); errors as KubeApiError. */
export class JsonObjectApi extends KubernetesObjectApi {
  static create(kc: KubeConfig): JsonObjectApi {
    const api = kc.makeApiClient(JsonObjectApi);
    api.setDefaultNamespace(kc); // as KubernetesObjectApi.makeApiClient does
    return api;
  }

  protected override async processResponse<T extends KubernetesObject>(response: ResponseContext): Promise<T> {
    const text = await response.body.text();
    let data: unknown;
    try {
      data = text === '' ? {} : JSON.parse(text);
    } catch {
      data = undefined;
    }
    if (response.httpStatusCode >= 200 && response.httpStatusCode <= 299) {
      if (data === undefined) throw new Error(`the API server answered with something other than JSON: ${text.slice(0, 200)}`);
      return data as T;
    }
    const status = data && typeof data === 'object' ? (data as KubeStatus) : { message: text.slice(0, 500) || undefined };
    throw new KubeApiError(response.httpStatusCode, status);
  }

  /** `patch` with the apply-patch content type, sending the object exactly as given. */
  async applyJson(obj: KubeObject, options: ApplyOptions): Promise<KubeObject> {
    // specUriPath fills in a default namespace; work on a copy.
    const spec = structuredClone(obj) as KubernetesObject;
    const uri = await this.specUriPath(spec, 'patch');
    const ctx = this.configuration.baseServer.makeRequestContext(uri, HttpMethod.PATCH);
    ctx.setHeaderParam('Accept', 'application/json');
    ctx.setHeaderParam('Content-Type', PatchStrategy.ServerSideApply);
    ctx.setQueryParam('fieldManager', FIELD_MANAGER);
    if (options.dryRun) ctx.setQueryParam('dryRun', 'All');
    if (options.force) ctx.setQueryParam('force', 'true');
    // YAML is a superset of JSON, so a JSON body is a valid apply patch.
    ctx.setBody(JSON.stringify(spec));
    return (await this.requestPromise(ctx)) as unknown as KubeObject;
  }

  /** POST: creates the object exactly as given. */
  async createJson(obj: KubeObject, dryRun: boolean): Promise<KubeObject> {
    const spec = structuredClone(obj) as KubernetesObject;
    const uri = await this.specUriPath(spec, 'create');
    const ctx = this.configuration.baseServer.makeRequestContext(uri, HttpMethod.POST);
    ctx.setHeaderParam('Accept', 'application/json');
    ctx.setHeaderParam('Content-Type', 'application/json');
    ctx.setQueryParam('fieldManager', CLIENT_SIDE_FIELD_MANAGER);
    if (dryRun) ctx.setQueryParam('dryRun', 'All');
    ctx.setBody(JSON.stringify(spec));
    return (await this.requestPromise(ctx)) as unknown as KubeObject;
  }

  /** PATCH `obj` (which names it) with a strategic merge or JSON merge patch. */
  async patchJson(obj: KubeObject, patch: unknown, contentType: string, dryRun: boolean): Promise<KubeObject> {
    const spec = { apiVersion: obj.apiVersion, kind: obj.kind, metadata: { name: obj.metadata.name, namespace: obj.metadata.namespace } } as KubernetesObject;
    const uri = await this.specUriPath(spec, 'patch');
    const ctx = this.configuration.baseServer.makeRequestContext(uri, HttpMethod.PATCH);
    ctx.setHeaderParam('Accept', 'application/json');
    ctx.setHeaderParam('Content-Type', contentType);
    ctx.setQueryParam('fieldManager', CLIENT_SIDE_FIELD_MANAGER);
    if (dryRun) ctx.setQueryParam('dryRun', 'All');
    ctx.setBody(JSON.stringify(patch));
    return (await this.requestPromise(ctx)) as unknown as KubeObject;
  }

  async servesKind(apiVersion: string, kind: string): Promise<boolean> {
    try {
      return (await this.resource(apiVersion, kind)) !== undefined;
    } catch (e) {
      if (isNotFound(e)) return false; // the whole group/version is not served
      throw e;
    }
  }
}

export function createClusterClient(kc: KubeConfig, clientOptions: ClientOptions = {}): ClusterClient {
  const api = JsonObjectApi.create(kc);
  const serverDryRun = clientOptions.serverDryRun !== false;
  let method: ApplyMethod = clientOptions.method === 'client' ? 'client' : 'server';
  const fallback = (clientOptions.method ?? 'auto') === 'auto';

  async function get(obj: KubeObject): Promise<KubeObject | undefined> {
    try {
      const header = { apiVersion: obj.apiVersion, kind: obj.kind, metadata: { ...obj.metadata } };
      return (await api.read(header)) as unknown as KubeObject;
    } catch (e) {
      if (isNotFound(e)) return undefined;
      throw e;
    }
  }

  /** kubectl's apply: create with the last-applied annotation, or send the three-way patch. */
  async function clientSideApply(obj: KubeObject, dryRun: boolean, known?: KubeObject | null): Promise<KubeObject> {
    const live = known === undefined ? await get(obj) : (known ?? undefined);
    if (!live) return dryRun && !serverDryRun ? createdLocally(obj) : api.createJson(withLastApplied(obj), dryRun);
    const p = clientSidePatch(obj, live);
    if (p.empty) return live; // as kubectl: nothing sent
    return dryRun && !serverDryRun ? applyLocally(live, p) : api.patchJson(obj, p.patch, p.contentType, dryRun);
  }

  async function serverSideApply(obj: KubeObject, options: ApplyOptions): Promise<KubeObject> {
    if (options.dryRun && !serverDryRun) {
      throw new Error('this API server has no server-side dry run (Kubernetes 1.13+); use --apply-method client, whose dry runs are computed locally');
    }
    const live = options.live === undefined ? await get(obj) : (options.live ?? undefined);
    // An object client-side applied before keeps its last-applied configuration current, so that
    // a later client-side apply deletes exactly what left the configuration (the API server does
    // the same for kubectl's own server-side apply).
    const body = live?.metadata.annotations?.[LAST_APPLIED_ANNOTATION] !== undefined ? withLastApplied(obj) : obj;
    try {
      return await api.applyJson(body, options);
    } catch (e) {
      // Fields our client-side apply wrote are ours: taking them over is no conflict.
      const conflicts = conflictsOf(e);
      if (!options.force && conflicts?.every((c) => c.manager === CLIENT_SIDE_FIELD_MANAGER)) return api.applyJson(body, { ...options, force: true });
      if (!fallback || !(e instanceof KubeApiError) || e.statusCode !== 415) throw e;
      method = 'client';
      clientOptions.onNote?.('the API server does not take server-side apply (HTTP 415 Unsupported Media Type): using client-side apply, as kubectl did (kubectl.kubernetes.io/last-applied-configuration)');
      return clientSideApply(obj, options.dryRun === true, options.live);
    }
  }

  return {
    get applyMethod() {
      return method;
    },
    localDryRun: !serverDryRun,
    get,
    apply: (obj, options = {}) => (method === 'client' ? clientSideApply(obj, options.dryRun === true, options.live) : serverSideApply(obj, options)),
    async list(apiVersion, kind, namespace, selectors = {}) {
      // '' lists the kind in every namespace.
      const answer = (await api.list(apiVersion, kind, namespace === '' ? undefined : namespace, undefined, undefined, undefined, selectors.field, selectors.label)) as unknown as {
        items?: KubeObject[];
      };
      return answer.items ?? [];
    },
    serves: (apiVersion, kind) => api.servesKind(apiVersion, kind),
    async delete(obj, options = {}) {
      const header = { apiVersion: obj.apiVersion, kind: obj.kind, metadata: { name: obj.metadata.name, namespace: obj.metadata.namespace } };
      // Never send dryRun to a server without it: it would delete for real.
      if (options.dryRun && !serverDryRun) return;
      try {
        await api.delete(header, undefined, options.dryRun ? 'All' : undefined, undefined, undefined, 'Background');
      } catch (e) {
        if (!isNotFound(e)) throw e;
      }
    },
  };
}
