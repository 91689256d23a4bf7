/** `marathon2k8s convert INPUT…`: manifests to stdout or files, findings to stderr. */
import { Option, type Command } from 'commander';
import { progressFor } from './progress.js';
import {
  addConversionOptions, conversionOptions, countBySeverity, EXIT_FAILED, EXIT_OK, failOnOption, findingsFail, plural,
  printFindings, summaryLine, type ConversionFlags,
} from './common.js';
import { addRemoteOptions, readRemoteSources, type RemoteFlags } from './export.js';
import type { ReadResult } from '../marathon/load.js';
import type { ConvertOptions } from '../options.js';
import { finding } from '../findings.js';
import type { ConversionOverview, RunHooks } from '../pipeline.js';

interface ConvertFlags extends ConversionFlags, RemoteFlags {
  output: 'yaml' | 'json';
  out?: string;
  layout: 'tree' | 'flat';
  report?: string;
  failOn: string;
  quiet: boolean;
}

export function registerConvertCommand(program: Command): void {
  const cmd = program
    .command('convert')
    .description('convert Marathon apps to Kubernetes manifests')
    .argument('[input...]', "files, directories (recursively, *.json) or '-' for stdin; optional with --marathon-url/--metronome-url")
    .addOption(new Option('-o, --output <format>', 'output format').choices(['yaml', 'json']).default('yaml'))
    .option('--out <dir>', 'write one file per object under this directory instead of stdout')
    .addOption(new Option('--layout <layout>', 'with --out: tree (DIR/<namespace>/<app>/<kind>.yaml) or flat (one folder)').choices(['tree', 'flat']).default('tree'))
    .option('--report <file>', 'write the migration report as JSON to this file (see the report command)')
    .addOption(failOnOption)
    .option('-q, --quiet', 'print no summary line', false);
  addRemoteOptions(addConversionOptions(cmd)).action(async (inputs: string[], flags: ConvertFlags) => {
    const options = conversionOptions(flags);
    const remote = await readRemoteSources(inputs, flags);
    const progress = await progressFor(flags.quiet);
    const { result, written } = await convertAndWrite(inputs, options, remote, flags, progress.hooks);
    progress.stop();
    if (flags.report !== undefined) {
      // The migration report's JSON form (see `marathon2k8s report`), findings included.
      const [{ writeFile }, { buildReport }, { renderJson }] = await Promise.all([
        import('node:fs/promises'), import('../report/model.js'), import('../report/json.js'),
      ]);
      await writeFile(flags.report, renderJson(buildReport(result)));
    }
    printFindings(result.findings);
    if (!flags.quiet) {
      const files = flags.out !== undefined ? ` in ${plural(written, 'file')} under ${flags.out}` : '';
      process.stderr.write(summaryLine(result, files) + '\n');
    }
    process.exitCode = result.failed > 0 || findingsFail(result.findings, flags.failOn) ? EXIT_FAILED : EXIT_OK;
  });
}

/**
 * Converts, and writes the objects to --out or stdout. With --out each app's files are written
 * as soon as the app is translated and its objects dropped, so memory does not grow with the
 * run (the files are the same as planning them all at the end).
 */
async function convertAndWrite(
  inputs: string[], options: ConvertOptions, remote: ReadResult | undefined, flags: ConvertFlags, hooks: RunHooks,
): Promise<{ result: ConversionOverview; written: number }> {
  const { convertInputs, convertSourcesEach, parseObjectRef, readAll, withReadErrors } = await import('../pipeline.js');
  if (flags.out === undefined) {
    const result = await convertInputs(inputs, options, remote, hooks);
    if (result.objects.length > 0) {
      const { toJson, toYamlStream } = await import('../emit/serialize.js');
      process.stdout.write(flags.output === 'json' ? toJson(result.objects) : toYamlStream(result.objects));
    }
    return { result, written: 0 };
  }
  const { AppFileWriter } = await import('../emit/files.js');
  const read = await readAll(inputs, remote);
  const writer = new AppFileWriter(flags.out, flags.output, flags.layout);
  const result = withReadErrors(convertSourcesEach(read.sources, options, (outcome) => {
    writer.writeApp(outcome.objects);
    outcome.objects = [];
  }, hooks), read.errors);
  const namespaces = writer.finish();
  for (const file of writer.collisions) {
    result.findings.push(finding('internal-error', '', `two objects were written to the same file ${file}: one was lost`,
      { hint: 'this is a bug in marathon2k8s; please report it with the input' }));
    result.failed++;
  }
  // The objects are on disk; the summary and the report need only their kinds.
  const objects = [...namespaces, ...result.units.flatMap((u) => u.objects.map(parseObjectRef))];
  return { result: { ...result, objects }, written: writer.count };
}
