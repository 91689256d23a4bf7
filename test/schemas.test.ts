/**
 * Schemas (schemas/*.schema.json) and the cross-field rules of src/marathon/validate.ts, first on
 * small hand-written inputs, then on the shared corpus of real Marathon definitions.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { validateMarathon, type SchemaIssue } from '../src/marathon/validate.js';

type Json = Record<string, unknown>;

const pointers = (issues: SchemaIssue[]) => issues.map((i) => i.pointer);
const at = (issues: SchemaIssue[], pointer: string) => issues.find((i) => i.pointer === pointer)?.message;

const MINIMAL_APP: Json = { id: '/web', cmd: 'python3 -m http.server $PORT0' };

describe('app schema: accepted forms', () => {
  test('a minimal app is valid', () => {
    expect(validateMarathon('app', MINIMAL_APP)).toEqual([]);
  });

  test('a canonical 1.5+ app with every common block is valid', () => {
    const app = {
      id: '/team/api',
      args: ['--port', '8080'],
      cpus: 0.5, mem: 256, disk: 0, gpus: 0, instances: 2,
      container: {
        type: 'DOCKER',
        docker: { image: 'nginx:1.25', forcePullImage: true, privileged: false, parameters: [{ key: 'cap-add', value: 'NET_ADMIN' }] },
        portMappings: [{ containerPort: 8080, hostPort: 0, servicePort: 10000, protocol: 'tcp', name: 'http', labels: { VIP_0: '/api:80' } }],
        volumes: [
          { containerPath: '/etc/conf', hostPath: '/srv/conf', mode: 'RO' },
          { containerPath: 'data', mode: 'RW', persistent: { type: 'root', size: 1024 } },
          { containerPath: '/mnt/ext', mode: 'RW', external: { name: 'vol1', provider: 'dvdi', options: { 'dvdi/driver': 'rexray' } } },
        ],
      },
      networks: [{ mode: 'container/bridge' }],
      env: { A: '1', DB_PASSWORD: { secret: 'db' } },
      secrets: { db: { source: '/team/db-password' } },
      labels: { HAPROXY_GROUP: 'external' },
      constraints: [['hostname', 'UNIQUE'], ['rack', 'GROUP_BY', '3'], ['@zone', 'IS', 'us-east-1a']],
      healthChecks: [{ protocol: 'MESOS_HTTP', path: '/health', portIndex: 0, gracePeriodSeconds: 300, intervalSeconds: 60, timeoutSeconds: 20, maxConsecutiveFailures: 3, delaySeconds: 15 }],
      readinessChecks: [{ name: 'ready', protocol: 'HTTP', path: '/ready', portName: 'http', intervalSeconds: 30, timeoutSeconds: 10, httpStatusCodesForReady: [200], preserveLastResponse: false }],
      upgradeStrategy: { minimumHealthCapacity: 0.5, maximumOverCapacity: 0 },
      unreachableStrategy: 'disabled',
      killSelection: 'OLDEST_FIRST',
      fetch: [{ uri: 'https://example.com/app.tgz', extract: true, executable: false, cache: false }],
      resourceLimits: { cpus: 'unlimited', mem: 512 },
      acceptedResourceRoles: ['*'],
      backoffSeconds: 1, backoffFactor: 1.15, maxLaunchDelaySeconds: 300, taskKillGracePeriodSeconds: 30,
    };
    expect(validateMarathon('app', app)).toEqual([]);
  });

  test('legacy forms are accepted: docker.network + docker.portMappings, ports, uris, storeUrls', () => {
    const app = {
      id: 'legacy', cmd: 'run', ports: [0, 0], uris: ['https://example.com/a.tgz'], storeUrls: ['https://example.com/b'],
      container: { type: 'DOCKER', docker: { image: 'busybox', network: 'BRIDGE', portMappings: [{ containerPort: 80, hostPort: 0, protocol: 'udp,tcp' }] } },
      healthChecks: [{ command: { value: 'curl -f localhost' } }],
      residency: { relaunchEscalationTimeoutSeconds: 3600, taskLostBehavior: 'WAIT_FOREVER' },
    };
    expect(validateMarathon('app', app)).toEqual([]);
  });

  test('legacy forms are accepted: ipAddress with discovery, docker.credential and appc on MESOS', () => {
    const ipApp = {
      id: '/ip', cmd: 'run', ipAddress: { networkName: 'dcos', groups: ['ignored'], labels: { a: 'b' }, discovery: { ports: [{ number: 80, name: 'http', protocol: 'tcp' }] } },
      container: { type: 'MESOS', docker: { image: 'private/img', credential: { principal: 'me', secret: 'pw' } } },
    };
    expect(validateMarathon('app', ipApp)).toEqual([]);
    const appc = { id: '/appc', cmd: 'run', container: { type: 'MESOS', appc: { image: 'coreos.com/etcd', id: 'sha512-abcdef0123' } } };
    expect(validateMarathon('app', appc)).toEqual([]);
  });

  test('nulls and empty arrays carried by exports are accepted', () => {
    const app = {
      id: '/exported', cmd: 'sleep 1000', args: null, uris: [], fetch: [], user: null, container: null, ipAddress: null,
      residency: null, env: null, acceptedResourceRoles: null, taskKillGracePeriodSeconds: null, healthChecks: [],
      constraints: [], portDefinitions: [{ port: 10000, name: null, protocol: 'tcp', labels: null }], secrets: {},
      executor: '', dependencies: [], readinessChecks: [], storeUrls: [],
    };
    expect(validateMarathon('app', app)).toEqual([]);
  });

  test('API response noise and unknown top-level fields are allowed', () => {
    const app = {
      ...MINIMAL_APP,
      version: '2017-04-21T00:23:50.363Z',
      versionInfo: { lastScalingAt: '2017-04-21T00:23:50.363Z', lastConfigChangeAt: '2017-04-20T22:04:18.48Z' },
      tasksStaged: 0, tasksRunning: 1, tasksHealthy: 1, tasksUnhealthy: 0,
      deployments: [{ id: 'abc' }], tasks: [{ id: 'web.1', host: '10.0.0.1' }], readinessCheckResults: [],
      lastTaskFailure: { message: 'oom' }, tasksStats: { totalSummary: {} },
      someVendorExtension: { anything: true },
    };
    expect(validateMarathon('app', app)).toEqual([]);
  });

  test('enum values are matched case-insensitively, as Marathon 1.5+ reads them', () => {
    const app = {
      ...MINIMAL_APP, killSelection: 'youngest_first', networks: [{ mode: 'HOST' }],
      healthChecks: [{ protocol: 'http', portIndex: 0 }], constraints: [['hostname', 'unique']],
    };
    expect(validateMarathon('app', app)).toEqual([]);
  });
});

describe('app schema: violations point at the field', () => {
  test('upper-case ids are rejected with a clear message', () => {
    const issues = validateMarathon('app', { ...MINIMAL_APP, id: '/product/myApp' });
    expect(pointers(issues)).toEqual(['/id']);
    expect(issues[0]!.message).toMatch(/it has upper-case letters/);
    expect(issues[0]!.message).toContain('"/product/myApp"');
  });

  test('the id message says what the id has: an underscore is not upper case', () => {
    const issues = validateMarathon('app', { ...MINIMAL_APP, id: '/web/order_history' });
    expect(issues[0]!.message).toContain('it has "_"');
    expect(issues[0]!.message).not.toMatch(/upper-case/);
    expect(validateMarathon('app', { ...MINIMAL_APP, id: '/web/Order_History' })[0]!.message).toContain('it has upper-case letters and "_"');
  });

  test('other invalid ids: leading dash, underscore, missing id', () => {
    expect(pointers(validateMarathon('app', { ...MINIMAL_APP, id: '/-web' }))).toEqual(['/id']);
    expect(pointers(validateMarathon('app', { ...MINIMAL_APP, id: 'background_worker' }))).toEqual(['/id']);
    expect(validateMarathon('app', { cmd: 'x' })).toEqual([{ pointer: '/id', message: 'is required' }]);
  });

  test('enums list the allowed values', () => {
    const issues = validateMarathon('app', { ...MINIMAL_APP, healthChecks: [{ protocol: 'HTTP2' }] });
    expect(issues).toEqual([{ pointer: '/healthChecks/0/protocol', message: 'must be one of HTTP, HTTPS, TCP, COMMAND, MESOS_HTTP, MESOS_HTTPS, MESOS_TCP (got "HTTP2")' }]);
    expect(at(validateMarathon('app', { ...MINIMAL_APP, container: { type: 'RKT', docker: { image: 'x' } } }), '/container/type'))
      .toMatch(/^must be one of DOCKER, MESOS/);
    expect(at(validateMarathon('app', { ...MINIMAL_APP, networks: [{ mode: 'overlay' }] }), '/networks/0/mode'))
      .toMatch(/^must be one of container, container\/bridge, host/);
    expect(at(validateMarathon('app', { ...MINIMAL_APP, portDefinitions: [{ port: 80, protocol: 'sctp' }] }), '/portDefinitions/0/protocol'))
      .toMatch(/^must be one of tcp, udp, udp,tcp/);
  });

  test('ranges: ports 0-65535, cpus ≥ 0.001, instances ≥ 0, capacities 0..1', () => {
    const issues = validateMarathon('app', {
      ...MINIMAL_APP, cpus: 0, instances: -1, portDefinitions: [{ port: 70000 }],
      upgradeStrategy: { minimumHealthCapacity: 1.5 }, backoffFactor: 0.5,
    });
    expect(at(issues, '/cpus')).toBe('must be at least 0.001 (got 0)');
    expect(at(issues, '/instances')).toBe('must be at least 0 (got -1)');
    expect(at(issues, '/portDefinitions/0/port')).toBe('must be between 0 and 65535 (got 70000)');
    expect(at(issues, '/upgradeStrategy/minimumHealthCapacity')).toBe('must be between 0 and 1 (got 1.5)');
    expect(at(issues, '/backoffFactor')).toBe('must be at least 1 (got 0.5)');
  });

  test('types stay strict inside well-known sub-objects', () => {
    const issues = validateMarathon('app', {
      ...MINIMAL_APP, instances: '1',
      container: { docker: { image: 'x', privileged: 'yes', parameters: [{ key: 'p', value: 6379 }] } },
      labels: { a: 1 },
    });
    expect(at(issues, '/instances')).toBe('must be an integer (got "1")');
    expect(at(issues, '/container/docker/privileged')).toBe('must be a boolean (true or false) (got "yes")');
    expect(at(issues, '/container/docker/parameters/0/value')).toBe('must be a string (got 6379)');
    expect(at(issues, '/labels/a')).toBe('must be a string (got 1)');
  });

  test('a missing or empty docker image is reported at /container/docker/image', () => {
    expect(validateMarathon('app', { ...MINIMAL_APP, container: { type: 'DOCKER', docker: {} } }))
      .toEqual([{ pointer: '/container/docker/image', message: 'is required' }]);
    expect(validateMarathon('app', { ...MINIMAL_APP, container: { type: 'DOCKER', docker: { image: '' } } }))
      .toEqual([{ pointer: '/container/docker/image', message: 'must not be empty' }]);
  });

  test('unions give one message per pointer: unreachableStrategy, resourceLimits, volumes', () => {
    expect(validateMarathon('app', { ...MINIMAL_APP, unreachableStrategy: 'never' }))
      .toEqual([{ pointer: '/unreachableStrategy', message: 'must be "disabled" or an object {inactiveAfterSeconds, expungeAfterSeconds} (got "never")' }]);
    expect(validateMarathon('app', { ...MINIMAL_APP, unreachableStrategy: { inactiveAfterSeconds: -1 } }))
      .toEqual([{ pointer: '/unreachableStrategy/inactiveAfterSeconds', message: 'must be at least 0 (got -1)' }]);
    expect(validateMarathon('app', { ...MINIMAL_APP, unreachableStrategy: 5 }))
      .toEqual([{ pointer: '/unreachableStrategy', message: 'must be a string or an object (got 5)' }]);
    expect(validateMarathon('app', { ...MINIMAL_APP, resourceLimits: { cpus: 'lots' } }))
      .toEqual([{ pointer: '/resourceLimits/cpus', message: 'must be a number or "unlimited" (got "lots")' }]);
    expect(validateMarathon('app', { ...MINIMAL_APP, container: { type: 'MESOS', volumes: [{ containerPath: '/x' }] } }))
      .toEqual([{ pointer: '/container/volumes/0', message: 'must have hostPath (host volume), persistent, external or secret' }]);
  });

  test('timestamps must be RFC 3339', () => {
    expect(at(validateMarathon('app', { ...MINIMAL_APP, version: '2016-08-29T01:01:01.001' }), '/version')).toMatch(/RFC 3339/);
  });

  test('a non-object input is reported at the root', () => {
    expect(validateMarathon('app', 42)).toEqual([{ pointer: '', message: 'must be an object (got 42)' }]);
    expect(validateMarathon('app', [MINIMAL_APP])).toEqual([{ pointer: '', message: 'must be an object' }]);
  });
});

describe('app rules (Marathon validators)', () => {
  test('cmd together with args', () => {
    expect(validateMarathon('app', { ...MINIMAL_APP, args: ['x'] })).toEqual([
      { pointer: '/args', code: 'cmd-and-args', message: 'must not be set together with cmd (cmd runs in a shell, args is the argv; Marathon rejects both); cmd is used and args dropped' },
    ]);
    // "args": [] and null mean "not set" in exports
    expect(validateMarathon('app', { ...MINIMAL_APP, args: [] })).toEqual([]);
  });

  test('an app needs something to run', () => {
    expect(validateMarathon('app', { id: '/nothing' })).toEqual([{ pointer: '/cmd', message: 'an app needs cmd, args or a container image' }]);
    expect(validateMarathon('app', { id: '/img', container: { docker: { image: 'nginx' } } })).toEqual([]);
  });

  test('secret references must be declared in secrets (env, volumes, pullConfig)', () => {
    const issues = validateMarathon('app', {
      ...MINIMAL_APP,
      env: { DB_PASSWORD: { secret: 'db' }, 'WEIRD/KEY': { secret: 'other' }, OK: { secret: 'known' } },
      secrets: { known: { source: '/x' } },
      container: { type: 'MESOS', docker: { image: 'x', pullConfig: { secret: 'pull' } }, volumes: [{ containerPath: 'pw', secret: 'vol' }] },
    });
    expect(issues).toEqual([
      { pointer: '/env/DB_PASSWORD/secret', message: 'secret "db" is not declared in secrets' },
      { pointer: '/env/WEIRD~1KEY/secret', message: 'secret "other" is not declared in secrets' },
      { pointer: '/container/volumes/0/secret', message: 'secret "vol" is not declared in secrets' },
      { pointer: '/container/docker/pullConfig/secret', message: 'secret "pull" is not declared in secrets' },
    ]);
  });

  test('duplicate port names', () => {
    expect(validateMarathon('app', { ...MINIMAL_APP, portDefinitions: [{ port: 0, name: 'http' }, { port: 0, name: 'http' }] }))
      .toEqual([{ pointer: '/portDefinitions/1/name', message: 'port name "http" is already used by /portDefinitions/0' }]);
    const bridged = {
      ...MINIMAL_APP, networks: [{ mode: 'container/bridge' }],
      container: { docker: { image: 'x' }, portMappings: [{ containerPort: 80, name: 'web' }, { containerPort: 81, name: 'web' }] },
    };
    expect(pointers(validateMarathon('app', bridged))).toEqual(['/container/portMappings/1/name']);
  });

  test('duplicate non-zero ports', () => {
    expect(pointers(validateMarathon('app', { ...MINIMAL_APP, ports: [0, 0, 8080, 8080] }))).toEqual(['/ports/3']);
  });

  test('resourceLimits below the requests', () => {
    const issues = validateMarathon('app', { ...MINIMAL_APP, cpus: 2, mem: 1024, resourceLimits: { cpus: 1, mem: 512 } });
    expect(issues).toEqual([
      { pointer: '/resourceLimits/cpus', message: 'must not be below the requested cpus (1 < 2)' },
      { pointer: '/resourceLimits/mem', message: 'must not be below the requested mem (512 < 1024)' },
    ]);
    // the defaults (cpus 1, mem 128) count when the request is omitted
    expect(pointers(validateMarathon('app', { ...MINIMAL_APP, resourceLimits: { cpus: 0.5, mem: 'unlimited' } }))).toEqual(['/resourceLimits/cpus']);
  });

  test('at most one readiness check, with timeout below interval', () => {
    const check = { name: 'r', portName: 'http' };
    expect(validateMarathon('app', { ...MINIMAL_APP, readinessChecks: [check, check] }))
      .toEqual([{ pointer: '/readinessChecks/1', message: 'at most one readiness check is allowed (got 2)' }]);
    expect(pointers(validateMarathon('app', { ...MINIMAL_APP, readinessChecks: [{ intervalSeconds: 10, timeoutSeconds: 10 }] })))
      .toEqual(['/readinessChecks/0/timeoutSeconds']);
  });

  test('persistent volume containerPath is a single relative directory, mounted RW', () => {
    const issues = validateMarathon('app', {
      ...MINIMAL_APP,
      container: { type: 'MESOS', volumes: [{ containerPath: '/var/lib/data', mode: 'RO', persistent: { size: 100 } }, { containerPath: 'ok', mode: 'RW', persistent: { size: 1 } }] },
    });
    expect(pointers(issues)).toEqual(['/container/volumes/0/containerPath', '/container/volumes/0/mode']);
    expect(issues[0]!.message).toMatch(/single relative directory name/);
  });

  test('resident apps: roles ["*"], unreachable disabled, maximumOverCapacity 0', () => {
    const issues = validateMarathon('app', {
      ...MINIMAL_APP, acceptedResourceRoles: ['slave_public'], unreachableStrategy: { inactiveAfterSeconds: 0, expungeAfterSeconds: 0 },
      upgradeStrategy: { minimumHealthCapacity: 0.5, maximumOverCapacity: 0.5 },
      container: { type: 'MESOS', volumes: [{ containerPath: 'data', mode: 'RW', persistent: { size: 10, constraints: [['path', 'LIKE', 'ssd']] } }] },
    });
    expect(pointers(issues)).toEqual([
      '/container/volumes/0/persistent/constraints', '/acceptedResourceRoles', '/unreachableStrategy', '/upgradeStrategy/maximumOverCapacity',
    ]);
  });

  test('deprecated and 1.5 network APIs must not be mixed', () => {
    const issues = validateMarathon('app', {
      ...MINIMAL_APP, networks: [{ mode: 'container', name: 'dcos' }], ipAddress: { networkName: 'dcos' },
      container: { docker: { image: 'x', network: 'USER' } },
    });
    expect(pointers(issues)).toEqual(['/ipAddress', '/container/docker/network']);
  });

  test('networks: no mixing of modes, names only on container networks, unique names', () => {
    expect(pointers(validateMarathon('app', { ...MINIMAL_APP, networks: [{ mode: 'host' }, { mode: 'container', name: 'a' }] }))).toEqual(['/networks']);
    expect(pointers(validateMarathon('app', { ...MINIMAL_APP, networks: [{ mode: 'host', name: 'x' }] }))).toEqual(['/networks/0/name']);
    expect(pointers(validateMarathon('app', {
      ...MINIMAL_APP, container: { type: 'MESOS' }, networks: [{ mode: 'container', name: 'a' }, { mode: 'container', name: 'a' }],
    }))).toEqual(['/networks/1/name']);
  });

  test('portDefinitions only with host networking, portMappings not with it; networkNames declared', () => {
    expect(pointers(validateMarathon('app', { ...MINIMAL_APP, networks: [{ mode: 'container/bridge' }], portDefinitions: [{ port: 0 }] })))
      .toEqual(['/portDefinitions']);
    expect(pointers(validateMarathon('app', {
      ...MINIMAL_APP, networks: [{ mode: 'host' }], container: { docker: { image: 'x' }, portMappings: [{ containerPort: 80 }] },
    }))).toEqual(['/container/portMappings']);
    expect(pointers(validateMarathon('app', {
      ...MINIMAL_APP, networks: [{ mode: 'container', name: 'a' }],
      container: { docker: { image: 'x' }, portMappings: [{ containerPort: 80, networkNames: ['b'] }] },
    }))).toEqual(['/container/portMappings/0/networkNames/0']);
  });

  test('Docker-only and Mesos-only container features', () => {
    expect(pointers(validateMarathon('app', { ...MINIMAL_APP, container: { type: 'MESOS', docker: { image: 'x', parameters: [{ key: 'a', value: 'b' }] } } })))
      .toEqual(['/container/docker/parameters']);
    expect(pointers(validateMarathon('app', { ...MINIMAL_APP, gpus: 1, secrets: { p: { source: 's' } }, container: { docker: { image: 'x', pullConfig: { secret: 'p' } } } })))
      .toEqual(['/container/docker/pullConfig', '/gpus']);
  });

  test('uris with fetch: rejected unless uris mirrors fetch (as GET /v2/apps of 0.15-1.4 writes it)', () => {
    const fetch = [{ uri: 'https://a/x.tgz' }];
    expect(validateMarathon('app', { ...MINIMAL_APP, uris: ['https://a/x.tgz'], fetch })).toEqual([]);
    expect(pointers(validateMarathon('app', { ...MINIMAL_APP, uris: ['https://a/y.tgz'], fetch }))).toEqual(['/uris']);
  });

  test('constraint operators and values', () => {
    const issues = validateMarathon('app', {
      ...MINIMAL_APP,
      constraints: [['hostname', 'UNIQUE', 'x'], ['rack', 'LIKE', '[a-'], ['rack', 'MAX_PER', 'two'], ['rack', 'NEAR'], ['rack'], ['rack', 'LIKE', '(?i)rack-[0-9]+']],
    });
    expect(issues).toEqual([
      { pointer: '/constraints/4', message: 'must be [field, OPERATOR] or [field, OPERATOR, value]' },
      { pointer: '/constraints/0/2', message: 'UNIQUE takes no value' },
      { pointer: '/constraints/1/2', message: 'is not a valid regular expression (got "[a-")' },
      { pointer: '/constraints/2/2', message: 'MAX_PER needs an integer value' },
      { pointer: '/constraints/3/1', message: 'must be one of UNIQUE, CLUSTER, GROUP_BY, LIKE, UNLIKE, MAX_PER, IS (got "NEAR")' },
    ]);
  });

  test('MARATHON_SINGLE_INSTANCE_APP label, reserved id words, unreachable order', () => {
    expect(pointers(validateMarathon('app', {
      ...MINIMAL_APP, instances: 2, labels: { MARATHON_SINGLE_INSTANCE_APP: 'true' }, upgradeStrategy: { minimumHealthCapacity: 1, maximumOverCapacity: 0 },
    }))).toEqual(['/instances', '/upgradeStrategy/minimumHealthCapacity']);
    expect(pointers(validateMarathon('app', { ...MINIMAL_APP, id: '/team/tasks' }))).toEqual(['/id']);
    expect(pointers(validateMarathon('app', { ...MINIMAL_APP, id: '/' }))).toEqual(['/id']);
    expect(pointers(validateMarathon('app', { ...MINIMAL_APP, unreachableStrategy: { inactiveAfterSeconds: 600, expungeAfterSeconds: 300 } })))
      .toEqual(['/unreachableStrategy/inactiveAfterSeconds']);
  });

  test('every issue has its own pointer (messages for one location are joined)', () => {
    const issues = validateMarathon('app', { id: 'Bad_Id', cmd: '', args: 'x', cpus: -1, mem: 'lots', container: { docker: { image: 3 } }, healthChecks: [null] });
    const ps = pointers(issues);
    expect(new Set(ps).size).toBe(ps.length);
  });
});

const MINIMAL_POD: Json = {
  id: '/pod',
  containers: [{ name: 'web', resources: { cpus: 0.1, mem: 64 }, exec: { command: { shell: 'sleep 1000' } } }],
};

describe('pod schema and rules', () => {
  test('a minimal pod, and a pod status with the definition under spec, are valid', () => {
    expect(validateMarathon('pod', MINIMAL_POD)).toEqual([]);
    expect(validateMarathon('pod', { id: '/pod', spec: MINIMAL_POD, status: 'STABLE', instances: [] })).toEqual([]);
  });

  test('pod status issues point into /spec', () => {
    const issues = validateMarathon('pod', { id: '/pod', spec: { ...MINIMAL_POD, containers: [{ name: 'Web', resources: { cpus: 0.1, mem: 64 } }] } });
    expect(pointers(issues)).toEqual(['/spec/containers/0/name']);
  });

  test('required resources, strict env var names, mesos command shape', () => {
    const issues = validateMarathon('pod', {
      id: '/pod', environment: { '1BAD': 'x', GOOD_1: 'y' },
      containers: [{ name: 'a', exec: { command: { shell: 'x', argv: ['y'] } } }, { name: 'b', resources: { cpus: 0.1, mem: 1 }, exec: { command: {} } }],
    });
    expect(issues).toEqual([
      { pointer: '/environment/1BAD', message: "environment variable names must be letters, digits and '_', not starting with a digit" },
      { pointer: '/containers/0/resources', message: 'is required' },
      { pointer: '/containers/0/exec/command', message: 'must have either shell or argv, not both' },
      { pointer: '/containers/1/exec/command', message: 'must have shell or argv' },
    ]);
  });

  test('names, volume mounts, health check endpoints, secrets, limits', () => {
    const pod = {
      id: '/pod', legacySharedCgroups: true,
      environment: { TOKEN: { secret: 'missing' } },
      volumes: [{ name: 'data' }, { name: 'unused', host: '/tmp' }],
      containers: [
        {
          name: 'web', resources: { cpus: 1, mem: 128 }, resourceLimits: { cpus: 0.5 },
          endpoints: [{ name: 'http', containerPort: 80, protocol: ['tcp'] }],
          volumeMounts: [{ name: 'data', mountPath: '/data' }, { name: 'nope', mountPath: '/nope' }],
          healthCheck: { http: { endpoint: 'admin', path: '/' } },
        },
        { name: 'web', resources: { cpus: 0.1, mem: 32 }, endpoints: [{ name: 'http', containerPort: 81 }], healthCheck: { http: { endpoint: 'http' }, tcp: { endpoint: 'http' } } },
      ],
    };
    expect(validateMarathon('pod', pod)).toEqual([
      { pointer: '/environment/TOKEN/secret', message: 'secret "missing" is not declared in secrets' },
      { pointer: '/containers/1/name', message: 'container name "web" is already used by /containers/0/name' },
      { pointer: '/containers/1/endpoints/0/name', message: 'endpoint name "http" is already used by /containers/0/endpoints/0/name' },
      { pointer: '/containers/0/volumeMounts/1/name', message: 'volume "nope" is not declared in the pod\'s volumes' },
      { pointer: '/volumes/1', message: 'volume "unused" is not mounted by any container' },
      { pointer: '/containers/0/healthCheck/http/endpoint', message: 'endpoint "admin" is not an endpoint of this container' },
      { pointer: '/containers/1/healthCheck', message: 'must have exactly one of http, tcp or exec (got http, tcp)' },
      { pointer: '/containers/0/resourceLimits/cpus', message: 'must not be below the requested cpus (0.5 < 1)' },
      { pointer: '/containers/0/resourceLimits', message: 'must not be set when legacySharedCgroups is true' },
    ]);
  });

  test('endpoints need a containerPort on container networks', () => {
    const pod = {
      ...MINIMAL_POD, networks: [{ mode: 'container', name: 'dcos' }],
      containers: [{ name: 'web', resources: { cpus: 0.1, mem: 64 }, endpoints: [{ name: 'http', hostPort: 0 }] }],
    };
    expect(pointers(validateMarathon('pod', pod))).toEqual(['/containers/0/endpoints/0/containerPort']);
  });
});

describe('group schema and rules', () => {
  test('a group tree with relative and absolute child ids is valid', () => {
    const group = {
      id: '/prod',
      dependencies: ['/infra'],
      apps: [{ id: 'web', cmd: 'run' }, { id: '/prod/worker', cmd: 'run' }],
      groups: [{ id: 'db', apps: [{ id: '/prod/db/pg', container: { docker: { image: 'postgres' } } }], groups: [] }],
    };
    expect(validateMarathon('group', group)).toEqual([]);
  });

  test('a GET /v2/groups dump with pods (as pod statuses) is valid', () => {
    const root = { id: '/', apps: [], groups: [{ id: '/team', pods: [{ id: '/team/pod', spec: { ...MINIMAL_POD, id: '/team/pod' }, status: 'STABLE' }] }] };
    expect(validateMarathon('group', root)).toEqual([]);
  });

  test('issues in nested apps and pods carry the full pointer', () => {
    const group = {
      id: '/prod',
      groups: [{ id: '/prod/a', apps: [{ id: '/prod/a/web', cmd: 'x', args: ['y'], cpus: 'one' }], pods: [{ ...MINIMAL_POD, id: '/prod/a/Pod' }] }],
    };
    expect(validateMarathon('group', group)).toEqual([
      { pointer: '/groups/0/apps/0/cpus', message: 'must be a number (got "one")' },
      { pointer: '/groups/0/pods/0/id', message: "id must be lowercase letters, digits, '-' and '.' separated by '/'; it has upper-case letters (got \"/prod/a/Pod\")" },
      { pointer: '/groups/0/apps/0/args', code: 'cmd-and-args', message: 'must not be set together with cmd (cmd runs in a shell, args is the argv; Marathon rejects both); cmd is used and args dropped' },
    ]);
  });

  test('children must be direct children of their group', () => {
    const group = { id: '/prod', apps: [{ id: '/other/web', cmd: 'x' }, { id: 'a/b', cmd: 'x' }], groups: [{ id: '/prod/x/y' }] };
    expect(validateMarathon('group', group)).toEqual([
      { pointer: '/apps/0/id', message: '/other/web is not a direct child of the group /prod' },
      { pointer: '/apps/1/id', message: '/prod/a/b is not a direct child of the group /prod' },
      { pointer: '/groups/0/id', message: '/prod/x/y is not a direct child of the group /prod' },
    ]);
  });
});

const METRONOME_EXAMPLES = fileURLToPath(new URL('../../shared/reference/marathon-api/metronome-de4174d/api/src/main/resources/public/api/v1/examples', import.meta.url));

describe('Metronome job schema and rules', () => {
  const job = { id: 'prod.example.backup', run: { cmd: 'backup.sh', cpus: 0.5, mem: 128, disk: 0, restart: { policy: 'ON_FAILURE' } }, schedules: [{ id: 'nightly', cron: '0 3 * * *', concurrencyPolicy: 'FORBID' }] };

  test('a job is valid', () => {
    expect(validateMarathon('job', job)).toEqual([]);
  });

  test("Metronome's own examples are valid", () => {
    if (!existsSync(METRONOME_EXAMPLES)) {
      console.warn(`skipped: ${METRONOME_EXAMPLES} not found`);
      return;
    }
    const read = (file: string): unknown => JSON.parse(readFileSync(join(METRONOME_EXAMPLES, file), 'utf8'));
    for (const file of ['job.json', 'job_docker_param.json', 'job_file_based_secrets.json', 'job_secrets.json', 'job_ucr.json']) {
      expect([file, validateMarathon('job', read(file))]).toEqual([file, []]);
    }
    // job_list.json's second job has the id "cleanDb --force", which its own schema rejects.
    const [first, second] = read('job_list.json') as unknown[];
    expect(validateMarathon('job', first)).toEqual([]);
    expect(pointers(validateMarathon('job', second))).toEqual(['/id']);
  });

  test('job violations: slash id, unknown run field, enums, cmd with args, undeclared secret', () => {
    const issues = validateMarathon('job', {
      id: '/prod/backup',
      run: { cmd: 'x', args: ['y'], cpus: 0.001, mem: 128, restart: { policy: 'ALWAYS' }, foo: 1, env: { T: { secret: 'nope' } } },
    });
    expect(issues).toEqual([
      { pointer: '/id', message: "job id must be '.'-separated names of lowercase letters, digits and '-' (e.g. prod.example.job) (got \"/prod/backup\")" },
      { pointer: '/run/foo', message: 'is not a known field here (this schema rejects unknown fields)' },
      { pointer: '/run/cpus', message: 'must be at least 0.01 (got 0.001)' },
      { pointer: '/run/restart/policy', message: 'must be one of NEVER, ON_FAILURE (got "ALWAYS")' },
      { pointer: '/run/args', code: 'cmd-and-args', message: 'must not be set together with cmd (cmd runs in a shell, args is the argv; Marathon rejects both); cmd is used and args dropped' },
      { pointer: '/run/env/T/secret', message: 'secret "nope" is not declared in secrets' },
    ]);
  });
});

// ─── the shared corpus of real definitions ───────────────────────────────────────────────────

const CORPUS = fileURLToPath(new URL('../../shared/corpus', import.meta.url));
const HAVE_CORPUS = existsSync(join(CORPUS, 'INDEX.tsv'));
if (!HAVE_CORPUS) console.warn(`schemas.test.ts: corpus tests skipped, ${CORPUS} not found`);

/**
 * Every corpus file that parses but does not validate, with the reason; each was inspected by
 * hand and is a genuine Marathon rule violation (Marathon would reject the definition), not a
 * schema bug. A new failure makes the test fail until it is inspected and listed here.
 */
