/**
 * The field inventory: every app field of shared/reference/MARATHON-FIELDS.md §2 (and the §6
 * legacy forms, §7 label conventions), with what marathon2k8s does with it. Each row converts a
 * small app that sets the field to a non-default value and checks the claim, so the table
 * cannot lie:
 * - `mapped`: no `unmapped-field` finding under the field's pointer (and, with `code`, the
 *   finding that says how it was approximated);
 * - `reported`: deliberately not migrated, said by a finding with that code at the pointer;
 * - `ignored`: API-response noise, never reported;
 * - `pending`: a mapping still to come (test.todo), with the concern that owns it.
 */
import type { FindingCode } from '../src/findings.js';
import { DEFAULT_OPTIONS } from '../src/options.js';
import { convertSources } from '../src/pipeline.js';

type Status =
  | { mapped: string; code?: FindingCode }
  | { reported: FindingCode }
  | { ignored: string }
  | { pending: string };

interface Row {
  /** The field as the reference names it. */
  field: string;
  /** Its JSON pointer in the app below. */
  pointer: string;
  /** A small app setting the field to a non-default value (merged over BASE). */
  app: Record<string, unknown>;
  status: Status;
}

const BASE = { id: '/inventory/app', cmd: 'sleep 3600', cpus: 0.1, mem: 64 };

// Building blocks for the rows.
const image = { type: 'DOCKER', docker: { image: 'registry.example.com/app:1' } };
const withDocker = (docker: Record<string, unknown>, container: Record<string, unknown> = {}) =>
  ({ container: { ...image, ...container, docker: { ...image.docker, ...docker } } });
const bridgeMapping = (mapping: Record<string, unknown>) =>
  ({ networks: [{ mode: 'container/bridge' }], container: { ...image, portMappings: [{ containerPort: 8080, name: 'http', ...mapping }] } });
const portDefinition = (def: Record<string, unknown>) => ({ portDefinitions: [{ port: 8080, name: 'http', ...def }] });
const healthCheck = (check: Record<string, unknown>) =>
  ({ ...portDefinition({}), healthChecks: [{ protocol: 'HTTP', path: '/health', portIndex: 0, ...check }] });
const readiness = (check: Record<string, unknown>) =>
  ({ ...portDefinition({}), readinessChecks: [{ name: 'ready', protocol: 'HTTP', path: '/ready', portName: 'http', ...check }] });
const volume = (v: Record<string, unknown>) => ({ container: { ...image, volumes: [v] } });
const check = (c: Record<string, unknown>) => ({ ...portDefinition({}), check: c });
const parameter = (key: string, value: string) => withDocker({ parameters: [{ key, value }] });
const secretEnv = { env: { PASSWORD: { secret: 'pw' } }, secrets: { pw: { source: 'app/password' } } };

