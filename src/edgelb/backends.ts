/**
 * An Edge-LB backend → the Kubernetes Service (and port) of the converted app its servers were.
 *
 * A V2 backend selects its servers with `services`: a Marathon app or pod (`marathon.serviceID`,
 * or a `serviceIDPattern`), Mesos tasks (`mesos.frameworkName` + `taskName`/`taskNamePattern`;
 * Marathon's own tasks are named after the app id reversed, `/shop/api` → `api.shop`), or an
 * address (`endpoint.type: ADDRESS`, e.g. a VIP name), and the port with `endpoint.portName` (the
 * Marathon port or pod endpoint name), `endpoint.port` (a number) or `allPorts`.
 *
 * When the app is in the same run the answer is exact: the Service the converter gives that app
 * and the Service port that exposes the selected port (by name, as the app's own Ingresses do).
 * When it is not, the Service is the one the converter would give it (its id mapped the usual
 * way, the port name sanitized as ports.ts does), and a finding says so: converting the app in
 * the same run checks it. Anything else (another framework's tasks, a pattern matching several
 * apps, an unknown address) cannot become an Ingress backend and is reported.
 */
import { LABEL_INSTANCE, LABEL_NAME } from '../kube/types.js';
import { resolveId, splitId } from '../marathon/ids.js';
import type { AppContext } from '../translate/context.js';
import { dcosLabel, vipDnsPart } from '../translate/discovery/dcos-names.js';
import { buildDirectory, type AppEntry, type RunDirectory } from '../translate/discovery/run-directory.js';
import { NameRegistry } from '../translate/names.js';
import { portName, type ResolvedPort } from '../translate/ports.js';
import type { RunIndex } from '../translate/run-index.js';
import type { Backend, BackendService } from './model.js';

/** Where a backend's traffic goes now. */
export interface BackendTarget {
  /** The Marathon id of the app or pod whose tasks were the servers. */
  appId: string;
  /** The app is in this run (else the names are those the converter would give it). */
  inRun: boolean;
  namespace: string;
  service: string;
  /** The Service port: by name, or a number when only a number is known. */
  port: string | number;
  /** The pods' port (container port name, or number) for a Service of our own (TCP frontends). */
  targetPort: string | number;
  /** The labels that select the app's pods. */
  selector: Record<string, string>;
}

const MARATHON_FRAMEWORK = 'marathon';
const L4LB = /^(.+)\.marathon\.l4lb\.thisdcos\.directory$/i;
const TASK_DNS = /^([^.]+)\.marathon\.(?:mesos|(?:autoip|containerip|agentip)\.dcos\.thisdcos\.directory)$/i;

/** Resolves backends once each (several frontends may link the same backend), reporting as it goes. */
export class BackendResolver {
  private readonly cache = new Map<number, BackendTarget | undefined>();
  private directory?: RunDirectory;

  constructor(private readonly ctx: AppContext) {}

  /** Whether a frontend asked for this backend. */
  resolved(backend: Backend): boolean {
    return this.cache.has(backend.index);
  }

  resolve(backend: Backend): BackendTarget | undefined {
    if (this.cache.has(backend.index)) return this.cache.get(backend.index);
    const target = this.resolveFirst(backend);
    this.cache.set(backend.index, target);
    return target;
  }

  private resolveFirst(backend: Backend): BackendTarget | undefined {
    const at = `/haproxy/backends/${backend.index}`;
    const [first, ...others] = backend.services;
    if (!first) {
      this.ctx.report('edgelb-backend-unresolved', at, `backend "${backend.name}" selects no servers (no services); nothing to route to`);
      return undefined;
    }
    const target = this.resolveService(backend, first);
    for (const other of others) {
      this.ctx.use(`${at}/services/${other.index}`);
      this.ctx.report('edgelb-backend-unresolved', `${at}/services/${other.index}`,
        `backend "${backend.name}" balanced over several selectors; an Ingress path has one Service, so only the first (${describe(first)}) is routed to`,
        { hint: 'give the apps a common pod label and a Service selecting it (or use your controller\'s canary / traffic-split feature), and point the Ingress at it' });
    }
    return target;
  }

