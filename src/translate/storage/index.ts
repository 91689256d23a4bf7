/**
 * Storage: `container.volumes` (and the legacy `container.docker.volumes`) → pod volumes and
 * mounts, claims, and for apps with local persistent volumes a StatefulSet with claim
 * templates and its headless Service.
 *
 * | Marathon volume                          | Kubernetes                                          |
 * |------------------------------------------|-----------------------------------------------------|
 * | host, absolute hostPath                  | hostPath volume (warning `hostpath-volume`)         |
 * | host, relative hostPath = persistent dir | the claim, mounted at containerPath                 |
 * | host, other relative hostPath            | emptyDir (sandbox directory, `sandbox-volume`)      |
 * | persistent (local)                       | StatefulSet volumeClaimTemplate (`persistent-volume-data`) |
 * | external (dvdi, csi)                     | PersistentVolumeClaim per volume name (`external-volume`) |
 * | containerPath only                       | emptyDir                                            |
 * | secret                                   | not here: the secrets concern maps it               |
 *
 * Relative container paths are sandbox paths and are mounted under /mnt/mesos/sandbox.
 */
import type { MarathonApp } from '../../marathon/model.js';
import type { AppContext } from '../context.js';
import { mergeParts, type PodParts } from '../parts.js';
import type { ResolvedPort } from '../ports.js';
import { mapEphemeralVolume } from './ephemeral.js';
import { mapExternalVolume } from './external.js';
import { claimBehind, mapHostVolume } from './host.js';
import { sandboxIsWorkingDir } from '../runtime/containerizer.js';
import { FETCH_VOLUME } from '../runtime/fetch.js';
import { SECRET_FILES_VOLUME } from '../secrets/files.js';
import { SANDBOX_PATH, VolumeNames } from './paths.js';
import { headlessService, headlessServiceName, planPersistentClaims, sandboxMount } from './persistent.js';

export { SANDBOX_PATH };

export function mapStorage(ctx: AppContext, ports: readonly ResolvedPort[]): PodParts {
  consumeResidency(ctx);
  const volumes = ctx.app.container?.volumes ?? [];
  // Pod volume names other concerns use, so that a volume called e.g. "secret-files" cannot clash.
  const names = new VolumeNames([SECRET_FILES_VOLUME, FETCH_VOLUME]);
  const claims = planPersistentClaims(ctx, volumes, names);
  // A claim that a host volume mounts at an absolute path is mounted there only (the docs' pattern).
  const placedByHost = new Set(volumes.flatMap((v) => (v.kind === 'host' ? [claimBehind(v, claims)?.claim.name] : [])));

  const parts: PodParts[] = [];
  for (const v of volumes) {
    switch (v.kind) {
      case 'host':
        parts.push(mapHostVolume(ctx, v, names, claims));
        break;
      case 'persistent': {
        const claim = claims.find((c) => c.volume === v)!;
        if (!placedByHost.has(claim.name)) parts.push({ volumeMounts: [sandboxMount(claim)] });
        break;
      }
      case 'external':
        parts.push(mapExternalVolume(ctx, v, names));
        break;
      case 'unknown':
        parts.push(mapEphemeralVolume(ctx, v, names));
        break;
      case 'secret':
        break; // the secrets concern's
    }
  }
  if (claims.length > 0) {
    parts.push({
      statefulSet: { serviceName: headlessServiceName(ctx), volumeClaimTemplates: claims.map((c) => c.template) },
      objects: [headlessService(ctx, ports)],
    });
  }
  const merged = withVolumeDevices(mergeParts(parts), parts);
  return withSandboxEnv(merged, ctx.app);
}

/**
 * Something is mounted in the sandbox: the app finds it through $MESOS_SANDBOX or relative to
 * its working directory (the DC/OS docs' postgres sets `PGDATA=pgdata` for its persistent
 * volume `pgdata`). The working directory is the sandbox only where Mesos ran the task there
 * (a command without image, or a Mesos-containerizer image the app relied on for it, see
 * containerizer.ts); the Docker containerizer passed no `-w`, so an image keeps its WORKDIR.
 * The fetch concern does the same.
 */
function withSandboxEnv(parts: PodParts, app: MarathonApp): PodParts {
  const paths = [...(parts.volumeMounts ?? []), ...((parts.containerFields?.volumeDevices as { devicePath: string }[] | undefined) ?? [])]
    .map((m) => ('mountPath' in m ? m.mountPath : m.devicePath))
    .filter((p) => p.startsWith(`${SANDBOX_PATH}/`));
  if (paths.length === 0) return parts;
  parts.env = [...(parts.env ?? []), { name: 'MESOS_SANDBOX', value: SANDBOX_PATH }];
  if (sandboxIsWorkingDir(app, paths.map((p) => p.slice(SANDBOX_PATH.length + 1)))) {
    parts.containerFields = { ...parts.containerFields, workingDir: SANDBOX_PATH };
  }
  return parts;
}

/** Raw block devices (CSI `accessType: block`) of several volumes: one list, not the last one. */
function withVolumeDevices(merged: PodParts, parts: readonly PodParts[]): PodParts {
  const devices = parts.flatMap((p) => (p.containerFields?.volumeDevices as unknown[] | undefined) ?? []);
  if (devices.length > 0) merged.containerFields = { ...merged.containerFields, volumeDevices: devices };
  return merged;
}

/** `residency` (deprecated) has had no effect since Marathon 1.8, and nothing to map to. */
function consumeResidency(ctx: AppContext): void {
  const residency = ctx.raw.residency;
  if (typeof residency !== 'object' || residency === null || Object.keys(residency).length === 0) return;
  ctx.use('/residency');
  const resident = ctx.app.container?.volumes?.some((v) => v.kind === 'persistent') ?? false;
  ctx.report('residency-ignored', '/residency',
    resident
      ? 'residency has no effect (Marathon 1.8+ relaunches resident tasks in place anyway); the StatefulSet keeps each pod\'s claim across restarts'
      : 'residency has no effect: deprecated, and the app has no persistent volumes');
}
