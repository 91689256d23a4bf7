/**
 * `marathon2k8s chart INPUT… --out DIR [--name NAME] [--lint] [--helm-bin PATH]`: Helm charts,
 * one per top-level Marathon group (namespace) or one named --name; findings to stderr and into
 * each chart's README.md. With --lint every written chart must pass `helm lint --strict` and
 * `helm template`, else the command exits 1. `--out -` renders the charts to stdout as
 * `helm template` does (through helm, from charts written to a temporary directory).
 */
import type { Command } from 'commander';
import {
  addConversionOptions, conversionOptions, EXIT_FAILED, EXIT_OK, failOnOption, findingsFail, plural, UsageError,
  type ConversionFlags,
} from './common.js';
import { addRemoteOptions } from './export.js';
import { addShowOption, printFindingLines, type ShowLevel } from './findings-output.js';
import { addInputOptions, convertRun, INPUT_ARGUMENT_HELP, type InputFlags } from './inputs.js';
import { progressFor } from './progress.js';
import {
  addSecretStoreOptions, refuseSecretValuesOnStdout, runSecretStore, secretStoreSetup, secretValuesWarning, writePrivately, type SecretStoreFlags,
} from '../secrets/cli.js';

interface ChartFlags extends ConversionFlags, InputFlags, SecretStoreFlags {
  out: string;
  name?: string;
  chartVersion?: string;
  appVersion?: string;
  lint: boolean;
  helmBin?: string;
  failOn: string;
  quiet: boolean;
  show: ShowLevel;
}

