/**
 * Pod volumes and each container's volume mounts.
 *
 * A pod declares its volumes once (`volumes`, by name) and each container mounts them by name
 * (`volumeMounts`), as in Kubernetes, so every pod volume is one volume of the pod template:
 *
 * | Marathon pod volume      | Kubernetes                                                        |
 * |--------------------------|-------------------------------------------------------------------|
 * | `{name}` (ephemeral)     | emptyDir: a directory of the executor sandbox, shared, gone with the pod |
 * | `{name, host}` absolute  | hostPath (warning `hostpath-volume`)                              |
 * | `{name, host}` relative  | emptyDir (`sandbox-volume`)                                       |
 * | `{name, persistent}`     | a claim template of a StatefulSet (the app storage mappers plan it) |
 * | `{name, secret}`         | not here: secrets.ts mounts it as a file                          |
 *
 * A relative mountPath is relative to the container's sandbox: it is mounted under
 * /mnt/mesos/sandbox, which becomes the working directory (with $MESOS_SANDBOX), as for apps.
 */
import type { MarathonPod } from '../../marathon/pod-model.js';
import type { AppContext } from '../context.js';
import type { PodParts, VolumeMount } from '../parts.js';
import type { ResolvedPort } from '../ports.js';
import { isAbsolute, mountPathFor, type VolumeNames } from '../storage/paths.js';
import { headlessService, headlessServiceName, planPersistentClaims } from '../storage/persistent.js';

export interface PodStorage {
  /** Pod-level parts: volumes, the StatefulSet's claim templates, the headless Service. */
  parts: PodParts;
  /** Container index → its mounts of pod volumes (secret volumes excepted). */
  mounts: Map<number, VolumeMount[]>;
  /** Containers that mount something in their sandbox (relative mountPath). */
  sandboxed: Set<number>;
}

export function mapPodVolumes(ctx: AppContext, pod: MarathonPod, ports: readonly ResolvedPort[], names: VolumeNames): PodStorage {
  // Persistent volumes are projected onto the pod app (named by containerPath = volume name).
  const claims = planPersistentClaims(ctx, ctx.app.container?.volumes ?? [], names);
  const k8sName = new Map<string, string>(claims.map((c) => [c.volume.containerPath, c.name]));
  const parts: PodParts = { volumes: [] };
  for (const v of pod.volumes) {
    const at = `/volumes/${v.index}`;
    if (v.kind === 'ephemeral') {
      ctx.use(`${at}/name`);
      const name = names.take('', v.name);
      k8sName.set(v.name, name);
      parts.volumes!.push({ name, emptyDir: {} });
    } else if (v.kind === 'host') {
      ctx.use(`${at}/name`, `${at}/host`);
      const name = names.take(isAbsolute(v.host) ? '' : 'sandbox', v.name);
      k8sName.set(v.name, name);
      parts.volumes!.push(isAbsolute(v.host) ? hostPathVolume(ctx, name, v.host, at) : sandboxVolume(ctx, name, v.host, at));
    }
  }
  const mounts = new Map<number, VolumeMount[]>();
  const sandboxed = new Set<number>();
  for (const c of pod.containers) {
    const own: VolumeMount[] = [];
    for (const m of c.volumeMounts) {
      const pointer = `/containers/${c.index}/volumeMounts/${m.index}`;
      const volume = pod.volumes.find((v) => v.name === m.name);
      // Secret files are the secrets module's. A mount of an undeclared or unusable volume is not
      // migrated: left to the ledger, which reports it.
      if (volume?.kind === 'secret') continue;
      const name = k8sName.get(m.name);
      if (name === undefined) continue;
      ctx.use(pointer);
      if (!isAbsolute(m.mountPath)) sandboxed.add(c.index);
      own.push({ name, mountPath: mountPathFor(m.mountPath), ...(m.readOnly ? { readOnly: true } : {}) });
    }
    mounts.set(c.index, own);
  }
  if (claims.length > 0) {
    parts.statefulSet = { serviceName: headlessServiceName(ctx), volumeClaimTemplates: claims.map((c) => c.template) };
    parts.objects = [headlessService(ctx, [...ports])];
  }
  return { parts, mounts, sandboxed };
}

function hostPathVolume(ctx: AppContext, name: string, path: string, at: string): { name: string } & Record<string, unknown> {
  ctx.need('host-path', path);
  ctx.report('hostpath-volume', at,
    `host path ${path} is mounted with hostPath: its content is local to each node, and pods may move between nodes`,
    { hint: 'use a PersistentVolumeClaim, ConfigMap or Secret for data the pod owns; keep hostPath only for node agents, which belong in a DaemonSet' });
  return { name, hostPath: { path } };
}

function sandboxVolume(ctx: AppContext, name: string, path: string, at: string): { name: string } & Record<string, unknown> {
  ctx.report('sandbox-volume', at,
    `host "${path}" is a directory of the Mesos sandbox; it becomes an emptyDir shared by the containers that mount it, empty when the pod starts`);
  return { name, emptyDir: {} };
}
