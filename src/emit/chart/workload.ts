/**
 * Workloads in templates: replicas, selector, CronJob schedule, the pod template and a
 * StatefulSet's claim templates. Where the pod template sits depends on the kind.
 */
import { COMMENTS } from './comments.js';
import type { AppContext } from './context.js';
import { templatePodMetadata, templateSelector } from './labels.js';
import { templatePodSpec } from './pod.js';
import { templateClaimTemplates } from './storage.js';
import { isPlainObject, openMap, openPath, openSeq, put, type Body } from './tree.js';
import { setIn, type Scope } from './values.js';

type Obj = Record<string, unknown>;

/** Path of the pod template (metadata + spec) per workload kind. */
export const POD_TEMPLATE_PATH: Record<string, string[]> = {
  Deployment: ['spec', 'template'],
  StatefulSet: ['spec', 'template'],
  DaemonSet: ['spec', 'template'],
  ReplicaSet: ['spec', 'template'],
  Job: ['spec', 'template'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template'],
};

export function isWorkload(kind: string): boolean {
  return kind in POD_TEMPLATE_PATH;
}

function dig(obj: unknown, path: string[]): unknown {
  let v = obj;
  for (const k of path) v = isPlainObject(v) ? v[k] : undefined;
  return v;
}

export function templateWorkload(ctx: AppContext, body: Body, obj: Obj, scope: Scope): void {
  const spec = isPlainObject(obj.spec) ? obj.spec : {};
  const specBody = openMap(body, 'spec');
  if (!specBody) return;
  if (typeof spec.replicas === 'number') {
    const expr = setIn(ctx.values, scope, 'replicas', spec.replicas, COMMENTS.replicas);
    // `int`: values files hold numbers as floats, which Go prints as 1e+06 from a million on.
    put(specBody, { t: 'scalar', key: 'replicas', expr: `${expr} | int` });
  }
  if (obj.kind === 'CronJob') {
    if (typeof spec.schedule === 'string') {
      const expr = setIn(ctx.values, scope, 'schedule', spec.schedule, COMMENTS.schedule);
      put(specBody, { t: 'scalar', key: 'schedule', expr: `${expr} | quote` });
    }
    if (typeof spec.suspend === 'boolean') {
      const expr = setIn(ctx.values, scope, 'suspend', spec.suspend, COMMENTS.suspend);
      put(specBody, { t: 'scalar', key: 'suspend', expr });
    }
  }
  if (isPlainObject(spec.selector) && isPlainObject(spec.selector.matchLabels)) {
    const sel = openMap(specBody, 'selector');
    if (sel) templateSelector(ctx, sel, 'matchLabels', spec.selector.matchLabels);
  }
  const path = POD_TEMPLATE_PATH[obj.kind as string];
  const template = dig(obj, path);
  const templateBody = openPath(body, path);
  if (isPlainObject(template) && templateBody) {
    templatePodMetadata(ctx, templateBody, template.metadata, scope);
    const podSpecBody = openMap(templateBody, 'spec');
    if (podSpecBody && isPlainObject(template.spec)) templatePodSpec(ctx, podSpecBody, template.spec, scope);
  }
  if (obj.kind === 'StatefulSet' && Array.isArray(spec.volumeClaimTemplates)) {
    const items = openSeq(specBody, 'volumeClaimTemplates');
    if (items) templateClaimTemplates(ctx, items, spec.volumeClaimTemplates);
  }
}
