/**
 * Traefik 1.x Marathon provider labels (`traefik.*`) → Ingress routes.
 *
 *   traefik.frontend.rule       `Host:a,b`, `HostRegexp:` with literal names, `PathPrefix:/x`,
 *                               `Path:/x`, `PathPrefixStrip:/x`, `Host:a;PathPrefix:/x` → rules
 *                               (hosts × paths); a rule without a literal host is reported and
 *                               makes no Ingress (it would be a cluster-wide catch-all)
 *   traefik.enable=false        no Ingress
 *   traefik.portIndex / .port   which app port (else the first one)
 *   traefik.frontend.entryPoints  an `https` entry point → TLS for the hosts
 *   traefik.backend             the backend name: the Service takes its place
 * Without a frontend rule Traefik served the app on a host name made from its id and Traefik's
 * configured domain, which this tool cannot know: reported, no Ingress. Other traefik.* labels
 * (priorities, auth, headers, segment labels…) are reported by name.
 */
import { escapePointerToken } from '../../findings.js';
import type { AppContext } from '../context.js';
import type { ResolvedPort } from '../ports.js';
import { validIngressHost, type IngressPlan, type IngressRoute } from './ingress.js';

/** The words Go's strconv.ParseBool reads, which is how Traefik 1.x reads traefik.enable. */
const GO_TRUE = new Set(['1', 't', 'T', 'TRUE', 'true', 'True']);
const GO_FALSE = new Set(['0', 'f', 'F', 'FALSE', 'false', 'False']);

const MAPPED = new Set(['traefik.enable', 'traefik.frontend.rule', 'traefik.portIndex', 'traefik.port', 'traefik.frontend.entryPoints', 'traefik.backend']);

export function traefikPlan(ctx: AppContext, ports: readonly ResolvedPort[]): IngressPlan {
  const plan: IngressPlan = { routes: [], annotations: {}, certificates: [] };
  const labels: Record<string, { value: string; pointer: string }> = {};
  for (const [key, value] of Object.entries(ctx.app.labels ?? {})) {
    if (!key.startsWith('traefik.')) continue;
    const pointer = `/labels/${escapePointerToken(key)}`;
    ctx.use(pointer);
    if (MAPPED.has(key)) labels[key] = { value, pointer };
    else ctx.report('traefik-label-not-mapped', pointer, `${key}: a Traefik setting with no Ingress equivalent; not migrated`,
      { hint: 'configure the equivalent on your ingress controller if the app depends on it' });
  }
  const any = Object.values(labels)[0];
  if (!any) return plan;
  const enable = labels['traefik.enable'];
  if (enable) {
    // Traefik 1.x reads it with Go's strconv.ParseBool; any other value is ignored (the
    // provider's exposedByDefault applies, true unless the operator changed it).
    if (GO_FALSE.has(enable.value)) return plan;
    if (!GO_TRUE.has(enable.value)) {
      ctx.report('traefik-label-not-mapped', enable.pointer,
        `traefik.enable "${enable.value}" is not a boolean Traefik reads, so Traefik used its exposedByDefault setting; the app is taken as exposed`,
        { hint: 'set traefik.enable to true or false (if your Traefik ran with exposedByDefault=false, the app was not exposed: delete its Ingress)' });
    }
  }
  const rule = labels['traefik.frontend.rule'];
  if (!rule) {
    ctx.report('traefik-default-rule', any.pointer,
      'the app has Traefik labels but no traefik.frontend.rule: Traefik served it on a host name made from the app id and its configured domain; no Ingress made',
      { hint: 'set traefik.frontend.rule (e.g. Host:app.example.com) or write the Ingress by hand' });
    return plan;
  }
  const port = choosePort(ctx, ports, labels);
  if (!port) return plan;
  const tls = (labels['traefik.frontend.entryPoints']?.value ?? '').split(',').some((e) => e.trim().toLowerCase() === 'https');
  plan.routes.push(...parseRule(ctx, rule.value, rule.pointer, port, tls));
  return plan;
}

function choosePort(ctx: AppContext, ports: readonly ResolvedPort[], labels: Record<string, { value: string; pointer: string }>): { name: string } | undefined {
  const byIndex = labels['traefik.portIndex'];
  const byNumber = labels['traefik.port'];
  let port: ResolvedPort | undefined;
  let pointer = labels['traefik.frontend.rule']!.pointer;
  if (byIndex) {
    port = ports.find((p) => p.index === Number(byIndex.value));
    pointer = byIndex.pointer;
  } else if (byNumber) {
    const n = Number(byNumber.value);
    port = ports.find((p) => p.containerPort === n || p.servicePort === n || p.hostPort === n);
    pointer = byNumber.pointer;
  } else port = ports[0];
  const name = port?.names[port.protocols.indexOf('TCP')];
  if (name === undefined) {
    ctx.report('ingress-port-unresolved', pointer, 'the Traefik labels name a port the app does not have as a TCP port; no Ingress made');
    return undefined;
  }
  return { name };
}

