/**
 * Reading inputs: files, directories (recursively, `*.json` plus any `--include-ext`, in a
 * stable order) and `-` for stdin. A file that cannot be read is a finding, never an exception:
 * the rest of the batch goes on. What a directory holds but is not read is said (input-skipped),
 * and a directory with nothing to read is an error (no-input): a run that "succeeds" on a
 * directory of templates or YAML would otherwise look like a migration with nothing to do.
 * The same file named twice (or named and inside a named directory) is read once.
 */
import { readFile, readdir, realpath, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { finding, type Finding } from '../findings.js';

export interface Source {
  /** The path as given (or under a given directory); '-' for stdin. */
  file: string;
  text: string;
}

export interface ReadResult {
  sources: Source[];
  errors: Finding[];
  /** Notes about what was not read (files of other extensions under a directory). */
  notes?: Finding[];
}

export interface ReadOptions {
  /** Extensions read from directories besides `json` (without the dot, case-insensitive). */
  includeExt?: readonly string[];
  /** Reads stdin (tests replace it). */
  stdin?: () => Promise<string>;
}

/** How many skipped file names a note lists before "and N more". */
const LISTED_SKIPS = 8;

/** Files above this size are refused: no Marathon export comes near it, and it keeps memory bounded. */
export const MAX_INPUT_BYTES = 512 * 1024 * 1024;

export async function readInputs(inputs: string[], stdinOrOptions: (() => Promise<string>) | ReadOptions = {}): Promise<ReadResult> {
  const options: ReadOptions = typeof stdinOrOptions === 'function' ? { stdin: stdinOrOptions } : stdinOrOptions;
  const reader = new Reader(options);
  for (const input of inputs) {
    if (input === '-') {
      if (reader.stdinRead) continue; // stdin can only be read once
      reader.stdinRead = true;
      reader.result.sources.push({ file: '-', text: await (options.stdin ?? readStdin)() });
      continue;
    }
    await reader.readTop(input);
  }
  return reader.result;
}

class Reader {
  readonly result: ReadResult & { notes: Finding[] } = { sources: [], errors: [], notes: [] };
  stdinRead = false;
  private readonly seen = new Set<string>();
  private readonly extensions: Set<string>;

  constructor(options: ReadOptions) {
    this.extensions = new Set(['json', ...(options.includeExt ?? []).map((e) => e.replace(/^\./, '').toLowerCase())]);
  }

  /** An input as named on the command line: a file is read whatever its name, a directory is walked. */
  async readTop(path: string): Promise<void> {
    let isDirectory: boolean;
    try {
      isDirectory = (await stat(path)).isDirectory();
    } catch (e) {
      this.unreadable(path, e);
      return;
    }
    if (!isDirectory) {
      await this.readFile(path);
      return;
    }
    let listing: Listing;
    try {
      listing = await this.walk(path);
    } catch (e) {
      this.unreadable(path, e);
      return;
    }
    const before = this.result.sources.length + this.result.errors.length;
    for (const file of listing.files) await this.readFile(file);
    const read = this.result.sources.length + this.result.errors.length - before;
    const skipped = listing.skipped;
    const what = [...this.extensions].map((e) => `*.${e}`).join(', ');
    if (read === 0 && listing.files.length === 0) {
      const why = skipped.length > 0 ? ` (skipped ${skippedList(skipped, path)})` : ' (the directory is empty)';
      this.result.errors.push(finding('no-input', '', `nothing to read: no ${what} file${why}`,
        { file: path, hint: hintFor(skipped) }));
      return;
    }
    if (skipped.length > 0) {
      this.result.notes.push(finding('input-skipped', '', `not read (not ${what}): ${skippedList(skipped, path)}`,
        { file: path, hint: hintFor(skipped) }));
    }
  }

  private async readFile(path: string): Promise<void> {
    // The same file twice (named twice, or named and under a named directory) is one input.
    const key = await realpath(path).catch(() => path);
    if (this.seen.has(key)) return;
    this.seen.add(key);
    try {
      const info = await stat(path);
      if (info.size > MAX_INPUT_BYTES) {
        this.result.errors.push(finding('input-unreadable', '', `${path} is larger than ${MAX_INPUT_BYTES / 1024 / 1024} MiB`, { file: path }));
        return;
      }
      const buffer = await readFile(path);
      if (buffer.includes(0)) {
        this.result.errors.push(finding('input-unreadable', '', `${path} is a binary file, not JSON`, { file: path }));
        return;
      }
      this.result.sources.push({ file: path, text: buffer.toString('utf8') });
    } catch (e) {
      this.unreadable(path, e);
    }
  }

  private unreadable(path: string, e: unknown): void {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file or directory' : code === 'EACCES' ? 'permission denied' : (e as Error).message;
    this.result.errors.push(finding('input-unreadable', '', `cannot read ${path}: ${why}`, { file: path }));
  }

  /**
   * The files to read below a directory, depth first, sorted by name so runs are reproducible,
   * and the files skipped for their extension. Hidden files and directories (`.git`, editor
   * files) are neither read nor listed as skipped.
   */
  private async walk(dir: string, out: Listing = { files: [], skipped: [] }): Promise<Listing> {
    const entries = await readdir(dir, { withFileTypes: true });
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!entry.name.startsWith('.')) await this.walk(path, out);
      } else if (entry.isFile()) {
        const dot = entry.name.lastIndexOf('.');
        const ext = dot > 0 ? entry.name.slice(dot + 1).toLowerCase() : '';
        if (this.extensions.has(ext)) out.files.push(path);
        else if (!entry.name.startsWith('.')) out.skipped.push(path);
      }
    }
    return out;
  }
}

