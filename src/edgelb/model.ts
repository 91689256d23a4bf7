/**
 * The Edge-LB pool (API V2) as marathon2k8s reads it: one type per concept of the pool
 * reference (DC/OS Edge-LB 1.x, "V2 Pool Reference"), and a reader that projects the JSON onto
 * them. The projection keeps the shape of the input (no field moves), so a pointer into the
 * model is the pointer into the file; values of the wrong type are left out (the schema,
 * validate.ts, reports them).
 *
 *   pool: name, namespace, count, cpus, mem, role, constraints, secrets, environmentVariables,
 *         autoCertificate, virtualNetworks, haproxy {stats, frontends, backends}
 *   frontend: bindPort, protocol, certificates, redirectToHttps, linkBackend {defaultBackend, map}
 *   backend: name, protocol, services [{marathon | mesos, endpoint}], rewriteHttp, balance, …
 */
import { int, isObject, str, type JsonObject } from '../marathon/json.js';

/** Where Edge-LB put pools that name no namespace (a DC/OS space, i.e. a Marathon group). */
export const DEFAULT_POOL_NAMESPACE = 'dcos-edgelb/pools';

export interface EdgeLbPool {
  name: string;
  /** The DC/OS space of the pool's scheduler, default `dcos-edgelb/pools`. */
  namespace: string;
  /** Secrets the pool's tasks read: DC/OS secret path → file under `$SECRETS/`. */
  secrets: PoolSecret[];
  autoCertificate: boolean;
  frontends: Frontend[];
  backends: Backend[];
}

export interface PoolSecret {
  index: number;
  /** The DC/OS secret (its path in the secret store). */
  secret?: string;
  /** The file name under `$SECRETS/`. */
  file?: string;
}

export type FrontendProtocol = 'HTTP' | 'HTTPS' | 'TCP' | 'TLS';

export interface Frontend {
  index: number;
  bindPort?: number;
  /** Upper-cased; undefined when missing or not one Edge-LB knows. */
  protocol?: FrontendProtocol;
  /** As written (for messages). */
  protocolText?: string;
  certificates: { index: number; value: string }[];
  /** Present (even `{}`): redirect HTTP to HTTPS. */
  redirectToHttps?: JsonObject;
  defaultBackend?: string;
  map: MapRule[];
}

/** A `linkBackend.map` entry: the conditions are ANDed, the rules are tried in order. */
export interface MapRule {
  index: number;
  backend?: string;
  hostEq?: string;
  hostReg?: string;
  pathBeg?: string;
  pathEnd?: string;
  pathReg?: string;
  /** `pathExp`, a spelling some pool files use for a path expression (treated as pathReg). */
  pathExp?: string;
}

export interface Backend {
  index: number;
  name?: string;
  /** Upper-cased protocol to the servers (HTTP, HTTPS, TCP, TLS). */
  protocol?: string;
  services: BackendService[];
}

export type EndpointType = 'AUTO_IP' | 'AGENT_IP' | 'CONTAINER_IP' | 'ADDRESS';

/** A selector of the servers of a backend: Marathon app/pod, or Mesos task, and the port. */
export interface BackendService {
  index: number;
  marathon?: { serviceID?: string; serviceIDPattern?: string; containerName?: string; containerNamePattern?: string };
  mesos?: { frameworkName?: string; frameworkNamePattern?: string; taskName?: string; taskNamePattern?: string; frameworkID?: string; taskID?: string };
  endpoint: {
    type: EndpointType;
    portName?: string;
    port?: number;
    allPorts?: boolean;
    address?: string;
  };
}

const PROTOCOLS: readonly FrontendProtocol[] = ['HTTP', 'HTTPS', 'TCP', 'TLS'];
const ENDPOINT_TYPES: readonly EndpointType[] = ['AUTO_IP', 'AGENT_IP', 'CONTAINER_IP', 'ADDRESS'];

/** The pool's identity as DC/OS ran it: its scheduler's Marathon id, `/<namespace>/<name>`. */
export function poolId(raw: JsonObject): string | undefined {
  const name = str(raw.name)?.trim();
  if (!name) return undefined;
  const namespace = (str(raw.namespace) ?? DEFAULT_POOL_NAMESPACE).replace(/^\/+|\/+$/g, '');
  return `/${namespace === '' ? '' : namespace + '/'}${name}`;
}

