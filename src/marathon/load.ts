/**
 * Reading inputs: files, directories (recursively, `*.json`, in a stable order) and `-` for
 * stdin. A file that cannot be read is a finding, never an exception: the rest of the batch
 * goes on.
 */
import { readFile, readdir, stat } from 'node:fs/promises';
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
}

/** Files above this size are refused: no Marathon export comes near it, and it keeps memory bounded. */
export const MAX_INPUT_BYTES = 512 * 1024 * 1024;

export async function readInputs(inputs: string[], stdin: () => Promise<string> = readStdin): Promise<ReadResult> {
  const result: ReadResult = { sources: [], errors: [] };
  for (const input of inputs) {
    if (input === '-') {
      result.sources.push({ file: '-', text: await stdin() });
      continue;
    }
    await readPath(input, result);
  }
  return result;
}

async function readPath(path: string, result: ReadResult): Promise<void> {
  try {
    const info = await stat(path);
    if (info.isDirectory()) {
      for (const file of await jsonFilesUnder(path)) await readPath(file, result);
      return;
    }
    if (info.size > MAX_INPUT_BYTES) {
      result.errors.push(finding('input-unreadable', '', `${path} is larger than ${MAX_INPUT_BYTES / 1024 / 1024} MiB`, { file: path }));
      return;
    }
    const buffer = await readFile(path);
    if (buffer.includes(0)) {
      result.errors.push(finding('input-unreadable', '', `${path} is a binary file, not JSON`, { file: path }));
      return;
    }
    result.sources.push({ file: path, text: buffer.toString('utf8') });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file or directory' : code === 'EACCES' ? 'permission denied' : (e as Error).message;
    result.errors.push(finding('input-unreadable', '', `cannot read ${path}: ${why}`, { file: path }));
  }
}

/** `*.json` files below a directory, depth first, sorted by name so runs are reproducible. */
async function jsonFilesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const files: string[] = [];
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...(await jsonFilesUnder(path)));
    else if (entry.isFile() && entry.name.toLowerCase().endsWith('.json')) files.push(path);
  }
  return files;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
