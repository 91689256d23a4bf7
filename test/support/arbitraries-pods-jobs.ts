/**
 * fast-check arbitraries for Marathon pods (`/v2/pods` definitions), Metronome jobs and Marathon
 * group trees (`GET /v2/groups` dumps, `POST /v2/groups` bodies) that Marathon and Metronome
 * themselves accept: every object generated passes `validateMarathon(kind, obj)` with no issue.
 *
 * Shapes follow schemas/marathon-pod.schema.json, schemas/metronome-job.schema.json and
 * schemas/marathon-group.schema.json and the inputs under fixtures/{pods,jobs,groups}; the
 * cross-field rules of src/marathon/rules/{pod,job,group}.ts hold by construction:
 * - pods: unique container, endpoint and volume names; every volume mounted and every mount
 *   naming a volume; health checks with exactly one handler whose endpoint is one of the same
 *   container's; containerPort on container networks only (required there), container and host
 *   ports unique across the pod; resident pods (persistent volumes) with maximumOverCapacity 0
 *   and unreachable disabled; secret references (env, volumes, pullConfig) to declared secrets;
 *   resourceLimits ≥ requests; one network form;
 * - jobs: cmd xor args, secret references to declared secrets, unique schedule ids;
 * - groups: apps, pods and sub-groups direct children of their group, ids unique in the tree,
 *   dependencies naming ids of the tree, and acyclic (they only point "backwards" in tree order).
 *
 * Importing this module imports ./arbitraries.js, which fixes fast-check's global seed (so the
 * suite is deterministic); FC_SEED=<n> or FC_SEED=random explores.
 */
import fc from 'fast-check';
import { anyText, appArb, checkTimingArb, fixEnv, labelsArb, segmentArb, tokenArb, type Json } from './arbitraries.js';

// ─── shared primitives ───────────────────────────────────────────────────────────────────────

/** RAML strings.Name: container, endpoint, volume and network-attachment names. */
const nameArb: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,14}[a-z0-9])?$/) },
  { weight: 2, arbitrary: fc.constantFrom('web', 'http', 'admin', 'app', 'sidecar', 'grpc-web', 'metrics', 'data', '9000', 'a--b', 'x') },
  { weight: 1, arbitrary: fc.stringMatching(/^[a-z0-9][-a-z0-9]{30,61}[a-z0-9]$/) },
);
const networkNameArb = fc.oneof(fc.constantFrom('dcos', 'calico', 'weave', 'overlay-1'), fc.stringMatching(/^[a-z0-9]([a-z0-9_-]{0,10}[a-z0-9])?$/));
const secretNameArb = fc.oneof(fc.stringMatching(/^[a-z][a-z0-9_-]{0,8}[a-z0-9]$/), fc.constantFrom('db-password', 'api-token', 'registry', 'tls'));
const nonZeroPort = fc.integer({ min: 1, max: 65535 });
const portArb = fc.oneof(fc.constantFrom(80, 443, 8080, 9000, 5432, 53), nonZeroPort);
const imageIdArb = fc.tuple(
  fc.constantFrom('nginx', 'redis', 'library/python', 'registry.example.com:5000/team/app', 'quay.io/org/x', 'busybox', 'postgres'),
  fc.constantFrom('', ':1.25', ':latest', '@sha256:' + 'a'.repeat(64), ':v1.2.3-rc.1'),
).map(([i, t]) => i + t);
const shellArb = fc.oneof(
  fc.constantFrom('sleep 3600', 'echo started on $HOST; sleep 10000', 'nginx -g "daemon off;"', './run.sh --port $ENDPOINT_HTTP', 'test -f /tmp/ok && echo $(date)'),
  anyText.filter((s) => s.length > 0),
);
const argvArb = fc.array(fc.oneof(fc.constantFrom('--verbose', '-c', '$(EPOCHS)', 'serve', '--port=8080'), anyText), { minLength: 1, maxLength: 4 });
const urlArb = fc.tuple(
  fc.constantFrom('http', 'https', 'hdfs', 's3'),
  fc.stringMatching(/^[a-z0-9]{1,10}$/),
  fc.constantFrom('com', 'io', 'example'),
  fc.array(fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,8}$/), { maxLength: 3 }),
  fc.constantFrom('', '.tgz', '.tar.gz', '.zip', '.jar', '.sh', '?v=1'),
).map(([scheme, host, tld, path, ext]) => `${scheme}://${host}.${tld}/${path.join('/')}${ext}`);
const userArb = fc.oneof(fc.constantFrom('root', 'nobody', '0', '1000', '65534'), fc.stringMatching(/^[a-z_][a-z0-9_-]{0,10}$/));
const vipArb = fc.oneof(
  fc.tuple(fc.stringMatching(/^[a-z0-9]{1,10}$/), nonZeroPort).map(([n, p]) => `/${n}:${p}`),
  fc.tuple(fc.stringMatching(/^[a-z0-9]{1,8}$/), fc.stringMatching(/^[a-z0-9]{1,8}$/), nonZeroPort).map(([a, b, p]) => `${a}/${b}:${p}`),
  fc.tuple(fc.integer({ min: 1, max: 254 }), fc.integer({ min: 0, max: 255 }), nonZeroPort).map(([a, b, p]) => `10.${a}.${b}.1:${p}`),
);
const timestampArb = fc.constantFrom('2019-03-01T10:00:00.000Z', '2021-03-02T10:11:12.000Z');

/** Deletes the keys whose value is undefined. */
function clean<T extends Json>(o: T): T {
  for (const k of Object.keys(o)) if (o[k] === undefined) delete o[k];
  return o;
}

function pick<T>(items: readonly T[], n: number): T {
  return items[n % items.length]!;
}

/** Distinct values: a repeated one is replaced by `fresh(value, i)` until unused. */
function distinct(values: string[], fresh: (v: string, i: number) => string): string[] {
  const seen = new Set<string>();
  return values.map((v) => {
    let w = v;
    for (let i = 2; seen.has(w); i++) w = fresh(v, i);
    seen.add(w);
    return w;
  });
}

