/** `marathon2k8s convert INPUT…`: manifests to stdout or files, findings to stderr. */
import { Option, type Command } from 'commander';
import { progressFor } from './progress.js';
import {
  addConversionOptions, conversionOptions, countBySeverity, EXIT_FAILED, EXIT_OK, failOnOption, findingsFail, plural,
  printFindings, summaryLine, type ConversionFlags,
} from './common.js';
import { addRemoteOptions, readRemoteSources, type RemoteFlags } from './export.js';

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
    const { convertInputs } = await import('../pipeline.js');
    const progress = await progressFor(flags.quiet);
    const result = await convertInputs(inputs, options, remote, progress.hooks);
    progress.stop();
    let written = 0;
    if (flags.out !== undefined) {
      const { planFiles, writeFiles } = await import('../emit/files.js');
      written = (await writeFiles(flags.out, planFiles(result.objects, flags.output, flags.layout), flags.output)).length;
    } else if (result.objects.length > 0) {
      const { toJson, toYamlStream } = await import('../emit/serialize.js');
      process.stdout.write(flags.output === 'json' ? toJson(result.objects) : toYamlStream(result.objects));
    }
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
