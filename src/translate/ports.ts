/**
 * Ports: Marathon port mappings (bridge/container networks) and port definitions (host
 * networking) → container ports, the Service's ports, and the PORTn variables the app reads.
 *
 * On Kubernetes every app runs on the pod network (host networking only when asked), so the
 * port a container listens on is fixed here: the declared container port, else the fixed host
 * port it was bound to, else (dynamic in Marathon) a chosen free port. The app gets it as
 * $PORT0…, exactly as Marathon gave it the port it had to listen on; `PORT0` is therefore the
 * container port, never a Service or VIP port.
 */
import type { MarathonApp, NetworkProtocol } from '../marathon/model.js';
import { networkMode } from '../marathon/model.js';
import type { AppContext } from './context.js';

/** First port tried for ports that Marathon assigned dynamically. */
const FIRST_DYNAMIC_PORT = 8080;

export interface ResolvedPort {
  /** Marathon's port index (the n of $PORTn and of a health check's portIndex). */
  index: number;
  /** The Marathon port name, if any. */
  marathonName?: string;
  /** Kubernetes port name(s), one per protocol, in the order of `protocols`. */
  names: string[];
  protocols: ('TCP' | 'UDP')[];
  containerPort: number;
  servicePort: number;
  /** The non-zero port number the input declared (container port, or port definition). */
  declaredNumber?: number;
  /** A fixed host port kept on the container (only with --keep-host-ports). */
  hostPort?: number;
  /**
   * The fixed host port Marathon bound for this port (a bridge/container mapping's non-zero
   * `hostPort`, or a host-mode port with requirePorts), kept or not: clients and Marathon-level
   * health checks reached the task on it, at the agent's address.
   */
  fixedHostPort?: number;
  /**
   * The service port the definition gave (a mapping's `servicePort`, a host-mode port
   * definition's `port`): the number marathon-lb served the port on.
   */
  declaredServicePort?: number;
}

export interface ContainerPort {
  name: string;
  containerPort: number;
  protocol: 'TCP' | 'UDP';
  hostPort?: number;
}

export interface ServicePort {
  name: string;
  port: number;
  /** A container port name; a number only for a Service selecting several apps (shared VIPs). */
  targetPort: string | number;
  protocol: 'TCP' | 'UDP';
  /** NodePort / LoadBalancer Services only: a node port the app's clients already knew. */
  nodePort?: number;
}

/** A port as Marathon declares it, whatever the network mode. */
interface DeclaredPort {
  /** The port definition / mapping; for Marathon's implicit default port, where it would be. */
  pointer: string;
  /** The leaf that gives the number: `…/port` or `…/containerPort`. */
  numberField: 'port' | 'containerPort';
  /** Marathon's implicit default port: nothing in the input to point at. */
  implicit?: boolean;
  /** The leaf that fixes the host port (`…/hostPort`, or `…/port` with requirePorts). */
  hostPortField?: 'hostPort' | 'port';
  containerPort: number;
  hostPort?: number;
  /** Whether the input gave the host port (a defaulted dynamic one is not worth a finding). */
  hostPortGiven?: boolean;
  servicePort?: number;
  protocol?: NetworkProtocol;
  name?: string;
}

/**
 * How a finding names a port and the variable the app reads it from: `port index 0` and
 * `$PORT0` for apps; pods pass their own (`endpoint "web"`, `$ENDPOINT_WEB`).
 */
export interface PortWording {
  port(index: number, name: string | undefined): string;
  variable(index: number, name: string | undefined): string;
}

const APP_PORT_WORDING: PortWording = {
  port: (index) => `port index ${index}`,
  variable: (index) => `$PORT${index}`,
};