// ─── pods ────────────────────────────────────────────────────────────────────────────────────

type PodNet = 'default' | 'host' | 'container' | 'container-unnamed' | 'container-two' | 'bridge';
type VolumeKind = 'ephemeral' | 'host' | 'persistent' | 'secret';

const podEnvArb = fc.dictionary(
  fc.oneof(fc.stringMatching(/^[A-Z_][A-Z0-9_]{0,15}$/), fc.stringMatching(/^[a-zA-Z_][a-zA-Z0-9_]{0,20}$/), fc.constantFrom('PORT0', 'HOST', 'MESOS_SANDBOX', 'LOG_LEVEL', 'ENDPOINT_HTTP')),
  fc.oneof(
    { weight: 4, arbitrary: fc.oneof(anyText, tokenArb, fc.constantFrom('db.marathon.mesos:5432', 'http://api.team.marathon.l4lb.thisdcos.directory:80/x', 'store-analytics.marathon.mesos:5432')) },
    { weight: 1, arbitrary: fc.nat(9).map((n) => ({ secret: n })) },
  ),
  { maxKeys: 5 },
);


interface EndpointGen {
  name: string;
  containerPort: number;
  hostPort: number | undefined;
  protocol: string[] | undefined;
  labels: Json | undefined;
  networkName: boolean;
}

const endpointGenArb: fc.Arbitrary<EndpointGen> = fc.record({
  name: nameArb,
  containerPort: fc.oneof({ weight: 9, arbitrary: portArb }, { weight: 1, arbitrary: fc.constant(0) }),
  hostPort: fc.option(fc.oneof(fc.constant(0), portArb), { nil: undefined }),
  protocol: fc.option(fc.constantFrom(['tcp'], ['udp'], ['udp', 'tcp'], ['tcp', 'udp'], ['http'], ['TCP']), { nil: undefined }),
  labels: fc.option(fc.oneof(vipArb.map((v) => ({ VIP_0: v })), vipArb.map((v) => ({ VIP_0: v, scrape: 'true' })), labelsArb), { nil: undefined }),
  networkName: fc.boolean(),
});

interface HealthGen {
  kind: 'http' | 'tcp' | 'exec';
  endpoint: number;
  path: string | undefined;
  scheme: string | undefined;
  command: Json;
  timing: Json;
}

const healthGenArb: fc.Arbitrary<HealthGen> = fc.record({
  kind: fc.constantFrom<HealthGen['kind']>('http', 'tcp', 'exec'),
  endpoint: fc.nat(9),
  path: fc.option(fc.constantFrom('/', '/health', '/healthz', '/a b', '/ü?x=1'), { nil: undefined }),
  scheme: fc.option(fc.constantFrom('HTTP', 'HTTPS', 'http'), { nil: undefined }),
  command: fc.oneof(shellArb.map((shell) => ({ shell })), argvArb.map((argv) => ({ argv }))),
  timing: checkTimingArb,
});

interface ContainerGen {
  name: string;
  resources: Json;
  limits: { cpus?: number | 'unlimited'; mem?: number | 'unlimited' } | undefined;
  image: { kind: string; id: string; forcePull?: boolean; pull: boolean; labels?: Json } | undefined;
  exec: { command: Json; overrideEntrypoint?: boolean } | undefined;
  env: Json | undefined;
  endpoints: EndpointGen[];
  health: HealthGen | undefined;
  check: HealthGen | undefined;
  mounts: { volume: number; path: string; readOnly?: boolean }[];
  artifacts: Json[] | undefined;
  labels: Json | undefined;
  user: string | undefined;
  killGrace: number | undefined;
  tty: boolean | undefined;
}

const resourcesArb = fc.record(
  {
    cpus: fc.oneof(fc.constantFrom(0.001, 0.05, 0.1, 0.5, 1, 2), fc.double({ min: 0.001, max: 64, noNaN: true })),
    mem: fc.oneof(fc.constantFrom(16, 32, 128, 1024), fc.double({ min: 0.001, max: 262144, noNaN: true })),
    disk: fc.oneof(fc.constantFrom(0, 64, 100), fc.integer({ min: 0, max: 1e6 })),
    gpus: fc.integer({ min: 0, max: 4 }),
  },
  { requiredKeys: ['cpus', 'mem'] },
);

const mountPathArb = fc.constantFrom('/data', '/var/log/app', '/etc/conf', '/srv/shared', '/usr/share/nginx/html', 'tmp', 'cache', 'certs/tls.crt', '/etc/ledger/tls.crt');

const containerGenArb: fc.Arbitrary<ContainerGen> = fc.record({
  name: nameArb,
  resources: resourcesArb,
  limits: fc.option(fc.record({ cpus: fc.oneof(fc.constant('unlimited' as const), fc.integer({ min: 64, max: 128 })), mem: fc.oneof(fc.constant('unlimited' as const), fc.integer({ min: 262144, max: 524288 })) }, { requiredKeys: [] }), { nil: undefined }),
  image: fc.option(fc.record({
    kind: fc.oneof({ weight: 8, arbitrary: fc.constantFrom('DOCKER', 'docker') }, { weight: 1, arbitrary: fc.constant('APPC') }),
    id: imageIdArb,
    forcePull: fc.boolean(),
    pull: fc.boolean(),
    labels: labelsArb,
  }, { requiredKeys: ['kind', 'id', 'pull'] }), { freq: 4, nil: undefined }),
  exec: fc.option(fc.record({
    command: fc.oneof(shellArb.map((shell) => ({ shell })), argvArb.map((argv) => ({ argv }))),
    overrideEntrypoint: fc.boolean(),
  }, { requiredKeys: ['command'] }), { nil: undefined }),
  env: fc.option(podEnvArb, { nil: undefined }),
  endpoints: fc.array(endpointGenArb, { maxLength: 3 }),
  health: fc.option(healthGenArb, { nil: undefined }),
  check: fc.option(healthGenArb, { freq: 6, nil: undefined }),
  mounts: fc.array(fc.record({ volume: fc.nat(9), path: mountPathArb, readOnly: fc.boolean() }, { requiredKeys: ['volume', 'path'] }), { maxLength: 3 }),
  artifacts: fc.option(fc.array(fc.record({ uri: urlArb, extract: fc.boolean(), executable: fc.boolean(), cache: fc.boolean(), destPath: fc.constantFrom('bin/tool', 'conf.json', 'templates.zip') }, { requiredKeys: ['uri'] }), { minLength: 1, maxLength: 2 }), { nil: undefined }),
  labels: fc.option(labelsArb, { nil: undefined }),
  user: fc.option(userArb, { nil: undefined }),
  killGrace: fc.option(fc.oneof(fc.integer({ min: 0, max: 600 }), fc.constantFrom(0.5, 12.5)), { nil: undefined }),
  tty: fc.option(fc.boolean(), { nil: undefined }),
});