export function readPool(raw: JsonObject): EdgeLbPool {
  const haproxy = isObject(raw.haproxy) ? raw.haproxy : {};
  return {
    name: str(raw.name) ?? '',
    namespace: str(raw.namespace) ?? DEFAULT_POOL_NAMESPACE,
    secrets: objects(raw.secrets).map(({ index, o }) => ({ index, ...opt('secret', str(o.secret)), ...opt('file', str(o.file)) })),
    autoCertificate: raw.autoCertificate === true,
    frontends: objects(haproxy.frontends).map(({ index, o }) => readFrontend(index, o)),
    backends: objects(haproxy.backends).map(({ index, o }) => readBackend(index, o)),
  };
}

function readFrontend(index: number, o: JsonObject): Frontend {
  const link = isObject(o.linkBackend) ? o.linkBackend : {};
  const protocolText = str(o.protocol);
  const upper = protocolText?.toUpperCase() as FrontendProtocol | undefined;
  const certificates = Array.isArray(o.certificates)
    ? o.certificates.flatMap((c, i) => (typeof c === 'string' ? [{ index: i, value: c }] : []))
    : [];
  return {
    index,
    ...opt('bindPort', int(o.bindPort, 0, 65535)),
    ...opt('protocol', upper !== undefined && PROTOCOLS.includes(upper) ? upper : undefined),
    ...opt('protocolText', protocolText),
    certificates,
    ...opt('redirectToHttps', isObject(o.redirectToHttps) ? o.redirectToHttps : undefined),
    ...opt('defaultBackend', str(link.defaultBackend)),
    map: objects(link.map).map(({ index: i, o: m }) => ({
      index: i,
      ...opt('backend', str(m.backend)),
      ...opt('hostEq', str(m.hostEq)),
      ...opt('hostReg', str(m.hostReg)),
      ...opt('pathBeg', str(m.pathBeg)),
      ...opt('pathEnd', str(m.pathEnd)),
      ...opt('pathReg', str(m.pathReg)),
      ...opt('pathExp', str(m.pathExp)),
    })),
  };
}

function readBackend(index: number, o: JsonObject): Backend {
  return {
    index,
    ...opt('name', str(o.name)),
    ...opt('protocol', str(o.protocol)?.toUpperCase()),
    services: objects(o.services).map(({ index: i, o: s }) => readService(i, s)),
  };
}

function readService(index: number, o: JsonObject): BackendService {
  const e = isObject(o.endpoint) ? o.endpoint : {};
  const type = str(e.type)?.toUpperCase() as EndpointType | undefined;
  const service: BackendService = {
    index,
    endpoint: {
      type: type !== undefined && ENDPOINT_TYPES.includes(type) ? type : 'AUTO_IP',
      ...opt('portName', str(e.portName)),
      ...opt('port', int(e.port, 1, 65535)),
      ...opt('allPorts', e.allPorts === true ? true : undefined),
      ...opt('address', str(e.address)),
    },
  };
  if (isObject(o.marathon)) {
    const m = o.marathon;
    service.marathon = {
      ...opt('serviceID', str(m.serviceID)), ...opt('serviceIDPattern', str(m.serviceIDPattern)),
      ...opt('containerName', str(m.containerName)), ...opt('containerNamePattern', str(m.containerNamePattern)),
    };
  }
  if (isObject(o.mesos)) {
    const m = o.mesos;
    service.mesos = {
      ...opt('frameworkName', str(m.frameworkName)), ...opt('frameworkNamePattern', str(m.frameworkNamePattern)),
      ...opt('taskName', str(m.taskName)), ...opt('taskNamePattern', str(m.taskNamePattern)),
      ...opt('frameworkID', str(m.frameworkID)), ...opt('taskID', str(m.taskID)),
    };
  }
  return service;
}

/** The objects of an array with their indexes (other elements are the schema's to report). */
function objects(v: unknown): { index: number; o: JsonObject }[] {
  return Array.isArray(v) ? v.flatMap((o, index) => (isObject(o) ? [{ index, o }] : [])) : [];
}

/** `{key: value}` when the value is defined, else nothing (exactOptionalPropertyTypes-friendly). */
function opt<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
