/**
 * marathon-lb (`HAPROXY_*` app labels) → Ingress routes.
 *
 * marathon-lb served an app port by virtual host (`HAPROXY_n_VHOST`, comma-separated, with an
 * optional `HAPROXY_n_PATH` prefix) on 80/443, and every port of an app of its group
 * (`HAPROXY_GROUP`, `HAPROXY_n_GROUP`) on the port's service port. The virtual hosts become
 * Ingress rules to the app Service's port n; TLS when the port had a certificate or redirected
 * to HTTPS; the redirect becomes the ingress-nginx annotation. A port exposed only on the load
 * balancer's service port has no Ingress counterpart (Ingress is HTTP by host): reported, with
 * a LoadBalancer or NodePort Service as the way out. Every other HAPROXY setting (balance,
 * sticky, templates, auth, HSTS, bind options, zero-downtime deployment state…) is reported by
 * name: it configured HAProxy itself.
 *
 * marathon-lb only served apps of the groups it was started with (`--group`, `external` on
 * DC/OS; HAPROXY_GROUP and HAPROXY_n_GROUP are comma-separated lists): a virtual host without a
 * group was never served, so it makes no Ingress unless --haproxy-ungrouped external says the
 * load balancer ran with `--group '*'`. HAPROXY_n_PATH is HAProxy `path_beg` syntax: flags, then
 * space-separated prefixes (see lbPaths).
 */
import { escapePointerToken } from '../../findings.js';
import type { AppContext } from '../context.js';
import type { ResolvedPort } from '../ports.js';
import { validIngressHost, type IngressPlan } from './ingress.js';

const FORCE_SSL_REDIRECT = 'nginx.ingress.kubernetes.io/force-ssl-redirect';
const PORT_SETTING = /^HAPROXY_(\d+)_(.+)$/;
/** Per-port settings this module maps; the rest are reported. */
const MAPPED = new Set(['VHOST', 'PATH', 'REDIRECT_TO_HTTPS', 'ENABLED', 'SSL_CERT', 'GROUP', 'MODE', 'PORT']);

interface PortSettings {
  [setting: string]: { value: string; pointer: string };
}

export function haproxyPlan(ctx: AppContext, ports: readonly ResolvedPort[]): IngressPlan {
  const plan: IngressPlan = { routes: [], annotations: {}, certificates: [] };
  const byPort = new Map<number, PortSettings>();
  let group: { value: string; pointer: string } | undefined;
  for (const [key, value] of Object.entries(ctx.app.labels ?? {})) {
    if (!key.startsWith('HAPROXY_')) continue;
    const pointer = `/labels/${escapePointerToken(key)}`;
    ctx.use(pointer);
    const m = PORT_SETTING.exec(key);
    if (key === 'HAPROXY_GROUP') group = { value, pointer };
    else if (m && MAPPED.has(m[2]!)) {
      const settings = byPort.get(Number(m[1])) ?? {};
      settings[m[2]!] = { value, pointer };
      byPort.set(Number(m[1]), settings);
    } else if (key.startsWith('HAPROXY_DEPLOYMENT_')) {
      ctx.report('haproxy-label-not-mapped', pointer, `${key}: state of a marathon-lb zero-downtime (blue/green) deployment; a Deployment rolls out by itself`,
        { severity: 'info' });
    } else notMapped(ctx, key, pointer, m ? undefined : 'not a per-port marathon-lb setting (those are HAPROXY_<n>_…), so marathon-lb ignored it too');
  }
  if (group !== undefined) for (const p of ports) if (!byPort.has(p.index)) byPort.set(p.index, {});
  const reportedGroups = new Set<string>();
  for (const [index, settings] of [...byPort].sort(([a], [b]) => a - b)) {
    const portGroup = settings.GROUP ?? group;
    if (settings.ENABLED && !lbTrue(settings.ENABLED.value)) continue;
    const routed = addPort(ctx, plan, ports, index, settings, portGroup !== undefined && lbGroups(portGroup.value).length > 0);
    if (routed && portGroup && !lbGroups(portGroup.value).includes('external') && !reportedGroups.has(portGroup.pointer)) {
      reportedGroups.add(portGroup.pointer);
      ctx.report('haproxy-group', portGroup.pointer,
        `the app was served by the marathon-lb group "${portGroup.value}"; its Ingress uses the class ${ctx.options.ingressClass}`,
        { hint: 'choose the ingress class that serves this kind of traffic (e.g. an internal one) with --ingress-class' });
    }
  }
  if (group !== undefined && lbGroups(group.value).length > 0 && plan.routes.length === 0 && !reportedGroups.has(group.pointer) && !ctx.findings.some((f) => f.pointer.endsWith(group!.pointer))) {
    ctx.report('haproxy-group', group.pointer, `the app was in the marathon-lb group "${group.value}", but no port of it becomes an Ingress rule (no virtual host)`,
      { severity: 'info', hint: 'give the Service type LoadBalancer or NodePort for clients that connected through marathon-lb' });
  }
  return plan;
}