interface VolumeGen {
  name: string;
  kind: VolumeKind;
  host: string;
  persistent: { size: number; type: string | undefined; constrained: boolean };
}

const volumeGenArb: fc.Arbitrary<VolumeGen> = fc.record({
  name: nameArb,
  kind: fc.constantFrom<VolumeKind>('ephemeral', 'ephemeral', 'host', 'persistent', 'secret'),
  host: fc.constantFrom('/var/log', '/mnt/data', '/etc/ssl/certs', '/var/lib/app data'),
  persistent: fc.record({ size: fc.integer({ min: 1, max: 100000 }), type: fc.constantFrom(undefined, 'root', 'path', 'mount'), constrained: fc.boolean() }),
});

const podConstraintArb: fc.Arbitrary<Json> = fc.tuple(
  fc.constantFrom('hostname', '@hostname', '@zone', '@region', 'rack_id', 'ssd', 'instance.type'),
  fc.constantFrom('UNIQUE', 'CLUSTER', 'GROUP_BY', 'LIKE', 'UNLIKE', 'MAX_PER', 'IS', 'unique'),
  fc.constantFrom('rack-1', 'true', 'us-east-1a', 'a|b|c', 'rack-[12]', '^ip-10-.*', '.*'),
  fc.integer({ min: 1, max: 5 }),
  fc.boolean(),
).map(([fieldName, operator, text, n, withValue]) => {
  switch (operator.toUpperCase()) {
    case 'UNIQUE': return { fieldName, operator };
    case 'GROUP_BY': return withValue ? { fieldName, operator, value: String(n) } : { fieldName, operator };
    case 'MAX_PER': return { fieldName, operator, value: String(n) };
    case 'IS': return { fieldName, operator, value: text.replace(/[^a-zA-Z0-9_/.-]/g, '') || 'x' };
    case 'CLUSTER': return withValue ? { fieldName, operator, value: text } : { fieldName, operator };
    default: return { fieldName, operator, value: text };
  }
});

const unreachableArb = fc.oneof(
  fc.constant('disabled'),
  fc.integer({ min: 0, max: 600 }).chain((a) => fc.integer({ min: a, max: 3600 }).map((b) => ({ inactiveAfterSeconds: a, expungeAfterSeconds: b }))),
);

const schedulingArb = fc.record(
  {
    backoff: fc.record({ backoff: fc.integer({ min: 0, max: 300 }), backoffFactor: fc.double({ min: 1, max: 10, noNaN: true }), maxLaunchDelay: fc.integer({ min: 0, max: 86400 }) }, { requiredKeys: [] }),
    upgrade: fc.record({ minimumHealthCapacity: fc.constantFrom(0, 0.5, 0.75, 1), maximumOverCapacity: fc.constantFrom(0, 0.25, 1) }, { requiredKeys: [] }),
    placement: fc.record({
      constraints: fc.array(podConstraintArb, { maxLength: 3 }),
      acceptedResourceRoles: fc.constantFrom(['*'], ['slave_public'], ['slave_public', '*'], []),
    }, { requiredKeys: [] }),
    killSelection: fc.constantFrom('YOUNGEST_FIRST', 'OLDEST_FIRST', 'oldest_first'),
    unreachableStrategy: unreachableArb,
  },
  { requiredKeys: [] },
);

interface PodGen {
  id: string;
  net: PodNet;
  netNames: [string, string];
  netLabels: Json | undefined;
  secrets: string[];
  volumes: VolumeGen[];
  containers: ContainerGen[];
  instances: number | undefined;
  maxInstances: number | undefined;
  scheduling: Json | undefined;
  environment: Json | undefined;
  labels: Json | undefined;
  user: string | undefined;
  extras: Json;
  exportStyle: boolean;
}

const podGenArb: fc.Arbitrary<PodGen> = fc.record({
  id: fc.tuple(fc.array(segmentArb, { minLength: 1, maxLength: 3 }), fc.integer({ min: 0, max: 9 })).map(([segs, r]) => (r === 0 ? segs.join('/') : '/' + segs.join('/'))),
  net: fc.constantFrom<PodNet>('default', 'host', 'container', 'container-unnamed', 'container-two', 'bridge'),
  netNames: fc.tuple(networkNameArb, networkNameArb),
  netLabels: fc.option(labelsArb, { nil: undefined }),
  secrets: fc.uniqueArray(secretNameArb, { maxLength: 3 }),
  volumes: fc.uniqueArray(volumeGenArb, { maxLength: 3, selector: (v) => v.name }),
  containers: fc.uniqueArray(containerGenArb, { minLength: 1, maxLength: 3, selector: (c) => c.name }),
  instances: fc.option(fc.integer({ min: 0, max: 20 }), { nil: undefined }),
  maxInstances: fc.option(fc.integer({ min: 0, max: 10 }), { freq: 4, nil: undefined }),
  scheduling: fc.option(schedulingArb, { nil: undefined }),
  environment: fc.option(podEnvArb, { nil: undefined }),
  labels: fc.option(labelsArb, { nil: undefined }),
  user: fc.option(userArb, { nil: undefined }),
  extras: fc.record({
    executorResources: fc.constant({ cpus: 0.1, mem: 32, disk: 10 }),
    role: fc.constantFrom('*', 'search', 'slave_public'),
    legacySharedCgroups: fc.constant(false),
    linuxInfo: fc.constantFrom({ ipcInfo: { mode: 'PRIVATE', shmSize: 256 } }, { ipcInfo: { mode: 'SHARE_PARENT' } }),
    version: timestampArb,
  }, { requiredKeys: [] }),
  exportStyle: fc.boolean(),
});

