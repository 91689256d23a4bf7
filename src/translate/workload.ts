/**
 * The workload of an app: a Deployment, or a StatefulSet when a concern asks for one
 * (persistent local volumes); replicas, rollout strategy, the pod template.
 */
import type { KubeObject, ObjectMeta } from '../kube/types.js';
import type { AppContext } from './context.js';
import { mapContainer } from './container.js';
import { hostNetworkAntiAffinity, hostNetworkStrategy, onHostNetwork } from './host-network.js';
import { mapMarathonLabels, objectMeta, selectorLabels, standardLabels } from './metadata.js';
import type { PodParts } from './parts.js';
import type { ResolvedPort } from './ports.js';

/** The pod template and the workload metadata: shared by Deployments, StatefulSets and (jobs) CronJobs. */
export interface PodTemplate {
  metadata: ObjectMeta;
  template: { metadata: { labels: Record<string, string>; annotations?: Record<string, string> }; spec: Record<string, unknown> };
}

/**
 * The pod template of an app: its containers and what the concerns contributed. `containers`
 * defaults to the app's one main container; pods pass their own list.
 */
export function mapPodTemplate(ctx: AppContext, ports: ResolvedPort[], parts: PodParts, containers?: Record<string, unknown>[]): PodTemplate {
  const marathonLabels = mapMarathonLabels(ctx);
  ctx.use('/id', '/taskKillGracePeriodSeconds');
  const podSpec: Record<string, unknown> = {};
  if (onHostNetwork(ctx)) {
    podSpec.hostNetwork = true;
    podSpec.dnsPolicy = 'ClusterFirstWithHostNet';
  }
  if (ctx.app.taskKillGracePeriodSeconds !== undefined) {
    podSpec.terminationGracePeriodSeconds = ctx.app.taskKillGracePeriodSeconds;
  }
  if (parts.initContainers && parts.initContainers.length > 0) podSpec.initContainers = parts.initContainers;
  podSpec.containers = containers ?? [mapContainer(ctx, ports, parts)];
  if (parts.volumes && parts.volumes.length > 0) podSpec.volumes = parts.volumes;
  Object.assign(podSpec, parts.podFields);
  hostNetworkAntiAffinity(ctx, ports, podSpec);
  const metadata = objectMeta(ctx, { labels: marathonLabels.labels, annotations: { ...marathonLabels.annotations, ...parts.annotations } });
  const templateMeta: PodTemplate['template']['metadata'] = { labels: { ...marathonLabels.labels, ...standardLabels(ctx), ...parts.podLabels } };
  if (parts.podAnnotations) templateMeta.annotations = parts.podAnnotations;
  return { metadata, template: { metadata: templateMeta, spec: podSpec } };
}

/** A Deployment, or a StatefulSet when a concern asks for one (persistent local volumes). */
export function mapWorkload(ctx: AppContext, ports: ResolvedPort[], parts: PodParts, containers?: Record<string, unknown>[]): KubeObject {
  const { metadata, template } = mapPodTemplate(ctx, ports, parts, containers);
  ctx.use('/instances', '/upgradeStrategy/minimumHealthCapacity', '/upgradeStrategy/maximumOverCapacity');
  const replicas = ctx.app.instances ?? 1;
  const selector = { matchLabels: selectorLabels(ctx) };
  if (parts.statefulSet) {
    const us = ctx.app.upgradeStrategy;
    // {0.5, 0} is Marathon's default for resident apps: nothing to say about it.
    if (us !== undefined && !((us.minimumHealthCapacity ?? 0.5) === 0.5 && (us.maximumOverCapacity ?? 0) === 0)) {
      ctx.report('upgrade-strategy-approximated', '/upgradeStrategy',
        'a StatefulSet replaces its pods one at a time; upgradeStrategy has no equivalent for it', { severity: 'info' });
    }
    hostNetworkStrategy(ctx, ports, false);
    return {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata,
      spec: {
        replicas,
        serviceName: parts.statefulSet.serviceName,
        // Marathon launched and replaced the instances of a resident app in parallel.
        podManagementPolicy: 'Parallel',
        selector,
        updateStrategy: { type: 'RollingUpdate' },
        template,
        volumeClaimTemplates: parts.statefulSet.volumeClaimTemplates,
      },
    };
  }
  return { apiVersion: 'apps/v1', kind: 'Deployment', metadata, spec: { replicas, selector, strategy: hostNetworkStrategy(ctx, ports, true) ?? mapStrategy(ctx), template } };
}

/**
 * upgradeStrategy → Deployment strategy. minimumHealthCapacity is the share of instances that
 * must stay up (→ maxUnavailable), maximumOverCapacity the extra share that may run during the
 * upgrade (→ maxSurge). Marathon's default {1, 1} starts all new tasks before killing old ones.
 */
export function mapStrategy(ctx: AppContext): Record<string, unknown> {
  const min = clamp01(ctx.app.upgradeStrategy?.minimumHealthCapacity ?? 1);
  const over = clamp01(ctx.app.upgradeStrategy?.maximumOverCapacity ?? 1);
  if (min === 0 && over === 0) {
    return { type: 'Recreate' };
  }
  const maxUnavailable = Math.round((1 - min) * 100);
  const maxSurge = Math.round(over * 100);
  if (maxUnavailable === 0 && maxSurge === 0) {
    // Marathon itself starts one extra instance in this case, so that it can make progress.
    ctx.report('upgrade-strategy-approximated', '/upgradeStrategy',
      'minimumHealthCapacity 1 with maximumOverCapacity 0 leaves no room to roll; like Marathon, one extra pod is started at a time (maxSurge 1)');
    return { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } };
  }
  return { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: `${maxUnavailable}%`, maxSurge: `${maxSurge}%` } };
}

function clamp01(x: number): number {
  return Math.min(1, Math.max(0, x));
}
