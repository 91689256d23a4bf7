/**
 * Summary of a V8 `.cpuprofile` (node --cpu-prof): self time per function and per file, with
 * positions in dist/*.js mapped back to src/*.ts through the emitted source maps.
 *
 *   node dist/scripts/bench/profile.js FILE.cpuprofile [--top 25]
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { flag, packageRoot } from './generate.js';

interface CallFrame { functionName: string; url: string; lineNumber: number; columnNumber: number }
interface ProfileNode { id: number; callFrame: CallFrame; children?: number[] }
interface CpuProfile { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number }

export interface HotSpot { where: string; fn: string; selfMs: number; share: number }
export interface ProfileSummary { totalMs: number; functions: HotSpot[]; files: HotSpot[]; packages: HotSpot[]; inclusive: HotSpot[] }

// ─── source maps (just enough: VLQ mappings → original line) ───────────────────────────────

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

interface Segment { col: number; src: number; line: number }

class SourceMap {
  private readonly lines: Segment[][] = [];
  readonly sources: string[];

  constructor(path: string) {
    const map = JSON.parse(readFileSync(path, 'utf8')) as { sources: string[]; mappings: string; sourceRoot?: string };
    this.sources = map.sources.map((s) => resolve(dirname(path), map.sourceRoot ?? '', s));
    let src = 0;
    let line = 0;
    for (const text of map.mappings.split(';')) {
      const segs: Segment[] = [];
      let col = 0;
      for (const seg of text.split(',')) {
        if (!seg) continue;
        const v = decodeVlq(seg);
        col += v[0]!;
        if (v.length >= 4) {
          src += v[1]!;
          line += v[2]!;
          segs.push({ col, src, line });
        }
      }
      this.lines.push(segs);
    }
  }

  /** The original source and 1-based line of a 0-based generated line and column. */
  lookup(line: number, col: number): { source: string; line: number } | undefined {
    const segs = this.lines[line];
    if (!segs || segs.length === 0) return undefined;
    let best = segs[0]!;
    for (const s of segs) if (s.col <= col) best = s;
    return { source: this.sources[best.src]!, line: best.line + 1 };
  }
}

function decodeVlq(text: string): number[] {
  const out: number[] = [];
  let value = 0;
  let shift = 0;
  for (const ch of text) {
    const digit = B64.indexOf(ch);
    value += (digit & 31) << shift;
    if (digit & 32) shift += 5;
    else {
      out.push(value & 1 ? -(value >>> 1) : value >>> 1);
      value = 0;
      shift = 0;
    }
  }
  return out;
}

const maps = new Map<string, SourceMap | null>();

function mapPosition(file: string, line: number, col: number): { file: string; line: number } {
  if (!maps.has(file)) maps.set(file, existsSync(file + '.map') ? new SourceMap(file + '.map') : null);
  const hit = maps.get(file)?.lookup(line, col);
  return hit ? { file: hit.source, line: hit.line } : { file, line: line + 1 };
}

// ─── summary ───────────────────────────────────────────────────────────────────────────────

function displayPath(file: string): string {
  const root = packageRoot();
  const rel = relative(root, file);
  if (rel.startsWith('node_modules/')) return rel.slice('node_modules/'.length);
  return rel.startsWith('..') ? file : rel;
}

/** Which package (or `marathon2k8s src`, or `node:*`) a frame belongs to. */
function packageOf(path: string): string {
  if (path.startsWith('node:') || path === '') return path || '(native / GC / idle)';
  const nm = path.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = path.slice(nm + 'node_modules/'.length).split('/');
    return rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]!;
  }
  const rel = relative(packageRoot(), path);
  return rel.startsWith('src/') || rel.startsWith('dist/src/') ? 'marathon2k8s src' : rel;
}

