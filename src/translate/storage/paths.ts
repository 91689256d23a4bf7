/**
 * Where a Marathon volume lands in the container, and what its pod volume is called.
 *
 * Mesos resolves a relative path (a persistent volume's `containerPath`, a relative `hostPath`)
 * against the task sandbox, which containers see at /mnt/mesos/sandbox ($MESOS_SANDBOX).
 * The converted pod keeps that path, so an app that wrote to `$MESOS_SANDBOX/data` still does.
 */
import { parsePointer } from '../../findings.js';
import type { AppContext } from '../context.js';
import { MAX_NAME, sanitizeLabel, withHash } from '../names.js';

/** The sandbox as a container saw it under Mesos (the Docker and the Mesos containerizer alike). */
export const SANDBOX_PATH = '/mnt/mesos/sandbox';

export function isAbsolute(path: string): boolean {
  return path.startsWith('/');
}

/** `./data/` → `data`: a relative path without dot segments or trailing slashes. */
export function cleanRelative(path: string): string {
  return path.split('/').filter((s) => s !== '' && s !== '.').join('/');
}

/** The mount path of a container path: absolute paths as they are, relative ones in the sandbox. */
export function mountPathFor(containerPath: string): string {
  if (isAbsolute(containerPath)) return containerPath;
  const rel = cleanRelative(containerPath);
  return rel === '' ? SANDBOX_PATH : `${SANDBOX_PATH}/${rel}`;
}

/**
 * Pod volume names of one app: DNS-1123 labels, unique within the pod, derived from what the
 * volume is (so they read well and stay the same from run to run); a clash gets `-2`, `-3`…
 * in volume order.
 */
export class VolumeNames {
  private readonly taken: Set<string>;

  /** `reserved`: names other concerns give their pod volumes. */
  constructor(reserved: readonly string[] = []) {
    this.taken = new Set(reserved);
  }

  take(prefix: string, text: string): string {
    const slug = sanitizeLabel(text);
    const base = [prefix, slug].filter((s) => s !== '').join('-') || 'volume';
    let name = base.length <= MAX_NAME ? base : withHash(base, text);
    for (let i = 2; this.taken.has(name); i++) {
      const candidate = `${base}-${i}`;
      name = candidate.length <= MAX_NAME ? candidate : withHash(candidate, `${text}#${i}`);
    }
    this.taken.add(name);
    return name;
  }
}

/**
 * A volume as the user wrote it (`container.volumes[i]` or the legacy `container.docker.volumes[i]`),
 * for the few checks the canonical model cannot answer (a stray key, a bare shape).
 */
export function rawVolume(ctx: AppContext, index: number): Record<string, unknown> | undefined {
  let value: unknown = ctx.raw;
  for (const token of parsePointer(ctx.ledger.toRaw(`/container/volumes/${index}`))) {
    value = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[token] : undefined;
  }
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}
