/**
 * Writes the recorded counts as annotations on the live workloads, with a JSON merge patch under
 * a field manager of its own (`marathon2k8s-cutover`).
 *
 * Why not as part of the server-side apply: fields are owned by the manager that applied them,
 * and a later `marathon2k8s apply` of the same input (which has no such annotation) would remove
 * every field marathon2k8s owns and no longer sends — the record would vanish silently. A patch
 * by another manager is left alone by those applies, so the annotation lasts until rollback.
 */
import { HttpMethod, KubernetesObjectApi, PatchStrategy, type KubeConfig, type KubernetesObject, type ResponseContext } from '@kubernetes/client-node';
import { KubeApiError, type KubeStatus } from '../cluster/errors.js';
import type { KubeObject } from '../kube/types.js';

export const CUTOVER_FIELD_MANAGER = 'marathon2k8s-cutover';

export type Annotate = (obj: KubeObject, annotations: Record<string, string>) => Promise<void>;

class MergePatchApi extends KubernetesObjectApi {
  static create(kc: KubeConfig): MergePatchApi {
    const api = kc.makeApiClient(MergePatchApi);
    api.setDefaultNamespace(kc);
    return api;
  }

  // Plain JSON (discovery answers included, which resolve the URL), and errors as the rest of
  // the cluster code reports them: KubeApiError with the server's Status.
  protected override async processResponse<T extends KubernetesObject>(response: ResponseContext): Promise<T> {
    const text = await response.body.text();
    let data: unknown;
    try {
      data = text === '' ? {} : JSON.parse(text);
    } catch {
      data = undefined;
    }
    if (response.httpStatusCode >= 200 && response.httpStatusCode <= 299) return (data ?? {}) as T;
    const status = data && typeof data === 'object' ? (data as KubeStatus) : { message: text.slice(0, 500) || undefined };
    throw new KubeApiError(response.httpStatusCode, status);
  }

  async annotate(obj: KubeObject, annotations: Record<string, string>): Promise<void> {
    const header = { apiVersion: obj.apiVersion, kind: obj.kind, metadata: { name: obj.metadata.name, namespace: obj.metadata.namespace } } as KubernetesObject;
    const uri = await this.specUriPath(header, 'patch');
    const ctx = this.configuration.baseServer.makeRequestContext(uri, HttpMethod.PATCH);
    ctx.setHeaderParam('Accept', 'application/json');
    ctx.setHeaderParam('Content-Type', PatchStrategy.MergePatch);
    ctx.setQueryParam('fieldManager', CUTOVER_FIELD_MANAGER);
    ctx.setBody(JSON.stringify({ metadata: { annotations } }));
    await this.requestPromise(ctx);
  }
}

export function kubeAnnotator(kc: KubeConfig): Annotate {
  const api = MergePatchApi.create(kc);
  return (obj, annotations) => api.annotate(obj, annotations);
}
