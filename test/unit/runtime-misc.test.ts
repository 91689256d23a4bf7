import { MARATHON_DEPENDENCIES_ANNOTATION } from '../../src/kube/types.js';
import { codes, convertApp } from './runtime-support.js';

const base = { id: '/t/app', cmd: 'sleep 1', container: { type: 'MESOS', docker: { image: 'alpine:3' } } };

describe('runtime: the remaining app fields', () => {
  test('tty → tty and stdin', () => {
    expect(convertApp({ ...base, tty: true }).container).toMatchObject({ tty: true, stdin: true });
    const off = convertApp({ ...base, tty: false });
    expect(off.container.tty).toBeUndefined();
    expect(off.findings).toEqual([]);
  });

  test('linuxInfo: seccomp unconfined / named / default; ipc SHARE_PARENT; shmSize', () => {
    const info = (linuxInfo: unknown, opts = {}) => convertApp({ ...base, container: { ...base.container, linuxInfo } }, opts);
    expect(info({ seccomp: { unconfined: true } }).container.securityContext).toEqual({ seccompProfile: { type: 'Unconfined' } });
    expect(info({ seccomp: { unconfined: false } }).container.securityContext).toEqual({ seccompProfile: { type: 'RuntimeDefault' } });
    const named = info({ seccomp: { profileName: 'p.json', unconfined: false } });
    expect(named.container.securityContext).toEqual({ seccompProfile: { type: 'Localhost', localhostProfile: 'p.json' } });
    expect(codes(named.findings)).toEqual(['linux-info-approximated /container/linuxInfo/seccomp/profileName']);
    const old = info({ seccomp: { unconfined: true } }, { kubeVersion: '1.18' });
    expect(old.container.securityContext).toBeUndefined();
    expect(codes(old.findings)).toEqual(['linux-info-approximated /container/linuxInfo/seccomp']);
    const ipc = info({ ipcInfo: { mode: 'SHARE_PARENT' } });
    expect(ipc.pod.hostIPC).toBe(true);
    const shm = info({ ipcInfo: { mode: 'PRIVATE', shmSize: 64 } });
    expect(shm.pod.hostIPC).toBeUndefined();
    expect(shm.pod.volumes).toEqual([{ name: 'shm-memory', emptyDir: { medium: 'Memory', sizeLimit: '64Mi' } }]);
    expect(shm.findings).toEqual([]);
  });

  test('check is reported, never turned into a probe', () => {
    const c = convertApp({ ...base, check: { tcp: { portIndex: 0 }, intervalSeconds: 10 } });
    expect(codes(c.findings)).toEqual(['check-not-mapped /check']);
    expect(c.container.readinessProbe).toBeUndefined();
    expect(c.container.livenessProbe).toBeUndefined();
  });

  test('role and executor: defaults quiet, others reported', () => {
    expect(convertApp({ ...base, role: '*', executor: '//cmd' }).findings).toEqual([]);
    expect(convertApp({ ...base, executor: '' }).findings).toEqual([]);
    const c = convertApp({ ...base, role: 'prod', executor: '/opt/exec', executorResources: { cpus: 0.1 } });
    expect(codes(c.findings)).toEqual(['role-not-mapped /role', 'executor-not-mapped /executor', 'executor-not-mapped /executorResources']);
  });

  test('dependencies → annotation with absolute ids, and an info finding', () => {
    const c = convertApp({ ...base, id: '/shop/web', dependencies: ['db', '/platform/auth'] });
    expect(c.workload.metadata.annotations?.[MARATHON_DEPENDENCIES_ANNOTATION]).toBe('/shop/db,/platform/auth');
    expect(codes(c.findings).filter((f) => f.startsWith('dependencies-not-enforced'))).toEqual(['dependencies-not-enforced /dependencies']);
    const none = convertApp({ ...base, dependencies: [] });
    expect(none.workload.metadata.annotations?.[MARATHON_DEPENDENCIES_ANNOTATION]).toBeUndefined();
  });

  test('storeUrls and appc are reported', () => {
    expect(codes(convertApp({ ...base, storeUrls: ['https://x/y'] }).findings)).toEqual(['store-urls-ignored /storeUrls']);
    const appc = convertApp({ id: '/t/app', cmd: 'x', container: { type: 'MESOS', appc: { image: 'example.com/i:1' } } });
    expect(codes(appc.findings)).toContain('appc-image-not-mapped /container/appc');
  });
});
