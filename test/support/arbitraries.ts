/**
 * fast-check arbitraries for Marathon apps that Marathon itself would accept: every app field
 * of shared/reference/MARATHON-FIELDS.md §2, in its canonical and legacy forms (docker.network,
 * docker.portMappings, ipAddress, ports, uris, command checks without protocol, relative ids),
 * with the nulls and explicit defaults of real GET /v2/apps exports and their response-only
 * fields. Cross-field rules (§2.9) are respected by construction: the network form decides where
 * ports go, secrets referenced exist, a resident app has the settings Marathon demands, …
 *
 * Pods, group trees and Metronome jobs have theirs in arbitraries-pods-jobs.ts.
 */
import fc from 'fast-check';

/**
 * The suite runs with a fixed seed so that `npm test` gives the same verdict on every machine
 * and CI run; explore new inputs with FC_SEED=<n> (or FC_SEED=random) when working on mappers.
 */
const FC_SEED = process.env.FC_SEED;
fc.configureGlobal(FC_SEED === 'random' ? {} : { seed: Number(FC_SEED ?? 20261124) });


export type Json = Record<string, unknown>;

const RESERVED = new Set(['restart', 'tasks', 'versions']);

// ─── primitives ──────────────────────────────────────────────────────────────────────────────

const label63 = fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,12}[a-z0-9])?$/);
/** A path-id segment: lowercase alnum and '-', sometimes dotted, now and then very long. */
export const segmentArb: fc.Arbitrary<string> = fc.oneof(
  { weight: 8, arbitrary: label63 },
  { weight: 1, arbitrary: fc.tuple(label63, label63).map(([a, b]) => `${a}.${b}`) },
  { weight: 1, arbitrary: fc.stringMatching(/^[a-z0-9][a-z0-9-]{40,90}[a-z0-9]$/) },
).filter((s) => !RESERVED.has(s));

/** An app id: absolute, or relative (resolved against `/`), 1–4 segments. */
export const appIdArb: fc.Arbitrary<string> = fc
  .tuple(fc.array(segmentArb, { minLength: 1, maxLength: 4 }), fc.integer({ min: 0, max: 9 }))
  .map(([segs, r]) => (r === 0 ? segs.join('/') : '/' + segs.join('/')));

/** Resolves an id as Marathon does at the root (for uniqueness checks in a batch). */
export function absoluteId(id: string): string {
  return id.startsWith('/') ? id : '/' + id;
}

const legacyName = fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,10}[a-z0-9])?$/);
const networkName = fc.stringMatching(/^[a-z0-9]([a-z0-9_-]{0,10}[a-z0-9])?$/);
const port = fc.oneof(fc.constantFrom(0, 80, 443, 8080, 9000, 5432), fc.integer({ min: 0, max: 65535 }));
const nonZeroPort = fc.integer({ min: 1, max: 65535 });
const protocolArb = fc.constantFrom('tcp', 'udp', 'udp,tcp', 'TCP', 'UDP');
/** Text of every kind: ascii, unicode, spaces, shell metacharacters, `$(…)`, YAML specials. */
export const anyText: fc.Arbitrary<string> = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.constantFrom('', ' ', 'yes', 'no', 'null', '~', '0x1F', '1e3', '-', '---', '# c', 'a: b', '{x}', '$(echo hi)', '$PORT0', '${HOST}', "it's", '"q"', 'tab\there', 'line\nbreak', '\u0000', 'ü', '😀'),
);
/** Values that look like credentials (must never be echoed in findings). */
export const tokenArb: fc.Arbitrary<string> = fc
  .tuple(fc.constantFrom('ghp_', 'xoxb-', 'eyJhbGciOi', 'AKIA', 'sk-live-', 'tok-'), fc.stringMatching(/^[A-Za-z0-9]{24,40}$/))
  .map(([p, s]) => p + s);
const labelKey = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('team', 'owner', 'env', 'tier', 'version', 'app.kubernetes.io/part-of', 'example.com/cost', 'traefik.enable', 'traefik.frontend.rule', 'consul', 'DCOS_SERVICE_NAME', 'DCOS_SERVICE_PORT_INDEX', 'DCOS_SERVICE_SCHEME', 'DCOS_PACKAGE_NAME', 'DCOS_PACKAGE_VERSION', 'HAPROXY_GROUP', 'HAPROXY_0_VHOST', 'HAPROXY_0_PATH', 'HAPROXY_0_REDIRECT_TO_HTTPS', 'HAPROXY_0_BALANCE', 'HAPROXY_1_VHOST') },
  { weight: 2, arbitrary: fc.stringMatching(/^[A-Za-z][A-Za-z0-9_.-]{0,20}$/) },
  { weight: 1, arbitrary: fc.string({ minLength: 1, maxLength: 20 }) },
);
const labelValue = fc.oneof(
  { weight: 4, arbitrary: fc.stringMatching(/^[A-Za-z0-9]([A-Za-z0-9_.-]{0,20}[A-Za-z0-9])?$/) },
  { weight: 2, arbitrary: anyText },
  { weight: 1, arbitrary: fc.constantFrom('external', 'internal', 'true', 'www.example.com', 'a.example.com,b.example.com', '/api', 'Host:x.example.com') },
);
export const labelsArb: fc.Arbitrary<Record<string, string>> = fc.dictionary(labelKey, labelValue, { maxKeys: 6 });

