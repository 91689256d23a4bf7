/** Pods: detection of pod status objects, and normalization onto the app model (with aliases). */
import { Ledger } from '../../src/findings.js';
import { detect } from '../../src/marathon/detect.js';
import { normalizePod } from '../../src/marathon/normalize-pod.js';
import { POD_RESPONSE_FIELDS } from '../../src/marathon/pod-model.js';

function normalize(raw: Record<string, unknown>, group = '/') {
  const ledger = new Ledger(raw, POD_RESPONSE_FIELDS);
  return { pod: normalizePod(raw, ledger, group), ledger };
}

const container = (extra: Record<string, unknown> = {}) => ({ name: 'c', resources: { cpus: 0.1, mem: 32 }, ...extra });

describe('detecting pods', () => {
  const spec = { id: '/p', containers: [container()] };
  const status = { id: '/p', spec, status: 'STABLE', instances: [] };

  test('a pod status at the top level is its spec, at /spec', () => {
    expect(detect(status)).toEqual({ ok: true, objects: [{ kind: 'pod', pointer: '/spec', raw: spec }] });
  });

  test('pod statuses in a {pods: […]} list and in a bare array are unwrapped too', () => {
    expect(detect({ pods: [status, spec] })).toEqual({ ok: true, objects: [
      { kind: 'pod', pointer: '/pods/0/spec', raw: spec },
      { kind: 'pod', pointer: '/pods/1', raw: spec },
    ] });
    expect(detect([status])).toEqual({ ok: true, objects: [{ kind: 'pod', pointer: '/0/spec', raw: spec }] });
  });

  test('a pod definition stays as it is', () => {
    expect(detect(spec)).toEqual({ ok: true, objects: [{ kind: 'pod', pointer: '', raw: spec }] });
  });
});

