/**
 * Normalization of a raw Marathon app into the canonical 1.5+ model, following the order of
 * Marathon's own AppNormalization: docker.portMappings → container.portMappings, ipAddress →
 * networks (+ discovery ports → portMappings), docker.network → networks, ports →
 * portDefinitions, uris → fetch, COMMAND checks without protocol, relative ids.
 *
 * Every move registers a ledger alias so a mapper reading the canonical field marks the field
 * the user actually wrote.
 */
import { Ledger } from '../findings.js';
import type {
  AppCheck, AppVolume, Artifact, Container, DockerContainer, EnvValue, HealthCheck, HealthCheckProtocol, LinuxInfo, MarathonApp, Network,
  NetworkProtocol, PortDefinition, PortMapping, ReadinessCheck,
} from './model.js';
import { amount, arr, MAX_RESOURCES, bool, compact, int, isObject, kv, num, port, port as portNumber, str, strArr, type JsonObject } from './json.js';
import { resolveId } from './ids.js';

const HEALTH_PROTOCOLS = new Set(['HTTP', 'HTTPS', 'TCP', 'COMMAND', 'MESOS_HTTP', 'MESOS_HTTPS', 'MESOS_TCP']);
const NETWORK_PROTOCOLS = new Set(['tcp', 'udp', 'udp,tcp']);
/** Archive extensions Marathon extracts when converting `uris` (FetchUri.supportedFileTypes). */
const ARCHIVE_EXTENSIONS = ['.tar', '.tar.gz', '.tar.bz2', '.tar.xz', '.gz', '.tgz', '.tbz2', '.txz', '.zip'];

export function normalizeApp(raw: JsonObject, ledger: Ledger, parentGroupId = '/'): MarathonApp {
  const container = normalizeContainer(raw, ledger);
  const networks = normalizeNetworks(raw, ledger);
  const hostMode = networks[0]?.mode === 'host';
  const app: MarathonApp = compact({
    id: resolveId(str(raw.id) ?? '', parentGroupId),
    cmd: str(raw.cmd),
    args: strArr(raw.args),
    cpus: amount(raw.cpus, 0, MAX_RESOURCES.cpus),
    mem: amount(raw.mem),
    disk: amount(raw.disk),
    gpus: amount(raw.gpus, 0, MAX_RESOURCES.gpus),
    instances: int(raw.instances),
    env: normalizeEnv(raw.env),
    labels: kv(raw.labels),
    user: str(raw.user),
    container,
    networks,
    portDefinitions: hostMode ? normalizePortDefinitions(raw, ledger) : undefined,
    requirePorts: hostMode ? bool(raw.requirePorts) : undefined,
    healthChecks: arr(raw.healthChecks)?.filter(isObject).map(normalizeHealthCheck),
    readinessChecks: arr(raw.readinessChecks)?.filter(isObject).map(normalizeReadinessCheck),
    upgradeStrategy: isObject(raw.upgradeStrategy)
      ? compact({
          minimumHealthCapacity: num(raw.upgradeStrategy.minimumHealthCapacity),
          maximumOverCapacity: num(raw.upgradeStrategy.maximumOverCapacity),
        })
      : undefined,
    resourceLimits: isObject(raw.resourceLimits)
      ? compact({ cpus: limitValue(raw.resourceLimits.cpus), mem: limitValue(raw.resourceLimits.mem) })
      : undefined,
    taskKillGracePeriodSeconds: int(raw.taskKillGracePeriodSeconds),
    fetch: normalizeFetch(raw, ledger),
    constraints: normalizeConstraints(raw.constraints),
    acceptedResourceRoles: strArr(raw.acceptedResourceRoles),
    unreachableStrategy: raw.unreachableStrategy === 'disabled'
      ? 'disabled'
      : isObject(raw.unreachableStrategy)
        ? compact({ inactiveAfterSeconds: int(raw.unreachableStrategy.inactiveAfterSeconds), expungeAfterSeconds: int(raw.unreachableStrategy.expungeAfterSeconds) })
        : undefined,
    killSelection: upper(raw.killSelection),
    backoffSeconds: num(raw.backoffSeconds),
    backoffFactor: num(raw.backoffFactor),
    maxLaunchDelaySeconds: num(raw.maxLaunchDelaySeconds),
    secrets: normalizeSecrets(raw.secrets),
    dependencies: strArr(raw.dependencies)?.map((d) => resolveId(d, parentOf(resolveId(str(raw.id) ?? '', parentGroupId)))),
    role: str(raw.role),
    executor: str(raw.executor),
    executorResources: isObject(raw.executorResources)
      ? compact({ cpus: num(raw.executorResources.cpus), mem: num(raw.executorResources.mem), disk: num(raw.executorResources.disk) })
      : undefined,
    tty: bool(raw.tty),
    check: normalizeCheck(raw.check),
    storeUrls: strArr(raw.storeUrls),
  });
  if (!hostMode) {
    // Off host networking Marathon forces requirePorts to false and drops portDefinitions/ports
    // (the port mappings describe the ports): they mean nothing there.
    if (raw.requirePorts !== undefined) ledger.useRaw('/requirePorts');
    if (app.container?.portMappings !== undefined) {
      ledger.useRaw('/portDefinitions');
      ledger.useRaw('/ports');
    }
  }
  return app;
}