const UNIVERSE_EMPTY_DEFAULTS = 'Universe template rendered with empty default options: empty docker image / uris / fetch uri (Marathon requires non-empty strings)';
const KNOWN_VIOLATIONS: Record<string, string> = {
  'apps/mesos__logstash__dcos_marathon.json': 'unrendered mustache id "{{logstash.framework-name}}"',
  'apps/mesosphere__dcos-cli__cli_tests_data_marathon_apps_app_add_400.json': 'dcos-cli test of a 400 response: docker.network "bogus"',
  'apps/mesosphere__dcos-docs-site__pages_mesosphere_dcos_1.13_deploying-services_marathon-parameters_index.md__block02.json': 'all-parameters reference block: upper-case id, "$OPERATOR" placeholder, RO persistent volume, resident app with roles/overcapacity, portDefinitions on a container network',
  'apps/mesosphere__dcos-docs-site__pages_mesosphere_dcos_2.2_deploying-services_marathon-parameters_index.md__block02.json': 'all-parameters reference block (same as the 1.13 one)',
  'apps/mesosphere__dcos-docs-site__pages_mesosphere_dcos_2.2_deploying-services_containerizers_docker-containerizer_index.md__block01.json': 'placeholder id with upper case / "<…>"',
  'apps/mesosphere__dcos-docs-site__pages_mesosphere_dcos_2.2_deploying-services_creating-services_deploy-docker-app_index.md__block08.json': 'container.type "[MESOS | DOCKER]" placeholder',
  'apps/mesosphere__dcos-docs-site__pages_mesosphere_dcos_2.2_deploying-services_expose-service_index.md__block01.json': 'upper-case id /product/service/myApp',
  'apps/mesosphere__dcos-docs-site__pages_mesosphere_dcos_2.2_deploying-services_marathon-on-marathon_advanced_index.md__block10.json': 'unexpanded "${MARATHON_…}" shell variable in the id',
  'apps/mesosphere__dcos-docs-site__pages_mesosphere_dcos_2.2_deploying-services_marathon-on-marathon_advanced_index.md__block11.json': 'unexpanded "${MARATHON_…}" shell variable in the id',
  'apps/mesosphere__dcos-docs-site__pages_mesosphere_dcos_2.2_monitoring_logging_access-task-logs_index.md__block102.json': 'placeholder id "/<gid>/<service-name>"',
  'apps/mesosphere__marathon__docs_docs_rest-api_public_api_v2_examples_app.json': 'RAML example listing every field: cmd with args, env secret not declared in secrets, ipAddress with portDefinitions',
  'apps/mesosphere__marathon__docs_docs_rest-api_public_api_v2_examples_app_patch.json': 'a PATCH body (partial update), not a full definition: nothing to run',
  'apps/mesosphere__marathon__docs_docs_rest-api_public_api_v2_examples_apps_patch.json': 'PATCH bodies (partial updates), not full definitions: nothing to run',
  'apps/mesosphere__marathon__marathon-0.0.2__examples_start_rails.json': 'Marathon 0.0.2 upper-case id "Rails"',
  'apps/mesosphere__marathon__marathon-0.1.0__examples_sleep.json': 'Marathon 0.1.0 upper-case id "Sleep"',
  'apps/micahhausler__container-transform__container_transform_tests_marathon-compose-out.json': 'converter output: id "background_worker" (underscore), docker parameter value 6379 as a number',
  'apps/micahhausler__container-transform__container_transform_tests_marathon-test.json': 'converter test data: discovery port name "rest_endpoint", cmd with args, ipAddress with ports',
  'apps/wmorgan__dcos-docs__1.7_usage_tutorials_public-app.md__block02.json': 'upper-case id /product/service/myApp',
  'apps/mesosphere__universe__repo_packages_N_nexclipper-agent_0_marathon.json__rendered-defaults.json': `${UNIVERSE_EMPTY_DEFAULTS}; also cpus/mem/instances as strings`,
  'pods/mesosphere__marathon__docs_docs_secrets.md__block02.json': 'docs snippet: container without resources (required)',
  'pods/mesosphere__marathon__docs_docs_secrets.md__block04.json': 'docs snippet: container without resources (required)',
  'pods/mesosphere__marathon__tests_system_pods_test-pod.json': 'container names "healthApp1"/"healthApp2" are not valid Names (upper case)',
  'pods/mesosphere__marathon__v1.4.13__docs_docs_pods.md__block12.json': 'labels {"values": {}}: label values must be strings',
  'groups/dcos__dcos-ui__tests__fixtures_healthy-tasks-in-mesos-and-marathon_groups.json': 'UI fixture: killSelection "YoungestFirst"',
  'groups/dcos__dcos-ui__tests__fixtures_marathon-1-task-with-volumes_groups.json': 'UI fixture: app with persistent volumes and an enabled unreachableStrategy',
  'groups/dcos__dcos-ui__tests__fixtures_marathon-1-task_groups-two-regions.json': 'UI fixture: upper-case pod id, non-RFC3339 version, protocol as string, names with "_"/spaces, single-instance label with 1/1 upgrade, children not direct',
  'groups/dcos__dcos-ui__tests__fixtures_marathon-1-task_groups.json': 'UI fixture: same as groups-two-regions plus group ids with "_" (/10_apps)',
  'groups/mesosphere__dcos-cli__cli_tests_data_marathon_groups_complicated_bad.json': 'dcos-cli "bad" test data: app and group without id',
};
/** Definitions holding unrendered template placeholders or invalid images (placeholders.ts), each genuine. */
const KNOWN_PLACEHOLDERS: Record<string, string> = {
  'apps/dcos__cosmos__cosmos-test-common_src_test_resources_helloworld_marathon.json.mustache.json': 'Mustache template: cmd with {{port}}',
  'apps/mesosphere__dcos-docs-site__pages_mesosphere_dcos_1.13_security_ent_users-groups_config-linux-user_index.md__block01.json': 'docs: user "<your-test-user-account>"',
  'apps/mesosphere__dcos-docs-site__pages_mesosphere_dcos_2.2_security_ent_users-groups_config-linux-user_index.md__block01.json': 'docs: user "<your-test-user-account>"',
  'apps/mesosphere__dcos-docs-site__pages_mesosphere_dcos_1.13_tutorials_dcos-101_create-service_index.md__block05.json': 'docs: image tag "<image-tag>"',
  'apps/mesosphere__dcos-docs-site__pages_mesosphere_dcos_2.2_tutorials_create-service_index.md__block04.json': 'docs: image tag "<image-tag>"',
  'apps/mesosphere__dcos-docs-site__pages_mesosphere_dcos_2.2_deploying-services_containerizers_ucr_index.md__block01.json': 'docs: args "<my-arg>"',
  'apps/mesosphere__dcos-docs-site__pages_mesosphere_dcos_2.2_deploying-services_private-docker-registry_index.md__block13.json': 'docs: image "<your/private/image>"',
  'pods/mesosphere__dcos-docs-site__pages_mesosphere_dcos_2.2_deploying-services_private-docker-registry_index.md__block15.json': 'docs: image "<your/private/image>"',
  'apps/mesosphere__marathon-autoscale__marathon_definitions_autoscale_examples_autoscale-sqs-noauth-marathon.json': 'env CHANGEME credentials',
  'apps/mesosphere__marathon-autoscale__marathon_definitions_target_app_examples_stress_sqs.json': 'env CHANGEME queue URL and credentials',
  'apps/mesosphere__marathon__tests_system_fixtures_mom-ee-permissive-1.5.json': 'test fixture image tag __FILL_IN_VERSION_HERE__',
  'apps/mesosphere__marathon__tests_system_fixtures_mom-ee-strict-1.7.json': 'test fixture image tag __FILL_IN_VERSION_HERE__',
  'apps/mesosphere__mesos-dns__contrib_ansible-gce_roles_mesos-dns-server_templates_mesos-dns.json.j2.json': 'Ansible template: constraint value {{selected_slave.stdout}}',
  'apps/mesosphere__universe__repo_packages_N_netsil-collectors_3_marathon.json__rendered-defaults.json': 'rendered without its image name: ":stable-1.3.1" is no image reference',
  'apps/wmorgan__dcos-docs__1.8_usage_containerizers.md__block01.json': 'docs: credential "<my-principal>"/"<my-secret>", args "<my-arg>"',
  'apps/wmorgan__dcos-docs__1.8_usage_containerizers.md__block02.json': 'docs: image "<my-image>", args "<my-arg>"',
};
Object.assign(KNOWN_VIOLATIONS, KNOWN_PLACEHOLDERS);
const UNIVERSE_EMPTY = [
  'A_alluxio-enterprise_300', 'B_beta-mke_0', 'C_cadvisor_1', 'C_ceph_2', 'C_cloudflare-argotunnel_0', 'C_concord_0', 'E_ecr-login_1',
  'E_eremetic_2', 'G_geoserver_2', 'H_httpbin_0', 'H_humio-agent_0', 'I_instana-agent_2', 'L_linkerd-viz_4', 'M_minio_12',
  'M_mongodb-replicaset_0', 'M_msoms_2', 'N_namerd_4', 'N_neo4j-replica_1', 'O_openvpn-admin_1', 'P_portworx-couchdb_100',
  'P_postgresql-admin_1', 'R_redis_2', 'S_spark-notebook_0', 'S_spark-thrift-server_0', 'S_sysdig-cloud_1', 'V_vamp_4', 'W_wordpress_1',
];
for (const pkg of UNIVERSE_EMPTY) KNOWN_VIOLATIONS[`apps/mesosphere__universe__repo_packages_${pkg}_marathon.json__rendered-defaults.json`] = UNIVERSE_EMPTY_DEFAULTS;

