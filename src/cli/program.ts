/**
 * The marathon2k8s command line. Only flag parsing and printing live under src/cli; each
 * command loads the modules it needs when it runs, so `--version` and `--help` start fast.
 */
import { Command, CommanderError } from 'commander';
import { createRequire } from 'node:module';
import { EXIT_FAILED, EXIT_USAGE, UsageError } from './common.js';
import { registerConvertCommand } from './convert.js';
import { registerValidateCommand } from './validate.js';
import { registerDiffCommand } from './diff.js';
import { normalizeDryRun, registerApplyCommand } from './apply.js';
import { registerChartCommand } from './chart.js';
import { registerExportCommand } from './export.js';
import { registerReportCommand } from './report.js';
import { registerCutoverCommand } from './cutover.js';
import { registerRollbackCommand } from './rollback.js';

const require = createRequire(import.meta.url);

/** package.json sits two levels above both src/cli (ts-jest) and dist/src/cli (built). */
function packageVersion(): string {
  for (const rel of ['../../package.json', '../../../package.json']) {
    try {
      const pkg = require(rel) as { name?: string; version?: string };
      if (pkg.name === 'marathon2k8s' && pkg.version) return pkg.version;
    } catch {
      // try the next location
    }
  }
  return '0.0.0';
}

export function buildProgram(): Command {
  const program = new Command('marathon2k8s')
    .description('Migrate Marathon apps, pods, groups and Metronome jobs to Kubernetes')
    .version(packageVersion())
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  registerConvertCommand(program);
  registerValidateCommand(program);
  registerChartCommand(program);
  registerReportCommand(program);
  registerDiffCommand(program);
  registerApplyCommand(program);
  registerExportCommand(program);
  registerCutoverCommand(program);
  registerRollbackCommand(program);
  for (const sub of program.commands) sub.exitOverride();
  return program;
}

export async function main(argv: string[]): Promise<void> {
  try {
    await buildProgram().parseAsync(normalizeDryRun(argv));
  } catch (e) {
    if (e instanceof CommanderError) {
      // --help and --version "fail" with exit code 0; everything else is a usage error.
      process.exitCode = e.exitCode === 0 ? 0 : EXIT_USAGE;
    } else if (e instanceof UsageError) {
      process.stderr.write(`error: ${e.message}\n`);
      process.exitCode = EXIT_USAGE;
    } else if (isSystemError(e)) {
      // The file system refused (an --out or --report path under a file, no permission, disk
      // full): the user's to fix, not a bug.
      process.stderr.write(`error: ${e.message}${e.path !== undefined ? '\n(check that path and its permissions)' : ''}\n`);
      process.exitCode = EXIT_FAILED;
    } else {
      // Not a user error: say so briefly; the stack only on request.
      process.stderr.write(`marathon2k8s: internal error: ${(e as Error).message ?? String(e)}\n`);
      if (process.env.MARATHON2K8S_DEBUG) process.stderr.write(`${(e as Error).stack}\n`);
      process.exitCode = 3;
    }
  }
}

/** An error of a system call (fs, net): it has an errno code and names the call. */
function isSystemError(e: unknown): e is NodeJS.ErrnoException {
  return e instanceof Error && typeof (e as NodeJS.ErrnoException).code === 'string' && typeof (e as NodeJS.ErrnoException).syscall === 'string';
}