/** The group an id lives in: `/team/web` → `/team`. */
function parentOf(id: string): string {
  const cut = id.lastIndexOf('/');
  return cut <= 0 ? '/' : id.slice(0, cut);
}

/** Constraints as string arrays; the 0.x `"field:OPERATOR:value"` string form is split. */
function normalizeConstraints(v: unknown): string[][] | undefined {
  const list = arr(v);
  if (!list) return undefined;
  return list.map((c) => (typeof c === 'string' ? c.split(':') : (strArr(c) ?? [])));
}

export function normalizeSecrets(v: unknown): Record<string, { source: string }> | undefined {
  if (!isObject(v)) return undefined;
  const out: Record<string, { source: string }> = {};
  for (const [name, s] of Object.entries(v)) if (isObject(s) && typeof s.source === 'string') out[name] = { source: s.source };
  return out;
}

export function upper(v: unknown): string | undefined {
  return typeof v === 'string' ? v.toUpperCase() : undefined;
}

export function limitValue(v: unknown): number | 'unlimited' | undefined {
  return v === 'unlimited' ? 'unlimited' : amount(v);
}

export function normalizeEnv(v: unknown): Record<string, EnvValue> | undefined {
  if (!isObject(v)) return undefined;
  const out: Record<string, EnvValue> = {};
  for (const [k, val] of Object.entries(v)) {
    if (typeof val === 'string') out[k] = val;
    else if (typeof val === 'number' || typeof val === 'boolean') out[k] = String(val); // Marathon 0.x exports
    else if (isObject(val) && typeof val.secret === 'string') out[k] = { secret: val.secret };
  }
  return out;
}

function normalizeDocker(v: unknown): DockerContainer | undefined {
  if (!isObject(v)) return undefined;
  return compact({
    image: str(v.image),
    forcePullImage: bool(v.forcePullImage),
    privileged: bool(v.privileged),
    parameters: arr(v.parameters)
      ?.filter(isObject)
      .map((p) => ({ key: str(p.key) ?? '', value: p.value === undefined || p.value === null ? '' : String(p.value) })),
    pullConfig: isObject(v.pullConfig) && typeof v.pullConfig.secret === 'string' ? { secret: v.pullConfig.secret } : undefined,
    credential: isObject(v.credential) ? compact({ principal: str(v.credential.principal), secret: str(v.credential.secret) }) : undefined,
  });
}

