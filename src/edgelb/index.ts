/**
 * DC/OS Edge-LB pools → Ingresses (HTTP/HTTPS frontends) and LoadBalancer/NodePort Services (TCP
 * frontends) in front of the Services of the converted apps.
 *
 * A pool is loaded with the apps (first pass) and translated after them, so its backends resolve
 * against every app of the run (backends.ts). Its findings carry the pool's id as DC/OS ran it,
 * `/<namespace>/<name>` (default `/dcos-edgelb/pools/<name>`), and pointers into the pool file;
 * every field of the pool is either mapped or reported (the field ledger, as for apps).
 *
 * An Ingress routes to Services of its own namespace, so a pool whose backends are apps of
 * several namespaces becomes one Ingress per namespace, each named after the pool (made unique
 * if an app of that namespace has the name); regular-expression paths go into a second Ingress,
 * `<name>-regex` (see routes.ts). V1 pools (backends selected with `servers`) are reported, not
 * translated.
 */
import { Ledger, type Finding } from '../findings.js';
import { LABEL_INSTANCE, LABEL_MANAGED_BY, LABEL_NAME, MANAGED_BY, type KubeObject, type ObjectMeta } from '../kube/types.js';
import type { JsonObject } from '../marathon/json.js';
import { issueFinding } from '../marathon/validate.js';
import type { ConvertOptions } from '../options.js';
import { reportUnconsumed } from '../translate/app.js';
import { AppContext } from '../translate/context.js';
import { ingressBody, type IngressTls } from '../translate/discovery/ingress.js';
import { sanitizeLabel, withHash, type AppName } from '../translate/names.js';
import type { RunIndex } from '../translate/run-index.js';
import { lacks } from '../translate/target.js';
import { BackendResolver, type BackendTarget } from './backends.js';
import { frontendCertificates, type FrontendCertificate } from './certificates.js';
import { poolVersion } from './detect.js';
import { poolId, readPool, type EdgeLbPool, type Frontend } from './model.js';
import { frontendRoutes, type RoutedPath } from './routes.js';
import { reportBackendSettings, reportFrontendSettings, reportPoolSettings } from './settings.js';
import { validatePool } from './validate.js';

/** The annotation naming the pool an object was made from (`/dcos-edgelb/pools/web`). */
export const EDGELB_POOL_ANNOTATION = 'marathon2k8s.io/edgelb-pool';
const FORCE_SSL_REDIRECT = 'nginx.ingress.kubernetes.io/force-ssl-redirect';
const USE_REGEX = 'nginx.ingress.kubernetes.io/use-regex';

export interface PoolInput {
  raw: JsonObject;
  pointer: string;
  file?: string;
  options: ConvertOptions;
  run: RunIndex;
}

export type PreparedPool =
  | { ok: true; id: string; ctx: AppContext; translate: (ctx: AppContext) => KubeObject[] }
  /** Not translated (a V1 pool, a pool without name): the finding says why and what to do. */
  | { ok: false; id?: string; finding: Finding };

/** First pass (loading): validate and identify; translation comes after every app is loaded. */
export function preparePool(input: PoolInput): PreparedPool {
  const id = poolId(input.raw);
  const where = { ...(input.file !== undefined ? { file: input.file } : {}), ...(id !== undefined ? { app: id } : {}) };
  if (poolVersion(input.raw) === 'V1') {
    return {
      ok: false, ...(id !== undefined ? { id } : {}),
      finding: {
        severity: 'warning', code: 'edgelb-pool-v1', pointer: input.pointer, ...where,
        message: 'an Edge-LB pool of the V1 API (backends select servers with framework/task/port "servers"); it is not translated',
        hint: 'rewrite it as a V2 pool (backends with "services": marathon.serviceID + endpoint.portName, as Edge-LB 1.x documents) and convert that, or write the Ingress by hand',
      },
    };
  }
  const issues = validatePool(input.raw);
  const pool = readPool(input.raw);
  const name: AppName = { namespace: '', name: sanitizeLabel(pool.name) || 'edgelb-pool' };
  const ctx = new AppContext({ id: id ?? '/edgelb-pool', networks: [] }, name, input.options, new Ledger(input.raw), input.pointer, input.file, input.raw, input.run);
  for (const issue of issues) ctx.findings.push(issueFinding(issue, input.pointer + issue.pointer, where));
  if (id === undefined) {
    return { ok: false, finding: { severity: 'error', code: 'schema-violation', pointer: `${input.pointer}/name`, message: 'the pool has no name, so it cannot be named', hint: 'give the pool a "name"', ...where } };
  }
  return { ok: true, id, ctx, translate: (c) => translatePool(c, pool) };
}