function buildPod(g: PodGen): Json {
  const hostNet = g.net === 'default' || g.net === 'host';
  const twoNets = g.net === 'container-two';
  // Endpoints name networks with strings.Name (no '_'), so the two networks they pick from do too.
  const netNames = distinct(g.netNames.map((n) => (twoNets ? n.replace(/_/g, '-') : n)), (v, i) => `${v}${i}`);
  const secrets = g.secrets;

  // Volumes: secret volumes need a declared secret; persistent info obeys its own rules.
  const volumes: Json[] = g.volumes.map((v, i) => {
    const kind: VolumeKind = v.kind === 'secret' && secrets.length === 0 ? 'ephemeral' : v.kind;
    switch (kind) {
      case 'host': return { name: v.name, host: v.host };
      case 'secret': return { name: v.name, secret: pick(secrets, i) };
      case 'persistent': {
        const p = v.persistent;
        return {
          name: v.name,
          persistent: clean({
            type: p.type,
            size: p.size,
            maxSize: p.type === 'mount' && p.constrained ? p.size * 2 : undefined,
            constraints: p.type !== undefined && p.type !== 'root' && p.constrained ? [['path', 'LIKE', '/mnt/ssd.*']] : undefined,
          }),
        };
      }
      default: return { name: v.name };
    }
  });
  const resident = volumes.some((v) => v.persistent !== undefined);

  // Endpoint names are unique across the pod; container and host ports too (0 excepted).
  const endpointNames = new Set<string>();
  const containerPorts = new Set<number>();
  const hostPorts = new Set<number>();
  const freePort = (n: number) => {
    let p = n;
    while (containerPorts.has(p)) p = p >= 65535 ? 1 : p + 1;
    return p;
  };

  const mountsByContainer: Json[][] = g.containers.map(() => []);
  const mountedPaths: Set<string>[] = g.containers.map(() => new Set());
  const addMount = (ci: number, vi: number, path: string, readOnly: boolean | undefined) => {
    const name = volumes[vi]!.name as string;
    if (mountsByContainer[ci]!.some((m) => m.name === name)) return;
    let p = path;
    for (let k = 2; mountedPaths[ci]!.has(p); k++) p = `${path}-${k}`;
    mountedPaths[ci]!.add(p);
    mountsByContainer[ci]!.push(clean({ name, mountPath: p, readOnly }));
  };
  if (volumes.length > 0) {
    g.containers.forEach((c, ci) => c.mounts.forEach((m) => addMount(ci, m.volume % volumes.length, m.path, m.readOnly)));
    volumes.forEach((v, vi) => {
      if (!mountsByContainer.some((ms) => ms.some((m) => m.name === v.name))) addMount(vi % g.containers.length, vi, `/mnt/${v.name as string}`, undefined);
    });
  }

  const containers = g.containers.map((c, ci): Json => {
    const endpoints: Json[] = [];
    for (const e of c.endpoints) {
      if (endpointNames.has(e.name)) continue;
      endpointNames.add(e.name);
      const ep: Json = { name: e.name };
      if (hostNet) {
        // On the host network the endpoint is its host port (0: dynamic); no container port.
        let hp = e.hostPort ?? 0;
        if (hp !== 0 && hostPorts.has(hp)) hp = 0;
        if (hp !== 0) hostPorts.add(hp);
        ep.hostPort = hp;
      } else {
        let cp = e.containerPort;
        if (cp !== 0) {
          cp = freePort(cp);
          containerPorts.add(cp);
        }
        ep.containerPort = cp;
        if (e.hostPort !== undefined) {
          let hp = e.hostPort;
          if (hp !== 0 && hostPorts.has(hp)) hp = 0;
          if (hp !== 0) hostPorts.add(hp);
          ep.hostPort = hp;
          // With several container networks a host port names the network it is bound on.
          if (twoNets) ep.networkNames = [pick(netNames, e.containerPort)];
        } else if (twoNets && e.networkName) ep.networkNames = [pick(netNames, e.containerPort)];
      }
      if (e.protocol) ep.protocol = e.protocol;
      if (e.labels) ep.labels = e.labels;
      endpoints.push(ep);
    }

    const checkOf = (h: HealthGen, withGrace: boolean): Json => {
      const kind = (h.kind === 'http' || h.kind === 'tcp') && endpoints.length === 0 ? 'exec' : h.kind;
      const timing: Json = { ...h.timing };
      if (!withGrace) {
        delete timing.gracePeriodSeconds;
        delete timing.maxConsecutiveFailures;
      }
      if (kind === 'exec') return { exec: { command: h.command }, ...timing };
      const endpoint = pick(endpoints, h.endpoint).name;
      if (kind === 'tcp') return { tcp: { endpoint }, ...timing };
      return { http: clean({ endpoint, path: h.path, scheme: h.scheme }), ...timing };
    };

    const image = c.image
      ? clean({
          kind: c.image.kind,
          id: c.image.id,
          forcePull: c.image.forcePull,
          pullConfig: c.image.pull && secrets.length > 0 ? { secret: pick(secrets, ci) } : undefined,
          labels: c.image.labels,
        })
      : undefined;
    // Without an image a container runs a command (on the default image).
    const exec = c.exec ?? (image ? undefined : { command: { shell: 'sleep 3600' } });
    const cpus = c.resources.cpus as number;
    const mem = c.resources.mem as number;
    const limits = c.limits
      ? clean({
          cpus: typeof c.limits.cpus === 'number' ? Math.max(c.limits.cpus, cpus) : c.limits.cpus,
          mem: typeof c.limits.mem === 'number' ? Math.max(c.limits.mem, mem) : c.limits.mem,
        })
      : undefined;
    const container: Json = clean({
      name: c.name,
      resources: c.resources,
      resourceLimits: limits,
      image,
      exec,
      environment: c.env ? fixEnv(c.env, secrets) : undefined,
      endpoints: endpoints.length > 0 ? endpoints : g.exportStyle ? [] : undefined,
      healthCheck: c.health ? checkOf(c.health, true) : undefined,
      check: c.check ? checkOf(c.check, false) : undefined,
      volumeMounts: mountsByContainer[ci]!.length > 0 ? mountsByContainer[ci] : g.exportStyle ? [] : undefined,
      artifacts: c.artifacts ?? (g.exportStyle ? [] : undefined),
      labels: c.labels ?? (g.exportStyle ? {} : undefined),
      user: c.user,
      lifecycle: c.killGrace !== undefined ? { killGracePeriodSeconds: c.killGrace } : undefined,
      tty: c.tty,
    });
    return container;
  });

  let networks: Json[] | undefined;
  switch (g.net) {
    case 'default': networks = undefined; break;
    case 'host': networks = [{ mode: 'host' }]; break;
    case 'bridge': networks = [{ mode: 'container/bridge' }]; break;
    case 'container': networks = [clean({ mode: 'container', name: netNames[0], labels: g.netLabels })]; break;
    case 'container-unnamed': networks = [clean({ mode: 'container', labels: g.netLabels })]; break;
    case 'container-two': networks = [clean({ mode: 'container', name: netNames[0], labels: g.netLabels }), { mode: 'container', name: netNames[1] }]; break;
  }

  let scheduling = g.scheduling ? structuredClone(g.scheduling) : undefined;
  if (resident) {
    // Marathon's rules for resident pods.
    scheduling ??= {};
    scheduling.upgrade = { ...((scheduling.upgrade as Json | undefined) ?? {}), maximumOverCapacity: 0 };
    if (scheduling.unreachableStrategy !== undefined) scheduling.unreachableStrategy = 'disabled';
  }

  const pod: Json = clean({
    id: g.id,
    labels: g.labels ?? (g.exportStyle ? {} : undefined),
    user: g.user,
    environment: g.environment ? fixEnv(g.environment, secrets) : g.exportStyle ? {} : undefined,
    secrets: secrets.length > 0 ? Object.fromEntries(secrets.map((s) => [s, { source: `team/${s}` }])) : g.exportStyle ? {} : undefined,
    containers,
    volumes: volumes.length > 0 ? volumes : g.exportStyle ? [] : undefined,
    networks,
    scaling: g.instances !== undefined || g.maxInstances !== undefined
      ? clean({ kind: 'fixed', instances: g.instances, maxInstances: g.maxInstances !== undefined ? Math.max(g.maxInstances, g.instances ?? 1) : undefined })
      : undefined,
    scheduling,
    ...g.extras,
  });
  return pod;
}