export function resolvePorts(ctx: AppContext, wording: PortWording = APP_PORT_WORDING): ResolvedPort[] {
  const declared = declaredPorts(ctx);
  const fixed = new Set(declared.map((d) => d.containerPort || d.hostPort || 0).filter((p) => p > 0));
  let nextDynamic = FIRST_DYNAMIC_PORT;
  const takenNames = new Set<string>();
  return declared.map((d, index) => {
    ctx.use(`${d.pointer}/containerPort`, `${d.pointer}/port`, `${d.pointer}/protocol`, `${d.pointer}/name`);
    let containerPort = d.containerPort || d.hostPort || 0;
    if (containerPort === 0) {
      while (fixed.has(nextDynamic)) nextDynamic++;
      containerPort = nextDynamic++;
      ctx.report('container-port-dynamic', d.implicit ? '' : `${d.pointer}/${d.numberField}`,
        `${d.implicit ? "Marathon's default port" : wording.port(index, d.name)} was assigned by Mesos at launch; the container now listens on ${containerPort}, given to the app as ${wording.variable(index, d.name)}`,
        { hint: `make sure the app reads its port from ${wording.variable(index, d.name)} or set the port explicitly` });
    }
    const resolved: ResolvedPort = {
      index,
      names: [],
      protocols: d.protocol === 'udp' ? ['UDP'] : d.protocol === 'udp,tcp' ? ['TCP', 'UDP'] : ['TCP'],
      containerPort,
      servicePort: d.servicePort || containerPort,
    };
    if (d.name !== undefined) resolved.marathonName = d.name;
    if (d.containerPort > 0) resolved.declaredNumber = d.containerPort;
    if (d.servicePort) resolved.declaredServicePort = d.servicePort;
    if (d.hostPort) resolved.fixedHostPort = d.hostPort;
    resolved.names = resolved.protocols.map((p, i) => uniquePortName(d.name, index, i > 0 ? p : undefined, takenNames));
    if (d.name !== undefined && !d.implicit && resolved.names[0] !== d.name) {
      ctx.report('name-changed', `${d.pointer}/name`, `port name "${d.name}" is not a valid Kubernetes port name (at most 15 lowercase letters, digits and '-'); it is "${resolved.names[0]}"`);
    }
    // The Service also answers on the host port's number unless another port has that number.
    const numberTaken = declared.some((o) => o !== d && (o.containerPort === d.hostPort || o.servicePort === d.hostPort));
    handleHostPort(ctx, d, resolved, numberTaken);
    return resolved;
  });
}

function handleHostPort(ctx: AppContext, d: DeclaredPort, resolved: ResolvedPort, numberTaken: boolean): void {
  if (d.hostPort === undefined) return;
  ctx.use(`${d.pointer}/hostPort`);
  // On the node's network (--host-network) the container port is the node's port: nothing dropped.
  if (ctx.options.hostNetwork && networkMode(ctx.app) === 'host') return;
  if (d.hostPort === 0) {
    if (d.hostPortGiven) ctx.report('random-host-port-dropped', `${d.pointer}/${d.hostPortField ?? 'hostPort'}`, 'dynamic host port dropped: pods are reached on their own IP');
  } else if (ctx.options.keepHostPorts) {
    resolved.hostPort = d.hostPort;
  } else {
    // (The Service also answers on the host port's number, for clients that kept it: service.ts.)
    const also = d.hostPort !== resolved.servicePort && !numberTaken ? `, and ${d.hostPort} for clients that kept the host port's number` : '';
    ctx.report('host-port-dropped', `${d.pointer}/${d.hostPortField ?? 'hostPort'}`, `fixed host port ${d.hostPort} dropped; the Service exposes port ${resolved.servicePort}${also}`,
      { hint: `if clients connect to the nodes directly: ${d.hostPortField === 'port' ? '--host-network, ' : ''}--keep-host-ports, or --service-type NodePort|LoadBalancer` });
  }
}

/** The app's ports as declared, with Marathon's defaults when the app gives none. */
function declaredPorts(ctx: AppContext): DeclaredPort[] {
  const app = ctx.app;
  const mode = networkMode(app);
  reportNetworks(ctx);
  if (mode === 'host') {
    if (app.portDefinitions === undefined) {
      return needsDefaultPort(app) ? [{ pointer: '/portDefinitions/0', numberField: 'port', implicit: true, containerPort: 0, name: 'default' }] : [];
    }
    return app.portDefinitions.map((p, i) => {
      const d: DeclaredPort = { pointer: `/portDefinitions/${i}`, numberField: 'port', containerPort: p.port ?? 0 };
      if (p.port) d.servicePort = p.port;
      if (p.protocol) d.protocol = p.protocol;
      if (p.name) d.name = p.name;
      // With requirePorts Marathon bound exactly this port on the host.
      if (p.port && requirePorts(ctx)) {
        d.hostPort = p.port;
        d.hostPortGiven = true;
        d.hostPortField = 'port';
      }
      return d;
    });
  }
  const mappings = app.container?.portMappings;
  if (mappings === undefined) {
    if (!needsDefaultPort(app)) return [];
    return [{ pointer: '/container/portMappings/0', numberField: 'containerPort', implicit: true, containerPort: 0, name: 'default', ...(mode === 'container/bridge' ? { hostPort: 0 } : {}) }];
  }
  return mappings.map((m, i) => {
    const d: DeclaredPort = { pointer: `/container/portMappings/${i}`, numberField: 'containerPort', containerPort: m.containerPort ?? 0 };
    if (m.hostPort !== undefined) {
      d.hostPort = m.hostPort;
      d.hostPortGiven = true;
    } else if (mode === 'container/bridge') d.hostPort = 0;
    if (m.servicePort) d.servicePort = m.servicePort;
    if (m.protocol) d.protocol = m.protocol;
    if (m.name) d.name = m.name;
    // networkNames picks among several container networks; on Kubernetes there is one pod network.
    ctx.use(`/container/portMappings/${i}/servicePort`, `/container/portMappings/${i}/networkNames`);
    return d;
  });
}

