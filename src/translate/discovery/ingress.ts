/**
 * Routes collected from load-balancer labels (marathon-lb, Traefik) → one Ingress per app,
 * backed by the app's Service (ports by name, so a VIP port change cannot break it).
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
  const v1 = apiVersionFor('Ingress', version) === 'networking.k8s.io/v1';
  const withPathType = v1 || atLeast(version, 18);
  const annotations = { ...plan.annotations };
  const spec: Record<string, unknown> = {};
  if (supports('ingressClassName', version)) spec.ingressClassName = ctx.options.ingressClass;
  else {
    annotations['kubernetes.io/ingress.class'] = ctx.options.ingressClass;
    lacks(ctx, 'ingressClassName', 'class set by the kubernetes.io/ingress.class annotation');
  }
  ctx.need('ingress-class', ctx.options.ingressClass);

  const tlsHosts = [...new Set(plan.routes.filter((r) => r.tls && r.host !== undefined).map((r) => r.host!))];
  if (tlsHosts.length > 0) {
    const secretName = tlsSecretName(ctx);
    spec.tls = [{ hosts: tlsHosts, secretName }];
    const from = plan.certificates.length > 0 ? plan.certificates.map((c) => `certificate: ${c}`) : [];
    ctx.need('secret', secretName, ['type kubernetes.io/tls', 'tls.crt', 'tls.key', `hosts: ${tlsHosts.join(', ')}`, ...from], ctx.name.namespace);
  }

  const rules: Record<string, unknown>[] = [];
  const byHost = new Map<string, Record<string, unknown>[]>();
  const seen = new Set<string>();
  for (const route of plan.routes) {
    const key = `${route.host ?? '*'} ${route.path} ${route.exact ? '=' : '^'}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const hostKey = route.host ?? '';
    let paths = byHost.get(hostKey);
    if (!paths) {
      paths = [];
      byHost.set(hostKey, paths);
      rules.push({ ...(route.host !== undefined ? { host: route.host } : {}), http: { paths } });
    }
    const backend = v1
      ? { service: { name: ctx.name.name, port: { name: route.portName } } }
      : { serviceName: ctx.name.name, servicePort: route.portName };
    paths.push({ path: route.path, ...(withPathType ? { pathType: route.exact ? 'Exact' : 'Prefix' } : {}), backend });
    if (route.exact && !withPathType) exactWithoutPathType(ctx, route);
  }
  spec.rules = rules;
  return {
    apiVersion: apiVersionFor('Ingress', version),
    kind: 'Ingress',
    metadata: objectMeta(ctx, { annotations }),
    spec,
  };
}

/** Before 1.18 an Ingress path has no pathType: how it matches is up to the controller. */
function exactWithoutPathType(ctx: AppContext, route: IngressRoute): void {
  ctx.report('ingress-path-approximated', '/labels',
    `the exact path ${route.path}${route.host !== undefined ? ` of ${route.host}` : ''} has no pathType: Kubernetes ${ctx.options.kubeVersion} Ingresses have none (from 1.18), and controllers match such paths as prefixes (ingress-nginx, Traefik)`,
    { severity: 'warning' });
  lacks(ctx, 'ingressPathType', 'exact paths matched as the controller does (prefix)');
}
