/** Unit tests of the cluster code that needs no cluster: ordering, noise, masking, errors. */
import { applyOrder, dependencyRanks } from '../../src/cluster/order.js';
import { jsonEqual, maskSecrets, objectRef, stripNoise } from '../../src/cluster/normalize.js';
import { conflictsOf, describeApplyError, KubeApiError } from '../../src/cluster/errors.js';
import { kubeVersionOf } from '../../src/cluster/discovery.js';
import { rolloutState, waitForRollouts } from '../../src/cluster/wait.js';
import { diffExitCode, diffObjects, diffSummary, formatDiff } from '../../src/cluster/diff.js';
import { applyObjects, applySummary } from '../../src/cluster/apply.js';
import type { ClusterClient } from '../../src/cluster/client.js';
import { parseDuration } from '../../src/cli/apply.js';
import type { KubeObject } from '../../src/kube/types.js';

const ID = 'marathon2k8s.io/marathon-id';
const DEPS = 'marathon2k8s.io/dependencies';

function obj(kind: string, name: string, extra: Partial<KubeObject> & { ns?: string; id?: string; deps?: string } = {}): KubeObject {
  const { ns, id, deps, ...rest } = extra;
  const annotations: Record<string, string> = {};
  if (id) annotations[ID] = id;
  if (deps) annotations[DEPS] = deps;
  return {
    apiVersion: kind === 'Deployment' ? 'apps/v1' : 'v1',
    kind,
    metadata: { name, ...(ns ? { namespace: ns } : {}), ...(Object.keys(annotations).length ? { annotations } : {}) },
    ...rest,
  };
}

describe('applyOrder', () => {
  test('namespaces, then config and storage, services, workloads, ingresses', () => {
    const input = [
      obj('Ingress', 'web', { ns: 'a' }),
      obj('Deployment', 'web', { ns: 'a' }),
      obj('Service', 'web', { ns: 'a' }),
      obj('PersistentVolumeClaim', 'data', { ns: 'a' }),
      obj('ConfigMap', 'cfg', { ns: 'a' }),
      obj('Secret', 's', { ns: 'a' }),
      obj('Namespace', 'a'),
    ];
    expect(applyOrder(input).map((o) => o.kind)).toEqual([
      'Namespace', 'PersistentVolumeClaim', 'ConfigMap', 'Secret', 'Service', 'Deployment', 'Ingress',
    ]);
  });

  test('within a tier, Marathon dependencies first, otherwise input order', () => {
    const input = [
      obj('Deployment', 'web', { ns: 'a', id: '/a/web', deps: '/a/api' }),
      obj('Deployment', 'worker', { ns: 'a', id: '/a/worker' }),
      obj('Deployment', 'api', { ns: 'a', id: '/a/api', deps: '/a/db' }),
      obj('Deployment', 'db', { ns: 'a', id: '/a/db' }),
      obj('Service', 'web', { ns: 'a', id: '/a/web' }),
      obj('Service', 'db', { ns: 'a', id: '/a/db' }),
    ];
    expect(applyOrder(input).map(objectRef)).toEqual([
      'Service a/db', 'Service a/web',
      'Deployment a/db', 'Deployment a/api', 'Deployment a/web', 'Deployment a/worker',
    ]);
  });

  test('a dependency on a group waits for every app under it', () => {
    const input = [
      obj('Deployment', 'web', { ns: 'shop', id: '/shop/web', deps: '/shop/backend' }),
      obj('Deployment', 'api', { ns: 'shop', id: '/shop/backend/api' }),
      obj('Deployment', 'db', { ns: 'shop', id: '/shop/backend/store/db' }),
    ];
    expect(applyOrder(input).map(objectRef)).toEqual(['Deployment shop/api', 'Deployment shop/db', 'Deployment shop/web']);
  });

  test('cycles and unknown dependencies do not break the order', () => {
    const input = [
      obj('Deployment', 'x', { id: '/x', deps: '/y' }),
      obj('Deployment', 'y', { id: '/y', deps: '/x,/not-here' }),
    ];
    const ranks = dependencyRanks(input);
    expect(ranks.size).toBe(2);
    expect(applyOrder(input)).toHaveLength(2);
  });

  test('does not change its input', () => {
    const input = [obj('Service', 's'), obj('Namespace', 'n')];
    applyOrder(input);
    expect(input[0].kind).toBe('Service');
  });
});