export function translatePool(ctx: AppContext, pool: EdgeLbPool): KubeObject[] {
  const raw = ctx.raw;
  const resolver = new BackendResolver(ctx);
  const haproxy = (raw.haproxy ?? {}) as JsonObject;
  const rawFrontends = Array.isArray(haproxy.frontends) ? haproxy.frontends : [];
  const paths: RoutedPath[] = [];
  const services: KubeObject[] = [];
  let redirect = false;
  for (const frontend of pool.frontends) {
    const at = `/haproxy/frontends/${frontend.index}`;
    ctx.use(`${at}/bindPort`, `${at}/protocol`, `${at}/linkBackend`);
    reportFrontendSettings(ctx, frontend.index, rawFrontends[frontend.index] as JsonObject);
    if (frontend.redirectToHttps !== undefined) redirect = redirectToHttps(ctx, frontend) || redirect;
    switch (frontend.protocol) {
      case 'HTTP':
      case 'HTTPS': {
        reportPort(ctx, frontend);
        const certificates = frontend.protocol === 'HTTPS' ? frontendCertificates(ctx, pool, frontend) : undefined;
        if (frontend.protocol === 'HTTP' && frontend.certificates.length > 0) {
          ctx.use(`${at}/certificates`);
          ctx.report('edgelb-setting-not-mapped', `${at}/certificates`, 'certificates on an HTTP frontend: HAProxy did not use them', { severity: 'info' });
        }
        paths.push(...frontendRoutes(ctx, pool, frontend, resolver, certificates));
        break;
      }
      case 'TCP': {
        const service = tcpService(ctx, pool, frontend, resolver);
        if (service) services.push(service);
        break;
      }
      default:
        ctx.use(`${at}/certificates`);
        ctx.report('edgelb-frontend-not-translated', at, frontend.protocol === 'TLS'
          ? `the TLS frontend on port ${frontend.bindPort ?? '?'} terminated TLS for a TCP backend; a Service cannot terminate TLS, so nothing was made`
          : `the frontend's protocol "${frontend.protocolText ?? ''}" is not HTTP, HTTPS, TCP or TLS; nothing was made`,
        { hint: 'terminate TLS in the app, at a cloud load balancer TLS listener, or with your ingress controller\'s TLS passthrough / TCP services' });
    }
  }
  for (const b of pool.backends) {
    reportBackendSettings(ctx, b.index, (haproxy.backends as JsonObject[])[b.index]!);
    if (resolver.resolved(b)) continue;
    ctx.use(`/haproxy/backends/${b.index}/services`);
    ctx.report('edgelb-backend-unresolved', `/haproxy/backends/${b.index}`, `backend "${b.name}" is the target of no frontend that was translated; nothing routes to it`, { severity: 'info' });
  }
  reportPoolSettings(ctx, raw);
  const ingresses = buildIngresses(ctx, paths, redirect);
  reportUnconsumed(ctx);
  return [...ingresses, ...services];
}

