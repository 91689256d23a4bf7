/** `marathon2k8s report INPUT…`: the migration report (text, json, markdown or html). */
import { InvalidArgumentError, Option, type Command } from 'commander';
import type { MigrationReport } from '../report/model.js';
import { addConversionOptions, conversionOptions, EXIT_FAILED, EXIT_OK, plural, type ConversionFlags } from './common.js';
import { addRemoteOptions } from './export.js';
import { addInputOptions, convertRun, INPUT_ARGUMENT_HELP, type InputFlags } from './inputs.js';
import { progressFor } from './progress.js';
import { addSecretStoreOptions, runSecretStore, secretStoreSetup, type SecretStoreFlags } from '../secrets/cli.js';

export type ReportFormat = 'text' | 'json' | 'markdown' | 'html';

const FORMATS: readonly ReportFormat[] = ['text', 'json', 'markdown', 'html'];

interface ReportFlags extends ConversionFlags, InputFlags, SecretStoreFlags {
  output?: ReportFormat;
  format?: ReportFormat;
  out?: string;
}

/**
 * -o is the format, as in kubectl and the other commands. It used to name the file: a value that
 * is no format gets a message saying where the file goes now.
 */
function parseFormat(value: string): ReportFormat {
  if ((FORMATS as readonly string[]).includes(value)) return value as ReportFormat;
  throw new InvalidArgumentError(`expected one of ${FORMATS.join(', ')}${/[./]/.test(value) ? ` (-o is the format; write the report to a file with --out ${value})` : ''}`);
}

export function registerReportCommand(program: Command): void {
  const cmd = program
    .command('report')
    .description('the migration report: per Marathon object what migrated, what was approximated, what needs manual work, and what the cluster must provide')
    .argument('[input...]', INPUT_ARGUMENT_HELP)
    .addOption(new Option('-o, --output <format>', `report format: ${FORMATS.join(', ')} (default: text)`).argParser(parseFormat))
    .addOption(new Option('--format <format>', 'the same as -o (kept for earlier scripts)').argParser(parseFormat))
    .option('--out <file>', "write the report to this file instead of stdout ('-': stdout)");
  addSecretStoreOptions(cmd, 'check');
  addRemoteOptions(addConversionOptions(addInputOptions(cmd))).action(async (inputs: string[], flags: ReportFlags) => {
    const options = conversionOptions(flags);
    const secretStore = secretStoreSetup(flags, 'check', options);
    const format: ReportFormat = flags.output ?? flags.format ?? 'text';
    const { buildReport } = await import('../report/model.js');
    const progress = await progressFor(false);
    const result = await convertRun(inputs, flags, options, progress.hooks, { positions: 'always' });
    progress.stop();
    // Only looked up: the report says which Secrets the store holds, and never holds a value.
    if (secretStore) await runSecretStore(result, secretStore, flags);
    const report = buildReport(result);
    const toFile = flags.out !== undefined && flags.out !== '-';
    const colour = !toFile && process.stdout.isTTY === true && !process.env.NO_COLOR;
    const rendered = await render(report, format, colour);
    if (toFile) {
      const { writeFile } = await import('node:fs/promises');
      await writeFile(flags.out!, rendered);
      const t = report.totals;
      process.stderr.write(`wrote the ${format} report of ${plural(t.objects, 'Marathon object')} to ${flags.out}: `
        + `${t.byStatus.migrated} migrated, ${t.byStatus['migrated-with-approximations']} with approximations, `
        + `${t.byStatus['needs-manual-work']} need manual work, ${t.byStatus.failed} failed\n`);
    } else {
      process.stdout.write(rendered);
    }
    process.exitCode = result.failed > 0 ? EXIT_FAILED : EXIT_OK;
  });
}

async function render(report: MigrationReport, format: ReportFormat, colour: boolean): Promise<string> {
  switch (format) {
    case 'json':
      return (await import('../report/json.js')).renderJson(report);
    case 'markdown':
      return (await import('../report/markdown.js')).renderMarkdown(report);
    case 'html':
      // Input paths become file:// links, relative to where the run was started.
      return (await import('../report/html.js')).renderHtml(report, { baseDir: process.cwd() });
    default:
      return (await import('../report/text.js')).renderText(report, { colour });
  }
}
