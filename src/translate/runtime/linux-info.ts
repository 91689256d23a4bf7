/**
 * `container.linuxInfo` (Marathon 1.8+, Mesos containerizer):
 * - `seccomp.unconfined: true` → seccompProfile Unconfined; a `profileName` (a file in the
 *   agents' --seccomp_config_dir, in Docker's profile format) → a Localhost profile of the same
 *   name, which every node must carry under the kubelet's seccomp directory; neither → the
 *   agents' default profile, the nearest being RuntimeDefault;
 * - `ipcInfo.mode: SHARE_PARENT` → the agent's IPC namespace: hostIPC; `PRIVATE` is the
 *   default; `shmSize` (MiB) → a /dev/shm of that size.
 */
import { supports } from '../../kube/versions.js';
import type { AppContext } from '../context.js';
import type { PodParts } from '../parts.js';
import { lacks } from '../target.js';
import type { ShmRequest } from './shm.js';

/**
 * `forContainer`: the Kubernetes container the settings are for (the app's main container by
 * default), or 'pod' for a pod's own linuxInfo, which covers all its containers.
 */
export function mapLinuxInfo(ctx: AppContext, forContainer: string = ctx.name.name): { parts: PodParts; shm?: ShmRequest } {
  const info = ctx.app.container?.linuxInfo;
  if (!info) return { parts: {} };
  const parts: PodParts = {};
  const seccomp = info.seccomp;
  if (seccomp) {
    ctx.use('/container/linuxInfo/seccomp');
    const profile = seccompProfile(ctx, seccomp);
    if (supports('seccompProfile', ctx.options.kubeVersion)) parts.containerSecurityContext = { seccompProfile: profile };
    else parts.podAnnotations = seccompAnnotation(ctx, profile, forContainer, '/container/linuxInfo/seccomp');
  }
  let shm: ShmRequest | undefined;
  const ipc = info.ipcInfo;
  if (ipc) {
    ctx.use('/container/linuxInfo/ipcInfo');
    if (ipc.mode === 'SHARE_PARENT') parts.podFields = { hostIPC: true };
    if (ipc.shmSize !== undefined && ipc.shmSize > 0) shm = { size: `${ipc.shmSize}Mi`, pointer: '/container/linuxInfo/ipcInfo/shmSize' };
  }
  return { parts, ...(shm ? { shm } : {}) };
}

function seccompProfile(ctx: AppContext, seccomp: { profileName?: string; unconfined?: boolean }): SeccompProfile {
  const pointer = '/container/linuxInfo/seccomp';
  const profile: { type: string; localhostProfile?: string } = seccomp.unconfined
    ? { type: 'Unconfined' }
    : seccomp.profileName
      ? { type: 'Localhost', localhostProfile: seccomp.profileName }
      : { type: 'RuntimeDefault' };
  if (profile.type === 'Localhost') {
    ctx.report('linux-info-approximated', `${pointer}/profileName`,
      `seccomp profile "${seccomp.profileName}" became a Localhost profile: every node must have it in the kubelet's seccomp directory`,
      { hint: `copy the profile from the Mesos agents' --seccomp_config_dir to <kubelet root>/seccomp/${seccomp.profileName} on each node` });
  }
  return profile;
}

export interface SeccompProfile {
  type: string;
  localhostProfile?: string;
}

/**
 * Targets before 1.19 have no securityContext.seccompProfile: the alpha annotations, which their
 * kubelets honour, carry the same profile (`container.seccomp.security.alpha.kubernetes.io/<name>`,
 * or `seccomp.security.alpha.kubernetes.io/pod` for the whole pod). RuntimeDefault is
 * `runtime/default` from 1.11 and `docker/default` before.
 */
export function seccompAnnotation(ctx: AppContext, profile: SeccompProfile, forContainer: string, pointer: string): Record<string, string> {
  const value = profile.type === 'Unconfined'
    ? 'unconfined'
    : profile.type === 'Localhost'
      ? `localhost/${profile.localhostProfile ?? ''}`
      : supports('seccompRuntimeDefaultAnnotation', ctx.options.kubeVersion) ? 'runtime/default' : 'docker/default';
  const key = forContainer === 'pod' ? 'seccomp.security.alpha.kubernetes.io/pod' : `container.seccomp.security.alpha.kubernetes.io/${forContainer}`;
  ctx.report('linux-info-approximated', pointer,
    `seccomp profile ${value} set by the pod annotation ${key}: Kubernetes ${ctx.options.kubeVersion} has no securityContext.seccompProfile (from 1.19)`,
    { severity: 'info' });
  lacks(ctx, 'seccompProfile', 'seccomp profile set as a pod annotation');
  return { [key]: value };
}
