/**
 * Mutation tests over the shared corpus: each real Marathon file is damaged in the ways real
 * inputs are damaged (wrong types, deleted and duplicated keys, huge and negative numbers, empty
 * strings, very long ids and label values, unicode, deep nesting, truncation) and converted
 * together with a known-good app. Whatever the damage: no exception, no internal error, every
 * problem a finding with a known code and no stack trace, every emitted object valid, and the
 * good app of the same run still converts.
 *
 * Mutations are seeded (MUTATION_SEED, default fixed) so a failure names a reproducible case.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { FINDING_CODES, formatFinding } from '../../src/findings.js';
import { validateObject } from '../../src/kube/validate.js';
import { DEFAULT_OPTIONS } from '../../src/options.js';
import { convertSources, type ConversionResult } from '../../src/pipeline.js';
import { at, leafPointers, parentPointer, setAt, structPointers, tokens, type Json } from '../support/arbitraries.js';
import { corpusFiles, describeCorpus } from '../support/corpus.js';

const SEED = Number(process.env.MUTATION_SEED ?? 20240611);
/** How many corpus files each mutation is applied to (all of them with MUTATION_FILES=all). */
const FILES_PER_MUTATION = process.env.MUTATION_FILES === 'all' ? Infinity : Number(process.env.MUTATION_FILES ?? 40);

const GOOD = { file: 'good.json', text: JSON.stringify({ id: '/sentinel/app', container: { type: 'DOCKER', docker: { image: 'nginx:1.25' } }, cmd: 'nginx -g "daemon off;"', instances: 1 }) };

/** A small deterministic PRNG (mulberry32). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const STACK_LINE = /\n\s+at .+[:(].*\d+:\d+\)?/;

/** What every run must satisfy, whatever the input. */
function expectSafe(result: ConversionResult, label: string): void {
  const problems: string[] = [];
  for (const f of result.findings) {
    if (f.code === 'internal-error' || f.code === 'invalid-object') problems.push(`bug: ${formatFinding(f)}`);
    if (!(f.code in FINDING_CODES)) problems.push(`unknown finding code: ${formatFinding(f)}`);
    if (typeof f.message !== 'string' || f.message === '' || STACK_LINE.test(f.message) || STACK_LINE.test(f.hint ?? '')) problems.push(`unclear message: ${formatFinding(f)}`);
    if (f.message.length > 20000) problems.push(`message of ${f.message.length} characters: ${f.code} ${f.pointer}`);
  }
  for (const obj of result.objects) for (const p of validateObject(obj)) problems.push(`invalid ${obj.kind} ${obj.metadata?.name}: ${p}`);
  const sentinel = result.units.find((u) => u.file === GOOD.file);
  if (sentinel?.status !== 'converted') problems.push(`the good app of the same run did not convert: ${JSON.stringify(sentinel)}`);
  expect({ label, problems }).toEqual({ label, problems: [] });
}

function convertWithGood(file: string, text: string): ConversionResult {
  let result: ConversionResult | undefined;
  expect(() => (result = convertSources([{ file, text }, GOOD], DEFAULT_OPTIONS))).not.toThrow();
  return result!;
}

// ─── mutations: each returns the damaged text and a label (or undefined when it does not apply) ─

type Mutation = (doc: unknown, text: string, r: () => number) => { text: string; what: string } | undefined;

function pick<T>(items: readonly T[], r: () => number): T | undefined {
  return items.length === 0 ? undefined : items[Math.floor(r() * items.length)];
}

function nested(depth: number, leaf = '1'): string {
  // Built as text: a value 10,000 levels deep cannot even be JSON.stringify'd.
  return '{"a":['.repeat(depth / 2) + leaf + ']}'.repeat(depth / 2);
}