/** Adds the routes of port `index`; whether it made any. */
function addPort(ctx: AppContext, plan: IngressPlan, ports: readonly ResolvedPort[], index: number, s: PortSettings, grouped: boolean): boolean {
  const hosts = (s.VHOST?.value ?? '').split(/[\s,]+/).map((h) => h.trim().toLowerCase()).filter((h) => h !== '');
  const port = ports.find((p) => p.index === index);
  const tcpName = port?.names[port.protocols.indexOf('TCP')];
  const anchor = s.VHOST?.pointer ?? s.GROUP?.pointer ?? s.PORT?.pointer ?? Object.values(s)[0]?.pointer ?? '/labels/HAPROXY_GROUP';
  if (hosts.length === 0) {
    if (!grouped || !port) {
      // Nothing marathon-lb would have served (no group, no virtual host): say so, not silently.
      for (const [setting, { pointer }] of Object.entries(s)) {
        ctx.report('haproxy-label-not-mapped', pointer, `HAPROXY_${index}_${setting}: without HAPROXY_GROUP or a virtual host marathon-lb did not serve port ${index}; nothing was made from it`,
          { severity: 'info' });
      }
      return false;
    }
    const lbPort = s.PORT?.value ?? String(port.servicePort);
    ctx.report('haproxy-lb-port', anchor,
      `marathon-lb served port ${index} on its own port ${lbPort} (no virtual host); an Ingress routes HTTP by host name, so none was made`,
      { hint: 'give the Service type LoadBalancer or NodePort for clients that connected to the load balancer, or add a host name for an Ingress' });
    return false;
  }
  if (!grouped && ctx.options.haproxyUngrouped === 'skip') {
    // marathon-lb only configures apps of its --group (DC/OS ran it with `external`); an app
    // without HAPROXY_GROUP matched no group, so its virtual hosts were never served.
    ctx.report('haproxy-no-group', s.VHOST!.pointer,
      `HAPROXY_${index}_VHOST ${hosts.join(', ')} without HAPROXY_GROUP: marathon-lb (run with --group external) did not serve it, so no Ingress rule was made`,
      { hint: 'if your marathon-lb ran with --group \'*\' and served it, pass --haproxy-ungrouped external; else set HAPROXY_GROUP or drop the label' });
    reportNotApplied(ctx, index, s, s.VHOST!.pointer);
    return false;
  }
  if (!port || tcpName === undefined) {
    ctx.report('ingress-port-unresolved', anchor, `HAPROXY_${index}_VHOST names port ${index}, which the app does not have as a TCP port; no Ingress rule made`);
    reportNotApplied(ctx, index, s, anchor);
    return false;
  }
  if (s.MODE && s.MODE.value.trim().toLowerCase() === 'tcp') {
    ctx.report('haproxy-label-not-mapped', s.MODE.pointer, `HAPROXY_${index}_MODE tcp: marathon-lb forwarded raw TCP; an Ingress is HTTP only, so no rule was made for ${hosts.join(', ')}`,
      { hint: 'expose the Service as type LoadBalancer, or use your controller\'s TCP/TLS passthrough' });
    return false;
  }
  const valid = hosts.filter((host) => {
    if (validIngressHost(host)) return true;
    ctx.report('ingress-host-invalid', s.VHOST!.pointer, `"${host}" is not a host name an Ingress accepts; no rule made for it`,
      { hint: 'put the host name alone in the label (a path goes into HAPROXY_<n>_PATH)' });
    return false;
  });
  if (valid.length === 0) {
    reportNotApplied(ctx, index, s, s.VHOST!.pointer);
    return false;
  }
  const paths = s.PATH ? lbPaths(ctx, index, s.PATH) : [];
  if (paths === undefined) {
    reportNotApplied(ctx, index, s, s.PATH!.pointer);
    return false;
  }
  const redirect = s.REDIRECT_TO_HTTPS !== undefined && lbTrue(s.REDIRECT_TO_HTTPS.value);
  const certificates = (s.SSL_CERT?.value ?? '').split(',').map((c) => c.trim()).filter((c) => c !== '');
  plan.certificates.push(...certificates);
  const tls = redirect || certificates.length > 0;
  if (redirect) {
    plan.annotations[FORCE_SSL_REDIRECT] = 'true';
    ctx.report('ingress-controller-specific', s.REDIRECT_TO_HTTPS!.pointer,
      `the HTTPS redirect became the annotation ${FORCE_SSL_REDIRECT}, which only ingress-nginx reads`,
      { hint: 'use the equivalent setting of your ingress controller if it is not ingress-nginx' });
  }
  for (const host of valid) for (const path of paths.length > 0 ? paths : ['/']) plan.routes.push({ host, path, portName: tcpName, tls });
  return true;
}

