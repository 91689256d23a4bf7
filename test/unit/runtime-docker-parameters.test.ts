import { capabilities, dockerSizeToQuantity, optionName, parseHostEntry, parseUser } from '../../src/translate/runtime/docker-values.js';
import { codes, convertApp } from './runtime-support.js';

function withParameters(parameters: { key: string; value: unknown }[], extra: Record<string, unknown> = {}) {
  return convertApp({
    id: '/t/app',
    args: ['serve'],
    container: { type: 'DOCKER', docker: { image: 'alpine:3', parameters } },
    ...extra,
  });
}

describe('docker parameter values', () => {
  test('keys are normalized: dashes, case, underscores, short flags, old names', () => {
    expect(['cap-add', '--cap-add', ' -cap-add', 'CAP-ADD', 'cap_add'].map(optionName)).toEqual(Array(5).fill('cap-add'));
    expect(['w', '-w', 'workdir'].map(optionName)).toEqual(['workdir', 'workdir', 'workdir']);
    expect(optionName('net')).toBe('network');
    expect(optionName('volumes_from')).toBe('volumes-from');
    expect(optionName('p')).toBe('publish');
    expect(optionName('P')).toBe('publish-all');
  });

  test('sizes are binary, written in the largest exact unit', () => {
    expect(dockerSizeToQuantity('350m')).toBe('350Mi');
    expect(dockerSizeToQuantity('1g')).toBe('1Gi');
    expect(dockerSizeToQuantity('1.5g')).toBe('1536Mi');
    expect(dockerSizeToQuantity('64MB')).toBe('64Mi');
    expect(dockerSizeToQuantity('1048576')).toBe('1Mi');
    expect(dockerSizeToQuantity('1000')).toBe('1000');
    expect(dockerSizeToQuantity('lots')).toBeUndefined();
    expect(dockerSizeToQuantity('0')).toBeUndefined();
  });

  test('users, capabilities and host entries', () => {
    expect(parseUser('1000:2000')).toEqual({ uid: 1000, gid: 2000, names: [] });
    expect(parseUser('root')).toEqual({ uid: 0, names: [] });
    expect(parseUser('www-data:1')).toEqual({ gid: 1, names: ['www-data'] });
    expect(capabilities('CAP_SYS_ADMIN, net_raw')).toEqual({ valid: ['SYS_ADMIN', 'NET_RAW'], invalid: [] });
    expect(capabilities('NET_ADMIN,1000')).toEqual({ valid: ['NET_ADMIN'], invalid: ['1000'] });
    expect(parseHostEntry('db.local:10.0.0.5')).toEqual({ host: 'db.local', ip: '10.0.0.5' });
    expect(parseHostEntry('v6:::1')).toEqual({ host: 'v6', ip: '::1' });
    expect(parseHostEntry('gw:host-gateway')).toBeUndefined();
  });
});

