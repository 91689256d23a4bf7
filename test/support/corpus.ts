/**
 * The shared corpus of real Marathon files (../shared/corpus) exists in CI and on developer
 * machines, not in every clone. Tests over it are skipped with a visible notice when it is missing.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const CORPUS = process.env.MARATHON2K8S_CORPUS ?? resolve(import.meta.dirname, '..', '..', '..', 'shared', 'corpus');
export const HAS_CORPUS = existsSync(CORPUS);

/** The files of a corpus folder (broken/ holds templates with other extensions, so no filter). */
export function corpusFiles(folder: string): string[] {
  const dir = join(CORPUS, folder);
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).filter((e) => e.isFile()).map((e) => join(dir, e.name)).sort();
}

/** `describe` when the corpus exists, else a skipped block with a loud notice. */
export function describeCorpus(name: string, fn: () => void): void {
  if (HAS_CORPUS) {
    describe(name, fn);
  } else {
    console.warn(`\n*** SKIPPED "${name}": the shared corpus was not found at ${CORPUS} (set MARATHON2K8S_CORPUS) ***\n`);
    describe.skip(name, fn);
  }
}
