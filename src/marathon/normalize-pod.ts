/**
 * Normalization of a raw Marathon pod into the canonical pod model (pod-model.ts): the pod
 * projected onto the app model for the pod-level concerns, each container projected onto the
 * app model for the container mappers, and the pod-only parts (volumes, mounts, endpoints).
 *
 * Pod-level aliases go straight into the pod's ledger; each container's aliases are kept in
 * the model, since every container gets a ledger of its own (the same canonical pointer, e.g.
 * `/cmd`, means another field in each container).
 */
import { escapePointerToken, type Ledger } from '../findings.js';
import { resolveId } from './ids.js';
import { amount, arr, MAX_RESOURCES, bool, compact, int, INT32_MAX, isObject, kv, num, port, str, strArr, type JsonObject } from './json.js';
import type { AppVolume, Artifact, EnvValue, HealthCheck, MarathonApp, NetworkProtocol, PortDefinition, PortMapping } from './model.js';
import { limitValue, normalizeEnv, normalizeLinuxInfo, normalizeNetworks, normalizeSecrets, upper } from './normalize-app.js';
import type { Alias, MarathonPod, PodContainer, PodEndpoint, PodHealthCheck, PodIpcInfo, PodVolume, PodVolumeMount } from './pod-model.js';

const HANDLERS = ['http', 'tcp', 'exec'] as const;

export function normalizePod(raw: JsonObject, ledger: Ledger, parentGroupId = '/'): MarathonPod {
  const id = resolveId(str(raw.id) ?? '', parentGroupId);
  const networks = normalizeNetworks(raw, ledger);
  const host = networks[0]?.mode === 'host';
  const alias = (canonical: string, rawPointer: string) => ledger.alias(canonical, rawPointer);

  const found = collectEndpoints(raw);
  const endpoints = found.map((f) => f.endpoint);
  const volumes = normalizeVolumes(raw.volumes);
  const containers: PodContainer[] = [];
  (arr(raw.containers) ?? []).forEach((c, i) => {
    if (isObject(c)) containers.push(normalizeContainer(raw, c, i, id, networks, endpoints, volumes));
  });

  const scaling = obj(raw.scaling);
  const scheduling = obj(raw.scheduling);
  const placement = obj(scheduling.placement);
  const backoff = obj(scheduling.backoff);
  const upgrade = obj(scheduling.upgrade);
  alias('/instances', '/scaling/instances');
  alias('/acceptedResourceRoles', '/scheduling/placement/acceptedResourceRoles');
  alias('/unreachableStrategy', '/scheduling/unreachableStrategy');
  alias('/killSelection', '/scheduling/killSelection');
  alias('/backoffSeconds', '/scheduling/backoff/backoff');
  alias('/backoffFactor', '/scheduling/backoff/backoffFactor');
  alias('/maxLaunchDelaySeconds', '/scheduling/backoff/maxLaunchDelay');
  alias('/upgradeStrategy', '/scheduling/upgrade');
  alias('/container/linuxInfo', '/linuxInfo');

  const ports = projectEndpoints(found, host, alias);
  const grace = longestKillGrace(containers, alias);
  const persistent = projectPersistentVolumes(volumes, alias);
  const linuxInfo = normalizeLinuxInfo(raw.linuxInfo);

  const app: MarathonApp = compact({
    id,
    labels: kv(raw.labels),
    secrets: normalizeSecrets(raw.secrets),
    networks,
    instances: int(scaling.instances),
    constraints: normalizeConstraints(placement.constraints, alias),
    acceptedResourceRoles: strArr(placement.acceptedResourceRoles),
    unreachableStrategy: normalizeUnreachable(scheduling.unreachableStrategy),
    killSelection: upper(scheduling.killSelection),
    backoffSeconds: num(backoff.backoff),
    backoffFactor: num(backoff.backoffFactor),
    maxLaunchDelaySeconds: num(backoff.maxLaunchDelay),
    upgradeStrategy: isObject(scheduling.upgrade)
      ? compact({ minimumHealthCapacity: num(upgrade.minimumHealthCapacity), maximumOverCapacity: num(upgrade.maximumOverCapacity) })
      : undefined,
    taskKillGracePeriodSeconds: grace,
    role: str(raw.role),
    executorResources: isObject(raw.executorResources)
      ? compact({ cpus: num(raw.executorResources.cpus), mem: num(raw.executorResources.mem), disk: num(raw.executorResources.disk) })
      : undefined,
    portDefinitions: host ? (ports as PortDefinition[]) : undefined,
    // A fixed host port of an endpoint is bound as is, as with requirePorts.
    requirePorts: host ? true : undefined,
    container: compact({
      type: 'MESOS' as const,
      portMappings: host ? undefined : (ports as PortMapping[]),
      volumes: persistent.length > 0 ? persistent : undefined,
      linuxInfo,
    }),
  });
  return compact({
    app,
    containers,
    volumes,
    endpoints,
    maxInstances: int(scaling.maxInstances),
    legacySharedCgroups: bool(raw.legacySharedCgroups),
  });
}

