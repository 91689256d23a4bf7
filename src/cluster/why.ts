/**
 * Why a workload has not rolled out: what `kubectl describe` would make a person look for, in
 * one line — the pod that is not ready and its most telling reason: unschedulable (the
 * scheduler's message), a container waiting (image pull, crash loop, missing Secret…), a
 * container that keeps exiting (its last exit), or the newest warning event (a probe failure:
 * "Readiness probe failed: HTTP probe failed with statuscode: 404").
 */
import type { KubeObject } from '../kube/types.js';
import type { ClusterClient } from './client.js';

// Pod and Event are read loosely: every field may be missing.
type Obj = Record<string, any>;

/** The pods a workload selects (its spec.selector.matchLabels). */
async function podsOf(client: ClusterClient, workload: KubeObject): Promise<Obj[]> {
  const matchLabels: Record<string, string> | undefined = (workload as Obj).spec?.selector?.matchLabels;
  const namespace = workload.metadata.namespace;
  if (!client.list || !matchLabels || !namespace) return [];
  const label = Object.entries(matchLabels).map(([k, v]) => `${k}=${v}`).join(',');
  return (await client.list('v1', 'Pod', namespace, { label })) as Obj[];
}

function isReady(pod: Obj): boolean {
  return (pod.status?.conditions ?? []).some((c: Obj) => c.type === 'Ready' && c.status === 'True');
}

/** The reason found on the pod object itself, if any. */
export function podReason(pod: Obj): string | undefined {
  const scheduled = (pod.status?.conditions ?? []).find((c: Obj) => c.type === 'PodScheduled');
  if (scheduled?.status === 'False') return `not scheduled: ${scheduled.message ?? scheduled.reason ?? 'no node fits'}`;
  const statuses: Obj[] = [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])];
  for (const s of statuses) {
    const waiting = s.state?.waiting;
    // ContainerCreating/PodInitializing are progress, not a reason.
    if (waiting && !['ContainerCreating', 'PodInitializing'].includes(waiting.reason)) {
      const last = s.lastState?.terminated;
      const exit = last ? ` (last exit ${last.exitCode}${last.reason ? ` ${last.reason}` : ''})` : '';
      return `container ${s.name}: ${waiting.reason}${waiting.message ? `: ${waiting.message}` : ''}${exit}`;
    }
    const terminated = s.state?.terminated;
    if (terminated && terminated.exitCode !== 0) return `container ${s.name} exited with ${terminated.exitCode}${terminated.reason ? ` (${terminated.reason})` : ''}`;
  }
  return undefined;
}

/** Warnings that say something about the node, not why this pod is not ready. */
const NOT_A_REASON = new Set(['MissingClusterDNS', 'DNSConfigForming']);

/**
 * The telling Warning event of a pod, with how often it happened: the newest probe failure
 * ("Unhealthy") when there is one — it is the cause of a crash loop's "BackOff" — else the newest.
 */
async function tellingWarning(client: ClusterClient, pod: Obj): Promise<string | undefined> {
  if (!client.list) return undefined;
  const events = (await client.list('v1', 'Event', pod.metadata.namespace, {
    field: `involvedObject.name=${pod.metadata.name},type=Warning`,
  })) as Obj[];
  const time = (e: Obj) => Date.parse(e.lastTimestamp ?? e.eventTime ?? e.metadata?.creationTimestamp ?? '') || 0;
  events.sort((a, b) => time(b) - time(a));
  const telling = events.filter((e) => !NOT_A_REASON.has(e.reason));
  const newest = telling.find((e) => e.reason === 'Unhealthy') ?? telling[0];
  if (!newest) return undefined;
  const times = (newest.count ?? 1) > 1 ? ` (${newest.count} times)` : '';
  return `${newest.reason}: ${String(newest.message ?? '').trim()}${times}`;
}

/**
 * One line saying why `workload` is not rolled out, or undefined when nothing telling is found
 * (or the client cannot list). Never throws: an explanation must not turn a timeout into a crash.
 */
export async function explainStuckRollout(client: ClusterClient, workload: KubeObject): Promise<string | undefined> {
  try {
    const pods = await podsOf(client, workload);
    const notReady = pods.filter((p) => !p.metadata?.deletionTimestamp && !isReady(p));
    if (pods.length === 0) return client.list ? 'no pods were created (see the events of its ReplicaSet or StatefulSet)' : undefined;
    const pod = notReady[0];
    if (!pod) return undefined;
    const reasons = [podReason(pod), await tellingWarning(client, pod)].filter((r): r is string => r !== undefined);
    if (reasons.length === 0) reasons.push(`pod phase ${pod.status?.phase ?? 'unknown'}`);
    return `pod ${pod.metadata.name}: ${reasons.join('; ')}`;
  } catch {
    return undefined;
  }
}