describe('the pod projected onto the app model', () => {
  test('id, scaling and scheduling land where the app mappers read them, aliased to the pod fields', () => {
    const { pod, ledger } = normalize({
      id: 'etl',
      containers: [container()],
      scaling: { kind: 'fixed', instances: 3 },
      scheduling: {
        placement: { constraints: [{ fieldName: 'hostname', operator: 'UNIQUE' }, { fieldName: 'rack', operator: 'GROUP_BY', value: 2 }], acceptedResourceRoles: ['*'] },
        backoff: { backoff: 2, backoffFactor: 1.5, maxLaunchDelay: 60 },
        upgrade: { minimumHealthCapacity: 0.5, maximumOverCapacity: 0 },
        killSelection: 'oldest_first',
        unreachableStrategy: 'disabled',
      },
    }, '/data');
    expect(pod.app).toMatchObject({
      id: '/data/etl', instances: 3,
      constraints: [['hostname', 'UNIQUE'], ['rack', 'GROUP_BY', '2']], acceptedResourceRoles: ['*'],
      backoffSeconds: 2, backoffFactor: 1.5, maxLaunchDelaySeconds: 60, killSelection: 'OLDEST_FIRST',
      upgradeStrategy: { minimumHealthCapacity: 0.5, maximumOverCapacity: 0 }, unreachableStrategy: 'disabled',
      networks: [{ mode: 'host' }],
    });
    expect(ledger.toRaw('/instances')).toBe('/scaling/instances');
    expect(ledger.toRaw('/constraints/1')).toBe('/scheduling/placement/constraints/1');
    expect(ledger.toRaw('/constraints/1/2')).toBe('/scheduling/placement/constraints/1/value');
    expect(ledger.toRaw('/backoffSeconds')).toBe('/scheduling/backoff/backoff');
    expect(ledger.toRaw('/maxLaunchDelaySeconds')).toBe('/scheduling/backoff/maxLaunchDelay');
    expect(ledger.toRaw('/upgradeStrategy/maximumOverCapacity')).toBe('/scheduling/upgrade/maximumOverCapacity');
  });

  test('endpoints become port definitions on the host network (host port = port) …', () => {
    const { pod, ledger } = normalize({
      id: '/p',
      containers: [
        container({ endpoints: [{ name: 'a', hostPort: 0 }, { name: 'b', hostPort: 9000, protocol: ['udp', 'tcp'] }] }),
        container({ name: 'd', endpoints: [{ name: 'e' }] }),
      ],
    });
    expect(pod.app.portDefinitions).toEqual([{ port: 0, name: 'a' }, { port: 9000, protocol: 'udp,tcp', name: 'b' }, { name: 'e' }]);
    expect(pod.app.requirePorts).toBe(true);
    expect(pod.containers.map((c) => c.endpoints)).toEqual([[0, 1], [2]]);
    expect(ledger.toRaw('/portDefinitions/1/port')).toBe('/containers/0/endpoints/1/hostPort');
    // No host port given: findings about it point at the endpoint.
    expect(ledger.toRaw('/portDefinitions/2/port')).toBe('/containers/1/endpoints/0');
  });

  test('… and port mappings on container networks', () => {
    const { pod, ledger } = normalize({
      id: '/p',
      networks: [{ mode: 'container', name: 'dcos' }],
      containers: [container({ endpoints: [{ name: 'http', containerPort: 80, hostPort: 0, labels: { VIP_0: '/p:80' }, networkNames: ['dcos'] }] })],
    });
    expect(pod.app.portDefinitions).toBeUndefined();
    expect(pod.app.container?.portMappings).toEqual([{ containerPort: 80, hostPort: 0, name: 'http', labels: { VIP_0: '/p:80' }, networkNames: ['dcos'] }]);
    expect(ledger.toRaw('/container/portMappings/0/labels/VIP_0')).toBe('/containers/0/endpoints/0/labels/VIP_0');
  });

  test('persistent volumes are projected as the pod app\'s persistent volumes, named by the volume', () => {
    const { pod, ledger } = normalize({
      id: '/p',
      volumes: [{ name: 'eph' }, { name: 'data', persistent: { size: 100 } }, { name: 's', secret: 'x' }, { name: 'h', host: '/h' }, { name: 'bad', host: '/h', persistent: { size: 1 } }],
      containers: [container()],
    });
    expect(pod.volumes.map((v) => v.kind)).toEqual(['ephemeral', 'persistent', 'secret', 'host', 'unknown']);
    expect(pod.app.container?.volumes).toEqual([{ kind: 'persistent', index: 0, containerPath: 'data', mode: 'RW', persistent: { size: 100 } }]);
    expect(ledger.toRaw('/container/volumes/0/containerPath')).toBe('/volumes/1/name');
    expect(ledger.toRaw('/container/volumes/0/persistent/size')).toBe('/volumes/1/persistent/size');
  });

  test('the longest kill grace period (whole seconds) is the pod\'s, aliased to its container', () => {
    const { pod, ledger } = normalize({
      id: '/p',
      containers: [container({ lifecycle: { killGracePeriodSeconds: 10 } }), container({ name: 'd', lifecycle: { killGracePeriodSeconds: 30.5 } })],
    });
    expect(pod.app.taskKillGracePeriodSeconds).toBe(31);
    expect(ledger.toRaw('/taskKillGracePeriodSeconds')).toBe('/containers/1/lifecycle/killGracePeriodSeconds');
  });
});

