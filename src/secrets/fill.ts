/**
 * Values from the DC/OS secret store → what becomes of each Secret an app references, as data:
 * the filled Secret (values byte for byte, base64 in `data`), or the stub or reference of a run
 * without a store when a value is missing; the findings that replace the app's `secret-needed`;
 * the cluster needs still open; and one status per Secret for the report. Pure: the reads come in
 * (src/secrets/store.ts), nothing is fetched or written here.
 *
 * A Secret is filled only when every key of it was found: a Secret with an empty or missing key
 * would start the app with a wrong value, which DC/OS never did (it did not start a task whose
 * secret was missing).
 */
import type { FindingCode, Severity } from '../findings.js';
import { SECRET_STUB_ANNOTATION, type KubeObject } from '../kube/types.js';
import type { ClusterNeed } from '../translate/needs.js';
import { describeKey } from '../translate/secrets/provide.js';
import type { PlannedKey, PlannedSecret, SecretType } from './plan.js';
import type { StoreRead } from './store.js';

/** On a Secret whose values came from the DC/OS secret store: the store's name. apply and diff guard these. */
export const STORE_ANNOTATION = 'marathon2k8s.io/secret-store';

export type KeyState = 'found' | 'missing' | 'unreadable' | 'invalid' | 'no-path';

export interface KeyStatus {
  key: string;
  /** The DC/OS path read. */
  path?: string;
  /** Where the value comes from when there is no DC/OS path. */
  origin?: string;
  state: KeyState;
  /** The HTTP status of an unreadable read (401, 403, 500…). */
  status?: number;
  /** Why it is unreadable or invalid (never a value). */
  reason?: string;
  hint?: string;
}

/**
 * What became of the Secret: `filled` (its values are in the output), `stub` (emitted with empty
 * values, --secret-stubs), `reference` (not emitted: the cluster must provide it).
 */
export type SecretOutcome = 'filled' | 'stub' | 'reference';

export interface SecretStatus {
  namespace: string;
  name: string;
  type: SecretType;
  /** The Marathon id of the app, pod or job reading it. */
  app?: string;
  /** `found` when every key was found; else the worst key state. */
  state: KeyState;
  outcome: SecretOutcome;
  keys: KeyStatus[];
}

export interface FillOptions {
  /** The store name, for messages and the annotation. */
  store: string;
  /** Whether found values go into the output (apply, diff, --write-secret-values); else the store is only checked. */
  write: boolean;
  /** --secret-stubs: a Secret that cannot be filled stays a stub; else it becomes a reference and a cluster need. */
  stubs: boolean;
}

export interface FillResult {
  /** Each planned Secret's stub → what replaces it in the output (undefined: removed). */
  replacements: Map<KubeObject, KubeObject | undefined>;
  /** Per planned Secret (its stub), the findings replacing the `secret-needed` of its app (placed there). */
  findings: Map<KubeObject, FindingDraft[]>;
  needs: ClusterNeed[];
  statuses: SecretStatus[];
}

/** A finding without its place; src/secrets/run.ts puts it where the app's secret-needed was. */
export interface FindingDraft {
  code: FindingCode;
  severity: Severity;
  message: string;
  hint?: string;
}

const STATE_RANK: Record<KeyState, number> = { found: 0, 'no-path': 1, invalid: 2, missing: 3, unreadable: 4 };

export function fillSecrets(plan: readonly PlannedSecret[], reads: ReadonlyMap<string, StoreRead>, options: FillOptions): FillResult {
  const result: FillResult = { replacements: new Map(), findings: new Map(), needs: [], statuses: [] };
  for (const secret of plan) {
    const values = new Map<string, Buffer>();
    const keys = secret.keys.map((k) => keyStatus(secret, k, reads, values));
    const state = keys.reduce<KeyState>((worst, k) => (STATE_RANK[k.state] > STATE_RANK[worst] ? k.state : worst), 'found');
    const outcome: SecretOutcome = state === 'found' && options.write ? 'filled' : options.stubs ? 'stub' : 'reference';
    result.statuses.push({
      namespace: secret.namespace, name: secret.name, type: secret.type, ...(secret.app !== undefined ? { app: secret.app } : {}), state, outcome, keys,
    });
    result.replacements.set(secret.stub, outcome === 'filled' ? filledSecret(secret, values, options.store) : outcome === 'stub' ? secret.stub : undefined);
    if (outcome === 'reference') {
      result.needs.push({
        kind: secret.type === 'Opaque' ? 'secret' : 'image-pull-secret', name: secret.name, namespace: secret.namespace,
        details: secret.keys.map((k) => describeKey({ key: k.key, ...(k.path !== undefined ? { source: k.path } : {}), ...(k.origin !== undefined ? { origin: k.origin } : {}) })),
        apps: secret.app !== undefined ? [secret.app] : [],
      });
    }
    result.findings.set(secret.stub, secretFindings(secret, keys, outcome, options));
  }
  return result;
}