/** Replaces the value at a pointer by raw JSON text (for values JSON.stringify cannot make). */
function replaceRaw(doc: unknown, pointer: string, raw: string): string {
  const marker = `__MARKER_${Math.random().toString(36).slice(2)}__`;
  const copy = structuredClone(doc);
  setAt(copy, pointer, marker);
  return JSON.stringify(copy).replace(`"${marker}"`, raw);
}

const OTHER_TYPES: unknown[] = [null, true, 0, -1, 'x', '', [], {}, [1, 'a', null], { x: { y: [] } }, 1.5];

const MUTATIONS: Record<string, Mutation> = {
  'wrong type of a leaf': (doc, _t, r) => {
    const p = pick(leafPointers(doc), r);
    if (p === undefined) return undefined;
    const copy = structuredClone(doc);
    const v = pick(OTHER_TYPES.filter((x) => typeof x !== typeof at(doc, p)), r);
    setAt(copy, p, v);
    return { text: JSON.stringify(copy), what: `${p} = ${JSON.stringify(v)}` };
  },
  'wrong type of an object': (doc, _t, r) => {
    const p = pick(structPointers(doc).filter((x) => x !== ''), r);
    if (p === undefined) return undefined;
    const copy = structuredClone(doc);
    const v = pick(['x', 42, true, null, [], [[]], [{}]], r);
    setAt(copy, p, v);
    return { text: JSON.stringify(copy), what: `${p} = ${JSON.stringify(v)}` };
  },
  'deleted key': (doc, _t, r) => {
    const p = pick([...leafPointers(doc), ...structPointers(doc)].filter((x) => x !== '' && !/\/\d+$/.test(x)), r);
    if (p === undefined) return undefined;
    const copy = structuredClone(doc);
    const ts = tokens(p);
    delete (at(copy, parentPointer(p)) as Json)[ts[ts.length - 1]!];
    return { text: JSON.stringify(copy), what: `deleted ${p}` };
  },
  'duplicated key': (doc, _t, r) => {
    // The same key twice in one object, the first time with another type; JSON.parse keeps the last.
    const objects = structPointers(doc).filter((p) => Object.keys(at(doc, p) as Json).length > 0);
    const p = pick(objects, r);
    if (p === undefined) return undefined;
    const key = pick(Object.keys(at(doc, p) as Json), r)!;
    const marker = `__DUP_${Math.random().toString(36).slice(2)}__`;
    const copy = structuredClone(doc) as Json;
    const target = at(copy, p) as Json;
    const rebuilt: Json = { [marker]: 1, ...target };
    for (const k of Object.keys(target)) delete target[k];
    Object.assign(target, rebuilt);
    return { text: JSON.stringify(copy).replace(`"${marker}":1`, `${JSON.stringify(key)}:{"dup":[1,2]}`), what: `${p}/${key} twice` };
  },
  'huge and negative numbers': (doc, _t, r) => {
    const numbers = leafPointers(doc).filter((p) => typeof at(doc, p) === 'number');
    const p = pick(numbers.length > 0 ? numbers : leafPointers(doc), r);
    if (p === undefined) return undefined;
    const raw = pick(['1e400', '-1e400', '1e308', '-1', '-0', '9007199254740993', '-9007199254740993', '1e-320', '123456789012345678901234567890', '0.1e1'], r)!;
    return { text: replaceRaw(doc, p, raw), what: `${p} = ${raw}` };
  },
  'empty strings': (doc) => {
    const copy = structuredClone(doc);
    const strings = leafPointers(doc).filter((p) => typeof at(doc, p) === 'string');
    if (strings.length === 0) return undefined;
    for (const p of strings) setAt(copy, p, '');
    return { text: JSON.stringify(copy), what: `${strings.length} strings emptied` };
  },
  'very long id and label values': (doc, _t, r) => {
    const copy = structuredClone(doc) as Json;
    const apps = appObjects(copy);
    if (apps.length === 0) return undefined;
    const app = pick(apps, r)!;
    app.id = '/' + Array.from({ length: 200 }, (_, i) => `segment-${i}-${'x'.repeat(40)}`).join('/');
    app.labels = { ...(app.labels as Json | undefined), long: 'v'.repeat(100_000), ['k'.repeat(5000)]: 'x', HAPROXY_0_VHOST: 'h'.repeat(3000) + '.example.com' };
    app.env = { ...(app.env as Json | undefined), LONG: 'e'.repeat(1_000_000) };
    return { text: JSON.stringify(copy), what: 'long id, labels, env' };
  },
  'unicode everywhere': (doc, _t, r) => {
    const copy = structuredClone(doc);
    const samples = ['Ünïcödé', '日本語のアプリ', 'مرحبا', '🚀💥', 'e\u0301\u0301', '\u202etxt.exe', 'a\u0000b', '\ufeffbom', 'Ⅻ', 'ǅ'];
    for (const p of leafPointers(doc).filter((x) => typeof at(doc, x) === 'string')) {
      if (r() < 0.5) setAt(copy, p, (at(doc, p) as string) + pick(samples, r));
    }
    // Lone surrogates exist only as JSON escapes.
    return { text: JSON.stringify(copy).replace(/"id":"([^"]*)"/, '"id":"$1\\ud800"'), what: 'unicode' };
  },
  'deep nesting': (doc, _t, r) => {
    const p = pick(structPointers(doc), r);
    if (p === undefined) return undefined;
    const key = pick(['x-deep', 'labels', 'env', 'container', 'healthChecks', 'constraints'], r)!;
    const copy = structuredClone(doc);
    const marker = `__DEEP_${Math.random().toString(36).slice(2)}__`;
    (at(copy, p) as Json)[key] = marker;
    return { text: JSON.stringify(copy).replace(`"${marker}"`, nested(10_000)), what: `${p}/${key} nested 10,000 levels` };
  },
  truncated: (_doc, text, r) => {
    const cut = 1 + Math.floor(r() * (text.length - 2));
    return { text: text.slice(0, cut), what: `cut at ${cut} of ${text.length}` };
  },
};