function normalizeContainer(raw: JsonObject, ledger: Ledger): Container | undefined {
  const c = raw.container;
  if (!isObject(c)) {
    // An ipAddress without a container implies an empty MESOS container (AppNormalization).
    return isObject(raw.ipAddress) ? { type: 'MESOS', ...ipDiscoveryMappings(raw, ledger) } : undefined;
  }
  const docker = normalizeDocker(c.docker);
  // Marathon matches enum values case-insensitively (EnumVisitor), so do we.
  const type = upper(c.type) === 'MESOS' ? 'MESOS' : 'DOCKER';
  const container: Container = compact({ type, docker, portMappings: undefined as PortMapping[] | undefined });
  const canonical = arr(c.portMappings);
  const legacy = isObject(c.docker) ? arr(c.docker.portMappings) : undefined;
  if (canonical && canonical.length > 0) {
    container.portMappings = canonical.filter(isObject).map(normalizePortMapping);
  } else if (legacy) {
    container.portMappings = legacy.filter(isObject).map(normalizePortMapping);
    ledger.alias('/container/portMappings', '/container/docker/portMappings');
  } else if (canonical) {
    container.portMappings = [];
  }
  // Set only when present: `delete` would turn every app's container into a slow dictionary object.
  const volumes = normalizeVolumes(c, ledger);
  if (volumes !== undefined) container.volumes = volumes;
  const linuxInfo = normalizeLinuxInfo(c.linuxInfo);
  if (linuxInfo) container.linuxInfo = linuxInfo;
  // Discovery ports only stand in for missing port mappings (and only then alias their pointers).
  if (!container.portMappings) {
    const discovery = ipDiscoveryMappings(raw, ledger);
    if (discovery.portMappings) container.portMappings = discovery.portMappings;
  }
  return container;
}

/** `ipAddress.discovery.ports` → port mappings (`number` is the container port). */
function ipDiscoveryMappings(raw: JsonObject, ledger: Ledger): { portMappings?: PortMapping[] } {
  const ip = raw.ipAddress;
  if (!isObject(ip) || !isObject(ip.discovery)) return {};
  const ports = arr(ip.discovery.ports);
  if (!ports) return {};
  const mappings: PortMapping[] = [];
  ports.forEach((p, i) => {
    if (!isObject(p)) return;
    mappings.push(compact({ containerPort: port(p.number), name: str(p.name), protocol: protocol(p.protocol), labels: kv(p.labels) }));
    ledger.alias(`/container/portMappings/${i}/containerPort`, `/ipAddress/discovery/ports/${i}/number`);
    ledger.alias(`/container/portMappings/${i}`, `/ipAddress/discovery/ports/${i}`);
  });
  return { portMappings: mappings };
}

/** `container.volumes`, or the legacy `container.docker.volumes` (Marathon ≤ 0.x put them there). */
function normalizeVolumes(c: JsonObject, ledger: Ledger): AppVolume[] | undefined {
  let list = arr(c.volumes);
  if ((!list || list.length === 0) && isObject(c.docker) && arr(c.docker.volumes)?.length) {
    list = arr(c.docker.volumes);
    ledger.alias('/container/volumes', '/container/docker/volumes');
  }
  if (!list) return undefined;
  return list.map((v, index): AppVolume => {
    if (!isObject(v)) return { kind: 'unknown', index };
    const containerPath = str(v.containerPath) ?? '';
    const mode = upper(v.mode) === 'RO' ? 'RO' : upper(v.mode) === 'RW' ? 'RW' : undefined;
    if (typeof v.secret === 'string') return { kind: 'secret', index, containerPath, secret: v.secret };
    if (isObject(v.persistent)) {
      const p = v.persistent;
      return compact({ kind: 'persistent' as const, index, containerPath, mode, persistent: compact({
        type: str(p.type), size: amount(p.size), maxSize: amount(p.maxSize), profileName: str(p.profileName),
        constraints: arr(p.constraints)?.map((x) => strArr(x) ?? []),
      }) });
    }
    if (isObject(v.external)) {
      const e = v.external;
      return compact({ kind: 'external' as const, index, containerPath, mode, external: compact({
        name: str(e.name), provider: str(e.provider), size: amount(e.size), shared: bool(e.shared), options: isObject(e.options) ? e.options : undefined,
      }) });
    }
    if (typeof v.hostPath === 'string') return compact({ kind: 'host' as const, index, containerPath, hostPath: v.hostPath, mode });
    return compact({ kind: 'unknown' as const, index, containerPath: str(v.containerPath), mode });
  });
}

export function protocol(v: unknown): NetworkProtocol | undefined {
  const s = str(v)?.toLowerCase();
  return s && NETWORK_PROTOCOLS.has(s) ? (s as NetworkProtocol) : undefined;
}

function normalizePortMapping(p: JsonObject): PortMapping {
  return compact({
    containerPort: port(p.containerPort),
    hostPort: port(p.hostPort),
    servicePort: port(p.servicePort),
    protocol: protocol(p.protocol),
    name: str(p.name),
    labels: kv(p.labels),
    networkNames: strArr(p.networkNames),
  });
}