export function summarize(profilePath: string, top = 25): ProfileSummary {
  const profile = JSON.parse(readFileSync(profilePath, 'utf8')) as CpuProfile;
  const selfUs = new Map<number, number>();
  for (let i = 0; i < profile.samples.length; i++) {
    const id = profile.samples[i]!;
    selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  }
  const totalUs = [...selfUs.values()].reduce((a, b) => a + b, 0);
  const byFn = new Map<string, { fn: string; us: number }>();
  const byFile = new Map<string, number>();
  const byPkg = new Map<string, number>();
  for (const node of profile.nodes) {
    const us = selfUs.get(node.id) ?? 0;
    if (us === 0) continue;
    const { url, lineNumber, columnNumber, functionName } = node.callFrame;
    let where: string;
    let file = '';
    if (url.startsWith('file://')) {
      const pos = mapPosition(fileURLToPath(url), lineNumber, columnNumber);
      file = pos.file;
      where = `${displayPath(pos.file)}:${pos.line}`;
    } else {
      file = url;
      where = url ? `${url}:${lineNumber + 1}` : `(${functionName || 'native'})`;
    }
    const key = `${where} ${functionName}`;
    const entry = byFn.get(key) ?? { fn: functionName || '(anonymous)', us: 0 };
    entry.us += us;
    byFn.set(key, entry);
    const fileKey = file ? displayPath(file) : `(${functionName})`;
    byFile.set(fileKey, (byFile.get(fileKey) ?? 0) + us);
    const pkg = file ? packageOf(file) : `(${functionName})`;
    byPkg.set(pkg, (byPkg.get(pkg) ?? 0) + us);
  }
  // Inclusive (total) time of the project's own functions: where the time goes below them.
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const c of node.children ?? []) parent.set(c, node.id);
  const nodeById = new Map(profile.nodes.map((n) => [n.id, n]));
  const ownKey = new Map<number, string | null>();
  const keyOf = (id: number): string | null => {
    if (ownKey.has(id)) return ownKey.get(id)!;
    const { url, lineNumber, columnNumber, functionName } = nodeById.get(id)!.callFrame;
    let key: string | null = null;
    if (url.startsWith('file://') && !url.includes('/node_modules/')) {
      const pos = mapPosition(fileURLToPath(url), lineNumber, columnNumber);
      if (packageOf(pos.file) === 'marathon2k8s src') key = `${displayPath(pos.file)}:${pos.line} ${functionName || '(anonymous)'}`;
    }
    ownKey.set(id, key);
    return key;
  };
  const inclusiveUs = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const seen = new Set<string>();
    for (let n: number | undefined = id; n !== undefined; n = parent.get(n)) {
      const key = keyOf(n);
      if (key && !seen.has(key)) {
        seen.add(key);
        inclusiveUs.set(key, (inclusiveUs.get(key) ?? 0) + us);
      }
    }
  }
  const spot = (where: string, fn: string, us: number): HotSpot => ({ where, fn, selfMs: Math.round(us / 1000), share: us / totalUs });
  return {
    totalMs: Math.round(totalUs / 1000),
    functions: [...byFn.entries()].sort((a, b) => b[1].us - a[1].us).slice(0, top).map(([k, v]) => spot(k.slice(0, k.lastIndexOf(' ')), v.fn, v.us)),
    files: [...byFile.entries()].sort((a, b) => b[1] - a[1]).slice(0, top).map(([k, us]) => spot(k, '', us)),
    packages: [...byPkg.entries()].sort((a, b) => b[1] - a[1]).slice(0, 15).map(([k, us]) => spot(k, '', us)),
    inclusive: [...inclusiveUs.entries()].sort((a, b) => b[1] - a[1]).slice(0, top).map(([k, us]) => spot(k.slice(0, k.indexOf(' ')), k.slice(k.indexOf(' ') + 1), us)),
  };
}

export function formatSummary(s: ProfileSummary): string {
  const pct = (x: number) => `${(x * 100).toFixed(1).padStart(5)}%`;
  const lines = [`CPU profile: ${s.totalMs} ms sampled`, '', 'self time by package:'];
  for (const p of s.packages) lines.push(`  ${pct(p.share)} ${String(p.selfMs).padStart(6)} ms  ${p.where}`);
  lines.push('', 'self time by function:');
  for (const f of s.functions) lines.push(`  ${pct(f.share)} ${String(f.selfMs).padStart(6)} ms  ${f.fn}  ${f.where}`);
  lines.push('', 'total time (self + callees) of marathon2k8s functions:');
  for (const f of s.inclusive) lines.push(`  ${pct(f.share)} ${String(f.selfMs).padStart(6)} ms  ${f.fn}  ${f.where}`);
  lines.push('', 'self time by file:');
  for (const f of s.files) lines.push(`  ${pct(f.share)} ${String(f.selfMs).padStart(6)} ms  ${f.where}`);
  return lines.join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const argv = process.argv.slice(2);
  process.stdout.write(formatSummary(summarize(argv[0]!, Number(flag(argv, '--top') ?? 25))) + '\n');
}
