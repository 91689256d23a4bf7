/**
 * Object metadata: the recommended labels, the Marathon id annotation, and Marathon labels
 * turned into Kubernetes labels (valid syntax) or annotations (everything else).
 */
import {
  LABEL_INSTANCE, LABEL_MANAGED_BY, LABEL_NAME, LABEL_PART_OF, MANAGED_BY, MARATHON_ID_ANNOTATION, type ObjectMeta,
} from '../kube/types.js';
import { escapePointerToken } from '../findings.js';
import type { AppContext } from './context.js';

/** Label prefixes other mappers own (load balancers, DC/OS, frameworks); never copied as labels. */
const CONVENTION_LABEL = /^(HAPROXY_|DCOS_|traefik\.|MARATHON_SINGLE_INSTANCE_APP$|vip_PORT\d+$)/;

const LABEL_NAME_PART = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Kubernetes label/annotation key syntax: optional DNS prefix, '/', name of ≤ 63 chars. */
export function isValidKey(key: string): boolean {
  const slash = key.lastIndexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (prefix !== undefined && (prefix.length > 253 || !DNS_SUBDOMAIN.test(prefix))) return false;
  return name.length <= 63 && LABEL_NAME_PART.test(name);
}

export function isValidLabelValue(value: string): boolean {
  return value === '' || (value.length <= 63 && LABEL_NAME_PART.test(value));
}

/** The labels that select an app's pods (never change after creation). */
export function selectorLabels(ctx: AppContext): Record<string, string> {
  return { [LABEL_NAME]: ctx.name.name, [LABEL_INSTANCE]: ctx.name.name };
}

/** The recommended labels every object of the app carries. */
export function standardLabels(ctx: AppContext): Record<string, string> {
  const labels = selectorLabels(ctx);
  if (ctx.name.group !== undefined) labels[LABEL_PART_OF] = ctx.name.group;
  labels[LABEL_MANAGED_BY] = MANAGED_BY;
  return labels;
}

export interface MappedLabels {
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

/**
 * Marathon `labels` → Kubernetes labels where key and value are valid label syntax, else
 * annotations (keys that are not even valid annotation keys are kept under one JSON
 * annotation). Convention labels (HAPROXY_*, DCOS_*, traefik.*) are left to their mappers.
 */
export function mapMarathonLabels(ctx: AppContext): MappedLabels {
  const out: MappedLabels = { labels: {}, annotations: {} };
  const invalidKeys: Record<string, string> = {};
  const own = standardLabels(ctx);
  for (const [key, value] of Object.entries(ctx.app.labels ?? {})) {
    if (CONVENTION_LABEL.test(key)) continue;
    const pointer = `/labels/${escapePointerToken(key)}`;
    ctx.use(pointer);
    const ours = own[key];
    if (ours !== undefined && isValidKey(key)) {
      // A recommended label marathon2k8s sets itself (name and instance select the pods): the
      // same value says nothing more; another one cannot replace it and is kept aside.
      if (ours === value) continue;
      out.annotations[key] = value;
      ctx.report('label-as-annotation', pointer, `label "${key}" is set by marathon2k8s to "${ours}"${key === LABEL_NAME || key === LABEL_INSTANCE ? ' (it selects the app\'s pods)' : ''}; the Marathon value "${value}" is kept as an annotation`);
    } else if (isValidKey(key) && isValidLabelValue(value)) {
      out.labels[key] = value;
    } else if (isValidKey(key)) {
      out.annotations[key] = value;
      ctx.report('label-as-annotation', pointer, `the value of label "${key}" is not a valid Kubernetes label value (at most 63 letters, digits, '-', '_' or '.'); kept as an annotation`);
    } else {
      invalidKeys[key] = value;
      ctx.report('label-as-annotation', pointer, `label key "${key}" is not a valid Kubernetes key; kept in the annotation marathon2k8s.io/labels`);
    }
  }
  if (Object.keys(invalidKeys).length > 0) out.annotations['marathon2k8s.io/labels'] = JSON.stringify(invalidKeys);
  return out;
}

/** Metadata for an object of the app. */
export function objectMeta(ctx: AppContext, extra: Partial<MappedLabels> = {}): ObjectMeta {
  return {
    name: ctx.name.name,
    namespace: ctx.name.namespace,
    labels: { ...extra.labels, ...standardLabels(ctx) },
    annotations: { [MARATHON_ID_ANNOTATION]: ctx.app.id, ...extra.annotations },
  };
}