function keyStatus(secret: PlannedSecret, k: PlannedKey, reads: ReadonlyMap<string, StoreRead>, values: Map<string, Buffer>): KeyStatus {
  const base = { key: k.key, ...(k.path !== undefined ? { path: k.path } : {}), ...(k.origin !== undefined ? { origin: k.origin } : {}) };
  if (k.path === undefined) return { ...base, state: 'no-path' };
  const read = reads.get(k.path);
  if (read === undefined) return { ...base, state: 'unreadable', reason: 'not read' };
  if (read.state === 'missing') return { ...base, state: 'missing' };
  if (read.state === 'unreadable') {
    return { ...base, state: 'unreadable', ...(read.status !== undefined ? { status: read.status } : {}), reason: read.reason, ...(read.hint !== undefined ? { hint: read.hint } : {}) };
  }
  if (secret.type === 'kubernetes.io/dockerconfigjson') {
    const problem = dockerConfigProblem(read.value);
    if (problem !== undefined) return { ...base, state: 'invalid', reason: problem };
  }
  values.set(k.key, read.value);
  return { ...base, state: 'found' };
}

/**
 * Why a value cannot be a `.dockerconfigjson` (the API server rejects what is not JSON, and the
 * kubelet reads only `auths`), or undefined. The reason never quotes the value.
 */
export function dockerConfigProblem(value: Buffer): string | undefined {
  let doc: unknown;
  try {
    doc = JSON.parse(value.toString('utf8'));
  } catch {
    return 'it is not JSON';
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return 'it is not a JSON object';
  const auths = (doc as Record<string, unknown>).auths;
  if (typeof auths !== 'object' || auths === null || Array.isArray(auths)) return 'it has no "auths" object';
  return undefined;
}

/** The Secret with the store's values: the stub's metadata, minus the stub mark, plus the store's. */
function filledSecret(secret: PlannedSecret, values: ReadonlyMap<string, Buffer>, store: string): KubeObject {
  const metadata = structuredClone(secret.stub.metadata);
  const annotations = { ...metadata.annotations };
  delete annotations[SECRET_STUB_ANNOTATION];
  annotations[STORE_ANNOTATION] = store;
  metadata.annotations = annotations;
  // `data`, base64: binary values (keystores, keytabs) survive byte for byte, which stringData cannot carry.
  const data = Object.fromEntries(secret.keys.map((k) => [k.key, values.get(k.key)!.toString('base64')]));
  return { apiVersion: 'v1', kind: 'Secret', metadata, type: secret.type, data };
}

function secretFindings(secret: PlannedSecret, keys: readonly KeyStatus[], outcome: SecretOutcome, options: FillOptions): FindingDraft[] {
  const ref = `${secret.namespace}/${secret.name}`;
  const listed = keys.map((k) => k.key).join(', ');
  const keyWord = keys.length === 1 ? 'key' : 'keys';
  if (outcome === 'filled') {
    return [{ code: 'secret-from-store', severity: 'info', message: `Secret ${ref} is made with the values of the DC/OS secret store "${options.store}" (${keyWord} ${listed})` }];
  }
  const becomes = outcome === 'stub' ? `Secret ${ref} is emitted as a stub with empty values` : `Secret ${ref} is not emitted`;
  if (keys.every((k) => k.state === 'found')) {
    return [{
      code: 'secret-needed', severity: 'warning',
      message: `the values of Secret ${ref} (${keyWord} ${keys.map((k) => describeKey({ key: k.key, source: k.path! })).join(', ')}) are in the DC/OS secret store but are not written; ${becomes}: the cluster must provide it before the app can start`,
      hint: 'apply --secret-store-url creates the Secret with them; convert and chart write it with --write-secret-values, in files mode 0600',
    }];
  }
  const drafts: FindingDraft[] = [];
  for (const k of keys) {
    const what = `key ${k.key} of Secret ${ref}`;
    if (k.state === 'missing') {
      drafts.push({
        code: 'secret-missing', severity: 'error',
        message: `DC/OS secret ${k.path} (${what}) is not in the secret store "${options.store}"; ${becomes}, and the app cannot start until the cluster provides it`,
        hint: 'check the path with `dcos security secrets list /`; if no secret is found at all, check --secret-store-url (https://<cluster>/secrets/v1) and --secret-store',
      });
    } else if (k.state === 'unreadable') {
      drafts.push({
        code: 'secret-unreadable', severity: 'error',
        message: `DC/OS secret ${k.path} (${what}) could not be read: ${k.reason}; ${becomes}`,
        ...(k.hint !== undefined ? { hint: k.hint } : {}),
      });
    } else if (k.state === 'invalid') {
      drafts.push({
        code: 'secret-invalid', severity: 'error',
        message: `DC/OS secret ${k.path} (${what}) cannot be used: ${secret.type === 'kubernetes.io/dockerconfigjson' ? 'an image pull Secret needs a docker config.json, and ' : ''}${k.reason}; ${becomes}`,
        hint: 'the secret named by pullConfig must hold a docker config.json such as {"auths": {"registry.example.com": {"auth": "<base64 user:password>"}}}',
      });
    } else if (k.state === 'no-path') {
      drafts.push({
        code: 'secret-needed', severity: 'warning',
        message: `${what} has no DC/OS path to read (${k.origin}); ${becomes}: the cluster must provide it before the app can start`,
      });
    }
  }
  return drafts;
}
