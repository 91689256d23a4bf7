/**
 * `npm run bench`: how fast and how flat in memory marathon2k8s converts a large Marathon
 * export, measured against the floor for the same work (issues 7 and 13).
 *
 * Two shapes, side by side:
 *   - synthetic: a seeded GET /v2/apps export of schema-valid apps with the corpus's feature mix
 *     (generate.ts);
 *   - realistic: a GET /v2/groups export cycling every real app and pod of ../shared/corpus,
 *     invalid and legacy ones included (realistic.ts; skipped with a notice without the corpus).
 * Each is converted twice as a user does: YAML to stdout (`convert export.json > out.yaml`) and
 * `convert export.json --out DIR`, each beside its own floor measured in the same run (node start
 * + JSON.parse + js-yaml dump of the very objects convert emits, to stdout or into the same files).
 *
 *   npm run bench                       both shapes at 10,000 apps, growth 10k → 20k
 *   npm run bench -- --all              1k, 10k, 100k apps; growth for N = 10k, 20k, 50k, 100k
 *   npm run bench -- --sizes 1000,10000 --shapes realistic --growth 10000,20000 --runs 3
 *   npm run bench -- --profile          also a CPU profile of convert (node --cpu-prof), summarized
 *   flags: --runs N  --seed N  --json FILE (default bench-results.json)  --workdir DIR  --keep
 *          --no-growth
 *
 * Every figure is the median of its runs; child processes do the work so one measurement never
 * inherits another's heap. The targets are ratios measured in the same run, because the
 * machine is shared and noisy.
 */
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { flag, packageRoot, writeExport } from './generate.js';
import { formatSummary, summarize, type ProfileSummary } from './profile.js';
import { defaultCorpusDir, writeRealisticExport } from './realistic.js';

const ROOT = packageRoot();
const DIST = join(ROOT, 'dist');
const MAIN = join(DIST, 'src', 'cli', 'main.js');
const HERE = join(DIST, 'scripts', 'bench');
const TIME = '/usr/bin/time';
const HAS_GNU_TIME = existsSync(TIME) && spawnSync(TIME, ['-v', 'true'], { encoding: 'utf8' }).stderr?.includes('Maximum resident set size');

type Shape = 'synthetic' | 'realistic';
type Mode = 'stdout' | 'out';

/** Issue 13's targets (ratios measured in one run). */
const TARGETS = {
  floorRatio: { synthetic: 1.5, realistic: 2 } as Record<Shape, number>,
  rssMb10k: 400,
  rssMb100k: 1536,
  linearity: 10.5,
  growth: 2.3,
  versionOverNodeMs: 60,
  oneAppOverNodeMs: 250,
};

interface Measured { median: number; runs: number[] }

interface ModeResult { wallMs: Measured; peakRssMb: Measured; floorMs: Measured; ratioToFloor: number }

interface SizeResult {
  shape: Shape;
  apps: number;
  exportMb: number;
  converted: number;
  failed: number;
  objects: number;
  files: number;
  findings: number;
  findingsByCode: Record<string, number>;
  inProcess: { convertMs: Measured; parseMs: Measured; appsPerSecond: number };
  stdout: ModeResult;
  out: ModeResult;
  rssSource: string;
}

interface Growth { shape: Shape; n: number; ms: Measured; doubledMs: Measured; ratio: number }

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

function measured(runs: number[]): Measured {
  return { median: median(runs), runs: runs.map((r) => Math.round(r * 10) / 10) };
}

/** Runs a command and returns its wall time in ms (spawn + run + exit). */
function timed(cmd: string, args: string[], options: SpawnSyncOptions = {}): { ms: number; stdout: string; stderr: string; status: number | null } {
  const t = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 30, ...options });
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  if (r.error) throw r.error;
  return { ms, stdout: String(r.stdout ?? ''), stderr: String(r.stderr ?? ''), status: r.status };
}

/** Lets the file system finish the deletes before the next timed run. */
function settle(): void {
  spawnSync('sync');
  spawnSync(process.execPath, ['-e', 'setTimeout(() => {}, 3000)']);
}

function log(line: string): void {
  process.stderr.write(line + '\n');
}

/**
 * One `convert` as a user runs it — to stdout redirected into a file, or `--out DIR` — with its
 * wall time and peak RSS. Findings are printed (to /dev/null): writing them is part of the job.
 */
