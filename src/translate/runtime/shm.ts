/**
 * A larger /dev/shm (docker `shm-size`, Mesos `linuxInfo.ipcInfo.shmSize`) → a memory-backed
 * emptyDir at /dev/shm with that size limit. Like Docker's, its pages count against the
 * container's memory.
 */
import type { FindingCode } from '../../findings.js';
import { supports } from '../../kube/versions.js';
import type { AppContext } from '../context.js';
import type { PodParts } from '../parts.js';
import { lacks } from '../target.js';

export const SHM_VOLUME = 'shm-memory';
const SHM_PATH = '/dev/shm';

/** A /dev/shm size asked for by the parameter or field at `pointer`. */
export interface ShmRequest {
  /** A Kubernetes quantity (`350Mi`). */
  size: string;
  pointer: string;
}

export function sharedMemory(ctx: AppContext, requests: readonly (ShmRequest | undefined)[]): PodParts {
  const [first, ...others] = requests.filter((r): r is ShmRequest => r !== undefined);
  if (!first) return {};
  for (const other of others) {
    ctx.report(codeFor(other), other.pointer, `/dev/shm is already sized ${first.size} by ${ctx.ledger.toRaw(first.pointer)}; ${other.size} is not used`);
  }
  if ((ctx.app.container?.volumes ?? []).some((v) => v.containerPath?.replace(/\/+$/, '') === SHM_PATH)) {
    ctx.report(codeFor(first), first.pointer, `a volume of the app is mounted at ${SHM_PATH}; its size (${first.size}) is not set`);
    return {};
  }
  return {
    volumes: [{ name: SHM_VOLUME, emptyDir: { medium: 'Memory', ...shmSizeLimit(ctx, first) } }],
    volumeMounts: [{ name: SHM_VOLUME, mountPath: SHM_PATH }],
  };
}

function codeFor(request: ShmRequest): FindingCode {
  return request.pointer.startsWith('/container/docker/') ? 'docker-parameter-approximated' : 'linux-info-approximated';
}

/**
 * The size of a memory-backed /dev/shm; targets before 1.10 refuse emptyDir sizeLimit (their
 * LocalStorageCapacityIsolation gate is off), so there the tmpfs is bounded only by the pod's
 * memory limit, which its pages count against.
 */
export function shmSizeLimit(ctx: AppContext, request: ShmRequest): { sizeLimit?: string } {
  if (supports('emptyDirSizeLimit', ctx.options.kubeVersion)) return { sizeLimit: request.size };
  ctx.report(codeFor(request), request.pointer,
    `/dev/shm is not limited to ${request.size}: Kubernetes ${ctx.options.kubeVersion} has no emptyDir sizeLimit (from 1.10); the memory limit bounds it`);
  lacks(ctx, 'emptyDirSizeLimit', '/dev/shm size not set');
  return {};
}