describe('stripNoise', () => {
  test('removes server bookkeeping and status, keeps the rest', () => {
    const live: KubeObject = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: {
        name: 'web',
        namespace: 'a',
        labels: { app: 'web' },
        annotations: { 'deployment.kubernetes.io/revision': '3' },
        // server fields, not in ObjectMeta's type
        ...({ uid: 'u', resourceVersion: '12', generation: 3, creationTimestamp: 't', managedFields: [{}], selfLink: '/x' } as object),
      },
      spec: { replicas: 2, template: { metadata: { creationTimestamp: null, labels: { app: 'web' } } } },
      status: { replicas: 2 },
    };
    const clean = stripNoise(live);
    expect(clean).toEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'a', labels: { app: 'web' } },
      spec: { replicas: 2, template: { metadata: { labels: { app: 'web' } } } },
    });
    expect((live.metadata as unknown as Record<string, unknown>).uid).toBe('u'); // input untouched
  });
});

describe('maskSecrets', () => {
  const secret = (data: Record<string, string>): KubeObject => ({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, data });

  test('never shows a value, and marks changed ones', () => {
    const [b, a] = maskSecrets(secret({ same: 'c2FtZQ==', changed: 'b2xk', gone: 'eA==' }), secret({ same: 'c2FtZQ==', changed: 'bmV3', added: 'eQ==' }));
    expect(b!.data).toEqual({ same: '***', changed: '*** (before)', gone: '***' });
    expect(a!.data).toEqual({ same: '***', changed: '*** (after)', added: '***' });
    expect(JSON.stringify([b, a])).not.toMatch(/c2FtZQ|b2xk|bmV3/);
  });

  test('new secrets and other kinds', () => {
    const [b, a] = maskSecrets(undefined, { ...secret({}), stringData: { password: 'hunter2' } });
    expect(b).toBeUndefined();
    expect(a!.stringData).toEqual({ password: '***' });
    const cm = obj('ConfigMap', 'c', { data: { k: 'v' } } as Partial<KubeObject>);
    expect(maskSecrets(cm, cm)[1]).toBe(cm);
  });
});

test('jsonEqual ignores key order and undefined', () => {
  expect(jsonEqual({ a: 1, b: [1, { c: 2 }] }, { b: [1, { c: 2 }], a: 1, d: undefined })).toBe(true);
  expect(jsonEqual({ a: [1, 2] }, { a: [2, 1] })).toBe(false);
});

describe('errors', () => {
  const conflict = new KubeApiError(409, {
    kind: 'Status',
    message: 'Apply failed with 1 conflict: conflict with "other-tool" using apps/v1: .spec.replicas',
    reason: 'Conflict',
    code: 409,
    details: { causes: [{ type: 'FieldManagerConflict', message: 'conflict with "other-tool" using apps/v1', field: '.spec.replicas' }] },
  });

  test('a 409 names the field, the other manager and --force-conflicts', () => {
    expect(conflictsOf(conflict)).toEqual([{ field: '.spec.replicas', manager: 'other-tool' }]);
    const msg = describeApplyError(conflict, 'Deployment a/web');
    expect(msg).toContain('.spec.replicas');
    expect(msg).toContain('"other-tool"');
    expect(msg).toContain('--force-conflicts');
  });

  test('an invalid object names the field and the reason', () => {
    const invalid = new KubeApiError(422, {
      message: 'Deployment.apps "web" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0',
      reason: 'Invalid',
      details: { causes: [{ reason: 'FieldValueInvalid', message: 'Invalid value: -1: must be greater than or equal to 0', field: 'spec.replicas' }] },
    });
    expect(describeApplyError(invalid, 'Deployment a/web')).toBe(
      'Deployment a/web: rejected by the server as invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0',
    );
  });
});

