/**
 * What a data runbook must move: for one converted Marathon app or pod with persistent (local)
 * or external volumes, which claims the data goes into, where it sits in the Marathon tasks,
 * and how it can be read there. Pure: planned from the app's canonical model and the objects it
 * became, so the report can list it and src/runbook/script.ts can write the script.
 *
 * Where the data is in a Marathon task:
 * - a local persistent volume lives in the task's sandbox, at its `containerPath` (a relative
 *   path, e.g. `data`); a host volume may mount it elsewhere as well, but the sandbox path always
 *   holds it. A pod's persistent volume is mounted into each container that names it, at its
 *   `mountPath` (relative paths are in that container's sandbox);
 * - an external volume is mounted at its `containerPath` (relative: in the sandbox).
 *
 * How it can be read: `dcos task exec` works only for tasks of the Mesos containerizer (UCR),
 * and needs `sh` and `tar` in the image; `dcos task download` reads the sandbox through the
 * agent's files API, so it works for Docker-containerizer tasks too, but only for paths in the
 * sandbox, and it does not keep owners or permission bits.
 */
import type { KubeObject } from '../kube/types.js';
import type { AppVolume, MarathonApp } from '../marathon/model.js';
import { EXTERNAL_VOLUME_ANNOTATION } from '../translate/storage/external.js';
import { cleanRelative, isAbsolute, SANDBOX_PATH } from '../translate/storage/paths.js';

export type CopyMethod = 'exec' | 'download';

export interface RunbookVolume {
  kind: 'persistent' | 'external';
  /** The claim template (persistent) or the claim (external). */
  name: string;
  /** The Marathon volume as written: containerPath, pod volume name, or external volume name. */
  marathon: string;
  /** JSON pointer of the volume in the Marathon definition. */
  pointer: string;
  /** What the claim requests, e.g. `2048Mi`. */
  size: string;
  /** Where the data is in a task: relative paths are relative to the task's sandbox. */
  taskPath: string;
  /** Pods: the container whose task has the volume mounted at taskPath. */
  container?: string;
  /** Where the converted workload mounts it (the first mount), for people reading the report. */
  mountPath?: string;
  /** The claims, in ordinal order: `<template>-<statefulset>-<i>` per instance, or the one external claim. */
  claims: string[];
  /** The claim spec (from the template, or the external claim), for claims to create when missing. */
  spec: Record<string, unknown>;
  /** Labels a created claim gets (what the StatefulSet controller would give it). */
  labels: Record<string, string>;
}

/** A volume whose data the runbook cannot copy, and why. */
export interface SkippedVolume {
  name: string;
  marathon: string;
  reason: string;
}

export interface RunbookPlan {
  kind: 'app' | 'pod';
  marathonId: string;
  file: string;
  /** Pointer of the app in its file. */
  pointer: string;
  namespace: string;
  workload: { kind: 'StatefulSet' | 'Deployment'; name: string; replicas: number; selector: Record<string, string> };
  /** The Marathon app's containerizer: DOCKER, MESOS (apps without container run on it too). */
  containerizer: 'DOCKER' | 'MESOS';
  /** `dcos task exec` where Mesos allows it (UCR), else `dcos task download`. */
  method: CopyMethod;
  /** The Marathon app had `args` (its sleeping version must clear them to set `cmd`). */
  hasArgs: boolean;
  volumes: RunbookVolume[];
  skipped: SkippedVolume[];
  /** Relative to an output directory: `runbooks/<namespace>/<workload>.sh`. */
  path: string;
}

export interface RunbookSource {
  kind: string;
  id?: string;
  file: string;
  pointer: string;
  app: MarathonApp;
  objects: readonly KubeObject[];
}

type Obj = Record<string, unknown>;

