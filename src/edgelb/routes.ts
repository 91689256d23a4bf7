/**
 * HTTP and HTTPS frontends → Ingress paths.
 *
 * A frontend sent a request to the first `linkBackend.map` rule whose conditions all held, else
 * to `defaultBackend`. Per rule: `hostEq` → the rule's host; `hostReg` → a host when the regex is
 * a literal name (or `.*\.example\.com`, the wildcard `*.example.com`, which covers one label
 * where the regex covered several), else not mapped; `pathBeg` → a Prefix path; `pathReg` /
 * `pathExp` → a Prefix path when it is a literal prefix (`^/api/`), else an ImplementationSpecific
 * path in an Ingress of its own that asks ingress-nginx for regular-expression matching (the
 * annotation applies to every path of an Ingress); `pathEnd` has no Ingress form. The default
 * backend becomes `/` under each host of the rules (a request for a known host on another path)
 * and a rule without host (every other host), which is reported: on a shared ingress controller
 * it takes every host nobody else serves.
 *
 * Ingress matching is by most specific host and longest path, not in order: where an earlier
 * rule took requests a later one now gets, that is reported.
 */
import type { AppContext } from '../translate/context.js';
import { validIngressHost, type IngressPath } from '../translate/discovery/ingress.js';
import type { BackendResolver, BackendTarget } from './backends.js';
import type { FrontendCertificate } from './certificates.js';
import type { Backend, EdgeLbPool, Frontend, MapRule } from './model.js';

/** A path with the namespace of its Service (an Ingress routes within its namespace). */
export interface RoutedPath extends IngressPath {
  namespace: string;
  /** A regular-expression path (its own Ingress, see above). */
  regex?: boolean;
  /** Served over HTTPS with these certificates. */
  certificates?: FrontendCertificate[];
}

const REGEX_META = /[\\^$.*+?()[\]{}|]/;

export function frontendRoutes(ctx: AppContext, pool: EdgeLbPool, frontend: Frontend, resolver: BackendResolver, certificates?: FrontendCertificate[]): RoutedPath[] {
  const at = `/haproxy/frontends/${frontend.index}/linkBackend`;
  ctx.use(`${at}/defaultBackend`);
  const out: RoutedPath[] = [];
  const hosts = new Set<string>();
  const taken: { host?: string; path: string; index: number }[] = [];
  for (const rule of frontend.map) {
    const pointer = `${at}/map/${rule.index}`;
    ctx.use(`${pointer}/backend`);
    const condition = ruleCondition(ctx, rule, pointer);
    if (!condition) continue;
    const target = backendTarget(pool, rule.backend, resolver);
    if (!target) continue;
    const earlier = taken.find((t) => (t.host === undefined || t.host === condition.host) && condition.path.startsWith(t.path) && condition.pathType !== 'ImplementationSpecific');
    if (earlier && earlier.path !== condition.path) {
      ctx.report('edgelb-route-approximated', pointer,
        `Edge-LB tried the map rules in order, so rule ${earlier.index} (${earlier.host ?? 'any host'} ${earlier.path}) took these requests first; an Ingress picks the longest matching path, so they now go to backend "${rule.backend}"`,
        { hint: 'check that the longer path should win, or reorder the backends by hand' });
    }
    taken.push({ ...(condition.host !== undefined ? { host: condition.host } : {}), path: condition.path, index: rule.index });
    if (condition.host !== undefined) hosts.add(condition.host);
    out.push(routed(condition, target, certificates));
  }
  if (frontend.defaultBackend !== undefined && frontend.defaultBackend !== '') {
    const target = backendTarget(pool, frontend.defaultBackend, resolver);
    if (target) {
      for (const host of hosts) out.push(routed({ host, path: '/', pathType: 'Prefix' }, target, certificates));
      out.push(routed({ path: '/', pathType: 'Prefix' }, target, certificates));
      ctx.report('edgelb-catch-all', `${at}/defaultBackend`,
        `the default backend "${frontend.defaultBackend}" took every request ${hosts.size > 0 ? 'no map rule matched' : 'to the pool'}${frontend.bindPort !== undefined ? ` on port ${frontend.bindPort}` : ''}: it is an Ingress rule without host, which takes the requests of every host no other Ingress of the class ${ctx.options.ingressClass} serves`,
        { hint: 'give the pool\'s traffic an ingress class of its own (--ingress-class), or replace the rule by the host names clients use' });
    }
  }
  return out;
}

interface Condition {
  host?: string;
  path: string;
  pathType: IngressPath['pathType'];
  regex?: boolean;
}