function endToEnd(exportFile: string, mode: Mode, target: string, work: string): { ms: number; rssKb: number } {
  const args = [MAIN, 'convert', exportFile, ...(mode === 'out' ? ['--out', target] : [])];
  const stdoutFd = mode === 'stdout' ? openSync(target, 'w') : 'ignore';
  try {
    const stdio: SpawnSyncOptions['stdio'] = ['ignore', stdoutFd, 'ignore'];
    if (HAS_GNU_TIME) {
      const timeFile = join(work, 'time.txt');
      const r = timed(TIME, ['-v', '-o', timeFile, process.execPath, ...args], { stdio });
      const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(readFileSync(timeFile, 'utf8'));
      return { ms: r.ms, rssKb: Number(rss?.[1] ?? NaN) };
    }
    const rssFile = join(work, 'maxrss.txt');
    const r = timed(process.execPath, ['--import', join(HERE, 'maxrss-preload.js'), ...args], { stdio, env: { ...process.env, BENCH_MAXRSS_FILE: rssFile } });
    return { ms: r.ms, rssKb: Number(readFileSync(rssFile, 'utf8')) };
  } finally {
    if (typeof stdoutFd === 'number') closeSync(stdoutFd);
  }
}

/** The floor of one mode: its wall time minus the time to load the plan (not part of the floor). */
function floorRun(exportFile: string, planFile: string, mode: Mode, target: string): number {
  const stdoutFd = mode === 'stdout' ? openSync(target, 'w') : 'pipe';
  try {
    const f = timed(process.execPath, [join(HERE, 'floor.js'), exportFile, planFile, mode === 'stdout' ? '-' : target], { stdio: ['ignore', stdoutFd, 'pipe'] });
    if (f.status !== 0) throw new Error(`floor run failed (exit ${f.status}): ${f.stderr}`);
    const report = mode === 'stdout' ? f.stderr : f.stdout;
    return f.ms - (JSON.parse(report.trim().split('\n').pop()!) as { loadPlanMs: number }).loadPlanMs;
  } finally {
    if (typeof stdoutFd === 'number') closeSync(stdoutFd);
  }
}

/** Both modes of one export, each alternating with its floor so both see the same machine. */
function benchMode(exportFile: string, planFile: string, mode: Mode, runs: number, work: string): ModeResult {
  const e2e: { ms: number; rssKb: number }[] = [];
  const floor: number[] = [];
  const targets: string[] = [];
  for (let r = 0; r < runs; r++) {
    const out = join(work, mode === 'out' ? `out-${r}` : `out-${r}.yaml`);
    const floorOut = join(work, mode === 'out' ? `floor-out-${r}` : `floor-out-${r}.yaml`);
    for (const t of [out, floorOut]) rmSync(t, { recursive: true, force: true });
    targets.push(out, floorOut);
    e2e.push(endToEnd(exportFile, mode, out, work));
    floor.push(floorRun(exportFile, planFile, mode, floorOut));
  }
  // Deleting tens of thousands of files slows the next writes for seconds (ext4 with discard):
  // outputs are removed only after all timed runs.
  for (const t of targets) rmSync(t, { recursive: true, force: true });
  settle();
  const wallMs = measured(e2e.map((r) => r.ms));
  const floorMs = measured(floor);
  return { wallMs, peakRssMb: measured(e2e.map((r) => r.rssKb / 1024)), floorMs, ratioToFloor: wallMs.median / floorMs.median };
}

function exportPath(work: string, shape: Shape, n: number, seed: number): string {
  return join(work, shape === 'synthetic' ? `export-apps-${n}-s${seed}.json` : `export-realistic-${n}.json`);
}

async function ensureExport(work: string, shape: Shape, n: number, seed: number): Promise<string> {
  const file = exportPath(work, shape, n, seed);
  if (existsSync(file)) return file;
  log(`generating ${n} apps (${shape})…`);
  if (shape === 'synthetic') {
    const g = await writeExport(file, { n, seed, shape: 'apps', exportNoise: 0.5, indexPath: join(defaultCorpusDir(), 'INDEX.tsv') });
    log(`  ${(g.bytes / 1e6).toFixed(1)} MB; feature mix from ${g.mix}`);
  } else {
    const g = await writeRealisticExport(file, n);
    log(`  ${(g.bytes / 1e6).toFixed(1)} MB: ${g.apps} apps and ${g.pods} pods cycled from the corpus's ${g.pool} apps and pods`);
  }
  return file;
}

