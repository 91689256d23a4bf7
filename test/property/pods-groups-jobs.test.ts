/**
 * Properties of the pod, group and Metronome job translators over generated inputs that
 * Marathon / Metronome accept (test/support/arbitraries-pods-jobs.ts): the arbitraries only make
 * valid input (validateMarathon has no issue), conversion never crashes and every object is valid
 * Kubernetes, names are valid DNS names and unique per (kind, namespace), output is deterministic,
 * and every unmapped-field finding points at a leaf of the input.
 *
 * Documents: `{pods: […]}` exports, group trees (root "/" dumps or named groups), `[job, …]` lists.
 * Runs are bounded (PROPERTY_RUNS, default 50 per property) and the seed is fixed by
 * test/support/arbitraries.ts, so the verdict is the same on every run; explore new inputs with
 * `FC_SEED=random npm run test:unit -- test/property/pods-groups-jobs.test.ts` (or FC_SEED=<n>).
 * A failure prints the seed and the shrunk counterexample.
 */
import fc from 'fast-check';
import { formatFinding } from '../../src/findings.js';
import { toYamlStream } from '../../src/emit/serialize.js';
import { validateObject } from '../../src/kube/validate.js';
import { validateMarathon, type MarathonKind } from '../../src/marathon/validate.js';
import { DEFAULT_OPTIONS } from '../../src/options.js';
import { convertSources, type ConversionResult } from '../../src/pipeline.js';
import { at, type Json } from '../support/arbitraries.js';
import { collidingSegmentArb, groupArb, groupTreeArb, jobArb, jobListArb, podArb, podListArb } from '../support/arbitraries-pods-jobs.js';

const RUNS = Number(process.env.PROPERTY_RUNS ?? 50);

function convertDoc(doc: unknown): ConversionResult {
  return convertSources([{ file: 'export.json', text: JSON.stringify(doc) }], DEFAULT_OPTIONS);
}

const bugs = (r: ConversionResult) => r.findings.filter((f) => f.code === 'internal-error' || f.code === 'invalid-object').map(formatFinding);

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_1035 = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

/** Ids of 1–3 segments that collide once sanitized ('a.b' and 'a-b', 70 and 71 × 'x'…), distinct as ids. */
const collidingIds = (separator: string, prefix: string) =>
  fc.uniqueArray(fc.array(collidingSegmentArb, { minLength: 1, maxLength: 3 }).map((s) => prefix + s.join(separator)), { minLength: 2, maxLength: 6 });

/** Pods renamed to colliding ids. */
const collidingPods = fc.tuple(collidingIds('/', '/'), fc.array(podArb, { minLength: 6, maxLength: 6 }))
  .map(([ids, pods]) => ({ pods: ids.map((id, i) => ({ ...pods[i]!, id })) }));

/** Jobs renamed to colliding ids. */
const collidingJobs = fc.tuple(collidingIds('.', ''), fc.array(jobArb, { minLength: 6, maxLength: 6 }))
  .map(([ids, jobs]) => ids.map((id, i): Json => ({ ...jobs[i]!, id })));

/**
 * The three kinds of document: the arbitrary of their objects, how they are exported, and
 * documents whose ids collide once they become Kubernetes names.
 */
const KINDS: { title: string; kind: MarathonKind; object: fc.Arbitrary<Json>; doc: fc.Arbitrary<unknown>; colliding: fc.Arbitrary<unknown> }[] = [
  { title: 'pods', kind: 'pod', object: podArb, doc: fc.oneof({ weight: 3, arbitrary: podListArb().map((pods) => ({ pods })) }, { weight: 1, arbitrary: podArb }), colliding: collidingPods },
  { title: 'groups', kind: 'group', object: groupArb, doc: groupArb, colliding: groupTreeArb(collidingSegmentArb) },
  { title: 'jobs', kind: 'job', object: jobArb, doc: fc.oneof({ weight: 3, arbitrary: jobListArb() }, { weight: 1, arbitrary: jobArb }), colliding: collidingJobs },
];

