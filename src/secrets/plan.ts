/**
 * Which Secrets the converted apps need, and from which DC/OS paths, read back from the stub
 * Secrets the translator emits (translate/secrets/provide.ts). When a secret store is given the
 * conversion always runs with stubs (src/secrets/run.ts), so every Secret an app references is
 * there, with its final name, namespace, type, labels and the key → DC/OS path map of the
 * `marathon2k8s.io/dcos-secret-sources` annotation. Pure.
 */
import { MARATHON_ID_ANNOTATION, SECRET_STUB_ANNOTATION, type KubeObject } from '../kube/types.js';
import { SOURCES_ANNOTATION } from '../translate/secrets/provide.js';

export type SecretType = 'Opaque' | 'kubernetes.io/dockerconfigjson';

/** One key of a planned Secret: read from `path`, or with no DC/OS path (`origin` says why). */
export interface PlannedKey {
  key: string;
  /** The DC/OS secret store path. */
  path?: string;
  /** Where the value comes from when it is no DC/OS path (an undeclared secret, a docker.credential login). */
  origin?: string;
}

export interface PlannedSecret {
  /** The stub as converted (metadata kept for the filled Secret). */
  stub: KubeObject;
  /** The Marathon id of the app, pod or job that reads it. */
  app?: string;
  namespace: string;
  name: string;
  type: SecretType;
  keys: PlannedKey[];
}

/**
 * The stubs' sources map a key to its DC/OS path, or, for a key without one, to a sentence
 * saying where its value comes from ("DC/OS path unknown: …", "a docker config with the registry
 * login of …"). Those sentences always hold spaces; a DC/OS path never does in practice (paths are
 * names joined by '/', as in `dcos security secrets create -v … team/db-password`), so a value
 * with whitespace is an origin. test/secret-store/plan.test.ts checks this against the translator.
 */
export function isStorePath(source: string): boolean {
  return source !== '' && source !== 'unknown' && !/\s/.test(source);
}

/** Every stub Secret of the objects, in object order. */
export function planSecrets(objects: readonly KubeObject[]): PlannedSecret[] {
  const out: PlannedSecret[] = [];
  for (const obj of objects) {
    if (obj.kind !== 'Secret' || obj.metadata.annotations?.[SECRET_STUB_ANNOTATION] === undefined) continue;
    const sources = parseSources(obj.metadata.annotations[SOURCES_ANNOTATION]);
    const stringData = (obj.stringData ?? {}) as Record<string, unknown>;
    const keys: PlannedKey[] = Object.keys(stringData).map((key) => {
      const source = sources[key];
      if (source !== undefined && isStorePath(source)) return { key, path: source };
      return { key, origin: source ?? 'unknown' };
    });
    const app = obj.metadata.annotations[MARATHON_ID_ANNOTATION];
    out.push({
      stub: obj,
      ...(app !== undefined ? { app } : {}),
      namespace: obj.metadata.namespace ?? 'default',
      name: obj.metadata.name,
      type: obj.type === 'kubernetes.io/dockerconfigjson' ? 'kubernetes.io/dockerconfigjson' : 'Opaque',
      keys,
    });
  }
  return out;
}

function parseSources(text: string | undefined): Record<string, string> {
  if (text === undefined) return {};
  try {
    const parsed = JSON.parse(text) as unknown;
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return {};
    return Object.fromEntries(Object.entries(parsed).filter((e): e is [string, string] => typeof e[1] === 'string'));
  } catch {
    return {};
  }
}

/** The distinct DC/OS paths of the plan, in first-use order (one read per path). */
export function storePaths(plan: readonly PlannedSecret[]): string[] {
  const paths = new Set<string>();
  for (const s of plan) for (const k of s.keys) if (k.path !== undefined) paths.add(k.path);
  return [...paths];
}
