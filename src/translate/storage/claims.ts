/**
 * What persistent and external volumes have in common: both become claims on the cluster's
 * storage, and both need a storage class the cluster must have.
 */
import type { AppContext } from '../context.js';

/** Shown in the cluster needs when no --storage-class was given. */
export const DEFAULT_STORAGE_CLASS_NEED = '(cluster default)';

/** A storage class name is a DNS subdomain; a DC/OS profile name usually already is one. */
function toStorageClassName(profile: string): string | undefined {
  const name = profile.toLowerCase().replace(/[^a-z0-9.-]+/g, '-').replace(/^[-.]+|[-.]+$/g, '');
  return name === '' ? undefined : name.slice(0, 253);
}

/**
 * The storageClassName of a claim: --storage-class when given (the user knows what the cluster
 * offers), else the DC/OS storage profile the volume asked for, else none (the cluster's default
 * class). Records the class the cluster must have.
 */
export function storageClassFor(ctx: AppContext, profile: string | undefined, what: string): string | undefined {
  const fromProfile = profile !== undefined ? toStorageClassName(profile) : undefined;
  const storageClass = ctx.options.storageClass ?? fromProfile;
  ctx.need('storage-class', storageClass ?? DEFAULT_STORAGE_CLASS_NEED, [`${ctx.name.namespace}/${what}`]);
  return storageClass;
}

/** `{accessModes, storageClassName?, resources}`, the spec both kinds of claim share. */
export function claimSpec(accessMode: string, storage: string, storageClass: string | undefined): Record<string, unknown> {
  return {
    accessModes: [accessMode],
    ...(storageClass !== undefined ? { storageClassName: storageClass } : {}),
    resources: { requests: { storage } },
  };
}