/** The runbook plan of a converted app or pod, or undefined when it has no data to copy. */
export function planRunbook(src: RunbookSource): RunbookPlan | undefined {
  if (src.kind !== 'app' && src.kind !== 'pod') return undefined;
  const workload = src.objects.find((o) => o.kind === 'StatefulSet' || o.kind === 'Deployment');
  if (workload === undefined) return undefined;
  const spec = (workload.spec ?? {}) as Obj;
  const podSpec = ((spec.template as Obj | undefined)?.spec ?? {}) as Obj;
  const containers = (podSpec.containers ?? []) as Obj[];
  const replicas = typeof spec.replicas === 'number' ? spec.replicas : 1;
  const name = workload.metadata.name;
  const namespace = workload.metadata.namespace ?? 'default';
  const volumes: RunbookVolume[] = [];
  const skipped: SkippedVolume[] = [];
  const marathonVolumes = src.app.container?.volumes ?? [];
  const containerizer = src.kind === 'pod' || src.app.container?.type !== 'DOCKER' ? 'MESOS' : 'DOCKER';
  const method: CopyMethod = containerizer === 'DOCKER' ? 'download' : 'exec';

  // Claim templates follow the persistent volumes in order (translate/storage/persistent.ts).
  const persistent = marathonVolumes.filter((v): v is Extract<AppVolume, { kind: 'persistent' }> => v.kind === 'persistent');
  const templates = workload.kind === 'StatefulSet' ? ((spec.volumeClaimTemplates ?? []) as Obj[]) : [];
  templates.forEach((template, i) => {
    const v = persistent[i];
    const meta = (template.metadata ?? {}) as { name: string; labels?: Record<string, string> };
    if (v === undefined) return;
    const mount = firstMount(containers, meta.name);
    const source = src.kind === 'pod' ? podSource(mount, v.containerPath) : { taskPath: cleanRelative(v.containerPath) };
    volumes.push({
      kind: 'persistent',
      name: meta.name,
      marathon: v.containerPath,
      pointer: src.kind === 'pod' ? `${src.pointer}/volumes` : `${src.pointer}/container/volumes/${v.index}`,
      size: storageOf(template.spec),
      ...source,
      ...(mount !== undefined ? { mountPath: mount.mountPath } : {}),
      claims: Array.from({ length: replicas }, (_, k) => `${meta.name}-${name}-${k}`),
      spec: (template.spec ?? {}) as Obj,
      labels: { ...meta.labels, ...selectorOf(spec) },
    });
  });

  // External volumes: the claim this app emits (an app that only mounts another app's claim leaves the copy to that app).
  for (const claim of src.objects.filter((o) => o.kind === 'PersistentVolumeClaim')) {
    const raw = claim.metadata.annotations?.[EXTERNAL_VOLUME_ANNOTATION];
    const v = marathonVolumes.find((x): x is Extract<AppVolume, { kind: 'external' }> => x.kind === 'external' && (x.external.name ?? '') === raw);
    if (raw === undefined || v === undefined) continue;
    const claimSpec = (claim.spec ?? {}) as Obj;
    if (claimSpec.volumeMode === 'Block') {
      skipped.push({ name: claim.metadata.name, marathon: raw, reason: 'a raw block volume has no files to tar: copy the device with dd, or move the disk in the storage system' });
      continue;
    }
    if (method === 'download' && isAbsolute(v.containerPath)) {
      skipped.push({ name: claim.metadata.name, marathon: raw,
        reason: `mounted at ${v.containerPath}, outside the sandbox, in a Docker-containerizer task: neither dcos task exec (UCR only) nor dcos task download (sandbox only) reaches it; copy it with the storage system's tools, or attach the disk to a PersistentVolume` });
      continue;
    }
    const podVolume = ((podSpec.volumes ?? []) as Obj[]).find((pv) => ((pv.persistentVolumeClaim as Obj | undefined)?.claimName) === claim.metadata.name);
    const mount = podVolume !== undefined ? firstMount(containers, podVolume.name as string) : undefined;
    volumes.push({
      kind: 'external',
      name: claim.metadata.name,
      marathon: raw,
      pointer: `${src.pointer}/container/volumes/${v.index}`,
      size: storageOf(claimSpec),
      taskPath: isAbsolute(v.containerPath) ? v.containerPath : cleanRelative(v.containerPath),
      ...(mount !== undefined ? { mountPath: mount.mountPath } : {}),
      claims: [claim.metadata.name],
      spec: claimSpec,
      labels: { ...claim.metadata.labels },
    });
  }
  if (volumes.length === 0 && skipped.length === 0) return undefined;
  return {
    kind: src.kind,
    marathonId: src.id ?? src.app.id,
    file: src.file,
    pointer: src.pointer,
    namespace,
    workload: { kind: workload.kind as 'StatefulSet' | 'Deployment', name, replicas, selector: selectorOf(spec) },
    containerizer,
    method,
    hasArgs: src.app.args !== undefined && src.app.args.length > 0,
    volumes,
    skipped,
    path: runbookPath(namespace, name),
  };
}

/** `runbooks/<namespace>/<name>.sh` (both are DNS labels, so the path is safe as it is). */
export function runbookPath(namespace: string, name: string): string {
  return `runbooks/${namespace}/${name}.sh`;
}

function firstMount(containers: readonly Obj[], volume: string): { container: string; mountPath: string } | undefined {
  for (const c of containers) {
    for (const m of (c.volumeMounts ?? []) as Obj[]) {
      if (m.name === volume && typeof m.mountPath === 'string') return { container: c.name as string, mountPath: m.mountPath };
    }
  }
  return undefined;
}

/** A pod container's mount, as the container saw it under Mesos (relative: in its sandbox). */
function podSource(mount: { container: string; mountPath: string } | undefined, volumeName: string): { taskPath: string; container?: string } {
  if (mount === undefined) return { taskPath: cleanRelative(volumeName) };
  const path = mount.mountPath.startsWith(`${SANDBOX_PATH}/`) ? mount.mountPath.slice(SANDBOX_PATH.length + 1) : mount.mountPath;
  return { taskPath: path, container: mount.container };
}

function storageOf(spec: unknown): string {
  const storage = ((((spec ?? {}) as Obj).resources as Obj | undefined)?.requests as Obj | undefined)?.storage;
  return typeof storage === 'string' ? storage : '?';
}

function selectorOf(spec: Obj): Record<string, string> {
  return { ...(((spec.selector as Obj | undefined)?.matchLabels ?? {}) as Record<string, string>) };
}
