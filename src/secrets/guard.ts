/**
 * An existing Secret meets one filled from the DC/OS secret store (apply and diff): left as it
 * is when its values differ, unless --overwrite-secrets; replaced when they are the same (only
 * metadata can change), or when it is an empty stub of an earlier --secret-stubs run (nothing to
 * lose). Compares values without showing them: the caller gets key names only. Pure.
 */
import { SECRET_STUB_ANNOTATION, type KubeObject } from '../kube/types.js';
import { STORE_ANNOTATION } from './fill.js';

/** Whether the object is a Secret made with values of the DC/OS secret store. */
export function isStoreSecret(obj: KubeObject): boolean {
  return obj.kind === 'Secret' && obj.metadata.annotations?.[STORE_ANNOTATION] !== undefined;
}

/** Which keys differ between the live Secret and the wanted one (names only, never values). */
export interface SecretKeyChanges {
  added: string[];
  changed: string[];
  /** Keys only the live Secret has (kept: apply removes only what marathon2k8s set before). */
  onlyLive: string[];
  /** The live type when it differs (a Secret's type cannot be changed in place). */
  typeChanged?: string;
}

export function secretKeyChanges(live: KubeObject, wanted: KubeObject): SecretKeyChanges {
  const liveData = decoded(live);
  const wantedData = decoded(wanted);
  const out: SecretKeyChanges = { added: [], changed: [], onlyLive: [] };
  for (const [key, value] of wantedData) {
    const before = liveData.get(key);
    if (before === undefined) out.added.push(key);
    else if (!before.equals(value)) out.changed.push(key);
  }
  for (const key of liveData.keys()) if (!wantedData.has(key)) out.onlyLive.push(key);
  const liveType = typeof live.type === 'string' ? live.type : 'Opaque';
  if (liveType !== (wanted.type ?? 'Opaque')) out.typeChanged = liveType;
  return out;
}

/** `data` (base64) and `stringData` (text) as bytes per key. */
function decoded(obj: KubeObject): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  for (const [k, v] of Object.entries((obj.data ?? {}) as Record<string, unknown>)) if (typeof v === 'string') out.set(k, Buffer.from(v, 'base64'));
  for (const [k, v] of Object.entries((obj.stringData ?? {}) as Record<string, unknown>)) if (typeof v === 'string') out.set(k, Buffer.from(v, 'utf8'));
  return out;
}

export type ExistingSecretDecision =
  /** Apply it; `force` takes the values over from the field manager that wrote them (kubectl create…). */
  | { action: 'apply'; force: boolean }
  /** Leave the live Secret as it is. */
  | { action: 'keep'; message: string; changes: SecretKeyChanges };

export function decideExisting(live: KubeObject, wanted: KubeObject, overwrite: boolean): ExistingSecretDecision {
  const changes = secretKeyChanges(live, wanted);
  const differs = changes.added.length + changes.changed.length > 0 || changes.typeChanged !== undefined;
  if (!differs) return { action: 'apply', force: false };
  if (isEmptyStub(live) && changes.typeChanged === undefined) return { action: 'apply', force: overwrite };
  if (overwrite) return { action: 'apply', force: true };
  return { action: 'keep', message: `exists; values differ (${describeChanges(changes)}), not overwritten (--overwrite-secrets)`, changes };
}

/** A stub applied earlier and never filled in: every value empty. */
function isEmptyStub(live: KubeObject): boolean {
  if (live.metadata.annotations?.[SECRET_STUB_ANNOTATION] === undefined) return false;
  return [...decoded(live).values()].every((v) => v.length === 0 || v.toString('utf8') === '{"auths":{}}');
}

/** `changed: password; added: token; type kubernetes.io/basic-auth in the cluster` (key names only). */
export function describeChanges(c: SecretKeyChanges): string {
  const parts: string[] = [];
  if (c.changed.length > 0) parts.push(`changed: ${c.changed.join(', ')}`);
  if (c.added.length > 0) parts.push(`added: ${c.added.join(', ')}`);
  if (c.typeChanged !== undefined) parts.push(`type ${c.typeChanged} in the cluster`);
  return parts.join('; ');
}
