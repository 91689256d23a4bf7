/**
 * A ClusterClient fake for the cutover unit tests (the real cluster is in node.test.ts): keeps
 * applied objects, makes workloads roll out at once unless their name is in `neverReady`, and
 * records every write with its time so tests can order Kubernetes events against Marathon's.
 */
import type { ClusterClient } from '../../src/cluster/client.js';
import { objectRef } from '../../src/cluster/normalize.js';
import type { KubeObject } from '../../src/kube/types.js';

export interface KubeEvent {
  at: number;
  what: 'apply' | 'annotate';
  ref: string;
  object: KubeObject;
}

export class FakeCluster {
  readonly objects = new Map<string, KubeObject>();
  readonly events: KubeEvent[] = [];
  /** Workload names that never become Ready. */
  readonly neverReady = new Set<string>();
  /** `Kind/name` of objects whose apply fails (422 from the API server). */
  readonly rejects = new Set<string>();

  readonly client: ClusterClient = {
    get: async (obj) => structuredClone(this.objects.get(objectRef(obj))),
    apply: async (obj) => {
      if (this.rejects.has(`${obj.kind}/${obj.metadata.name}`)) {
        const { KubeApiError } = await import('../../src/cluster/errors.js');
        throw new KubeApiError(422, { message: `${obj.kind} "${obj.metadata.name}" is invalid: spec.template: Invalid value` , reason: 'Invalid', code: 422 });
      }
      const ref = objectRef(obj);
      const live = this.objects.get(ref);
      const generation = ((live?.metadata as { generation?: number } | undefined)?.generation ?? 0) + 1;
      const replicas = (obj.spec as { replicas?: number } | undefined)?.replicas ?? 1;
      const ready = !this.neverReady.has(obj.metadata.name);
      const next: KubeObject = {
        ...structuredClone(obj),
        metadata: { ...structuredClone(obj.metadata), annotations: { ...live?.metadata.annotations, ...obj.metadata.annotations }, generation } as KubeObject['metadata'],
        status: { observedGeneration: generation, replicas, updatedReplicas: replicas, readyReplicas: ready ? replicas : 0, availableReplicas: ready ? replicas : 0 },
      };
      this.objects.set(ref, next);
      this.events.push({ at: Date.now(), what: 'apply', ref, object: next });
      return structuredClone(next);
    },
    serves: async () => true,
    list: async () => [],
  };

  annotate = async (obj: KubeObject, annotations: Record<string, string>): Promise<void> => {
    const ref = objectRef(obj);
    const live = this.objects.get(ref);
    if (!live) throw new Error(`annotate: ${ref} does not exist`);
    live.metadata.annotations = { ...live.metadata.annotations, ...annotations };
    this.events.push({ at: Date.now(), what: 'annotate', ref, object: structuredClone(live) });
  };

  /** The live object of a kind and name (any namespace). */
  find(kind: string, name: string): KubeObject | undefined {
    return [...this.objects.values()].find((o) => o.kind === kind && o.metadata.name === name);
  }
}