/** App files hold a single app, {"app": …} (GET /v2/apps/{id}), {"apps": […]} or a bare array. */
function appsIn(doc: unknown): unknown[] {
  if (Array.isArray(doc)) return doc;
  if (doc && typeof doc === 'object') {
    const o = doc as Json;
    if (o.app && typeof o.app === 'object') return [o.app];
    if (Array.isArray(o.apps) && o.id === undefined) return o.apps;
  }
  return [doc];
}

interface CorpusResult { file: string; objects: number; issues: SchemaIssue[] }

function runCorpus(): CorpusResult[] {
  const rows = readFileSync(join(CORPUS, 'INDEX.tsv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split('\t'));
  const results: CorpusResult[] = [];
  for (const [file, , , , , parses] of rows) {
    if (!file || parses !== 'yes') continue;
    const folder = file.split('/')[0];
    if (folder !== 'apps' && folder !== 'pods' && folder !== 'groups') continue;
    const doc: unknown = JSON.parse(readFileSync(join(CORPUS, file), 'utf8'));
    if (folder === 'apps') {
      const apps = appsIn(doc);
      results.push({ file, objects: apps.length, issues: apps.flatMap((a) => validateMarathon('app', a)) });
    } else if (folder === 'pods') {
      // pod status responses carry the definition under spec
      const o = doc as Json;
      const pod = !Array.isArray(o.containers) && o.spec && typeof o.spec === 'object' ? o.spec : doc;
      results.push({ file, objects: 1, issues: validateMarathon('pod', pod) });
    } else {
      results.push({ file, objects: 1, issues: validateMarathon('group', doc) });
    }
  }
  return results;
}

(HAVE_CORPUS ? describe : describe.skip)('corpus of real Marathon definitions', () => {
  let results: CorpusResult[] = [];

  beforeAll(() => {
    results = runCorpus();
    const lines: string[] = [];
    for (const folder of ['apps', 'pods', 'groups']) {
      const mine = results.filter((r) => r.file.startsWith(folder + '/'));
      const failing = mine.filter((r) => r.issues.length > 0);
      lines.push(`${folder}: ${mine.length - failing.length}/${mine.length} files valid (${mine.reduce((n, r) => n + r.objects, 0)} objects)`);
    }
    const counts = new Map<string, number>();
    for (const r of results) {
      for (const message of r.issues.flatMap((i) => i.message.split('; '))) {
        const key = message.replace(/ \(got .*\)$/, '').replace(/"[^"]*"/g, '"…"');
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
    }
    lines.push('most common messages:');
    for (const [m, n] of [...counts].sort((a, b) => b[1] - a[1]).slice(0, 12)) lines.push(`  ${String(n).padStart(4)}  ${m}`);
    console.log(`schema validation of the corpus\n${lines.join('\n')}`);
  });

  test('every object validates without throwing', () => {
    expect(results.length).toBeGreaterThan(300);
  });

  test('files that parse mostly validate', () => {
    // Schema and rule violations; unrendered placeholders and invalid images are counted apart.
    const valid = results.filter((r) => r.issues.every((i) => i.code === 'unrendered-placeholder' || i.code === 'image-reference-invalid')).length;
    expect(valid / results.length).toBeGreaterThan(0.8);
  });

  test('each failing file is a known, genuine Marathon rule violation', () => {
    const unexpected = results.filter((r) => r.issues.length > 0 && !(r.file in KNOWN_VIOLATIONS))
      .map((r) => `${r.file}: ${r.issues.slice(0, 3).map((i) => `${i.pointer} ${i.message}`).join(' | ')}`);
    expect(unexpected).toEqual([]);
  });

  test('each known violation is still reported (the list stays honest)', () => {
    const byFile = new Map(results.map((r) => [r.file, r]));
    const silent = Object.keys(KNOWN_VIOLATIONS).filter((f) => byFile.has(f) && byFile.get(f)!.issues.length === 0);
    expect(silent).toEqual([]);
  });

  test('every upper-case id in the corpus is reported at its id', () => {
    const upper = results.flatMap((r) => r.issues.filter((i) => /upper-case letters/.test(i.message)));
    expect(upper.length).toBeGreaterThan(0);
    for (const i of upper) expect(i.pointer).toMatch(/\/id$/);
  });
});

describe('schema files', () => {
  // src/marathon/validate.ts skips ajv's meta-schema check at start-up (validateSchema: false).
  test('every schema is valid against the JSON Schema 2020-12 meta-schema', async () => {
    const { Ajv2020 } = await import('ajv/dist/2020.js');
    const ajv = new Ajv2020({ strict: false });
    const dir = join(fileURLToPath(new URL('..', import.meta.url)), 'schemas');
    const files = readdirSync(dir).filter((f) => f.endsWith('.schema.json'));
    expect(files.length).toBeGreaterThanOrEqual(4);
    for (const file of files) {
      const valid = ajv.validateSchema(JSON.parse(readFileSync(join(dir, file), 'utf8')) as object);
      expect({ file, errors: valid ? null : ajv.errors }).toEqual({ file, errors: null });
    }
  });
});
