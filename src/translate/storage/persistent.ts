/**
 * Local persistent volumes → the claim templates of a StatefulSet, and the headless Service a
 * StatefulSet names.
 *
 * A Marathon app with persistent volumes is "resident": each task reserves disk on its agent
 * and is relaunched there with the same volume. A StatefulSet gives each pod its own claim that
 * survives restarts and rescheduling, which is that behaviour without pinning pods to nodes.
 * The data itself stays on the Mesos agents: the report says so for every volume.
 */
import type { KubeObject } from '../../kube/types.js';
import type { AppVolume } from '../../marathon/model.js';
import type { AppContext } from '../context.js';
import { objectMeta, selectorLabels, standardLabels } from '../metadata.js';
import { MAX_NAME, withHash } from '../names.js';
import { containerPorts, type ResolvedPort } from '../ports.js';
import { claimSpec, storageClassFor } from './claims.js';
import { cleanRelative, mountPathFor, rawVolume, type VolumeNames } from './paths.js';

export type PersistentVolume = Extract<AppVolume, { kind: 'persistent' }>;

export interface PersistentClaim {
  volume: PersistentVolume;
  /** The claim template's name, also the name the pod mounts it by. */
  name: string;
  /** The sandbox directory Mesos mounted it at (`containerPath`, e.g. `data`). */
  sandboxDir: string;
  template: Record<string, unknown>;
}

/** Marathon requires a size; an input without one (a schema violation) gets this. */
const FALLBACK_SIZE = '1Gi';

export function planPersistentClaims(ctx: AppContext, volumes: readonly AppVolume[], names: VolumeNames): PersistentClaim[] {
  return volumes
    .filter((v): v is PersistentVolume => v.kind === 'persistent')
    .map((v) => {
      const sandboxDir = cleanRelative(v.containerPath);
      const name = names.take('', sandboxDir);
      return { volume: v, name, sandboxDir, template: claimTemplate(ctx, v, name) };
    });
}

function claimTemplate(ctx: AppContext, v: PersistentVolume, name: string): Record<string, unknown> {
  const at = `/container/volumes/${v.index}`;
  const p = v.persistent;
  ctx.use(`${at}/containerPath`, `${at}/mode`, `${at}/persistent/size`);
  const storage = p.size !== undefined && p.size > 0 ? `${p.size}Mi` : FALLBACK_SIZE;
  const storageClass = storageClassFor(ctx, p.profileName, `${ctx.name.name}: claim template ${name} (${storage})`);
  ctx.report('persistent-volume-data', at,
    `local persistent volume "${v.containerPath}" becomes the claim template "${name}" (${storage}, ReadWriteOnce) of a StatefulSet: `
    + 'every pod gets a new, empty volume; the data on the Mesos agents is not migrated',
    { hint: 'before switching over, copy each task\'s volume from its agent, under the Mesos work directory, into the claim of the matching pod' });
  reportOptions(ctx, v, at, storageClass);
  return {
    metadata: { name, labels: standardLabels(ctx) },
    spec: claimSpec('ReadWriteOnce', storage, storageClass),
  };
}

/** type, maxSize, profileName and disk constraints: what a claim cannot say itself. */
function reportOptions(ctx: AppContext, v: PersistentVolume, at: string, storageClass: string | undefined): void {
  const p = v.persistent;
  ctx.use(`${at}/persistent/type`, `${at}/persistent/maxSize`, `${at}/persistent/profileName`, `${at}/persistent/constraints`);
  if (p.type === 'path' || p.type === 'mount') {
    ctx.report('persistent-volume-option', `${at}/persistent/type`,
      `type "${p.type}": Mesos gave the task a ${p.type === 'mount' ? 'whole dedicated disk' : 'directory on a dedicated disk'}; a claim gets what its storage class provisions`,
      { hint: 'if the app needs dedicated disks, choose a storage class that provides them, such as local persistent volumes' });
  }
  if (p.maxSize !== undefined) {
    ctx.report('persistent-volume-option', `${at}/persistent/maxSize`,
      `maxSize ${p.maxSize} MiB: Mesos accepted any disk between size and maxSize; the claim requests exactly ${p.size ?? '?'} MiB`);
  }
  if (p.profileName !== undefined) {
    const used = ctx.options.storageClass;
    ctx.report('persistent-volume-option', `${at}/persistent/profileName`,
      used !== undefined
        ? `DC/OS storage profile "${p.profileName}" replaced by the storage class "${used}" (--storage-class)`
        : storageClass !== undefined
          ? `DC/OS storage profile "${p.profileName}" is used as the claim's storageClassName "${storageClass}"`
          : `DC/OS storage profile "${p.profileName}" cannot be a storage class name; the cluster's default class is used`,
      { hint: used !== undefined ? 'check that the class offers what the profile did' : 'create a storage class of that name, or pass --storage-class' });
  }
  const stray = rawVolume(ctx, v.index)?.hostPath;
  if (typeof stray === 'string') {
    // Seen in DC/OS docs: a persistent volume with a hostPath, which Marathon's persistent volume has not.
    ctx.use(`${at}/hostPath`);
    ctx.report('persistent-volume-option', `${at}/hostPath`,
      `hostPath "${stray}" means nothing on a persistent volume (it lives in the task sandbox) and is ignored`,
      { severity: 'warning', hint: 'to mount the volume elsewhere, Marathon pairs it with a host volume whose relative hostPath names it' });
  }
  if (p.constraints !== undefined && p.constraints.length > 0) {
    const text = p.constraints.map((c) => c.join(' ')).join('; ');
    ctx.report('persistent-volume-option', `${at}/persistent/constraints`,
      `disk constraints (${text}) chose which disks of the agent may hold the volume; claims cannot constrain that`,
      { severity: 'warning', hint: 'express the choice of disks as a storage class and pass it with --storage-class' });
  }
}

/**
 * The headless Service a StatefulSet needs (`spec.serviceName`) for its pods' DNS names
 * (`<pod>.<service>`). Named `<app>-headless` next to the app's ordinary ClusterIP Service,
 * which keeps the app's stable virtual IP and ports. Its ports are the container ports, as
 * clients of a headless Service connect to the pods directly.
 */
export function headlessService(ctx: AppContext, ports: readonly ResolvedPort[]): KubeObject {
  const name = headlessServiceName(ctx);
  const seen = new Set<string>();
  const svcPorts = containerPorts([...ports])
    .filter((p) => {
      const key = `${p.containerPort}/${p.protocol}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .map((p) => ({ name: p.name, port: p.containerPort, targetPort: p.name, protocol: p.protocol }));
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { ...objectMeta(ctx), name },
    spec: {
      clusterIP: 'None',
      selector: selectorLabels(ctx),
      ...(svcPorts.length > 0 ? { ports: svcPorts } : {}),
    },
  };
}

/** `<app>-headless`, shortened with a hash when too long or taken by another app of the namespace. */
export function headlessServiceName(ctx: AppContext): string {
  const plain = `${ctx.name.name}-headless`;
  const owner = ctx.run.named(ctx.name.namespace, plain);
  const takenByApp = owner !== undefined && owner.app !== ctx.app;
  return plain.length <= MAX_NAME && !takenByApp ? plain : withHash(plain, `${ctx.app.id}#headless`);
}

/** The mount of a claim at its own sandbox directory (when no host volume places it elsewhere). */
export function sandboxMount(claim: PersistentClaim): { name: string; mountPath: string; readOnly?: boolean } {
  return { name: claim.name, mountPath: mountPathFor(claim.sandboxDir), ...(claim.volume.mode === 'RO' ? { readOnly: true } : {}) };
}