/** A frontend bound to a port other than 80/443: an ingress controller answers on those only. */
function reportPort(ctx: AppContext, frontend: Frontend): void {
  const standard = frontend.protocol === 'HTTPS' ? 443 : 80;
  if (frontend.bindPort === undefined || frontend.bindPort === 80 || frontend.bindPort === 443) return;
  ctx.report('edgelb-route-approximated', `/haproxy/frontends/${frontend.index}/bindPort`,
    `clients reached this ${frontend.protocol} frontend on port ${frontend.bindPort} of the pool's agents; an ingress controller serves Ingresses on ${standard}`,
    { severity: 'warning', hint: `point the clients at port ${standard} of the ingress controller, or give the controller an extra listener on ${frontend.bindPort}` });
}

/** redirectToHttps → the ingress-nginx redirect annotation (whatever is in `except` is not kept). */
function redirectToHttps(ctx: AppContext, frontend: Frontend): boolean {
  const at = `/haproxy/frontends/${frontend.index}/redirectToHttps`;
  ctx.use(at);
  const except = frontend.redirectToHttps?.except;
  if (Array.isArray(except) && except.length > 0) {
    ctx.report('edgelb-route-not-mapped', `${at}/except`, `redirectToHttps.except kept ${except.length} host/path combination(s) on plain HTTP; the Ingress redirects every request`,
      { hint: 'put the exceptions in an Ingress of their own with nginx.ingress.kubernetes.io/ssl-redirect: "false"' });
  }
  ctx.report('ingress-controller-specific', at, `the HTTPS redirect became the annotation ${FORCE_SSL_REDIRECT}, which only ingress-nginx reads`,
    { hint: 'use the equivalent setting of your ingress controller if it is not ingress-nginx' });
  return true;
}

/** A TCP frontend → a Service of type LoadBalancer (NodePort with --service-type NodePort) selecting the default backend's pods. */
function tcpService(ctx: AppContext, pool: EdgeLbPool, frontend: Frontend, resolver: BackendResolver): KubeObject | undefined {
  const at = `/haproxy/frontends/${frontend.index}`;
  if (frontend.map.length > 0) {
    ctx.report('edgelb-route-not-mapped', `${at}/linkBackend/map`, 'map rules of a TCP frontend (routing by TLS SNI host name) have no Service equivalent; only the default backend is served',
      { hint: 'route by host name with an Ingress (TLS passthrough) if clients depend on it' });
  }
  const backend = pool.backends.find((b) => b.name === frontend.defaultBackend);
  if (frontend.bindPort === undefined || !backend) {
    ctx.report('edgelb-frontend-not-translated', at, `the TCP frontend ${frontend.bindPort === undefined ? 'has no bindPort' : 'has no default backend'}; nothing was made`);
    return undefined;
  }
  const target = resolver.resolve(backend);
  if (!target) return undefined;
  if (Object.keys(target.selector).length === 0) {
    ctx.report('edgelb-frontend-not-translated', at, `the TCP frontend's backend "${backend.name}" is not an app whose pods a Service can select; nothing was made`);
    return undefined;
  }
  const type = ctx.options.serviceType === 'NodePort' ? 'NodePort' : 'LoadBalancer';
  const name = objectName(ctx, target.namespace, `${ctx.name.name}-${frontend.bindPort}`);
  ctx.report('edgelb-tcp-service', at,
    `the TCP frontend on port ${frontend.bindPort} is the ${type} Service ${target.namespace}/${name} selecting the pods of ${target.appId}${type === 'NodePort' ? ' (clients connect to a node port of every node)' : ` (clients connect to its external address on port ${frontend.bindPort})`}`);
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: poolMeta(ctx, target.namespace, name),
    spec: { type, selector: target.selector, ports: [{ name: `tcp-${frontend.bindPort}`, port: frontend.bindPort, targetPort: target.targetPort, protocol: 'TCP' }] },
  };
}

