/**
 * Services and Ingresses in templates.
 *
 * Service: type and ports from values, selector through the selectorLabels helper.
 * Ingress: the whole object behind `ingress.enabled`; class, controller annotations, hosts and
 * TLS from values. Rules of the usual shape (host, paths, each to a Service port) become a
 * `hosts` list a person can edit; any other shape stays a raw `rules` list, so nothing is lost.
 */
import { MARATHON_DEPENDENCIES_ANNOTATION, MARATHON_ID_ANNOTATION } from '../../kube/types.js';
import { COMMENTS } from './comments.js';
import { helper, valueField, type AppContext } from './context.js';
import { templateSelector } from './labels.js';
import { isPlainObject, openMap, put, staticBody, type Body } from './tree.js';
import { setIn, type Scope } from './values.js';

type Obj = Record<string, unknown>;

export function templateService(ctx: AppContext, body: Body, obj: Obj, scope: Scope): void {
  const spec = isPlainObject(obj.spec) ? obj.spec : {};
  const specBody = openMap(body, 'spec');
  if (!specBody) return;
  ctx.values.comment(scope.path, COMMENTS.service);
  const type = typeof spec.type === 'string' ? spec.type : '';
  const typeExpr = setIn(ctx.values, scope, 'type', type, COMMENTS.serviceType);
  put(specBody, spec.type === undefined
    ? { t: 'scalar', key: 'type', with: typeExpr, expr: '. | quote' }
    : { t: 'scalar', key: 'type', expr: `${typeExpr} | quote` });
  if (Array.isArray(spec.ports) && spec.ports.length > 0) {
    const expr = setIn(ctx.values, scope, 'ports', spec.ports, COMMENTS.servicePorts);
    put(specBody, { t: 'yaml', key: 'ports', value: `toYaml ${expr}` });
  }
  templateSelector(ctx, specBody, 'selector', spec.selector);
}

interface HostPath {
  path?: string;
  pathType: string;
  service: string;
  port: number | string;
}

/** Rules → [{host, paths: [{path, pathType, service, port}]}], or undefined for other shapes. */
export function rulesAsHosts(rules: unknown): { host?: string; paths: HostPath[] }[] | undefined {
  if (!Array.isArray(rules)) return undefined;
  const only = (o: Obj, keys: string[]): boolean => Object.keys(o).every((k) => keys.includes(k));
  const hosts: { host?: string; paths: HostPath[] }[] = [];
  for (const r of rules) {
    if (!isPlainObject(r) || !only(r, ['host', 'http']) || !isPlainObject(r.http) || !only(r.http, ['paths'])) return undefined;
    // "" and an absent host differ in the object; only non-empty hosts take the edited form.
    if (r.host !== undefined && (typeof r.host !== 'string' || r.host === '')) return undefined;
    if (!Array.isArray(r.http.paths) || r.http.paths.length === 0) return undefined;
    const paths: HostPath[] = [];
    for (const p of r.http.paths) {
      if (!isPlainObject(p) || !only(p, ['path', 'pathType', 'backend']) || typeof p.pathType !== 'string') return undefined;
      if (p.path !== undefined && (typeof p.path !== 'string' || p.path === '')) return undefined;
      const svc = isPlainObject(p.backend) && only(p.backend, ['service']) && isPlainObject(p.backend.service) ? p.backend.service : undefined;
      if (!svc || !only(svc, ['name', 'port']) || typeof svc.name !== 'string' || !isPlainObject(svc.port)) return undefined;
      const port = svc.port;
      const keys = Object.keys(port);
      let value: number | string;
      if (keys.length === 1 && Number.isInteger(port.number)) value = port.number as number;
      else if (keys.length === 1 && typeof port.name === 'string' && port.name !== '') value = port.name;
      else return undefined;
      paths.push({ ...(p.path !== undefined ? { path: p.path as string } : {}), pathType: p.pathType, service: svc.name, port: value });
    }
    hosts.push(r.host !== undefined ? { host: r.host as string, paths } : { paths });
  }
  return hosts;
}

/** Annotations the conversion owns stay literal; the controller's ones come from values. */
function isOwnAnnotation(key: string): boolean {
  return key === MARATHON_ID_ANNOTATION || key === MARATHON_DEPENDENCIES_ANNOTATION || key.startsWith('marathon2k8s.io/');
}

export function templateIngress(ctx: AppContext, body: Body, obj: Obj, scope: Scope): string {
  ctx.values.comment(scope.path, COMMENTS.ingress);
  const enabled = setIn(ctx.values, scope, 'enabled', true, COMMENTS.ingressEnabled);
  const spec = isPlainObject(obj.spec) ? obj.spec : {};
  const specBody = openMap(body, 'spec');
  const meta = isPlainObject(obj.metadata) ? obj.metadata : {};
  const annotations = isPlainObject(meta.annotations) ? (meta.annotations as Record<string, string>) : {};
  const own = Object.fromEntries(Object.entries(annotations).filter(([k]) => isOwnAnnotation(k)));
  const controller = Object.fromEntries(Object.entries(annotations).filter(([k]) => !isOwnAnnotation(k)));
  const metaBody = openMap(body, 'metadata');
  if (metaBody) {
    const expr = setIn(ctx.values, scope, 'annotations', controller, COMMENTS.ingressAnnotations);
    // With no literal annotations the key itself appears only when values give some.
    put(metaBody, Object.keys(own).length > 0
      ? { t: 'map', key: 'annotations', body: [...staticBody(own), { t: 'inline', with: expr, value: 'toYaml .' }] }
      : { t: 'yaml', key: 'annotations', with: expr, value: 'toYaml .' });
  }
  if (!specBody) return enabled;
  // Targets before 1.18 name the class in the kubernetes.io/ingress.class annotation (from values' annotations).
  if (spec.ingressClassName !== '' && Object.hasOwn(spec, 'ingressClassName')) {
    // "" would vanish behind `with`; an explicit empty class (rare) stays literal.
    const className = typeof spec.ingressClassName === 'string' ? spec.ingressClassName : '';
    const classExpr = setIn(ctx.values, scope, 'className', className, COMMENTS.ingressClass);
    put(specBody, { t: 'scalar', key: 'ingressClassName', with: classExpr, expr: '. | quote' });
  }
  const hosts = rulesAsHosts(spec.rules);
  if (hosts !== undefined) {
    const expr = setIn(ctx.values, scope, 'hosts', hosts, COMMENTS.ingressHosts);
    put(specBody, { t: 'yaml', key: 'rules', value: `include ${helper(ctx, 'ingressRules')} ${expr}` });
  } else if (Array.isArray(spec.rules) && spec.rules.length > 0) {
    const expr = setIn(ctx.values, scope, 'rules', spec.rules, COMMENTS.ingressRules);
    put(specBody, { t: 'yaml', key: 'rules', value: `toYaml ${expr}` });
  }
  valueField(ctx, specBody, spec, 'tls', scope, COMMENTS.ingressTls, []);
  return enabled;
}