/** A Marathon pod definition (POST /v2/pods) that Marathon accepts. */
export const podArb: fc.Arbitrary<Json> = podGenArb.map(buildPod);

/** A pod status (GET /v2/pods/{id}::status): the definition under `spec`, the state around it. */
export function podStatus(pod: Json): Json {
  return { id: pod.id, spec: pod, status: 'STABLE', statusSince: '2021-03-02T10:11:12.000Z', instances: [], terminationHistory: [], lastUpdated: '2021-03-02T10:11:12.000Z', lastChanged: '2021-03-02T10:11:12.000Z' };
}

/** A `{pods: […]}` export: 1–n pods with distinct (absolute) ids, now and then as pod statuses. */
export function podListArb(maxPods = 4): fc.Arbitrary<Json[]> {
  return fc.tuple(fc.uniqueArray(podArb, { minLength: 1, maxLength: maxPods, selector: (p) => absolute(p.id as string) }), fc.array(fc.boolean(), { minLength: maxPods, maxLength: maxPods }))
    .map(([pods, status]) => pods.map((p, i) => (status[i] && i % 2 === 1 ? podStatus(p) : p)));
}

function absolute(id: string): string {
  return id.startsWith('/') ? id : '/' + id;
}

// ─── Metronome jobs ──────────────────────────────────────────────────────────────────────────

/** A job id: '.'-separated names (`prod.example.app`). */
export const jobIdArb: fc.Arbitrary<string> = fc.array(segmentArb, { minLength: 1, maxLength: 3 }).map((s) => s.join('.'));

const cronField = (min: number, max: number, names: readonly string[] = []) => fc.oneof(
  { weight: 3, arbitrary: fc.constant('*') },
  { weight: 3, arbitrary: fc.integer({ min, max }).map(String) },
  { weight: 1, arbitrary: fc.integer({ min: 2, max: Math.max(2, Math.floor((max - min) / 2)) }).map((n) => `*/${n}`) },
  { weight: 1, arbitrary: fc.tuple(fc.integer({ min, max }), fc.integer({ min, max })).map(([a, b]) => `${Math.min(a, b)}-${Math.max(a, b)}`) },
  { weight: 1, arbitrary: fc.uniqueArray(fc.integer({ min, max }), { minLength: 2, maxLength: 3 }).map((xs) => xs.sort((a, b) => a - b).join(',')) },
  ...(names.length > 0 ? [{ weight: 1, arbitrary: fc.constantFrom(...names) }] : []),
);

/** Five-field cron expressions as Metronome accepts them (minute hour day-of-month month day-of-week). */
export const cronArb: fc.Arbitrary<string> = fc.oneof(
  { weight: 1, arbitrary: fc.constantFrom('30 2 * * *', '0 6 * * MON', '5 * * * *', '0 23 28-31 * *', '0 7 1 1,4,7,10 1', '*/15 * * * *', '0 0 1 1 *') },
  {
    weight: 3,
    arbitrary: fc.tuple(cronField(0, 59), cronField(0, 23), cronField(1, 28), cronField(1, 12, ['JAN', 'JUN', 'DEC']), cronField(0, 6, ['MON', 'FRI', 'SUN']))
      .map((fields) => fields.join(' ')),
  },
);

