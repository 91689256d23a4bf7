/**
 * `container.docker.parameters`: raw `docker run --key=value` options. The ones with a pod or
 * container counterpart are mapped; the rest are reported by name (`docker-parameter-not-mapped`)
 * so nothing disappears silently.
 *
 * - security: cap-add/cap-drop → capabilities; user → runAsUser/runAsGroup; privileged,
 *   read-only, security-opt seccomp=unconfined / no-new-privileges;
 * - process: workdir → workingDir; entrypoint → command (see mapEntrypoint); tty, interactive;
 * - pod: hostname; add-host → hostAliases; dns, dns-search, dns-opt → dnsConfig (added to the
 *   cluster DNS, see below); pid=host → hostPID; ipc=host → hostIPC;
 * - env → env; label → annotation of the workload; shm-size → a memory emptyDir at /dev/shm;
 * - memory, cpu-shares… are redundant: resources come from cpus/mem (`docker-parameter-ignored`).
 */
import { supports } from '../../kube/versions.js';
import { lacks } from '../target.js';
import type { AppContext } from '../context.js';
import { escapeExpansion } from '../container.js';
import { isValidKey } from '../metadata.js';
import type { EnvVar, PodParts } from '../parts.js';
import {
  capabilities, dockerSizeToQuantity, flagOn, isIP, optionName, parseEnvEntry, parseHostEntry, parseUser,
} from './docker-values.js';
import { seccompAnnotation } from './linux-info.js';
import type { ShmRequest } from './shm.js';

/** Options made redundant by Marathon's own resources (cpus, mem, resourceLimits). */
const RESOURCE_OPTIONS = new Set(['memory', 'memory-swap', 'memory-reservation', 'cpu-shares', 'cpus', 'cpu-quota', 'cpu-period']);

/** Why an option has no counterpart, where there is more to say than "none". */
const NOT_MAPPED_HINTS: Record<string, string> = {
  'log-driver': 'containers log to stdout/stderr; the cluster\'s log collector takes over',
  'log-opt': 'containers log to stdout/stderr; the cluster\'s log collector takes over',
  network: 'pods share the cluster network; pass --host-network for host networking',
  'network-alias': 'other pods reach the app by its Service name',
  link: 'other pods reach the app by its Service name',
  dns: 'a DNS server must be an IP address',
  device: 'use a device plugin, or a privileged container with a hostPath volume',
  'volumes-from': 'share data through a volume of the pod',
  volume: 'declare the volume in container.volumes',
  'volume-driver': 'use an external volume (a PersistentVolumeClaim)',
  ulimit: 'the node\'s container runtime sets the limits',
  'env-file': 'the file was read on the Mesos agent; put the variables in env or a ConfigMap',
  restart: 'the kubelet restarts containers',
  expose: 'container ports come from portMappings/portDefinitions',
  name: 'Kubernetes names the container',
};

interface Collected {
  parts: PodParts;
  capAdd: string[];
  capDrop: string[];
  hostAliases: Map<string, string[]>;
  dns: { nameservers: string[]; searches: string[]; options: { name: string; value?: string }[]; pointer?: string };
  shm?: ShmRequest;
}

export function mapDockerParameters(ctx: AppContext): { parts: PodParts; shm?: ShmRequest } {
  const c: Collected = {
    parts: { containerSecurityContext: {}, containerFields: {}, podFields: {}, env: [], annotations: {} },
    capAdd: [], capDrop: [], hostAliases: new Map(), dns: { nameservers: [], searches: [], options: [] },
  };
  (ctx.app.container?.docker?.parameters ?? []).forEach(({ key, value }, i) => {
    const pointer = `/container/docker/parameters/${i}`;
    ctx.use(`${pointer}/key`, `${pointer}/value`);
    mapParameter(ctx, c, { option: optionName(key), written: key.trim().replace(/^-+/, '') }, value, pointer);
  });
  const sc = c.parts.containerSecurityContext!;
  if (c.capAdd.length > 0 || c.capDrop.length > 0) {
    sc.capabilities = { ...(c.capAdd.length > 0 ? { add: unique(c.capAdd) } : {}), ...(c.capDrop.length > 0 ? { drop: unique(c.capDrop) } : {}) };
  }
  const pod = c.parts.podFields!;
  if (c.hostAliases.size > 0) pod.hostAliases = [...c.hostAliases].map(([ip, hostnames]) => ({ ip, hostnames }));
  const dnsConfig = dnsConfigOf(ctx, c.dns);
  if (dnsConfig) pod.dnsConfig = dnsConfig;
  return { parts: c.parts, ...(c.shm ? { shm: c.shm } : {}) };
}