describe('each container projected onto the app model', () => {
  const aliasesOf = (c: { aliases: readonly (readonly [string, string])[] }) => Object.fromEntries(c.aliases);

  test('exec, resources, image and user', () => {
    const { pod } = normalize({
      id: '/p',
      user: 'pod-user',
      containers: [
        container({ exec: { command: { shell: 'run' } }, image: { kind: 'DOCKER', id: 'img:1', forcePull: true, pullConfig: { secret: 'reg' } }, resources: { cpus: 2, mem: 64, disk: 10, gpus: 1 } }),
        container({ name: 'd', exec: { command: { argv: ['a', 'b'] }, overrideEntrypoint: true }, user: 'own', resourceLimits: { cpus: 4, mem: 'unlimited' } }),
      ],
    });
    const [a, b] = pod.containers;
    expect(a!.app).toMatchObject({ cmd: 'run', cpus: 2, mem: 64, disk: 10, gpus: 1, user: 'pod-user',
      container: { type: 'MESOS', docker: { image: 'img:1', forcePullImage: true, pullConfig: { secret: 'reg' } } } });
    expect(a!.overrideEntrypoint).toBe(false);
    expect(aliasesOf(a!)['/user']).toBe('/user');
    expect(aliasesOf(a!)['/container/docker/image']).toBe('/containers/0/image/id');
    expect(b!.app).toMatchObject({ args: ['a', 'b'], user: 'own', resourceLimits: { cpus: 4, mem: 'unlimited' } });
    expect(b!.overrideEntrypoint).toBe(true);
    expect(aliasesOf(b!)['/user']).toBe('/containers/1/user');
    expect(aliasesOf(b!)['/args']).toBe('/containers/1/exec/command/argv');
  });

  test('the environment is the pod\'s merged with the container\'s, which wins', () => {
    const { pod } = normalize({
      id: '/p',
      environment: { A: 'pod', B: 'pod', S: { secret: 'x' } },
      containers: [container({ environment: { B: 'own', C: 3 } })],
    });
    const [c] = pod.containers;
    expect(c!.env).toEqual([
      { name: 'A', value: 'pod', pointer: '/environment/A' },
      { name: 'B', value: 'own', pointer: '/containers/0/environment/B' },
      { name: 'C', value: '3', pointer: '/containers/0/environment/C' },
    ]);
    expect(c!.envSecrets).toEqual([{ name: 'S', secret: 'x', pointer: '/environment/S' }]);
    expect(c!.shadowedEnv).toEqual(['/environment/B']);
    expect(aliasesOf(c!)['/env/B']).toBe('/containers/0/environment/B');
    expect(aliasesOf(c!)['/env/A']).toBe('/environment/A');
  });

  test('health checks become one Mesos-level check on a port index of the container\'s own endpoints', () => {
    const { pod } = normalize({
      id: '/p',
      containers: [
        container({ endpoints: [{ name: 'x', hostPort: 0 }] }),
        container({
          name: 'd',
          endpoints: [{ name: 'admin', hostPort: 0 }, { name: 'web', hostPort: 0 }],
          healthCheck: { http: { endpoint: 'web', path: '/h', scheme: 'HTTPS' }, delaySeconds: 1, maxConsecutiveFailures: 0 },
        }),
        container({ name: 'e', healthCheck: { exec: { command: { argv: ['/bin/ok', '-q'] } } } }),
        container({ name: 'f', endpoints: [{ name: 't', hostPort: 0 }], healthCheck: { tcp: { endpoint: 'nope' } } }),
      ],
    });
    const [, http, exec, tcp] = pod.containers;
    expect(http!.app.healthChecks).toEqual([{ protocol: 'MESOS_HTTPS', path: '/h', portIndex: 1, delaySeconds: 1, maxConsecutiveFailures: 0 }]);
    expect(aliasesOf(http!)['/healthChecks/0/portIndex']).toBe('/containers/1/healthCheck/http/endpoint');
    expect(exec!.app.healthChecks).toEqual([{ protocol: 'COMMAND', command: { value: '/bin/ok -q' } }]);
    expect(exec!.healthCheck).toEqual({ kind: 'exec', argv: ['/bin/ok', '-q'], extra: [] });
    expect(tcp!.app.healthChecks).toBeUndefined();
    expect(tcp!.healthCheck).toEqual({ kind: 'tcp', endpoint: 'nope', extra: [] });
  });

  test('volume mounts are projected as the container app\'s volumes, by the kind of the pod volume', () => {
    const { pod } = normalize({
      id: '/p',
      volumes: [{ name: 'd', persistent: { size: 1 } }, { name: 's', secret: 'sec' }],
      containers: [container({ volumeMounts: [{ name: 'd', mountPath: 'data' }, { name: 's', mountPath: '/etc/s', readOnly: true }, { name: 'zz', mountPath: '/z' }] })],
    });
    expect(pod.containers[0]!.app.container?.volumes).toEqual([
      { kind: 'persistent', index: 0, containerPath: 'data', mode: 'RW', persistent: { size: 1 } },
      { kind: 'secret', index: 1, containerPath: '/etc/s', secret: 'sec' },
      { kind: 'unknown', index: 2, containerPath: '/z', mode: 'RW' },
    ]);
  });
});
