/**
 * `marathon2k8s chart INPUT… --out DIR [--name NAME] [--lint] [--helm-bin PATH]`: Helm charts,
 * one per top-level Marathon group (namespace) or one named --name; findings to stderr and into
 * each chart's README.md. With --lint every written chart must pass `helm lint --strict` and
 * `helm template`, else the command exits 1.
 */
import type { Command } from 'commander';
import {
  addConversionOptions, conversionOptions, EXIT_FAILED, EXIT_OK, failOnOption, findingsFail, plural, printFindings, UsageError,
  type ConversionFlags,
} from './common.js';
import { addRemoteOptions, readRemoteSources, type RemoteFlags } from './export.js';

interface ChartFlags extends ConversionFlags, RemoteFlags {
  out: string;
  name?: string;
  lint: boolean;
  helmBin?: string;
  failOn: string;
  quiet: boolean;
}

const CHART_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

export function registerChartCommand(program: Command): void {
  const cmd = program
    .command('chart')
    .description('write Helm charts: one per top-level Marathon group, or one chart named --name')
    .argument('[input...]', "files, directories (recursively, *.json) or '-' for stdin; optional with --marathon-url/--metronome-url")
    .requiredOption('--out <dir>', 'directory to write the charts into (one sub-directory per chart)')
    .option('--name <name>', 'write one chart with this name holding every converted object')
    .option('--lint', 'run helm lint --strict and helm template on the written charts; exit 1 if either fails', false)
    .option('--helm-bin <path>', 'helm binary for --lint (default: $HELM_BIN, else helm on PATH)')
    .addOption(failOnOption)
    .option('-q, --quiet', 'print no summary line', false);
  addRemoteOptions(addConversionOptions(cmd)).action(async (inputs: string[], flags: ChartFlags) => {
    if (flags.name !== undefined && (!CHART_NAME.test(flags.name) || flags.name.length > 63)) {
      throw new UsageError(`--name "${flags.name}" is not a valid chart name (lowercase letters, digits and '-', at most 63)`);
    }
    const options = conversionOptions(flags);
    const remote = await readRemoteSources(inputs, flags);
    // Find helm before converting, so a missing helm fails fast instead of after the work.
    let helm: import('../helm/helm.js').Helm | undefined;
    if (flags.lint) {
      const { findHelm, HelmError } = await import('../helm/helm.js');
      try {
        helm = await findHelm(flags.helmBin);
      } catch (e) {
        if (!(e instanceof HelmError)) throw e;
        process.stderr.write(`error: ${e.message}\n`);
        process.exitCode = EXIT_FAILED;
        return;
      }
    }
    const { convertInputs } = await import('../pipeline.js');
    const result = await convertInputs(inputs, options, remote);
    printFindings(result.findings);
    const { writeCharts } = await import('../emit/chart/index.js');
    const chartOpts = flags.name !== undefined ? { outDir: flags.out, name: flags.name } : { outDir: flags.out };
    let charts: Awaited<ReturnType<typeof writeCharts>>;
    try {
      charts = await writeCharts(result.objects, result.findings, chartOpts);
    } catch (e) {
      // An --out that holds something else, or a file system error: say so, write nothing more.
      process.stderr.write(`error: ${(e as Error).message}\n`);
      process.exitCode = EXIT_FAILED;
      return;
    }
    let lintFailed = false;
    if (helm) {
      for (const c of charts) {
        const lint = await helm.lint(c.dir, { kubeVersion: options.kubeVersion });
        if (!lint.ok) {
          lintFailed = true;
          process.stderr.write(`helm lint --strict ${c.dir} failed:\n${lint.output.trim()}\n`);
          continue;
        }
        try {
          await helm.template(c.dir, { namespace: c.plan.namespaces[0] ?? c.name, kubeVersion: options.kubeVersion });
        } catch (e) {
          lintFailed = true;
          process.stderr.write(`${(e as Error).message}\n`);
        }
      }
    }
    if (!flags.quiet) {
      const list = charts.map((c) => `${c.name} (${plural(c.plan.apps.length, 'app')})`).join(', ');
      const what = charts.length > 0 ? `wrote ${plural(charts.length, 'chart')} under ${flags.out}: ${list}` : 'nothing to write: no object was converted';
      const linted = helm ? (lintFailed ? '; helm lint/template FAILED' : '; helm lint --strict and helm template passed') : '';
      process.stderr.write(`${what}; ${result.failed} failed${linted}\n`);
      for (const c of charts) for (const w of c.plan.warnings) process.stderr.write(`warning: chart ${c.name}: ${w}\n`);
    }
    const failed = result.failed > 0 || charts.length === 0 || lintFailed || findingsFail(result.findings, flags.failOn);
    process.exitCode = failed ? EXIT_FAILED : EXIT_OK;
  });
}
