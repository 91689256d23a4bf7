/**
 * How the Secrets an app references reach the cluster. Their values live in the DC/OS secret
 * store and are never invented: with --secret-stubs the Secrets are emitted with empty values
 * (annotated with the DC/OS path of every key, so they can be filled); without it each Secret
 * and its keys become a cluster need for the report. Either way one finding per app lists them.
 */
import type { KubeObject } from '../../kube/types.js';
import type { AppContext } from '../context.js';
import { objectMeta } from '../metadata.js';
import type { SecretKeyNeed } from './refs.js';
import type { PlannedSecret } from './pull.js';

/** Marks a stub: tools (and people) must not apply it over a Secret that holds real values. */
import { SECRET_STUB_ANNOTATION } from '../../kube/types.js';
export const STUB_ANNOTATION = SECRET_STUB_ANNOTATION;
const STUB_NOTE = 'placeholder values: replace each with its DC/OS secret (see marathon2k8s.io/dcos-secret-sources) before applying';
/** JSON object: key → DC/OS secret store path (or where the value comes from). */
export const SOURCES_ANNOTATION = 'marathon2k8s.io/dcos-secret-sources';

/**
 * Empty values; a docker config Secret gets the empty config `{"auths":{}}` instead, because
 * the API server rejects a `.dockerconfigjson` that is not JSON (it holds no credential).
 */
const EMPTY_DOCKER_CONFIG = '{"auths":{}}';

export function provideSecrets(ctx: AppContext, secrets: readonly PlannedSecret[], pointer: string): KubeObject[] {
  if (secrets.length === 0) return [];
  const ns = ctx.name.namespace;
  const listed = secrets.map((s) => `${ns}/${s.name} with key${s.keys.length > 1 ? 's' : ''} ${s.keys.map(describeKey).join(', ')}`).join('; ');
  if (ctx.options.secretStubs) {
    ctx.report('secret-needed', pointer,
      `stub Secret${secrets.length > 1 ? 's' : ''} with empty values emitted: ${listed}; fill in every value before deploying`,
      { hint: `the annotation ${SOURCES_ANNOTATION} on each Secret maps its keys to DC/OS paths; read a value with dcos security secrets get <path>` });
    return secrets.map((s) => stubSecret(ctx, s));
  }
  for (const s of secrets) {
    ctx.need(s.type === 'Opaque' ? 'secret' : 'image-pull-secret', s.name, s.keys.map(describeKey), ns);
  }
  ctx.report('secret-needed', pointer,
    `the cluster must provide Secret${secrets.length > 1 ? 's' : ''} ${listed} before the app can start`,
    { hint: 'copy each value from the DC/OS secret store, e.g. dcos security secrets get <path>; or use --secret-stubs for manifests to fill in' });
  return [];
}

/** `key (DC/OS path)`: paths are shown; values never exist here. */
export function describeKey(k: SecretKeyNeed): string {
  return `${k.key} (${k.source !== undefined ? `DC/OS ${k.source}` : k.origin ?? 'unknown source'})`;
}

function stubSecret(ctx: AppContext, secret: PlannedSecret): KubeObject {
  const sources: Record<string, string> = {};
  for (const k of secret.keys) sources[k.key] = k.source ?? k.origin ?? 'unknown';
  const metadata = objectMeta(ctx, { annotations: { [STUB_ANNOTATION]: STUB_NOTE, [SOURCES_ANNOTATION]: JSON.stringify(sources) } });
  metadata.name = secret.name;
  const empty = secret.type === 'Opaque' ? '' : EMPTY_DOCKER_CONFIG;
  // stringData: the values to fill in are text (passwords, tokens, a config.json); a binary
  // value goes under `data`, base64-encoded.
  const stringData = Object.fromEntries(secret.keys.map((k) => [k.key, empty]));
  return { apiVersion: 'v1', kind: 'Secret', metadata, type: secret.type, stringData };
}