const ROWS: Row[] = [
  // §2.1 top level
  { field: 'id', pointer: '/id', app: {}, status: { mapped: 'names, workload' } },
  { field: 'cmd', pointer: '/cmd', app: {}, status: { mapped: 'container' } },
  { field: 'args', pointer: '/args', app: { cmd: undefined, args: ['serve'], ...withDocker({}) }, status: { mapped: 'container' } },
  { field: 'cpus', pointer: '/cpus', app: { cpus: 2 }, status: { mapped: 'resources' } },
  { field: 'mem', pointer: '/mem', app: { mem: 512 }, status: { mapped: 'resources' } },
  { field: 'disk', pointer: '/disk', app: { disk: 100 }, status: { mapped: 'resources' } },
  { field: 'gpus', pointer: '/gpus', app: { gpus: 1, container: { type: 'MESOS', docker: { image: 'x:1' } } }, status: { mapped: 'resources', code: 'resource-limit-approximated' } },
  { field: 'instances', pointer: '/instances', app: { instances: 3 }, status: { mapped: 'workload' } },
  { field: 'executor', pointer: '/executor', app: { executor: '/opt/executor' }, status: { reported: 'executor-not-mapped' } },
  { field: 'executorResources', pointer: '/executorResources', app: { executorResources: { cpus: 0.2, mem: 64, disk: 20 } }, status: { reported: 'executor-not-mapped' } },
  { field: 'env (string)', pointer: '/env/A', app: { env: { A: 'b' } }, status: { mapped: 'container' } },
  { field: 'env (secret reference)', pointer: '/env/PASSWORD', app: secretEnv, status: { mapped: 'secrets' } },
  { field: 'secrets', pointer: '/secrets', app: secretEnv, status: { mapped: 'secrets', code: 'secret-needed' } },
  { field: 'labels', pointer: '/labels', app: { labels: { team: 'a', 'x y': 'z' } }, status: { mapped: 'metadata' } },
  { field: 'constraints', pointer: '/constraints', app: { constraints: [['hostname', 'UNIQUE'], ['rack', 'GROUP_BY', '2']] }, status: { mapped: 'placement' } },
  { field: 'acceptedResourceRoles', pointer: '/acceptedResourceRoles', app: { acceptedResourceRoles: ['slave_public'] }, status: { mapped: 'placement', code: 'public-node' } },
  { field: 'role', pointer: '/role', app: { role: 'prod' }, status: { reported: 'role-not-mapped' } },
  { field: 'user', pointer: '/user', app: { user: '1000' }, status: { mapped: 'container' } },
  { field: 'dependencies', pointer: '/dependencies', app: { dependencies: ['/other/db'] }, status: { mapped: 'runtime (annotation)', code: 'dependencies-not-enforced' } },
  { field: 'upgradeStrategy', pointer: '/upgradeStrategy', app: { upgradeStrategy: { minimumHealthCapacity: 0.5, maximumOverCapacity: 0.2 } }, status: { mapped: 'workload' } },
  { field: 'unreachableStrategy', pointer: '/unreachableStrategy', app: { unreachableStrategy: { inactiveAfterSeconds: 60, expungeAfterSeconds: 120 } }, status: { mapped: 'placement' } },
  { field: 'unreachableStrategy "disabled"', pointer: '/unreachableStrategy', app: { unreachableStrategy: 'disabled' }, status: { mapped: 'placement' } },
  { field: 'killSelection', pointer: '/killSelection', app: { killSelection: 'OLDEST_FIRST' }, status: { reported: 'scheduling-not-mapped' } },
  { field: 'backoffSeconds', pointer: '/backoffSeconds', app: { backoffSeconds: 5 }, status: { reported: 'scheduling-not-mapped' } },
  { field: 'backoffFactor', pointer: '/backoffFactor', app: { backoffFactor: 2 }, status: { reported: 'scheduling-not-mapped' } },
  { field: 'maxLaunchDelaySeconds', pointer: '/maxLaunchDelaySeconds', app: { maxLaunchDelaySeconds: 60 }, status: { reported: 'scheduling-not-mapped' } },
  { field: 'taskKillGracePeriodSeconds', pointer: '/taskKillGracePeriodSeconds', app: { taskKillGracePeriodSeconds: 30 }, status: { mapped: 'workload' } },
  { field: 'requirePorts', pointer: '/requirePorts', app: { requirePorts: true, ...portDefinition({}) }, status: { mapped: 'ports' } },
  { field: 'ports (legacy)', pointer: '/ports', app: { ports: [8080, 0] }, status: { mapped: 'normalize, ports' } },
  { field: 'fetch', pointer: '/fetch', app: { fetch: [{ uri: 'https://h/a.tgz', extract: true, executable: false, cache: true, destPath: 'x/a.tgz' }] }, status: { mapped: 'runtime (fetch)' } },
  { field: 'uris (legacy)', pointer: '/uris', app: { uris: ['https://h/a.tgz', 'https://h/b.jar'] }, status: { mapped: 'normalize, runtime (fetch)' } },
  { field: 'storeUrls', pointer: '/storeUrls', app: { storeUrls: ['https://h/a.tgz'] }, status: { reported: 'store-urls-ignored' } },
  { field: 'residency', pointer: '/residency', app: { residency: { relaunchEscalationTimeoutSeconds: 60, taskLostBehavior: 'RELAUNCH_AFTER_TIMEOUT' } }, status: { reported: 'residency-ignored' } },
  { field: 'resourceLimits', pointer: '/resourceLimits', app: { resourceLimits: { cpus: 'unlimited', mem: 256 } }, status: { mapped: 'resources' } },
  { field: 'tty', pointer: '/tty', app: { tty: true }, status: { mapped: 'runtime' } },
  { field: 'check', pointer: '/check', app: check({ http: { portIndex: 0, path: '/' }, intervalSeconds: 30 }), status: { reported: 'check-not-mapped' } },
  { field: 'version, versionInfo, tasks… (responses)', pointer: '/version', app: { version: '2020-01-01T00:00:00Z', versionInfo: { lastScalingAt: 'x' }, tasksRunning: 1 }, status: { ignored: 'API response noise' } },

  // §2.2 container
  { field: 'container.type', pointer: '/container/type', app: { container: { type: 'MESOS', docker: { image: 'x:1' } } }, status: { mapped: 'container' } },
  { field: 'container.docker.image', pointer: '/container/docker/image', app: withDocker({}), status: { mapped: 'container' } },
  { field: 'container.docker.forcePullImage', pointer: '/container/docker/forcePullImage', app: withDocker({ forcePullImage: true }), status: { mapped: 'container' } },
  { field: 'container.docker.privileged', pointer: '/container/docker/privileged', app: withDocker({ privileged: true }), status: { mapped: 'container' } },
  { field: 'container.docker.network (legacy)', pointer: '/container/docker/network', app: withDocker({ network: 'BRIDGE' }), status: { mapped: 'normalize' } },
  { field: 'container.docker.portMappings (legacy)', pointer: '/container/docker/portMappings', app: withDocker({ network: 'BRIDGE', portMappings: [{ containerPort: 80, hostPort: 0, servicePort: 10001, protocol: 'tcp', name: 'http' }] }), status: { mapped: 'normalize, ports' } },
  { field: 'container.docker.pullConfig', pointer: '/container/docker/pullConfig', app: { secrets: { cfg: { source: 'registry/config' } }, container: { type: 'MESOS', docker: { image: 'x:1', pullConfig: { secret: 'cfg' } } } }, status: { mapped: 'secrets' } },
  { field: 'container.docker.credential (legacy)', pointer: '/container/docker/credential', app: { container: { type: 'MESOS', docker: { image: 'x:1', credential: { principal: 'p', secret: 's' } } } }, status: { mapped: 'secrets', code: 'registry-credential' } },
  { field: 'container.linuxInfo.seccomp.unconfined', pointer: '/container/linuxInfo/seccomp', app: { container: { type: 'MESOS', docker: { image: 'x:1' }, linuxInfo: { seccomp: { unconfined: true } } } }, status: { mapped: 'runtime (linuxInfo)' } },
  { field: 'container.linuxInfo.seccomp.profileName', pointer: '/container/linuxInfo/seccomp', app: { container: { type: 'MESOS', docker: { image: 'x:1' }, linuxInfo: { seccomp: { profileName: 'p.json', unconfined: false } } } }, status: { mapped: 'runtime (linuxInfo)', code: 'linux-info-approximated' } },
  { field: 'container.linuxInfo.ipcInfo', pointer: '/container/linuxInfo/ipcInfo', app: { container: { type: 'MESOS', docker: { image: 'x:1' }, linuxInfo: { ipcInfo: { mode: 'PRIVATE', shmSize: 256 } } } }, status: { mapped: 'runtime (linuxInfo)' } },
  { field: 'container.appc (≤ 1.4)', pointer: '/container/appc', app: { container: { type: 'MESOS', appc: { image: 'example.com/i:1', id: 'sha512-00', forcePullImage: true } } }, status: { reported: 'appc-image-not-mapped' } },

  // docker parameters, one row per class
  { field: 'docker parameter cap-add/cap-drop', pointer: '/container/docker/parameters', app: parameter('cap-add', 'NET_ADMIN'), status: { mapped: 'runtime (docker parameters)' } },
  { field: 'docker parameter user', pointer: '/container/docker/parameters', app: parameter('user', '1000:1000'), status: { mapped: 'runtime (docker parameters)' } },
  { field: 'docker parameter workdir', pointer: '/container/docker/parameters', app: parameter('workdir', '/srv'), status: { mapped: 'runtime (docker parameters)' } },
  { field: 'docker parameter entrypoint', pointer: '/container/docker/parameters', app: { cmd: undefined, args: ['x'], ...parameter('entrypoint', '/bin/app') }, status: { mapped: 'runtime (docker parameters)' } },
  { field: 'docker parameter hostname', pointer: '/container/docker/parameters', app: parameter('hostname', 'node1'), status: { mapped: 'runtime (docker parameters)' } },
  { field: 'docker parameter add-host', pointer: '/container/docker/parameters', app: parameter('add-host', 'db:10.0.0.1'), status: { mapped: 'runtime (docker parameters)' } },
  { field: 'docker parameter env', pointer: '/container/docker/parameters', app: parameter('env', 'A=1'), status: { mapped: 'runtime (docker parameters)' } },
  { field: 'docker parameter label', pointer: '/container/docker/parameters', app: parameter('label', 'a=b'), status: { mapped: 'runtime (docker parameters)', code: 'docker-parameter-approximated' } },
  { field: 'docker parameter shm-size', pointer: '/container/docker/parameters', app: parameter('shm-size', '256m'), status: { mapped: 'runtime (docker parameters)' } },
  { field: 'docker parameter dns/dns-search', pointer: '/container/docker/parameters', app: parameter('dns', '8.8.8.8'), status: { mapped: 'runtime (docker parameters)', code: 'docker-parameter-approximated' } },
  { field: 'docker parameter pid/ipc host', pointer: '/container/docker/parameters', app: parameter('pid', 'host'), status: { mapped: 'runtime (docker parameters)' } },
  { field: 'docker parameter privileged/tty/read-only', pointer: '/container/docker/parameters', app: parameter('tty', 'true'), status: { mapped: 'runtime (docker parameters)' } },
  { field: 'docker parameter memory/cpu-shares', pointer: '/container/docker/parameters', app: parameter('memory', '1g'), status: { reported: 'docker-parameter-ignored' } },
  { field: 'docker parameter log-driver/net/volumes-from/… (no equivalent)', pointer: '/container/docker/parameters', app: parameter('log-driver', 'syslog'), status: { reported: 'docker-parameter-not-mapped' } },

  // container.portMappings
  { field: 'portMappings.containerPort', pointer: '/container/portMappings/0/containerPort', app: bridgeMapping({}), status: { mapped: 'ports' } },
  { field: 'portMappings.hostPort', pointer: '/container/portMappings/0/hostPort', app: bridgeMapping({ hostPort: 31000 }), status: { mapped: 'ports', code: 'host-port-dropped' } },
  { field: 'portMappings.servicePort', pointer: '/container/portMappings/0/servicePort', app: bridgeMapping({ servicePort: 10080 }), status: { mapped: 'service' } },
  { field: 'portMappings.protocol', pointer: '/container/portMappings/0/protocol', app: bridgeMapping({ protocol: 'udp,tcp' }), status: { mapped: 'ports' } },
  { field: 'portMappings.name', pointer: '/container/portMappings/0/name', app: bridgeMapping({}), status: { mapped: 'ports' } },
  { field: 'portMappings.labels (VIP_n)', pointer: '/container/portMappings/0/labels', app: bridgeMapping({ labels: { VIP_0: '/inventory-app:80' } }), status: { mapped: 'discovery', code: 'vip-mapped' } },
  { field: 'portMappings.networkNames', pointer: '/container/portMappings/0/networkNames', app: { networks: [{ mode: 'container', name: 'dcos' }], container: { ...image, portMappings: [{ containerPort: 80, name: 'http', networkNames: ['dcos'] }] } }, status: { mapped: 'ports (consumed: one pod network, nothing to choose)' } },

  // §2.3 networks
  { field: 'networks.mode', pointer: '/networks/0/mode', app: { networks: [{ mode: 'container/bridge' }], ...withDocker({}) }, status: { mapped: 'ports' } },
  { field: 'networks.name', pointer: '/networks/0/name', app: { networks: [{ mode: 'container', name: 'calico' }], ...withDocker({}) }, status: { mapped: 'ports' } },
  { field: 'networks.labels', pointer: '/networks/0/labels', app: { networks: [{ mode: 'container', name: 'calico', labels: { group: 'a' } }], ...withDocker({}) }, status: { mapped: 'ports', code: 'network-not-mapped' } },
  { field: 'ipAddress (legacy) networkName/labels/groups', pointer: '/ipAddress', app: { ipAddress: { networkName: 'dcos', labels: { a: 'b' }, groups: ['g'] }, container: { type: 'MESOS' } }, status: { mapped: 'normalize, ports', code: 'network-not-mapped' } },
  { field: 'ipAddress.discovery.ports (legacy)', pointer: '/ipAddress/discovery', app: { ipAddress: { networkName: 'dcos', discovery: { ports: [{ number: 8080, name: 'http', protocol: 'tcp' }] } }, container: { type: 'MESOS' } }, status: { mapped: 'normalize, ports' } },

  // §2.4 portDefinitions
  { field: 'portDefinitions.port', pointer: '/portDefinitions/0/port', app: portDefinition({}), status: { mapped: 'ports' } },
  { field: 'portDefinitions.protocol', pointer: '/portDefinitions/0/protocol', app: portDefinition({ protocol: 'udp' }), status: { mapped: 'ports' } },
  { field: 'portDefinitions.name', pointer: '/portDefinitions/0/name', app: portDefinition({}), status: { mapped: 'ports' } },
  { field: 'portDefinitions.labels (VIP_n)', pointer: '/portDefinitions/0/labels', app: portDefinition({ labels: { VIP_0: '/inventory-app:80' } }), status: { mapped: 'discovery', code: 'vip-mapped' } },

  // §2.5 volumes
  { field: 'volumes host (containerPath, hostPath, mode)', pointer: '/container/volumes/0', app: volume({ containerPath: '/data', hostPath: '/srv/data', mode: 'RO' }), status: { mapped: 'storage', code: 'hostpath-volume' } },
  { field: 'container.docker.volumes (legacy)', pointer: '/container/docker/volumes', app: withDocker({ volumes: [{ containerPath: '/data', hostPath: '/srv/data', mode: 'RW' }] }), status: { mapped: 'storage', code: 'hostpath-volume' } },
  { field: 'volumes persistent (type, size, maxSize, profileName, constraints)', pointer: '/container/volumes/0', app: { ...volume({ containerPath: 'data', mode: 'RW', persistent: { type: 'mount', size: 1024, maxSize: 2048, profileName: 'fast', constraints: [['path', 'LIKE', '/mnt/.*']] } }), unreachableStrategy: 'disabled', upgradeStrategy: { minimumHealthCapacity: 0.5, maximumOverCapacity: 0 } }, status: { mapped: 'storage', code: 'persistent-volume-data' } },
  { field: 'volumes external DVDI (name, provider, size, shared, options)', pointer: '/container/volumes/0', app: volume({ containerPath: '/data', mode: 'RW', external: { name: 'vol', provider: 'dvdi', size: 10, options: { 'dvdi/driver': 'rexray' } } }), status: { mapped: 'storage', code: 'external-volume' } },
  { field: 'volumes external CSI', pointer: '/container/volumes/0', app: volume({ containerPath: '/data', mode: 'RW', external: { name: 'vol', provider: 'csi', options: { pluginName: 'csi.example.com', capability: { accessMode: 'SINGLE_NODE_WRITER', accessType: 'mount', fsType: 'ext4' } } } }), status: { mapped: 'storage', code: 'external-volume' } },
  { field: 'volumes secret', pointer: '/container/volumes/0', app: { secrets: { cert: { source: 'tls/cert' } }, ...volume({ containerPath: '/etc/tls/cert.pem', secret: 'cert' }) }, status: { mapped: 'secrets' } },
  { field: 'volumes ephemeral (containerPath only)', pointer: '/container/volumes/0', app: volume({ containerPath: '/scratch', mode: 'RW' }), status: { mapped: 'storage' } },

  // §2.6 healthChecks
  ...['protocol', 'path', 'portIndex'].map((f): Row => ({ field: `healthChecks.${f}`, pointer: `/healthChecks/0/${f}`, app: healthCheck({}), status: { mapped: 'probes' } })),
  { field: 'healthChecks.port', pointer: '/healthChecks/0/port', app: healthCheck({ portIndex: undefined, port: 8080 }), status: { mapped: 'probes' } },
  { field: 'healthChecks.command', pointer: '/healthChecks/0/command', app: healthCheck({ protocol: 'COMMAND', command: { value: 'true' } }), status: { mapped: 'probes' } },
  ...(['gracePeriodSeconds', 'intervalSeconds', 'timeoutSeconds', 'maxConsecutiveFailures'] as const).map((f): Row =>
    ({ field: `healthChecks.${f}`, pointer: `/healthChecks/0/${f}`, app: healthCheck({ [f]: 7 }), status: { mapped: 'probes' } })),
  { field: 'healthChecks.delaySeconds', pointer: '/healthChecks/0/delaySeconds', app: healthCheck({ protocol: 'MESOS_HTTP', delaySeconds: 30 }), status: { mapped: 'probes' } },
  { field: 'healthChecks.ignoreHttp1xx', pointer: '/healthChecks/0/ignoreHttp1xx', app: healthCheck({ ignoreHttp1xx: true }), status: { mapped: 'probes', code: 'health-check-approximated' } },
  { field: 'healthChecks.ipProtocol', pointer: '/healthChecks/0/ipProtocol', app: healthCheck({ protocol: 'MESOS_HTTP', ipProtocol: 'IPv6' }), status: { mapped: 'probes', code: 'health-check-approximated' } },

  // §2.7 readinessChecks
  ...(['name', 'protocol', 'path', 'portName'] as const).map((f): Row => ({ field: `readinessChecks.${f}`, pointer: `/readinessChecks/0/${f}`, app: readiness({}), status: { mapped: 'probes' } })),
  { field: 'readinessChecks.intervalSeconds/timeoutSeconds', pointer: '/readinessChecks/0', app: readiness({ intervalSeconds: 10, timeoutSeconds: 5 }), status: { mapped: 'probes' } },
  { field: 'readinessChecks.httpStatusCodesForReady', pointer: '/readinessChecks/0/httpStatusCodesForReady', app: readiness({ httpStatusCodesForReady: [200, 503] }), status: { mapped: 'probes', code: 'readiness-status-codes' } },
  { field: 'readinessChecks.preserveLastResponse', pointer: '/readinessChecks/0/preserveLastResponse', app: readiness({ preserveLastResponse: true }), status: { mapped: 'probes' } },

  // §2.8 check
  { field: 'check.http (portIndex, port, path, scheme)', pointer: '/check', app: check({ http: { port: 8080, path: '/s', scheme: 'HTTPS' } }), status: { reported: 'check-not-mapped' } },
  { field: 'check.tcp', pointer: '/check', app: check({ tcp: { portIndex: 0 } }), status: { reported: 'check-not-mapped' } },
  { field: 'check.exec + interval/timeout/delay', pointer: '/check', app: check({ exec: { command: { shell: 'true' } }, intervalSeconds: 5, timeoutSeconds: 2, delaySeconds: 1 }), status: { reported: 'check-not-mapped' } },

  // §7 label conventions (labels other concerns consume)
  { field: 'labels HAPROXY_GROUP / HAPROXY_n_VHOST', pointer: '/labels', app: { ...portDefinition({}), labels: { HAPROXY_GROUP: 'external', HAPROXY_0_VHOST: 'app.example.com' } }, status: { mapped: 'discovery (Ingress)' } },
  { field: 'labels traefik.frontend.rule', pointer: '/labels', app: { ...portDefinition({}), labels: { 'traefik.enable': 'true', 'traefik.frontend.rule': 'Host:app.example.com' } }, status: { mapped: 'discovery (Ingress)' } },
  { field: 'labels DCOS_SERVICE_NAME / _PORT_INDEX / _SCHEME', pointer: '/labels', app: { ...portDefinition({}), labels: { DCOS_SERVICE_NAME: 'app', DCOS_SERVICE_PORT_INDEX: '0', DCOS_SERVICE_SCHEME: 'http' } }, status: { mapped: 'discovery', code: 'admin-router-path' } },
  { field: 'labels MARATHON_SINGLE_INSTANCE_APP', pointer: '/labels/MARATHON_SINGLE_INSTANCE_APP', app: { instances: 1, labels: { MARATHON_SINGLE_INSTANCE_APP: 'true' }, upgradeStrategy: { minimumHealthCapacity: 0, maximumOverCapacity: 0 } }, status: { mapped: 'defaults (consumed: instances and upgradeStrategy carry what it enforces)' } },
];

