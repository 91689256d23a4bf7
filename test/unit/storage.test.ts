/** The storage concern: volume names and paths, claims, StatefulSets, sharing, and the ledger. */
import type { KubeObject } from '../../src/kube/types.js';
import { validateObject } from '../../src/kube/validate.js';
import { DEFAULT_OPTIONS, type ConvertOptions } from '../../src/options.js';
import { convertSources } from '../../src/pipeline.js';
import { cleanRelative, mountPathFor, SANDBOX_PATH, VolumeNames } from '../../src/translate/storage/paths.js';

function convert(input: unknown, options: Partial<ConvertOptions> = {}) {
  return convertSources([{ file: 'in.json', text: JSON.stringify(input) }], { ...DEFAULT_OPTIONS, ...options });
}

function app(id: string, volumes: unknown[], extra: Record<string, unknown> = {}) {
  return { id, cmd: 'run', container: { type: 'DOCKER', docker: { image: 'x/y:1' }, volumes }, ...extra };
}

const ofKind = (objects: KubeObject[], kind: string) => objects.filter((o) => o.kind === kind);
const codes = (r: ReturnType<typeof convert>) => r.findings.map((f) => `${f.code} ${f.pointer}`);
/* eslint-disable @typescript-eslint/no-explicit-any */
const podSpec = (o: KubeObject): any => (o.spec as any).template.spec;
const workload = (r: ReturnType<typeof convert>) => r.objects.find((o) => o.kind === 'Deployment' || o.kind === 'StatefulSet')!;

describe('paths and names', () => {
  test.each([
    ['/var/lib/data', '/var/lib/data'],
    ['data', `${SANDBOX_PATH}/data`],
    ['./data/', `${SANDBOX_PATH}/data`],
    ['a/b', `${SANDBOX_PATH}/a/b`],
  ])('containerPath %s is mounted at %s', (path, mount) => {
    expect(mountPathFor(path)).toBe(mount);
  });

  test('cleanRelative drops dot segments and slashes', () => {
    expect(cleanRelative('./state//config/')).toBe('state/config');
  });

  test('volume names are DNS-1123 labels, unique, stable, and avoid reserved names', () => {
    const names = new VolumeNames(['secret-files']);
    expect(names.take('host', '/var/run/docker.sock')).toBe('host-var-run-docker-sock');
    expect(names.take('host', '/var/run/docker.sock')).toBe('host-var-run-docker-sock-2');
    expect(names.take('', 'Secret Files')).toBe('secret-files-2');
    expect(names.take('host', '/')).toBe('host');
    const long = names.take('host', '/x'.repeat(80));
    expect(long.length).toBeLessThanOrEqual(63);
    expect(long).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
    expect(new VolumeNames().take('host', '/x'.repeat(80))).toBe(long);
  });
});

describe('host volumes', () => {
  test('every field is consumed; an unknown key inside a volume is still reported', () => {
    const r = convert(app('/a', [{ containerPath: '/x', hostPath: '/y', mode: 'RO', bogus: 1 }]));
    expect(codes(r)).toEqual(['hostpath-volume /container/volumes/0', 'unmapped-field /container/volumes/0/bogus']);
    expect(r.needs).toContainEqual(expect.objectContaining({ kind: 'host-path', name: '/y' }));
  });

  test('a malformed volume is not passed off as an ephemeral one', () => {
    const r = convert(app('/a', [{ containerPath: '/x', hostPath: 5 }]));
    expect(podSpec(workload(r)).volumes).toBeUndefined();
    expect(codes(r)).toContain('unmapped-field /container/volumes/0/hostPath');
  });
});

