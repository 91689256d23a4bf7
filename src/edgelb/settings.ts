/**
 * What an Edge-LB pool configured that is not a route: the pool's own deployment (instances,
 * resources, placement, networks, health checks — on Kubernetes those belong to the ingress
 * controller's Deployment, which serves every Ingress of its class) and HAProxy tuning of
 * frontends and backends (balance, extra config lines, header rewriting, sticky sessions,
 * health checks of the servers). Each one is reported by name, so nothing the pool relied on
 * is lost silently; the values of environment variables are never repeated (they may hold keys).
 */
import { escapePointerToken } from '../findings.js';
import { isObject, type JsonObject } from '../marathon/json.js';
import type { AppContext } from '../translate/context.js';

/** Pool fields that sized or placed the load balancer itself: reported together, as info. */
const DEPLOYMENT_FIELDS: Record<string, string> = {
  count: 'load balancer instances',
  cpus: 'CPUs per instance',
  cpusAdminOverhead: 'CPUs of the admin process',
  mem: 'memory (MiB) per instance',
  memAdminOverhead: 'memory of the admin process',
  disk: 'disk (MiB) per instance',
  role: 'Mesos role (slave_public: the public agents)',
  constraints: 'placement constraints',
  ports: 'ports reserved on the agents',
  virtualNetworks: 'virtual networks',
  packageName: 'Edge-LB package',
  packageVersion: 'Edge-LB package version',
  poolHealthcheckGracePeriod: 'health check grace period',
  poolHealthcheckInterval: 'health check interval',
  poolHealthcheckMaxFail: 'health check failures',
  poolHealthcheckTimeout: 'health check timeout',
  poolhealthcheckTimeout: 'health check timeout',
};

export function reportPoolSettings(ctx: AppContext, raw: JsonObject): void {
  ctx.use('/apiVersion', '/name', '/namespace');
  const set = Object.keys(DEPLOYMENT_FIELDS).filter((k) => raw[k] !== undefined && raw[k] !== null);
  if (set.length > 0) {
    ctx.use(...set.map((k) => `/${k}`));
    const listed = set.map((k) => `${k} ${typeof raw[k] === 'object' ? JSON.stringify(raw[k]) : String(raw[k])} (${DEPLOYMENT_FIELDS[k]})`);
    ctx.report('edgelb-pool-deployment', `/${set[0]}`, `${listed.join(', ')}: these sized or placed the pool's load balancers; on Kubernetes the ingress controller's deployment does that for every Ingress of its class`,
      { hint: 'size and place the ingress controller (replicas, resources, node selector for public nodes) accordingly' });
  }
  if (isObject(raw.environmentVariables)) {
    for (const name of Object.keys(raw.environmentVariables)) {
      const pointer = `/environmentVariables/${escapePointerToken(name)}`;
      if (isUsed(ctx, pointer)) continue;
      ctx.use(pointer);
      ctx.report('edgelb-setting-not-mapped', pointer, `the pool's environment variable ${name} (read by its HAProxy templates or files) is not migrated`,
        { hint: 'configure the equivalent on the ingress controller if the pool depended on it' });
    }
  }
  if (Array.isArray(raw.secrets)) {
    raw.secrets.forEach((s, i) => {
      if (isUsed(ctx, `/secrets/${i}`)) return;
      ctx.use(`/secrets/${i}`);
      const name = isObject(s) && typeof s.secret === 'string' ? s.secret : `#${i}`;
      ctx.report('edgelb-setting-not-mapped', `/secrets/${i}`, `the DC/OS secret ${name} was given to the pool, but no certificate reads it; not migrated`, { severity: 'info' });
    });
  }
  if (raw.autoCertificate !== undefined && !isUsed(ctx, '/autoCertificate')) {
    ctx.use('/autoCertificate');
    if (raw.autoCertificate === true) ctx.report('edgelb-setting-not-mapped', '/autoCertificate', 'autoCertificate: no frontend used the generated certificate ($AUTOCERT); nothing to migrate', { severity: 'info' });
  }
  const haproxy = isObject(raw.haproxy) ? raw.haproxy : {};
  if (isObject(haproxy.stats)) {
    ctx.use('/haproxy/stats');
    ctx.report('edgelb-pool-deployment', '/haproxy/stats', 'haproxy.stats: the HAProxy statistics page of the pool; the ingress controller has metrics of its own',
      { hint: 'scrape the ingress controller\'s metrics endpoint instead' });
  }
}

