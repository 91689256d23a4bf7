/**
 * Writes the recorded counts as annotations on the live workloads, with a JSON merge patch under
 * a field manager of its own (`marathon2k8s-cutover`).
 *
 * Why not as part of the server-side apply: fields are owned by the manager that applied them,
 * and a later `marathon2k8s apply` of the same input (which has no such annotation) would remove
 * every field marathon2k8s owns and no longer sends — the record would vanish silently. A patch
 * by another manager is left alone by those applies, so the annotation lasts until rollback.
 */
import { HttpMethod, PatchStrategy, type KubeConfig, type KubernetesObject } from '@kubernetes/client-node';
import { JsonObjectApi } from '../cluster/client.js';
import type { KubeObject } from '../kube/types.js';

export const CUTOVER_FIELD_MANAGER = 'marathon2k8s-cutover';

export type Annotate = (obj: KubeObject, annotations: Record<string, string>) => Promise<void>;

/** The cluster code's plain-JSON API (errors as KubeApiError), plus a merge patch of annotations. */
class MergePatchApi extends JsonObjectApi {
  static override create(kc: KubeConfig): MergePatchApi {
    const api = kc.makeApiClient(MergePatchApi);
    api.setDefaultNamespace(kc); // as KubernetesObjectApi.makeApiClient does
    return api;
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
