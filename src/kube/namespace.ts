import type { KubeObject } from './types.js';

/**
 * The Namespace object for a namespace the converted apps use. Deliberately without the
 * managed-by label: pruning "everything marathon2k8s manages" must never delete a namespace
 * and whatever else lives in it.
 */
export function Namespace(name: string): KubeObject {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name } };
}

/** The Namespace objects of the namespaces objects live in (every one but `default`), sorted. */
export function namespacesOf(namespaces: Iterable<string | undefined>): KubeObject[] {
  const names = new Set<string>();
  for (const ns of namespaces) if (ns !== undefined && ns !== 'default') names.add(ns);
  return [...names].sort().map((ns) => Namespace(ns));
}
