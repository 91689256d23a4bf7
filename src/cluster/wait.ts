/**
 * `apply --wait`: wait until the applied workloads have rolled out, with a timeout. The rules are
 * those of `kubectl rollout status`. A cluster without controllers (or without nodes, like the
 * test cluster) never finishes a rollout: the wait then ends at the timeout and says what each
 * workload is still waiting for, instead of hanging.
 */
import type { KubeObject } from '../kube/types.js';
import type { ClusterClient } from './client.js';
import { objectRef } from './normalize.js';
import { explainStuckRollout } from './why.js';

export interface RolloutState {
  ref: string;
  done: boolean;
  /** What it is waiting for, or "rolled out". */
  message: string;
}

/** Kinds that roll out; everything else is ready when applied. */
export const ROLLOUT_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet']);

// Workload status is read loosely: every field may be missing on an old or partial object.
type Obj = Record<string, any>;

/** The rollout state of a live workload (kubectl's rollout status logic, simplified). */
export function rolloutState(live: KubeObject): RolloutState {
  const ref = objectRef(live);
  const o = live as Obj;
  const spec: Obj = o.spec ?? {};
  const status: Obj = o.status ?? {};
  const generation: number = o.metadata?.generation ?? 0;
  const observed: number | undefined = status.observedGeneration;
  const pending = (message: string): RolloutState => ({ ref, done: false, message });
  if (observed === undefined || observed < generation) {
    return pending('waiting for a controller to pick up the new spec (is kube-controller-manager running?)');
  }
  const want: number = spec.replicas ?? 1;
  switch (live.kind) {
    case 'Deployment': {
      const progressing = (status.conditions ?? []).find((c: Obj) => c.type === 'Progressing');
      if (progressing?.reason === 'ProgressDeadlineExceeded') return pending(`progress deadline exceeded: ${progressing.message ?? ''}`);
      const updated = status.updatedReplicas ?? 0;
      if (updated < want) return pending(`${updated} of ${want} replicas updated`);
      if ((status.replicas ?? 0) > updated) return pending(`${(status.replicas ?? 0) - updated} old replicas pending termination`);
      const available = status.availableReplicas ?? 0;
      if (available < updated) return pending(`${available} of ${updated} updated replicas available`);
      break;
    }
    case 'StatefulSet': {
      const ready = status.readyReplicas ?? 0;
      if (ready < want) return pending(`${ready} of ${want} replicas ready`);
      if (spec.updateStrategy?.type !== 'OnDelete' && status.updateRevision !== status.currentRevision) {
        return pending(`${status.updatedReplicas ?? 0} of ${want} replicas updated`);
      }
      break;
    }
    case 'DaemonSet': {
      const desired = status.desiredNumberScheduled ?? 0;
      const updated = status.updatedNumberScheduled ?? 0;
      const available = status.numberAvailable ?? 0;
      if (updated < desired) return pending(`${updated} of ${desired} pods updated`);
      if (available < desired) return pending(`${available} of ${desired} updated pods available`);
      break;
    }
  }
  return { ref, done: true, message: 'rolled out' };
}

export interface WaitOptions {
  timeoutMs: number;
  pollMs?: number;
  /** Called after every poll with the state of every workload still waited for. */
  onProgress?: (states: RolloutState[]) => void;
}

export interface WaitResult {
  done: RolloutState[];
  /** Not rolled out at the timeout (empty when everything finished). */
  pending: RolloutState[];
  timedOut: boolean;
}

export async function waitForRollouts(
  client: ClusterClient,
  objects: readonly KubeObject[],
  options: WaitOptions,
): Promise<WaitResult> {
  const pollMs = options.pollMs ?? 2000;
  const deadline = Date.now() + options.timeoutMs;
  let waiting = objects.filter((o) => ROLLOUT_KINDS.has(o.kind));
  const done: RolloutState[] = [];
  for (;;) {
    const states = await Promise.all(
      waiting.map(async (o): Promise<[KubeObject, RolloutState]> => {
        const live = await client.get(o);
        return [o, live ? rolloutState(live) : { ref: objectRef(o), done: false, message: 'not found' }];
      }),
    );
    for (const [, s] of states) if (s.done) done.push(s);
    waiting = states.filter(([, s]) => !s.done).map(([o]) => o);
    options.onProgress?.(states.map(([, s]) => s));
    if (waiting.length === 0) return { done, pending: [], timedOut: false };
    const left = deadline - Date.now();
    if (left <= 0) return { done, pending: await explainAll(client, states.filter(([, s]) => !s.done)), timedOut: true };
    await new Promise((r) => setTimeout(r, Math.min(pollMs, left)));
  }
}

/** The pending states, each with why its workload is stuck (its pods' reasons) when known. */
async function explainAll(client: ClusterClient, pending: [KubeObject, RolloutState][]): Promise<RolloutState[]> {
  return Promise.all(
    pending.map(async ([o, s]) => {
      const live = (await client.get(o).catch(() => undefined)) ?? o;
      const why = await explainStuckRollout(client, live);
      return why ? { ...s, message: `${s.message}; ${why}` } : s;
    }),
  );
}