describe('persistent volumes', () => {
  const resident = app('/db/pg', [{ containerPath: 'pgdata', mode: 'RW', persistent: { size: 100 } }], {
    instances: 2, unreachableStrategy: 'disabled', upgradeStrategy: { minimumHealthCapacity: 0.5, maximumOverCapacity: 0 },
  });

  test('make a StatefulSet with a claim template mounted in the sandbox, and a headless Service', () => {
    const r = convert(resident);
    const [sts] = ofKind(r.objects, 'StatefulSet');
    expect(ofKind(r.objects, 'Deployment')).toEqual([]);
    expect((sts!.spec as any).serviceName).toBe('pg-headless');
    expect((sts!.spec as any).volumeClaimTemplates[0].spec.resources.requests.storage).toBe('100Mi');
    const container = podSpec(sts!).containers[0];
    expect(container.volumeMounts).toEqual([{ name: 'pgdata', mountPath: `${SANDBOX_PATH}/pgdata` }]);
    expect(container.env).toContainEqual({ name: 'MESOS_SANDBOX', value: SANDBOX_PATH });
    expect(podSpec(sts!).volumes).toBeUndefined();
    const headless = ofKind(r.objects, 'Service').find((s) => s.metadata.name === 'pg-headless');
    expect((headless!.spec as any).clusterIP).toBe('None');
    expect(r.needs).toContainEqual(expect.objectContaining({ kind: 'storage-class', name: '(cluster default)' }));
    expect(codes(r)).toEqual(['persistent-volume-data /container/volumes/0']);
  });

  test('the storage class option reaches the claim template', () => {
    const r = convert(resident, { storageClass: 'fast' });
    const [sts] = ofKind(r.objects, 'StatefulSet');
    expect((sts!.spec as any).volumeClaimTemplates[0].spec.storageClassName).toBe('fast');
    expect(r.needs).toContainEqual(expect.objectContaining({ kind: 'storage-class', name: 'fast' }));
  });

  test('a headless Service name that is too long or taken gets a hash', () => {
    const long = convert(app('/team/' + 'a'.repeat(60), [{ containerPath: 'd', persistent: { size: 1 } }]));
    const name = (ofKind(long.objects, 'StatefulSet')[0]!.spec as any).serviceName as string;
    expect(name.length).toBeLessThanOrEqual(63);
    expect(ofKind(long.objects, 'Service').map((s) => s.metadata.name)).toContain(name);

    const taken = convert({ apps: [
      app('/team/db', [{ containerPath: 'd', persistent: { size: 1 } }]),
      { id: '/team/db-headless', cmd: 'x', portDefinitions: [{ port: 0 }], healthChecks: [{ protocol: 'TCP' }] },
    ] });
    const services = ofKind(taken.objects, 'Service').map((s) => s.metadata.name);
    expect(services.filter((n) => n === 'db-headless')).toHaveLength(1);
    expect(services.some((n) => n.startsWith('db-headless-'))).toBe(true);
  });

  test('a hostPath on a persistent volume (seen in DC/OS docs) is consumed with a warning', () => {
    const r = convert(app('/a', [{ containerPath: 'data', hostPath: 'mydata', persistent: { size: 10 } }]));
    expect(codes(r)).toContain('persistent-volume-option /container/volumes/0/hostPath');
    expect(codes(r).filter((c) => c.startsWith('unmapped-field'))).toEqual([]);
  });
});

describe('residency', () => {
  test('reported as without effect, also on apps without persistent volumes', () => {
    const r = convert(app('/a', [], { residency: { taskLostBehavior: 'WAIT_FOREVER' } }));
    expect(r.findings.map((f) => [f.code, f.severity])).toEqual([['residency-ignored', 'info']]);
  });
  test('an empty residency says nothing', () => {
    expect(convert(app('/a', [], { residency: {} })).findings).toEqual([]);
  });
});

