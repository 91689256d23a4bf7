/** Why a rollout is stuck: the pod's own reason first, then its telling warning event. */
import { explainStuckRollout, podReason } from '../../src/cluster/why.js';
import type { ClusterClient } from '../../src/cluster/client.js';
import type { KubeObject } from '../../src/kube/types.js';

const deployment = {
  apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'shop' },
  spec: { selector: { matchLabels: { 'app.kubernetes.io/name': 'web' } } },
} as KubeObject;

function pod(status: Record<string, unknown>): KubeObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web-1', namespace: 'shop' }, status } as unknown as KubeObject;
}

function client(pods: KubeObject[], events: Record<string, unknown>[] = []): ClusterClient & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    get: async () => undefined,
    apply: async (o) => o,
    serves: async () => true,
    list: async (_v, kind, ns, sel) => {
      asked.push(`${kind} ${ns} ${sel?.label ?? ''}${sel?.field ?? ''}`);
      return (kind === 'Pod' ? pods : events) as KubeObject[];
    },
  };
}

describe('why a rollout is stuck', () => {
  test('unschedulable: the scheduler message', () => {
    expect(podReason({ status: { conditions: [{ type: 'PodScheduled', status: 'False', message: '0/1 nodes are available: 1 Insufficient cpu.' }] } }))
      .toBe('not scheduled: 0/1 nodes are available: 1 Insufficient cpu.');
  });

  test('a crash loop: the waiting reason and the last exit', () => {
    expect(podReason({ status: { containerStatuses: [{ name: 'web', state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 10s' } }, lastState: { terminated: { exitCode: 1, reason: 'Error' } } }] } }))
      .toBe('container web: CrashLoopBackOff: back-off 10s (last exit 1 Error)');
  });

  test('progress is not a reason', () => {
    expect(podReason({ status: { containerStatuses: [{ name: 'web', state: { waiting: { reason: 'ContainerCreating' } } }] } })).toBeUndefined();
  });

  test('a failing readiness probe: the Unhealthy event, preferred over newer noise, with its count', async () => {
    const c = client([pod({ phase: 'Running', conditions: [{ type: 'Ready', status: 'False' }] })], [
      { reason: 'MissingClusterDNS', message: 'no cluster DNS', lastTimestamp: '2026-01-01T00:00:09Z' },
      { reason: 'BackOff', message: 'Back-off restarting failed container', lastTimestamp: '2026-01-01T00:00:08Z' },
      { reason: 'Unhealthy', message: 'Readiness probe failed: HTTP probe failed with statuscode: 404', count: 7, lastTimestamp: '2026-01-01T00:00:05Z' },
    ]);
    expect(await explainStuckRollout(c, deployment)).toBe('pod web-1: Unhealthy: Readiness probe failed: HTTP probe failed with statuscode: 404 (7 times)');
    expect(c.asked).toEqual(['Pod shop app.kubernetes.io/name=web', 'Event shop involvedObject.name=web-1,type=Warning']);
  });

  test('no pods at all, and a client that cannot list', async () => {
    expect(await explainStuckRollout(client([]), deployment)).toMatch(/no pods were created/);
    const { list: _unused, ...noList } = client([]);
    expect(await explainStuckRollout(noList, deployment)).toBeUndefined();
  });
});