const timezoneArb = fc.constantFrom('UTC', 'Etc/UTC', 'America/Chicago', 'Europe/Berlin', 'Asia/Tokyo', 'America/New_York', 'Australia/Sydney', 'Asia/Kolkata');

const scheduleArb = fc.record(
  {
    id: fc.oneof(fc.constantFrom('default', 'nightly', 'hourly', 'every-night', 'month-end-close'), fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,20}[a-z0-9]$/)),
    cron: cronArb,
    timezone: timezoneArb,
    concurrencyPolicy: fc.constantFrom('ALLOW', 'FORBID'),
    enabled: fc.boolean(),
    startingDeadlineSeconds: fc.integer({ min: 1, max: 86400 }),
    nextRunAt: fc.constant('2021-03-02T10:15:00.000+0000'),
  },
  { requiredKeys: ['id', 'cron'] },
);

const jobEnvArb = fc.dictionary(
  fc.oneof(fc.stringMatching(/^[A-Z_][A-Z0-9_]{0,15}$/), fc.constantFrom('MON', 'CONNECT', 'PGHOST', 'my-var', 'a.b')),
  fc.oneof(
    { weight: 4, arbitrary: fc.oneof(anyText, tokenArb, fc.constantFrom('postgres.marathon.mesos', 'http://api.marathon.l4lb.thisdcos.directory:80/x')) },
    { weight: 1, arbitrary: fc.nat(9).map((n) => ({ secret: n })) },
  ),
  { maxKeys: 5 },
);

const jobConstraintArb = fc.record({
  attribute: fc.constantFrom('hostname', '@zone', '@region', 'rack', 'rack_id', 'gpu_type', 'instance_class'),
  operator: fc.constantFrom('IS', 'EQ', 'LIKE', 'UNLIKE'),
  value: fc.constantFrom('rack-2', 'v100', 'us-east-1a|us-east-1b', 'gpu-node-7.example.com', 'rack-[0-9]+', 'p3'),
});

interface JobGen {
  id: string;
  description: string | undefined;
  labels: Json | undefined;
  dependencies: string[] | undefined;
  container: 'none' | 'docker' | 'ucr';
  image: string;
  docker: Json;
  ucr: Json;
  command: 'cmd' | 'args' | 'none';
  cmd: string;
  args: string[];
  resources: { cpus: number; mem: number; disk?: number; gpus?: number };
  env: Json | undefined;
  secrets: string[];
  secretVolumes: { path: string; secret: number }[];
  hostVolumes: Json[];
  artifacts: Json[] | undefined;
  constraints: Json[] | undefined;
  restart: Json | undefined;
  other: Json;
  networks: Json[] | undefined;
  schedules: Json[];
  noise: boolean;
}

const jobGenArb: fc.Arbitrary<JobGen> = fc.record({
  id: jobIdArb,
  description: fc.option(anyText, { nil: undefined }),
  labels: fc.option(labelsArb, { nil: undefined }),
  dependencies: fc.option(fc.array(jobIdArb, { maxLength: 2 }), { freq: 6, nil: undefined }),
  container: fc.constantFrom<JobGen['container']>('none', 'docker', 'docker', 'ucr'),
  image: imageIdArb,
  docker: fc.record({
    forcePullImage: fc.boolean(),
    privileged: fc.boolean(),
    parameters: fc.array(fc.record({ key: fc.constantFrom('cap-add', 'log-driver', 'hostname', 'shm-size', 'user', 'label'), value: fc.oneof(anyText, fc.constantFrom('SYS_ADMIN', 'syslog', '64m')) }), { maxLength: 2 }),
  }, { requiredKeys: [] }),
  ucr: fc.record({ kind: fc.constantFrom('docker', 'docker', 'docker', 'appc'), forcePull: fc.boolean(), privileged: fc.boolean() }, { requiredKeys: [] }),
  command: fc.constantFrom<JobGen['command']>('cmd', 'cmd', 'args', 'none'),
  cmd: shellArb,
  args: argvArb,
  resources: fc.record({
    cpus: fc.oneof(fc.constantFrom(0.01, 0.1, 0.5, 1.5, 8), fc.double({ min: 0.01, max: 64, noNaN: true })),
    mem: fc.oneof(fc.constantFrom(32, 64, 1024, 30720), fc.double({ min: 32, max: 262144, noNaN: true })),
    disk: fc.oneof(fc.constantFrom(0, 128), fc.integer({ min: 0, max: 1e6 })),
    gpus: fc.integer({ min: 0, max: 4 }),
  }, { requiredKeys: ['cpus', 'mem'] }),
  env: fc.option(jobEnvArb, { nil: undefined }),
  secrets: fc.uniqueArray(secretNameArb, { maxLength: 3 }),
  secretVolumes: fc.array(fc.record({ path: fc.constantFrom('ca.key', '/etc/vault/token', '/run/secrets/x', 'conf/secret.json'), secret: fc.nat(9) }), { maxLength: 2 }),
  hostVolumes: fc.array(fc.record({ containerPath: fc.constantFrom('/mnt/test', '/scratch', 'data', '/var/log'), hostPath: fc.constantFrom('/etc/guest', '/var/lib/scratch', '/mnt/data'), mode: fc.constantFrom('RO', 'RW') }), { maxLength: 2 }),
  artifacts: fc.option(fc.array(fc.record({ uri: urlArb, extract: fc.boolean(), executable: fc.boolean(), cache: fc.boolean() }, { requiredKeys: ['uri'] }), { maxLength: 2 }), { nil: undefined }),
  constraints: fc.option(fc.array(jobConstraintArb, { maxLength: 3 }), { nil: undefined }),
  restart: fc.option(fc.record({ policy: fc.constantFrom('NEVER', 'ON_FAILURE'), activeDeadlineSeconds: fc.integer({ min: 0, max: 86400 }) }, { requiredKeys: ['policy'] }), { nil: undefined }),
  other: fc.record({
    maxLaunchDelay: fc.integer({ min: 1, max: 86400 }),
    user: userArb,
    taskKillGracePeriodSeconds: fc.oneof(fc.integer({ min: 0, max: 600 }), fc.constant(12.5)),
  }, { requiredKeys: [] }),
  networks: fc.option(fc.oneof(
    fc.constant<Json[]>([{ mode: 'host' }]),
    fc.constant<Json[]>([{ mode: 'container/bridge' }]),
    fc.tuple(networkNameArb, fc.option(labelsArb, { nil: undefined })).map(([name, labels]): Json[] => [clean({ mode: 'container', name, labels })]),
  ), { freq: 4, nil: undefined }),
  schedules: fc.uniqueArray(scheduleArb, { maxLength: 3, selector: (s) => s.id }),
  noise: fc.boolean(),
});

