/**
 * DC/OS DNS names in the text an app runs with (cmd, args, env values, COMMAND checks) →
 * the Kubernetes Service of the converted app, when that app is part of the same run.
 *
 *   db-shop.marathon.mesos[:p], db-shop.marathon.slave.mesos[:p]       Mesos-DNS (task label)
 *   db-shop.marathon.{autoip,containerip,agentip}.dcos.thisdcos.directory   dcos-dns
 *   shopdb.marathon.l4lb.thisdcos.directory:5432                          named VIP
 *   _db-shop._tcp.marathon.mesos, _pg._db-shop._tcp.marathon.mesos        SRV
 *   10.0.0.5:80 (an IP VIP declared in the run)
 *
 * become `<service>.<namespace>.svc` (resolved through the pod's DNS search path whatever the
 * cluster domain is). A port after a task name was the task's container (or host) port: it is
 * replaced by the Service port that exposes it, since the Service may use another number. Any
 * other name in a DC/OS zone (`leader.mesos`, `master.mesos:2181`, another framework's
 * `broker.kafka.l4lb.thisdcos.directory`, an app not in the run) is left as is and reported.
 * `marathon-lb(-internal).marathon.mesos:<service port>` names the app with that service port.
 */
import type { ServicePort } from '../ports.js';
import { dcosLabel } from './dcos-names.js';
import { servicePortOf, type AppEntry, type RunDirectory, type ServiceRef, type VipResolution } from './run-directory.js';

/**
 * A host name in a DC/OS zone, not inside a longer name (`spark.mesos.coarse` is a Spark setting)
 * nor right after a template (`${APP}.marathon.mesos`), with an optional port.
 */
const DCOS_NAME = /(?<![A-Za-z0-9_.$}{%-])((?:[A-Za-z0-9_-]+\.)*[A-Za-z0-9_-]+\.(?:mesos|thisdcos\.directory))(?![A-Za-z0-9_-]|\.[A-Za-z0-9_-])(?::(\d{1,5})(?!\d))?/gi;
/** A DC/OS name built from a template variable (`${APP}.marathon.mesos`): reported, never rewritten. */
const TEMPLATED_NAME = /(?:\$\{[A-Za-z_][A-Za-z0-9_]*\}|\$[A-Za-z_][A-Za-z0-9_]*|\{\{[^}]*\}\})[A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]+)*\.(?:mesos|thisdcos\.directory)(?![A-Za-z0-9_-]|\.[A-Za-z0-9_-])(?::\d{1,5}(?!\d))?/gi;
const IP_AND_PORT = /(?<![\d.])(\d{1,3}(?:\.\d{1,3}){3}):(\d{1,5})(?![\d.])/g;

export interface DnsMatch {
  /** The text matched, port included. */
  original: string;
  /** What it becomes; undefined when it is left as is. */
  replacement?: string;
  /** Why it is left as is, or what to check about the replacement. */
  note?: string;
  /** The replacement needs a look (a port that the Service does not expose…). */
  doubtful?: boolean;
  /** What to do about a name left as is, or about a doubtful replacement. */
  hint?: string;
}

const CONVERT_HINT = 'convert the app it names in the same run, or replace it with the Kubernetes name of that service';

/** Every DC/OS name (and declared IP VIP) in a text, with what it becomes. */
export function findDnsNames(text: string, dir: RunDirectory): DnsMatch[] {
  const out: DnsMatch[] = [];
  for (const m of text.matchAll(DCOS_NAME)) out.push(resolveName(m[0], m[1]!.toLowerCase(), m[2] === undefined ? undefined : Number(m[2]), dir));
  for (const m of text.matchAll(TEMPLATED_NAME)) {
    out.push({ original: m[0], note: 'the name is built from a variable, so it cannot be traced to an app', hint: 'make the variable name a Kubernetes Service (<service>.<namespace>.svc)' });
  }
  for (const m of text.matchAll(IP_AND_PORT)) {
    const resolution = dir.byIpVip.get(`${m[1]}:${Number(m[2])}`);
    if (resolution) out.push({ original: m[0], replacement: `${serviceHost(resolution.ref)}:${resolution.port}`, note: `the VIP ${resolution.vip.value} of ${resolution.appId}` });
  }
  return out;
}

/** The text with every resolvable name replaced. */
export function rewriteDnsNames(text: string, dir: RunDirectory): string {
  let out = text.replace(DCOS_NAME, (all, name: string, port: string | undefined) =>
    resolveName(all, name.toLowerCase(), port === undefined ? undefined : Number(port), dir).replacement ?? all);
  out = out.replace(IP_AND_PORT, (all, ip: string, port: string) => {
    const resolution = dir.byIpVip.get(`${ip}:${Number(port)}`);
    return resolution ? `${serviceHost(resolution.ref)}:${resolution.port}` : all;
  });
  return out;
}