function dedupe<T>(items: T[], key: (t: T) => unknown): T[] {
  const seen = new Set<unknown>();
  return items.filter((t) => {
    const k = key(t);
    if (k === undefined) return true;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** Deletes the keys whose value is undefined (fc.record with optional keys leaves none, but builders do). */
function clean<T extends Json>(o: T): T {
  for (const k of Object.keys(o)) if (o[k] === undefined) delete o[k];
  return o;
}

// ─── ports ───────────────────────────────────────────────────────────────────────────────────

interface PortSpec {
  number: number;
  name?: string;
  protocol?: string;
  labels?: Record<string, string>;
  servicePort?: number;
  hostPort?: number;
}

const vipValue = fc.oneof(
  fc.tuple(label63, nonZeroPort).map(([n, p]) => `/${n}:${p}`),
  fc.tuple(label63, label63, nonZeroPort).map(([a, b, p]) => `${a}/${b}:${p}`),
  fc.tuple(fc.integer({ min: 1, max: 254 }), fc.integer({ min: 0, max: 255 }), nonZeroPort).map(([a, b, p]) => `10.${a}.${b}.1:${p}`),
);

const portSpecArb: fc.Arbitrary<PortSpec> = fc.record(
  {
    number: port,
    name: legacyName,
    protocol: protocolArb,
    labels: fc.oneof(vipValue.map((v) => ({ VIP_0: v })), labelsArb),
    servicePort: port,
    hostPort: port,
  },
  { requiredKeys: ['number'] },
);

/** 0–4 ports with unique names and unique non-zero numbers (Marathon's rules). */
const portsArb: fc.Arbitrary<PortSpec[]> = fc.array(portSpecArb, { maxLength: 4 }).map((ports) => {
  const names = new Set<string>();
  const numbers = new Set<number>();
  return ports.map((p, i) => {
    const q = { ...p };
    if (q.name !== undefined) {
      if (names.has(q.name)) delete q.name;
      else names.add(q.name);
    }
    if (q.number !== 0) {
      if (numbers.has(q.number)) q.number = 0;
      else numbers.add(q.number);
    }
    if (q.labels && 'VIP_0' in q.labels && i > 0) q.labels = { [`VIP_${i}`]: q.labels.VIP_0! };
    return q;
  });
});

function mappingOf(p: PortSpec, withHostPort: boolean): Json {
  return clean({ containerPort: p.number, hostPort: withHostPort ? p.hostPort : undefined, servicePort: p.servicePort, protocol: p.protocol, name: p.name, labels: p.labels });
}

function definitionOf(p: PortSpec): Json {
  return clean({ port: p.number, protocol: p.protocol, name: p.name, labels: p.labels });
}

// ─── checks ──────────────────────────────────────────────────────────────────────────────────

/** The timing fields health checks share (apps and pods alike). */
export const checkTimingArb = fc.record(
  {
    gracePeriodSeconds: fc.integer({ min: 0, max: 3600 }),
    intervalSeconds: fc.integer({ min: 0, max: 600 }),
    timeoutSeconds: fc.integer({ min: 0, max: 600 }),
    maxConsecutiveFailures: fc.integer({ min: 0, max: 20 }),
    delaySeconds: fc.integer({ min: 0, max: 60 }),
  },
  { requiredKeys: [] },
);

const shellCommand = fc.oneof(
  fc.constantFrom('curl -f http://$HOST:$PORT0/health', 'exit 0', 'pgrep java', 'test -f /tmp/ok && echo $(date)'),
  anyText.filter((s) => s.length > 1),
);

/**
 * Health checks with a symbolic port reference; `fixHealthChecks` resolves it against the app's
 * port count (an index into the ports, or a `port` when the app has none).
 */
const healthChecksArb: fc.Arbitrary<Json[]> = (() => {
  const portRef = fc.oneof(fc.record({ portIndex: fc.integer({ min: 0, max: 3 }) }), fc.record({ port: nonZeroPort }), fc.constant({}));
  const marathon = fc.tuple(fc.constantFrom('HTTP', 'HTTPS', 'TCP', 'http'), portRef, fc.option(fc.constantFrom('/', '/health', '/a b', '/ü?x=1'), { nil: undefined }), fc.option(fc.boolean(), { nil: undefined }), checkTimingArb)
    .map(([protocol, ref, path, ignore1xx, t]) => clean({ protocol, ...ref, path: protocol.toUpperCase() === 'TCP' ? undefined : path, ignoreHttp1xx: protocol.toUpperCase() === 'TCP' ? undefined : ignore1xx, ...t }));
  const mesos = fc.tuple(fc.constantFrom('MESOS_HTTP', 'MESOS_HTTPS', 'MESOS_TCP', 'COMMAND', 'LEGACY_COMMAND'), portRef, shellCommand, fc.option(fc.constantFrom('IPv4', 'IPv6'), { nil: undefined }), checkTimingArb)
    .map(([protocol, ref, cmd, ip, t]) => {
      if (protocol === 'COMMAND') return clean({ protocol, command: { value: cmd }, ...t });
      if (protocol === 'LEGACY_COMMAND') return clean({ command: { value: cmd }, ...t });
      return clean({ protocol, ...ref, path: protocol === 'MESOS_TCP' ? undefined : '/ping', ipProtocol: ip, ...t });
    });
  // At most one Mesos-level check per app.
  return fc.tuple(fc.array(marathon, { maxLength: 2 }), fc.option(mesos, { nil: undefined }), fc.boolean())
    .map(([m, one, first]) => (one === undefined ? m : first ? [one, ...m] : [...m, one]));
})();

function fixHealthChecks(checks: Json[], ports: number, docker: boolean): Json[] {
  return checks.map((hc) => {
    const c = { ...hc };
    if (typeof c.portIndex === 'number') {
      if (ports > 0) c.portIndex = c.portIndex % ports;
      else {
        delete c.portIndex;
        c.port = 8080;
      }
    } else if (c.port === undefined && ports === 0 && c.command === undefined) c.port = 8080;
    if (!docker) delete c.ipProtocol;
    return c;
  });
}

// ─── constraints ─────────────────────────────────────────────────────────────────────────────

const constraintArb: fc.Arbitrary<string[]> = fc.tuple(
  fc.constantFrom('hostname', '@hostname', '@zone', '@region', 'rack', 'rack_id', 'disk-type', 'instance.type'),
  fc.constantFrom('UNIQUE', 'CLUSTER', 'GROUP_BY', 'LIKE', 'UNLIKE', 'MAX_PER', 'IS', 'unique', 'Cluster'),
  fc.constantFrom('rack-1', 'ssd', 'us-east-1a', 'a|b|c', 'rack-[1-3]', '10\\.0\\..*', '.*', 'node-1.example.com'),
  fc.integer({ min: 1, max: 5 }),
  fc.boolean(),
).map(([field, op, text, n, withValue]) => {
  switch (op.toUpperCase()) {
    case 'UNIQUE': return [field, op];
    case 'GROUP_BY': return withValue ? [field, op, String(n)] : [field, op];
    case 'MAX_PER': return [field, op, String(n)];
    case 'IS': return [field, op, text.replace(/[^a-zA-Z0-9_/.-]/g, '')];
    case 'CLUSTER': return withValue ? [field, op, text] : [field, op];
    default: return [field, op, text];
  }
});

// ─── the app ─────────────────────────────────────────────────────────────────────────────────

type NetForm = 'default-host' | 'host' | 'bridge' | 'container' | 'legacy-bridge' | 'legacy-host' | 'legacy-user' | 'ipaddress';
type ContainerKind = 'none' | 'docker' | 'ucr' | 'mesos';

interface Skeleton {
  id: string;
  kind: ContainerKind;
  net: NetForm;
  ports: PortSpec[];
  legacyPorts: boolean;
  secrets: string[];
  resident: boolean;
}

const skeletonArb: fc.Arbitrary<Skeleton> = fc
  .record({
    id: appIdArb,
    kind: fc.constantFrom<ContainerKind>('none', 'docker', 'docker', 'ucr', 'mesos'),
    netPick: fc.integer({ min: 0, max: 99 }),
    ports: portsArb,
    legacyPorts: fc.boolean(),
    secrets: fc.uniqueArray(fc.stringMatching(/^[a-z][a-z0-9_]{0,8}$/), { maxLength: 3 }),
    resident: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
  })
  .map(({ id, kind, netPick, ports, legacyPorts, secrets, resident }) => {
    const forms: NetForm[] = kind === 'docker'
      ? ['default-host', 'host', 'bridge', 'container', 'legacy-bridge', 'legacy-host', 'legacy-user']
      : kind === 'none' ? ['default-host', 'host', 'ipaddress'] : ['default-host', 'host', 'bridge', 'container', 'ipaddress'];
    return { id, kind, net: forms[netPick % forms.length]!, ports, legacyPorts, secrets, resident: resident && kind !== 'none' };
  });

const imageArb = fc.tuple(fc.constantFrom('nginx', 'redis', 'library/python', 'registry.example.com:5000/team/app', 'quay.io/org/x', 'busybox'), fc.constantFrom('', ':1.25', ':latest', '@sha256:' + 'a'.repeat(64), ':v1.2.3-rc.1'))
  .map(([i, t]) => i + t);

/** Env with `{secret: <index>}` placeholders that `fixEnv` points at the app's secrets. */
const envArb = fc.dictionary(
  fc.oneof(fc.stringMatching(/^[A-Z_][A-Z0-9_]{0,15}$/), fc.constantFrom('my-var', '1BAD', 'a.b', 'PORT0', 'HOST', 'MESOS_SANDBOX'), fc.string({ minLength: 1, maxLength: 10 })),
  fc.oneof(
    { weight: 4, arbitrary: fc.oneof(anyText, tokenArb, fc.constantFrom('db.marathon.mesos:5432', 'http://api.team.marathon.l4lb.thisdcos.directory:80/x')) },
    { weight: 1, arbitrary: fc.nat(9).map((n) => ({ secret: n })) },
  ),
  { maxKeys: 6 },
);

/** `{secret: <index>}` placeholders → the declared secrets (dropped when there are none). */
export function fixEnv(env: Json, secrets: string[]): Json {
  const out: Json = {};
  for (const [k, v] of Object.entries(env)) {
    if (typeof v === 'object' && v !== null) {
      if (secrets.length > 0) out[k] = { secret: secrets[((v as { secret: number }).secret) % secrets.length] };
    } else out[k] = v;
  }
  return out;
}

const urlArb = fc.tuple(fc.constantFrom('http', 'https', 'hdfs', 's3'), label63, fc.constantFrom('com', 'io', 'example'), fc.array(label63, { maxLength: 3 }), fc.constantFrom('', '.tgz', '.tar.gz', '.zip', '.jar', '.sh', '?v=1'))
  .map(([scheme, host, tld, path, ext]) => `${scheme}://${host}.${tld}/${path.join('/')}${ext}`);

/** Optional top-level fields that need nothing else of the app. */
const independentArb = fc.record(
  {
    cpus: fc.oneof(fc.constantFrom(0.001, 0.1, 0.5, 1, 2), fc.double({ min: 0.001, max: 64, noNaN: true })),
    mem: fc.oneof(fc.constantFrom(0, 32, 128, 1024), fc.double({ min: 0, max: 262144, noNaN: true })),
    disk: fc.oneof(fc.constantFrom(0, 100), fc.integer({ min: 0, max: 1e6 })),
    instances: fc.integer({ min: 0, max: 500 }),
    labels: labelsArb,
    constraints: fc.uniqueArray(constraintArb, { maxLength: 3, selector: (c) => c.join('\u0000') }),
    backoffSeconds: fc.integer({ min: 0, max: 3600 }),
    backoffFactor: fc.double({ min: 1, max: 10, noNaN: true }),
    maxLaunchDelaySeconds: fc.integer({ min: 0, max: 86400 }),
    taskKillGracePeriodSeconds: fc.integer({ min: 0, max: 3600 }),
    killSelection: fc.constantFrom('YOUNGEST_FIRST', 'OLDEST_FIRST', 'oldest_first'),
    user: fc.oneof(fc.constantFrom('root', 'nobody', '0', '1000', '65534'), fc.stringMatching(/^[a-z_][a-z0-9_-]{0,10}$/)),
    dependencies: fc.array(fc.oneof(appIdArb, fc.constant('../db')), { maxLength: 2 }),
    executor: fc.constantFrom('', '//cmd', '/opt/executors/custom'),
    tty: fc.boolean(),
    storeUrls: fc.array(urlArb, { maxLength: 1 }),
  },
  { requiredKeys: [] },
);

const RESPONSE_NOISE: Json = {
  version: '2019-03-01T10:00:00.000Z',
  versionInfo: { lastScalingAt: '2019-03-01T10:00:00.000Z', lastConfigChangeAt: '2019-02-01T10:00:00.000Z' },
  tasksStaged: 0, tasksRunning: 2, tasksHealthy: 2, tasksUnhealthy: 0, deployments: [], tasks: [],
};

/** A Marathon app as users and exports write it. */
export const appArb: fc.Arbitrary<Json> = fc.tuple(
  skeletonArb,
  fc.record({
      independent: independentArb,
      image: imageArb,
      docker: fc.record({ forcePullImage: fc.boolean(), privileged: fc.boolean(), parameters: fc.array(fc.record({ key: fc.constantFrom('cap-add', 'log-driver', 'hostname', 'shm-size', 'user', 'workdir', 'label', 'dns'), value: fc.oneof(anyText, fc.constantFrom('NET_ADMIN', '64m', '1000', '/srv')) }), { maxLength: 2 }) }, { requiredKeys: [] }),
      typeSpelling: fc.constantFrom('DOCKER', 'docker', undefined),
      command: fc.oneof(fc.record({ cmd: shellCommand }), fc.record({ args: fc.array(anyText, { minLength: 1, maxLength: 3 }) }), fc.constant({})),
      env: fc.option(envArb, { nil: undefined }),
      healthChecks: fc.option(healthChecksArb, { nil: undefined }),
      readiness: fc.record({ intervalSeconds: fc.integer({ min: 2, max: 120 }), protocol: fc.constantFrom('HTTP', 'HTTPS'), path: fc.constantFrom('/ready', '/'), codes: fc.uniqueArray(fc.integer({ min: 100, max: 999 }), { minLength: 1, maxLength: 3 }), want: fc.boolean() }),
      volumes: fc.array(fc.oneof(
        fc.record({ containerPath: fc.constantFrom('/data', '/var/log', 'logs', '/etc/ssl/certs'), hostPath: fc.constantFrom('/mnt/data', '/var/log', '/etc/ssl/certs', 'relative/dir'), mode: fc.constantFrom('RO', 'RW', 'ro') }),
        fc.record({ containerPath: fc.constantFrom('/ext', '/srv/shared'), mode: fc.constantFrom('RW', 'RO'), external: fc.record({ name: fc.stringMatching(/^[a-z][a-z0-9-]{0,10}$/), provider: fc.constant('dvdi'), options: fc.constant({ 'dvdi/driver': 'rexray' }), size: fc.integer({ min: 1, max: 100 }) }, { requiredKeys: ['name', 'provider'] }) }),
      ), { maxLength: 2 }),
      secretVolume: fc.boolean(),
      pullConfig: fc.boolean(),
      gpus: fc.option(fc.integer({ min: 0, max: 4 }), { nil: undefined }),
      upgrade: fc.option(fc.record({ minimumHealthCapacity: fc.constantFrom(0, 0.5, 0.75, 1), maximumOverCapacity: fc.constantFrom(0, 0.2, 1) }), { nil: undefined }),
      unreachable: fc.option(fc.oneof(fc.constant('disabled'), fc.integer({ min: 0, max: 600 }).chain((a) => fc.integer({ min: a, max: 3600 }).map((b) => ({ inactiveAfterSeconds: a, expungeAfterSeconds: b })))), { nil: undefined }),
      roles: fc.option(fc.constantFrom(['*'], ['slave_public'], ['slave_public', '*']), { nil: undefined }),
      fetch: fc.option(fc.oneof(
        fc.array(urlArb, { minLength: 1, maxLength: 2 }).map((uris) => ({ uris })),
        fc.array(fc.record({ uri: urlArb, extract: fc.boolean(), executable: fc.boolean(), cache: fc.boolean(), destPath: fc.constantFrom('bin/tool', 'conf.json') }, { requiredKeys: ['uri'] }), { minLength: 1, maxLength: 2 }).map((fetch) => ({ fetch })),
      ), { nil: undefined }),
      limits: fc.option(fc.record({ cpus: fc.oneof(fc.constant('unlimited'), fc.integer({ min: 64, max: 128 })), mem: fc.oneof(fc.constant('unlimited'), fc.integer({ min: 262144, max: 524288 })) }, { requiredKeys: [] }), { nil: undefined }),
      requirePorts: fc.option(fc.boolean(), { nil: undefined }),
      netLabels: fc.option(labelsArb, { nil: undefined }),
      netName: networkName,
      persistent: fc.record({ size: fc.integer({ min: 1, max: 100000 }), type: fc.constantFrom(undefined, 'root', 'path', 'mount') }),
      exportStyle: fc.integer({ min: 0, max: 3 }),
      nulls: fc.subarray(['cmd', 'args', 'user', 'healthChecks', 'constraints', 'uris', 'fetch', 'storeUrls', 'labels', 'env', 'readinessChecks', 'dependencies', 'secrets', 'executor', 'portDefinitions', 'ipAddress', 'residency', 'gpus', 'disk']),
  }),
).map(([s, g]) => buildApp(s, g as Gen));

interface Gen {
  independent: Json;
  image: string;
  docker: Json;
  typeSpelling: string | undefined;
  command: Json;
  env: Json | undefined;
  healthChecks: Json[] | undefined;
  readiness: { intervalSeconds: number; protocol: string; path: string; codes: number[]; want: boolean };
  volumes: Json[];
  secretVolume: boolean;
  pullConfig: boolean;
  gpus: number | undefined;
  upgrade: Json | undefined;
  unreachable: unknown;
  roles: string[] | undefined;
  fetch: Json | undefined;
  limits: Json | undefined;
  requirePorts: boolean | undefined;
  netLabels: Record<string, string> | undefined;
  netName: string;
  persistent: { size: number; type: string | undefined };
  exportStyle: number;
  nulls: string[];
}

function buildApp(s: Skeleton, g: Gen): Json {
  const app: Json = { id: s.id, ...g.independent };
  let container: Json | undefined;
  const docker: Json = { image: g.image, ...g.docker };
  if (s.kind === 'docker') container = clean({ type: g.typeSpelling, docker });
  else if (s.kind === 'ucr') container = { type: 'MESOS', docker: { image: g.image, ...(g.docker.forcePullImage !== undefined ? { forcePullImage: g.docker.forcePullImage } : {}) } };
  else if (s.kind === 'mesos') container = { type: 'mesos' };

  // Where the ports go depends on the network form.
  const hostMode = s.net === 'default-host' || s.net === 'host' || s.net === 'legacy-host';
  const portsOf = () => (s.legacyPorts && s.ports.length > 0 ? { ports: s.ports.map((p) => p.number) } : { portDefinitions: s.ports.map(definitionOf) });
  switch (s.net) {
    case 'default-host': Object.assign(app, s.ports.length || s.legacyPorts ? portsOf() : {}); break;
    case 'host': app.networks = [{ mode: 'host' }]; Object.assign(app, portsOf()); break;
    case 'bridge': app.networks = [{ mode: 'container/bridge' }]; container!.portMappings = s.ports.map((p) => mappingOf(p, true)); break;
    case 'container':
      app.networks = [clean({ mode: 'container', name: g.netName, labels: g.netLabels })];
      container!.portMappings = s.ports.map((p) => mappingOf(p, true));
      break;
    case 'legacy-bridge': docker.network = 'BRIDGE'; docker.portMappings = s.ports.map((p) => mappingOf(p, true)); break;
    case 'legacy-host': docker.network = 'HOST'; Object.assign(app, portsOf()); break;
    case 'legacy-user':
      docker.network = 'USER';
      app.ipAddress = clean({ networkName: g.netName, labels: g.netLabels });
      docker.portMappings = s.ports.map((p) => mappingOf(p, false));
      break;
    case 'ipaddress': {
      const named = s.ports.map((p, i) => clean({ number: p.number, name: p.name ?? `p${i}`, protocol: p.protocol, labels: p.labels }));
      app.ipAddress = clean({ networkName: g.netName, labels: g.netLabels, groups: g.exportStyle === 0 ? ['default'] : undefined, ...(named.length ? { discovery: { ports: dedupe(named, (p) => p.name) } } : {}) });
      break;
    }
  }
  if (hostMode && g.requirePorts !== undefined) app.requirePorts = g.requirePorts;

  // Command: required without an image.
  const hasImage = s.kind === 'docker' || s.kind === 'ucr';
  if ('cmd' in g.command || 'args' in g.command) Object.assign(app, g.command);
  else if (!hasImage && s.kind !== 'mesos') app.cmd = 'sleep 3600';

  // Secrets and what refers to them.
  if (s.secrets.length > 0) app.secrets = Object.fromEntries(s.secrets.map((n) => [n, { source: `team/${n}` }]));
  if (g.env !== undefined) app.env = fixEnv(g.env, s.secrets);
  if (container) {
    const volumes: Json[] = [...g.volumes];
    if (s.resident) volumes.unshift(clean({ containerPath: 'data', mode: 'RW', persistent: clean({ size: g.persistent.size, type: g.persistent.type, maxSize: g.persistent.type === 'mount' ? g.persistent.size * 2 : undefined }) }));
    if (s.secrets.length > 0 && g.secretVolume && container.type === 'MESOS') volumes.push({ containerPath: '/etc/secret-file', secret: s.secrets[0] });
    if (volumes.length > 0) container.volumes = dedupe(volumes, (v) => (v.external as Json | undefined)?.name);
    if (s.kind === 'ucr' && s.secrets.length > 0 && g.pullConfig) (container.docker as Json).pullConfig = { secret: s.secrets[s.secrets.length - 1] };
    app.container = container;
  }
  if (s.kind !== 'docker' && container && g.gpus !== undefined) app.gpus = g.gpus;

  // Checks.
  if (g.healthChecks !== undefined) app.healthChecks = fixHealthChecks(g.healthChecks, s.net === 'ipaddress' ? (((app.ipAddress as Json).discovery as Json | undefined)?.ports as unknown[] | undefined)?.length ?? 0 : s.ports.length, s.kind === 'docker');
  const legacyPortList = Array.isArray(app.ports);
  const portName = s.net === 'ipaddress' || legacyPortList ? undefined : s.ports.find((p) => p.name !== undefined)?.name;
  if (portName !== undefined && g.readiness.want) {
    app.readinessChecks = [{ name: 'ready', protocol: g.readiness.protocol, path: g.readiness.path, portName, intervalSeconds: g.readiness.intervalSeconds, timeoutSeconds: g.readiness.intervalSeconds - 1, httpStatusCodesForReady: g.readiness.codes }];
  }

  // Rollout and placement (a resident app has Marathon's required settings).
  if (g.upgrade) app.upgradeStrategy = g.upgrade;
  if (g.unreachable !== undefined) app.unreachableStrategy = g.unreachable;
  if (g.roles) app.acceptedResourceRoles = g.roles;
  if (s.resident) {
    app.upgradeStrategy = { minimumHealthCapacity: (g.upgrade?.minimumHealthCapacity as number | undefined) ?? 0.5, maximumOverCapacity: 0 };
    app.unreachableStrategy = 'disabled';
    app.acceptedResourceRoles = ['*'];
    if (g.exportStyle === 1) app.residency = { relaunchEscalationTimeoutSeconds: 3600, taskLostBehavior: 'WAIT_FOREVER' };
  }
  if (g.fetch) Object.assign(app, g.fetch);
  if (g.limits) {
    app.resourceLimits = g.limits;
  }
  if (app.resourceLimits) {
    const lim = app.resourceLimits as Json;
    if (typeof lim.cpus === 'number') lim.cpus = Math.max(lim.cpus, (app.cpus as number | undefined) ?? 1);
    if (typeof lim.mem === 'number') lim.mem = Math.max(lim.mem, (app.mem as number | undefined) ?? 128);
  }

  // Export style: nulls where an export has nothing, and the response-only fields.
  if (g.exportStyle >= 2) {
    for (const k of g.nulls) if (app[k] === undefined && !(k === 'portDefinitions' && !hostMode)) app[k] = null;
    Object.assign(app, RESPONSE_NOISE);
  }
  return app;
}

/** A `GET /v2/apps` export of 1–n apps with distinct ids. */
export function appListArb(maxApps = 6): fc.Arbitrary<Json[]> {
  return fc.uniqueArray(appArb, { minLength: 1, maxLength: maxApps, selector: (a) => absoluteId(a.id as string) });
}

// ─── walking documents ───────────────────────────────────────────────────────────────────────

/** Maps whose keys are user data: a new key there is a legitimate label/env var/…, not an unknown field. */
const FREE_FORM = /\/(labels|env|secrets|options|environment)$/;

/** Pointers (RFC 6901) of the objects in a document that have a fixed set of fields. */
export function structPointers(doc: unknown, base = ''): string[] {
  const out: string[] = [];
  const walk = (v: unknown, p: string) => {
    if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${p}/${i}`));
    else if (v !== null && typeof v === 'object') {
      if (!FREE_FORM.test(p)) out.push(p);
      for (const [k, x] of Object.entries(v)) if (!FREE_FORM.test(p)) walk(x, `${p}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`);
    }
  };
  walk(doc, base);
  return out;
}

/** Leaf pointers (non-null primitives) of a document, iteratively (no recursion limit). */
export function leafPointers(doc: unknown): string[] {
  const out: string[] = [];
  const stack: [unknown, string][] = [[doc, '']];
  while (stack.length > 0) {
    const [v, p] = stack.pop()!;
    if (v === null || v === undefined) continue;
    if (Array.isArray(v)) for (let i = v.length - 1; i >= 0; i--) stack.push([v[i], `${p}/${i}`]);
    else if (typeof v === 'object') {
      const entries = Object.entries(v as Json);
      for (let i = entries.length - 1; i >= 0; i--) stack.push([entries[i]![1], `${p}/${entries[i]![0].replace(/~/g, '~0').replace(/\//g, '~1')}`]);
    } else out.push(p);
  }
  return out;
}

export function tokens(pointer: string): string[] {
  return pointer === '' ? [] : pointer.slice(1).split('/').map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** The value at a pointer, or undefined. */
export function at(doc: unknown, pointer: string): unknown {
  let v = doc;
  for (const t of tokens(pointer)) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Json)[t];
  }
  return v;
}

/** Sets the value at a pointer (the parent must exist). */
export function setAt(doc: unknown, pointer: string, value: unknown): void {
  const ts = tokens(pointer);
  (at(doc, parentPointer(pointer)) as Json)[ts[ts.length - 1]!] = value;
}

/** The pointer of the object or array holding a pointer's value. */
export function parentPointer(pointer: string): string {
  return pointer.slice(0, pointer.lastIndexOf('/'));
}

// ─── perturbing leaves (for the "consumed means used" property) ──────────────────────────────

/** Enum values and, for each, values of a different meaning (all accepted by Marathon). */
const ALTERNATIVES: Record<string, string[]> = {
  tcp: ['udp', 'udp,tcp'], TCP: ['UDP'], udp: ['tcp'], UDP: ['TCP'], 'udp,tcp': ['tcp'],
  HTTP: ['HTTPS', 'TCP'], http: ['HTTPS', 'TCP'], HTTPS: ['HTTP', 'TCP'], MESOS_HTTP: ['MESOS_TCP', 'HTTPS'], MESOS_HTTPS: ['MESOS_TCP', 'HTTP'], MESOS_TCP: ['MESOS_HTTP', 'TCP'], COMMAND: ['TCP'],
  RO: ['RW'], ro: ['RW'], RW: ['RO'], DOCKER: ['MESOS'], docker: ['MESOS'], MESOS: ['DOCKER'], mesos: ['DOCKER'],
  YOUNGEST_FIRST: ['OLDEST_FIRST'], OLDEST_FIRST: ['YOUNGEST_FIRST'], oldest_first: ['YOUNGEST_FIRST'],
  IPv4: ['IPv6'], IPv6: ['IPv4'], host: ['container/bridge'], container: ['host'], 'container/bridge': ['host'],
  BRIDGE: ['HOST'], HOST: ['BRIDGE'], USER: ['HOST'], root: ['mount'], path: ['root'], mount: ['root'],
  UNIQUE: ['UNLIKE', 'MAX_PER'], unique: ['UNLIKE'], CLUSTER: ['UNLIKE'], Cluster: ['UNLIKE'], GROUP_BY: ['UNLIKE'], LIKE: ['UNLIKE'], UNLIKE: ['LIKE'], MAX_PER: ['UNLIKE'], IS: ['UNLIKE'],
  hostname: ['rack'], '@hostname': ['rack'], '@zone': ['rack'], '@region': ['rack'],
  disabled: [], unlimited: [],
};

/** Up to three other values for a leaf, of its kind, so that a quantized mapping still sees a change. */
export function alternativesFor(value: unknown, pointer: string): unknown[] {
  const key = pointer.slice(pointer.lastIndexOf('/') + 1);
  if (typeof value === 'boolean') return [!value];
  if (typeof value === 'number') {
    if (/Capacity$/.test(key)) return [value === 0.5 ? 0.75 : 1 - value, 0.5 === value ? 0.1 : 0.5];
    if (!Number.isInteger(value)) return [value * 2, value * 1000 + 10];
    if (/^(port|containerPort|hostPort|servicePort|number|portIndex|\d+)$/.test(key)) return [value >= 65535 ? value - 1 : value + 1, value === 0 ? 8443 : 0];
    return [value + 1, value * 2 + 7, value * 100 + 1000];
  }
  if (typeof value === 'string') {
    // marathon-lb booleans: only flipping the meaning changes anything ("" and "z" are both false).
    if (/^HAPROXY_\d+_(REDIRECT_TO_HTTPS|ENABLED|STICKY|USE_HSTS)$/.test(key)) return [['true', 't', 'yes', 'y'].includes(value.toLowerCase()) ? 'false' : 'true'];
    if (value === 'unlimited') return [1e6];
    if (value === 'disabled') return [{ inactiveAfterSeconds: 60, expungeAfterSeconds: 600 }];
    if (key === 'cpus' || key === 'mem') return [];
    if (value in ALTERNATIVES) return ALTERNATIVES[value]!;
    if (/^\d+$/.test(value)) return [String(Number(value) + 1), String(Number(value) * 2 + 7)];
    if (value === '') return ['z'];
    return [value + 'z', 'z' + value];
  }
  return [];
}