/** The app objects of a document (single app, list, {"apps": …}, nested groups). */
function appObjects(doc: unknown): Json[] {
  const out: Json[] = [];
  const walk = (v: unknown, depth: number) => {
    if (depth > 50 || v === null || typeof v !== 'object') return;
    if (Array.isArray(v)) return v.forEach((x) => walk(x, depth + 1));
    const o = v as Json;
    if (typeof o.id === 'string' && !Array.isArray(o.apps) && !Array.isArray(o.groups) && !Array.isArray(o.containers)) out.push(o);
    for (const k of ['apps', 'groups', 'app']) if (o[k] !== undefined) walk(o[k], depth + 1);
  };
  walk(doc, 0);
  return out;
}

describeCorpus('robustness: mutated corpus files', () => {
  const files = [...corpusFiles('apps'), ...corpusFiles('groups'), ...corpusFiles('pods')];
  const parsed = files.flatMap((file) => {
    const text = readFileSync(file, 'utf8');
    try {
      return [{ file, text, doc: JSON.parse(text) as unknown }];
    } catch {
      return [];
    }
  });

  test('the corpus has files to mutate', () => {
    expect(parsed.length).toBeGreaterThan(200);
  });

  describe.each(Object.keys(MUTATIONS))('%s', (name) => {
    test(`never crashes, reports clearly, and the rest of the run converts`, () => {
      const r = rng(SEED ^ hash(name));
      const chosen = [...parsed].sort(() => r() - 0.5).slice(0, Math.min(FILES_PER_MUTATION, parsed.length));
      for (const { file, text, doc } of chosen) {
        const mutated = MUTATIONS[name]!(doc, text, r);
        if (!mutated) continue;
        const label = `${basename(file)}: ${mutated.what}`;
        expectSafe(convertWithGood(file, mutated.text), label);
      }
    });
  });

  test('every corpus file truncated at every 97th byte is a json-syntax error, never a crash', () => {
    const r = rng(SEED);
    for (const { file, text } of [...parsed].sort(() => r() - 0.5).slice(0, 10)) {
      for (let cut = 1; cut < text.trimEnd().length; cut += 97) {
        const result = convertWithGood(file, text.slice(0, cut));
        expectSafe(result, `${basename(file)} cut at ${cut}`);
        expect(result.findings.filter((f) => f.file === file).map((f) => f.code)).toContain('json-syntax');
      }
    }
  });
});

