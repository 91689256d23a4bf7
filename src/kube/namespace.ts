import { LABEL_MANAGED_BY, MANAGED_BY, type KubeObject } from './types.js';

/** The Namespace object for a namespace the converted apps use. */
export function Namespace(name: string): KubeObject {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels: { [LABEL_MANAGED_BY]: MANAGED_BY } } };
}
