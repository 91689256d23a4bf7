/**
 * How each pod container runs, beyond image, command and resources: its artifacts, TTY,
 * seccomp profile and IPC settings, its Mesos check, a non-Docker image.
 *
 * Artifacts are fetched by the app fetch mapper (runtime/fetch.ts) into the container's own
 * sandbox, as Mesos gave every task of a pod a sandbox of its own: each container that needs
 * one gets its own sandbox volume and its own init container.
 */
import type { PodContainer } from '../../marathon/pod-model.js';
import type { AppContext } from '../context.js';
import { mergeParts, type PodParts, type VolumeMount } from '../parts.js';
import { mapFetch, SANDBOX_VOLUME } from '../runtime/fetch.js';
import { mapLinuxInfo } from '../runtime/linux-info.js';
import { shmSizeLimit } from '../runtime/shm.js';
import { MAX_NAME } from '../names.js';
import type { VolumeNames } from '../storage/paths.js';
import type { ContainerScope } from './scopes.js';

const SHM_PATH = '/dev/shm';

/** The runtime parts of one container (pod-level ones: volumes, init containers, pod fields). */
export function containerRuntime(scope: ContainerScope, names: VolumeNames, initNames: Set<string>): PodParts {
  const { ctx, container } = scope;
  const parts: PodParts[] = [sandboxFetch(scope, names, initNames), tty(ctx), mapLinuxInfo(ctx, scope.name).parts, ipc(scope, names)];
  reportCheck(ctx, container);
  reportImageKind(ctx, container);
  return mergeParts(parts);
}

/** The fetch mapper's parts with the sandbox volume and init container named for this container. */
function sandboxFetch(scope: ContainerScope, names: VolumeNames, initNames: Set<string>): PodParts {
  const parts = mapFetch(scope.ctx);
  if (!parts.volumes?.some((v) => v.name === SANDBOX_VOLUME)) return parts;
  const volume = names.take('sandbox', scope.name);
  const rename = (m: VolumeMount) => (m.name === SANDBOX_VOLUME ? { ...m, name: volume } : m);
  return {
    ...parts,
    volumes: parts.volumes.map((v) => (v.name === SANDBOX_VOLUME ? { ...v, name: volume } : v)),
    ...(parts.volumeMounts ? { volumeMounts: parts.volumeMounts.map(rename) } : {}),
    ...(parts.initContainers ? {
      initContainers: parts.initContainers.map((init) => ({
        ...init,
        name: initName(`fetch-${scope.name}`, initNames),
        volumeMounts: (init.volumeMounts as VolumeMount[]).map(rename),
      })),
    } : {}),
  };
}

/** A name unique among the pod's containers and init containers. */
function initName(base: string, taken: Set<string>): string {
  let name = base.slice(0, MAX_NAME).replace(/-+$/, '');
  for (let i = 2; taken.has(name); i++) name = `${base.slice(0, MAX_NAME - String(i).length - 1).replace(/-+$/, '')}-${i}`;
  taken.add(name);
  return name;
}

function tty(ctx: AppContext): PodParts {
  ctx.use('/tty');
  return ctx.app.tty ? { containerFields: { tty: true, stdin: true } } : {};
}

/**
 * A container's `ipcInfo`. Its parent is the pod (the executor's container), not the agent:
 * SHARE_PARENT shares the pod's IPC namespace and /dev/shm, which all containers of a
 * Kubernetes pod do. PRIVATE gave the container its own, which Kubernetes cannot: reported, and
 * a shmSize becomes a /dev/shm of its own.
 */
function ipc(scope: ContainerScope, names: VolumeNames): PodParts {
  const info = scope.container.ipcInfo;
  if (!info) return {};
  const { ctx } = scope;
  const pointer = '/container/linuxInfo/ipcInfo';
  ctx.use(pointer);
  if (info.mode !== 'PRIVATE') return {};
  ctx.report('linux-info-approximated', `${pointer}/mode`,
    `container "${scope.container.name}" had an IPC namespace of its own; the containers of a Kubernetes pod share one`);
  if (info.shmSize === undefined || info.shmSize <= 0) return {};
  const name = names.take('shm', scope.name);
  return {
    volumes: [{ name, emptyDir: { medium: 'Memory', ...shmSizeLimit(ctx, { size: `${info.shmSize}Mi`, pointer: `${pointer}/shmSize` }) } }],
    volumeMounts: [{ name, mountPath: SHM_PATH }],
  };
}

/** Whether the container shares the pod's /dev/shm (everything but a PRIVATE IPC namespace). */
export function sharesPodShm(container: PodContainer): boolean {
  return container.ipcInfo?.mode !== 'PRIVATE';
}

/** A Mesos `check` only reported a status: no probe is made from it (as for apps). */
function reportCheck(ctx: AppContext, container: PodContainer): void {
  const check = container.check;
  if (!check) return;
  const pointer = `/containers/${container.index}/check`;
  ctx.use(pointer);
  const what = check.kind === 'http'
    ? `${check.scheme ?? 'HTTP'} ${check.path ?? '/'} on endpoint ${check.endpoint ?? '?'}`
    : check.kind === 'tcp' ? `TCP on endpoint ${check.endpoint ?? '?'}` : check.kind === 'exec' ? 'command' : 'empty';
  ctx.report('check-not-mapped', pointer, `the Mesos check (${what}) only reported a status; no probe is made from it`,
    { hint: 'add a readinessProbe or livenessProbe if something relied on the check result' });
}

/** APPC images (Marathon ≤ 1.4 docs) are not OCI images: the default image is used. */
function reportImageKind(ctx: AppContext, container: PodContainer): void {
  if (container.otherImageKind === undefined) return;
  const pointer = `/containers/${container.index}/image`;
  ctx.use(pointer);
  ctx.report('appc-image-not-mapped', pointer, `the ${container.otherImageKind} image cannot run on Kubernetes`,
    { hint: 'build an OCI (Docker) image with the same content and set it as the image' });
}