function buildJob(g: JobGen): Json {
  const run: Json = { ...g.resources };
  if (g.container === 'docker') run.docker = { image: g.image, ...g.docker };
  if (g.container === 'ucr') {
    const { privileged, ...image } = g.ucr;
    run.ucr = clean({ image: { id: g.image, ...image }, privileged });
  }
  // cmd and args never together; without an image there must be a command.
  if (g.command === 'cmd' || (g.command !== 'args' && g.container === 'none')) run.cmd = g.cmd;
  else if (g.command === 'args') {
    if (g.container === 'none') run.cmd = g.cmd;
    else run.args = g.args;
  }
  const secrets = g.secrets;
  if (secrets.length > 0) run.secrets = Object.fromEntries(secrets.map((s) => [s, { source: `team/${s}` }]));
  if (g.env !== undefined) run.env = fixEnv(g.env, secrets);
  const volumes: Json[] = [...g.hostVolumes];
  if (secrets.length > 0) volumes.push(...g.secretVolumes.map((v) => ({ containerPath: v.path, secret: pick(secrets, v.secret) })));
  // One volume per container path.
  const paths = new Set<string>();
  const unique = volumes.filter((v) => !paths.has(v.containerPath as string) && paths.add(v.containerPath as string));
  if (unique.length > 0 || g.noise) run.volumes = unique;
  if (g.artifacts !== undefined) run.artifacts = g.artifacts;
  if (g.constraints !== undefined) run.placement = { constraints: g.constraints };
  if (g.restart !== undefined) run.restart = g.restart;
  if (g.networks !== undefined) run.networks = g.networks;
  Object.assign(run, g.other);

  const job: Json = clean({
    id: g.id,
    description: g.description,
    labels: g.labels,
    dependencies: g.dependencies?.map((id) => ({ id })),
    run,
  });
  const schedules = g.schedules;
  // Exports list schedules ([] when there are none) and carry nextRunAt, activeRuns, history.
  if (schedules.length > 0 || g.noise) job.schedules = schedules.map((s) => (g.noise ? s : clean({ ...s, nextRunAt: undefined })));
  if (g.noise) {
    job.activeRuns = [];
    job.history = { successCount: 12, failureCount: 1, lastSuccessAt: '2021-04-30T00:41:10.000+0000', lastFailureAt: null, successfulFinishedRuns: [], failedFinishedRuns: [] };
  }
  return job;
}

/** A Metronome job (POST /v1/jobs, GET /v1/jobs?embed=… exports) that Metronome accepts. */
export const jobArb: fc.Arbitrary<Json> = jobGenArb.map(buildJob);

/** A list of 1–n jobs with distinct ids (the `[job, job, …]` export). */
export function jobListArb(maxJobs = 4): fc.Arbitrary<Json[]> {
  return fc.uniqueArray(jobArb, { minLength: 1, maxLength: maxJobs, selector: (j) => j.id as string });
}

// ─── groups ──────────────────────────────────────────────────────────────────────────────────

/** The generated shape of a group before ids and dependencies are assigned. */
interface GroupGen {
  segment: string;
  relative: boolean;
  apps: { app: Json; segment: string; depPicks: number[] }[];
  pods: { pod: Json; segment: string; asStatus: boolean }[];
  groups: GroupGen[];
  depPicks: number[];
  relativeDeps: boolean;
  dumpStyle: boolean;
  enforceRole: boolean | undefined;
}

function groupGenArb(depth: number, segment: fc.Arbitrary<string>): fc.Arbitrary<GroupGen> {
  return fc.record({
    segment,
    relative: fc.boolean(),
    apps: fc.array(fc.record({ app: appArb, segment, depPicks: fc.array(fc.nat(), { maxLength: 2 }) }), { maxLength: 2 }),
    pods: fc.array(fc.record({ pod: podArb, segment, asStatus: fc.integer({ min: 0, max: 3 }).map((n) => n === 0) }), { maxLength: 2 }),
    groups: depth >= 3 ? fc.constant([]) : fc.array(groupGenArb(depth + 1, segment), { maxLength: depth === 0 ? 3 : depth === 1 ? 2 : 1 }),
    depPicks: fc.array(fc.nat(), { maxLength: 2 }),
    relativeDeps: fc.boolean(),
    dumpStyle: fc.boolean(),
    enforceRole: fc.option(fc.boolean(), { nil: undefined }),
  });
}

/** One id of the tree that a dependency may name: a member (app, pod) or a group. */
interface Target {
  id: string;
  /** Tree order of the members it stands for ([lo, hi]; empty group: lo > hi). */
  lo: number;
  hi: number;
}

function join(parent: string, segment: string): string {
  return parent === '/' ? `/${segment}` : `${parent}/${segment}`;
}

