/**
 * The DC/OS secrets a pod reads, with the app secrets mappers' rules (translate/secrets): one
 * Secret per pod (`<pod>-secrets`, a key per Marathon secret name) for environment variables
 * and files, a docker config Secret for image pull configs, stubs or cluster needs for them.
 *
 * - `{secret}` values of the pod's or a container's environment → secretKeyRef in that
 *   container (a pod-level one in every container that does not set the name itself);
 * - a secret volume `{name, secret}` mounted by a container → that key as one file at the
 *   mountPath (a subPath mount, as DC/OS wrote one file there);
 * - `image.pullConfig.secret` → imagePullSecrets; containers naming different secrets get one
 *   Secret each (`<pod>-pull-secret`, `-2`…), since a docker config Secret is one file.
 */
import type { MarathonPod } from '../../marathon/pod-model.js';
import type { AppContext } from '../context.js';
import type { EnvVar, PodParts, VolumeMount } from '../parts.js';
import { placeSecretFile, SECRET_FILES_VOLUME } from '../secrets/files.js';
import { appSecretName, pullSecretName } from '../secrets/keys.js';
import { provideSecrets } from '../secrets/provide.js';
import { DOCKER_CONFIG_KEY, type PlannedSecret } from '../secrets/pull.js';
import { SecretRefs } from '../secrets/refs.js';

export interface PodSecrets {
  /** Pod-level parts: the secret files volume, imagePullSecrets, stub Secrets. */
  parts: PodParts;
  /** Container index → its secretKeyRef env entries. */
  env: Map<number, EnvVar[]>;
  /** Container index → its secret file mounts. */
  mounts: Map<number, VolumeMount[]>;
  /** Containers with a secret file in their sandbox (relative mountPath). */
  sandboxed: Set<number>;
}

export function mapPodSecrets(ctx: AppContext, pod: MarathonPod): PodSecrets {
  const refs = new SecretRefs(ctx);
  const secretName = appSecretName(ctx.name.name);
  const env = new Map<number, EnvVar[]>();
  const mounts = new Map<number, VolumeMount[]>();
  const sandboxed = new Set<number>();
  const items = new Map<string, { key: string; path: string }>();

  for (const c of pod.containers) {
    env.set(c.index, c.envSecrets.map((e) => {
      ctx.use(e.pointer);
      const key = refs.valueRef(e.secret, `${e.pointer}/secret`, secretName);
      // Not optional: DC/OS does not start a task whose secret is missing, and neither should Kubernetes.
      return { name: e.name, valueFrom: { secretKeyRef: { name: secretName, key } } };
    }));
    const own: VolumeMount[] = [];
    for (const m of c.volumeMounts) {
      const volume = pod.volumes.find((v) => v.name === m.name);
      if (volume?.kind !== 'secret') continue;
      const at = `/volumes/${volume.index}`;
      const pointer = `/containers/${c.index}/volumeMounts/${m.index}`;
      // The fields, not the objects: an unknown key inside must still be reported.
      ctx.use(`${at}/name`, `${at}/secret`, `${pointer}/name`, `${pointer}/mountPath`, `${pointer}/readOnly`);
      const placed = placeSecretFile(ctx, refs, secretName, own, items, {
        secret: volume.secret, path: m.mountPath, secretPointer: `${at}/secret`, pathPointer: `${pointer}/mountPath`,
        pathField: 'mountPath', occupant: 'another secret file of this container', hint: 'give each secret file its own mountPath',
      });
      if (!placed) continue;
      const mountPath = placed.mountPath;
      if (!m.mountPath.trim().startsWith('/')) {
        sandboxed.add(c.index);
        ctx.report('secret-file-in-sandbox', `${pointer}/mountPath`,
          `secret file "${m.mountPath}" was relative to the Mesos sandbox; it is mounted at ${mountPath}, the working directory, with $MESOS_SANDBOX set`);
      }
    }
    mounts.set(c.index, own);
  }
  // A secret volume no container mounts (Marathon rejects it) still marks its declaration read.
  for (const v of pod.volumes) {
    if (v.kind === 'secret' && !pod.containers.some((c) => c.volumeMounts.some((m) => m.name === v.name))) {
      ctx.use(`/volumes/${v.index}`);
      refs.wholeRef(v.secret, `/volumes/${v.index}/secret`, 'a file no container mounts');
    }
  }

  const pulls = pullSecrets(ctx, pod, refs);
  refs.reportUnused();
  const planned: PlannedSecret[] = [];
  const appKeys = refs.appSecretKeys();
  if (appKeys.length > 0) planned.push({ name: secretName, type: 'Opaque', keys: appKeys });
  planned.push(...pulls);
  const parts: PodParts = { objects: provideSecrets(ctx, planned, findingPointer(ctx, pod)) };
  if (items.size > 0) parts.volumes = [{ name: SECRET_FILES_VOLUME, secret: { secretName, items: [...items.values()] } }];
  if (pulls.length > 0) parts.podFields = { imagePullSecrets: pulls.map((p) => ({ name: p.name })) };
  return { parts, env, mounts, sandboxed };
}

/** One docker config Secret per distinct pullConfig secret, in container order. */
function pullSecrets(ctx: AppContext, pod: MarathonPod, refs: SecretRefs): PlannedSecret[] {
  const bySecret = new Map<string, PlannedSecret>();
  for (const c of pod.containers) {
    if (c.pullSecret === undefined) continue;
    const pointer = `/containers/${c.index}/image/pullConfig`;
    ctx.use(pointer);
    const known = bySecret.get(c.pullSecret);
    const name = known?.name ?? pullSecretName(ctx.name.name, bySecret.size + 1);
    const source = refs.wholeRef(c.pullSecret, `${pointer}/secret`, `the docker config of Secret ${name}`);
    if (known) continue;
    bySecret.set(c.pullSecret, {
      name,
      type: 'kubernetes.io/dockerconfigjson',
      keys: [source !== undefined
        ? { key: DOCKER_CONFIG_KEY, source }
        : { key: DOCKER_CONFIG_KEY, origin: `DC/OS path unknown: "${c.pullSecret}" is not declared in secrets` }],
    });
  }
  return [...bySecret.values()];
}

/** The per-pod finding points at `secrets`, or at the first reference when there is none. */
function findingPointer(ctx: AppContext, pod: MarathonPod): string {
  if (ctx.app.secrets && Object.keys(ctx.app.secrets).length > 0) return '/secrets';
  for (const c of pod.containers) {
    if (c.envSecrets[0]) return c.envSecrets[0].pointer;
    if (c.pullSecret !== undefined) return `/containers/${c.index}/image/pullConfig`;
  }
  const volume = pod.volumes.find((v) => v.kind === 'secret');
  return volume ? `/volumes/${volume.index}` : '';
}