function obj(v: unknown): JsonObject {
  return isObject(v) ? v : {};
}

/** Every endpoint of every container, in pod order (Marathon's order for host ports and env). */
function collectEndpoints(raw: JsonObject): { endpoint: PodEndpoint; raw: JsonObject }[] {
  const out: { endpoint: PodEndpoint; raw: JsonObject }[] = [];
  (arr(raw.containers) ?? []).forEach((c, i) => {
    if (!isObject(c)) return;
    (arr(c.endpoints) ?? []).forEach((e, j) => {
      if (!isObject(e)) return;
      const endpoint = compact({
        index: out.length, container: i, name: str(e.name), containerPort: port(e.containerPort), hostPort: port(e.hostPort),
        pointer: `/containers/${i}/endpoints/${j}`,
      });
      out.push({ endpoint, raw: e });
    });
  });
  return out;
}

/** `["tcp", "udp"]` (or a bare string, seen in the wild) → the app form `udp,tcp`. */
function endpointProtocol(v: unknown): NetworkProtocol | undefined {
  const list = (typeof v === 'string' ? v.split(',') : strArr(v) ?? []).map((p) => p.trim().toLowerCase());
  const tcp = list.includes('tcp');
  const udp = list.includes('udp');
  return udp && tcp ? 'udp,tcp' : udp ? 'udp' : tcp ? 'tcp' : undefined;
}

/**
 * Endpoints → the pod app's ports: port definitions on the host network (the endpoint's host
 * port is the port, bound as is when fixed), port mappings on container and bridge networks.
 * Pods have no service ports: the Service port is the container port, or the VIP's.
 */
function projectEndpoints(found: { endpoint: PodEndpoint; raw: JsonObject }[], host: boolean, alias: (c: string, r: string) => void): (PortDefinition | PortMapping)[] {
  return found.map(({ endpoint: ep, raw: e }) => {
    const common = compact({ protocol: endpointProtocol(e.protocol), name: ep.name, labels: kv(e.labels) });
    if (host) {
      alias(`/portDefinitions/${ep.index}`, ep.pointer);
      // A missing host port (dynamic) is reported at the endpoint itself.
      alias(`/portDefinitions/${ep.index}/port`, ep.hostPort !== undefined ? `${ep.pointer}/hostPort` : ep.pointer);
      return compact({ port: ep.hostPort, ...common });
    }
    alias(`/container/portMappings/${ep.index}`, ep.pointer);
    return compact({ containerPort: ep.containerPort, hostPort: ep.hostPort, ...common, networkNames: strArr(e.networkNames) });
  });
}

/** Object constraints `{fieldName, operator, value}` → the app form `[field, OPERATOR, value]`. */
function normalizeConstraints(v: unknown, alias: (c: string, r: string) => void): string[][] | undefined {
  const list = arr(v);
  if (!list) return undefined;
  alias('/constraints', '/scheduling/placement/constraints');
  return list.map((c, k) => {
    if (Array.isArray(c)) return strArr(c) ?? []; // the app form, written into a pod by mistake
    if (!isObject(c)) return [];
    const at = `/scheduling/placement/constraints/${k}`;
    alias(`/constraints/${k}/0`, `${at}/fieldName`);
    alias(`/constraints/${k}/1`, `${at}/operator`);
    alias(`/constraints/${k}/2`, `${at}/value`);
    const value = typeof c.value === 'number' ? String(c.value) : str(c.value);
    return [str(c.fieldName) ?? '', str(c.operator) ?? '', ...(value !== undefined ? [value] : [])];
  });
}

function normalizeUnreachable(v: unknown): MarathonApp['unreachableStrategy'] {
  if (typeof v === 'string' && v.toLowerCase() === 'disabled') return 'disabled';
  if (!isObject(v)) return undefined;
  return compact({ inactiveAfterSeconds: int(v.inactiveAfterSeconds), expungeAfterSeconds: int(v.expungeAfterSeconds) });
}

