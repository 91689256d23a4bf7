/**
 * Properties of the app translator over generated apps that Marathon accepts (every field of
 * MARATHON-FIELDS.md §2, legacy forms and export nulls included; see test/support/arbitraries.ts):
 * it never crashes, every object is valid Kubernetes, names are valid and unique in a batch,
 * output is deterministic, and the ledger accounts for every input leaf.
 *
 * Runs are bounded (about 100 apps per property) so the suite stays fast; a failure prints the
 * seed and the shrunk counterexample (re-run with it through fc.assert's `seed`/`path`).
 */
import fc from 'fast-check';
import { formatFinding, type Finding } from '../../src/findings.js';
import { toYamlStream } from '../../src/emit/serialize.js';
import { validateObject } from '../../src/kube/validate.js';
import { APP_RESPONSE_FIELDS } from '../../src/marathon/noise.js';
import { validateMarathon } from '../../src/marathon/validate.js';
import { DEFAULT_OPTIONS } from '../../src/options.js';
import { convertSources, type ConversionResult } from '../../src/pipeline.js';
import { alternativesFor, appArb, appListArb, at, leafPointers, setAt, structPointers, type Json } from '../support/arbitraries.js';

const RUNS = Number(process.env.PROPERTY_RUNS ?? 100);

function convertDoc(doc: unknown): ConversionResult {
  return convertSources([{ file: 'export.json', text: JSON.stringify(doc) }], DEFAULT_OPTIONS);
}

const bugs = (r: ConversionResult) => r.findings.filter((f) => f.code === 'internal-error' || f.code === 'invalid-object').map(formatFinding);

/** Everything a user sees of a run, schema violations aside (those come from the validator, not the translator). */
function observable(r: ConversionResult): string {
  const findings = r.findings.filter((f) => f.code !== 'schema-violation').map((f) => `${f.severity}|${f.code}|${f.pointer}|${f.message}|${f.hint ?? ''}`);
  return JSON.stringify({ yaml: toYamlStream(r.objects), findings, needs: r.needs });
}

describe('generated apps (property)', () => {
  test('the arbitraries generate apps that Marathon accepts', () => {
    fc.assert(fc.property(appArb, (app) => {
      // Generated text may look like a template placeholder (`$A` as a label key): Marathon accepts it.
      expect(validateMarathon('app', app).filter((i) => i.code !== 'unrendered-placeholder')).toEqual([]);
    }), { numRuns: RUNS * 2 });
  });

  test('conversion never crashes and every object is valid Kubernetes', () => {
    fc.assert(fc.property(appListArb(), (apps) => {
      let result: ConversionResult | undefined;
      expect(() => (result = convertDoc({ apps }))).not.toThrow();
      expect(bugs(result!)).toEqual([]);
      expect(result!.failed).toBe(0);
      // Every app converts, except apps of DC/OS packages, which are skipped with a finding on purpose.
      for (const unit of result!.units) {
        if (unit.status === 'skipped') expect(result!.findings.some((f) => f.code === 'dcos-package' && f.pointer === unit.pointer)).toBe(true);
        else expect(unit).toMatchObject({ status: 'converted' });
      }
      for (const obj of result!.objects) expect(validateObject(obj)).toEqual([]);
    }), { numRuns: RUNS });
  });

  test('names are valid and unique across a batch, also when ids collide after sanitizing', () => {
    // Ids built from few segments collide often once '.' and '/' become '-'.
    const seg = fc.constantFrom('a', 'b', 'a-b', 'a.b', 'x'.repeat(70), 'x'.repeat(71));
    const collidingIds = fc.uniqueArray(fc.array(seg, { minLength: 1, maxLength: 3 }).map((s) => '/' + s.join('/')), { minLength: 2, maxLength: 8 });
    fc.assert(fc.property(collidingIds, fc.array(appArb, { minLength: 8, maxLength: 8 }), (ids, apps) => {
      const batch = ids.map((id, i) => ({ ...apps[i]!, id, dependencies: [] }));
      const result = convertDoc({ apps: batch });
      expect(bugs(result)).toEqual([]);
      const keys = result.objects.map((o) => `${o.apiVersion}/${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`);
      expect(keys.length - new Set(keys).size).toBe(0);
      for (const obj of result.objects) expect(validateObject(obj)).toEqual([]);
    }), { numRuns: RUNS });
  });

  test('output is deterministic: the same input twice gives the same YAML, findings and needs', () => {
    fc.assert(fc.property(appListArb(), (apps) => {
      const text = JSON.stringify({ apps });
      const a = convertSources([{ file: 'e.json', text }], DEFAULT_OPTIONS);
      const b = convertSources([{ file: 'e.json', text }], DEFAULT_OPTIONS);
      expect(toYamlStream(b.objects)).toBe(toYamlStream(a.objects));
      expect(b.findings).toEqual(a.findings);
      expect(b.needs).toEqual(a.needs);
    }), { numRuns: RUNS });
  });
});

