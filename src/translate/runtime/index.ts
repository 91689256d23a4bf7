/**
 * The runtime concern: how the app's process runs, beyond image and command: artifacts
 * fetched into the sandbox (fetch.ts), docker parameters (docker-parameters.ts), linuxInfo
 * (linux-info.ts), /dev/shm (shm.ts), and the remaining fields (misc.ts: tty, check, role,
 * executor, dependencies, storeUrls, appc), and the checks of what cannot run as-is
 * (framework.ts: Mesos frameworks).
 *
 * Only a command without image gets the sandbox as working directory (containerizer.ts); a
 * docker `workdir` parameter (an image's app only) sets the working directory as `-w` did.
 */
import type { AppContext } from '../context.js';
import { mergeParts, type PodParts } from '../parts.js';
import { mapDockerParameters } from './docker-parameters.js';
import { mapFetch } from './fetch.js';
import { reportMesosFramework } from './framework.js';
import { mapLinuxInfo } from './linux-info.js';
import { mapMisc } from './misc.js';
import { sharedMemory } from './shm.js';

export { providesSandbox, SANDBOX_VOLUME } from './fetch.js';
export { SHM_VOLUME } from './shm.js';

export function mapRuntime(ctx: AppContext): PodParts {
  const fetch = mapFetch(ctx);
  const misc = mapMisc(ctx);
  const linux = mapLinuxInfo(ctx);
  const docker = mapDockerParameters(ctx);
  const shm = sharedMemory(ctx, [docker.shm, linux.shm]);
  reportMesosFramework(ctx);
  return mergeParts([fetch, misc, linux.parts, docker.parts, shm]);
}
