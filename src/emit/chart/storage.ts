/**
 * Storage in templates: the size and storage class of PersistentVolumeClaims and of StatefulSet
 * volumeClaimTemplates come from `persistence.<claim>` in the app's values.
 */
import { COMMENTS } from './comments.js';
import { camelKey, uniqueKey } from './group.js';
import { suffix, type AppContext } from './context.js';
import { isPlainObject, openPath, put, type Body } from './tree.js';
import { setIn, subScope } from './values.js';

type Obj = Record<string, unknown>;

/** A claim spec (PVC `spec` or a claim template's `spec`). */
function templateClaimSpec(ctx: AppContext, claimBody: Body, claim: Obj, claimName: string): void {
  const spec = isPlainObject(claim.spec) ? claim.spec : undefined;
  const storage = isPlainObject(spec?.resources) && isPlainObject(spec.resources.requests) ? spec.resources.requests.storage : undefined;
  const hasClass = typeof spec?.storageClassName === 'string';
  if (typeof storage !== 'string' && !hasClass) return;
  const persistence = subScope(ctx.scope, 'persistence');
  ctx.values.comment(persistence.path, COMMENTS.persistence);
  const taken = new Set(Object.keys((ctx.values.get(persistence.path) as Obj | undefined) ?? {}));
  const scope = subScope(persistence, uniqueKey(camelKey(suffix(claimName, ctx.app.name)), taken));
  if (typeof storage === 'string') {
    const requests = openPath(claimBody, ['spec', 'resources', 'requests']);
    const expr = setIn(ctx.values, scope, 'size', storage, COMMENTS.size);
    if (requests) put(requests, { t: 'scalar', key: 'storage', expr: `${expr} | quote` });
  }
  if (hasClass) {
    const specBody = openPath(claimBody, ['spec']);
    const expr = setIn(ctx.values, scope, 'storageClass', spec!.storageClassName, COMMENTS.storageClass);
    if (specBody) put(specBody, { t: 'scalar', key: 'storageClassName', expr: `${expr} | quote` });
  }
}

export function templateClaim(ctx: AppContext, body: Body, obj: Obj): void {
  templateClaimSpec(ctx, body, obj, String((obj.metadata as Obj | undefined)?.name ?? 'data'));
}

/** volumeClaimTemplates items (a StatefulSet's per-pod claims). */
export function templateClaimTemplates(ctx: AppContext, items: Body[], templates: unknown[]): void {
  templates.forEach((t, i) => {
    if (!isPlainObject(t)) return;
    const name = isPlainObject(t.metadata) && typeof t.metadata.name === 'string' ? t.metadata.name : `claim-${i}`;
    templateClaimSpec(ctx, items[i], t, name);
  });
}