/**
 * `Host:a,b;PathPrefix:/x` → routes; matchers an Ingress cannot express are reported. A rule
 * must name its hosts: Traefik matched a rule without Host on every host of its entry point,
 * but the same Ingress rule without host would take every host's traffic on a controller shared
 * by the whole cluster (other teams' unmatched requests included), so none is made then.
 */
function parseRule(ctx: AppContext, rule: string, pointer: string, port: { name: string }, tls: boolean): IngressRoute[] {
  let hosts: string[] | undefined;
  let paths: { path: string; exact: boolean }[] = [{ path: '/', exact: false }];
  for (const part of rule.split(';').map((p) => p.trim()).filter((p) => p !== '')) {
    const colon = part.indexOf(':');
    const matcher = colon < 0 ? part : part.slice(0, colon).trim();
    const values = (colon < 0 ? '' : part.slice(colon + 1)).split(',').map((v) => v.trim()).filter((v) => v !== '');
    switch (matcher.toLowerCase()) {
      case 'host': {
        const valid = values.map((h) => h.toLowerCase()).filter((h) => {
          if (validIngressHost(h)) return true;
          ctx.report('ingress-host-invalid', pointer, `"${h}" is not a host name an Ingress accepts; no rule made for it`);
          return false;
        });
        if (valid.length === 0) return [];
        hosts = valid;
        break;
      }
      case 'hostregexp': {
        if (hosts !== undefined) {
          ctx.report('traefik-label-not-mapped', pointer, `${matcher} next to Host: only the Host names are kept`);
          break;
        }
        const literal = values.map((v) => regexpHost(v));
        values.forEach((v, i) => {
          if (literal[i] === undefined) {
            ctx.report('traefik-label-not-mapped', pointer, `${matcher} "${v}" is a pattern, not a host name an Ingress can match; no rule made for it`,
              { hint: 'list the host names in a Host matcher (a leading {name} label may become a *. wildcard)' });
          }
        });
        hosts = literal.filter((h): h is string => h !== undefined && validIngressHost(h));
        if (hosts.length === 0) return noHost(ctx, rule, pointer);
        break;
      }
      case 'path':
      case 'pathprefix':
      case 'pathstrip':
      case 'pathprefixstrip': {
        const exact = matcher.toLowerCase().startsWith('path') && !matcher.toLowerCase().startsWith('pathprefix');
        paths = values.map((p) => ({ path: p.startsWith('/') ? p : `/${p}`, exact }));
        if (matcher.toLowerCase().endsWith('strip')) {
          ctx.report('traefik-label-not-mapped', pointer, `${matcher}: Traefik removed the path before forwarding; the Ingress forwards it unchanged`,
            { hint: 'use your controller\'s rewrite setting (ingress-nginx: rewrite-target) if the app expects the stripped path' });
        }
        break;
      }
      default:
        ctx.report('traefik-label-not-mapped', pointer, `the rule matcher ${matcher} has no Ingress equivalent; it is ignored`,
          { hint: 'an Ingress matches on host and path only' });
    }
  }
  if (hosts === undefined) return noHost(ctx, rule, pointer);
  return hosts.flatMap((host) => paths.map((p) => ({ host, path: p.path, ...(p.exact ? { exact: true } : {}), portName: port.name, tls })));
}

function noHost(ctx: AppContext, rule: string, pointer: string): IngressRoute[] {
  ctx.report('ingress-no-host', pointer,
    `the rule "${rule}" names no host: Traefik matched it on any host of its entry point, and an Ingress rule without host would take every host's traffic on the cluster's shared controller; no Ingress made`,
    { hint: 'add Host:<name> to traefik.frontend.rule with the host names clients use, or write the Ingress by hand' });
  return [];
}

/**
 * A HostRegexp value as an Ingress host: a literal name as is; `{name}.example.com` (gorilla/mux
 * matches a bare `{name}` as one label, `[^.]+`) as the wildcard `*.example.com`, which matches
 * exactly one label too. Anything else (`{sub:[a-z]+}…`, `{catchall:.*}`) is undefined.
 */
function regexpHost(value: string): string | undefined {
  const v = value.toLowerCase();
  if (!/[{}]/.test(v)) return v;
  const m = /^\{[a-z_][a-z0-9_]*\}\.([^{}]+)$/.exec(v);
  return m ? `*.${m[1]}` : undefined;
}