describe('robustness: inputs that are not Marathon definitions', () => {
  const cases: [string, string][] = [
    ['an empty file', ''],
    ['whitespace only', ' \n\t\r\n'],
    ['a byte order mark only', '\ufeff'],
    ['null', 'null'],
    ['a number', '42'],
    ['a string', '"app"'],
    ['an empty object', '{}'],
    ['an empty array', '[]'],
    ['an empty app list', '{"apps":[]}'],
    ['apps that are not objects', '{"apps":[1,"x",null,[]]}'],
    ['an app with only an id', '{"id":"/x"}'],
    ['an id that is only slashes', '{"id":"///","cmd":"x"}'],
    ['an id that is only dots', '{"id":"/../..","cmd":"x"}'],
    ['an id with NUL', '{"id":"/a\\u0000b","cmd":"x"}'],
    ['two JSON values', '{"id":"/a","cmd":"x"}{"id":"/b","cmd":"y"}'],
    ['JSON with comments', '{"id":"/a", // note\n "cmd":"x"}'],
    ['a template placeholder', '{"id":"/a","cmd":"x","instances":{{count}}}'],
    ['a 10,000-level nested array', nested(10_000)],
    ['a 10,000-level nested app list', `{"apps":[${nested(10_000)}]}`],
    ['invalid UTF-8 decoded', Buffer.from([0x7b, 0xff, 0xfe, 0xc3, 0x28, 0x7d]).toString('utf8')],
    ['a lone surrogate escape', '{"id":"/a\\ud800","cmd":"x"}'],
    ['a huge number', '{"id":"/a","cmd":"x","instances":1e400,"cpus":-1e400,"mem":1e308}'],
    ['a proto key', '{"id":"/a","cmd":"x","__proto__":{"polluted":true},"labels":{"__proto__":"x","constructor":"y"},"env":{"__proto__":"z"}}'],
  ];
  test.each(cases)('%s: a clear finding, and the rest of the run converts', (_name, text) => {
    const result = convertWithGood('input.json', text);
    expectSafe(result, _name);
    expect(({} as Json).polluted).toBeUndefined();
  });
});

// The corpus holds no Metronome jobs: the job fixtures (written for this project) are mutated the same way.
describe('robustness: mutated Metronome jobs (fixtures/jobs)', () => {
  const dir = join(import.meta.dirname, '..', '..', 'fixtures', 'jobs');
  const jobs = readdirSync(dir).filter((d) => existsSync(join(dir, d, 'input.json'))).map((d) => {
    const file = join(dir, d, 'input.json');
    const text = readFileSync(file, 'utf8');
    return { file, text, doc: JSON.parse(text) as unknown };
  });

  test('there are job fixtures to mutate', () => {
    expect(jobs.length).toBeGreaterThan(10);
  });

  test.each(Object.keys(MUTATIONS))('%s: never crashes, reports clearly, and the rest of the run converts', (name) => {
    const r = rng(SEED ^ hash(`jobs:${name}`));
    for (const { file, text, doc } of jobs) {
      const mutated = MUTATIONS[name]!(doc, text, r);
      if (mutated) expectSafe(convertWithGood(file, mutated.text), `${basename(dirname(file))}: ${mutated.what}`);
    }
  });
});

function hash(s: string): number {
  let h = 0;
  for (const c of s) h = (Math.imul(h, 31) + c.charCodeAt(0)) | 0;
  return h;
}
