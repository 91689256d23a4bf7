/**
 * Metadata and labels in templates.
 *
 * Object metadata uses the chart's `labels` helper: the converted recommended labels with Helm's
 * own handling — `helm.sh/chart` added and `app.kubernetes.io/managed-by` set to the release
 * service ("Helm", which Helm also requires to adopt objects applied before). Selectors and pod
 * template labels keep exactly the converted labels (via `selectorLabels`): selectors are
 * immutable, and unchanged pod labels mean switching from `convert` output to the chart neither
 * recreates Deployments nor rolls pods. Object names stay literal: other apps reach Services by
 * the names the conversion wrote into their env.
 */
import { LABEL_INSTANCE, LABEL_MANAGED_BY, LABEL_NAME, LABEL_PART_OF, MANAGED_BY } from '../../kube/types.js';
import { COMMENTS } from './comments.js';
import { helper, lit, type AppContext } from './context.js';
import { isEmpty, isPlainObject, openMap, put, staticBody, type Body, type Entry } from './tree.js';
import { setIn, type Scope } from './values.js';

export const LABEL_CHART = 'helm.sh/chart';

function rest(labels: Record<string, string>, drop: string[]): Body {
  return staticBody(Object.fromEntries(Object.entries(labels).filter(([k]) => !drop.includes(k))));
}

function hasSelectorPair(labels: Record<string, string>, name: string): boolean {
  return labels[LABEL_NAME] === name && labels[LABEL_INSTANCE] === name;
}

function selectorInclude(ctx: AppContext): Entry {
  return { t: 'inline', value: `include ${helper(ctx, 'selectorLabels')} (dict "name" ${lit(ctx.app.name)})` };
}

/** metadata.labels of a top-level object. */
function objectLabels(ctx: AppContext, labels: Record<string, string>): Body {
  const name = ctx.app.name;
  if (hasSelectorPair(labels, name) && labels[LABEL_MANAGED_BY] === MANAGED_BY && labels[LABEL_PART_OF] === ctx.app.partOf) {
    const args = [`"name" ${lit(name)}`, ...(ctx.app.partOf !== undefined ? [`"partOf" ${lit(ctx.app.partOf)}`] : []), '"root" $'];
    return [
      { t: 'inline', value: `include ${helper(ctx, 'labels')} (dict ${args.join(' ')})` },
      ...rest(labels, [LABEL_NAME, LABEL_INSTANCE, LABEL_PART_OF, LABEL_MANAGED_BY, LABEL_CHART]),
    ];
  }
  // Not the converter's usual label set: keep it as written, adding only the chart label.
  return [
    ...rest(labels, [LABEL_CHART]),
    { t: 'scalar', key: LABEL_CHART, expr: `include ${helper(ctx, 'chart')} $` },
  ];
}

/** The `metadata` entry of a top-level object: literal name, release namespace, chart labels. */
export function templateMetadata(ctx: AppContext, body: Body, meta: Record<string, unknown>): void {
  const m = openMap(body, 'metadata');
  if (!m) return;
  if (meta.namespace !== undefined) put(m, { t: 'scalar', key: 'namespace', expr: '$.Release.Namespace | quote' });
  const labels = isPlainObject(meta.labels) ? (meta.labels as Record<string, string>) : {};
  put(m, { t: 'map', key: 'labels', body: objectLabels(ctx, labels) });
}

/** Selector maps (spec.selector.matchLabels, Service spec.selector): the converted labels. */
export function templateSelector(ctx: AppContext, body: Body, key: string, selector: unknown): void {
  if (!isPlainObject(selector) || !hasSelectorPair(selector as Record<string, string>, ctx.app.name)) return;
  put(body, { t: 'map', key, body: [selectorInclude(ctx), ...rest(selector as Record<string, string>, [LABEL_NAME, LABEL_INSTANCE])] });
}

/**
 * Pod template metadata: selector labels, the other recommended labels literal, the app's own
 * labels and annotations from values (podLabels / podAnnotations, offered empty when absent).
 */
export function templatePodMetadata(ctx: AppContext, template: Body, meta: unknown, scope: Scope): void {
  if (!isPlainObject(meta) || isEmpty(meta)) return;
  const m = openMap(template, 'metadata');
  if (!m) return;
  const labels = isPlainObject(meta.labels) ? (meta.labels as Record<string, string>) : undefined;
  if (labels !== undefined && hasSelectorPair(labels, ctx.app.name)) {
    const standard = Object.entries(labels).filter(([k]) => k.startsWith('app.kubernetes.io/') && k !== LABEL_NAME && k !== LABEL_INSTANCE);
    const own = Object.fromEntries(Object.entries(labels).filter(([k]) => !k.startsWith('app.kubernetes.io/')));
    const podLabels = setIn(ctx.values, scope, 'podLabels', own, COMMENTS.podLabels);
    put(m, {
      t: 'map',
      key: 'labels',
      body: [selectorInclude(ctx), ...staticBody(Object.fromEntries(standard)), { t: 'inline', with: podLabels, value: 'toYaml .' }],
    });
  }
  const annotations = meta.annotations;
  if (annotations === undefined || (isPlainObject(annotations) && !isEmpty(annotations))) {
    const expr = setIn(ctx.values, scope, 'podAnnotations', annotations ?? {}, COMMENTS.podAnnotations);
    put(m, { t: 'yaml', key: 'annotations', with: expr, value: 'toYaml .' });
  }
}
