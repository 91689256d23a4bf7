/**
 * Seeded generator of synthetic Marathon exports for the benchmark.
 *
 * The feature mix follows ../shared/corpus/INDEX.tsv (the share of corpus apps carrying each
 * feature tag), with a built-in snapshot of those counts when the corpus is absent, so the same
 * seed gives the same export everywhere. Every app is different (ids, images, ports, env,
 * labels, checks…), ids are unique, and the apps are what Marathon itself would accept (the
 * legacy forms included), so the benchmark measures conversion, not error reporting.
 *
 * Shapes: `apps` (GET /v2/apps: {"apps": […]}) and `groups` (GET /v2/groups: a tree of nested
 * groups, with pods in the corpus's proportion to apps: N apps plus their pods).
 *
 *   node dist/scripts/bench/generate.js --n 10000 --seed 7 [--shape groups] --out export.json
 */
import { createWriteStream, existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

// ─── randomness ────────────────────────────────────────────────────────────────────────────

/** sfc32: small, fast, seedable, good enough for test data. */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    this.a = 0x9e3779b9;
    this.b = 0x243f6a88;
    this.c = 0xb7e15162;
    this.d = seed >>> 0;
    for (let i = 0; i < 15; i++) this.next();
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.a >>>= 0; this.b >>>= 0; this.c >>>= 0; this.d >>>= 0;
    const t = (this.a + this.b) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.d = (this.d + 1) | 0;
    const r = (t + this.d) | 0;
    this.c = (this.c + r) | 0;
    return (r >>> 0) / 4294967296;
  }

  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** Picks a key with probability proportional to its weight. */
  weighted<K extends string>(weights: Record<K, number>): K {
    const entries = Object.entries(weights) as [K, number][];
    const total = entries.reduce((s, [, w]) => s + w, 0);
    let x = this.next() * total;
    for (const [k, w] of entries) {
      x -= w;
      if (x < 0) return k;
    }
    return entries[entries.length - 1]![0];
  }

  word(len = this.int(3, 9)): string {
    const letters = 'abcdefghijklmnopqrstuvwxyz';
    let s = '';
    for (let i = 0; i < len; i++) s += letters[this.int(0, 25)];
    return s;
  }

  hex(len: number): string {
    let s = '';
    for (let i = 0; i < len; i++) s += '0123456789abcdef'[this.int(0, 15)];
    return s;
  }
}

// ─── the feature mix ───────────────────────────────────────────────────────────────────────

/** Pods per app in the corpus (INDEX.tsv: 53 pods, 270 apps) when this was written. */
const SNAPSHOT_PODS_PER_APP = 53 / 270;

/** Feature tag counts over the corpus apps (INDEX.tsv, kind=app) when this was written. */
const SNAPSHOT: { apps: number; counts: Record<string, number> } = {
  apps: 270,
  counts: {
    'cmd': 156, 'container-docker': 133, 'no-container': 89, 'cmd-only': 88, 'env': 81, 'labels': 77, 'hostPort': 70,
    'legacy-docker.portMappings': 61, 'disk': 59, 'upgradeStrategy': 58, 'legacy-docker-network-BRIDGE': 55,
    'portDefinitions': 51, 'forcePullImage': 51, 'hc-HTTP': 43, 'networks': 40, 'container-mesos': 40,
    'acceptedResourceRoles': 39, 'constraint-field-hostname': 38, 'constraint-UNIQUE': 33, 'uris': 32,
    'container.portMappings': 32, 'dcos-labels': 31, 'fetch': 29, 'vip-label': 28, 'servicePort': 27, 'secrets': 27,
    'volume-host': 25, 'ucr-docker-image': 25, 'net-container/bridge': 25, 'maxLaunchDelaySeconds': 23,
    'volume-persistent': 21, 'legacy-ports': 21, 'legacy-docker-network-HOST': 21, 'gpus': 21, 'backoffSeconds': 21,
    'backoffFactor': 21, 'args': 20, 'haproxy-labels': 18, 'healthChecks-empty': 15, 'unreachableStrategy': 13,
    'requirePorts': 13, 'user': 12, 'hc-TCP': 12, 'hc-MESOS_HTTP': 12, 'hc-COMMAND': 12, 'killSelection': 11,
    'single-instance-label': 10, 'mesos-no-image': 10, 'env-secret-ref': 10, 'docker-parameters': 10,
    'volume-persistent-root': 9, 'volume-external': 9, 'haproxy-vhost': 9, 'storeUrls': 8, 'net-container': 8,
    'legacy-ipAddress': 8, 'docker-pullConfig': 8, 'docker-privileged': 8, 'constraints(any)': 7, 'udp-port': 6,
    'residency': 6, 'readinessChecks': 6, 'net-host': 6, 'executor': 6, 'legacy-docker-network-USER': 5,
    'dependencies': 5, 'container-type-omitted': 5, 'constraint-CLUSTER': 5, 'volume-secret': 4,
    'volume-persistent-mount': 4, 'taskKillGracePeriodSeconds': 4, 'hc-MESOS_TCP': 4, 'traefik-labels': 3, 'role': 3,
    'port-labels': 3, 'linuxInfo': 3, 'constraint-LIKE': 3, 'constraint-GROUP_BY': 3, 'resourceLimits': 2,
    'hc-HTTPS': 2, 'docker-credential': 2, 'constraint-IS': 2, 'version': 2, 'versionInfo': 1, 'tty': 1,
    'tasksRunning': 1, 'portMapping-networkNames': 1,
  },
};

export class FeatureMix {
  /** Pods per app in the corpus (kind=pod rows over kind=app rows): the share group exports carry. */
  podsPerApp = SNAPSHOT_PODS_PER_APP;

  constructor(readonly apps: number, readonly counts: Record<string, number>, readonly source: string) {}

  /** Share of apps with the feature (0 when unknown). */
  p(feature: string): number {
    return (this.counts[feature] ?? 0) / this.apps;
  }