/**
 * `networks`, or the legacy `container.docker.network` / `ipAddress` translated as Marathon
 * does; the default is host networking.
 */
export function normalizeNetworks(raw: JsonObject, ledger: Ledger): Network[] {
  const given = arr(raw.networks)?.filter(isObject);
  if (given && given.length > 0) {
    return given.map((n) => {
      const given = str(n.mode)?.toLowerCase();
      const mode = given === 'host' || given === 'container/bridge' ? given : 'container';
      return compact({ mode, name: str(n.name), labels: kv(n.labels) }) as Network;
    });
  }
  const ip = isObject(raw.ipAddress) ? raw.ipAddress : undefined;
  // `ipAddress.groups` is ignored by Marathon itself (AppNormalization), whatever the network.
  if (ip?.groups !== undefined) ledger.useRaw('/ipAddress/groups');
  const legacy = isObject(raw.container) && isObject(raw.container.docker) ? upper(raw.container.docker.network) : undefined;
  if (legacy === 'HOST') {
    ledger.useRaw('/container/docker/network');
    return [{ mode: 'host' }];
  }
  if (legacy === 'BRIDGE') {
    ledger.useRaw('/container/docker/network');
    // (Bridge port mappings default their host port to 0, dynamic: see translate/ports.ts.)
    return [{ mode: 'container/bridge' }];
  }
  if (legacy === 'USER' || ip) {
    if (legacy === 'USER') ledger.useRaw('/container/docker/network');
    const name = str(ip?.networkName);
    if (ip) {
      ledger.alias('/networks/0/name', '/ipAddress/networkName');
      ledger.alias('/networks/0/labels', '/ipAddress/labels');
    }
    if (name === 'mesos-bridge') return [{ mode: 'container/bridge' }];
    return [compact({ mode: 'container' as const, name, labels: kv(ip?.labels) })];
  }
  return [{ mode: 'host' }];
}

/** `portDefinitions`, or the legacy `ports` list; Marathon's host-mode default is added later. */
function normalizePortDefinitions(raw: JsonObject, ledger: Ledger): PortDefinition[] | undefined {
  const defs = arr(raw.portDefinitions);
  if (defs && (defs.length > 0 || !arr(raw.ports)?.length)) {
    // Marathon ≤ 1.4 exports (GET /v2/apps) list the same numbers again in `ports`: a mirror
    // says nothing more. Ports that differ stay unconsumed and are reported.
    if (mirrorsPorts(raw.ports, defs)) ledger.useRaw('/ports');
    return defs.filter(isObject).map((d) =>
      compact({ port: port(d.port), protocol: protocol(d.protocol), name: str(d.name), labels: kv(d.labels) }),
    );
  }
  const ports = arr(raw.ports);
  if (!ports) return undefined;
  const out: PortDefinition[] = [];
  ports.forEach((p, i) => {
    const port = portNumber(p);
    if (port === undefined) return;
    ledger.alias(`/portDefinitions/${out.length}/port`, `/ports/${i}`);
    out.push({ port });
  });
  return out;
}

/** `ports` holding exactly the port numbers of `portDefinitions`, in order. */
function mirrorsPorts(ports: unknown, defs: unknown[]): boolean {
  const list = arr(ports);
  if (!list || list.length === 0 || list.length !== defs.length) return false;
  return list.every((p, i) => {
    const d = defs[i];
    return typeof p === 'number' && isObject(d) && d.port === p;
  });
}

function normalizeHealthCheck(h: JsonObject): HealthCheck {
  let protocolName = str(h.protocol)?.toUpperCase();
  // The oldest form: a `command` without a protocol is a COMMAND check.
  if (!protocolName) protocolName = isObject(h.command) ? 'COMMAND' : 'HTTP';
  const command = isObject(h.command) && typeof h.command.value === 'string' ? { value: h.command.value } : undefined;
  return compact({
    protocol: (HEALTH_PROTOCOLS.has(protocolName) ? protocolName : 'HTTP') as HealthCheckProtocol,
    path: str(h.path),
    portIndex: int(h.portIndex),
    port: port(h.port),
    command,
    gracePeriodSeconds: int(h.gracePeriodSeconds),
    intervalSeconds: int(h.intervalSeconds),
    timeoutSeconds: int(h.timeoutSeconds),
    maxConsecutiveFailures: int(h.maxConsecutiveFailures),
    delaySeconds: int(h.delaySeconds),
    ignoreHttp1xx: bool(h.ignoreHttp1xx),
    ipProtocol: upper(h.ipProtocol) === 'IPV6' ? 'IPv6' : upper(h.ipProtocol) === 'IPV4' ? 'IPv4' : undefined,
  });
}

