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
import { isNotFound, KubeApiError, type KubeStatus } from './errors.js';

/** The field manager of every write, so server-side apply knows which fields are ours. */
export const FIELD_MANAGER = 'marathon2k8s';

export interface ApplyOptions {
  /** Server-side dry run (`dryRun=All`): validated, defaulted and admitted, but not stored. */
  dryRun?: boolean;
  /** Take ownership of fields another field manager owns (instead of a 409 conflict). */
  force?: boolean;
}

/** What diff, apply and wait need from a cluster (an interface so tests may fake it). */
export interface ClusterClient {
  /** The live object, or undefined when it does not exist. */
  get(obj: KubeObject): Promise<KubeObject | undefined>;
  /** Server-side apply of `obj` by FIELD_MANAGER; returns the object as the server has it. */
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

/** KubernetesObjectApi speaking plain JSON (see the module comment for why). */
class JsonObjectApi extends KubernetesObjectApi {
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

  async servesKind(apiVersion: string, kind: string): Promise<boolean> {
    try {
      return (await this.resource(apiVersion, kind)) !== undefined;
    } catch (e) {
      if (isNotFound(e)) return false; // the whole group/version is not served
      throw e;
    }
  }
}

export function createClusterClient(kc: KubeConfig): ClusterClient {
  const api = JsonObjectApi.create(kc);
  return {
    async get(obj) {
      try {
        const header = { apiVersion: obj.apiVersion, kind: obj.kind, metadata: { ...obj.metadata } };
        return (await api.read(header)) as unknown as KubeObject;
      } catch (e) {
        if (isNotFound(e)) return undefined;
        throw e;
      }
    },
    apply: (obj, options = {}) => api.applyJson(obj, options),
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
      try {
        await api.delete(header, undefined, options.dryRun ? 'All' : undefined, undefined, undefined, 'Background');
      } catch (e) {
        if (!isNotFound(e)) throw e;
      }
    },
  };
}