  count(feature: string): number {
    return this.counts[feature] ?? 0;
  }

  /** From INDEX.tsv when it exists (kind=app rows), else the snapshot. */
  static load(indexPath?: string): FeatureMix {
    if (indexPath && existsSync(indexPath)) {
      const counts: Record<string, number> = {};
      let apps = 0;
      let pods = 0;
      for (const line of readFileSync(indexPath, 'utf8').split('\n').slice(1)) {
        const cols = line.split('\t');
        if (cols[3] === 'pod') pods++;
        if (cols[3] !== 'app') continue;
        apps++;
        for (const f of (cols[4] ?? '').split(',')) if (f) counts[f] = (counts[f] ?? 0) + 1;
      }
      if (apps > 0) {
        const mix = new FeatureMix(apps, counts, indexPath);
        mix.podsPerApp = pods / apps;
        return mix;
      }
    }
    return new FeatureMix(SNAPSHOT.apps, SNAPSHOT.counts, 'built-in snapshot of INDEX.tsv');
  }
}

// ─── vocabulary ────────────────────────────────────────────────────────────────────────────

const TEAMS = ['shop', 'payments', 'search', 'data', 'infra', 'mobile', 'ads', 'identity', 'media', 'ops', 'analytics',
  'billing', 'catalog', 'checkout', 'growth', 'ml', 'platform', 'risk', 'support', 'logistics'];
const ROLES = ['web', 'api', 'worker', 'cache', 'db', 'frontend', 'backend', 'gateway', 'proxy', 'scheduler', 'consumer',
  'producer', 'indexer', 'cron', 'auth', 'admin', 'metrics', 'exporter', 'sidecar', 'batch'];
const IMAGES = ['nginx', 'redis', 'postgres', 'mysql', 'python', 'node', 'openjdk', 'golang', 'httpd', 'haproxy',
  'rabbitmq', 'memcached', 'mongo', 'elasticsearch', 'kibana', 'grafana/grafana', 'prom/prometheus', 'busybox',
  'alpine', 'ubuntu', 'mesosphere/marathon-lb', 'registry.example.com/team/app', 'quay.io/org/service'];
const ATTRS = ['rack', 'rack_id', 'zone', 'type', 'instance_type', 'disk_type', 'az'];
const ENV_NAMES = ['JAVA_OPTS', 'LOG_LEVEL', 'DB_HOST', 'DB_PORT', 'REDIS_URL', 'API_URL', 'SPRING_PROFILES_ACTIVE',
  'NODE_ENV', 'WORKERS', 'TZ', 'FEATURE_FLAGS', 'UPSTREAM', 'KAFKA_BROKERS', 'ZK_HOSTS', 'CONFIG_URL', 'HEAP_SIZE'];

// ─── one app ───────────────────────────────────────────────────────────────────────────────

type Json = Record<string, unknown>;

interface AppPlan {
  /** Marathon id (absolute). */
  id: string;
  /** Group path the app lives in ('/' for the root). */
  group: string;
}

type NetForm = 'legacy-bridge' | 'legacy-host' | 'legacy-user' | 'bridge' | 'container' | 'host' | 'ipaddress' | 'default-host';