async function benchSize(shape: Shape, n: number, seed: number, runs: number, work: string, profile: boolean): Promise<{ result: SizeResult; profile?: ProfileSummary }> {
  const exportFile = await ensureExport(work, shape, n, seed);
  const planFile = join(work, `plan-${shape}-${n}.v8`);
  const exportMb = statSync(exportFile).size / 1e6;
  log(`benchmarking ${n} apps (${shape}): in-process conversion (${runs} runs)…`);
  const inproc = timed(process.execPath, ['--max-old-space-size=8192', join(HERE, 'inproc.js'), exportFile, '--runs', String(runs), '--plan', planFile], { stdio: ['ignore', 'pipe', 'inherit'] });
  if (inproc.status !== 0) throw new Error(`in-process run failed (exit ${inproc.status})`);
  const ip = JSON.parse(inproc.stdout.trim().split('\n').pop()!) as {
    parseMs: number[]; convertMs: number[]; converted: number; failed: number; objects: number; findings: number; files: number; byCode: Record<string, number>;
  };
  log(`  convert > out.yaml and its floor, alternating (${runs} runs each)…`);
  const stdout = benchMode(exportFile, planFile, 'stdout', runs, work);
  log(`  convert --out DIR and its floor, alternating (${runs} runs each)…`);
  const out = benchMode(exportFile, planFile, 'out', runs, work);
  let summary: ProfileSummary | undefined;
  if (profile) {
    log('  CPU profile of convert > out.yaml…');
    const profDir = join(work, 'profile');
    rmSync(profDir, { recursive: true, force: true });
    const fd = openSync(join(work, 'profile.yaml'), 'w');
    timed(process.execPath, ['--cpu-prof', '--cpu-prof-dir', profDir, MAIN, 'convert', exportFile], { stdio: ['ignore', fd, 'ignore'] });
    closeSync(fd);
    rmSync(join(work, 'profile.yaml'), { force: true });
    const prof = readdirSync(profDir).find((f) => f.endsWith('.cpuprofile'));
    if (prof) summary = summarize(join(profDir, prof));
  }
  const convertMs = measured(ip.convertMs);
  return {
    result: {
      shape, apps: n, exportMb: Math.round(exportMb * 10) / 10, converted: ip.converted, failed: ip.failed, objects: ip.objects, files: ip.files,
      findings: ip.findings, findingsByCode: ip.byCode,
      inProcess: { convertMs, parseMs: measured(ip.parseMs), appsPerSecond: Math.round(n / (convertMs.median / 1000)) },
      stdout, out, rssSource: HAS_GNU_TIME ? '/usr/bin/time -v' : 'process.resourceUsage().maxRSS',
    },
    ...(summary ? { profile: summary } : {}),
  };
}

/** time(2N)/time(N) of `convert > out.yaml`, N and 2N alternating, medians of `runs`. */
async function growth(shape: Shape, n: number, seed: number, runs: number, work: string): Promise<Growth> {
  const small = await ensureExport(work, shape, n, seed);
  const large = await ensureExport(work, shape, 2 * n, seed);
  log(`growth ${shape} ${n} → ${2 * n} apps (${runs} runs each)…`);
  const a: number[] = [];
  const b: number[] = [];
  const target = join(work, 'growth.yaml');
  for (let r = 0; r < runs; r++) {
    a.push(endToEnd(small, 'stdout', target, work).ms);
    b.push(endToEnd(large, 'stdout', target, work).ms);
  }
  rmSync(target, { force: true });
  const ms = measured(a);
  const doubledMs = measured(b);
  return { shape, n, ms, doubledMs, ratio: doubledMs.median / ms.median };
}

function coldStart(work: string, runs: number): Record<string, Measured> {
  const small = join(work, 'small-app.json');
  writeFileSync(small, JSON.stringify({ id: '/shop/web', container: { type: 'DOCKER', docker: { image: 'nginx:1.25' }, portMappings: [{ containerPort: 80, name: 'http' }] }, networks: [{ mode: 'container/bridge' }], cpus: 0.5, mem: 256, instances: 2, healthChecks: [{ protocol: 'HTTP', path: '/', portIndex: 0 }] }));
  const sample = (args: string[]) => {
    timed(process.execPath, args, { stdio: 'ignore' }); // warm the file cache
    return measured(Array.from({ length: runs }, () => timed(process.execPath, args, { stdio: 'ignore' }).ms));
  };
  return {
    bareNode: sample(['-e', '0']),
    version: sample([MAIN, '--version']),
    convertOneApp: sample([MAIN, 'convert', small]),
  };
}

