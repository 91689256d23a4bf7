/**
 * Routes collected from load-balancer labels (marathon-lb, Traefik) → one Ingress per app,
 * backed by the app's Service (ports by name, so a VIP port change cannot break it). Edge-LB
 * pools (src/edgelb/) build theirs with the same ingressBody.
 *
 * The shape follows the target: networking.k8s.io/v1 from 1.19 (`backend.service.port.name`,
 * `pathType` required), networking.k8s.io/v1beta1 from 1.14 and extensions/v1beta1 before (both
 * `backend.serviceName/servicePort`, `pathType` only from 1.18); `spec.ingressClassName` from
 * 1.18, the `kubernetes.io/ingress.class` annotation before.
 */
import type { KubeObject } from '../../kube/types.js';
import { apiVersionFor, atLeast, supports } from '../../kube/versions.js';
import type { AppContext } from '../context.js';
import { lacks } from '../target.js';
import { objectMeta } from '../metadata.js';

export interface IngressRoute {
  /** Undefined: every host (a Traefik rule without Host). */
  host?: string;
  path: string;
  exact?: boolean;
  /** The app Service's port name. */
  portName: string;
  tls: boolean;
}

export interface IngressPlan {
  routes: IngressRoute[];
  annotations: Record<string, string>;
  /** Where marathon-lb / Traefik kept the certificate (for the Secret's description). */
  certificates: string[];
}

export function tlsSecretName(ctx: AppContext): string {
  return `${ctx.name.name}-tls`;
}

/** RFC 1123 host names (lower case), optionally a leading `*.` wildcard, as Ingress accepts them. */
export function validIngressHost(host: string): boolean {
  const name = host.startsWith('*.') ? host.slice(2) : host;
  return name.length <= 253 && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(name);
}

export function buildIngress(ctx: AppContext, plan: IngressPlan): KubeObject {
  const version = ctx.options.kubeVersion;
  const tlsHosts = [...new Set(plan.routes.filter((r) => r.tls && r.host !== undefined).map((r) => r.host!))];
  const tls: IngressTls[] = tlsHosts.length > 0 ? [{ hosts: tlsHosts, secretName: tlsSecretName(ctx) }] : [];
  const paths = plan.routes.map((route): IngressPath => ({
    ...(route.host !== undefined ? { host: route.host } : {}),
    path: route.path,
    pathType: route.exact ? 'Exact' : 'Prefix',
    service: ctx.name.name,
    port: route.portName,
  }));
  const body = ingressBody(version, ctx.options.ingressClass, paths, tls);
  if (body.classAnnotation) lacks(ctx, 'ingressClassName', 'class set by the kubernetes.io/ingress.class annotation');
  ctx.need('ingress-class', ctx.options.ingressClass);
  if (tlsHosts.length > 0) {
    const from = plan.certificates.length > 0 ? plan.certificates.map((c) => `certificate: ${c}`) : [];
    ctx.need('secret', tlsSecretName(ctx), ['type kubernetes.io/tls', 'tls.crt', 'tls.key', `hosts: ${tlsHosts.join(', ')}`, ...from], ctx.name.namespace);
  }
  for (const path of body.withoutPathType) if (path.pathType === 'Exact') exactWithoutPathType(ctx, path);
  return {
    apiVersion: body.apiVersion,
    kind: 'Ingress',
    metadata: objectMeta(ctx, { annotations: { ...plan.annotations, ...body.annotations } }),
    spec: body.spec,
  };
}

/** One path of an Ingress: host (none: every host), path and how it matches, the backend Service and its port. */
export interface IngressPath {
  host?: string;
  path: string;
  pathType: 'Prefix' | 'Exact' | 'ImplementationSpecific';
  service: string;
  /** The Service port, by name (preferred: a port number change cannot break it) or number. */
  port: string | number;
}

export interface IngressTls {
  hosts: string[];
  /** None: the ingress controller's default certificate. */
  secretName?: string;
}

/** What ingressBody made, and what the caller reports about the target. */
export interface IngressBody {
  apiVersion: string;
  spec: Record<string, unknown>;
  /** The class annotation, on targets before 1.18. */
  annotations: Record<string, string>;
  /** The class is set by the annotation (the target lacks ingressClassName). */
  classAnnotation: boolean;
  /** Paths written without pathType (targets before 1.18), whose matching is up to the controller. */
  withoutPathType: IngressPath[];
}

/**
 * The version-dependent body of an Ingress (every Ingress marathon2k8s makes goes through it):
 * apiVersion, class, TLS, and the paths grouped into one rule per host, in the order given; a
 * path repeated for the same host and match is kept once (the first).
 */
export function ingressBody(version: string, ingressClass: string, paths: readonly IngressPath[], tls: readonly IngressTls[] = []): IngressBody {
  const apiVersion = apiVersionFor('Ingress', version);
  const v1 = apiVersion === 'networking.k8s.io/v1';
  const withPathType = v1 || atLeast(version, 18);
  const annotations: Record<string, string> = {};
  const spec: Record<string, unknown> = {};
  const classAnnotation = !supports('ingressClassName', version);
  if (classAnnotation) annotations['kubernetes.io/ingress.class'] = ingressClass;
  else spec.ingressClassName = ingressClass;
  if (tls.length > 0) spec.tls = tls.map((t) => ({ hosts: t.hosts, ...(t.secretName !== undefined ? { secretName: t.secretName } : {}) }));

  const rules: Record<string, unknown>[] = [];
  const byHost = new Map<string, Record<string, unknown>[]>();
  const seen = new Set<string>();
  const withoutPathType: IngressPath[] = [];
  for (const p of paths) {
    const key = `${p.host ?? '*'} ${p.path} ${p.pathType === 'Exact' ? '=' : p.pathType === 'Prefix' ? '^' : '~'}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const hostKey = p.host ?? '';
    let list = byHost.get(hostKey);
    if (!list) {
      list = [];
      byHost.set(hostKey, list);
      rules.push({ ...(p.host !== undefined ? { host: p.host } : {}), http: { paths: list } });
    }
    const backend = v1
      ? { service: { name: p.service, port: typeof p.port === 'number' ? { number: p.port } : { name: p.port } } }
      : { serviceName: p.service, servicePort: p.port };
    list.push({ path: p.path, ...(withPathType ? { pathType: p.pathType } : {}), backend });
    if (!withPathType) withoutPathType.push(p);
  }
  spec.rules = rules;
  return { apiVersion, spec, annotations, classAnnotation, withoutPathType };
}

/** Before 1.18 an Ingress path has no pathType: how it matches is up to the controller. */
function exactWithoutPathType(ctx: AppContext, route: IngressPath): void {
  ctx.report('ingress-path-approximated', '/labels',
    `the exact path ${route.path}${route.host !== undefined ? ` of ${route.host}` : ''} has no pathType: Kubernetes ${ctx.options.kubeVersion} Ingresses have none (from 1.18), and controllers match such paths as prefixes (ingress-nginx, Traefik)`,
    { severity: 'warning' });
  lacks(ctx, 'ingressPathType', 'exact paths matched as the controller does (prefix)');
}