function normalizeVolumes(v: unknown): PodVolume[] {
  return (arr(v) ?? []).map((vol, index): PodVolume => {
    if (!isObject(vol) || typeof vol.name !== 'string') return compact({ kind: 'unknown' as const, index, name: isObject(vol) ? str(vol.name) : undefined });
    const name = vol.name;
    const given = Object.entries(vol).filter(([k, x]) => k !== 'name' && x !== null && x !== undefined).map(([k]) => k);
    if (given.length === 1 && isObject(vol.persistent)) {
      const p = vol.persistent;
      return { kind: 'persistent', index, name, persistent: compact({
        type: str(p.type), size: amount(p.size), maxSize: amount(p.maxSize), profileName: str(p.profileName),
        constraints: arr(p.constraints)?.map((x) => strArr(x) ?? []),
      }) };
    }
    if (given.length === 1 && typeof vol.secret === 'string') return { kind: 'secret', index, name, secret: vol.secret };
    if (given.length === 1 && typeof vol.host === 'string') return { kind: 'host', index, name, host: vol.host };
    if (given.length === 0) return { kind: 'ephemeral', index, name };
    return { kind: 'unknown', index, name };
  });
}

/**
 * Persistent pod volumes → persistent app volumes of the pod app, named by containerPath (the
 * name a claim takes): the storage mappers then plan their claims as for a resident app.
 */
function projectPersistentVolumes(volumes: PodVolume[], alias: (c: string, r: string) => void): AppVolume[] {
  const out: AppVolume[] = [];
  for (const v of volumes) {
    if (v.kind !== 'persistent') continue;
    const k = out.length;
    alias(`/container/volumes/${k}`, `/volumes/${v.index}`);
    alias(`/container/volumes/${k}/containerPath`, `/volumes/${v.index}/name`);
    out.push({ kind: 'persistent', index: k, containerPath: v.name, mode: 'RW', persistent: v.persistent });
  }
  return out;
}

/** Kubernetes has one grace period per pod: the longest of the containers' (whole seconds). */
function longestKillGrace(containers: PodContainer[], alias: (c: string, r: string) => void): number | undefined {
  let longest: PodContainer | undefined;
  for (const c of containers) {
    if (c.killGracePeriodSeconds !== undefined && (longest === undefined || c.killGracePeriodSeconds > longest.killGracePeriodSeconds!)) longest = c;
  }
  if (!longest) return undefined;
  alias('/taskKillGracePeriodSeconds', `/containers/${longest.index}/lifecycle/killGracePeriodSeconds`);
  return Math.max(0, Math.ceil(longest.killGracePeriodSeconds!));
}

