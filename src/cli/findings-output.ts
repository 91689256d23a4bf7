/**
 * Findings on stderr, one line each (`severity[code] <id> <pointer>: message (hint)`), as the
 * commands print them: filtered by `--show`, and naming the file (with line and column) when a run
 * read several files, so a finding can be traced to its definition.
 */
import { Option, type Command } from 'commander';
import pc from 'picocolors';
import { formatFinding, SEVERITY_RANK, type Finding, type Severity } from '../findings.js';

export type ShowLevel = Severity | 'none';

export const showOption = (): Option =>
  new Option('--show <severity>', 'which findings to print on stderr: info (all), warning (warnings and errors), error, none (the summary and exit code stay)')
    .choices(['info', 'warning', 'error', 'none'])
    .default('info');

export function addShowOption(cmd: Command): Command {
  return cmd.addOption(showOption());
}

export function shown(findings: readonly Finding[], show: ShowLevel = 'info'): Finding[] {
  if (show === 'none') return [];
  const floor = SEVERITY_RANK[show];
  return show === 'info' ? [...findings] : findings.filter((f) => SEVERITY_RANK[f.severity] >= floor);
}

/** One line; with `withFile`, a finding about an object also names its file, line and column. */
export function findingLine(f: Finding, withFile: boolean): string {
  const line = formatFinding(f);
  if (!withFile || f.app === undefined || f.file === undefined) return line;
  // Inserted before the message's colon: `severity[code] /id /pointer (file:line:col): message`.
  const head = `${f.severity}[${f.code}] ${f.app}${f.pointer === '' ? '' : ` ${f.pointer}`}`;
  const position = f.line !== undefined ? `:${f.line}:${f.column ?? 1}` : '';
  return `${head} (${f.file}${position})${line.slice(head.length)}`;
}

const COLOURS: Record<Severity, (s: string) => string> = { error: pc.red, warning: pc.yellow, info: pc.cyan };

export interface PrintOptions {
  show?: ShowLevel;
  withFile?: boolean;
  stream?: NodeJS.WriteStream;
}

export function printFindingLines(findings: readonly Finding[], options: PrintOptions = {}): void {
  const stream = options.stream ?? process.stderr;
  const colour = stream.isTTY === true && process.env.NO_COLOR === undefined;
  // Written in chunks: one write (a synchronous syscall on stderr) per line cost ~3x the formatting.
  let chunk = '';
  for (const f of shown(findings, options.show)) {
    const line = findingLine(f, options.withFile === true);
    chunk += (colour ? COLOURS[f.severity](f.severity) + line.slice(f.severity.length) : line) + '\n';
    if (chunk.length >= 65536) {
      stream.write(chunk);
      chunk = '';
    }
  }
  if (chunk !== '') stream.write(chunk);
}