test('kubeVersionOf reads major.minor, tolerating managed-cluster suffixes', () => {
  expect(kubeVersionOf({ major: '1', minor: '20', gitVersion: 'v1.20.2' })).toBe('1.20');
  expect(kubeVersionOf({ major: '1', minor: '27+', gitVersion: 'v1.27.3-eks-1' })).toBe('1.27');
  expect(kubeVersionOf({ major: '', minor: '', gitVersion: 'v1.19.16-gke.1' })).toBe('1.19');
  expect(kubeVersionOf({})).toBeUndefined();
});

describe('rollouts', () => {
  const deployment = (generation: number, status: Record<string, unknown>): KubeObject => ({
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'a', ...({ generation } as object) }, spec: { replicas: 2 }, status,
  });

  test('rolloutState follows kubectl rollout status', () => {
    expect(rolloutState(deployment(2, {})).message).toMatch(/controller/);
    expect(rolloutState(deployment(2, { observedGeneration: 2, updatedReplicas: 1 })).message).toBe('1 of 2 replicas updated');
    expect(rolloutState(deployment(2, { observedGeneration: 2, updatedReplicas: 2, replicas: 2, availableReplicas: 0 })).message).toBe('0 of 2 updated replicas available');
    expect(rolloutState(deployment(2, { observedGeneration: 2, updatedReplicas: 2, replicas: 2, availableReplicas: 2 })).done).toBe(true);
  });

  test('waitForRollouts times out gracefully and ignores non-workloads', async () => {
    const client: ClusterClient = {
      get: async (o) => (o.kind === 'Deployment' ? deployment(1, {}) : o),
      apply: async (o) => o,
      serves: async () => true,
    };
    const progress: number[] = [];
    const r = await waitForRollouts(client, [deployment(1, {}), obj('Service', 's')], {
      timeoutMs: 50, pollMs: 10, onProgress: (s) => progress.push(s.length),
    });
    expect(r.timedOut).toBe(true);
    expect(r.pending.map((s) => s.ref)).toEqual(['Deployment a/web']);
    expect(progress.length).toBeGreaterThan(1);
  });
});

/** An in-memory cluster: apply merges like a (very) simple server, nothing else. */
function fakeCluster(initial: KubeObject[] = [], fail: Record<string, KubeApiError> = {}): ClusterClient & { store: Map<string, KubeObject> } {
  const store = new Map(initial.map((o) => [objectRef(o), o]));
  return {
    store,
    get: async (o) => store.get(objectRef(o)),
    apply: async (o, opts = {}) => {
      const err = fail[objectRef(o)];
      if (err) throw err;
      const merged = { ...(store.get(objectRef(o)) ?? {}), ...structuredClone(o) };
      if (!opts.dryRun) store.set(objectRef(o), merged);
      return merged;
    },
    serves: async (_v, kind) => kind !== 'CronJob',
  };
}

describe('diffObjects (fake cluster)', () => {
  test('new objects whole, changes only, unchanged counted, secrets masked', async () => {
    const live = [
      { ...obj('ConfigMap', 'same', { ns: 'a' }), data: { k: 'v' } },
      { ...obj('ConfigMap', 'changed', { ns: 'a' }), data: { k: 'old', keep: 'x' } },
      { ...obj('Secret', 's', { ns: 'a' }), data: { password: 'b2xk' } },
    ];
    const cluster = fakeCluster(live);
    const r = await diffObjects(cluster, [
      { ...obj('ConfigMap', 'same', { ns: 'a' }), data: { k: 'v' } },
      { ...obj('ConfigMap', 'changed', { ns: 'a' }), data: { k: 'new', keep: 'x' } },
      { ...obj('Secret', 's', { ns: 'a' }), data: { password: 'bmV3' } },
      { ...obj('ConfigMap', 'added', { ns: 'a' }), data: { k: 'v' } },
    ]);
    expect(diffSummary(r)).toBe('1 to add, 2 to change, 1 unchanged');
    expect(diffExitCode(r)).toBe(1);
    const text = formatDiff(r, false);
    expect(text).toContain('-  k: old\n+  k: new');
    expect(text).not.toMatch(/^[-+] {2}keep/m);
    expect(text).toContain('+++ new: ConfigMap a/added');
    expect(text).toContain('+kind: ConfigMap');
    expect(text).toContain('*** (after)');
    expect(text).not.toMatch(/b2xk|bmV3/);
    expect(text).not.toContain('\x1b['); // no colour off a terminal
    expect(formatDiff(r, true)).toContain('\x1b[');
    expect(cluster.store.has('ConfigMap a/added')).toBe(false); // diff writes nothing
  });

  test('unserved kinds are errors (exit 2)', async () => {
    const r = await diffObjects(fakeCluster(), [{ apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'j', namespace: 'a' } }]);
    expect(r.errors).toBe(1);
    expect(r.entries[0].error).toContain('does not serve batch/v1 CronJob');
    expect(diffExitCode(r)).toBe(2);
  });
});

