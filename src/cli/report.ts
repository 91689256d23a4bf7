/** `marathon2k8s report INPUT…`: the migration report (text, json, markdown or html). */
import { Option, type Command } from 'commander';
import type { MigrationReport } from '../report/model.js';
import { addConversionOptions, conversionOptions, EXIT_FAILED, EXIT_OK, plural, type ConversionFlags } from './common.js';
import { addRemoteOptions, readRemoteSources, type RemoteFlags } from './export.js';

export type ReportFormat = 'text' | 'json' | 'markdown' | 'html';

interface ReportFlags extends ConversionFlags, RemoteFlags {
  format: ReportFormat;
  output?: string;
}

export function registerReportCommand(program: Command): void {
  const cmd = program
    .command('report')
    .description('the migration report: per Marathon object what migrated, what was approximated, what needs manual work, and what the cluster must provide')
    .argument('[input...]', "files, directories (recursively, *.json) or '-' for stdin; optional with --marathon-url/--metronome-url")
    .addOption(new Option('--format <format>', 'report format').choices(['text', 'json', 'markdown', 'html']).default('text'))
    .option('-o, --output <file>', 'write the report to this file instead of stdout');
  addRemoteOptions(addConversionOptions(cmd)).action(async (inputs: string[], flags: ReportFlags) => {
    const options = conversionOptions(flags);
    const remote = await readRemoteSources(inputs, flags);
    const [{ convertInputs }, { buildReport }] = await Promise.all([import('../pipeline.js'), import('../report/model.js')]);
    const result = await convertInputs(inputs, options, remote);
    const report = buildReport(result);
    const toFile = flags.output !== undefined;
    const colour = !toFile && process.stdout.isTTY === true && !process.env.NO_COLOR;
    const rendered = await render(report, flags.format, colour);
    if (toFile) {
      const { writeFile } = await import('node:fs/promises');
      await writeFile(flags.output!, rendered);
      const t = report.totals;
      process.stderr.write(`wrote the ${flags.format} report of ${plural(t.objects, 'Marathon object')} to ${flags.output}: `
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
      return (await import('../report/html.js')).renderHtml(report);
    default:
      return (await import('../report/text.js')).renderText(report, { colour });
  }
}