describe('external volumes', () => {
  const ext = (name: string, extra: Record<string, unknown> = {}) =>
    ({ containerPath: '/data', mode: 'RW', external: { name, provider: 'dvdi', size: 5, options: { 'dvdi/driver': 'rexray' }, ...extra } });

  test('names that sanitize alike get distinct claims; no object is emitted twice', () => {
    const r = convert({ apps: [app('/t/a', [ext('my_vol')]), app('/t/b', [ext('my-vol')]), app('/t/c', [ext('my_vol')])] });
    const claims = ofKind(r.objects, 'PersistentVolumeClaim').map((c) => c.metadata.name);
    expect(claims).toHaveLength(2);
    expect(new Set(claims).size).toBe(2);
    const keys = r.objects.map((o) => `${o.kind}/${o.metadata.namespace}/${o.metadata.name}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  test('an app mounting one volume twice emits its claim once', () => {
    const r = convert(app('/t/a', [ext('vol'), { ...ext('vol'), containerPath: '/again' }]));
    expect(ofKind(r.objects, 'PersistentVolumeClaim')).toHaveLength(1);
    const container = podSpec(workload(r)).containers[0];
    expect(container.volumeMounts.map((m: { mountPath: string }) => m.mountPath)).toEqual(['/data', '/again']);
  });

  test('sharing works across files of one run', () => {
    const r = convertSources([
      { file: 'a.json', text: JSON.stringify(app('/t/a', [ext('vol', { shared: true })])) },
      { file: 'b.json', text: JSON.stringify(app('/t/b', [ext('vol', { shared: true })])) },
    ], DEFAULT_OPTIONS);
    const claims = ofKind(r.objects, 'PersistentVolumeClaim');
    expect(claims).toHaveLength(1);
    expect((claims[0]!.spec as any).accessModes).toEqual(['ReadWriteMany']);
    expect(claims[0]!.metadata.annotations?.['marathon2k8s.io/marathon-id']).toBe('/t/a');
  });

  test('CSI access modes and block devices', () => {
    const csi = (name: string, accessMode: string, accessType = 'mount') => ({
      containerPath: `/dev/${name}`, external: { name, provider: 'csi', options: { pluginName: 'p', capability: { accessMode, accessType } } },
    });
    const r = convert(app('/t/a', [csi('a', 'MULTI_NODE_SINGLE_WRITER'), csi('b', 'SINGLE_NODE_WRITER', 'block'), csi('c', 'SINGLE_NODE_WRITER', 'block')]));
    const modes = Object.fromEntries(ofKind(r.objects, 'PersistentVolumeClaim').map((c) => [c.metadata.name, (c.spec as any).accessModes[0]]));
    expect(modes).toEqual({ a: 'ReadWriteMany', b: 'ReadWriteOnce', c: 'ReadWriteOnce' });
    const container = podSpec(workload(r)).containers[0];
    expect(container.volumeDevices).toEqual([{ name: 'b', devicePath: '/dev/b' }, { name: 'c', devicePath: '/dev/c' }]);
    expect(container.volumeMounts).toEqual([{ name: 'a', mountPath: '/dev/a' }]);
    expect(codes(r)).toContain('external-volume-option /container/volumes/0/external/options/capability/accessMode');
    expect(r.needs).toContainEqual(expect.objectContaining({ kind: 'external-volume', name: 'a', namespace: 't' }));
  });
});

describe('what storage leaves alone', () => {
  test('secret volumes are the secrets concern\'s: no storage volume or finding for them', () => {
    const r = convert({ ...app('/t/a', [{ containerPath: '/etc/key', secret: 'k' }]), secrets: { k: { source: 'a/k' } } });
    const volumes = podSpec(workload(r)).volumes ?? [];
    expect(volumes.every((v: { name: string; emptyDir?: unknown; hostPath?: unknown }) => !v.emptyDir && !v.hostPath)).toBe(true);
    expect(r.findings.filter((f) => /volume/.test(f.code) && f.code !== 'secret-file-not-mounted')).toEqual([]);
  });
});

describe('target versions', () => {
  test.each(['1.16', '1.20', DEFAULT_OPTIONS.kubeVersion])('every storage object is valid for %s', (kubeVersion) => {
    const r = convert({ apps: [
      app('/t/a', [{ containerPath: 'd', persistent: { size: 10 } }, { containerPath: '/x', hostPath: 'd/x' }]),
      app('/t/b', [{ containerPath: '/dev/b', external: { name: 'b', provider: 'csi', size: 1, options: { pluginName: 'p', capability: { accessMode: 'SINGLE_NODE_WRITER', accessType: 'block' } } } }]),
      app('/t/c', [{ containerPath: '/x', hostPath: '/y', mode: 'RO' }, { containerPath: '/tmp' }]),
    ] }, { kubeVersion });
    for (const o of r.objects) expect(validateObject(o)).toEqual([]);
    expect(r.findings.filter((f) => f.code === 'invalid-object' || f.code === 'internal-error')).toEqual([]);
  });
});
