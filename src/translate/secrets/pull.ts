/**
 * Image pull credentials → `imagePullSecrets` with a per-app `kubernetes.io/dockerconfigjson`
 * Secret (key `.dockerconfigjson`):
 * - `docker.pullConfig.secret` (1.5+, MESOS containerizer) names a DC/OS secret that holds a
 *   docker config.json: exactly what that Secret type stores.
 * - the legacy `docker.credential` {principal, secret} is a registry login written inline. It
 *   cannot be copied as is (Kubernetes wants a docker config), and its password is never
 *   copied anywhere: the finding says how to build the Secret.
 */
import type { AppContext } from '../context.js';
import type { PodParts } from '../parts.js';
import type { SecretKeyNeed, SecretRefs } from './refs.js';
import { pullSecretName } from './keys.js';

export const DOCKER_CONFIG_KEY = '.dockerconfigjson';
const DOCKER_HUB = 'https://index.docker.io/v1/';

export interface PlannedSecret {
  name: string;
  type: 'Opaque' | 'kubernetes.io/dockerconfigjson';
  keys: SecretKeyNeed[];
}

export function pullSecret(ctx: AppContext, refs: SecretRefs): { parts: PodParts; secret: PlannedSecret } | undefined {
  const docker = ctx.app.container?.docker;
  const pullConfig = docker?.pullConfig;
  const credential = docker?.credential;
  if (!pullConfig && !credential) return undefined;
  const name = pullSecretName(ctx.name.name);
  let key: SecretKeyNeed;
  if (pullConfig) {
    ctx.use('/container/docker/pullConfig/secret');
    const source = refs.wholeRef(pullConfig.secret, '/container/docker/pullConfig/secret', `the docker config of Secret ${name}`);
    key = source !== undefined
      ? { key: DOCKER_CONFIG_KEY, source }
      : { key: DOCKER_CONFIG_KEY, origin: `DC/OS path unknown: "${pullConfig.secret}" is not declared in secrets` };
  } else {
    key = { key: DOCKER_CONFIG_KEY, origin: `a docker config with the registry login of ${principalText(credential!.principal)} from docker.credential` };
  }
  if (credential) reportCredential(ctx, name, pullConfig !== undefined);
  return {
    parts: { podFields: { imagePullSecrets: [{ name }] } },
    secret: { name, type: 'kubernetes.io/dockerconfigjson', keys: [key] },
  };
}

function reportCredential(ctx: AppContext, secretName: string, hasPullConfig: boolean): void {
  ctx.use('/container/docker/credential');
  const principal = ctx.app.container?.docker?.credential?.principal;
  if (hasPullConfig) {
    ctx.report('registry-credential', '/container/docker/credential',
      `docker.credential of ${principalText(principal)} is replaced by pullConfig, which Secret ${secretName} is made from`);
    return;
  }
  const server = registryOf(ctx.app.container?.docker?.image);
  // The credential's password is a value: it never appears in the output or a finding.
  ctx.report('registry-credential', '/container/docker/credential',
    `docker.credential is a Mesos registry login Kubernetes cannot use; the pod pulls with imagePullSecret ${secretName}, which must hold a docker config for ${principalText(principal)} (the password is not copied)`,
    { hint: `kubectl create secret docker-registry ${secretName} -n ${ctx.name.namespace} --docker-server=${server} --docker-username=${principal ?? '<user>'} --docker-password=<password>` });
}

function principalText(principal: string | undefined): string {
  return principal !== undefined ? `principal "${principal}"` : 'an unnamed principal';
}

/** The registry of an image reference, as docker resolves it (Docker Hub when none is named). */
export function registryOf(image: string | undefined): string {
  const first = image?.split('/')[0];
  if (image === undefined || first === undefined || first === image) return DOCKER_HUB;
  return /[.:]/.test(first) || first === 'localhost' ? first : DOCKER_HUB;
}
