/**
 * values.schema.json: Helm checks values against it on install, upgrade, lint and template, so
 * a typo'd type (replicas: "three") fails before reaching the cluster.
 *
 * The schema types the keys the templates read and leaves free-form subtrees (resources,
 * affinity, probes' handlers, …) open: those are Kubernetes structures the API server validates,
 * and locking them to today's keys would stop teams from adding fields. Scalars a team might
 * pass with --set accept what --set produces (an image tag "2" arrives as a number).
 */
import { isPlainObject } from './tree.js';

type Schema = Record<string, unknown>;

const STRING_OR_NUMBER = { type: ['string', 'number'] };

/** Keys whose values are free-form Kubernetes structures: only the container type is checked. */
const FREE_FORM: Record<string, Schema> = {
  resources: { type: 'object' },
  affinity: { type: 'object' },
  nodeSelector: { type: 'object', additionalProperties: { type: 'string' } },
  podLabels: { type: 'object', additionalProperties: { type: 'string' } },
  podAnnotations: { type: 'object', additionalProperties: { type: 'string' } },
  annotations: { type: 'object', additionalProperties: { type: 'string' } },
  existingSecrets: { type: 'object', additionalProperties: { type: 'string' } },
  tolerations: { type: 'array' },
  topologySpreadConstraints: { type: 'array' },
  volumes: { type: 'array' },
  volumeMounts: { type: 'array' },
  imagePullSecrets: { type: 'array' },
  ports: { type: 'array' },
  command: { type: 'array', items: { type: 'string' } },
  args: { type: 'array', items: { type: 'string' } },
  envFrom: { type: 'array' },
  hosts: { type: 'array' },
  rules: { type: 'array' },
  tls: { type: 'array' },
};

const SCALARS: Record<string, Schema> = {
  replicas: { type: 'integer', minimum: 0 },
  enabled: { type: 'boolean' },
  suspend: { type: 'boolean' },
  schedule: { type: 'string' },
  repository: { type: 'string' },
  tag: STRING_OR_NUMBER,
  digest: { type: 'string' },
  pullPolicy: { type: 'string', enum: ['Always', 'IfNotPresent', 'Never'] },
  className: { type: 'string' },
  size: { type: 'string', minLength: 1 },
  storageClass: { type: 'string' },
  nameOverride: { type: 'string' },
  fullnameOverride: { type: 'string' },
};

const SERVICE_TYPE = { type: 'string', enum: ['', 'ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'] };

/** Maps whose keys are names chosen by the chart writer (apps, containers, claims). */
const NAMED = new Set(['', 'containers', 'initContainers', 'persistence']);

/**
 * The parent key given to the entries of a NAMED map: never a value key, so an app or container
 * that happens to be named like one (`probes`, `env`, `service`…) is not mistaken for it.
 */
const NAMED_ENTRY = '\u0000entry';

function schemaFor(key: string, value: unknown, parentKey: string): Schema {
  if (NAMED.has(parentKey) && isPlainObject(value)) return objectSchema(value, NAMED_ENTRY);
  if (key === 'type' && /^service/.test(parentKey)) return SERVICE_TYPE;
  if (key === 'env') {
    return Array.isArray(value)
      ? { type: 'array' }
      : { type: 'object', additionalProperties: { type: ['string', 'number', 'boolean', 'object'] } };
  }
  if (parentKey === 'probes') return { type: 'object', properties: { enabled: { type: 'boolean' } } };
  if (key in FREE_FORM) return FREE_FORM[key];
  if (key in SCALARS) return SCALARS[key];
  if (isPlainObject(value)) return objectSchema(value, key);
  if (Array.isArray(value)) return { type: 'array' };
  if (typeof value === 'boolean') return { type: 'boolean' };
  if (typeof value === 'number') return { type: 'number' };
  if (typeof value === 'string') return STRING_OR_NUMBER;
  return {};
}

function objectSchema(obj: Record<string, unknown>, parentKey: string): Schema {
  const properties: Record<string, Schema> = {};
  for (const [k, v] of Object.entries(obj)) properties[k] = schemaFor(k, v, parentKey);
  return { type: 'object', properties };
}

export function valuesSchema(values: Record<string, unknown>, title: string): string {
  const schema = { $schema: 'https://json-schema.org/draft-07/schema#', title, ...objectSchema(values, '') };
  return JSON.stringify(schema, null, 2) + '\n';
}