function normalizeContainer(
  pod: JsonObject, c: JsonObject, i: number, id: string, networks: MarathonApp['networks'], endpoints: PodEndpoint[], volumes: PodVolume[],
): PodContainer {
  const at = `/containers/${i}`;
  const aliases: Alias[] = [];
  const alias = (canonical: string, rawPointer: string) => aliases.push([canonical, rawPointer]);

  const exec = obj(c.exec);
  const command = obj(exec.command);
  const resources = obj(c.resources);
  const image = obj(c.image);
  const imageKind = upper(image.kind);
  const docker = imageKind === undefined || imageKind === 'DOCKER';
  alias('/cmd', `${at}/exec/command/shell`);
  alias('/args', `${at}/exec/command/argv`);
  for (const r of ['cpus', 'mem', 'disk', 'gpus']) alias(`/${r}`, `${at}/resources/${r}`);
  alias('/resourceLimits', `${at}/resourceLimits`);
  alias('/container', at);
  alias('/container/type', `${at}/image/kind`);
  alias('/container/docker/image', `${at}/image/id`);
  alias('/container/docker/forcePullImage', `${at}/image/forcePull`);
  alias('/container/docker/pullConfig', `${at}/image/pullConfig`);
  alias('/container/linuxInfo', `${at}/linuxInfo`);
  alias('/fetch', `${at}/artifacts`);
  alias('/tty', `${at}/tty`);
  // Container user overrides pod user (TaskGroupBuilder).
  const ownUser = str(c.user);
  alias('/user', ownUser !== undefined ? `${at}/user` : '/user');

  const env = mergedEnv(pod, c, at, alias);
  const mounts = normalizeMounts(c, at, volumes, alias);
  const health = normalizeHealthCheck(c, at, endpoints.filter((e) => e.container === i), alias);
  const linux = normalizeLinuxInfo(c.linuxInfo);
  const ipc = ipcInfo(c.linuxInfo);
  const pullSecret = isObject(image.pullConfig) ? str(image.pullConfig.secret) : undefined;
  const limits = obj(c.resourceLimits);

  const app: MarathonApp = compact({
    id,
    cmd: str(command.shell),
    args: strArr(command.argv),
    cpus: amount(resources.cpus, 0, MAX_RESOURCES.cpus),
    mem: amount(resources.mem),
    disk: amount(resources.disk),
    gpus: amount(resources.gpus, 0, MAX_RESOURCES.gpus),
    resourceLimits: isObject(c.resourceLimits) ? compact({ cpus: limitValue(limits.cpus), mem: limitValue(limits.mem) }) : undefined,
    env: Object.fromEntries([...env.plain.map((e) => [e.name, e.value] as const), ...env.secrets.map((e) => [e.name, { secret: e.secret }] as const)]) as Record<string, EnvValue>,
    // Marathon gave each task the pod's and the container's labels (MARATHON_APP_LABEL_*).
    labels: { ...kv(pod.labels), ...kv(c.labels) },
    user: ownUser ?? str(pod.user),
    container: compact({
      type: 'MESOS' as const,
      docker: compact({
        image: docker ? str(image.id) : undefined,
        forcePullImage: bool(image.forcePull),
        pullConfig: pullSecret !== undefined ? { secret: pullSecret } : undefined,
      }),
      volumes: mounts.projected.length > 0 ? mounts.projected : undefined,
      linuxInfo: linux?.seccomp ? { seccomp: linux.seccomp } : undefined,
    }),
    networks,
    healthChecks: health.projected ? [health.projected] : undefined,
    fetch: (arr(c.artifacts) ?? []).filter(isObject).map((a): Artifact =>
      compact({ uri: str(a.uri) ?? '', extract: bool(a.extract), executable: bool(a.executable), cache: bool(a.cache), destPath: str(a.destPath) })),
    tty: bool(c.tty),
  });
  if (app.fetch?.length === 0) delete app.fetch;
  return compact({
    index: i,
    name: str(c.name) ?? `container${i}`,
    app,
    aliases,
    endpoints: endpoints.filter((e) => e.container === i).map((e) => e.index),
    overrideEntrypoint: exec.overrideEntrypoint === true,
    volumeMounts: mounts.mounts,
    healthCheck: health.model,
    labels: kv(c.labels),
    ipcInfo: ipc,
    envSecrets: env.secrets,
    env: env.plain,
    shadowedEnv: env.shadowed,
    pullSecret,
    otherImageKind: docker ? undefined : imageKind,
    killGracePeriodSeconds: amount(obj(c.lifecycle).killGracePeriodSeconds, 0, INT32_MAX),
    check: normalizeCheck(c.check),
  });
}

function normalizeCheck(v: unknown): PodContainer['check'] {
  if (!isObject(v)) return undefined;
  const kind = HANDLERS.find((k) => isObject(v[k]));
  const handler = kind ? obj(v[kind]) : {};
  return compact({ kind, endpoint: str(handler.endpoint), path: str(handler.path), scheme: str(handler.scheme) });
}

/** The pod's environment, then the container's, which wins for a name both set. */
function mergedEnv(pod: JsonObject, c: JsonObject, at: string, alias: (c: string, r: string) => void) {
  const merged = new Map<string, { value: EnvValue; pointer: string }>();
  for (const [name, value] of Object.entries(normalizeEnv(pod.environment) ?? {})) merged.set(name, { value, pointer: `/environment/${escapePointerToken(name)}` });
  const shadowed: string[] = [];
  for (const [name, value] of Object.entries(normalizeEnv(c.environment) ?? {})) {
    const pod = merged.get(name);
    if (pod) shadowed.push(pod.pointer);
    merged.set(name, { value, pointer: `${at}/environment/${escapePointerToken(name)}` });
  }
  const plain: PodContainer['env'] = [];
  const secrets: PodContainer['envSecrets'] = [];
  for (const [name, { value, pointer }] of merged) {
    alias(`/env/${escapePointerToken(name)}`, pointer);
    if (typeof value === 'string') plain.push({ name, value, pointer });
    else secrets.push({ name, secret: value.secret, pointer });
  }
  return { plain, secrets, shadowed };
}

/**
 * `volumeMounts` → the mounts, and each projected as a volume of the container app (the kind of
 * the pod volume it mounts, at its mount path) for the mappers that look at the app's volumes.
 */