export function serviceHost(ref: ServiceRef): string {
  return `${ref.service}.${ref.namespace}.svc`;
}

const L4LB = /^(.+)\.marathon\.l4lb\.thisdcos\.directory$/;
const DCOS_DNS_TASK = /^([^.]+)\.marathon\.(autoip|containerip|agentip)\.dcos\.thisdcos\.directory$/;
const MESOS_DNS = /^(.+)\.marathon\.(slave\.)?mesos$/;
const SRV = /^(?:_([^.]+)\.)?_([^.]+)\._(tcp|udp)$/;

function resolveName(original: string, name: string, port: number | undefined, dir: RunDirectory): DnsMatch {
  const l4lb = L4LB.exec(name);
  if (l4lb) return resolveVipName(original, l4lb[1]!, port, dir);
  const dcosDns = DCOS_DNS_TASK.exec(name);
  if (dcosDns) return resolveTask(original, dcosDns[1]!, port, dir, dcosDns[2] === 'agentip');
  const mesos = MESOS_DNS.exec(name);
  if (mesos) {
    const srv = SRV.exec(mesos[1]!);
    if (srv) return resolveSrv(original, srv[2]!, srv[1], srv[3] as 'tcp' | 'udp', dir);
    return resolveTask(original, mesos[1]!, port, dir, mesos[2] !== undefined);
  }
  return unknownName(original, name);
}

function resolveVipName(original: string, part: string, port: number | undefined, dir: RunDirectory): DnsMatch {
  const resolutions = dir.byVipName.get(part);
  if (!resolutions || resolutions.length === 0) return { original, note: 'no app of this run declares this VIP', hint: CONVERT_HINT };
  const byPort = port === undefined ? undefined : resolutions.find((r) => r.vip.port === port);
  const chosen: VipResolution = byPort ?? resolutions[0]!;
  const host = serviceHost(chosen.ref);
  if (port === undefined) return { original, replacement: host, note: `the VIP ${chosen.vip.address} of ${chosen.appId}` };
  if (!byPort) return { original, replacement: `${host}:${port}`, doubtful: true, note: `the VIP ${chosen.vip.address} of ${chosen.appId} has no port ${port}` };
  return { original, replacement: `${host}:${chosen.port}`, note: `the VIP ${chosen.vip.value} of ${chosen.appId}` };
}

/** The task labels of DC/OS's marathon-lb package instances (`/marathon-lb`, `/marathon-lb-internal`). */
const MARATHON_LB = /^marathon-lb(-internal)?$/;

function resolveTask(original: string, label: string, port: number | undefined, dir: RunDirectory, agentAddress: boolean): DnsMatch {
  if (port !== undefined && MARATHON_LB.test(label)) {
    const viaLb = resolveLbServicePort(original, label, port, dir);
    if (viaLb) return viaLb;
    if (!dir.byTask.has(label)) {
      const n = dir.byServicePort.get(port)?.length ?? 0;
      return { original, note: `${label} served its apps on their service ports, and ${n === 0 ? 'no app of this run declares' : `${n} apps of this run declare`} the service port ${port}`, hint: CONVERT_HINT };
    }
  }
  const appId = label.includes('.') ? dir.byDottedTask.get(label) : dir.byTask.get(dcosLabel(label));
  const entry = appId === undefined ? undefined : dir.entry(appId);
  if (!entry) return { original, note: 'no app of this run has this Mesos-DNS name', hint: CONVERT_HINT };
  if (entry.servicePorts.length === 0) return { original, note: `app ${entry.app.id} has no ports, so no Service` };
  const host = serviceHost({ namespace: entry.name.namespace, service: entry.name.name });
  const caveat = agentAddress ? '; it named the agent (host ports), the Service is reached on its own ports' : '';
  if (port === undefined) return { original, replacement: host, note: `app ${entry.app.id}${caveat}`, doubtful: agentAddress };
  const mapped = mapTaskPort(entry, port);
  if (mapped === undefined) {
    return { original, replacement: `${host}:${port}`, doubtful: true, note: `app ${entry.app.id}, whose Service has no port ${port} (ports ${entry.servicePorts.map((p) => p.port).join(', ')})` };
  }
  const change = mapped === port ? '' : `; port ${port} is exposed by the Service as ${mapped}`;
  return { original, replacement: `${host}:${mapped}`, note: `app ${entry.app.id}${change}${caveat}`, doubtful: agentAddress };
}