describe('applyObjects (fake cluster)', () => {
  test('created, then unchanged on a second apply', async () => {
    const cluster = fakeCluster();
    const objects = [obj('Namespace', 'a'), obj('ConfigMap', 'c', { ns: 'a' })];
    const first = await applyObjects(cluster, objects);
    expect(first.entries.map((e) => e.outcome)).toEqual(['created', 'created']);
    const second = await applyObjects(cluster, objects);
    expect(second.entries.map((e) => e.outcome)).toEqual(['unchanged', 'unchanged']);
    expect(applySummary(second)).toBe('0 created, 0 configured, 2 unchanged');
  });

  test('a failure skips what depends on it and reports both', async () => {
    const invalid = new KubeApiError(422, { message: 'ConfigMap "cfg" is invalid', reason: 'Invalid' });
    const cluster = fakeCluster([], { 'ConfigMap a/cfg': invalid });
    const report = await applyObjects(cluster, [
      obj('Namespace', 'a'),
      obj('ConfigMap', 'cfg', { ns: 'a', id: '/a/db' }),
      obj('Deployment', 'db', { ns: 'a', id: '/a/db' }),
      obj('Deployment', 'web', { ns: 'a', id: '/a/web', deps: '/a/db' }),
      obj('Deployment', 'other', { ns: 'a', id: '/a/other' }),
    ]);
    expect(report.ok).toBe(false);
    expect(report.entries.map((e) => [e.ref, e.outcome])).toEqual([
      ['Namespace a', 'created'],
      ['ConfigMap a/cfg', 'failed'],
      ['Deployment a/db', 'skipped'],
      ['Deployment a/web', 'skipped'],
      ['Deployment a/other', 'created'],
    ]);
    expect(report.entries[3].message).toBe('not attempted because ConfigMap a/cfg failed');
    expect(applySummary(report)).toBe('2 created, 0 configured, 0 unchanged, 1 failed, 2 not attempted');
  });

  test('an app depending on a group is not attempted when an app under the group failed', async () => {
    const invalid = new KubeApiError(422, { message: 'Deployment "db" is invalid', reason: 'Invalid' });
    const cluster = fakeCluster([], { 'Deployment a/db': invalid });
    const report = await applyObjects(cluster, [
      obj('Deployment', 'web', { ns: 'a', id: '/a/web', deps: '/a/backend' }),
      obj('Deployment', 'db', { ns: 'a', id: '/a/backend/db' }),
      obj('Deployment', 'backend-x', { ns: 'a', id: '/a/backend-x' }),
    ]);
    expect(report.entries.map((e) => [e.ref, e.outcome])).toEqual([
      ['Deployment a/db', 'failed'],
      ['Deployment a/web', 'skipped'],
      ['Deployment a/backend-x', 'created'],
    ]);
  });
});

test('parseDuration', () => {
  expect(parseDuration('90s')).toBe(90_000);
  expect(parseDuration('5m')).toBe(300_000);
  expect(parseDuration('2')).toBe(2000);
  expect(() => parseDuration('soon')).toThrow(/duration/);
});