/** `option` is the normalized name (`net` → `network`); findings show it as `written`. */
function mapParameter(ctx: AppContext, c: Collected, name: { option: string; written: string }, value: string, pointer: string): void {
  const { option, written } = name;
  const sc = c.parts.containerSecurityContext!;
  const fields = c.parts.containerFields!;
  const pod = c.parts.podFields!;
  const notMapped = (why?: string) => ctx.report('docker-parameter-not-mapped', pointer,
    `docker parameter --${written}=${value} ${why ?? 'has no Kubernetes equivalent'}; it is dropped`,
    NOT_MAPPED_HINTS[option] ? { hint: NOT_MAPPED_HINTS[option] } : {});
  switch (option) {
    case 'cap-add':
    case 'cap-drop': {
      const { valid, invalid } = capabilities(value);
      (option === 'cap-add' ? c.capAdd : c.capDrop).push(...valid);
      if (invalid.length > 0) notMapped(`names no Linux capability (${invalid.join(', ')})`);
      return;
    }
    case 'network-alias': return; // a Service of that name: discovery/network-alias.ts
    case 'privileged': if (flagOn(value)) sc.privileged = true; return;
    case 'read-only': if (flagOn(value)) sc.readOnlyRootFilesystem = true; return;
    case 'user': return mapUser(ctx, sc, value, pointer);
    case 'security-opt': return mapSecurityOpt(ctx, c, value, pointer, notMapped);
    case 'workdir':
      if (value.startsWith('/')) fields.workingDir = value;
      else notMapped('is not an absolute path (Docker rejects it too)');
      return;
    case 'entrypoint': return mapEntrypoint(ctx, fields, value, pointer);
    case 'tty': if (flagOn(value)) Object.assign(fields, { tty: true, stdin: true }); return;
    case 'interactive': if (flagOn(value)) fields.stdin = true; return;
    case 'hostname': return mapHostname(ctx, pod, value, pointer, notMapped);
    case 'add-host': {
      const entry = parseHostEntry(value);
      if (!entry) return notMapped('is not "host:ip"');
      c.hostAliases.set(entry.ip, [...(c.hostAliases.get(entry.ip) ?? []), entry.host]);
      return;
    }
    case 'dns':
      if (isIP(value.trim()) === 0) return notMapped('is not an IP address');
      c.dns.nameservers.push(value.trim());
      c.dns.pointer ??= pointer;
      return;
    case 'dns-search': c.dns.searches.push(value.trim()); c.dns.pointer ??= pointer; return;
    case 'dns-opt': {
      const [name = '', optionValue] = value.trim().split(/[:=]/, 2);
      c.dns.options.push({ name, ...(optionValue !== undefined ? { value: optionValue } : {}) });
      c.dns.pointer ??= pointer;
      return;
    }
    case 'pid':
      if (value.trim() === 'host') pod.hostPID = true;
      else notMapped();
      return;
    case 'ipc':
      if (value.trim() === 'host') pod.hostIPC = true;
      else if (!['private', 'shareable', ''].includes(value.trim())) notMapped();
      return;
    case 'env': {
      const entry = parseEnvEntry(value);
      if (!entry) return notMapped('takes its value from the Docker host\'s environment');
      const own = ctx.app.env?.[entry.name];
      if (own !== undefined) {
        ctx.report('docker-parameter-approximated', pointer,
          `${entry.name} is also set in env, whose value is kept; Docker gave the container the parameter's value "${entry.value}"`);
        return;
      }
      c.parts.env!.push({ name: entry.name, value: escapeExpansion(entry.value) } satisfies EnvVar);
      return;
    }
    case 'label': return mapLabel(ctx, c.parts.annotations!, value, pointer, notMapped);
    case 'shm-size': {
      const size = dockerSizeToQuantity(value);
      if (!size) return notMapped('is not a size');
      c.shm = { size, pointer };
      return;
    }
    default:
      if (RESOURCE_OPTIONS.has(option)) {
        ctx.report('docker-parameter-ignored', pointer,
          `docker parameter --${written}=${value} is redundant: the container's resources come from cpus, mem and resourceLimits`);
        return;
      }
      notMapped();
  }
}

/** `--user uid[:gid]` → runAsUser/runAsGroup; names need their numeric ids. */
function mapUser(ctx: AppContext, sc: Record<string, unknown>, value: string, pointer: string): void {
  const user = parseUser(value);
  if (user.uid !== undefined) sc.runAsUser = user.uid;
  if (user.gid !== undefined) {
    if (supports('runAsGroup', ctx.options.kubeVersion)) sc.runAsGroup = user.gid;
    else {
      // The field exists from 1.10 but a default API server drops it until RunAsGroup is beta (1.14).
      ctx.report('docker-parameter-approximated', pointer,
        `docker parameter --user=${value}: the group ${user.gid} is not set: Kubernetes ${ctx.options.kubeVersion} has no runAsGroup (from 1.14); the image's group for the user applies`,
        { severity: 'warning' });
      lacks(ctx, 'runAsGroup', 'group of docker --user not set');
    }
  }
  if (user.names.length > 0) {
    ctx.report('user-not-mapped', pointer, `docker parameter --user=${value} names ${user.names.join(' and ')}; Kubernetes needs numeric ids`,
      { hint: 'set securityContext.runAsUser (and runAsGroup) to the ids of this user in the image' });
  }
}

