/**
 * A volume with only a `containerPath` (and perhaps a `mode`): Docker made it an anonymous
 * volume, the Mesos containerizer a sandbox directory. Either way it lived as long as the task
 * and started empty: an emptyDir. Other shapes nobody maps stay for the ledger to report.
 */
import type { AppVolume } from '../../marathon/model.js';
import type { AppContext } from '../context.js';
import type { PodParts } from '../parts.js';
import { mountPathFor, rawVolume, type VolumeNames } from './paths.js';

export type UnknownVolume = Extract<AppVolume, { kind: 'unknown' }>;

const EPHEMERAL_KEYS = new Set(['containerPath', 'mode']);

export function mapEphemeralVolume(ctx: AppContext, v: UnknownVolume, names: VolumeNames): PodParts {
  const at = `/container/volumes/${v.index}`;
  if (v.containerPath === undefined || v.containerPath === '' || !isBareVolume(ctx, v.index)) return {};
  ctx.use(`${at}/containerPath`, `${at}/mode`);
  const name = names.take('scratch', v.containerPath);
  return {
    volumes: [{ name, emptyDir: {} }],
    volumeMounts: [{ name, mountPath: mountPathFor(v.containerPath), ...(v.mode === 'RO' ? { readOnly: true } : {}) }],
  };
}

/**
 * Whether the volume as the user wrote it has nothing but containerPath and mode (a malformed
 * host, persistent or external volume must not pass for an ephemeral one).
 */
function isBareVolume(ctx: AppContext, index: number): boolean {
  const raw = rawVolume(ctx, index);
  return raw !== undefined && Object.entries(raw).every(([k, val]) => EPHEMERAL_KEYS.has(k) || val === null);
}
