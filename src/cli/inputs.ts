/**
 * The inputs every converting command shares: INPUT… and `-f/--filename` (kubectl's spelling),
 * `--include-ext`, `--select`, the live-Marathon flags; and one conversion run over them with what
 * the CLI adds to the library's result: notes on skipped files, duplicate-id warnings, the
 * selection, and line/column of every finding that points into a file.
 */
import { InvalidArgumentError, type Command } from 'commander';
import type { Finding } from '../findings.js';
import type { ReadResult, Source } from '../marathon/load.js';
import type { ConvertOptions } from '../options.js';
import type { ConversionResult, RunHooks } from '../pipeline.js';
import { UsageError } from './common.js';
import { readRemoteSources, type RemoteFlags } from './export.js';

export interface InputFlags extends RemoteFlags {
  filename?: string[];
  includeExt?: string[];
  select?: string[];
  /** apply/diff --prune: a selection naming nothing left in the input is what is to be pruned. */
  prune?: boolean;
}

/** The argument every converting command takes. */
export const INPUT_ARGUMENT_HELP = "files, directories (recursively, *.json) or '-' for stdin; optional with -f or --marathon-url/--metronome-url";

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** `yaml,j2` or `.yaml` (repeatable): extensions without the dot. */
function extensions(value: string, previous: string[] | undefined): string[] {
  const list = value.split(',').map((e) => e.trim().replace(/^\./, '')).filter((e) => e !== '');
  if (list.length === 0 || list.some((e) => !/^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/.test(e))) {
    throw new InvalidArgumentError('expected file extensions such as yaml,j2');
  }
  return [...(previous ?? []), ...list];
}

export function addInputOptions(cmd: Command): Command {
  return cmd
    .option('-f, --filename <path>', "an input file or directory, or '-' for stdin (repeatable; as INPUT…)", collect)
    .option('--include-ext <ext,...>', 'also read files with these extensions from directories (e.g. j2,yaml; besides *.json); templates then get a clear error', extensions)
    .option('--select <id-prefix>', 'only the Marathon objects whose id is or is under this prefix (e.g. /team; repeatable); the rest of the input is still read for names and references', collect);
}

/** INPUT… and every -f, in the order given. */
export function inputsOf(positional: readonly string[], flags: InputFlags): string[] {
  return [...positional, ...(flags.filename ?? [])];
}

/** Every source: the live Marathon/Metronome (when asked), then the files; notes on skipped files apart. */
export async function readAll(inputs: readonly string[], flags: InputFlags): Promise<{ read: ReadResult; notes: Finding[] }> {
  const remote = await readRemoteSources(inputs, flags);
  const { readInputs } = await import('../marathon/load.js');
  const files = await readInputs([...inputs], { includeExt: flags.includeExt ?? [] });
  return {
    read: { sources: [...remote.sources, ...files.sources], errors: [...remote.errors, ...files.errors] },
    notes: files.notes ?? [],
  };
}

export interface ConversionRun extends ConversionResult {
  sources: Source[];
  /** Whether more than one file (or URL) was read: finding lines then name the file. */
  multipleFiles: boolean;
}

/**
 * Reads and converts, then adds what the CLI knows on top of the library: skipped files,
 * duplicate ids, the --select subset (a selection naming nothing is an error), positions.
 */
export interface RunOptions {
  /**
   * When findings get line and column: `always` (reports, --report), or only when the run read
   * several files and the finding lines name them (`multiple`, the default). Finding positions
   * takes a pass over each file with findings (≈ 1 s for a 7 MB export), so it is skipped when
   * nothing would show them.
   */
  positions?: 'always' | 'multiple';
}

export async function convertRun(positional: readonly string[], flags: InputFlags, options: ConvertOptions, hooks: RunHooks = {}, run: RunOptions = {}): Promise<ConversionRun> {
  const inputs = inputsOf(positional, flags);
  const { read, notes } = await readAll(inputs, flags);
  const [{ convertInputs }, { duplicateIdFindings }, { addPositions }] = await Promise.all([
    import('../pipeline.js'), import('../marathon/duplicates.js'), import('../marathon/positions.js'),
  ]);
  let result = await convertInputs([], options, read, hooks);
  result.findings.splice(read.errors.length, 0, ...notes);
  result.findings.push(...duplicateIdFindings(result.units));
  if (flags.select !== undefined && flags.select.length > 0) {
    const { selectResult } = await import('../marathon/select.js');
    const ids = result.units.map((u) => u.id);
    result = selectResult(result, flags.select).result;
    if (!result.units.some((u) => u.id !== undefined) && flags.prune !== true) throw emptySelection(flags.select, ids);
  }
  const multipleFiles = countFiles(read) > 1;
  if (run.positions === 'always' || multipleFiles) addPositions(result.findings, read.sources);
  return { ...result, sources: read.sources, multipleFiles };
}

/**
 * A selection that names nothing is a mistake in the command line (exit 2), said with the
 * top-level groups the input does hold, so the right prefix is one look away.
 */
export function emptySelection(select: readonly string[], ids: readonly (string | undefined)[]): UsageError {
  const known = ids.filter((id): id is string => id !== undefined);
  const tops = [...new Set(known.map((id) => (id.startsWith('/') ? `/${id.split('/')[1] ?? ''}` : `/${id.split('.')[0]}`)))].sort();
  const listed = tops.slice(0, 10).join(', ') + (tops.length > 10 ? `, … (${tops.length} in all)` : '');
  return new UsageError(`--select ${select.join(' --select ')} matched none of the ${ids.length} Marathon object${ids.length === 1 ? '' : 's'} read`
    + (tops.length > 0 ? `; their ids start with ${listed}` : ''));
}

function countFiles(read: ReadResult): number {
  return new Set([...read.sources.map((s) => s.file), ...read.errors.map((e) => e.file)]).size;
}