const CHART_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/** SemVer 2, which Helm requires of a chart's version. */
const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?(\+[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?$/;

export function registerChartCommand(program: Command): void {
  const cmd = program
    .command('chart')
    .description('write Helm charts: one per top-level Marathon group, or one chart named --name; --out - renders them to stdout as helm template does')
    .argument('[input...]', INPUT_ARGUMENT_HELP)
    .requiredOption('--out <dir>', "directory to write the charts into (one sub-directory per chart), or '-' to render them to stdout through helm template")
    .option('--name <name>', 'write one chart with this name holding every converted object')
    .option('--chart-version <semver>', "the charts' version in Chart.yaml (default 0.1.0)")
    .option('--app-version <version>', "the charts' appVersion in Chart.yaml (default: the image tag all workloads share, else the chart version)")
    .option('--lint', 'run helm lint --strict and helm template on the written charts; exit 1 if either fails', false)
    .option('--helm-bin <path>', 'helm binary for --lint and --out - (default: $HELM_BIN, else helm on PATH)')
    .addOption(failOnOption)
    .option('-q, --quiet', 'print no summary line', false);
  addShowOption(cmd);
  addSecretStoreOptions(cmd, 'files');
  addRemoteOptions(addConversionOptions(addInputOptions(cmd))).action(async (inputs: string[], flags: ChartFlags) => {
    if (flags.name !== undefined && (!CHART_NAME.test(flags.name) || flags.name.length > 63)) {
      throw new UsageError(`--name "${flags.name}" is not a valid chart name (lowercase letters, digits and '-', at most 63)`);
    }
    if (flags.chartVersion !== undefined && !SEMVER.test(flags.chartVersion)) {
      throw new UsageError(`--chart-version "${flags.chartVersion}" is not a SemVer 2 version (such as 1.2.0 or 1.2.0-rc.1), which Helm requires`);
    }
    if (flags.appVersion !== undefined && flags.appVersion.trim() === '') throw new UsageError('--app-version must not be empty');
    const toStdout = flags.out === '-';
    const options = conversionOptions(flags);
    const secretStore = secretStoreSetup(flags, 'files', options);
    if (toStdout) refuseSecretValuesOnStdout(secretStore, 'stdout (--out -)');
    // Find helm before converting, so a missing helm fails fast instead of after the work.
    let helm: import('../helm/helm.js').Helm | undefined;
    if (flags.lint || toStdout) {
      const { findHelm, HelmError } = await import('../helm/helm.js');
      try {
        helm = await findHelm(flags.helmBin);
      } catch (e) {
        if (!(e instanceof HelmError)) throw e;
        process.stderr.write(`error: ${toStdout ? '--out - renders the charts with helm template: ' : ''}${e.message}\n`);
        process.exitCode = EXIT_FAILED;
        return;
      }
    }
    const progress = await progressFor(flags.quiet);
    const result = await convertRun(inputs, flags, options, progress.hooks);
    progress.stop();
    const secrets = secretStore ? await runSecretStore(result, secretStore, flags) : undefined;
    printFindingLines(result.findings, { show: flags.show, withFile: result.multipleFiles });
    const { writeCharts } = await import('../emit/chart/index.js');
    const { mkdtemp, rm } = await import('node:fs/promises');
    const outDir = toStdout ? await mkdtemp(`${(await import('node:os')).tmpdir()}/marathon2k8s-chart-`) : flags.out;
    const versions = {
      kubeVersion: options.kubeVersion,
      ...(flags.chartVersion !== undefined ? { version: flags.chartVersion } : {}),
      ...(flags.appVersion !== undefined ? { appVersion: flags.appVersion } : {}),
    };
    const chartOpts = { outDir, versions, ...(flags.name !== undefined ? { name: flags.name } : {}) };
    let charts: Awaited<ReturnType<typeof writeCharts>>;
    let lintFailed = false;
    try {
      try {
        // Charts with secret values: every file readable by its owner only (the chart directories are written anew).
        charts = secrets?.filled ? await writePrivately([], () => writeCharts(result.objects, result.findings, chartOpts)) : await writeCharts(result.objects, result.findings, chartOpts);
        if (secrets?.filled) process.stderr.write(`${secretValuesWarning(secrets.filled, `the charts under ${flags.out}`)}\n`);
        if (!toStdout) {
          // The data runbooks, beside the charts: DIR/runbooks/<namespace>/<app>.sh.
          const runbook = await import('../runbook/files.js');
          const added = runbook.writeRunbooks(outDir, result.runbooks ?? []).map((w) => runbook.runbookFinding(w, flags.out));
          result.findings.push(...added);
          printFindingLines(added, { show: flags.show, withFile: result.multipleFiles });
        }
      } catch (e) {
        // An --out that holds something else, or a file system error: say so, write nothing more.
        process.stderr.write(`error: ${(e as Error).message}\n`);
        process.exitCode = EXIT_FAILED;
        return;
      }
      if (helm) {
        for (const c of charts) {
          if (flags.lint) {
            const lint = await helm.lint(c.dir, { kubeVersion: options.kubeVersion });
            if (!lint.ok) {
              lintFailed = true;
              process.stderr.write(`helm lint --strict ${toStdout ? c.name : c.dir} failed:\n${lint.output.trim()}\n`);
              continue;
            }
          }
          try {
            const rendered = await helm.template(c.dir, { releaseName: c.name, namespace: c.plan.namespaces[0] ?? c.name, kubeVersion: options.kubeVersion });
            if (toStdout) process.stdout.write(rendered.endsWith('\n') ? rendered : `${rendered}\n`);
          } catch (e) {
            lintFailed = true;
            process.stderr.write(`${(e as Error).message}\n`);
          }
        }
      }
    } finally {
      if (toStdout) await rm(outDir, { recursive: true, force: true });
    }
    if (!flags.quiet) {
      const list = charts.map((c) => `${c.name} (${plural(c.plan.apps.length, 'app')})`).join(', ');
      const verb = toStdout ? 'rendered' : 'wrote';
      const what = charts.length > 0 ? `${verb} ${plural(charts.length, 'chart')}${toStdout ? '' : ` under ${flags.out}`}: ${list}` : 'nothing to write: no object was converted';
      const linted = flags.lint ? (lintFailed ? '; helm lint/template FAILED' : '; helm lint --strict and helm template passed') : toStdout && lintFailed ? '; helm template FAILED' : '';
      process.stderr.write(`${what}; ${result.failed} failed${linted}\n`);
      for (const c of charts) for (const w of c.plan.warnings) process.stderr.write(`warning: chart ${c.name}: ${w}\n`);
    }
    const failed = result.failed > 0 || charts.length === 0 || lintFailed || findingsFail(result.findings, flags.failOn);
    process.exitCode = failed ? EXIT_FAILED : EXIT_OK;
  });
}