/**
 * HAPROXY_n_PATH is the argument of HAProxy's `path_beg` ACL: optional flags, then one or more
 * space-separated prefixes (`-i /api /v2`). `-i` (ignore case) has no Ingress counterpart and is
 * reported; `-n` and `-u <id>` change nothing here; `-m beg` is path_beg itself. Other flags
 * (`-f <file>`: prefixes read from a file on the load balancer, `-m reg`…) cannot be translated:
 * reported, and undefined is returned, so that no rule wider than the original is made.
 */
function lbPaths(ctx: AppContext, index: number, setting: { value: string; pointer: string }): string[] | undefined {
  const tokens = setting.value.split(/\s+/).filter((t) => t !== '');
  let ignoreCase = false;
  let i = 0;
  for (; i < tokens.length && tokens[i]!.startsWith('-'); i++) {
    const flag = tokens[i]!;
    if (flag === '--') {
      i++;
      break;
    }
    if (flag === '-i') ignoreCase = true;
    else if (flag === '-n') continue;
    else if (flag === '-u' || (flag === '-m' && tokens[i + 1] === 'beg')) i++;
    else {
      ctx.report('haproxy-label-not-mapped', setting.pointer,
        `HAPROXY_${index}_PATH "${setting.value}": the path_beg flag ${flag}${flag === '-f' || flag === '-m' ? ` ${tokens[i + 1] ?? ''}`.trimEnd() : ''} has no Ingress equivalent; no Ingress rule was made for port ${index}`,
        { hint: 'write the paths out in HAPROXY_<n>_PATH (space-separated prefixes) or the Ingress by hand' });
      return undefined;
    }
  }
  const paths = [...new Set(tokens.slice(i).map((p) => (p.startsWith('/') ? p : `/${p}`)))];
  if (ignoreCase) {
    ctx.report('ingress-path-approximated', setting.pointer,
      `HAPROXY_${index}_PATH "${setting.value}": marathon-lb matched ${paths.join(', ') || 'the paths'} ignoring case (-i); Ingress paths are case-sensitive, so only requests spelled as written match`,
      { hint: 'add the other spellings clients use as further paths, or use your controller\'s regex paths' });
  }
  return paths;
}

/** The groups of a HAPROXY_GROUP / HAPROXY_n_GROUP value (marathon-lb splits it on commas). */
function lbGroups(value: string): string[] {
  return value.split(',').map((g) => g.trim()).filter((g) => g !== '');
}

/** The port's other settings, when it gets no Ingress rule: each said to be not applied. */
function reportNotApplied(ctx: AppContext, index: number, settings: PortSettings, reported: string): void {
  for (const [setting, { pointer }] of Object.entries(settings)) {
    if (pointer !== reported) ctx.report('haproxy-label-not-mapped', pointer, `HAPROXY_${index}_${setting}: not applied, there is no Ingress rule for port ${index}`, { severity: 'info' });
  }
}

/**
 * A marathon-lb boolean label as marathon-lb reads it (config.py `string_to_bool`): "true", "t",
 * "yes" or "y" in any case is true, anything else false. So `HAPROXY_0_ENABLED=no` (or "0", or
 * "") disables the port, and `HAPROXY_0_REDIRECT_TO_HTTPS=yes` redirects.
 */
export function lbTrue(value: string): boolean {
  return ['true', 't', 'yes', 'y'].includes(value.toLowerCase());
}

function notMapped(ctx: AppContext, key: string, pointer: string, why?: string): void {
  ctx.report('haproxy-label-not-mapped', pointer, `${key}: ${why ?? 'a marathon-lb (HAProxy) setting with no Ingress equivalent'}; not migrated`,
    { hint: 'configure the equivalent on your ingress controller if the app depends on it' });
}
