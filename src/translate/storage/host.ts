/**
 * Host (bind) volumes.
 *
 * An absolute `hostPath` is a directory of the agent: it becomes a hostPath volume, with a
 * warning, since a pod may run on any node and finds only what that node has.
 *
 * A relative `hostPath` is a directory of the task sandbox (both containerizers resolve it
 * there). Its usual purpose, the one Marathon's docs show, is to mount a persistent volume at an
 * absolute path: persistent `data` + host `{containerPath: "/var/lib/data", hostPath: "data"}`.
 * That becomes the claim mounted at `/var/lib/data`. Any other sandbox directory lived and died
 * with the task: an emptyDir.
 */
import type { AppVolume } from '../../marathon/model.js';
import type { AppContext } from '../context.js';
import type { PodParts, VolumeMount } from '../parts.js';
import type { PersistentClaim } from './persistent.js';
import { cleanRelative, isAbsolute, mountPathFor, type VolumeNames } from './paths.js';

export type HostVolume = Extract<AppVolume, { kind: 'host' }>;

/** The claim a relative hostPath points into (`data` or `data/sub`), with the rest as subPath. */
export function claimBehind(v: HostVolume, claims: readonly PersistentClaim[]): { claim: PersistentClaim; subPath?: string } | undefined {
  if (isAbsolute(v.hostPath)) return undefined;
  const rel = cleanRelative(v.hostPath);
  for (const claim of claims) {
    if (rel === claim.sandboxDir) return { claim };
    if (rel.startsWith(`${claim.sandboxDir}/`)) return { claim, subPath: rel.slice(claim.sandboxDir.length + 1) };
  }
  return undefined;
}

export function mapHostVolume(ctx: AppContext, v: HostVolume, names: VolumeNames, claims: readonly PersistentClaim[]): PodParts {
  const at = `/container/volumes/${v.index}`;
  ctx.use(`${at}/containerPath`, `${at}/hostPath`, `${at}/mode`);
  const readOnly = v.mode === 'RO' ? { readOnly: true } : {};
  const mountPath = mountPathFor(v.containerPath);

  const behind = claimBehind(v, claims);
  if (behind) {
    // No finding of its own: the claim's persistent-volume-data finding covers the data.
    const mount: VolumeMount = { name: behind.claim.name, mountPath, ...readOnly, ...(behind.subPath ? { subPath: behind.subPath } : {}) };
    return { volumeMounts: [mount] };
  }

  if (!isAbsolute(v.hostPath)) {
    const name = names.take('sandbox', v.hostPath);
    const fetched = (ctx.app.fetch?.length ?? 0) > 0;
    ctx.report('sandbox-volume', at,
      `hostPath "${v.hostPath}" is a directory of the Mesos task sandbox; it becomes an emptyDir mounted at ${mountPath}, empty when the pod starts`,
      fetched
        ? { severity: 'warning', hint: 'files that fetch downloaded into that sandbox directory are not in it: mount the fetch volume there instead, with a subPath' }
        : {});
    return { volumes: [{ name, emptyDir: {} }], volumeMounts: [{ name, mountPath, ...readOnly }] };
  }

  const name = names.take('host', v.hostPath);
  ctx.need('host-path', v.hostPath);
  ctx.report('hostpath-volume', at,
    `host path ${v.hostPath} is mounted with hostPath${v.mode === 'RO' ? ' (read-only)' : ''}: its content is local to each node, and pods may move between nodes`,
    { hint: 'use a PersistentVolumeClaim, ConfigMap or Secret for data the app owns; keep hostPath only for node agents, which belong in a DaemonSet' });
  return { volumes: [{ name, hostPath: { path: v.hostPath } }], volumeMounts: [{ name, mountPath, ...readOnly }] };
}