  private resolveService(backend: Backend, s: BackendService): BackendTarget | undefined {
    const at = `/haproxy/backends/${backend.index}/services/${s.index}`;
    this.ctx.use(`${at}/marathon`, `${at}/mesos/frameworkName`, `${at}/mesos/frameworkNamePattern`, `${at}/mesos/taskName`, `${at}/mesos/taskNamePattern`, `${at}/endpoint/type`, `${at}/endpoint/portName`, `${at}/endpoint/port`, `${at}/endpoint/allPorts`, `${at}/endpoint/address`);
    const fail = (pointer: string, message: string, hint?: string): undefined => {
      this.ctx.report('edgelb-backend-unresolved', pointer, `backend "${backend.name}": ${message}; no route is made to it`, hint !== undefined ? { hint } : {});
      return undefined;
    };
    if (s.endpoint.type === 'ADDRESS') return this.byAddress(s, at, fail);
    const appId = this.appIdOf(s, at, fail);
    if (appId === undefined) return undefined;
    const entry = this.dir().entry(appId);
    if (entry) return this.inRun(entry, s, at, fail);
    return this.notInRun(appId, s, at, backend);
  }

  /** The Marathon id the selector names, or undefined (reported). */
  private appIdOf(s: BackendService, at: string, fail: (p: string, m: string, h?: string) => undefined): string | undefined {
    const m = s.marathon;
    if (m?.serviceID !== undefined && m.serviceID.trim() !== '') return resolveId(m.serviceID.trim());
    if (m?.serviceIDPattern !== undefined) {
      const ids = this.matching(m.serviceIDPattern, (a) => a.app.id);
      if (ids === undefined) return fail(`${at}/marathon/serviceIDPattern`, `the serviceIDPattern "${m.serviceIDPattern}" is not a regular expression marathon2k8s can read`);
      if (ids.length !== 1) return this.patternFail(`${at}/marathon/serviceIDPattern`, `serviceIDPattern "${m.serviceIDPattern}"`, ids, fail);
      this.ctx.report('edgelb-route-approximated', `${at}/marathon/serviceIDPattern`,
        `serviceIDPattern "${m.serviceIDPattern}" matches ${ids[0]} only among the apps of this run; the route goes to its Service (Edge-LB matched the pattern against the apps running at any time)`);
      return ids[0];
    }
    const mesos = s.mesos;
    if (mesos) {
      const framework = mesos.frameworkName ?? (mesos.frameworkNamePattern !== undefined && safeRegex(mesos.frameworkNamePattern)?.test(MARATHON_FRAMEWORK) ? MARATHON_FRAMEWORK : undefined);
      if (framework !== MARATHON_FRAMEWORK) {
        const which = mesos.frameworkName ?? mesos.frameworkNamePattern ?? mesos.frameworkID ?? 'unknown';
        return fail(`${at}/mesos`, `the servers are tasks of the Mesos framework "${which}", not Marathon apps (a DC/OS service such as Kafka or Cassandra)`,
          'route to the Service that framework\'s Kubernetes distribution (operator or Helm chart) provides, in an Ingress or Service of your own');
      }
      if (mesos.taskName !== undefined) {
        const byTask = [...this.ctx.run.all()].find((a) => marathonTaskName(a.app.id) === mesos.taskName);
        return byTask?.app.id ?? appIdOfTaskName(mesos.taskName);
      }
      if (mesos.taskNamePattern !== undefined) {
        const ids = this.matching(mesos.taskNamePattern, (a) => marathonTaskName(a.app.id));
        if (ids === undefined) return fail(`${at}/mesos/taskNamePattern`, `the taskNamePattern "${mesos.taskNamePattern}" is not a regular expression marathon2k8s can read`);
        if (ids.length !== 1) return this.patternFail(`${at}/mesos/taskNamePattern`, `taskNamePattern "${mesos.taskNamePattern}"`, ids, fail);
        return ids[0];
      }
      return fail(`${at}/mesos`, 'the Mesos selector names no task (taskName or taskNamePattern)');
    }
    return fail(at, 'the selector names no Marathon app (marathon.serviceID) nor Mesos task');
  }