describe.each(KINDS)('generated $title (property)', ({ kind, object, doc, colliding }) => {
  test('the arbitrary generates objects that Marathon accepts', () => {
    fc.assert(fc.property(object, (o) => {
      // Generated text may look like a template placeholder (`$A` as a label key): Marathon accepts it.
      expect(validateMarathon(kind, o).filter((i) => i.code !== 'unrendered-placeholder')).toEqual([]);
    }), { numRuns: RUNS });
  });

  test('conversion never crashes and every object is valid Kubernetes', () => {
    fc.assert(fc.property(doc, (d) => {
      let result: ConversionResult | undefined;
      expect(() => (result = convertDoc(d))).not.toThrow();
      const r = result!;
      expect(bugs(r)).toEqual([]);
      // Valid input: the validator in the pipeline agrees with the arbitrary (group issues included).
      expect(r.findings.filter((f) => f.code === 'schema-violation').map(formatFinding)).toEqual([]);
      // A failed run says which object failed and why (its error findings).
      expect({ failed: r.failed, units: r.units.filter((u) => u.status === 'failed').map((u) => `${u.kind} ${u.id ?? ''} at ${u.pointer}`), errors: r.failed > 0 ? r.findings.filter((f) => f.severity === 'error').map(formatFinding) : [] })
        .toEqual({ failed: 0, units: [], errors: [] });
      for (const obj of r.objects) {
        const what = `${obj.kind} ${obj.metadata.namespace ?? ''}/${obj.metadata.name}`;
        expect({ what, problems: validateObject(obj) }).toEqual({ what, problems: [] });
      }
    }), { numRuns: RUNS });
  });

  test('names are valid DNS names and unique per kind and namespace, also when ids collide after sanitizing', () => {
    fc.assert(fc.property(fc.oneof(doc, colliding), (d) => {
      const result = convertDoc(d);
      expect(bugs(result)).toEqual([]);
      const keys = result.objects.map((o) => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`);
      expect(keys.filter((k, i) => keys.indexOf(k) !== i)).toEqual([]);
      for (const o of result.objects) {
        const name = o.metadata.name;
        const rule = o.kind === 'Service' ? DNS_1035 : DNS_LABEL;
        expect({ kind: o.kind, name, valid: rule.test(name) && name.length <= 63 }).toEqual({ kind: o.kind, name, valid: true });
      }
    }), { numRuns: RUNS });
  });

  test('output is deterministic: the same input twice gives the same YAML, findings and needs', () => {
    fc.assert(fc.property(doc, (d) => {
      const text = JSON.stringify(d);
      const a = convertSources([{ file: 'e.json', text }], DEFAULT_OPTIONS);
      const b = convertSources([{ file: 'e.json', text }], DEFAULT_OPTIONS);
      expect(toYamlStream(b.objects)).toBe(toYamlStream(a.objects));
      expect(b.findings).toEqual(a.findings);
      expect(b.needs).toEqual(a.needs);
    }), { numRuns: RUNS });
  });

  test('every unmapped-field finding points at a leaf of the input', () => {
    fc.assert(fc.property(doc, (d) => {
      for (const f of convertDoc(d).findings.filter((x) => x.code === 'unmapped-field')) {
        const v = at(d, f.pointer);
        expect({ pointer: f.pointer, isLeaf: v !== undefined && v !== null && typeof v !== 'object' }).toEqual({ pointer: f.pointer, isLeaf: true });
      }
    }), { numRuns: RUNS });
  });
});

describe('job schedules', () => {
  // Found by these properties: the CronJobs of one-segment jobs with several schedules were named
  // after the schedule alone (`s1`) and registered in a namespace named after the job, so two
  // such jobs emitted the same CronJob twice (src/translate/job/names.ts, scheduleNames).
  const job = (id: string) => ({ id, run: { cpus: 0.1, mem: 32, cmd: 'date' }, schedules: [{ id: 's1', cron: '0 0 * * *' }, { id: 's2', cron: '0 1 * * *' }] });
  const jobs = [job('a'), job('b')];

  test('(the input is valid Metronome input)', () => {
    expect(jobs.flatMap((j) => validateMarathon('job', j))).toEqual([]);
  });

  test('two one-segment jobs with the same two schedule ids get distinct CronJobs named after job and schedule', () => {
    const names = convertDoc(jobs).objects.map((o) => `${o.kind} ${o.metadata.namespace ?? ''}/${o.metadata.name}`);
    expect(names).toEqual(['CronJob default/a-s1', 'CronJob default/a-s2', 'CronJob default/b-s1', 'CronJob default/b-s2']);
  });
});
