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
import type { ShmRequest } from './shm.js';

export function mapLinuxInfo(ctx: AppContext): { parts: PodParts; shm?: ShmRequest } {
  const info = ctx.app.container?.linuxInfo;
  if (!info) return { parts: {} };
  const parts: PodParts = {};
  const seccomp = info.seccomp;
  if (seccomp) {
    ctx.use('/container/linuxInfo/seccomp');
    const profile = seccompProfile(ctx, seccomp);
    if (profile) parts.containerSecurityContext = { seccompProfile: profile };
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

function seccompProfile(ctx: AppContext, seccomp: { profileName?: string; unconfined?: boolean }): { type: string; localhostProfile?: string } | undefined {
  const pointer = '/container/linuxInfo/seccomp';
  const profile: { type: string; localhostProfile?: string } = seccomp.unconfined
    ? { type: 'Unconfined' }
    : seccomp.profileName
      ? { type: 'Localhost', localhostProfile: seccomp.profileName }
      : { type: 'RuntimeDefault' };
  if (!supports('seccompProfile', ctx.options.kubeVersion)) {
    ctx.report('linux-info-approximated', pointer,
      `the seccomp profile (${profile.localhostProfile ?? profile.type}) is not set: Kubernetes ${ctx.options.kubeVersion} has no securityContext.seccompProfile`,
      { hint: 'set the seccomp.security.alpha.kubernetes.io/pod annotation on the pod template' });
    return undefined;
  }
  if (profile.type === 'Localhost') {
    ctx.report('linux-info-approximated', `${pointer}/profileName`,
      `seccomp profile "${seccomp.profileName}" became a Localhost profile: every node must have it in the kubelet's seccomp directory`,
      { hint: `copy the profile from the Mesos agents' --seccomp_config_dir to <kubelet root>/seccomp/${seccomp.profileName} on each node` });
  }
  return profile;
}
