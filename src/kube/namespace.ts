import type { KubeObject } from './types.js';

/**
 * The Namespace object for a namespace the converted apps use. Deliberately without the
 * managed-by label: pruning "everything marathon2k8s manages" must never delete a namespace
 * and whatever else lives in it.
 */
export function Namespace(name: string): KubeObject {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name } };
}