describe('the ledger accounts for every input leaf (property)', () => {
  test('every unmapped-field finding points at a leaf of the input', () => {
    fc.assert(fc.property(appListArb(), (apps) => {
      const doc = { apps };
      for (const f of convertDoc(doc).findings.filter((x) => x.code === 'unmapped-field')) {
        const v = at(doc, f.pointer);
        expect({ pointer: f.pointer, isLeaf: v !== undefined && v !== null && typeof v !== 'object' }).toEqual({ pointer: f.pointer, isLeaf: true });
      }
    }), { numRuns: RUNS });
  });

  test('an unknown field anywhere in an app is reported as unmapped-field at exactly its pointer', () => {
    const unknownValue = fc.oneof(fc.string({ minLength: 1, maxLength: 8 }), fc.integer(), fc.boolean());
    fc.assert(fc.property(appArb, fc.nat(), fc.stringMatching(/^[a-z][a-zA-Z0-9]{0,8}$/), unknownValue, (app, pick, suffix, value) => {
      const doc = { apps: [structuredClone(app)] };
      // Objects with a fixed set of fields (not label/env/secret/option maps) under the app, noise fields aside.
      const targets = structPointers(doc.apps[0], '/apps/0').filter((p) => !APP_RESPONSE_FIELDS.has(p.split('/')[3] ?? ''));
      const target = targets[pick % targets.length]!;
      const key = `x-${suffix}`;
      (at(doc, target) as Json)[key] = value;
      const pointer = `${target}/${key}`;
      const result = convertDoc(doc);
      expect(bugs(result)).toEqual([]);
      // Reported exactly, or inside a subtree a finding says is dropped as a whole.
      const wholeDrop = result.findings.find((f) => WHOLE_DROP.has(f.code) && pointer.startsWith(f.pointer + '/'));
      const unmapped = result.findings.filter((f) => f.code === 'unmapped-field').map((f) => f.pointer);
      if (!wholeDrop) expect(unmapped).toContain(pointer);
    }), { numRuns: RUNS * 2 });
  });

  /**
   * The strong form: a leaf that no finding mentions must have been *used*, so changing its
   * value must change what the user gets (manifests, findings or cluster needs). A leaf whose
   * change goes unnoticed was marked consumed without being migrated: lost silently. Each leaf
   * gets up to three other values (so a rounded mapping still shows a change); documented
   * equivalences are in INERT.
   */
  test('a leaf no finding mentions changes the output when its value changes', () => {
    fc.assert(fc.property(appArb, fc.array(fc.nat(), { minLength: 6, maxLength: 6 }), (app, picks) => {
      expect(silentLeaves(app, picks)).toEqual([]);
    }), { numRuns: RUNS });
  });
});

/** Leaves of the app (some, chosen by `picks`) whose change nobody would notice. */
function silentLeaves(app: Json, picks: number[]): string[] {
  const doc = { apps: [app] };
  const base = convertDoc(doc);
  if (base.units[0]?.status !== 'converted') return [];
  const before = observable(base);
  const candidates = leafPointers(doc).filter((p) => !APP_RESPONSE_FIELDS.has(p.split('/')[3] ?? '') && !mentioned(base.findings, p) && !inert(app, p.slice('/apps/0'.length)));
  if (candidates.length === 0) return [];
  const silent: string[] = [];
  for (const pick of new Set(picks.map((n) => n % candidates.length))) {
    const pointer = candidates[pick]!;
    const alternatives = alternativesFor(at(doc, pointer), pointer);
    if (alternatives.length === 0) continue;
    const noticed = alternatives.some((value) => {
      const mutated = structuredClone(doc);
      setAt(mutated, pointer, value);
      return observable(convertDoc(mutated)) !== before;
    });
    if (!noticed) silent.push(`${pointer}: ${JSON.stringify(at(doc, pointer))} → ${alternatives.map((v) => JSON.stringify(v)).join(' | ')}`);
  }
  return silent;
}