/**
 * Every app runs on the pod network (host networking with --host-network). A named container
 * network becomes just that (the name has nothing left to say); CNI labels are reported.
 */
function reportNetworks(ctx: AppContext): void {
  ctx.app.networks.forEach((n, i) => {
    ctx.use(`/networks/${i}/mode`, `/networks/${i}/name`, `/networks/${i}/labels`);
    if (n.labels && Object.keys(n.labels).length > 0) {
      ctx.report('network-not-mapped', `/networks/${i}/labels`, `labels of the container network${n.name ? ` "${n.name}"` : ''} (${Object.keys(n.labels).join(', ')}) are not applied`);
    }
  });
  // Host networking itself is not reported: every GET /v2/apps export spells out
  // `networks: [{mode: host}]`, and apps on it read their ports from $PORTn, which are set.
}

function requirePorts(ctx: AppContext): boolean {
  ctx.use('/requirePorts');
  return ctx.app.requirePorts === true;
}

/**
 * Marathon gives a host-mode app without portDefinitions one dynamic port ($PORT0). It is
 * only worth a container port and a Service when something uses it: a health check on it, or
 * the command or environment reading $PORT/$PORT0/$PORTS.
 */
function needsDefaultPort(app: MarathonApp): boolean {
  const usesPortVar = (s: string | undefined) => s !== undefined && /\$\{?PORT(0|S|_DEFAULT)?\b/.test(s);
  if (app.healthChecks?.some((h) => h.protocol !== 'COMMAND' && h.port === undefined)) return true;
  if (app.healthChecks?.some((h) => h.protocol === 'COMMAND' && usesPortVar(h.command?.value))) return true;
  if (usesPortVar(app.cmd) || app.args?.some(usesPortVar)) return true;
  return Object.values(app.env ?? {}).some((v) => typeof v === 'string' && usesPortVar(v));
}

/** An IANA service name: ≤ 15 chars of [a-z0-9-], at least one letter, no '--' or edge dashes. */
export function portName(marathonName: string | undefined, index: number): string {
  const base = (marathonName ?? '').toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/-+/g, '-').slice(0, 15).replace(/^-+|-+$/g, '');
  return /[a-z]/.test(base) ? base : `port${index}`;
}

function uniquePortName(marathonName: string | undefined, index: number, extraProtocol: string | undefined, taken: Set<string>): string {
  let name = portName(marathonName, index);
  if (extraProtocol) name = `${name.slice(0, 11).replace(/-+$/, '')}-${extraProtocol.toLowerCase()}`;
  for (let i = 1; taken.has(name); i++) name = `${name.slice(0, 12).replace(/-+$/, '')}-${i}`;
  taken.add(name);
  return name;
}

export function containerPorts(ports: ResolvedPort[]): ContainerPort[] {
  return ports.flatMap((p) =>
    p.protocols.map((protocol, i) => {
      const cp: ContainerPort = { name: p.names[i]!, containerPort: p.containerPort, protocol };
      if (p.hostPort !== undefined) cp.hostPort = p.hostPort;
      return cp;
    }),
  );
}

/** One Service port per container port; a clash on (port, protocol) falls back to the container port. */
export function servicePorts(ctx: AppContext, ports: ResolvedPort[]): ServicePort[] {
  const out: ServicePort[] = [];
  const taken = new Set<string>();
  for (const p of ports) {
    p.protocols.forEach((protocol, i) => {
      const candidates = [p.servicePort, p.containerPort];
      const port = candidates.find((c) => !taken.has(`${c}/${protocol}`));
      if (port === undefined) {
        ctx.report('service-port-clash', '', `port ${p.index} (${port ?? p.servicePort}/${protocol}) clashes with another Service port and is not exposed by the Service`);
        return;
      }
      taken.add(`${port}/${protocol}`);
      out.push({ name: p.names[i]!, port, targetPort: p.names[i]!, protocol });
    });
  }
  return out;
}

/** The variables Marathon set for the app's ports: PORT0…, PORT, PORTS, PORT_<NAME>. */
export function portEnv(ports: ResolvedPort[]): Record<string, string> {
  const env: Record<string, string> = {};
  if (ports.length === 0) return env;
  for (const p of ports) {
    env[`PORT${p.index}`] = String(p.containerPort);
    // Marathon also exports each declared port number: PORT_8080=<the port to listen on>.
    if (p.declaredNumber) env[`PORT_${p.declaredNumber}`] = String(p.containerPort);
    if (p.marathonName) env[`PORT_${p.marathonName.toUpperCase().replace(/[^A-Z0-9_]/g, '_')}`] = String(p.containerPort);
  }
  env.PORT = String(ports[0]!.containerPort);
  env.PORTS = ports.map((p) => p.containerPort).join(',');
  return env;
}