/**
 * `marathon-lb.marathon.mesos:10101`: marathon-lb served each app of its group on the app's
 * service port, and Marathon kept service ports unique across apps, so the port names one app:
 * its Service, which answers on the service port too (service.ts). Undefined when no app of the
 * run declares that service port (the name is then resolved like any task name).
 */
function resolveLbServicePort(original: string, label: string, port: number, dir: RunDirectory): DnsMatch | undefined {
  const ids = dir.byServicePort.get(port) ?? [];
  if (ids.length !== 1) return undefined;
  const entry = dir.entry(ids[0]!);
  if (!entry) return undefined;
  const host = serviceHost({ namespace: entry.name.namespace, service: entry.name.name });
  const resolved = entry.ports.find((p) => p.declaredServicePort === port);
  const exposed = entry.servicePorts.some((s) => s.port === port) ? port : resolved ? servicePortOf(entry, resolved.index)?.port : undefined;
  if (exposed === undefined) {
    return { original, replacement: `${host}:${port}`, doubtful: true, note: `${label} served app ${entry.app.id} on its service port ${port}, which its Service does not expose` };
  }
  const grouped = Object.keys(entry.app.labels ?? {}).some((k) => k === 'HAPROXY_GROUP' || /^HAPROXY_\d+_GROUP$/.test(k));
  const exposedAs = exposed === port ? '' : `, which the Service exposes as ${exposed}`;
  return grouped
    ? { original, replacement: `${host}:${exposed}`, note: `${label} served app ${entry.app.id} on its service port ${port}${exposedAs}` }
    : { original, replacement: `${host}:${exposed}`, doubtful: true, note: `app ${entry.app.id} has the service port ${port}${exposedAs}, but no HAPROXY_GROUP, so ${label} did not serve it`,
      hint: 'check what this address reached on DC/OS (another load balancer group, or nothing)' };
}

/** A port a task listened on → the Service port exposing it (a Service port number is kept). */
function mapTaskPort(entry: AppEntry, port: number): number | undefined {
  if (entry.servicePorts.some((p) => p.port === port)) return port;
  const resolved = entry.ports.find((p) => p.containerPort === port || p.fixedHostPort === port);
  return resolved ? servicePortOf(entry, resolved.index)?.port : undefined;
}

function resolveSrv(original: string, label: string, portName: string | undefined, protocol: 'tcp' | 'udp', dir: RunDirectory): DnsMatch {
  const appId = dir.byTask.get(dcosLabel(label));
  const entry = appId === undefined ? undefined : dir.entry(appId);
  if (!entry) return { original, note: 'no app of this run has this Mesos-DNS name', hint: CONVERT_HINT };
  const proto = protocol.toUpperCase();
  // One SRV record per Marathon port: the Service's own port of each (not the extra numbers).
  const candidates: ServicePort[] = entry.servicePorts.filter((p) => p.protocol === proto && entry.ports.some((r) => r.names.includes(p.name)));
  const named = portName === undefined
    ? candidates
    : candidates.filter((p) => entry.ports.some((r) => r.marathonName !== undefined && dcosLabel(r.marathonName) === portName && r.names.includes(p.name)));
  if (named.length !== 1) {
    return { original, note: `an SRV name; the Service of ${entry.app.id} has ${named.length} matching ${proto} ports, so the Kubernetes SRV name (_<port-name>._${protocol}.<service>) is ambiguous` };
  }
  const host = serviceHost({ namespace: entry.name.namespace, service: entry.name.name });
  return { original, replacement: `_${named[0]!.name}._${protocol}.${host}`, note: `the SRV record of app ${entry.app.id}` };
}

function unknownName(original: string, name: string): DnsMatch {
  if (/^(leader|master)\.mesos$/.test(name)) {
    return { original, note: 'the Mesos masters have no counterpart on Kubernetes', hint: 'set what replaces it by hand (e.g. a ZooKeeper Service for :2181); an app that talks to Mesos itself needs porting' };
  }
  if (name === 'marathon.mesos') {
    return { original, note: 'Marathon itself has no counterpart on Kubernetes', hint: 'an app that talks to Marathon\'s API needs porting to the Kubernetes API' };
  }
  const where = name.endsWith('.thisdcos.directory') ? 'a DC/OS name' : 'a Mesos-DNS name';
  return { original, note: `${where} this tool cannot map (another framework, or not an app of this run)`, hint: CONVERT_HINT };
}
