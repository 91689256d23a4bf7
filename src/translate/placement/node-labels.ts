/**
 * Marathon constraint fields → Kubernetes node label keys.
 *
 * `hostname` and the fault-domain fields have well-known node labels; any other Mesos agent
 * attribute becomes `<--node-label-prefix><attribute>`, a label the cluster operator must put on
 * the nodes (the report lists them). Keys are made valid label keys; values are not touched,
 * since they must match what is on the nodes.
 */
import { supports } from '../../kube/versions.js';
import { isValidKey, isValidLabelValue } from '../metadata.js';

export const HOSTNAME_LABEL = 'kubernetes.io/hostname';

export interface NodeLabelKey {
  key: string;
  /** A label every node carries (kubelet sets it): the cluster needs nothing for it. */
  automatic: boolean;
  /** Why the key is not simply prefix + attribute (it had to be made a valid label key). */
  sanitized?: string;
}

export function nodeLabelKey(field: string, prefix: string, kubeVersion: string): NodeLabelKey {
  if (field === 'hostname' || field === '@hostname') return { key: HOSTNAME_LABEL, automatic: true };
  if (field === '@zone' || field === '@region') {
    // Fault domains come from the cloud provider or the operator; the label name changed in 1.17.
    const which = field.slice(1);
    const key = supports('topologyLabels', kubeVersion) ? `topology.kubernetes.io/${which}` : `failure-domain.beta.kubernetes.io/${which}`;
    return { key, automatic: false };
  }
  // A '/' inside the attribute would be taken for the prefix separator.
  const wanted = prefix + field.replace(/\//g, '-');
  if (isValidKey(wanted)) return { key: wanted, automatic: false };
  const key = sanitizeLabelKey(wanted);
  return { key, automatic: false, sanitized: `"${wanted}" is not a valid label key` };
}

/** Makes a valid label key: DNS-subdomain prefix (lower case), name of ≤ 63 label characters. */
export function sanitizeLabelKey(key: string): string {
  const slash = key.lastIndexOf('/');
  const rawPrefix = slash >= 0 ? key.slice(0, slash) : '';
  const rawName = slash >= 0 ? key.slice(slash + 1) : key;
  const name = trimToAlnum(rawName.replace(/[^A-Za-z0-9_.-]+/g, '-').slice(0, 63)) || 'attribute';
  const prefix = rawPrefix
    .toLowerCase()
    .split('.')
    .map((part) => trimToAlnum(part.replace(/[^a-z0-9-]+/g, '-')))
    .filter((part) => part !== '')
    .join('.')
    .slice(0, 253);
  return prefix === '' ? name : `${trimToAlnum(prefix)}/${name}`;
}

function trimToAlnum(s: string): string {
  return s.replace(/^[^A-Za-z0-9]+/, '').replace(/[^A-Za-z0-9]+$/, '');
}

/** Values that cannot be label values ('/', spaces, > 63 chars) can never be found on a node. */
export function invalidLabelValues(values: readonly string[]): string[] {
  return values.filter((v) => !isValidLabelValue(v));
}
