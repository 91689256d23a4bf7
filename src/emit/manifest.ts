/**
 * What `convert --out DIR` wrote, kept in `DIR/.marathon2k8s-manifest` so the next run knows which
 * files are its own. `kubectl apply -R -f DIR` applies every YAML/JSON file under DIR, so a file
 * an earlier run wrote for an app that is gone (renamed, removed from the input) would deploy it
 * again. The next run finds such stale files here: without --clean it refuses to write (naming
 * them), with --clean it removes them. A stale file changed since it was written is the user's
 * and is never removed (only named).
 *
 * The manifest has no .yaml/.json extension on purpose: kubectl skips it. Its lines are
 * `sha256sum` lines (`<hash>  <path>`), so `sha256sum -c` checks the directory.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

export const MANIFEST_FILE = '.marathon2k8s-manifest';

const HEADER = '# marathon2k8s: the files the last `convert --out` wrote here, with their sha256; the next run removes\n'
  + '# (--clean) or refuses to leave behind those it no longer writes. Generated: do not edit.\n';

export interface ManifestEntry {
  /** Relative to the output directory, '/'-separated. */
  path: string;
  sha256: string;
}

export function sha256(text: string | Buffer): string {
  return createHash('sha256').update(text).digest('hex');
}

/** The manifest an earlier run left in DIR; empty when there is none (or it is unreadable). */
export function readManifest(outDir: string): ManifestEntry[] {
  let text: string;
  try {
    text = readFileSync(join(outDir, MANIFEST_FILE), 'utf8');
  } catch {
    return [];
  }
  const entries: ManifestEntry[] = [];
  for (const line of text.split('\n')) {
    const m = /^([0-9a-f]{64}) {2}(.+)$/.exec(line);
    // Paths that could leave DIR are ignored: the manifest is data in a directory others may write.
    if (m && !m[2]!.split('/').includes('..') && !m[2]!.startsWith('/')) entries.push({ sha256: m[1]!, path: m[2]! });
  }
  return entries;
}

export function writeManifest(outDir: string, entries: readonly ManifestEntry[]): void {
  const lines = [...entries].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)).map((e) => `${e.sha256}  ${e.path}\n`);
  writeFileSync(join(outDir, MANIFEST_FILE), HEADER + lines.join(''));
}

export interface StaleFiles {
  /** Files an earlier run wrote, unchanged since, that this run does not write: removable. */
  stale: string[];
  /** Files an earlier run wrote that this run does not write, changed since: the user's now. */
  changed: string[];
}

/** Compares the earlier manifest with the paths this run writes; files already gone are ignored. */
export function findStale(outDir: string, previous: readonly ManifestEntry[], writing: ReadonlySet<string>): StaleFiles {
  const out: StaleFiles = { stale: [], changed: [] };
  for (const entry of previous) {
    if (writing.has(entry.path)) continue;
    let content: Buffer;
    try {
      content = readFileSync(join(outDir, entry.path));
    } catch {
      continue; // removed already
    }
    (sha256(content) === entry.sha256 ? out.stale : out.changed).push(entry.path);
  }
  return out;
}

/** Removes the stale files and then the directories they leave empty (never DIR itself). */
export function removeStale(outDir: string, paths: readonly string[]): void {
  const root = resolve(outDir);
  const dirs = new Set<string>();
  for (const p of paths) {
    const target = resolve(root, p);
    rmSync(target, { force: true });
    for (let d = dirname(target); d.startsWith(root + '/') ; d = dirname(d)) dirs.add(d);
  }
  // Deepest first, so a parent is tried after its children.
  for (const d of [...dirs].sort((a, b) => b.length - a.length)) {
    try {
      if (readdirSync(d).length === 0) rmdirSync(d);
    } catch {
      // not empty after all, or gone: leave it
    }
  }
}