function mapSecurityOpt(ctx: AppContext, c: Collected, value: string, pointer: string, notMapped: (why?: string) => void): void {
  const sc = c.parts.containerSecurityContext!;
  const [name = '', setting = ''] = value.trim().split(/[:=]/, 2);
  if (name === 'no-new-privileges' && flagOn(setting)) {
    sc.allowPrivilegeEscalation = false;
  } else if (name === 'seccomp' && setting === 'unconfined') {
    if (supports('seccompProfile', ctx.options.kubeVersion)) sc.seccompProfile = { type: 'Unconfined' };
    else c.parts.podAnnotations = { ...c.parts.podAnnotations, ...seccompAnnotation(ctx, { type: 'Unconfined' }, ctx.name.name, pointer) };
  } else {
    notMapped();
  }
}

/**
 * `--entrypoint E` replaces the image's ENTRYPOINT. With `args` (or nothing) Docker ran
 * `E args…`: that is `command: [E]` beside the args. A `cmd` already runs as
 * `/bin/sh -c cmd` (replacing the entrypoint), so E is reported there rather than guessed at.
 */
function mapEntrypoint(ctx: AppContext, fields: Record<string, unknown>, value: string, pointer: string): void {
  if (value.trim() !== '' && (ctx.app.cmd === undefined || ctx.app.cmd === '')) {
    fields.command = [value];
    return;
  }
  ctx.report('docker-parameter-not-mapped', pointer,
    value.trim() === ''
      ? 'docker parameter --entrypoint with an empty value (the image runs its CMD alone) has no Kubernetes equivalent; it is dropped'
      : `docker parameter --entrypoint=${value} is not applied: the cmd runs as /bin/sh -c <cmd>`,
    { hint: value.trim() === '' ? 'set command to the image\'s CMD' : `if the cmd needs ${value} (e.g. for its syntax), set command: [${value}, -c, <cmd>]` });
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** A pod's hostname is one DNS label; the domain of an FQDN cannot follow. */
function mapHostname(ctx: AppContext, pod: Record<string, unknown>, value: string, pointer: string, notMapped: (why?: string) => void): void {
  const wanted = value.trim().toLowerCase();
  const [label = '', ...domain] = wanted.split('.');
  if (label.length > 63 || !DNS_LABEL.test(label)) return notMapped('is not a valid host name');
  pod.hostname = label;
  if (domain.length > 0 || wanted !== value.trim()) {
    ctx.report('docker-parameter-approximated', pointer,
      `docker parameter --hostname=${value}: the pod's hostname is "${label}"` + (domain.length > 0 ? ` (Kubernetes gives a pod one DNS label; the domain ${domain.join('.')} is dropped)` : ''));
  }
}

/** Docker labels described the container; the nearest place is an annotation of the workload. */
function mapLabel(ctx: AppContext, annotations: Record<string, string>, value: string, pointer: string, notMapped: (why?: string) => void): void {
  const cut = value.indexOf('=');
  const key = cut < 0 ? value : value.slice(0, cut);
  if (!isValidKey(key)) return notMapped('is not a valid annotation key');
  if (key.startsWith('marathon2k8s.io/')) return notMapped('uses the prefix marathon2k8s.io/, which the converter\'s own annotations use');
  annotations[key] = cut < 0 ? '' : value.slice(cut + 1);
  ctx.report('docker-parameter-approximated', pointer, `docker label ${key} became an annotation of the workload`);
}

/**
 * Docker's --dns replaced the container's resolver configuration. Here the servers are added
 * to the cluster DNS (dnsPolicy ClusterFirst stays), so Service names keep resolving; a pod
 * takes at most 3 nameservers and 6 search domains in all, the cluster's included.
 */
function dnsConfigOf(ctx: AppContext, dns: Collected['dns']): Record<string, unknown> | undefined {
  if (dns.pointer === undefined) return undefined;
  if (!supports('dnsConfig', ctx.options.kubeVersion)) {
    ctx.report('docker-parameter-approximated', dns.pointer,
      `the DNS settings of the docker parameters are not set: Kubernetes ${ctx.options.kubeVersion} has no pod dnsConfig (from 1.10); the pod uses the cluster DNS only`,
      { severity: 'warning' });
    lacks(ctx, 'dnsConfig', 'docker --dns/--dns-search/--dns-opt not set');
    return undefined;
  }
  const nameservers = unique(dns.nameservers).slice(0, 2);
  const searches = unique(dns.searches).slice(0, 3);
  const dropped = dns.nameservers.length > nameservers.length || unique(dns.searches).length > searches.length;
  ctx.report('docker-parameter-approximated', dns.pointer,
    'the DNS settings of the docker parameters are added to the cluster DNS (which answers first, so Service names resolve) instead of replacing it' +
      (dropped ? '; beyond 2 servers and 3 search domains they are dropped (the cluster DNS takes the rest of the pod\'s limits)' : ''));
  return {
    ...(nameservers.length > 0 ? { nameservers } : {}),
    ...(searches.length > 0 ? { searches } : {}),
    ...(dns.options.length > 0 ? { options: dns.options } : {}),
  };
}

function unique<T>(list: readonly T[]): T[] {
  return [...new Set(list)];
}
