/**
 * Child process of test/performance/growth.test.ts: how much work converting N Marathon objects
 * takes, counted, not timed. V8's precise coverage (the inspector's Profiler, callCount +
 * detailed) counts how many times every block of JavaScript ran — marathon2k8s, js-yaml, ajv,
 * kubernetes-models alike — exactly and whatever else the machine is doing. A step that turns
 * quadratic shows as a function whose count grows 4× when the input doubles.
 *
 *   node test/support/operation-counts.mjs N [N2 …]     (N, or xK for K times the fixture pool)
 *
 * The input cycles through every app, pod and group member of the golden fixtures (legacy forms,
 * schema errors, placeholders, packages…) with distinct ids in nested groups, and every 40th
 * member repeats an earlier id (a stray duplicate definition, as when one export is given twice).
 * Each size is converted and serialized to YAML as `convert` does. Prints one JSON line:
 * {sizes: [{n, total, byFunction: {key: count}}]}.
 */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const { convertSources } = await import(join(ROOT, 'dist/src/pipeline.js'));
const { DEFAULT_OPTIONS } = await import(join(ROOT, 'dist/src/options.js'));
const { toYamlStream } = await import(join(ROOT, 'dist/src/emit/serialize.js'));

const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Every app and pod of the fixtures, in a stable order. */
function fixtureMembers() {
  const members = [];
  const add = (kind, raw) => members.push({ kind, raw });
  const flatten = (group) => {
    for (const a of Array.isArray(group.apps) ? group.apps : []) if (isObject(a)) add('app', a);
    for (const p of Array.isArray(group.pods) ? group.pods : []) if (isObject(p)) add('pod', isObject(p.spec) && !Array.isArray(p.containers) ? p.spec : p);
    for (const g of Array.isArray(group.groups) ? group.groups : []) if (isObject(g)) flatten(g);
  };
  for (const kind of ['apps', 'pods', 'groups']) {
    const dir = join(ROOT, 'fixtures', kind);
    for (const name of readdirSync(dir).sort()) {
      const file = join(dir, name, 'input.json');
      if (!existsSync(file)) continue;
      let doc;
      try {
        doc = JSON.parse(readFileSync(file, 'utf8'));
      } catch {
        continue; // a fixture of a JSON syntax error cannot sit in an export
      }
      if (Array.isArray(doc)) doc.filter(isObject).forEach((a) => add('app', a));
      else if (!isObject(doc)) continue;
      else if (Array.isArray(doc.apps) || Array.isArray(doc.groups) || Array.isArray(doc.pods)) flatten(doc);
      else if (isObject(doc.app)) add('app', doc.app);
      else if (kind === 'pods') add('pod', doc);
      else if (kind === 'apps') add('app', doc);
    }
  }
  return members;
}

const leafOf = (raw) => (typeof raw.id === 'string' ? raw.id.split('/').filter(Boolean).pop() : undefined);

/** A GET /v2/groups export of n members: /t<k>/s<m>/<leaf>-<i>, 25 per leaf group. */
function exportOf(pool, n) {
  const teams = new Map();
  for (let i = 0; i < n; i++) {
    const m = pool[i % pool.length];
    const raw = structuredClone(m.raw);
    const group = `/t${Math.floor(i / 250)}/s${Math.floor(i / 25) % 10}`;
    // Every 40th member takes the id of the member 20 before it: a duplicate definition.
    const k = i % 40 === 39 ? i - 20 : i;
    const leaf = leafOf(pool[k % pool.length].raw) ?? leafOf(raw);
    if (typeof raw.id === 'string' && leaf !== undefined) raw.id = `/t${Math.floor(k / 250)}/s${Math.floor(k / 25) % 10}/${leaf}-${k.toString(36)}`;
    const team = group.split('/')[1];
    if (!teams.has(team)) teams.set(team, new Map());
    const groups = teams.get(team);
    if (!groups.has(group)) groups.set(group, { id: group, apps: [], pods: [], groups: [] });
    groups.get(group)[m.kind === 'pod' ? 'pods' : 'apps'].push(raw);
  }
  return {
    id: '/',
    groups: [...teams].map(([team, groups]) => ({ id: `/${team}`, apps: [], groups: [...groups.values()] })),
  };
}

const pool = fixtureMembers();
// `x4` is four times the pool: whole cycles keep the mix of members the same at every size, so
// a linear step grows exactly with the size.
const sizes = process.argv.slice(2).map((a) => (a.startsWith('x') ? Number(a.slice(1)) * pool.length : Number(a)));
const session = new Session();
session.connect();
await session.post('Profiler.enable');
await session.post('Profiler.startPreciseCoverage', { callCount: true, detailed: true });

const convert = (n) => {
  const text = JSON.stringify(exportOf(pool, n));
  const result = convertSources([{ file: 'export.json', text }], DEFAULT_OPTIONS);
  toYamlStream(result.objects);
  return result;
};

convert(50); // one-time work (schema compilation, module loading) out of the way
await session.post('Profiler.takePreciseCoverage'); // and its counts reset

const out = [];
for (const n of sizes) {
  const result = convert(n);
  const { result: scripts } = await session.post('Profiler.takePreciseCoverage');
  const byFunction = {};
  let total = 0;
  for (const script of scripts) {
    const url = script.url.replace(`file://${ROOT}/`, '');
    if (url.startsWith('node:') || url === '') continue; // Node's own internals
    for (const fn of script.functions) {
      // Blocks executed: the function's range counts its calls, nested ranges its branches and
      // loop bodies.
      let count = 0;
      for (const r of fn.ranges) count += r.count;
      if (count === 0) continue;
      const key = `${fn.functionName || '(anonymous)'} ${url}@${fn.ranges[0].startOffset}`;
      byFunction[key] = (byFunction[key] ?? 0) + count;
      total += count;
    }
  }
  out.push({ n, objects: result.objects.length, findings: result.findings.length, total, byFunction });
}
await session.post('Profiler.stopPreciseCoverage');
session.disconnect();
process.stdout.write(JSON.stringify({ members: pool.length, sizes: out }) + '\n');