function normalizeReadinessCheck(r: JsonObject): ReadinessCheck {
  return compact({
    name: str(r.name),
    protocol: upper(r.protocol) === 'HTTPS' ? 'HTTPS' : upper(r.protocol) === 'HTTP' ? 'HTTP' : undefined,
    path: str(r.path),
    portName: str(r.portName),
    intervalSeconds: int(r.intervalSeconds),
    timeoutSeconds: int(r.timeoutSeconds),
    httpStatusCodesForReady: arr(r.httpStatusCodesForReady)?.filter((c): c is number => typeof c === 'number'),
    preserveLastResponse: bool(r.preserveLastResponse),
  });
}

export function normalizeLinuxInfo(v: unknown): LinuxInfo | undefined {
  if (!isObject(v)) return undefined;
  const { seccomp, ipcInfo } = v;
  const mode = upper(isObject(ipcInfo) ? ipcInfo.mode : undefined);
  const ipc = compact<NonNullable<LinuxInfo['ipcInfo']>>({
    mode: mode === 'PRIVATE' ? 'PRIVATE' : mode === 'SHARE_PARENT' ? 'SHARE_PARENT' : undefined,
    shmSize: isObject(ipcInfo) ? amount(ipcInfo.shmSize) : undefined,
  });
  return compact({
    seccomp: isObject(seccomp) ? compact({ profileName: str(seccomp.profileName), unconfined: bool(seccomp.unconfined) }) : undefined,
    ipcInfo: isObject(ipcInfo) ? ipc : undefined,
  });
}

function normalizeCheck(v: unknown): AppCheck | undefined {
  if (!isObject(v)) return undefined;
  const port = (o: JsonObject) => ({ portIndex: num(o.portIndex), port: num(o.port) });
  const command = isObject(v.exec) && isObject(v.exec.command) ? v.exec.command : undefined;
  return compact({
    http: isObject(v.http) ? compact({ ...port(v.http), path: str(v.http.path), scheme: str(v.http.scheme) }) : undefined,
    tcp: isObject(v.tcp) ? compact(port(v.tcp)) : undefined,
    exec: isObject(v.exec) ? compact({ command: command ? compact({ shell: str(command.shell), argv: strArr(command.argv) }) : undefined }) : undefined,
    intervalSeconds: int(v.intervalSeconds),
    timeoutSeconds: int(v.timeoutSeconds),
    delaySeconds: int(v.delaySeconds),
  });
}

/** `fetch`, or the legacy `uris` (archives extracted, as Marathon does). */
function normalizeFetch(raw: JsonObject, ledger: Ledger): Artifact[] | undefined {
  const fetch = arr(raw.fetch);
  if (fetch && fetch.length > 0) {
    // Marathon 0.15–1.4 exports write both, `uris` repeating the fetch URIs: nothing more to say.
    const fetched = new Set(fetch.filter(isObject).map((a) => a.uri));
    const uris = strArr(raw.uris);
    if (uris && uris.length > 0 && uris.every((u) => fetched.has(u))) ledger.useRaw('/uris');
    return fetch.filter(isObject).map((a) =>
      compact({ uri: str(a.uri) ?? '', extract: bool(a.extract), executable: bool(a.executable), cache: bool(a.cache), destPath: str(a.destPath) }),
    );
  }
  const uris = strArr(raw.uris);
  if (uris && uris.length > 0) {
    return uris.map((uri, i) => {
      ledger.alias(`/fetch/${i}/uri`, `/uris/${i}`);
      return { uri, extract: ARCHIVE_EXTENSIONS.some((ext) => uri.toLowerCase().split('?')[0]!.endsWith(ext)) };
    });
  }
  return fetch ? [] : undefined;
}