/** One app, different from every other one; `i` makes the id unique. */
export function genApp(rng: Rng, mix: FeatureMix, plan: AppPlan, exportNoise: boolean): Json {
  const app: Json = { id: plan.id };
  const shortName = plan.id.slice(plan.id.lastIndexOf('/') + 1);

  // Container: Docker, MESOS (with or without an image) or none (cmd only).
  const containerKind = rng.weighted({
    docker: mix.count('container-docker') - mix.count('ucr-docker-image'),
    ucr: mix.count('ucr-docker-image'),
    mesos: mix.count('mesos-no-image'),
    none: mix.count('no-container'),
  });
  const image = `${rng.pick(IMAGES)}:${rng.int(1, 20)}.${rng.int(0, 30)}.${rng.int(0, 9)}`;
  let container: Json | undefined;
  if (containerKind === 'docker') {
    const docker: Json = { image };
    if (rng.chance(mix.p('forcePullImage') * 2)) docker.forcePullImage = rng.chance(0.5);
    if (rng.chance(mix.p('docker-privileged'))) docker.privileged = true;
    if (rng.chance(mix.p('docker-parameters'))) {
      docker.parameters = Array.from({ length: rng.int(1, 3) }, () => rng.pick([
        { key: 'log-driver', value: 'json-file' }, { key: 'log-opt', value: `max-size=${rng.int(1, 100)}m` },
        { key: 'hostname', value: `${shortName}.example.com` }, { key: 'cap-add', value: 'NET_ADMIN' },
        { key: 'shm-size', value: `${rng.int(64, 1024)}m` }, { key: 'user', value: String(rng.int(1000, 2000)) },
        { key: 'workdir', value: '/srv' }, { key: 'label', value: `team=${rng.word()}` },
      ]));
    }
    container = { type: rng.chance(mix.p('container-type-omitted')) ? undefined : 'DOCKER', docker };
    if (container.type === undefined) delete container.type;
  } else if (containerKind === 'ucr' || containerKind === 'mesos') {
    container = { type: 'MESOS' };
    if (containerKind === 'ucr') container.docker = { image, ...(rng.chance(0.3) ? { forcePullImage: true } : {}) };
  }

  // Networking and ports, in the forms the corpus has (legacy ones included).
  const netWeights: Record<NetForm, number> = container && containerKind === 'docker'
    ? {
        'legacy-bridge': mix.count('legacy-docker-network-BRIDGE'),
        'legacy-host': mix.count('legacy-docker-network-HOST'),
        'legacy-user': mix.count('legacy-docker-network-USER'),
        bridge: mix.count('net-container/bridge'),
        container: mix.count('net-container'),
        host: mix.count('net-host'),
        ipaddress: 0,
        'default-host': Math.max(1, mix.count('container-docker') - 120),
      }
    : {
        'legacy-bridge': 0, 'legacy-host': 0, 'legacy-user': 0,
        bridge: container ? mix.count('net-container/bridge') / 3 : 0,
        container: container ? mix.count('net-container') / 2 : 0,
        host: mix.count('net-host') / 2,
        ipaddress: mix.count('legacy-ipAddress'),
        'default-host': mix.count('no-container') + mix.count('mesos-no-image'),
      };
  const net = rng.weighted(netWeights);
  const portCount = rng.chance(0.15) ? 0 : Number(rng.weighted({ 1: 60, 2: 25, 3: 10, 4: 5 } as Record<string, number>));
  const ports = genPorts(rng, mix, portCount, shortName);
  const portNames = ports.map((p) => p.name).filter((n): n is string => n !== undefined);
  const netName = rng.pick(['dcos', 'calico', 'overlay', 'weave']);
  switch (net) {
    case 'legacy-bridge':
      (container!.docker as Json).network = 'BRIDGE';
      (container!.docker as Json).portMappings = ports.map((p) => mapping(rng, mix, p, true));
      break;
    case 'legacy-host':
      (container!.docker as Json).network = 'HOST';
      hostPorts(rng, mix, app, ports);
      break;
    case 'legacy-user':
      (container!.docker as Json).network = 'USER';
      app.ipAddress = { networkName: netName };
      (container!.docker as Json).portMappings = ports.map((p) => mapping(rng, mix, p, false));
      break;
    case 'bridge':
      app.networks = [{ mode: 'container/bridge' }];
      container!.portMappings = ports.map((p) => mapping(rng, mix, p, true));
      break;
    case 'container':
      app.networks = [{ mode: 'container', name: netName, ...(rng.chance(0.2) ? { labels: { 'cni.example/tier': rng.word() } } : {}) }];
      container!.portMappings = ports.map((p) => mapping(rng, mix, p, false));
      break;
    case 'host':
      app.networks = [{ mode: 'host' }];
      hostPorts(rng, mix, app, ports);
      break;
    case 'ipaddress': {
      const discovery = ports.map((p) => ({ number: p.number || rng.int(1024, 9999), name: p.name ?? `p${rng.int(0, 999)}`, protocol: p.protocol ?? 'tcp' }));
      app.ipAddress = { networkName: netName, ...(discovery.length ? { discovery: { ports: discovery } } : {}), ...(rng.chance(0.3) ? { groups: ['default'] } : {}) };
      break;
    }
    case 'default-host':
      hostPorts(rng, mix, app, ports);
      break;
  }
  if (container) app.container = container;

  // Command.
  const hasImage = containerKind === 'docker' || containerKind === 'ucr';
  if (!hasImage || rng.chance(mix.p('cmd') * 0.7)) {
    if (hasImage && rng.chance(mix.p('args') * 2)) app.args = [rng.pick(['--port', '--listen', '-p']), '$PORT0', `--name=${shortName}`];
    else app.cmd = rng.pick([
      `python3 -m http.server $PORT0`,
      `./bin/${shortName} --port $PORT0 --db db-${rng.word()}.marathon.mesos:5432`,
      `java $JAVA_OPTS -jar ${shortName}-${rng.int(1, 9)}.${rng.int(0, 20)}.jar --server.port=$PORT0`,
      `while true; do echo ${rng.word()}; sleep ${rng.int(1, 60)}; done`,
      `./run.sh ${rng.word()} && exec ./server`,
      `env && sleep ${rng.int(100, 100000)}`,
    ]);
  }

  // Resources.
  app.cpus = Math.round((rng.pick([0.1, 0.25, 0.5, 1, 2, 4]) + (rng.chance(0.2) ? rng.int(1, 9) / 100 : 0)) * 100) / 100;
  app.mem = rng.pick([32, 64, 128, 256, 512, 1024, 2048, 4096]);
  app.instances = rng.chance(0.1) ? 0 : rng.int(1, 12);
  if (rng.chance(mix.p('disk'))) app.disk = rng.pick([0, 100, 512, 1024, 10240]);
  if (containerKind !== 'docker' && container && rng.chance(mix.p('gpus') * 2)) app.gpus = rng.int(0, 2);
  if (rng.chance(mix.p('resourceLimits') * 3)) {
    app.resourceLimits = rng.chance(0.5) ? { cpus: 'unlimited', mem: (app.mem as number) * 2 } : { cpus: (app.cpus as number) * 2 };
  }

  // Env, secrets.
  const secrets: Json = {};
  if (rng.chance(mix.p('secrets'))) {
    for (let s = rng.int(1, 3); s > 0; s--) secrets[`secret${s}`] = { source: `${plan.group.slice(1) || 'root'}/${rng.word()}` };
  }
  const secretNames = Object.keys(secrets);
  if (rng.chance(mix.p('env') + mix.p('env-secret-ref'))) {
    const env: Json = {};
    for (let e = rng.int(1, 10); e > 0; e--) env[rng.pick(ENV_NAMES) + (rng.chance(0.3) ? `_${e}` : '')] = envValue(rng);
    if (secretNames.length > 0 && rng.chance(0.6)) env.DB_PASSWORD = { secret: rng.pick(secretNames) };
    app.env = env;
  }
  if (secretNames.length > 0) app.secrets = secrets;

  // Labels.
  if (rng.chance(mix.p('labels') + 0.1)) app.labels = genLabels(rng, mix, shortName, plan);

  // Health and readiness checks.
  const hcShare = ['hc-HTTP', 'hc-TCP', 'hc-MESOS_HTTP', 'hc-COMMAND', 'hc-MESOS_TCP', 'hc-HTTPS'].reduce((s, f) => s + mix.p(f), 0);
  if (rng.chance(hcShare)) {
    app.healthChecks = Array.from({ length: rng.chance(0.1) ? 2 : 1 }, (_, k) => genHealthCheck(rng, mix, portCount, k));
  } else if (rng.chance(mix.p('healthChecks-empty'))) {
    app.healthChecks = [];
  }
  if (portNames.length > 0 && rng.chance(mix.p('readinessChecks') * 2)) {
    app.readinessChecks = [{ name: 'ready', protocol: 'HTTP', path: '/ready', portName: portNames[0], intervalSeconds: 30, timeoutSeconds: 10, httpStatusCodesForReady: [200, ...(rng.chance(0.3) ? [204] : [])] }];
  }

  // Placement.
  const resident = container !== undefined && rng.chance(mix.p('volume-persistent'));
  if (rng.chance(mix.p('constraint-UNIQUE') + mix.p('constraint-CLUSTER') + mix.p('constraint-LIKE') + mix.p('constraint-GROUP_BY') + mix.p('constraint-IS'))) {
    app.constraints = genConstraints(rng, mix);
  }
  if (resident) app.acceptedResourceRoles = ['*'];
  else if (rng.chance(mix.p('acceptedResourceRoles'))) app.acceptedResourceRoles = rng.pick([['slave_public'], ['*'], ['slave_public', '*']]);

  // Volumes.
  if (container) {
    const volumes: Json[] = [];
    if (resident) {
      const type = rng.chance(mix.p('volume-persistent-mount') / Math.max(mix.p('volume-persistent'), 0.01)) ? 'mount' : 'root';
      volumes.push({ containerPath: 'data', mode: 'RW', persistent: { size: rng.pick([512, 1024, 10240]), ...(type === 'mount' ? { type } : {}) } });
      if (rng.chance(0.5)) volumes.push({ containerPath: '/var/lib/data', hostPath: 'data', mode: 'RW' });
      app.unreachableStrategy = 'disabled';
      app.upgradeStrategy = { minimumHealthCapacity: 0.5, maximumOverCapacity: 0 };
      if (rng.chance(mix.p('residency') * 3)) app.residency = { relaunchEscalationTimeoutSeconds: 3600, taskLostBehavior: 'WAIT_FOREVER' };
    }
    if (rng.chance(mix.p('volume-host'))) {
      volumes.push({ containerPath: rng.pick(['/var/log', '/etc/ssl/certs', '/data', '/tmp/cache']), hostPath: rng.pick(['/var/log/' + shortName, '/etc/ssl/certs', '/mnt/data', '/tmp']), mode: rng.pick(['RO', 'RW']) });
    }
    if (rng.chance(mix.p('volume-external'))) {
      volumes.push({ containerPath: '/ext', mode: 'RW', external: { name: `${shortName}-vol`, provider: 'dvdi', size: rng.int(1, 100), options: { 'dvdi/driver': 'rexray' } } });
    }
    if (secretNames.length > 0 && container.type === 'MESOS' && rng.chance(0.4)) {
      volumes.push({ containerPath: rng.pick(['creds', '/etc/creds/key']), secret: rng.pick(secretNames) });
    }
    if (volumes.length > 0) container.volumes = volumes;
    if (secretNames.length > 0 && containerKind === 'ucr' && rng.chance(mix.p('docker-pullConfig') * 3)) {
      (container.docker as Json).pullConfig = { secret: rng.pick(secretNames) };
    }
  }

  // Rollout, lifecycle and the rest.
  if (!resident && rng.chance(mix.p('upgradeStrategy'))) {
    app.upgradeStrategy = rng.pick([{ minimumHealthCapacity: 1, maximumOverCapacity: 1 }, { minimumHealthCapacity: 0, maximumOverCapacity: 0 },
      { minimumHealthCapacity: 0.5, maximumOverCapacity: 0.2 }, { minimumHealthCapacity: 0.8, maximumOverCapacity: 0 }]);
  }
  if (!resident && rng.chance(mix.p('unreachableStrategy'))) {
    app.unreachableStrategy = rng.chance(0.3) ? 'disabled' : { inactiveAfterSeconds: rng.pick([0, 60, 300]), expungeAfterSeconds: rng.pick([600, 3600]) };
  }
  if (rng.chance(mix.p('uris'))) {
    app.uris = Array.from({ length: rng.int(1, 3) }, () => `https://artifacts.example.com/${rng.word()}/${rng.word()}${rng.pick(['.tar.gz', '.zip', '.jar', '.sh', ''])}`);
  } else if (rng.chance(mix.p('fetch'))) {
    app.fetch = Array.from({ length: rng.int(1, 3) }, () => ({ uri: `https://artifacts.example.com/${rng.word()}.tgz`, ...(rng.chance(0.5) ? { extract: rng.chance(0.5) } : {}), ...(rng.chance(0.3) ? { executable: true } : {}), ...(rng.chance(0.2) ? { cache: true } : {}) }));
  }
  if (rng.chance(mix.p('maxLaunchDelaySeconds'))) app.maxLaunchDelaySeconds = rng.pick([300, 3600]);
  if (rng.chance(mix.p('backoffSeconds'))) app.backoffSeconds = rng.int(1, 30);
  if (rng.chance(mix.p('backoffFactor'))) app.backoffFactor = rng.pick([1.15, 1.5, 2]);
  if (rng.chance(mix.p('user'))) app.user = rng.pick(['root', 'nobody', '1000', 'app']);
  if (rng.chance(mix.p('killSelection'))) app.killSelection = rng.pick(['YOUNGEST_FIRST', 'OLDEST_FIRST']);
  if (rng.chance(mix.p('taskKillGracePeriodSeconds') * 3)) app.taskKillGracePeriodSeconds = rng.int(5, 120);
  if (rng.chance(mix.p('dependencies'))) app.dependencies = [`${plan.group === '/' ? '' : plan.group}/${rng.pick(ROLES)}-db`];
  if (rng.chance(mix.p('executor'))) app.executor = '//cmd';
  if (rng.chance(mix.p('role'))) app.role = 'slave_public';
  if (rng.chance(mix.p('storeUrls'))) app.storeUrls = [`https://store.example.com/${rng.word()}`];
  if (rng.chance(mix.p('tty') * 3)) app.tty = true;
  if (app.networks === undefined && app.ipAddress === undefined && (container?.docker as Json | undefined)?.network !== 'BRIDGE'
    && (container?.docker as Json | undefined)?.network !== 'USER' && rng.chance(mix.p('requirePorts'))) app.requirePorts = true;

  if ((app.labels as Json | undefined)?.MARATHON_SINGLE_INSTANCE_APP === 'true') {
    app.instances = Math.min(app.instances as number, 1);
    app.upgradeStrategy = { minimumHealthCapacity: 0, maximumOverCapacity: 0 };
  }
  if (exportNoise) addExportNoise(rng, app);
  return app;
}

