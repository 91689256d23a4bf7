/** `marathon2k8s validate INPUT…`: checks Marathon inputs only (parse, schema, Marathon's rules). */
import type { Command } from 'commander';
import { countBySeverity, EXIT_FAILED, EXIT_OK, plural } from './common.js';
import { addRemoteOptions } from './export.js';
import { addShowOption, printFindingLines, type ShowLevel } from './findings-output.js';
import { addInputOptions, emptySelection, INPUT_ARGUMENT_HELP, inputsOf, readAll, type InputFlags } from './inputs.js';

interface ValidateFlags extends InputFlags {
  quiet: boolean;
  show: ShowLevel;
}

export function registerValidateCommand(program: Command): void {
  const cmd = program
    .command('validate')
    .description("check Marathon inputs (JSON syntax, schema, Marathon's validation rules) without converting")
    .argument('[input...]', INPUT_ARGUMENT_HELP)
    .option('-q, --quiet', 'print no summary line', false);
  addShowOption(cmd);
  addRemoteOptions(addInputOptions(cmd))
    .action(async (positional: string[], flags: ValidateFlags) => {
      const { read, notes } = await readAll(inputsOf(positional, flags), flags);
      const [{ validateInputs }, { addPositions }] = await Promise.all([import('../validate-inputs.js'), import('../marathon/positions.js')]);
      const result = await validateInputs([], read);
      result.findings.splice(read.errors.length, 0, ...notes);
      let checked = result.checked;
      if (flags.select !== undefined && flags.select.length > 0) {
        const { selects, normalizeSelector } = await import('../marathon/select.js');
        const prefixes = flags.select.map(normalizeSelector);
        const keep = (id: string | undefined) => id === undefined || selects(prefixes, id);
        result.findings = result.findings.filter((f) => keep(f.app));
        checked = (result.ids ?? []).filter(keep).length;
        if (!(result.ids ?? []).some((id) => id !== undefined && keep(id))) throw emptySelection(flags.select, result.ids ?? []);
      }
      const files = new Set([...read.sources.map((s) => s.file), ...read.errors.map((e) => e.file)]);
      // Positions only show when the lines name files (see convertRun).
      if (files.size > 1) addPositions(result.findings, read.sources);
      printFindingLines(result.findings, { show: flags.show, withFile: files.size > 1 });
      const counts = countBySeverity(result.findings);
      if (!flags.quiet) {
        process.stderr.write(`checked ${plural(checked, 'Marathon object')}: ${plural(counts.error, 'error')}, ${plural(counts.warning, 'warning')}\n`);
      }
      process.exitCode = counts.error > 0 ? EXIT_FAILED : EXIT_OK;
    });
}
