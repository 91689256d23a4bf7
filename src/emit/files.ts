/**
 * Writing objects to a directory: `DIR/namespaces.yaml`, then `DIR/<namespace>/<app>/<kind>.yaml`
 * per object (`<kind>-<name>.yaml` when an app has several of a kind), or with the flat layout
 * `DIR/<namespace>.<name>.<kind>.yaml`. Every path is checked to
 * stay inside DIR whatever the names contain (they are sanitized already; this is the guard).
 */
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { LABEL_INSTANCE, type KubeObject } from '../kube/types.js';
import { toJson, toYaml, toYamlStream } from './serialize.js';
import { addToList } from '../collections.js';

export type OutputFormat = 'yaml' | 'json';

export interface PlannedFile {
  /** Path relative to the output directory, '/'-separated. */
  path: string;
  objects: KubeObject[];
}

/** Which object goes to which file (pure, so the layout is testable without a disk). */
export function planFiles(objects: KubeObject[], format: OutputFormat, layout: 'tree' | 'flat' = 'tree'): PlannedFile[] {
  const ext = format === 'json' ? 'json' : 'yaml';
  const namespaces = objects.filter((o) => o.kind === 'Namespace');
  const files: PlannedFile[] = namespaces.length > 0 ? [{ path: `namespaces.${ext}`, objects: namespaces }] : [];
  if (layout === 'flat') {
    // One folder: <namespace>.<name>.<kind>.yaml (names are DNS labels: no dots inside them).
    for (const o of objects) {
      if (o.kind === 'Namespace') continue;
      files.push({ path: `${safeSegment(o.metadata.namespace ?? 'default')}.${safeSegment(o.metadata.name)}.${o.kind.toLowerCase()}.${ext}`, objects: [o] });
    }
    return files;
  }
  const byFolder = new Map<string, KubeObject[]>();
  for (const obj of objects) {
    if (obj.kind === 'Namespace') continue;
    const folder = `${safeSegment(obj.metadata.namespace ?? 'default')}/${safeSegment(obj.metadata.labels?.[LABEL_INSTANCE] ?? obj.metadata.name)}`;
    addToList(byFolder, folder, obj);
  }
  for (const [folder, objs] of byFolder) {
    const kindCount = new Map<string, number>();
    for (const o of objs) kindCount.set(o.kind, (kindCount.get(o.kind) ?? 0) + 1);
    for (const o of objs) {
      const kind = o.kind.toLowerCase();
      const base = (kindCount.get(o.kind) ?? 0) > 1 ? `${kind}-${safeSegment(o.metadata.name)}` : kind;
      files.push({ path: `${folder}/${base}.${ext}`, objects: [o] });
    }
  }
  return files;
}

/** A path segment that can never climb out of or across directories. */
function safeSegment(name: string): string {
  const cleaned = name.replace(/[^A-Za-z0-9._-]/g, '-').replace(/^\.+/, '');
  return cleaned === '' ? '_' : cleaned;
}

/**
 * Writes the planned files under outDir (creating directories); returns their absolute paths.
 * `onWrite` sees each file's relative path and text (for the manifest of what a run wrote).
 */
export async function writeFiles(outDir: string, planned: PlannedFile[], format: OutputFormat, onWrite?: (path: string, text: string) => void): Promise<string[]> {
  const root = resolve(outDir);
  const targets = planned.map((file) => {
    const target = resolve(root, file.path);
    const rel = relative(root, target);
    if (rel.startsWith('..') || isAbsolute(rel) || resolve(root, rel) !== target) {
      throw new Error(`refusing to write outside ${outDir}: ${file.path}`);
    }
    return target;
  });
  // Synchronous on purpose: the files are small and many (two per app), so the cost is per call,
  // not per byte. fs/promises pays a thread-pool round trip and a FileHandle per open/write/close;
  // measured on 18,632 files (10,000 apps) a 32-wide async pool took 2.5 s and ~1.9 s of CPU,
  // the plain sync calls 1.6 s and ~1.2 s of CPU, serialization included.
  for (const dir of new Set(targets.map((t) => dirname(t)))) makeDirectory(dir);
  for (let i = 0; i < planned.length; i++) {
    const file = planned[i]!;
    const text = format === 'json' ? toJson(file.objects) : file.objects.length === 1 ? toYaml(file.objects[0]!) : toYamlStream(file.objects);
    writeFileSync(targets[i]!, text);
    onWrite?.(file.path, text);
  }
  return targets;
}

/**
 * `mkdir -p`. Not mkdirSync's `recursive`: where mkdir answers ENOENT although the parent exists
 * (under /proc or /sys), Node retries forever at full CPU; here a second ENOENT is an error.
 */
export function makeDirectory(dir: string): void {
  try {
    mkdirSync(dir);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST' && statSync(dir).isDirectory()) return;
    if (code !== 'ENOENT' || dirname(dir) === dir) throw e;
    makeDirectory(dirname(dir));
    mkdirSync(dir);
  }
}
