/**
 * `npm run bench`: how fast and how flat in memory marathon2k8s converts a large Marathon
 * export, measured against the floor for the same work (issue 7).
 *
 *   npm run bench                       10,000 apps, 5 runs each
 *   npm run bench -- --sizes 1000,10000,100000
 *   npm run bench -- --all              the same as the line above
 *   npm run bench -- --shape groups     a GET /v2/groups tree instead of GET /v2/apps
 *   npm run bench -- --profile          also a CPU profile of convert (node --cpu-prof), summarized
 *   flags: --runs N  --seed N  --json FILE (default bench-results.json)  --workdir DIR  --keep
 *
 * Every figure is the median of its runs; child processes do the work so one measurement never
 * inherits another's heap. The targets are ratios measured in the same run, because the
 * machine is shared and noisy.
 */
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { defaultIndexPath, flag, packageRoot, writeExport, type ExportOptions } from './generate.js';
import { formatSummary, summarize, type ProfileSummary } from './profile.js';

const ROOT = packageRoot();
const DIST = join(ROOT, 'dist');
const MAIN = join(DIST, 'src', 'cli', 'main.js');
const HERE = join(DIST, 'scripts', 'bench');
const TIME = '/usr/bin/time';
const HAS_GNU_TIME = existsSync(TIME) && spawnSync(TIME, ['-v', 'true'], { encoding: 'utf8' }).stderr?.includes('Maximum resident set size');

const TARGETS = { floorRatio: 1.5, rssMb: 400, linearity: 10, versionOverNodeMs: 60 };

interface Measured { median: number; runs: number[] }

interface SizeResult {
  apps: number;
  exportMb: number;
  converted: number;
  failed: number;
  objects: number;
  files: number;
  findings: number;
  findingsByCode: Record<string, number>;
  inProcess: { convertMs: Measured; parseMs: Measured; appsPerSecond: number };
  endToEnd: { wallMs: Measured; peakRssMb: Measured; rssSource: string };
  floor: { wallMs: Measured };
  ratioToFloor: number;
}

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

/** `convert EXPORT --out DIR` wall time and peak RSS, as a user runs it (findings to /dev/null). */
function endToEnd(exportFile: string, outDir: string, work: string): { ms: number; rssKb: number } {
  const args = [MAIN, 'convert', exportFile, '--out', outDir, '-q'];
  if (HAS_GNU_TIME) {
    const timeFile = join(work, 'time.txt');
    const r = timed(TIME, ['-v', '-o', timeFile, process.execPath, ...args], { stdio: ['ignore', 'ignore', 'ignore'] });
    const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(readFileSync(timeFile, 'utf8'));
    return { ms: r.ms, rssKb: Number(rss?.[1] ?? NaN) };
  }
  const rssFile = join(work, 'maxrss.txt');
  const r = timed(process.execPath, ['--import', join(HERE, 'maxrss-preload.js'), ...args], {
    stdio: ['ignore', 'ignore', 'ignore'], env: { ...process.env, BENCH_MAXRSS_FILE: rssFile },
  });
  return { ms: r.ms, rssKb: Number(readFileSync(rssFile, 'utf8')) };
}

