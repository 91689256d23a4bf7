/**
 * Apps run on the node's network (--host-network, for apps that used host networking).
 *
 * On Mesos each task of a host-networking app got its ports from the agent's free range, so any
 * number of tasks could share an agent. On the node's network a pod binds the port numbers it
 * declares: ports Mesos assigned dynamically became one fixed number (PORT0 = 8080…), the same
 * for every pod of the app, so two pods of it cannot share a node (the scheduler sees the
 * declared ports as host ports), and a rollout with surge needs a node with the ports free next
 * to each old pod — with as many pods as nodes it never finds one and stalls. So the pods get a
 * required anti-affinity on the host name (one per node, whatever the declared ports) and roll
 * out without surge (maxSurge 0, maxUnavailable at least 1): an old pod frees its node's ports
 * before a new one takes them, as Marathon needed free ports on another agent.
 * With `requirePorts` the ports were fixed on Mesos too (one task per agent already): the same
 * rules apply and are reported as info.
 */
import { networkMode } from '../marathon/model.js';
import type { AppContext } from './context.js';
import { selectorLabels } from './metadata.js';
import type { ResolvedPort } from './ports.js';

const HOSTNAME = 'kubernetes.io/hostname';

/** Whether the app's pods run on the node's network. */
export function onHostNetwork(ctx: AppContext): boolean {
  return ctx.options.hostNetwork && networkMode(ctx.app) === 'host';
}

/** Whether its pods bind ports on the node, so that two of them cannot share one. */
function bindsNodePorts(ctx: AppContext, ports: readonly ResolvedPort[]): boolean {
  return onHostNetwork(ctx) && ports.length > 0;
}

/**
 * One pod per node: a required anti-affinity on the host name, merged into what placement made
 * (a `hostname UNIQUE` constraint may already have put the same term there).
 */
export function hostNetworkAntiAffinity(ctx: AppContext, ports: readonly ResolvedPort[], podSpec: Record<string, unknown>): void {
  if (!bindsNodePorts(ctx, ports)) return;
  const term = { labelSelector: { matchLabels: selectorLabels(ctx) }, topologyKey: HOSTNAME };
  const affinity = { ...((podSpec.affinity as Record<string, unknown> | undefined) ?? {}) };
  const anti = { ...((affinity.podAntiAffinity as Record<string, unknown> | undefined) ?? {}) };
  const required = [...((anti.requiredDuringSchedulingIgnoredDuringExecution as unknown[] | undefined) ?? [])];
  if (!required.some((t) => JSON.stringify(t) === JSON.stringify(term))) required.push(term);
  anti.requiredDuringSchedulingIgnoredDuringExecution = required;
  affinity.podAntiAffinity = anti;
  podSpec.affinity = affinity;
}

/**
 * The rollout of pods bound to node ports, and the finding: for a Deployment (`deployment`
 * true) a strategy without surge — maxUnavailable from minimumHealthCapacity, at least 1;
 * Recreate where Marathon stopped everything first ({0, 0}) — or undefined when the app is not
 * on the node's network. A StatefulSet replaces its pods one at a time anyway.
 */
export function hostNetworkStrategy(ctx: AppContext, ports: readonly ResolvedPort[], deployment: boolean): Record<string, unknown> | undefined {
  if (!bindsNodePorts(ctx, ports)) return undefined;
  const dynamic = ports.filter((p) => p.fixedHostPort === undefined);
  const numbers = ports.map((p) => p.containerPort).join(', ');
  const what = dynamic.length > 0
    ? `with --host-network the ports Mesos assigned dynamically are fixed on the node (${numbers}, the same for every pod, and for other apps that got the same numbers), so two pods cannot share a node`
    : `with --host-network the pods bind the fixed ports ${numbers} on the node (as the tasks did with requirePorts), so two pods cannot share a node`;
  let strategy: Record<string, unknown> | undefined;
  let rollout = 'its StatefulSet replaces them one at a time';
  if (deployment) {
    const min = Math.min(1, Math.max(0, ctx.app.upgradeStrategy?.minimumHealthCapacity ?? 1));
    const over = Math.min(1, Math.max(0, ctx.app.upgradeStrategy?.maximumOverCapacity ?? 1));
    if (min === 0 && over === 0) {
      strategy = { type: 'Recreate' };
      rollout = 'it rolls out by replacing all pods at once (Recreate, as upgradeStrategy {0, 0} did)';
    } else {
      const percent = Math.round((1 - min) * 100);
      const maxUnavailable = percent === 0 ? 1 : `${percent}%`;
      strategy = { type: 'RollingUpdate', rollingUpdate: { maxUnavailable, maxSurge: 0 } };
      rollout = `it rolls out without surge (maxSurge 0, maxUnavailable ${maxUnavailable}): a new pod takes the ports an old one freed`;
    }
  }
  ctx.report('host-network-ports', '', `${what}: the pods get a required anti-affinity on ${HOSTNAME}, at most one per node, and ${rollout}`,
    {
      ...(dynamic.length > 0 ? {} : { severity: 'info' as const }),
      hint: 'the cluster needs at least as many nodes (with those ports free) as replicas; prefer the pod network where clients can use the Service',
    });
  return strategy;
}
