/**
 * One template file per object: the object as a template tree, with the kind's extractors
 * applied, rendered to text. Kinds without an extractor (Secret, ConfigMap, PodDisruptionBudget,
 * …) render literally apart from their labels, so every object the converter emits is in the
 * chart even when this module has never heard of its kind.
 */
import type { KubeObject } from '../../kube/types.js';
import { COMMENTS } from './comments.js';
import { objectScope, type AppContext } from './context.js';
import { camelKey } from './group.js';
import { templateMetadata } from './labels.js';
import { templateIngress, templateService } from './network.js';
import { templateClaim } from './storage.js';
import { renderBody, staticBody, type Body } from './tree.js';
import { isWorkload, templateWorkload } from './workload.js';

type Obj = Record<string, unknown>;

function isIngress(obj: KubeObject): boolean {
  return obj.kind === 'Ingress' && /^(networking\.k8s\.io|extensions)\//.test(obj.apiVersion);
}

/** Builds the tree of one object; returns the condition wrapping the whole file, if any. */
function buildObject(ctx: AppContext, obj: KubeObject, primaryWorkload: boolean): { body: Body; cond?: string } {
  const body = staticBody(obj as unknown as Obj);
  templateMetadata(ctx, body, obj.metadata as unknown as Obj);
  if (isWorkload(obj.kind)) {
    const scope = primaryWorkload ? ctx.scope : objectScope(ctx, camelKey(obj.kind), obj.metadata.name);
    templateWorkload(ctx, body, obj, scope);
  } else if (obj.kind === 'Service' && obj.apiVersion === 'v1') {
    templateService(ctx, body, obj, objectScope(ctx, 'service', obj.metadata.name));
  } else if (isIngress(obj)) {
    return { body, cond: templateIngress(ctx, body, obj, objectScope(ctx, 'ingress', obj.metadata.name)) };
  } else if (obj.kind === 'PersistentVolumeClaim' && obj.apiVersion === 'v1') {
    templateClaim(ctx, body, obj);
  }
  return { body };
}

/** Template texts for all objects of one app, in the app's object order. */
export function appTemplates(ctx: AppContext): string[] {
  const primary = ctx.app.objects.find((o) => isWorkload(o.kind));
  const texts = ctx.app.objects.map((obj) => {
    const { body, cond } = buildObject(ctx, obj, obj === primary);
    const lines = renderBody(body, 0);
    if (cond !== undefined) lines.unshift(`{{- if ${cond} }}`), lines.push('{{- end }}');
    const text = lines.join('\n');
    const header = text.includes('$app') ? `{{- $app := .Values.${ctx.app.key} }}\n` : '';
    return `${header}${text}\n`;
  });
  if (ctx.secrets.size > 0) {
    const names = [...ctx.secrets.keys()].sort();
    ctx.values.set([...ctx.scope.path, 'existingSecrets'], Object.fromEntries(names.map((n) => [n, n])), COMMENTS.existingSecrets);
  }
  return texts;
}
