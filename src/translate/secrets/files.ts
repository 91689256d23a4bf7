/**
 * Secret volumes (`{containerPath, secret}`): DC/OS writes the secret's value as one file at
 * containerPath when the task starts. Each becomes a subPath mount of one key of the app
 * Secret at exactly that path:
 * - a subPath mount places one file without hiding the rest of its directory (mounting the
 *   whole secret volume on the parent directory would shadow e.g. all of /etc/ssl);
 * - subPath mounts are not refreshed when the Secret changes, which is what DC/OS did too:
 *   a task saw a new secret value only when restarted.
 * A relative containerPath is relative to the Mesos sandbox; it is mounted under
 * /mnt/mesos/sandbox (where the Mesos containerizers put the sandbox, and where the fetch
 * mapper puts downloads) and MESOS_SANDBOX is set, so `$MESOS_SANDBOX/<path>` keeps working;
 * an app without an image (its command ran in the sandbox on the agent) also gets the sandbox
 * as working directory, so the relative path itself keeps working.
 */
import { posix } from 'node:path';
import type { AppContext } from '../context.js';
import type { EnvVar, PodParts, VolumeMount } from '../parts.js';
import type { SecretRefs } from './refs.js';

export const MESOS_SANDBOX = '/mnt/mesos/sandbox';
/** The pod volume carrying every secret file of the app. */
export const SECRET_FILES_VOLUME = 'secret-files';

export function secretFiles(ctx: AppContext, refs: SecretRefs, secretName: string): PodParts {
  const mounts: VolumeMount[] = [];
  const items = new Map<string, { key: string; path: string }>();
  let inSandbox = false;
  // Without an image the command ran in the sandbox on the agent: its relative paths start there.
  const hasImage = ctx.app.container?.docker?.image !== undefined;
  for (const volume of ctx.app.container?.volumes ?? []) {
    if (volume.kind !== 'secret') continue;
    const pointer = `/container/volumes/${volume.index}`;
    ctx.use(`${pointer}/containerPath`, `${pointer}/secret`);
    const placed = placeSecretFile(ctx, refs, secretName, mounts, items, {
      secret: volume.secret, path: volume.containerPath, secretPointer: `${pointer}/secret`, pathPointer: `${pointer}/containerPath`,
      pathField: 'containerPath', occupant: 'the file of an earlier secret volume', hint: 'give each secret volume its own containerPath',
    });
    if (!placed) continue;
    const mountPath = placed.mountPath;
    if (!volume.containerPath.trim().startsWith('/')) {
      inSandbox = true;
      ctx.report('secret-file-in-sandbox', `${pointer}/containerPath`,
        `secret file "${volume.containerPath}" was relative to the Mesos sandbox; it is mounted at ${mountPath}` +
          (hasImage ? '' : ', and the sandbox is the working directory as on Mesos'),
        hasImage ? { hint: 'a command that reads the relative path needs workingDir /mnt/mesos/sandbox; $MESOS_SANDBOX is set' } : {});
    }
  }
  if (mounts.length === 0) return {};
  const env: EnvVar[] = inSandbox ? [{ name: 'MESOS_SANDBOX', value: MESOS_SANDBOX }] : [];
  return {
    env,
    ...(inSandbox && !hasImage ? { containerFields: { workingDir: MESOS_SANDBOX } } : {}),
    volumeMounts: mounts,
    volumes: [{ name: SECRET_FILES_VOLUME, secret: { secretName, items: [...items.values()] } }],
  };
}

/** The absolute mount path of a secret file, or undefined when there is no usable path. */
export function mountPathFor(containerPath: string): string | undefined {
  const trimmed = containerPath.trim();
  if (trimmed === '') return undefined;
  const absolute = posix.normalize(trimmed.startsWith('/') ? trimmed : posix.join(MESOS_SANDBOX, trimmed)).replace(/\/+$/, '');
  return absolute === '' || absolute === MESOS_SANDBOX ? undefined : absolute;
}

/** Where one secret file goes, and how its place was written in the input (for findings). */
export interface SecretFileSpec {
  secret: string;
  /** The path as written (containerPath of an app volume, mountPath of a pod mount). */
  path: string;
  secretPointer: string;
  pathPointer: string;
  pathField: 'containerPath' | 'mountPath';
  /** What already holds a clashing path, for the finding. */
  occupant: string;
  hint: string;
}

/**
 * Mounts one secret file of the shared secret-files volume at its path (subPath of its key):
 * or, when the path is unusable or already taken among `mounts`, reports it and mounts nothing.
 * Shared by apps (secret volumes) and pods (secret volume mounts).
 */
export function placeSecretFile(
  ctx: AppContext, refs: SecretRefs, secretName: string, mounts: VolumeMount[], items: Map<string, { key: string; path: string }>, spec: SecretFileSpec,
): { mountPath: string; key: string } | undefined {
  const mountPath = mountPathFor(spec.path);
  if (mountPath === undefined || mounts.some((m) => m.mountPath === mountPath)) {
    refs.wholeRef(spec.secret, spec.secretPointer, 'a file that is not mounted');
    ctx.report('secret-file-not-mounted', spec.pathPointer,
      mountPath === undefined
        ? `the file of secret "${spec.secret}" has no usable ${spec.pathField}; it is not mounted`
        : `${mountPath} already holds ${spec.occupant}; secret "${spec.secret}" is not mounted there again`,
      { hint: spec.hint });
    return undefined;
  }
  const key = refs.valueRef(spec.secret, spec.secretPointer, secretName);
  mounts.push({ name: SECRET_FILES_VOLUME, mountPath, subPath: key, readOnly: true });
  items.set(key, { key, path: key });
  return { mountPath, key };
}