/** HAProxy settings of a frontend the Ingress does not carry. */
export function reportFrontendSettings(ctx: AppContext, index: number, raw: JsonObject): void {
  const at = `/haproxy/frontends/${index}`;
  ctx.use(`${at}/name`);
  for (const key of ['bindAddress', 'bindModifier', 'miscStrs'] as const) {
    if (raw[key] === undefined || raw[key] === null) continue;
    ctx.use(`${at}/${key}`);
    ctx.report('edgelb-setting-not-mapped', `${at}/${key}`, `${key} ${JSON.stringify(raw[key])}: HAProxy configuration of the frontend, with no Ingress equivalent; not migrated`,
      { hint: 'configure the equivalent on the ingress controller (e.g. ingress-nginx annotations or ConfigMap) if the traffic depends on it' });
  }
}

/** HAProxy settings of a backend (and of its servers) the Ingress does not carry. */
export function reportBackendSettings(ctx: AppContext, index: number, raw: JsonObject): void {
  const at = `/haproxy/backends/${index}`;
  ctx.use(`${at}/name`, `${at}/protocol`);
  if (typeof raw.protocol === 'string' && raw.protocol.toUpperCase() === 'HTTPS') {
    ctx.report('edgelb-setting-not-mapped', `${at}/protocol`, 'protocol HTTPS: HAProxy spoke TLS to the servers; the Ingress speaks plain HTTP to the Service',
      { hint: 'set nginx.ingress.kubernetes.io/backend-protocol: "HTTPS" on the Ingress (ingress-nginx), or the equivalent of your controller' });
  }
  const what: Record<string, string> = {
    balance: 'the balancing algorithm',
    miscStrs: 'extra HAProxy lines of the backend',
    customCheck: 'the health check HAProxy ran on the servers (the app\'s probes decide readiness now)',
    rewriteHttp: 'header and path rewriting (and sticky sessions)',
  };
  for (const [key, meaning] of Object.entries(what)) {
    if (raw[key] === undefined || raw[key] === null) continue;
    ctx.use(`${at}/${key}`);
    ctx.report('edgelb-setting-not-mapped', `${at}/${key}`, `${key} ${JSON.stringify(raw[key])} (${meaning}) has no Ingress equivalent; not migrated`,
      { hint: hintFor(key) });
  }
  const services = Array.isArray(raw.services) ? raw.services : [];
  services.forEach((s, i) => {
    if (!isObject(s) || !isObject(s.endpoint)) return;
    for (const key of ['miscStr', 'check'] as const) {
      if (s.endpoint[key] === undefined || s.endpoint[key] === null) continue;
      const pointer = `${at}/services/${i}/endpoint/${key}`;
      ctx.use(pointer);
      ctx.report('edgelb-setting-not-mapped', pointer, `endpoint.${key} ${JSON.stringify(s.endpoint[key])} (HAProxy "server" options: weights, checks) has no Ingress equivalent; not migrated`,
        { hint: 'weights: use your controller\'s canary / traffic-split feature; checks: the app\'s readiness probe decides which pods get traffic' });
    }
  });
}

function hintFor(key: string): string {
  switch (key) {
    case 'balance': return 'ingress-nginx: nginx.ingress.kubernetes.io/load-balance (or upstream-hash-by)';
    case 'rewriteHttp': return 'ingress-nginx: rewrite-target, upstream-vhost, affinity: cookie annotations; or your controller\'s equivalent';
    case 'customCheck': return 'make sure the app has a readiness probe that checks what HAProxy checked';
    default: return 'configure the equivalent on the ingress controller if the traffic depends on it';
  }
}

/** Whether a pointer was already consumed (a certificate read the secret or variable). */
function isUsed(ctx: AppContext, pointer: string): boolean {
  return !ctx.ledger.unconsumed().some((leaf) => leaf === pointer || leaf.startsWith(pointer + '/'));
}
