/**
 * Pod rules (PodsValidation.scala): the cross-field checks of a Marathon pod that its JSON Schema
 * cannot express simply. See rules/common.ts for the helpers and the rules shared with apps.
 */
import type { SchemaIssue } from '../validate.js';
import {
  envSecretRefs, is, isObj, isResident, issue, limitsVersusRequests, list, missingSecret, namesOf, networkRules,
  num, obj, type Obj, persistentInfoRules, ptr, repeats, type Rule, runSpecIdRules, str, unreachableEnabled,
  unreachableOrder, volumeSecretRefs,
} from './common.js';

function podContainers(pod: Obj): Obj[] {
  return list(pod.containers).map(obj);
}

function podSecretRefs(pod: Obj, at: string): SchemaIssue[] {
  const out = envSecretRefs(pod.environment, pod.secrets, ptr(at, 'environment'));
  podContainers(pod).forEach((c, i) => {
    out.push(...envSecretRefs(c.environment, pod.secrets, ptr(at, 'containers', i, 'environment')));
    const pull = obj(obj(c.image).pullConfig);
    out.push(...missingSecret(pod.secrets, pull.secret, ptr(at, 'containers', i, 'image', 'pullConfig', 'secret')));
  });
  out.push(...volumeSecretRefs(pod.volumes, pod.secrets, ptr(at, 'volumes')));
  return out;
}

/** Container names, endpoint names (across all containers) and volume names are unique. */
function podUniqueNames(pod: Obj, at: string): SchemaIssue[] {
  const out: SchemaIssue[] = [];
  const unique = (entries: [string | undefined, string][], what: string) => {
    for (const [i, first] of repeats(entries.map(([name]) => name))) {
      const [name, pointer] = entries[i];
      out.push(issue(pointer, `${what} "${name}" is already used by ${entries[first][1].slice(at.length)}`));
    }
  };
  const containers = podContainers(pod);
  unique(containers.map((c, i) => [str(c.name), ptr(at, 'containers', i, 'name')]), 'container name');
  unique(containers.flatMap((c, i) => list(c.endpoints).map((e, j): [string | undefined, string] =>
    [str(obj(e).name), ptr(at, 'containers', i, 'endpoints', j, 'name')])), 'endpoint name');
  unique(list(pod.volumes).map((v, i) => [str(obj(v).name), ptr(at, 'volumes', i, 'name')]), 'volume name');
  return out;
}

/** volumeMounts name pod volumes, and every pod volume is mounted by some container. */
function podVolumeMounts(pod: Obj, at: string): SchemaIssue[] {
  const declared = namesOf(pod.volumes);
  const mounted = new Set<string>();
  const out: SchemaIssue[] = [];
  podContainers(pod).forEach((c, i) => {
    list(c.volumeMounts).forEach((m, j) => {
      const name = isObj(m) ? str(m.name) : undefined;
      if (name === undefined) return;
      mounted.add(name);
      if (!declared.has(name)) out.push(issue(ptr(at, 'containers', i, 'volumeMounts', j, 'name'), `volume "${name}" is not declared in the pod's volumes`));
    });
  });
  list(pod.volumes).forEach((v, i) => {
    const name = isObj(v) ? str(v.name) : undefined;
    if (name !== undefined && !mounted.has(name)) out.push(issue(ptr(at, 'volumes', i), `volume "${name}" is not mounted by any container`));
  });
  return out;
}

/** A pod health check has exactly one of http/tcp/exec, and http/tcp name an endpoint of the
 * same container. */
function podHealthChecks(pod: Obj, at: string): SchemaIssue[] {
  const out: SchemaIssue[] = [];
  podContainers(pod).forEach((c, i) => {
    for (const key of ['healthCheck', 'check']) {
      const hc = c[key];
      if (!isObj(hc)) continue;
      const here = ptr(at, 'containers', i, key);
      const kinds = ['http', 'tcp', 'exec'].filter((k) => hc[k] !== undefined && hc[k] !== null);
      if (kinds.length !== 1) out.push(issue(here, `must have exactly one of http, tcp or exec${kinds.length ? ` (got ${kinds.join(', ')})` : ''}`));
      const endpoints = namesOf(c.endpoints);
      for (const k of ['http', 'tcp']) {
        const endpoint = str(obj(hc[k]).endpoint);
        if (endpoint !== undefined && !endpoints.has(endpoint)) {
          out.push(issue(ptr(here, k, 'endpoint'), `endpoint "${endpoint}" is not an endpoint of this container`));
        }
      }
    }
  });
  return out;
}