/** The host and path a map rule matched, or undefined (reported) when an Ingress cannot express it. */
function ruleCondition(ctx: AppContext, rule: MapRule, pointer: string): Condition | undefined {
  ctx.use(`${pointer}/hostEq`, `${pointer}/hostReg`, `${pointer}/pathBeg`, `${pointer}/pathEnd`, `${pointer}/pathReg`, `${pointer}/pathExp`);
  const notMapped = (field: string, message: string, hint?: string): undefined => {
    ctx.report('edgelb-route-not-mapped', `${pointer}/${field}`, `${message}; no Ingress rule is made for this map rule (backend "${rule.backend}")`, hint !== undefined ? { hint } : {});
    return undefined;
  };
  let host: string | undefined;
  if (rule.hostEq !== undefined) {
    host = rule.hostEq.trim().toLowerCase().replace(/:\d+$/, '');
    if (!validIngressHost(host)) return notMapped('hostEq', `hostEq "${rule.hostEq}" is not a host name an Ingress accepts`);
  }
  if (rule.hostReg !== undefined) {
    const literal = hostOfRegex(rule.hostReg);
    if (literal === undefined || !validIngressHost(literal)) {
      return notMapped('hostReg', `hostReg "${rule.hostReg}" is a regular expression; an Ingress host is a name or a one-label wildcard (*.example.com)`,
        'list the host names it matched as hostEq rules, or write those Ingress rules by hand');
    }
    if (host !== undefined && host !== literal) return notMapped('hostReg', `hostEq "${host}" and hostReg "${rule.hostReg}" together match no single host`);
    if (literal.startsWith('*.')) {
      ctx.report('edgelb-route-approximated', `${pointer}/hostReg`, `hostReg "${rule.hostReg}" became the wildcard host ${literal}, which matches one label only (a.${literal.slice(2)}, not a.b.${literal.slice(2)})`);
    }
    host = literal;
  }
  if (rule.pathEnd !== undefined) return notMapped('pathEnd', `pathEnd "${rule.pathEnd}" matched the end of the path; an Ingress matches paths by prefix or exactly`);
  let path = '/';
  let pathType: IngressPath['pathType'] = 'Prefix';
  let regex = false;
  if (rule.pathBeg !== undefined) path = rule.pathBeg.startsWith('/') ? rule.pathBeg : `/${rule.pathBeg}`;
  const expression = rule.pathReg ?? rule.pathExp;
  if (expression !== undefined) {
    const field = rule.pathReg !== undefined ? 'pathReg' : 'pathExp';
    if (rule.pathBeg !== undefined) return notMapped(field, `pathBeg and ${field} together cannot be one Ingress path`);
    const prefix = literalPrefix(expression);
    if (prefix !== undefined) {
      path = prefix;
      ctx.report('edgelb-route-approximated', `${pointer}/${field}`, `${field} "${expression}" matches the paths beginning with ${prefix}: it is the Prefix path ${prefix}`, { severity: 'info' });
    } else {
      const body = expression.replace(/^\^/, '');
      if (!body.startsWith('/')) return notMapped(field, `${field} "${expression}" does not start with "/", which an Ingress path must`, 'anchor the expression at the start of the path (^/…) or write the Ingress by hand');
      path = body;
      pathType = 'ImplementationSpecific';
      regex = true;
      ctx.report('edgelb-route-approximated', `${pointer}/${field}`,
        `${field} "${expression}" is a regular expression: it is an ImplementationSpecific path of an Ingress with nginx.ingress.kubernetes.io/use-regex, which only ingress-nginx reads (and matches from the start of the path, case-sensitively)`,
        { severity: 'warning', hint: 'with another ingress controller, rewrite it with that controller\'s regex paths' });
    }
  }
  return { ...(host !== undefined ? { host } : {}), path, pathType, ...(regex ? { regex } : {}) };
}

/** `^shop\.example\.com$` → `shop.example.com`; `.*\.example\.com` → `*.example.com`; else undefined. */
export function hostOfRegex(regex: string): string | undefined {
  let body = regex.trim().replace(/^\^/, '').replace(/\$$/, '').replace(/(:\d+|:\[0-9\]\+|:\\d\+)$/, '');
  let wildcard = false;
  const star = /^(\.\*|\.\+|\[\^\.\]\+|\[a-z0-9-\]\+)(\\\.|\.)/.exec(body);
  if (star) {
    wildcard = true;
    body = body.slice(star[0].length);
  }
  const literal = body.replace(/\\\./g, '.');
  // An unescaped '.' in the rest matched any character; the names it was meant for are literal.
  if (REGEX_META.test(literal.replace(/\./g, ''))) return undefined;
  return (wildcard ? '*.' : '') + literal.toLowerCase();
}

/** `^/api/` (a literal anchored at the start, with or without `.*` after) → `/api/`; else undefined. */
export function literalPrefix(regex: string): string | undefined {
  if (!regex.startsWith('^')) return undefined;
  const body = regex.slice(1).replace(/\.\*$/, '');
  // Any operator, or an unescaped '.' (any character), makes it more than a literal.
  if (/[\^$*+?()[\]{}|]/.test(body) || /(^|[^\\])\./.test(body)) return undefined;
  const literal = body.replace(/\\([./-])/g, '$1');
  return literal.startsWith('/') && !literal.includes('\\') ? literal : undefined;
}

function backendTarget(pool: EdgeLbPool, name: string | undefined, resolver: BackendResolver): BackendTarget | undefined {
  const backend: Backend | undefined = pool.backends.find((b) => b.name === name);
  return backend ? resolver.resolve(backend) : undefined;
}

function routed(c: Condition, target: BackendTarget, certificates: FrontendCertificate[] | undefined): RoutedPath {
  return {
    ...(c.host !== undefined ? { host: c.host } : {}),
    path: c.path,
    pathType: c.pathType,
    service: target.service,
    port: target.port,
    namespace: target.namespace,
    ...(c.regex ? { regex: true } : {}),
    ...(certificates ? { certificates } : {}),
  };
}
