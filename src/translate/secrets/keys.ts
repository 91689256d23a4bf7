/**
 * Which Kubernetes Secret and key stand for a DC/OS secret an app references.
 *
 * One Secret per app, as issue 3 asks: `<app>-secrets`, with one key per Marathon secret name
 * the app uses (env or file). Not one Secret per DC/OS path, although DC/OS shares secrets
 * between apps by path, because:
 * - Secrets are namespaced and apps of different top-level groups land in different
 *   namespaces, so a per-path Secret could be shared within one namespace only anyway;
 * - each app (and its chart) then owns exactly the Secrets it references: removing or
 *   re-converting one app never touches a Secret another app still reads;
 * - DC/OS grants secrets per app (strict mode ACLs on paths), which per-app Secrets keep.
 * The cost, filling one DC/OS value into several Secrets, is carried by the report and the stub
 * annotation, which name the DC/OS path of every key.
 *
 * Keys are the Marathon secret names (unique within the app, stable when the DC/OS path moves),
 * made valid Secret keys (`[-._a-zA-Z0-9]+`, not `.`/`..`) when they are not already.
 */
import { MAX_NAME, shortHash, withHash } from '../names.js';

/** The per-app Secret holding the values of env and file secrets. */
export function appSecretName(appName: string): string {
  return suffixed(appName, '-secrets');
}

/**
 * The per-app `kubernetes.io/dockerconfigjson` Secret for pulling the image. Its suffix ends in
 * a different letter from `-secrets`, so it can never equal another app's value Secret.
 */
export function pullSecretName(appName: string, ordinal = 1): string {
  // A pod whose containers pull with different credentials has several: `-pull-secret-2`, …
  return suffixed(appName, ordinal === 1 ? '-pull-secret' : `-pull-secret-${ordinal}`);
}

/**
 * `<app><suffix>`, within the 63 characters every emitted name keeps: a long app name is cut
 * with a hash of it (the suffix stays whole, so the two kinds of Secret still never meet).
 */
function suffixed(appName: string, suffix: string): string {
  const name = appName + suffix;
  return name.length <= MAX_NAME ? name : withHash(appName, appName, MAX_NAME - suffix.length) + suffix;
}

const INVALID_KEY_CHARS = /[^-._a-zA-Z0-9]/g;
const MAX_KEY = 253;

export function isValidSecretKey(key: string): boolean {
  return key.length > 0 && key.length <= MAX_KEY && !/[^-._a-zA-Z0-9]/.test(key) && key !== '.' && !key.startsWith('..');
}

/** A valid Secret key for a Marathon secret name (the name itself whenever it is valid). */
export function secretKeyFor(name: string): string {
  if (isValidSecretKey(name)) return name;
  let key = name.replace(INVALID_KEY_CHARS, '_').slice(0, MAX_KEY - 9);
  if (key === '' || key === '.' || key.startsWith('..')) key = `secret${key === '' ? '' : '_' + key.replace(/^\.+/, '')}`;
  // A changed name gets a hash of the original, so `a b` and `a_b` stay two keys.
  return `${key}-${shortHash(name)}`;
}