interface PortSpec {
  number: number;
  name?: string;
  protocol?: string;
  labels?: Record<string, string>;
  servicePort?: number;
}

function genPorts(rng: Rng, mix: FeatureMix, n: number, shortName: string): PortSpec[] {
  const used = new Set<number>();
  const names = new Set<string>();
  const out: PortSpec[] = [];
  for (let i = 0; i < n; i++) {
    let number = rng.chance(0.3) ? 0 : rng.pick([80, 443, 8080, 8000, 3000, 5432, 6379, 9090, 9200, 5000, rng.int(1024, 60000)]);
    while (number !== 0 && used.has(number)) number = rng.int(1024, 60000);
    if (number) used.add(number);
    const p: PortSpec = { number };
    if (rng.chance(0.6)) {
      let name = rng.pick(['http', 'https', 'admin', 'metrics', 'grpc', 'api', 'debug', 'jmx']);
      if (names.has(name)) name = `${name}${i}`;
      names.add(name);
      p.name = name;
    }
    if (rng.chance(mix.p('udp-port') * 2)) p.protocol = rng.pick(['udp', 'udp,tcp']);
    else if (rng.chance(0.3)) p.protocol = 'tcp';
    if (rng.chance(mix.p('vip-label') + mix.p('port-labels'))) {
      p.labels = rng.chance(0.8) ? { [`VIP_${i}`]: rng.chance(0.8) ? `/${shortName}:${p.number || 80}` : `10.${rng.int(0, 255)}.${rng.int(0, 255)}.${rng.int(1, 254)}:${p.number || 80}` } : { 'consul': 'tag' };
    }
    if (rng.chance(mix.p('servicePort'))) p.servicePort = rng.int(10000, 20000);
    out.push(p);
  }
  return out;
}

