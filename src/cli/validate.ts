/** `marathon2k8s validate INPUT…`: checks Marathon inputs only (parse, schema, Marathon's rules). */
import type { Command } from 'commander';
import { countBySeverity, EXIT_FAILED, EXIT_OK, plural, printFindings } from './common.js';
import { addRemoteOptions, readRemoteSources, type RemoteFlags } from './export.js';

export function registerValidateCommand(program: Command): void {
  const cmd = program
    .command('validate')
    .description("check Marathon inputs (JSON syntax, schema, Marathon's validation rules) without converting")
    .argument('[input...]', "files, directories (recursively, *.json) or '-' for stdin; optional with --marathon-url/--metronome-url")
    .option('-q, --quiet', 'print no summary line', false);
  addRemoteOptions(cmd)
    .action(async (inputs: string[], flags: { quiet: boolean } & RemoteFlags) => {
      const remote = await readRemoteSources(inputs, flags);
      const { validateInputs } = await import('../validate-inputs.js');
      const result = await validateInputs(inputs, remote);
      printFindings(result.findings);
      const counts = countBySeverity(result.findings);
      if (!flags.quiet) {
        process.stderr.write(`checked ${plural(result.checked, 'Marathon object')}: ${plural(counts.error, 'error')}, ${plural(counts.warning, 'warning')}\n`);
      }
      process.exitCode = counts.error > 0 ? EXIT_FAILED : EXIT_OK;
    });
}
