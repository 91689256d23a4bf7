/** `marathon2k8s convert INPUT…`: manifests to stdout or files, findings to stderr. */
import { Option, type Command } from 'commander';
import {
  addConversionOptions, conversionOptions, countBySeverity, EXIT_FAILED, EXIT_OK, failOnOption, findingsFail, plural,
  printFindings, type ConversionFlags,
} from './common.js';

interface ConvertFlags extends ConversionFlags {
  output: 'yaml' | 'json';
  out?: string;
  report?: string;
  failOn: string;
  quiet: boolean;
}

export function registerConvertCommand(program: Command): void {
  const cmd = program
    .command('convert')
    .description('convert Marathon apps to Kubernetes manifests')
    .argument('<input...>', "files, directories (recursively, *.json) or '-' for stdin")
    .addOption(new Option('-o, --output <format>', 'output format').choices(['yaml', 'json']).default('yaml'))
    .option('--out <dir>', 'write one file per object under this directory instead of stdout')
    .option('--report <file>', 'write the findings as JSON to this file')
    .addOption(failOnOption)
    .option('-q, --quiet', 'print no summary line', false);
  addConversionOptions(cmd).action(async (inputs: string[], flags: ConvertFlags) => {
    const options = conversionOptions(flags);
    const { convertInputs } = await import('../pipeline.js');
    const result = await convertInputs(inputs, options);
    let written = 0;
    if (flags.out !== undefined) {
      const { planFiles, writeFiles } = await import('../emit/files.js');
      written = (await writeFiles(flags.out, planFiles(result.objects, flags.output), flags.output)).length;
    } else if (result.objects.length > 0) {
      const { toJson, toYamlStream } = await import('../emit/serialize.js');
      process.stdout.write(flags.output === 'json' ? toJson(result.objects) : toYamlStream(result.objects));
    }
    if (flags.report !== undefined) {
      const { writeFile } = await import('node:fs/promises');
      await writeFile(flags.report, JSON.stringify({ findings: result.findings }, null, 2) + '\n');
    }
    printFindings(result.findings);
    if (!flags.quiet) {
      const c = countBySeverity(result.findings);
      const files = flags.out !== undefined ? ` in ${plural(written, 'file')} under ${flags.out}` : '';
      process.stderr.write(
        `converted ${plural(result.converted, 'Marathon object')} to ${plural(result.objects.length, 'Kubernetes object')}${files}; ` +
          `${result.failed} failed; findings: ${plural(c.error, 'error')}, ${plural(c.warning, 'warning')}, ${c.info} info\n`,
      );
    }
    process.exitCode = result.failed > 0 || findingsFail(result.findings, flags.failOn) ? EXIT_FAILED : EXIT_OK;
  });
}