function mapping(rng: Rng, mix: FeatureMix, p: PortSpec, bridge: boolean): Json {
  const m: Json = { containerPort: p.number };
  if (bridge) {
    if (rng.chance(mix.p('hostPort') * 1.5)) m.hostPort = rng.chance(0.7) ? 0 : rng.int(20000, 30000) + p.number % 100;
  } else if (rng.chance(0.1)) m.hostPort = 0;
  if (p.servicePort !== undefined) m.servicePort = p.servicePort;
  if (p.protocol) m.protocol = p.protocol;
  if (p.name) m.name = p.name;
  if (p.labels) m.labels = p.labels;
  return m;
}

function hostPorts(rng: Rng, mix: FeatureMix, app: Json, ports: PortSpec[]): void {
  if (ports.length === 0) {
    if (rng.chance(0.3)) app.portDefinitions = [];
    return;
  }
  if (rng.chance(mix.p('legacy-ports') / (mix.p('legacy-ports') + mix.p('portDefinitions')))) {
    app.ports = ports.map((p) => hostPortNumber(p.number));
    return;
  }
  app.portDefinitions = ports.map((p) => {
    const d: Json = { port: hostPortNumber(p.number) };
    if (p.protocol) d.protocol = p.protocol;
    if (p.name) d.name = p.name;
    if (p.labels) d.labels = p.labels;
    return d;
  });
}

/** Host-mode ports: the service port numbers of the corpus are often 10000+ (in range). */
function hostPortNumber(n: number): number {
  return n === 0 ? 0 : n < 55000 ? n + 10000 : n;
}

function envValue(rng: Rng): string {
  return rng.pick([
    () => rng.pick(['debug', 'info', 'warn', 'error']),
    () => String(rng.int(1, 65535)),
    () => `-Xmx${rng.int(128, 4096)}m -XX:+UseG1GC`,
    () => `http://${rng.word()}.marathon.mesos:${rng.int(1024, 9999)}/api`,
    () => `${rng.word()}.${rng.word()}.marathon.l4lb.thisdcos.directory:${rng.int(80, 9999)}`,
    () => `redis://cache-${rng.word()}.marathon.mesos:6379/${rng.int(0, 15)}`,
    () => `zk://master.mesos:2181/${rng.word()}`,
    () => rng.word(rng.int(5, 40)),
    () => `Europe/${rng.pick(['Berlin', 'Paris', 'London'])}`,
    () => `true`,
  ])();
}