/** The Ingresses of the pool's HTTP(S) routes: one per namespace (and one more for regex paths). */
function buildIngresses(ctx: AppContext, paths: readonly RoutedPath[], redirect: boolean): KubeObject[] {
  const groups = new Map<string, RoutedPath[]>();
  for (const p of paths) {
    const key = `${p.namespace}\u0000${p.regex ? 'regex' : ''}`;
    groups.set(key, [...(groups.get(key) ?? []), p]);
  }
  const out: KubeObject[] = [];
  let classReported = false;
  for (const [key, group] of groups) {
    const [namespace, kind] = key.split('\u0000') as [string, string];
    const version = ctx.options.kubeVersion;
    const tls = tlsEntries(ctx, group, namespace);
    const body = ingressBody(version, ctx.options.ingressClass, group, tls);
    if (body.classAnnotation && !classReported) lacks(ctx, 'ingressClassName', 'class set by the kubernetes.io/ingress.class annotation');
    classReported = true;
    const annotations: Record<string, string> = { ...body.annotations };
    if (redirect) annotations[FORCE_SSL_REDIRECT] = 'true';
    if (kind === 'regex') annotations[USE_REGEX] = 'true';
    const name = objectName(ctx, namespace, kind === 'regex' ? `${ctx.name.name}-regex` : ctx.name.name);
    out.push({ apiVersion: body.apiVersion, kind: 'Ingress', metadata: poolMeta(ctx, namespace, name, annotations), spec: body.spec });
  }
  if (out.length > 0) ctx.need('ingress-class', ctx.options.ingressClass);
  return out;
}

/** TLS entries of an Ingress: the HTTPS hosts per certificate (the first certificate gets the hosts; the others are listed). */
function tlsEntries(ctx: AppContext, paths: readonly RoutedPath[], namespace: string): IngressTls[] {
  const byCertificates = new Map<FrontendCertificate[], Set<string>>();
  for (const p of paths) {
    if (!p.certificates || p.certificates.length === 0 || p.host === undefined) continue;
    byCertificates.set(p.certificates, (byCertificates.get(p.certificates) ?? new Set()).add(p.host));
  }
  const out: IngressTls[] = [];
  for (const [certificates, hostSet] of byCertificates) {
    const hosts = [...hostSet];
    const [first, ...others] = certificates;
    out.push({ hosts, ...(first!.secretName !== undefined ? { secretName: first!.secretName } : {}) });
    if (first!.secretName !== undefined) {
      ctx.need('secret', first!.secretName, ['type kubernetes.io/tls', 'tls.crt', 'tls.key', `hosts: ${hosts.join(', ')}`, ...(first!.from ? [`from: ${first!.from}`] : [])], namespace);
    }
    const more = others.filter((c) => c.secretName !== undefined).map((c) => c.secretName!);
    if (more.length > 0) {
      // HAProxy chose among the certificates by SNI; which hosts each covers is in the certificates only.
      ctx.report('edgelb-certificate', others[0]!.pointer, `HAProxy chose among ${certificates.length} certificates by the requested host name (SNI); the Ingress serves ${hosts.join(', ')} with ${first!.secretName ?? 'the controller\'s default certificate'}, so ${more.join(', ')} ${more.length === 1 ? 'is' : 'are'} not used`,
        { hint: 'add a TLS entry per certificate to the Ingress, listing the hosts that certificate covers, and create its Secret' });
    }
  }
  return out;
}

/** The name of a pool object in a namespace: the pool's, unless an app of the namespace has it. */
function objectName(ctx: AppContext, namespace: string, base: string): string {
  const name = base.length <= 63 ? base : withHash(base, `${ctx.app.id}/${base}`);
  return ctx.run.named(namespace, name) ? withHash(name, `${ctx.app.id}/${namespace}`) : name;
}

function poolMeta(ctx: AppContext, namespace: string, name: string, annotations: Record<string, string> = {}): ObjectMeta {
  return {
    name,
    namespace,
    labels: { [LABEL_NAME]: ctx.name.name, [LABEL_INSTANCE]: ctx.name.name, [LABEL_MANAGED_BY]: MANAGED_BY },
    annotations: { [EDGELB_POOL_ANNOTATION]: ctx.app.id, ...annotations },
  };
}

export type { BackendTarget };