  private patternFail(pointer: string, what: string, ids: string[], fail: (p: string, m: string, h?: string) => undefined): undefined {
    return ids.length === 0
      ? fail(pointer, `${what} matches no app of this run`, 'convert the apps it selected in the same run, or name the app with marathon.serviceID')
      : fail(pointer, `${what} matches ${ids.length} apps of this run (${ids.join(', ')}), and an Ingress path has one Service`, 'give those apps a common pod label and a Service selecting it, and route to that Service');
  }

  /** The ids (or task names) of the run's apps a pattern matches, undefined when it is not a regex. */
  private matching(pattern: string, key: (a: { app: { id: string } }) => string): string[] | undefined {
    const re = safeRegex(pattern);
    if (!re) return undefined;
    // Go's regexp.MatchString, as Edge-LB used it, is unanchored: so is `test`.
    return [...this.ctx.run.all()].filter((a) => re.test(key(a))).map((a) => a.app.id);
  }

  /** `endpoint.type: ADDRESS`: a VIP name or task DNS name of an app of this run, else nothing to route to. */
  private byAddress(s: BackendService, at: string, fail: (p: string, m: string, h?: string) => undefined): BackendTarget | undefined {
    const address = (s.endpoint.address ?? '').trim().toLowerCase();
    const pointer = `${at}/endpoint/address`;
    const vip = L4LB.exec(address);
    if (vip) {
      const resolutions = this.dir().byVipName.get(vipDnsPart(vip[1]!)) ?? [];
      const chosen = resolutions.find((r) => s.endpoint.port === undefined || r.vip.port === s.endpoint.port);
      if (!chosen) return fail(pointer, `the VIP ${address}${s.endpoint.port !== undefined ? `:${s.endpoint.port}` : ''} is declared by no app of this run`, 'convert the app that declares the VIP in the same run');
      const entry = this.dir().entry(chosen.appId);
      const servicePort = entry?.servicePorts.find((p) => p.port === chosen.port);
      return {
        appId: chosen.appId, inRun: true, namespace: chosen.ref.namespace, service: chosen.ref.service,
        port: servicePort && chosen.ref.service === entry?.name.name ? servicePort.name : chosen.port,
        targetPort: servicePort?.targetPort ?? chosen.port,
        selector: entry ? selectorOf(entry.name.name) : {},
      };
    }
    const task = TASK_DNS.exec(address);
    const appId = task ? this.dir().byTask.get(dcosLabel(task[1]!)) : undefined;
    const entry = appId === undefined ? undefined : this.dir().entry(appId);
    if (entry) return this.inRun(entry, s, at, fail);
    return fail(pointer, `the address "${s.endpoint.address ?? ''}" names no app of this run`,
      'if it is a service outside Kubernetes, give it an ExternalName Service (or a Service with Endpoints) and route to that');
  }

  private inRun(entry: AppEntry, s: BackendService, at: string, fail: (p: string, m: string, h?: string) => undefined): BackendTarget | undefined {
    const port = this.pickPort(entry.ports, s, at, entry.app.id, fail);
    if (!port) return undefined;
    const name = port.names[port.protocols.indexOf('TCP')];
    if (name === undefined) return fail(`${at}/endpoint`, `port ${port.marathonName ?? port.index} of ${entry.app.id} is not a TCP port`);
    const servicePort = entry.servicePorts.find((p) => p.targetPort === name);
    if (!servicePort) return fail(`${at}/endpoint`, `${entry.app.id} has no Service port for its port "${name}"`);
    return {
      appId: entry.app.id, inRun: true, namespace: entry.name.namespace, service: entry.name.name,
      port: servicePort.name, targetPort: name, selector: selectorOf(entry.name.name),
    };
  }