function genLabels(rng: Rng, mix: FeatureMix, shortName: string, plan: AppPlan): Record<string, string> {
  const labels: Record<string, string> = {};
  for (let k = rng.int(1, 4); k > 0; k--) labels[rng.pick(['team', 'owner', 'env', 'tier', 'cost-center', 'version', 'component'])] = rng.word();
  if (rng.chance(0.1)) labels['description'] = `The ${shortName} service, owned by ${rng.word()} (see wiki)`;
  if (rng.chance(mix.p('haproxy-labels') / Math.max(mix.p('labels'), 0.01))) {
    labels.HAPROXY_GROUP = rng.pick(['external', 'internal']);
    if (rng.chance(mix.p('haproxy-vhost') / Math.max(mix.p('haproxy-labels'), 0.01))) {
      labels.HAPROXY_0_VHOST = `${shortName}.${plan.group.split('/')[1] ?? 'www'}.example.com`;
      if (rng.chance(0.3)) labels.HAPROXY_0_REDIRECT_TO_HTTPS = 'true';
      if (rng.chance(0.3)) labels.HAPROXY_0_PATH = `/${rng.word()}`;
    }
    if (rng.chance(0.3)) labels.HAPROXY_0_BALANCE = 'roundrobin';
  }
  if (rng.chance(mix.p('dcos-labels') / Math.max(mix.p('labels'), 0.01))) {
    labels.DCOS_SERVICE_NAME = shortName;
    labels.DCOS_SERVICE_PORT_INDEX = '0';
    labels.DCOS_SERVICE_SCHEME = 'http';
    if (rng.chance(0.5)) { labels.DCOS_PACKAGE_NAME = shortName; labels.DCOS_PACKAGE_VERSION = `${rng.int(1, 3)}.${rng.int(0, 9)}.0`; }
  }
  if (rng.chance(mix.p('traefik-labels') * 2)) {
    labels['traefik.enable'] = 'true';
    labels['traefik.frontend.rule'] = `Host:${shortName}.example.com`;
  }
  if (rng.chance(mix.p('single-instance-label') / 2)) labels.MARATHON_SINGLE_INSTANCE_APP = 'true';
  return labels;
}

function genHealthCheck(rng: Rng, mix: FeatureMix, ports: number, k: number): Json {
  const protocol = rng.weighted({
    HTTP: mix.count('hc-HTTP'), TCP: mix.count('hc-TCP'), MESOS_HTTP: mix.count('hc-MESOS_HTTP'), COMMAND: mix.count('hc-COMMAND'),
    MESOS_TCP: mix.count('hc-MESOS_TCP'), HTTPS: mix.count('hc-HTTPS') + 1, MESOS_HTTPS: 1, LEGACY_COMMAND: 2,
  });
  // A second check is a COMMAND one (Marathon allows one Mesos check only).
  const proto = k > 0 ? 'COMMAND' : protocol;
  const hc: Json = {};
  if (proto === 'COMMAND' || proto === 'LEGACY_COMMAND' || ports === 0) {
    if (proto !== 'LEGACY_COMMAND') hc.protocol = 'COMMAND';
    hc.command = { value: rng.pick([`curl -f http://$HOST:$PORT0/health`, `pgrep ${rng.word()}`, `test -f /tmp/healthy`, 'exit 0']) };
  } else {
    hc.protocol = proto;
    if (proto.includes('HTTP')) hc.path = rng.pick(['/', '/health', '/healthz', '/status', `/${rng.word()}/ping`]);
    if (rng.chance(0.7)) hc.portIndex = rng.int(0, ports - 1);
    if (proto.includes('HTTP') && rng.chance(0.1)) hc.ignoreHttp1xx = rng.chance(0.5);
  }
  if (rng.chance(0.8)) hc.gracePeriodSeconds = rng.pick([10, 30, 60, 120, 300, 600]);
  if (rng.chance(0.8)) hc.intervalSeconds = rng.pick([5, 10, 20, 30, 60]);
  if (rng.chance(0.7)) hc.timeoutSeconds = rng.pick([2, 5, 10, 20]);
  if (rng.chance(0.7)) hc.maxConsecutiveFailures = rng.pick([0, 1, 3, 5, 10]);
  if (String(hc.protocol ?? '').startsWith('MESOS') && rng.chance(0.3)) hc.delaySeconds = 15;
  return hc;
}

function genConstraints(rng: Rng, mix: FeatureMix): unknown[] {
  const out: unknown[] = [];
  const n = rng.chance(0.2) ? 2 : 1;
  for (let c = 0; c < n; c++) {
    const op = rng.weighted({
      UNIQUE: mix.count('constraint-UNIQUE'), CLUSTER: mix.count('constraint-CLUSTER') + 1, LIKE: mix.count('constraint-LIKE') + 1,
      UNLIKE: 1, GROUP_BY: mix.count('constraint-GROUP_BY') + 1, IS: mix.count('constraint-IS') + 1, MAX_PER: 2,
    });
    const field = op === 'UNIQUE' && rng.chance(0.8) ? 'hostname' : rng.pick([...ATTRS, '@zone', '@region', 'hostname']);
    const value = op === 'UNIQUE' ? undefined
      : op === 'GROUP_BY' ? (rng.chance(0.5) ? String(rng.int(2, 4)) : undefined)
      : op === 'MAX_PER' ? String(rng.int(1, 3))
      : op === 'LIKE' || op === 'UNLIKE' ? rng.pick([`rack-[1-3]`, `${rng.word()}|${rng.word()}`, 'ssd', `10\\.0\\.${rng.int(0, 9)}\\..*`])
      : rng.pick([rng.word(), `rack-${rng.int(1, 9)}`, 'us-east-1a']);
    out.push(value === undefined ? [field, op] : [field, op, value]);
  }
  return out;
}