/** A finding (other than a schema violation) at the leaf or at an ancestor below the app itself. */
function mentioned(findings: Finding[], pointer: string): boolean {
  return findings.some((f) => {
    if (f.code === 'schema-violation' || f.pointer === '/apps/0' || f.pointer === '') return false;
    if (pointer === f.pointer || pointer.startsWith(f.pointer + '/')) return true;
    // A finding that drops a whole entry while pointing at one of its fields (e.g. /fetch/0/uri).
    return SIBLING_DROP.has(f.code) && pointer.startsWith(f.pointer.slice(0, f.pointer.lastIndexOf('/')) + '/');
  });
}

/** Findings that say a whole subtree (a check, a parameter, the app…) is not migrated. */
const WHOLE_DROP = new Set(['health-check-extra', 'residency-ignored', 'dcos-package', 'docker-parameter-not-mapped']);
/** Findings on one field that drop the entry holding it. */
const SIBLING_DROP = new Set(['fetch-uri-unsupported', 'probe-port-unresolved']);

/**
 * Leaves that may change without a visible effect, on purpose (pointers relative to the app).
 * Each is something Marathon itself ignores, or a choice between values that map to the same
 * Kubernetes object.
 */
function inert(app: Json, pointer: string): boolean {
  const check = /^\/healthChecks\/(\d+)\//.exec(pointer);
  const hc = check ? (app.healthChecks as Json[])[Number(check[1])]! : undefined;
  const protocol = String(hc?.protocol ?? 'HTTP').toUpperCase();
  const artifact = /^\/fetch\/(\d+)\/extract$/.exec(pointer);
  const mapping = /^(\/container(?:\/docker)?\/portMappings\/\d+)\/servicePort$/.exec(pointer);
  return [
    /^\/id$/.test(pointer), // renaming is covered by the names property (distinct ids may sanitize alike)
    /^\/ipAddress\/groups\//.test(pointer), // ignored by Marathon itself (AppNormalization)
    /\/delaySeconds$/.test(pointer) && ['HTTP', 'HTTPS', 'TCP'].includes(protocol), // Mesos-level checks only
    /\/gracePeriodSeconds$/.test(pointer) && hc?.maxConsecutiveFailures === 0, // a check that never kills has no liveness probe to delay
    /^\/readinessChecks\/\d+\/name$/.test(pointer), // probes have no name
    /^\/container\/type$/.test(pointer), // Docker or Mesos containerizer: the same image runs either way
    // Every network mode and name becomes the one pod network (translate/ports.ts: "one pod network").
    /^\/networks\/\d+\/(mode|name)$/.test(pointer) || /^\/container\/docker\/network$/.test(pointer) || /^\/ipAddress\/networkName$/.test(pointer),
    /^\/fetch\/\d+\/cache$/.test(pointer), // the agent's fetch cache: nothing to carry over (translate/runtime/fetch.ts)
    artifact !== null && !isArchive((app.fetch as Json[])[Number(artifact[1])]!), // Mesos extracts archives only (by the name it saved the file under)
    artifact !== null && (app.fetch as Json[])[Number(artifact[1])]!.executable === true, // an executable download is never extracted (Mesos fetcher)
    mapping !== null && Object.keys(((at(app, mapping[1]!) as Json).labels as Json | undefined) ?? {}).some((k) => /^VIP_\d+$/.test(k)), // the VIP gives the Service port (DESIGN)
  ].some(Boolean);
}

function isArchive(a: Json): boolean {
  const name = typeof a.destPath === 'string' ? a.destPath : String(a.uri).split('?')[0]!;
  return /\.(tar|tar\.gz|tar\.bz2|tar\.xz|gz|tgz|tbz2|txz|zip)$/i.test(name);
}

/** (For debugging a failure: the findings of a run in their stderr form.) */
export function show(findings: Finding[]): string {
  return findings.map(formatFinding).join('\n');
}