function convert(row: Row) {
  const app: Record<string, unknown> = { ...BASE, ...row.app };
  for (const [k, v] of Object.entries(app)) if (v === undefined) delete app[k];
  return convertSources([{ file: 'app.json', text: JSON.stringify(app) }], DEFAULT_OPTIONS).findings;
}

/** A pointer at or below `prefix`. */
function under(pointer: string, prefix: string): boolean {
  return pointer === prefix || pointer.startsWith(prefix + '/');
}

describe('field inventory: every app field is mapped or deliberately reported', () => {
  for (const row of ROWS) {
    const s = row.status;
    if ('pending' in s) {
      test.todo(`${row.field} ${row.pointer}: pending (${s.pending})`);
      continue;
    }
    const label = 'mapped' in s ? `mapped by ${s.mapped}` : 'reported' in s ? `reported as ${s.reported}` : `ignored (${s.ignored})`;
    test(`${row.field} ${row.pointer}: ${label}`, () => {
      const findings = convert(row);
      const unmapped = findings.filter((f) => f.code === 'unmapped-field').map((f) => f.pointer);
      // Nothing the row sets may be left unconsumed (the rest of the app is ordinary).
      expect(unmapped.filter((p) => under(p, row.pointer))).toEqual([]);
      expect(findings.filter((f) => f.code === 'internal-error' || f.code === 'invalid-object')).toEqual([]);
      const code = 'reported' in s ? s.reported : 'mapped' in s ? s.code : undefined;
      if (code !== undefined) {
        expect(findings.filter((f) => f.code === code && under(f.pointer, row.pointer)).map((f) => f.code)).toContain(code);
      }
      if ('ignored' in s) expect(findings.filter((f) => under(f.pointer, row.pointer))).toEqual([]);
    });
  }

  test('the table covers every top-level app field of the reference', () => {
    const documented = [
      'id', 'cmd', 'args', 'cpus', 'mem', 'disk', 'gpus', 'instances', 'executor', 'executorResources', 'env', 'secrets', 'labels',
      'constraints', 'acceptedResourceRoles', 'role', 'user', 'dependencies', 'healthChecks', 'check', 'readinessChecks',
      'upgradeStrategy', 'unreachableStrategy', 'killSelection', 'backoffSeconds', 'backoffFactor', 'maxLaunchDelaySeconds',
      'taskKillGracePeriodSeconds', 'requirePorts', 'portDefinitions', 'ports', 'networks', 'ipAddress', 'container', 'fetch',
      'uris', 'storeUrls', 'residency', 'resourceLimits', 'tty', 'version',
    ];
    const covered = new Set(ROWS.map((r) => r.pointer.split('/')[1]));
    expect(documented.filter((f) => !covered.has(f))).toEqual([]);
  });
});