/** What GET /v2/apps adds: every default explicit, nulls, and the running state. */
function addExportNoise(rng: Rng, app: Json): void {
  const defaults: Json = {
    cmd: null, args: null, user: null, env: {}, instances: 1, cpus: 1, mem: 128, disk: 0, gpus: 0, executor: '',
    constraints: [], uris: [], fetch: [], storeUrls: [], backoffSeconds: 1, backoffFactor: 1.15, maxLaunchDelaySeconds: 3600,
    healthChecks: [], readinessChecks: [], dependencies: [], labels: {}, killSelection: 'YOUNGEST_FIRST',
    upgradeStrategy: { minimumHealthCapacity: 1, maximumOverCapacity: 1 },
    unreachableStrategy: { inactiveAfterSeconds: 0, expungeAfterSeconds: 0 }, secrets: {},
  };
  for (const [k, v] of Object.entries(defaults)) {
    if (app[k] !== undefined) continue;
    if ((k === 'cmd' && app.args !== undefined) || (k === 'args' && app.cmd !== undefined)) continue;
    if ((k === 'uris' && app.fetch !== undefined) || (k === 'fetch' && app.uris !== undefined)) continue;
    app[k] = v;
  }
  const when = new Date(Date.UTC(2019, rng.int(0, 11), rng.int(1, 28), rng.int(0, 23), rng.int(0, 59), rng.int(0, 59))).toISOString();
  app.version = when;
  app.versionInfo = { lastScalingAt: when, lastConfigChangeAt: when };
  app.tasksStaged = 0;
  app.tasksRunning = app.instances;
  app.tasksHealthy = app.healthChecks && (app.healthChecks as unknown[]).length ? app.instances : 0;
  app.tasksUnhealthy = 0;
  app.deployments = [];
  if (rng.chance(0.05)) app.lastTaskFailure = { appId: app.id, host: `10.0.${rng.int(0, 9)}.${rng.int(1, 254)}`, message: 'Container exited with status 137', state: 'TASK_FAILED', taskId: `${rng.hex(8)}-${rng.hex(4)}`, timestamp: when, version: when };
}

// ─── one pod (group exports only: GET /v2/apps lists no pods) ───────────────────────────────

/** One pod of a GET /v2/groups dump (the definition, as `embed=group.pods` gives it under spec in a status; here the definition). */
export function genPod(rng: Rng, plan: AppPlan): Json {
  const mode = rng.weighted({ container: 6, host: 3, bridge: 1 } as Record<string, number>);
  const networks: Json[] = mode === 'container' ? [{ mode: 'container', name: rng.pick(['dcos', 'calico', 'overlay']) }] : [{ mode: mode === 'host' ? 'host' : 'container/bridge' }];
  const shortName = plan.id.split('/').pop()!.replace(/[^a-z0-9-]/g, '-');
  const containers = Array.from({ length: rng.int(1, 3) }, (_, c) => {
    const endpoints = Array.from({ length: rng.int(0, 2) }, (_, e) => {
      const name = `${['http', 'admin', 'metrics'][e]}${c}`;
      const endpoint: Json = { name, protocol: [rng.pick(['tcp', 'udp'])] };
      if (mode === 'host') endpoint.hostPort = rng.chance(0.7) ? 0 : 10000 + rng.int(0, 20000);
      else {
        // Unique in the pod: a base per endpoint, shifted by container and endpoint.
        endpoint.containerPort = rng.pick([80, 3000, 8080, 9000]) + c * 10 + e;
        if (rng.chance(0.3)) endpoint.hostPort = 0;
      }
      if (rng.chance(0.3)) endpoint.labels = { VIP_0: `/${shortName}-${name}:${8000 + e}` };
      return endpoint;
    });
    const container: Json = {
      name: c === 0 ? 'main' : rng.pick(['sidecar', 'proxy', 'agent']) + c,
      resources: { cpus: rng.pick([0.1, 0.25, 0.5, 1]), mem: rng.pick([64, 128, 256, 512]), disk: rng.pick([0, 0, 100]) },
      image: { kind: 'DOCKER', id: `${rng.pick(IMAGES)}:${rng.int(1, 9)}.${rng.int(0, 20)}` },
      endpoints,
      volumeMounts: [{ name: 'shared', mountPath: '/shared' }],
    };
    if (rng.chance(0.5)) container.exec = { command: { shell: `run-${shortName} --port $ENDPOINT_${String((endpoints[0]?.name as string | undefined) ?? 'none').toUpperCase()}` } };
    if (rng.chance(0.6)) container.environment = { [rng.pick(ENV_NAMES)]: envValue(rng) };
    const http = endpoints.find(() => true);
    if (http && rng.chance(0.6)) {
      container.healthCheck = rng.chance(0.7)
        ? { http: { endpoint: http.name, path: '/health' }, gracePeriodSeconds: 60, intervalSeconds: 10, maxConsecutiveFailures: 3, timeoutSeconds: 5 }
        : { tcp: { endpoint: http.name }, gracePeriodSeconds: 30 };
    }
    return container;
  });
  const pod: Json = {
    id: plan.id,
    labels: { team: plan.group.split('/')[1] ?? 'root' },
    containers,
    volumes: [{ name: 'shared' }],
    networks,
    scaling: { kind: 'fixed', instances: rng.int(1, 5) },
  };
  if (rng.chance(0.3)) pod.scheduling = { placement: { constraints: [{ fieldName: 'hostname', operator: 'UNIQUE' }] } };
  if (rng.chance(0.2)) {
    pod.secrets = { token: { source: `${plan.group.slice(1) || 'root'}/token` } };
    pod.environment = { TOKEN: { secret: 'token' } };
  }
  return pod;
}

// ─── ids and the group tree ────────────────────────────────────────────────────────────────

/** Ids: most apps in a team group, some nested deeper, some at the root; all unique. */
export function planApps(rng: Rng, n: number): AppPlan[] {
  const teams = Math.max(2, Math.min(TEAMS.length * 10, Math.round(Math.sqrt(n) / 2)));
  const plans: AppPlan[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < n; i++) {
    const t = rng.int(0, teams - 1);
    const team = TEAMS[t % TEAMS.length]! + (t >= TEAMS.length ? `-${Math.floor(t / TEAMS.length)}` : '');
    const depth = rng.weighted({ 0: 3, 1: 60, 2: 30, 3: 6, 4: 1 } as Record<string, number>);
    const segs: string[] = [];
    if (depth !== '0') segs.push(team);
    for (let d = 1; d < Number(depth); d++) segs.push(rng.pick(['prod', 'staging', 'dev', 'eu', 'us', 'core', 'edge', rng.word(4)]));
    let leaf = `${rng.pick(ROLES)}-${i.toString(36)}`;
    if (rng.chance(0.02)) leaf = `${rng.word(20)}-${rng.word(30)}-${rng.word(25)}-${i.toString(36)}`; // cut with a hash
    if (rng.chance(0.03)) leaf = `${rng.pick(ROLES)}.v${rng.int(1, 3)}.${i.toString(36)}`; // dotted
    const id = '/' + [...segs, leaf].join('/');
    if (seen.has(id)) continue;
    seen.add(id);
    plans.push({ id, group: segs.length ? '/' + segs.join('/') : '/' });
  }
  return plans;
}