/** `target` as seen from `base` (both absolute): `../x`, `../../y/z`, or absolute when no shorter. */
function relativeTo(target: string, base: string): string {
  const t = target.split('/').filter(Boolean);
  const b = base.split('/').filter(Boolean);
  let common = 0;
  while (common < t.length && common < b.length && t[common] === b[common]) common++;
  if (common === b.length) return target; // a descendant: written absolute
  return '../'.repeat(b.length - common) + t.slice(common).join('/');
}

/** A built group tree: the document, and every app/pod/group id in it with its tree order range. */
function buildGroup(root: GroupGen, rootId: string, rootWritten: string): Json {
  // First pass: absolute ids (direct children, unique among siblings, hence in the tree), member order.
  interface Node { gen: GroupGen; id: string; written: string; lo: number; hi: number; apps: { id: string; order: number }[]; pods: { id: string; order: number }[]; children: Node[]; parent?: Node }
  let order = 0;
  const targets: Target[] = [];
  const place = (gen: GroupGen, id: string, written: string, parent?: Node): Node => {
    const segs = distinct([...gen.apps.map((a) => a.segment), ...gen.pods.map((p) => p.segment), ...gen.groups.map((c) => c.segment)], (v, i) => `${v}-${i}`);
    const node: Node = { gen, id, written, lo: order, hi: order - 1, apps: [], pods: [], children: [], ...(parent ? { parent } : {}) };
    gen.apps.forEach((_, i) => {
      node.apps.push({ id: join(id, segs[i]!), order: order });
      targets.push({ id: join(id, segs[i]!), lo: order, hi: order });
      order++;
    });
    gen.pods.forEach((_, i) => {
      const pid = join(id, segs[gen.apps.length + i]!);
      node.pods.push({ id: pid, order });
      targets.push({ id: pid, lo: order, hi: order });
      order++;
    });
    gen.groups.forEach((child, i) => {
      const cid = join(id, segs[gen.apps.length + gen.pods.length + i]!);
      node.children.push(place(child, cid, child.relative ? segs[gen.apps.length + gen.pods.length + i]! : cid, node));
    });
    node.hi = order - 1;
    if (id !== '/') targets.push({ id, lo: node.lo, hi: node.hi });
    return node;
  };
  const tree = place(root, rootId, rootWritten);

  // Dependencies only point backwards in tree order (never at an ancestor, a descendant or
  // oneself), so the dependency graph stays acyclic as Marathon demands.
  const earlier = (lo: number, self: string) => targets.filter((t) => t.hi < lo && t.lo <= t.hi && t.id !== self && !self.startsWith(t.id + '/') && !t.id.startsWith(self + '/'));

  const emit = (node: Node): Json => {
    const g = node.gen;
    const group: Json = { id: node.written };
    const apps = g.apps.map(({ app, depPicks }, i) => {
      const a = structuredClone(app);
      const { id, order: o } = node.apps[i]!;
      a.id = id;
      if (Array.isArray(a.dependencies)) {
        const options = earlier(o, id);
        a.dependencies = options.length === 0 ? [] : [...new Set(depPicks.map((n) => pick(options, n).id))].map((d) => (g.relativeDeps ? relativeTo(d, node.id) : d));
      }
      return a;
    });
    const pods = g.pods.map(({ pod, asStatus }, i) => {
      const p = structuredClone(pod);
      p.id = node.pods[i]!.id;
      return asStatus ? podStatus(p) : p;
    });
    if (apps.length > 0 || g.dumpStyle) group.apps = apps;
    if (pods.length > 0 || g.dumpStyle) group.pods = pods;
    const children = node.children.map(emit);
    if (children.length > 0 || g.dumpStyle) group.groups = children;
    const options = node.lo <= node.hi ? earlier(node.lo, node.id) : [];
    const deps = options.length === 0 ? [] : [...new Set(g.depPicks.map((n) => pick(options, n).id))];
    if (deps.length > 0 || g.dumpStyle) group.dependencies = deps.map((d) => (g.relativeDeps && node.id !== '/' ? relativeTo(d, node.id) : d));
    if (g.dumpStyle) group.version = '2021-03-02T10:11:12.000Z';
    if (g.enforceRole !== undefined && node.parent?.id === '/') group.enforceRole = g.enforceRole;
    return group;
  };
  return emit(tree);
}

/**
 * A group tree: the root group "/" (a GET /v2/groups dump) or a named group (a POST /v2/groups
 * body), sub-groups to depth 3, apps (appArb) and pods (podArb, some as pod statuses) as direct
 * children with ids unique in the tree, and group/app dependencies naming ids of the tree.
 * `segment` makes the id segments (collidingSegmentArb: ids that collide once sanitized).
 */
export function groupTreeArb(segment: fc.Arbitrary<string> = segmentArb): fc.Arbitrary<Json> {
  return fc.tuple(
    groupGenArb(0, segment),
    fc.oneof(
      { weight: 2, arbitrary: fc.constant<[string, string]>(['/', '/']) },
      { weight: 2, arbitrary: segment.map((s): [string, string] => [`/${s}`, `/${s}`]) },
      { weight: 1, arbitrary: segment.map((s): [string, string] => [`/${s}`, s]) },
      { weight: 1, arbitrary: fc.tuple(segment, segment).map(([a, b]): [string, string] => [`/${a}/${b}`, `/${a}/${b}`]) },
    ),
  ).map(([gen, [id, written]]) => {
    const group = buildGroup(gen, id, written);
    // Documents are recognised by content: a group with no apps, pods or groups key at all
    // (`{"id": "/"}`) is no recognisable document, so the root always lists its sub-groups.
    if (group.apps === undefined && group.pods === undefined && group.groups === undefined) group.groups = [];
    return group;
  });
}

export const groupArb: fc.Arbitrary<Json> = groupTreeArb();

/**
 * Id segments that collide once ids become Kubernetes names ('.' and '/' turn into '-', long
 * names are cut): for the "names are unique" property.
 */
export const collidingSegmentArb: fc.Arbitrary<string> = fc.constantFrom('a', 'b', 'a-b', 'a.b', 'x'.repeat(70), 'x'.repeat(71));
