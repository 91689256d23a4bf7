/**
 * Apps that clients reached at their agents' addresses, and what reaches them now.
 *
 * On DC/OS an app on host networking, or with fixed host ports, answered on the agent's own
 * address: `agent:80` of a public agent (`slave_public`) was often the way in from outside the
 * cluster (edge proxies, marathon-lb itself), and a fixed host port (`requirePorts`, a bridge
 * `hostPort`) was a number clients could rely on. A ClusterIP Service keeps neither: it is
 * reachable inside the cluster only. What can keep them is --host-network (the pod binds the
 * node's ports), --keep-host-ports (hostPort on the container), or a Service of type NodePort or
 * LoadBalancer (--service-type, applied to such apps' main Service only: an app that was only
 * reached through the cluster keeps a ClusterIP Service).
 */
import { Ledger } from '../findings.js';
import { networkMode } from '../marathon/model.js';
import type { ServiceType } from '../options.js';
import { AppContext } from './context.js';
import { resolvePorts, type ResolvedPort } from './ports.js';
import type { RunIndex } from './run-index.js';

const PUBLIC_ROLE = 'slave_public';

export interface Exposure {
  /** How clients reached the app at the agents' addresses (for findings). */
  reason: string;
  /** Whether it ran on public agents (reached from outside the cluster). */
  publicAgents: boolean;
  /** The options given keep node-level reachability (--host-network, --keep-host-ports). */
  kept: boolean;
}

/** Whether (and how) clients reached the app at its agents' addresses. Pure: no findings. */
export function agentExposure(ctx: AppContext, ports: readonly ResolvedPort[]): Exposure | undefined {
  if (ports.length === 0) return undefined;
  const host = networkMode(ctx.app) === 'host';
  const publicAgents = (ctx.app.acceptedResourceRoles ?? []).includes(PUBLIC_ROLE);
  const fixed = [...new Set(ports.flatMap((p) => (p.fixedHostPort !== undefined ? [p.fixedHostPort] : [])))];
  if (!(publicAgents && host) && fixed.length === 0) return undefined;
  const numbers = fixed.length > 0 ? `port${fixed.length === 1 ? '' : 's'} ${fixed.join(', ')}` : 'its dynamic ports';
  const kept = (host && ctx.options.hostNetwork) || (fixed.length > 0 && ctx.options.keepHostPorts);
  const reason = publicAgents
    ? `the app ran on public agents (slave_public) with ${host ? 'host networking' : 'fixed host ports'}: clients outside the cluster reached it at the agents' addresses on ${numbers}`
    : `the app bound fixed host ${numbers} (${host ? 'host networking with requirePorts' : 'hostPort of its port mappings'}): clients reached it at its agents' addresses`;
  return { reason, publicAgents, kept };
}

/** The type of the app's main Service: --service-type for apps reached at the agents' addresses. */
export function serviceType(ctx: AppContext, exposure: Exposure | undefined): ServiceType {
  return exposure ? ctx.options.serviceType : 'ClusterIP';
}

/**
 * What became of the agent-level reachability: the Service type chosen (info), or a warning
 * when public-agent traffic has nothing left to reach it. Fixed host ports of apps on private
 * agents are already reported one by one (`host-port-dropped`).
 */
export function reportExposure(ctx: AppContext, exposure: Exposure | undefined, hasService: boolean): void {
  if (!exposure) return;
  const type = serviceType(ctx, exposure);
  const pointer = exposure.publicAgents ? '/acceptedResourceRoles' : '';
  if (type !== 'ClusterIP' && hasService) {
    const how = type === 'NodePort'
      ? 'every node answers on its node ports, allocated from the cluster\'s node-port range (a fixed host port inside that range is kept as the node port)'
      : 'the cloud load balancer answers on the Service ports, the old host port numbers included';
    ctx.report('service-type-changed', pointer, `${exposure.reason}; its Service is of type ${type} (--service-type): ${how}`);
    return;
  }
  if (!exposure.publicAgents || exposure.kept) return;
  ctx.report('host-reachability-lost', pointer, `${exposure.reason}; its ClusterIP Service is reachable inside the cluster only`,
    { hint: 'pass --service-type LoadBalancer (or NodePort) to expose its Service outside the cluster, or --host-network / --keep-host-ports to bind the nodes\' ports as the agents did' });
}

/** The default node-port range of Kubernetes (kube-apiserver --service-node-port-range). */
export const NODE_PORT_RANGE = { min: 30000, max: 32767 };

const owners = new WeakMap<RunIndex, { size: number; owners: Map<string, string> }>();

/**
 * Which app keeps a fixed host port of the node-port range as its node port (`31080/TCP` →
 * app id): a node port is one per cluster, so the first app of the run that bound it on the
 * agents (input order) keeps it; the others get one allocated.
 */
export function nodePortOwners(ctx: AppContext): Map<string, string> {
  const hit = owners.get(ctx.run);
  if (hit && hit.size === ctx.run.size && ctx.run.get(ctx.app.id)) return hit.owners;
  const map = new Map<string, string>();
  const apps = ctx.run.get(ctx.app.id) ? [...ctx.run.all()] : [...ctx.run.all(), { app: ctx.app, name: ctx.name }];
  for (const { app, name } of apps) {
    // A scratch context: resolving ports reports and marks nothing that matters here.
    for (const p of resolvePorts(new AppContext(app, name, ctx.options, new Ledger({}), ''))) {
      const host = p.fixedHostPort;
      if (host === undefined || host < NODE_PORT_RANGE.min || host > NODE_PORT_RANGE.max) continue;
      for (const protocol of p.protocols) if (!map.has(`${host}/${protocol}`)) map.set(`${host}/${protocol}`, app.id);
    }
  }
  if (ctx.run.get(ctx.app.id)) owners.set(ctx.run, { size: ctx.run.size, owners: map });
  return map;
}
