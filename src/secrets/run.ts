/**
 * The secret-store step of a command run, between converting and emitting/applying:
 *   1. before converting, `secretStoreSetup` checks the flags and makes the conversion emit
 *      stubs (so every Secret an app references is there to be filled, see plan.ts);
 *   2. after converting, `resolveSecretStore` reads each DC/OS path once, fills what it can
 *      (fill.ts) and rewrites the run: objects, the units' object lists, the findings (the
 *      `secret-needed` of each app is replaced where it stood), the cluster needs, and a
 *      per-Secret summary for the report.
 * Values live only in the filled Secret objects; `scrub` removes them from any text to print.
 */
import type { Finding } from '../findings.js';
import type { KubeObject } from '../kube/types.js';
import type { ConversionResult } from '../pipeline.js';
import { mergeNeeds } from '../translate/needs.js';
import { fillSecrets, type FindingDraft, type SecretStatus } from './fill.js';
import { planSecrets, storePaths, type PlannedSecret } from './plan.js';
import { readSecrets, type RawGet } from './store.js';

/** What the report shows of the secret store step. */
export interface SecretStoreSummary {
  /** The store URL, without credentials. */
  url: string;
  store: string;
  /** Whether found values went into the output (apply, diff, --write-secret-values). */
  write: boolean;
  secrets: SecretStatus[];
}

/** A run's result, with the secret store step's summary when there was one. */
export type WithSecretStore<T extends ConversionResult = ConversionResult> = T & { secretStore?: SecretStoreSummary };

export interface SecretStoreSetup {
  url: string;
  store: string;
  write: boolean;
  /** The user's --secret-stubs (the conversion itself always stubs when a store is given). */
  stubs: boolean;
}

export interface StoreAccess {
  get: RawGet;
  /** Whether credentials are sent (a 401/403 then means a refused token, not a missing one). */
  authenticated: boolean;
  /** The URL to show. */
  display: string;
  /** How many reads at once. */
  concurrency?: number;
}

export interface SecretStoreOutcome {
  summary: SecretStoreSummary;
  /** Removes every value read from a text (for errors of the API server, debug lines). */
  scrub: (text: string) => string;
  /** How many Secrets were filled with values. */
  filled: number;
}

export async function resolveSecretStore(result: WithSecretStore, setup: SecretStoreSetup, access: StoreAccess): Promise<SecretStoreOutcome> {
  const plan = planSecrets(result.objects);
  const reads = await readSecrets(access.get, { store: setup.store, authenticated: access.authenticated }, storePaths(plan), access.concurrency);
  const fill = fillSecrets(plan, reads, { store: setup.store, write: setup.write, stubs: setup.stubs });

  const removed = new Set<string>();
  result.objects = result.objects.flatMap((o) => {
    if (!fill.replacements.has(o)) return [o];
    const next = fill.replacements.get(o);
    if (next === undefined) removed.add(`Secret ${o.metadata.namespace ?? ''}/${o.metadata.name}`);
    return next === undefined ? [] : [next];
  });
  if (removed.size > 0) for (const unit of result.units) unit.objects = unit.objects.filter((ref) => !removed.has(ref));
  result.findings = placeFindings(result.findings, plan, fill.findings);
  result.needs = mergeNeeds([...result.needs, ...fill.needs]);

  const summary: SecretStoreSummary = { url: access.display, store: setup.store, write: setup.write, secrets: fill.statuses };
  result.secretStore = summary;
  const values: Buffer[] = [];
  for (const [stub, next] of fill.replacements) if (next !== undefined && next !== stub) values.push(...secretValues(next));
  return { summary, scrub: scrubber(values), filled: fill.statuses.filter((s) => s.outcome === 'filled').length };
}

/**
 * Each Secret's findings go where the translator's `secret-needed` of its app stood (same
 * pointer, file and position), replacing it; that finding names every Secret of the app as
 * `namespace/name`, which is how it is found.
 */
function placeFindings(findings: Finding[], plan: readonly PlannedSecret[], drafts: ReadonlyMap<KubeObject, FindingDraft[]>): Finding[] {
  const byAnchor = new Map<Finding, Finding[]>();
  const unplaced: Finding[] = [];
  for (const secret of plan) {
    const anchor = findings.find((f) => f.code === 'secret-needed' && f.app === secret.app && f.message.includes(`${secret.namespace}/${secret.name} `));
    const placed = (drafts.get(secret.stub) ?? []).map((d): Finding => ({
      severity: d.severity, code: d.code, ...(secret.app !== undefined ? { app: secret.app } : {}),
      ...(anchor?.file !== undefined ? { file: anchor.file } : {}), pointer: anchor?.pointer ?? '',
      ...(anchor?.line !== undefined ? { line: anchor.line } : {}), ...(anchor?.column !== undefined ? { column: anchor.column } : {}),
      message: d.message, ...(d.hint !== undefined ? { hint: d.hint } : {}),
    }));
    if (anchor === undefined) unplaced.push(...placed);
    else byAnchor.set(anchor, [...(byAnchor.get(anchor) ?? []), ...placed]);
  }
  return [...findings.flatMap((f) => byAnchor.get(f) ?? [f]), ...unplaced];
}

function secretValues(secret: KubeObject): Buffer[] {
  return Object.values(secret.data as Record<string, string>).map((b64) => Buffer.from(b64, 'base64'));
}

/**
 * Replaces every value (as text, and in base64) by `***`. Values shorter than 4 bytes are left:
 * masking every "1" or "on" in a message would garble it without protecting anything.
 */
export function scrubber(values: readonly Buffer[]): (text: string) => string {
  const needles = new Set<string>();
  for (const v of values) {
    if (v.length < 4) continue;
    needles.add(v.toString('base64'));
    const text = v.toString('utf8');
    if (!text.includes('\uFFFD')) {
      needles.add(text);
      for (const line of text.split('\n')) if (line.trim().length >= 8) needles.add(line);
    }
  }
  const sorted = [...needles].sort((a, b) => b.length - a.length);
  return (text) => {
    let out = text;
    for (const n of sorted) if (out.includes(n)) out = out.split(n).join('***');
    return out;
  };
}
