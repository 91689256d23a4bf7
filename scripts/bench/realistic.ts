/**
 * The realistic benchmark shape: a GET /v2/groups export built by cycling every real-world
 * Marathon app and pod of the shared corpus (`../shared/corpus`: apps, app lists, groups, pods and
 * the broken ones that still parse as JSON — legacy forms, schema errors, unrendered templates,
 * packages, all of them) until there are N, each with a distinct id, in nested groups.
 *
 * The synthetic shape (generate.ts) makes schema-valid apps with a realistic feature mix; real
 * exports are not like that, and they hit other code paths (schema issues spread over a group
 * tree, legacy normalization, findings by the thousand). Both are benchmarked.
 *
 *   node dist/scripts/bench/realistic.js --n 10000 --out export.json [--corpus DIR]
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { detect } from '../../src/marathon/detect.js';
import { exportWriter, flag, packageRoot } from './generate.js';

type Json = Record<string, unknown>;

export interface CorpusMember {
  kind: 'app' | 'pod';
  /** The corpus file it came from (for the benchmark's notes). */
  file: string;
  raw: Json;
}

export function defaultCorpusDir(): string {
  return resolve(process.env.MARATHON2K8S_CORPUS ?? resolve(packageRoot(), '..', 'shared', 'corpus'));
}

/** Every app and pod of the corpus, in a stable order (directory, then file name, then position). */
/** `jobs`: Metronome jobs and Edge-LB pools found (not part of a group export). */
export function corpusMembers(corpusDir = defaultCorpusDir()): { members: CorpusMember[]; unparsable: number; jobs: number } {
  const members: CorpusMember[] = [];
  let unparsable = 0;
  let jobs = 0;
  for (const dir of ['apps', 'groups', 'pods', 'broken']) {
    const path = join(corpusDir, dir);
    if (!existsSync(path)) continue;
    for (const name of readdirSync(path).sort()) {
      let doc: unknown;
      try {
        doc = JSON.parse(readFileSync(join(path, name), 'utf8'));
      } catch {
        unparsable++; // templates with {{ }} and truncated files: not JSON, cannot sit in an export
        continue;
      }
      const found = detect(doc);
      if (!found.ok) {
        // Still a real input: put it in as an app, as a careless export would.
        if (doc !== null && typeof doc === 'object' && !Array.isArray(doc)) members.push({ kind: 'app', file: `${dir}/${name}`, raw: doc as Json });
        else unparsable++;
        continue;
      }
      for (const o of found.objects) {
        // Jobs and Edge-LB pools do not sit in a Marathon group export.
        if (o.kind === 'job' || o.kind === 'edgelb-pool') jobs++;
        else if (o.kind === 'group') flattenGroup(o.raw, `${dir}/${name}`, members);
        else members.push({ kind: o.kind, file: `${dir}/${name}`, raw: o.raw });
      }
    }
  }
  return { members, unparsable, jobs };
}

function flattenGroup(group: Json, file: string, out: CorpusMember[]): void {
  for (const app of Array.isArray(group.apps) ? group.apps : []) if (isJson(app)) out.push({ kind: 'app', file, raw: app });
  for (const pod of Array.isArray(group.pods) ? group.pods : []) if (isJson(pod)) out.push({ kind: 'pod', file, raw: pod });
  for (const g of Array.isArray(group.groups) ? group.groups : []) if (isJson(g)) flattenGroup(g, file, out);
}

function isJson(v: unknown): v is Json {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Apps per leaf group, and leaf groups per team: /t<k>/s<m>/<name>-<i>. */
const APPS_PER_GROUP = 50;
const GROUPS_PER_TEAM = 10;

/** The last segment of the original id (kept as written, invalid or not), or a stand-in. */
function leafName(raw: Json): string | undefined {
  if (typeof raw.id !== 'string') return undefined;
  const segs = raw.id.split('/').filter(Boolean);
  return segs.length ? segs[segs.length - 1] : undefined;
}

/**
 * The i-th member of the export: corpus member i mod size, with the id /t<k>/s<m>/<leaf>-<i in
 * base 36>. A member without an id keeps none (Marathon would have rejected it; the converter
 * must say so) — that is what a real broken export holds.
 */
export function memberAt(pool: readonly CorpusMember[], i: number): { kind: 'app' | 'pod'; group: string; raw: Json } {
  const m = pool[i % pool.length]!;
  const raw = structuredClone(m.raw);
  const team = Math.floor(i / (APPS_PER_GROUP * GROUPS_PER_TEAM));
  const group = `/t${team}/s${Math.floor(i / APPS_PER_GROUP) % GROUPS_PER_TEAM}`;
  // A pod status (GET /v2/groups?embed=group.pods) carries the definition, and its id, in `spec`.
  const definition = isJson(raw.spec) && !Array.isArray(raw.containers) ? raw.spec : raw;
  const leaf = leafName(definition);
  if (leaf !== undefined) {
    definition.id = `${group}/${leaf}-${i.toString(36)}`;
    if (definition !== raw) raw.id = definition.id;
  }
  return { kind: m.kind, group, raw };
}

/**
 * Writes the group export, one leaf group at a time (100,000 apps never sit in memory as one
 * string). Resolves to what was written.
 */
export async function writeRealisticExport(path: string, n: number, corpusDir = defaultCorpusDir()): Promise<{ apps: number; pods: number; bytes: number; pool: number }> {
  const { members } = corpusMembers(corpusDir);
  if (members.length === 0) throw new Error(`no Marathon apps found in ${corpusDir} (set MARATHON2K8S_CORPUS)`);
  const { write, end } = exportWriter(path);
  let apps = 0;
  let pods = 0;
  const teams = Math.ceil(n / (APPS_PER_GROUP * GROUPS_PER_TEAM));
  await write('{"id":"/","apps":[],"pods":[],"dependencies":[],"groups":[');
  for (let t = 0; t < teams; t++) {
    await write(`${t ? ',' : ''}{"id":"/t${t}","apps":[],"pods":[],"dependencies":[],"groups":[`);
    let firstGroup = true;
    for (let s = 0; s < GROUPS_PER_TEAM; s++) {
      const start = (t * GROUPS_PER_TEAM + s) * APPS_PER_GROUP;
      if (start >= n) break;
      const groupApps: Json[] = [];
      const groupPods: Json[] = [];
      for (let i = start; i < Math.min(n, start + APPS_PER_GROUP); i++) {
        const m = memberAt(members, i);
        if (m.kind === 'pod') groupPods.push(m.raw);
        else groupApps.push(m.raw);
      }
      apps += groupApps.length;
      pods += groupPods.length;
      await write((firstGroup ? '' : ',') + JSON.stringify({ id: `/t${t}/s${s}`, apps: groupApps, pods: groupPods, groups: [], dependencies: [] }));
      firstGroup = false;
    }
    await write(']}');
  }
  await write(']}\n');
  return { apps, pods, bytes: await end(), pool: members.length };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const argv = process.argv.slice(2);
  const out = flag(argv, '--out') ?? 'export.json';
  const n = Number(flag(argv, '--n') ?? 10000);
  const r = await writeRealisticExport(out, n, flag(argv, '--corpus') ?? defaultCorpusDir());
  process.stderr.write(`wrote ${r.apps} apps and ${r.pods} pods cycled from ${r.pool} corpus members (${(r.bytes / 1e6).toFixed(1)} MB) to ${out}\n`);
}