interface Listing {
  files: string[];
  skipped: string[];
}

/** `3 files: a.yaml, b.j2, c.mustache` (paths relative to the directory, the first few only). */
function skippedList(skipped: readonly string[], dir: string): string {
  const names = skipped.slice(0, LISTED_SKIPS).map((p) => p.slice(dir.length).replace(/^[\\/]+/, ''));
  const more = skipped.length > LISTED_SKIPS ? ` and ${skipped.length - LISTED_SKIPS} more` : '';
  return `${skipped.length} file${skipped.length === 1 ? '' : 's'}: ${names.join(', ')}${more}`;
}

/**
 * What to do about skipped files: templates are rendered first; --include-ext reads the kinds
 * that may hold Marathon definitions (templates, YAML, `*.json.<ext>`), never notes or scripts.
 */
function hintFor(skipped: readonly string[]): string {
  const extOf = (p: string) => /\.([^./\\]+)$/.exec(p)?.[1]?.toLowerCase();
  const likely = skipped.filter((p) => {
    const ext = extOf(p);
    return ext !== undefined && (TEMPLATE_EXTENSIONS.has(ext) || ext === 'yaml' || ext === 'yml' || /\.json\.[^./\\]+$/i.test(p));
  });
  const exts = [...new Set(likely.map(extOf).filter((e): e is string => e !== undefined))].sort();
  const templates = exts.filter((e) => TEMPLATE_EXTENSIONS.has(e));
  const parts: string[] = [];
  if (templates.length > 0) parts.push(`render the templates (${templates.map((e) => `.${e}`).join(', ')}) and convert the result`);
  if (exts.length > 0) parts.push(`pass --include-ext ${exts.join(',')} to read them as Marathon JSON${templates.length > 0 ? ' (a template then gets a clear error)' : ''}`);
  else parts.push('name the Marathon JSON files, or pass --include-ext EXT for files of another extension');
  return parts.join(', or ');
}

const TEMPLATE_EXTENSIONS = new Set(['j2', 'jinja', 'jinja2', 'mustache', 'tmpl', 'tpl', 'template', 'erb', 'hbs', 'gotmpl']);

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