function fmt(ms: number): string {
  return ms >= 10000 ? `${(ms / 1000).toFixed(1)} s` : ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms)} ms`;
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((row) => row[c]!.length)));
  return rows.map((row) => row.map((cell, c) => (c < 2 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ')).join('\n');
}

function sizesFlag(value: string | undefined, fallback: number[]): number[] {
  return value === undefined ? fallback : value.split(',').filter(Boolean).map((s) => Number(s.replace(/_/g, '')));
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const all = argv.includes('--all');
  const sizes = sizesFlag(flag(argv, '--sizes') ?? flag(argv, '--n'), all ? [1000, 10000, 100000] : [10000]);
  const growthSizes = argv.includes('--no-growth') ? [] : sizesFlag(flag(argv, '--growth'), all ? [10000, 20000, 50000, 100000] : [10000]);
  const runsFlag = flag(argv, '--runs');
  const seed = Number(flag(argv, '--seed') ?? 7);
  let shapes = (flag(argv, '--shapes') ?? flag(argv, '--shape') ?? 'synthetic,realistic').split(',').map((s) => (s === 'apps' ? 'synthetic' : s)) as Shape[];
  const work = resolve(flag(argv, '--workdir') ?? join(tmpdir(), 'marathon2k8s-bench'));
  const jsonOut = resolve(flag(argv, '--json') ?? join(ROOT, 'bench-results.json'));
  const profile = argv.includes('--profile');
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run npm run build first`);
  mkdirSync(work, { recursive: true });
  const notes: string[] = [];
  if (!existsSync(join(defaultCorpusDir(), 'apps'))) {
    notes.push(`NOTICE: the realistic shape is skipped: no corpus at ${defaultCorpusDir()} (set MARATHON2K8S_CORPUS)`);
    shapes = shapes.filter((s) => s !== 'realistic');
    log(notes[notes.length - 1]!);
  }

  const results: SizeResult[] = [];
  let profileSummary: ProfileSummary | undefined;
  const profileSize = sizes.includes(10000) ? 10000 : Math.min(...sizes);
  for (const shape of shapes) {
    for (const n of sizes) {
      const runs = Number(runsFlag ?? (n >= 100000 ? 3 : 5));
      const { result, profile: p } = await benchSize(shape, n, seed, runs, work, profile && n === profileSize && shape === shapes[shapes.length - 1]);
      if (p) profileSummary = p;
      results.push(result);
    }
  }
  const growths: Growth[] = [];
  const growthShape: Shape = shapes.includes('realistic') ? 'realistic' : 'synthetic';
  for (const n of growthSizes) growths.push(await growth(growthShape, n, seed, Number(runsFlag ?? (n >= 50000 ? 3 : 5)), work));
  log('cold start…');
  const cold = coldStart(work, 15);

  const rows: string[][] = [['shape', 'apps', 'export', 'in-process', 'apps/s', '> out.yaml', 'floor', 'ratio', 'peak RSS', '--out DIR', 'floor', 'ratio', 'peak RSS', 'objects', 'failed']];
  for (const r of results) {
    rows.push([r.shape, String(r.apps), `${r.exportMb} MB`, fmt(r.inProcess.convertMs.median), String(r.inProcess.appsPerSecond),
      fmt(r.stdout.wallMs.median), fmt(r.stdout.floorMs.median), r.stdout.ratioToFloor.toFixed(2) + '×', `${Math.round(r.stdout.peakRssMb.median)} MB`,
      fmt(r.out.wallMs.median), fmt(r.out.floorMs.median), r.out.ratioToFloor.toFixed(2) + '×', `${Math.round(r.out.peakRssMb.median)} MB`,
      String(r.objects), String(r.failed)]);
  }
  const growthRows: string[][] = [['shape', 'N', 'time(N)', 'time(2N)', 'ratio']];
  for (const g of growths) growthRows.push([g.shape, String(g.n), fmt(g.ms.median), fmt(g.doubledMs.median), g.ratio.toFixed(2) + '×']);

  const targets: { target: string; measured: string; ok: boolean | undefined }[] = [];
  for (const shape of shapes) {
    const ten = results.find((r) => r.shape === shape && r.apps === 10000);
    const hundred = results.find((r) => r.shape === shape && r.apps === 100000);
    if (ten) {
      targets.push({ target: `${shape}, 10,000 apps, > out.yaml ≤ ${TARGETS.floorRatio[shape]}× floor`, measured: `${ten.stdout.ratioToFloor.toFixed(2)}×`, ok: ten.stdout.ratioToFloor <= TARGETS.floorRatio[shape] });
      targets.push({ target: `${shape}, 10,000 apps, peak RSS ≤ ${TARGETS.rssMb10k} MB`, measured: `${Math.round(Math.max(ten.stdout.peakRssMb.median, ten.out.peakRssMb.median))} MB`, ok: Math.max(ten.stdout.peakRssMb.median, ten.out.peakRssMb.median) <= TARGETS.rssMb10k });
    }
    if (hundred) {
      const rss = Math.max(hundred.stdout.peakRssMb.median, hundred.out.peakRssMb.median);
      targets.push({ target: `${shape}, 100,000 apps, peak RSS ≤ ${TARGETS.rssMb100k} MB`, measured: `${Math.round(rss)} MB`, ok: rss <= TARGETS.rssMb100k });
    }
    if (ten && hundred) {
      const linearity = hundred.stdout.wallMs.median / ten.stdout.wallMs.median;
      targets.push({ target: `${shape}, 100,000 apps ≤ ${TARGETS.linearity}× the 10,000 time`, measured: `${linearity.toFixed(1)}×`, ok: linearity <= TARGETS.linearity });
    }
  }
  for (const g of growths) targets.push({ target: `${g.shape}, time(${2 * g.n})/time(${g.n}) ≤ ${TARGETS.growth}`, measured: `${g.ratio.toFixed(2)}×`, ok: g.ratio <= TARGETS.growth });
  const versionOver = cold.version!.median - cold.bareNode!.median;
  const oneAppOver = cold.convertOneApp!.median - cold.bareNode!.median;
  targets.push({ target: `--version ≤ node -e 0 + ${TARGETS.versionOverNodeMs} ms`, measured: `+${Math.round(versionOver)} ms`, ok: versionOver <= TARGETS.versionOverNodeMs });
  targets.push({ target: `convert one app ≤ node -e 0 + ${TARGETS.oneAppOverNodeMs} ms`, measured: `+${Math.round(oneAppOver)} ms`, ok: oneAppOver <= TARGETS.oneAppOverNodeMs });

  const out: string[] = ['', `marathon2k8s benchmark — seed ${seed}, node ${process.version}, ${cpus().length}× ${cpus()[0]?.model ?? 'cpu'}, load ${loadavg().map((l) => l.toFixed(1)).join(' ')}`,
    ...notes, '', table(rows), ''];
  if (growths.length) out.push('growth (convert > out.yaml):', table(growthRows), '');
  out.push(`cold start: node -e 0 ${fmt(cold.bareNode!.median)}, --version ${fmt(cold.version!.median)} (+${Math.round(versionOver)} ms), convert one app ${fmt(cold.convertOneApp!.median)} (+${Math.round(oneAppOver)} ms)`, '', 'targets:');
  for (const t of targets) out.push(`  ${t.ok === undefined ? '–     ' : (t.ok ? 'ok' : 'MISSED').padEnd(6)} ${t.target}: ${t.measured}`);
  if (profileSummary) out.push('', formatSummary(profileSummary));
  process.stdout.write(out.join('\n') + '\n');

  const json = {
    date: new Date().toISOString(), node: process.version, cpus: cpus().length, cpuModel: cpus()[0]?.model, memoryMb: Math.round(totalmem() / 2 ** 20),
    loadavg: loadavg(), seed, command: `npm run bench -- ${argv.join(' ')}`.trim(), notes, results, growth: growths, coldStart: cold,
    targets: targets.map((t) => ({ ...t, ok: t.ok ?? null })), ...(profileSummary ? { profile: profileSummary } : {}),
  };
  writeFileSync(jsonOut, JSON.stringify(json, null, 2) + '\n');
  log(`results written to ${jsonOut}`);
  if (!argv.includes('--keep')) for (const f of readdirSync(work)) if (f.startsWith('plan-')) rmSync(join(work, f), { force: true });
}

await main();