interface GroupNode { id: string; apps: Json[]; pods: Json[]; groups: Map<string, GroupNode> }

function placeInGroups(apps: { plan: AppPlan; app: Json; pod?: boolean }[]): Json {
  const root: GroupNode = { id: '/', apps: [], pods: [], groups: new Map() };
  for (const { plan, app, pod } of apps) {
    let node = root;
    const segs = plan.group.split('/').filter(Boolean);
    for (let d = 0; d < segs.length; d++) {
      const id = '/' + segs.slice(0, d + 1).join('/');
      let child = node.groups.get(id);
      if (!child) node.groups.set(id, (child = { id, apps: [], pods: [], groups: new Map() }));
      node = child;
    }
    (pod ? node.pods : node.apps).push(app);
  }
  const toJson = (g: GroupNode): Json => ({ id: g.id, apps: g.apps, pods: g.pods, groups: [...g.groups.values()].map(toJson), dependencies: [], version: '2020-01-01T00:00:00.000Z' });
  return toJson(root);
}

// ─── the export ────────────────────────────────────────────────────────────────────────────

export interface ExportOptions {
  n: number;
  seed: number;
  shape: 'apps' | 'groups';
  /** Share of apps in the full GET /v2/apps form (explicit defaults, nulls, task counters). */
  exportNoise: number;
  indexPath?: string;
}

/** The package root: the nearest directory above this module with a package.json (src or dist). */
export function packageRoot(): string {
  let dir = import.meta.dirname;
  while (!existsSync(resolve(dir, 'package.json')) && resolve(dir, '..') !== dir) dir = resolve(dir, '..');
  return dir;
}

export function defaultIndexPath(): string {
  const corpus = process.env.MARATHON2K8S_CORPUS ?? resolve(packageRoot(), '..', 'shared', 'corpus');
  return resolve(corpus, 'INDEX.tsv');
}

/** Yields the apps one by one (so 100,000 apps never sit in memory as one JSON string). */
export function* generateApps(o: ExportOptions, mix = FeatureMix.load(o.indexPath)): Generator<{ plan: AppPlan; app: Json }> {
  const rng = new Rng(o.seed);
  for (const plan of planApps(rng, o.n)) yield { plan, app: genApp(rng, mix, plan, rng.chance(o.exportNoise)) };
}

/**
 * A file written piece by piece with back-pressure (an export of 100,000 apps never sits in
 * memory as one string); `end` resolves to the bytes written.
 */
export function exportWriter(path: string): { write: (s: string) => Promise<void>; end: () => Promise<number> } {
  const out = createWriteStream(path);
  let bytes = 0;
  let failed: Error | undefined;
  out.on('error', (e) => (failed = e));
  const write = (s: string) => new Promise<void>((ok, fail) => {
    if (failed) return fail(failed);
    bytes += Buffer.byteLength(s);
    if (out.write(s)) ok();
    else out.once('drain', ok);
  });
  const end = () => new Promise<number>((ok, fail) => out.end((e?: Error | null) => (e ? fail(e) : ok(bytes))));
  return { write, end };
}

/** Writes the export file; resolves to the number of apps and bytes written. */
export async function writeExport(path: string, o: ExportOptions): Promise<{ apps: number; bytes: number; mix: string }> {
  const mix = FeatureMix.load(o.indexPath);
  const { write, end } = exportWriter(path);
  let apps = 0;
  if (o.shape === 'groups') {
    const all: { plan: AppPlan; app: Json; pod?: boolean }[] = [...generateApps(o, mix)];
    apps = all.length;
    // Pods in the corpus's proportion to apps, with ids of their own (a second, seeded plan).
    const podRng = new Rng(o.seed ^ 0x5eed);
    const appIds = new Set(all.map((a) => a.plan.id));
    for (const plan of planApps(podRng, Math.round(o.n * mix.podsPerApp))) {
      const id = plan.id.replace(/([^/]+)$/, 'pod-$1');
      if (!appIds.has(id)) all.push({ plan: { ...plan, id }, app: genPod(podRng, { ...plan, id }), pod: true });
    }
    await write(JSON.stringify(placeInGroups(all)) + '\n');
  } else {
    await write('{"apps":[\n');
    for (const { app } of generateApps(o, mix)) {
      await write((apps++ ? ',\n' : '') + JSON.stringify(app));
    }
    await write('\n]}\n');
  }
  return { apps, bytes: await end(), mix: mix.source };
}

// ─── command line ──────────────────────────────────────────────────────────────────────────

export function flag(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : argv.find((a) => a.startsWith(name + '='))?.slice(name.length + 1);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const argv = process.argv.slice(2);
  const out = flag(argv, '--out') ?? 'export.json';
  const o: ExportOptions = {
    n: Number(flag(argv, '--n') ?? 10000),
    seed: Number(flag(argv, '--seed') ?? 7),
    shape: flag(argv, '--shape') === 'groups' ? 'groups' : 'apps',
    exportNoise: Number(flag(argv, '--export-noise') ?? 0.5),
    indexPath: flag(argv, '--index') ?? defaultIndexPath(),
  };
  const r = await writeExport(out, o);
  process.stderr.write(`wrote ${r.apps} apps (${(r.bytes / 1e6).toFixed(1)} MB, ${o.shape}) to ${out}; feature mix from ${r.mix}\n`);
}