describe('docker parameters → pod and container', () => {
  test('security: capabilities, user, privileged, read-only, no-new-privileges', () => {
    const c = withParameters([
      { key: 'cap-add', value: 'NET_ADMIN' }, { key: '--cap-add', value: 'CAP_NET_ADMIN' }, { key: 'cap-drop', value: 'all' },
      { key: 'user', value: '1000:1000' }, { key: 'privileged', value: 'true' }, { key: 'read-only', value: '' },
      { key: 'security-opt', value: 'no-new-privileges:true' },
    ]);
    expect(c.container.securityContext).toEqual({
      capabilities: { add: ['NET_ADMIN'], drop: ['ALL'] },
      runAsUser: 1000, runAsGroup: 1000, privileged: true, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false,
    });
    expect(c.findings).toEqual([]);
  });

  test('the user parameter wins over the app user (it is what docker ran as)', () => {
    const c = withParameters([{ key: 'user', value: '33' }], { user: '1000' });
    expect(c.container.securityContext.runAsUser).toBe(33);
  });

  test('entrypoint with args → command beside the args; workdir; tty', () => {
    const c = withParameters([{ key: 'entrypoint', value: '/usr/bin/tini' }, { key: 'w', value: '/srv' }, { key: 't', value: '' }]);
    expect(c.container.command).toEqual(['/usr/bin/tini']);
    expect(c.container.args).toEqual(['serve']);
    expect(c.container.workingDir).toBe('/srv');
    expect(c.container).toMatchObject({ tty: true, stdin: true });
  });

  test('entrypoint with cmd is reported, the cmd keeps its shell', () => {
    const c = convertApp({ id: '/t/app', cmd: 'echo hi', container: { type: 'DOCKER', docker: { image: 'a', parameters: [{ key: 'entrypoint', value: '/bin/bash' }] } } });
    expect(c.container.command).toEqual(['/bin/sh', '-c', 'echo hi']);
    expect(codes(c.findings)).toEqual(['docker-parameter-not-mapped /container/docker/parameters/0']);
  });

  test('a workdir parameter wins over the sandbox working directory of fetch', () => {
    const c = withParameters([{ key: 'workdir', value: '/app' }], { fetch: [{ uri: 'https://h/f' }] });
    expect(c.container.workingDir).toBe('/app');
  });

  test('pod: hostname, hostAliases grouped by IP, DNS added to the cluster DNS, host namespaces', () => {
    const c = withParameters([
      { key: 'hostname', value: 'Node-1' }, { key: 'add-host', value: 'a:10.0.0.1' }, { key: 'add-host', value: 'b:10.0.0.1' },
      { key: 'dns', value: '1.1.1.1' }, { key: 'dns-search', value: 'corp' }, { key: 'pid', value: 'host' }, { key: 'ipc', value: 'host' },
    ]);
    expect(c.pod).toMatchObject({
      hostname: 'node-1', hostPID: true, hostIPC: true,
      hostAliases: [{ ip: '10.0.0.1', hostnames: ['a', 'b'] }],
      dnsConfig: { nameservers: ['1.1.1.1'], searches: ['corp'] },
    });
    expect(c.pod.dnsPolicy).toBeUndefined();
    expect(codes(c.findings)).toEqual(['docker-parameter-approximated /container/docker/parameters/0', 'docker-parameter-approximated /container/docker/parameters/3']);
  });

  test('env: K=V added (escaped for Kubernetes), the app env wins, K alone reported', () => {
    const c = withParameters([{ key: 'env', value: 'A=$(x)' }, { key: 'env', value: 'B=2' }, { key: 'e', value: 'HOME' }], { env: { B: '1' } });
    expect(c.container.env).toEqual(expect.arrayContaining([{ name: 'A', value: '$$(x)' }, { name: 'B', value: '1' }]));
    expect(codes(c.findings)).toEqual(['docker-parameter-approximated /container/docker/parameters/1', 'docker-parameter-not-mapped /container/docker/parameters/2']);
  });

  test('shm-size → a memory emptyDir at /dev/shm', () => {
    const c = withParameters([{ key: 'shm-size', value: '1g' }]);
    expect(c.pod.volumes).toEqual([{ name: 'shm-memory', emptyDir: { medium: 'Memory', sizeLimit: '1Gi' } }]);
    expect(c.container.volumeMounts).toEqual([{ name: 'shm-memory', mountPath: '/dev/shm' }]);
  });

  test('labels become workload annotations', () => {
    const c = withParameters([{ key: 'label', value: 'com.example/team=a' }]);
    expect(c.workload.metadata.annotations).toMatchObject({ 'com.example/team': 'a' });
  });

  test('the rest is reported by the name as written; resource options are redundant', () => {
    const c = withParameters([
      { key: 'log-driver', value: 'syslog' }, { key: '--net', value: 'weave' }, { key: 'memory', value: '1g' },
      { key: 'no-such-option', value: 'x' }, { key: 'expose', value: '8080' },
    ]);
    expect(codes(c.findings)).toEqual([
      'docker-parameter-not-mapped /container/docker/parameters/0',
      'docker-parameter-not-mapped /container/docker/parameters/1',
      'docker-parameter-ignored /container/docker/parameters/2',
      'docker-parameter-not-mapped /container/docker/parameters/3',
      'docker-parameter-not-mapped /container/docker/parameters/4',
    ]);
    expect(c.findings[1]!.message).toContain('--net=weave');
    expect(c.findings.some((f) => f.code === 'unmapped-field')).toBe(false);
  });
});