  /** The app's port the endpoint selects: by name, by number (container, host or service port), or its only port. */
  private pickPort(ports: readonly ResolvedPort[], s: BackendService, at: string, appId: string, fail: (p: string, m: string, h?: string) => undefined): ResolvedPort | undefined {
    const e = s.endpoint;
    if (e.portName !== undefined) {
      return ports.find((p) => p.marathonName === e.portName)
        ?? fail(`${at}/endpoint/portName`, `${appId} has no port named "${e.portName}"`, 'name the port in the app (portDefinitions / portMappings / endpoints "name") or fix endpoint.portName');
    }
    if (e.port !== undefined) {
      const n = e.port;
      const byNumber = e.type === 'AGENT_IP' ? ports.find((p) => p.fixedHostPort === n) : ports.find((p) => p.containerPort === n || p.declaredNumber === n);
      return byNumber ?? ports.find((p) => p.declaredServicePort === n || p.fixedHostPort === n)
        ?? fail(`${at}/endpoint/port`, `${appId} has no port ${n}`);
    }
    if (ports.length === 0) return fail(`${at}/endpoint`, `${appId} has no ports, so no Service`);
    if (e.allPorts) {
      if (ports.length > 1) this.ctx.report('edgelb-route-approximated', `${at}/endpoint/allPorts`, `allPorts: the backend balanced over every port of ${appId}; an Ingress path has one Service port, the first (${ports[0]!.names[0]}) is used`);
      return ports[0];
    }
    if (ports.length === 1) return ports[0];
    return fail(`${at}/endpoint`, `the endpoint names no port and ${appId} has ${ports.length}`, 'set endpoint.portName');
  }

  private notInRun(appId: string, s: BackendService, at: string, backend: Backend): BackendTarget {
    const options = this.ctx.options;
    const name = new NameRegistry(options.namespace ?? (options.namespaceStrategy === 'flat' ? 'default' : undefined)).nameFor(appId);
    const e = s.endpoint;
    const port: string | number = e.portName !== undefined ? portName(e.portName, 0) : e.port ?? 'port0';
    this.ctx.report('edgelb-backend-not-in-input', at,
      `backend "${backend.name}" routes to ${appId}, which is not in the input: it is routed to the Service ${name.namespace}/${name.name} port ${port}, the name the converter gives that app`,
      { hint: 'convert the app in the same run so the Service and port are checked (or edit the backend if the app is named otherwise)' });
    return { appId, inRun: false, namespace: name.namespace, service: name.name, port, targetPort: port, selector: selectorOf(name.name) };
  }

  private dir(): RunDirectory {
    this.directory ??= directoryOf(this.ctx.run, this.ctx);
    return this.directory;
  }
}

const directories = new WeakMap<RunIndex, { size: number; directory: RunDirectory }>();

/** The run's directory (every app's Service and ports), built once per run for all pools. */
function directoryOf(run: RunIndex, ctx: AppContext): RunDirectory {
  const hit = directories.get(run);
  if (hit && hit.size === run.size) return hit.directory;
  const directory = buildDirectory([...run.all()], ctx.options);
  directories.set(run, { size: run.size, directory });
  return directory;
}

/** The labels that select an app's pods (translate/metadata.ts selectorLabels, from the name alone). */
function selectorOf(name: string): Record<string, string> {
  return { [LABEL_NAME]: name, [LABEL_INSTANCE]: name };
}

/** Marathon's Mesos task name of an app: its id reversed, dot-joined (`/shop/api` → `api.shop`). */
export function marathonTaskName(appId: string): string {
  return [...splitId(appId)].reverse().join('.');
}

function appIdOfTaskName(taskName: string): string {
  return '/' + taskName.split('.').filter((s) => s !== '').reverse().join('/');
}

function safeRegex(pattern: string): RegExp | undefined {
  try {
    return new RegExp(pattern);
  } catch {
    return undefined;
  }
}

function describe(s: BackendService): string {
  return s.marathon?.serviceID ?? s.marathon?.serviceIDPattern ?? s.mesos?.taskName ?? s.mesos?.taskNamePattern ?? s.endpoint.address ?? `services/${s.index}`;
}