function benchSize(o: ExportOptions, runs: number, work: string, profile: boolean): { result: SizeResult; profile?: ProfileSummary } {
  const exportFile = join(work, `export-${o.shape}-${o.n}-s${o.seed}.json`);
  const planFile = join(work, `plan-${o.shape}-${o.n}-s${o.seed}.v8`);
  const outDir = join(work, 'out');
  const floorDir = join(work, 'floor-out');
  const exportMb = statSync(exportFile).size / 1e6;
  for (const f of readdirSync(work)) if (/^(out|floor-out)-\d+$/.test(f)) rmSync(join(work, f), { recursive: true, force: true });
  log(`  in-process conversion (${runs} runs)…`);
  const inproc = timed(process.execPath, ['--max-old-space-size=8192', join(HERE, 'inproc.js'), exportFile, '--runs', String(runs), '--plan', planFile], { stdio: ['ignore', 'pipe', 'inherit'] });
  if (inproc.status !== 0) throw new Error(`in-process run failed (exit ${inproc.status})`);
  const ip = JSON.parse(inproc.stdout.trim().split('\n').pop()!) as {
    parseMs: number[]; convertMs: number[]; converted: number; failed: number; objects: number; findings: number; files: number; byCode: Record<string, number>;
  };
  // End-to-end and floor runs alternate, each into a fresh directory, so both see the same
  // machine (shared, noisy) and file system state.
  log(`  end-to-end convert --out and the floor, alternating (${runs} runs each)…`);
  const e2e: { ms: number; rssKb: number }[] = [];
  const floor: number[] = [];
  for (let r = 0; r < runs; r++) {
    e2e.push(endToEnd(exportFile, `${outDir}-${r}`, work));
    const floorOut = `${floorDir}-${r}`;
    rmSync(floorOut, { recursive: true, force: true });
    const f = timed(process.execPath, [join(HERE, 'floor.js'), exportFile, planFile, floorOut], { stdio: ['ignore', 'pipe', 'inherit'] });
    if (f.status !== 0) throw new Error(`floor run failed (exit ${f.status})`);
    floor.push(f.ms - (JSON.parse(f.stdout) as { loadPlanMs: number }).loadPlanMs);
  }
  // Deleting tens of thousands of files slows the next writes for seconds (ext4 with discard):
  // outputs are removed only after all timed runs.
  for (let r = 0; r < runs; r++) for (const d of [`${outDir}-${r}`, `${floorDir}-${r}`]) rmSync(d, { recursive: true, force: true });
  settle();
  let summary: ProfileSummary | undefined;
  if (profile) {
    log('  CPU profile of convert --out…');
    const profDir = join(work, 'profile');
    rmSync(profDir, { recursive: true, force: true });
    rmSync(outDir, { recursive: true, force: true });
    timed(process.execPath, ['--cpu-prof', '--cpu-prof-dir', profDir, MAIN, 'convert', exportFile, '--out', outDir, '-q'], { stdio: ['ignore', 'ignore', 'ignore'] });
    const prof = readdirSync(profDir).find((f) => f.endsWith('.cpuprofile'));
    if (prof) summary = summarize(join(profDir, prof));
  }
  rmSync(outDir, { recursive: true, force: true });
  const convertMs = measured(ip.convertMs);
  const wall = measured(e2e.map((r) => r.ms));
  const floorMs = measured(floor);
  return {
    result: {
      apps: o.n, exportMb: Math.round(exportMb * 10) / 10, converted: ip.converted, failed: ip.failed, objects: ip.objects, files: ip.files,
      findings: ip.findings, findingsByCode: ip.byCode,
      inProcess: { convertMs, parseMs: measured(ip.parseMs), appsPerSecond: Math.round(o.n / (convertMs.median / 1000)) },
      endToEnd: { wallMs: wall, peakRssMb: measured(e2e.map((r) => r.rssKb / 1024)), rssSource: HAS_GNU_TIME ? '/usr/bin/time -v' : 'process.resourceUsage().maxRSS' },
      floor: { wallMs: floorMs },
      ratioToFloor: wall.median / floorMs.median,
    },
    ...(summary ? { profile: summary } : {}),
  };
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

function verdict(ok: boolean): string {
  return ok ? 'ok' : 'MISSED';
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const sizes = argv.includes('--all') ? [1000, 10000, 100000]
    : (flag(argv, '--sizes') ?? flag(argv, '--n') ?? '10000').split(',').map((s) => Number(s.replace(/_/g, '')));
  const runsFlag = flag(argv, '--runs');
  const seed = Number(flag(argv, '--seed') ?? 7);
  const shape = flag(argv, '--shape') === 'groups' ? 'groups' : 'apps';
  const work = resolve(flag(argv, '--workdir') ?? join(tmpdir(), 'marathon2k8s-bench'));
  const jsonOut = resolve(flag(argv, '--json') ?? join(ROOT, 'bench-results.json'));
  const profile = argv.includes('--profile');
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run npm run build first`);
  mkdirSync(work, { recursive: true });

  const results: SizeResult[] = [];
  let profileSummary: ProfileSummary | undefined;
  const profileSize = sizes.includes(10000) ? 10000 : Math.min(...sizes);
  for (const n of sizes) {
    const o: ExportOptions = { n, seed, shape, exportNoise: 0.5, indexPath: defaultIndexPath() };
    const exportFile = join(work, `export-${shape}-${n}-s${seed}.json`);
    if (!existsSync(exportFile)) {
      log(`generating ${n} apps (${shape}, seed ${seed})…`);
      const g = await writeExport(exportFile, o);
      log(`  ${(g.bytes / 1e6).toFixed(1)} MB; feature mix from ${g.mix}`);
    }
    const runs = Number(runsFlag ?? (n >= 100000 ? 3 : 5));
    log(`benchmarking ${n} apps:`);
    const { result, profile: p } = benchSize(o, runs, work, profile && n === profileSize);
    if (p) profileSummary = p;
    results.push(result);
  }
  log('cold start…');
  const cold = coldStart(work, 15);

  const ten = results.find((r) => r.apps === 10000);
  const hundred = results.find((r) => r.apps === 100000);
  const linearity = ten && hundred ? hundred.endToEnd.wallMs.median / ten.endToEnd.wallMs.median : undefined;
  const versionOver = cold.version!.median - cold.bareNode!.median;
  const rows: string[][] = [['apps', 'export', 'in-process', 'apps/s', 'convert --out', 'peak RSS', 'floor', 'ratio', 'objects', 'failed']];
  for (const r of results) {
    rows.push([String(r.apps), `${r.exportMb} MB`, fmt(r.inProcess.convertMs.median), String(r.inProcess.appsPerSecond), fmt(r.endToEnd.wallMs.median),
      `${Math.round(r.endToEnd.peakRssMb.median)} MB`, fmt(r.floor.wallMs.median), r.ratioToFloor.toFixed(2) + '×', String(r.objects), String(r.failed)]);
  }
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((row) => row[c]!.length)));
  const table = rows.map((row) => row.map((cell, c) => (c === 0 ? cell.padStart(widths[c]!) : cell.padStart(widths[c]!))).join('  ')).join('\n');
  const targets: { target: string; measured: string; ok: boolean | undefined }[] = [];
  const main10 = ten ?? results[results.length - 1]!;
  targets.push({ target: `convert ≤ ${TARGETS.floorRatio}× floor (${main10.apps} apps)`, measured: `${main10.ratioToFloor.toFixed(2)}×`, ok: main10.ratioToFloor <= TARGETS.floorRatio });
  targets.push({ target: `peak RSS ≤ ${TARGETS.rssMb} MB (${main10.apps} apps)`, measured: `${Math.round(main10.endToEnd.peakRssMb.median)} MB`, ok: main10.endToEnd.peakRssMb.median <= TARGETS.rssMb });
  targets.push({ target: `100,000 apps ≤ ${TARGETS.linearity}× 10,000`, measured: linearity === undefined ? 'not run (--all)' : `${linearity.toFixed(1)}×`, ok: linearity === undefined ? undefined : linearity <= TARGETS.linearity });
  targets.push({ target: `--version ≤ node -e 0 + ${TARGETS.versionOverNodeMs} ms`, measured: `+${Math.round(versionOver)} ms`, ok: versionOver <= TARGETS.versionOverNodeMs });

  const out: string[] = ['', `marathon2k8s benchmark — ${shape} export, seed ${seed}, node ${process.version}, ${cpus().length}× ${cpus()[0]?.model ?? 'cpu'}, load ${loadavg().map((l) => l.toFixed(1)).join(' ')}`, '', table, '',
    `cold start: node -e 0 ${fmt(cold.bareNode!.median)}, --version ${fmt(cold.version!.median)} (+${Math.round(versionOver)} ms), convert one app ${fmt(cold.convertOneApp!.median)}`, '',
    'targets:'];
  for (const t of targets) out.push(`  ${t.ok === undefined ? '–     ' : verdict(t.ok).padEnd(6)} ${t.target}: ${t.measured}`);
  if (profileSummary) out.push('', formatSummary(profileSummary));
  process.stdout.write(out.join('\n') + '\n');

  const json = {
    date: new Date().toISOString(), node: process.version, cpus: cpus().length, cpuModel: cpus()[0]?.model, memoryMb: Math.round(totalmem() / 2 ** 20),
    loadavg: loadavg(), shape, seed, command: `npm run bench -- ${argv.join(' ')}`.trim(), results, coldStart: cold,
    targets: targets.map((t) => ({ ...t, ok: t.ok ?? null })), linearity100kOver10k: linearity ?? null, ...(profileSummary ? { profile: profileSummary } : {}),
  };
  writeFileSync(jsonOut, JSON.stringify(json, null, 2) + '\n');
  log(`results written to ${jsonOut}`);
  if (!argv.includes('--keep')) for (const f of readdirSync(work)) if (f.startsWith('plan-')) rmSync(join(work, f), { force: true });
}

await main();
