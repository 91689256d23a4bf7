/**
 * cpus / mem / disk / gpus / resourceLimits → container resources.
 *
 * Marathon reserved cpus and mem and enforced mem as a hard limit (the cgroup kills a task
 * above it), so memory limit = request. CPU was shared above the reservation, so there is a
 * cpu limit only when resourceLimits asks for one. Marathon's defaults apply (1 cpu, 128 MiB).
 */
import { supports } from '../kube/versions.js';
import type { AppContext } from './context.js';
import { lacks } from './target.js';

export interface Resources {
  requests: Record<string, string>;
  limits?: Record<string, string>;
}

const DEFAULT_CPUS = 1;
const DEFAULT_MEM = 128;

/** 0.25 → "250m", 2 → "2". */
export function cpuQuantity(cpus: number): string {
  const milli = Math.max(1, Math.round(cpus * 1000));
  return milli % 1000 === 0 ? String(milli / 1000) : `${milli}m`;
}

/** MiB (Marathon's unit, possibly fractional) → a whole number of Mi, rounded up. */
export function mebibytes(mib: number): string {
  return `${Math.max(1, Math.ceil(mib))}Mi`;
}

export function mapResources(ctx: AppContext): Resources {
  const app = ctx.app;
  // Leaves, not the whole resourceLimits object: an unknown key inside must still be reported.
  ctx.use('/cpus', '/mem', '/disk', '/gpus', '/resourceLimits/cpus', '/resourceLimits/mem');
  const mem = app.mem ?? DEFAULT_MEM;
  const requests: Record<string, string> = { cpu: cpuQuantity(app.cpus ?? DEFAULT_CPUS), memory: mebibytes(mem) };
  const limits: Record<string, string> = {};
  if (app.disk !== undefined && app.disk > 0) {
    if (supports('ephemeralStorage', ctx.options.kubeVersion)) requests['ephemeral-storage'] = mebibytes(app.disk);
    else {
      // Kubernetes 1.9's API server refuses ephemeral-storage while LocalStorageCapacityIsolation is off (its default).
      ctx.report('resource-limit-approximated', '/disk',
        `disk ${app.disk} MiB is not requested: Kubernetes ${ctx.options.kubeVersion} has no ephemeral-storage resource (from 1.10); the pod's scratch space is not reserved`);
      lacks(ctx, 'ephemeralStorage', 'disk not requested');
    }
  }

  const memLimit = app.resourceLimits?.mem;
  if (memLimit === 'unlimited') {
    ctx.report('resource-limit-approximated', '/resourceLimits/mem', 'memory "unlimited": no memory limit is set (the node\'s capacity is the limit)');
  } else {
    limits.memory = mebibytes(memLimit !== undefined ? Math.max(memLimit, mem) : mem);
  }
  const cpuLimit = app.resourceLimits?.cpus;
  if (typeof cpuLimit === 'number') limits.cpu = cpuQuantity(Math.max(cpuLimit, app.cpus ?? DEFAULT_CPUS));

  if (app.gpus !== undefined && app.gpus > 0) {
    const gpus = String(Math.ceil(app.gpus));
    // Extended resources must be requested and limited with the same value.
    requests[ctx.options.gpuResource] = gpus;
    limits[ctx.options.gpuResource] = gpus;
    ctx.report('resource-limit-approximated', '/gpus', `${gpus} GPU(s) requested as the extended resource ${ctx.options.gpuResource}`,
      { hint: 'use --gpu-resource if the cluster\'s device plugin names GPUs differently' });
  }
  const resources: Resources = { requests };
  if (Object.keys(limits).length > 0) resources.limits = limits;
  return resources;
}