function normalizeMounts(c: JsonObject, at: string, volumes: PodVolume[], alias: (c: string, r: string) => void) {
  const mounts: PodVolumeMount[] = [];
  const projected: AppVolume[] = [];
  (arr(c.volumeMounts) ?? []).forEach((m, index) => {
    if (!isObject(m) || typeof m.name !== 'string' || typeof m.mountPath !== 'string') return;
    mounts.push(compact({ index, name: m.name, mountPath: m.mountPath, readOnly: bool(m.readOnly) }));
    const volume = volumes.find((v) => v.name === m.name);
    const k = projected.length;
    alias(`/container/volumes/${k}`, `${at}/volumeMounts/${index}`);
    const mode = m.readOnly === true ? 'RO' : 'RW';
    const containerPath = m.mountPath;
    if (volume?.kind === 'persistent') projected.push({ kind: 'persistent', index: k, containerPath, mode, persistent: volume.persistent });
    else if (volume?.kind === 'host') projected.push({ kind: 'host', index: k, containerPath, hostPath: volume.host, mode });
    else if (volume?.kind === 'secret') projected.push({ kind: 'secret', index: k, containerPath, secret: volume.secret });
    else projected.push({ kind: 'unknown', index: k, containerPath, mode });
  });
  return { mounts, projected };
}

/**
 * The container's health check → one Mesos-level app health check (MESOS_HTTP(S), MESOS_TCP,
 * COMMAND), its endpoint as a port index among the container's own endpoints.
 */
function normalizeHealthCheck(c: JsonObject, at: string, own: PodEndpoint[], alias: (c: string, r: string) => void): { model?: PodHealthCheck; projected?: HealthCheck } {
  if (!isObject(c.healthCheck)) return {};
  const hc = c.healthCheck;
  const kinds = HANDLERS.filter((k) => isObject(hc[k]));
  const kind = kinds[0];
  const base = `${at}/healthCheck`;
  alias('/healthChecks/0', base);
  if (kind === undefined) return { model: { extra: [] } };
  const handler = obj(hc[kind]);
  alias('/healthChecks/0/protocol', kind === 'http' ? `${base}/http/scheme` : `${base}/${kind}`);
  alias('/healthChecks/0/path', `${base}/http/path`);
  alias('/healthChecks/0/portIndex', `${base}/${kind}/endpoint`);
  alias('/healthChecks/0/command', `${base}/exec/command`);
  const timings = compact({
    gracePeriodSeconds: int(hc.gracePeriodSeconds), intervalSeconds: int(hc.intervalSeconds), timeoutSeconds: int(hc.timeoutSeconds),
    maxConsecutiveFailures: int(hc.maxConsecutiveFailures), delaySeconds: int(hc.delaySeconds),
  });
  const model: PodHealthCheck = { kind, extra: kinds.slice(1) };
  if (kind === 'exec') {
    const command = obj(handler.command);
    const shell = str(command.shell);
    const argv = strArr(command.argv);
    if (shell === undefined && argv !== undefined && argv.length > 0) model.argv = argv;
    alias('/healthChecks/0/command/value', `${base}/exec/command/${shell !== undefined ? 'shell' : 'argv'}`);
    const value = shell ?? argv?.join(' ');
    return { model, projected: compact({ protocol: 'COMMAND' as const, command: value !== undefined && value !== '' ? { value } : undefined, ...timings }) };
  }
  const endpoint = str(handler.endpoint);
  if (endpoint !== undefined) model.endpoint = endpoint;
  const position = own.findIndex((e) => e.name === endpoint);
  if (position < 0) return { model };
  model.endpointIndex = position;
  const https = kind === 'http' && upper(handler.scheme) === 'HTTPS';
  return {
    model,
    projected: compact({
      protocol: kind === 'tcp' ? 'MESOS_TCP' as const : https ? 'MESOS_HTTPS' as const : 'MESOS_HTTP' as const,
      path: kind === 'http' ? str(handler.path) : undefined,
      portIndex: position,
      ...timings,
    }),
  };
}

function ipcInfo(v: unknown): PodIpcInfo | undefined {
  if (!isObject(v) || !isObject(v.ipcInfo)) return undefined;
  const mode = upper(v.ipcInfo.mode);
  return compact<PodIpcInfo>({ mode: mode === 'PRIVATE' || mode === 'SHARE_PARENT' ? mode : undefined, shmSize: amount(v.ipcInfo.shmSize) });
}
