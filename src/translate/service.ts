/**
 * One Service per app that declares ports, named like the app.
 *
 * A port with a DC/OS VIP keeps the VIP port as its Service port (clients connected to the VIP
 * port, so they keep connecting to the same number); the container port — and $PORTn — stay
 * what the container listens on. Port labels other than VIPs have no Kubernetes meaning and are
 * kept on the Service as one JSON annotation.
 *
 * Clients of a DC/OS app used whichever number their way of finding it gave them: the
 * container port (container networks, `containerip` names), the fixed host port (bridge and
 * `requirePorts` apps, reached at the agent's address), the service port (marathon-lb) or a VIP
 * port. The DNS names they used are rewritten to the Service (discovery/dns-rewrite.ts) but a
 * port number kept elsewhere (`DB_PORT=31432`) is not, so the Service answers on every one of
 * those numbers: the first is the port's Service port, the others are extra Service ports with
 * the same named target port.
 *
 * The Service is a ClusterIP one, except for apps that clients reached at their agents'
 * addresses (see exposure.ts): those take --service-type.
 */
import { escapePointerToken } from '../findings.js';
import type { KubeObject } from '../kube/types.js';
import { networkMode } from '../marathon/model.js';
import type { AppContext } from './context.js';
import { appVips, isVipPortLabel } from './discovery/vip.js';
import { agentExposure, NODE_PORT_RANGE, nodePortOwners, reportExposure, serviceType } from './exposure.js';
import { objectMeta, selectorLabels } from './metadata.js';
import { servicePorts, type ResolvedPort, type ServicePort } from './ports.js';

export const PORT_LABELS_ANNOTATION = 'marathon2k8s.io/port-labels';


export function mapService(ctx: AppContext, ports: ResolvedPort[]): KubeObject | undefined {
  const svcPorts = appServicePorts(ctx, ports);
  const exposure = agentExposure(ctx, ports);
  reportExposure(ctx, exposure, svcPorts.length > 0);
  if (svcPorts.length === 0) return undefined;
  const portLabels = keptPortLabels(ctx, ports);
  const annotations: Record<string, string> = {};
  if (Object.keys(portLabels).length > 0) annotations[PORT_LABELS_ANNOTATION] = JSON.stringify(portLabels);
  const type = serviceType(ctx, exposure);
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: objectMeta(ctx, { annotations }),
    spec: { type, selector: selectorLabels(ctx), ports: type === 'ClusterIP' ? svcPorts : withNodePorts(ctx, svcPorts, ports) },
  };
}

/**
 * The ports of the app's Service: per Marathon port its Service port (the first VIP's port,
 * else the service port, else the container port), then the other numbers its clients may have
 * used (see the module comment).
 */
export function appServicePorts(ctx: AppContext, ports: readonly ResolvedPort[]): ServicePort[] {
  const vipPorts = new Map<number, number[]>();
  for (const vip of appVips(ctx.app).vips) vipPorts.set(vip.portIndex, [...(vipPorts.get(vip.portIndex) ?? []), vip.port]);
  const primary = servicePorts(ctx, ports.map((p) => (vipPorts.has(p.index) ? { ...p, servicePort: vipPorts.get(p.index)![0]! } : p)));
  return [...primary, ...extraServicePorts(ctx, ports, primary, vipPorts)];
}

/** A number a client may have used for a port, and how it came by it (for findings). */
interface ClientNumber {
  port: number;
  what: string;
}

function clientNumbers(p: ResolvedPort, vipPorts: readonly number[]): ClientNumber[] {
  const out: ClientNumber[] = [{ port: p.containerPort, what: 'container port' }];
  if (p.fixedHostPort !== undefined) out.push({ port: p.fixedHostPort, what: 'fixed host port' });
  if (p.declaredServicePort !== undefined) out.push({ port: p.declaredServicePort, what: 'service port' });
  for (const v of vipPorts) out.push({ port: v, what: 'VIP port' });
  return out;
}