/** Limits ≥ requests per container; legacySharedCgroups pods cannot set per-container limits. */
function podResourceLimits(pod: Obj, at: string): SchemaIssue[] {
  const out: SchemaIssue[] = [];
  podContainers(pod).forEach((c, i) => {
    const res = obj(c.resources);
    out.push(...limitsVersusRequests(c.resourceLimits, num(res.cpus) ?? 1, num(res.mem) ?? 128, ptr(at, 'containers', i, 'resourceLimits')));
    if (pod.legacySharedCgroups === true && isObj(c.resourceLimits)) {
      out.push(issue(ptr(at, 'containers', i, 'resourceLimits'), 'must not be set when legacySharedCgroups is true'));
    }
  });
  return out;
}

/** Endpoints: containerPort is required on container networks and has no meaning on the host
 * network; container ports and host ports are unique across the pod (0 = dynamic, excepted). */
function podEndpointPorts(pod: Obj, at: string): SchemaIssue[] {
  const nets = list(pod.networks).filter(isObj);
  const host = nets.length === 0 || nets.every((n) => is(n.mode, 'host'));
  const out: SchemaIssue[] = [];
  const seen: Record<'containerPort' | 'hostPort', Map<number, string>> = { containerPort: new Map(), hostPort: new Map() };
  podContainers(pod).forEach((c, i) => {
    list(c.endpoints).forEach((e, j) => {
      if (!isObj(e)) return;
      const here = ptr(at, 'containers', i, 'endpoints', j);
      const containerPort = e.containerPort;
      if (!host && (containerPort === undefined || containerPort === null)) out.push(issue(ptr(here, 'containerPort'), 'is required on container networks'));
      for (const key of ['containerPort', 'hostPort'] as const) {
        const port = num(e[key]);
        if (port === undefined || port === 0) continue;
        const first = seen[key].get(port);
        if (first !== undefined) out.push(issue(ptr(here, key), `${key} ${port} is already used by ${first.slice(at.length)}`));
        else seen[key].set(port, ptr(here, key));
      }
    });
  });
  return out;
}

/** Resident pods (persistent volumes): maximumOverCapacity 0 and unreachableStrategy disabled;
 * plus the persistent volume info rules. */
function podPersistentVolumes(pod: Obj, at: string): SchemaIssue[] {
  const volumes = list(pod.volumes);
  const out: SchemaIssue[] = [];
  volumes.forEach((v, i) => {
    if (isObj(v) && isObj(v.persistent)) out.push(...persistentInfoRules(v.persistent, ptr(at, 'volumes', i, 'persistent')));
  });
  if (!isResident(volumes)) return out;
  const scheduling = obj(pod.scheduling);
  const over = num(obj(scheduling.upgrade).maximumOverCapacity);
  if (over !== undefined && over !== 0) out.push(issue(ptr(at, 'scheduling', 'upgrade', 'maximumOverCapacity'), `must be 0 for a pod with persistent volumes (got ${over})`));
  if (unreachableEnabled(scheduling.unreachableStrategy)) {
    out.push(issue(ptr(at, 'scheduling', 'unreachableStrategy'), 'a pod with persistent volumes must use "disabled"'));
  }
  return out;
}

function podNetworks(pod: Obj, at: string): SchemaIssue[] {
  return networkRules(pod.networks, at);
}

function podUnreachable(pod: Obj, at: string): SchemaIssue[] {
  return unreachableOrder(obj(pod.scheduling).unreachableStrategy, ptr(at, 'scheduling', 'unreachableStrategy'));
}

const POD_RULES: Rule[] = [
  runSpecIdRules, podSecretRefs, podUniqueNames, podVolumeMounts, podHealthChecks, podResourceLimits,
  podEndpointPorts, podPersistentVolumes, podNetworks, podUnreachable,
];

/** A pod status (GET /v2/pods/{id}::status, group dumps) carries the definition under spec:
 * that spec, or undefined for a pod definition. */
export function statusSpec(raw: Obj): Obj | undefined {
  return !Array.isArray(raw.containers) && isObj(raw.spec) ? raw.spec : undefined;
}

export function podRules(raw: Obj, at: string): SchemaIssue[] {
  const spec = statusSpec(raw);
  if (spec) return podRules(spec, ptr(at, 'spec'));
  return POD_RULES.flatMap((rule) => rule(raw, at));
}
