/**
 * The secrets concern: DC/OS secrets an app reads (env vars, files, image pull config) →
 * references to per-app Kubernetes Secrets, plus stubs or cluster needs for those Secrets.
 * See keys.ts for the naming, files.ts for secret files, pull.ts for registry credentials,
 * provide.ts for how the Secrets themselves reach the cluster.
 */
import { escapePointerToken } from '../../findings.js';
import type { AppContext } from '../context.js';
import { mergeParts, type PodParts } from '../parts.js';
import { secretEnv } from './env.js';
import { secretFiles } from './files.js';
import { appSecretName } from './keys.js';
import { provideSecrets } from './provide.js';
import { pullSecret, type PlannedSecret } from './pull.js';
import { SecretRefs } from './refs.js';

export function mapSecrets(ctx: AppContext): PodParts {
  const refs = new SecretRefs(ctx);
  const appSecret = appSecretName(ctx.name.name);
  const env = secretEnv(ctx, refs, appSecret);
  const files = secretFiles(ctx, refs, appSecret);
  const pull = pullSecret(ctx, refs);
  refs.reportUnused();

  const planned: PlannedSecret[] = [];
  const appKeys = refs.appSecretKeys();
  if (appKeys.length > 0) planned.push({ name: appSecret, type: 'Opaque', keys: appKeys });
  if (pull) planned.push(pull.secret);
  const objects = provideSecrets(ctx, planned, findingPointer(ctx));
  return mergeParts([{ env }, files, pull?.parts ?? {}, { objects }]);
}

/** The per-app finding points at `secrets`, or at the reference when there is none. */
function findingPointer(ctx: AppContext): string {
  if (ctx.app.secrets && Object.keys(ctx.app.secrets).length > 0) return '/secrets';
  const docker = ctx.app.container?.docker;
  if (docker?.pullConfig) return '/container/docker/pullConfig';
  if (docker?.credential) return '/container/docker/credential';
  const envName = Object.entries(ctx.app.env ?? {}).find(([, v]) => typeof v !== 'string')?.[0];
  if (envName !== undefined) return `/env/${escapePointerToken(envName)}`;
  const volume = ctx.app.container?.volumes?.find((v) => v.kind === 'secret');
  return volume ? `/container/volumes/${volume.index}` : '';
}