function extraServicePorts(ctx: AppContext, ports: readonly ResolvedPort[], primary: readonly ServicePort[], vipPorts: Map<number, number[]>): ServicePort[] {
  const extras: ServicePort[] = [];
  const owner = new Map<string, string | number>(primary.map((s) => [`${s.port}/${s.protocol}`, s.targetPort]));
  const names = new Set(primary.map((s) => s.name));
  for (const p of ports) {
    p.protocols.forEach((protocol, i) => {
      const target = p.names[i]!;
      // A port the Service does not expose at all (a clash) gets no extra numbers either.
      if (!primary.some((s) => s.targetPort === target)) return;
      for (const { port, what } of clientNumbers(p, vipPorts.get(p.index) ?? [])) {
        const taken = owner.get(`${port}/${protocol}`);
        if (taken === target) continue;
        if (taken !== undefined) {
          ctx.report('service-port-clash', '', `port ${p.index}'s ${what} ${port}/${protocol} is another port's Service port: clients that used ${port} for port ${p.index} now reach port "${taken}"`,
            { hint: 'check which port those clients meant and point them at the Service port of port ' + p.index });
          continue;
        }
        const name = extraPortName(target, port, names);
        names.add(name);
        owner.set(`${port}/${protocol}`, target);
        extras.push({ name, port, targetPort: target, protocol });
      }
    });
  }
  return extras;
}

/**
 * `<port name>-<number>` (e.g. `http-31080`), cut to the 15 characters of an IANA service name
 * and kept unique; `p<k>-<number>` when the cut name loses its letters or is taken.
 */
function extraPortName(base: string, port: number, taken: ReadonlySet<string>): string {
  const suffix = `-${port}`;
  const head = base.slice(0, 15 - suffix.length).replace(/-+$/, '');
  let name = /[a-z]/.test(head) ? `${head}${suffix}` : `p${suffix}`;
  for (let k = 1; taken.has(name); k++) name = `p${k}${suffix}`;
  return name;
}

/**
 * NodePort / LoadBalancer Services: a fixed host port inside the node-port range is kept as the
 * node port, so clients that connected to an agent on it can connect to a node on it — by the
 * first app of the run that bound it (a node port is one per cluster).
 */
function withNodePorts(ctx: AppContext, svcPorts: readonly ServicePort[], ports: readonly ResolvedPort[]): ServicePort[] {
  const owners = nodePortOwners(ctx);
  const used = new Set<string>();
  return svcPorts.map((s) => {
    const p = ports.find((r) => r.names.includes(String(s.targetPort)));
    const host = p?.fixedHostPort;
    if (host === undefined || s.port !== host || host < NODE_PORT_RANGE.min || host > NODE_PORT_RANGE.max) return s;
    const key = `${host}/${s.protocol}`;
    if (used.has(key) || owners.get(key) !== ctx.app.id) return s;
    used.add(key);
    return { ...s, nodePort: host };
  });
}

/** Port labels that are not VIPs, by Kubernetes port name (VIP labels are consumed by the discovery concern). */
function keptPortLabels(ctx: AppContext, ports: readonly ResolvedPort[]): Record<string, Record<string, string>> {
  const host = networkMode(ctx.app) === 'host';
  const declared = host
    ? (ctx.app.portDefinitions ?? []).map((p, i) => ({ labels: p.labels, base: `/portDefinitions/${i}/labels` }))
    : (ctx.app.container?.portMappings ?? []).map((p, i) => ({ labels: p.labels, base: `/container/portMappings/${i}/labels` }));
  const kept: Record<string, Record<string, string>> = {};
  declared.forEach(({ labels, base }, index) => {
    const portName = ports.find((p) => p.index === index)?.names[0] ?? `port${index}`;
    for (const [key, value] of Object.entries(labels ?? {})) {
      if (isVipPortLabel(key)) continue;
      const pointer = `${base}/${escapePointerToken(key)}`;
      ctx.use(pointer);
      (kept[portName] ??= {})[key] = value;
      ctx.report('port-label-kept', pointer, `port label "${key}" has no Kubernetes meaning; kept in the Service annotation ${PORT_LABELS_ANNOTATION}`);
    }
  });
  return kept;
}
