/**
 * `marathon2k8s diff INPUT…`: converts for the cluster's Kubernetes version, dry-runs a
 * server-side apply of every object and prints a unified diff against the live objects.
 * Exit codes as `kubectl diff`: 0 no change, 1 changes, >1 error.
 *
 * The cluster code (and @kubernetes/client-node, which is slow to load) is imported only when the
 * command runs, so `--version` and `--help` stay fast.
 */
import type { Command, Option } from 'commander';
import { addConversionOptions, conversionOptions, type ConversionFlags } from './common.js';
import { addRemoteOptions, hasRemote, readRemoteSources } from './export.js';
import { addShowOption, printFindingLines, type ShowLevel } from './findings-output.js';
import { addInputOptions, convertRun, INPUT_ARGUMENT_HELP, inputsOf, type InputFlags } from './inputs.js';
import {
  addApplyMethodOption,
  addSelectionOptions,
  checkSelectionFlags,
  describeApplyMethod,
  pruneScopeOf,
  selectByLabels,
  type ApplyMethodFlags,
  type SelectionFlags,
} from './cluster-run.js';
import { progressFor } from './progress.js';
import { addSecretStoreOptions, runSecretStore, secretStoreSetup, type SecretStoreFlags } from '../secrets/cli.js';
import type { ConvertOptions } from '../options.js';

/** diff's error exit code (1 means "there are changes"). */
export const EXIT_DIFF_ERROR = 2;

/** Flags that pick the cluster, shared with `apply`. */
export interface ClusterFlags {
  kubeconfig?: string;
  context?: string;
}

/** As ConversionFlags, but the Kubernetes version defaults to the cluster's. */
export type ClusterConversionFlags = Omit<ConversionFlags, 'kubeVersion'> & { kubeVersion?: string };

interface DiffFlags extends ClusterConversionFlags, ClusterFlags, InputFlags, SelectionFlags, SecretStoreFlags, ApplyMethodFlags {
  forceConflicts: boolean;
  show: ShowLevel;
}

/** --kubeconfig, --context and the conversion flags, with --kube-version defaulting to the cluster's. */
/**
 * Connects to the cluster of --kubeconfig/--context (loading the cluster code only now) and
 * sets the target version from its discovery unless --kube-version was given. A kubeconfig or
 * connection problem is printed and becomes `exitCode` (diff and apply use different codes).
 */
export async function connectForConversion(flags: ClusterFlags & ApplyMethodFlags & { kubeVersion?: string }, options: ConvertOptions, exitCode: number) {
  const cluster = await import('../cluster/session.js');
  try {
    const session = await cluster.connectCluster({
      kubeconfig: flags.kubeconfig,
      context: flags.context,
      applyMethod: flags.applyMethod ?? 'auto',
      onNote: (message) => process.stderr.write(`note: ${message}\n`),
    });
    options.kubeVersion = flags.kubeVersion ?? session.info.kubeVersion;
    return { cluster, session };
  } catch (e) {
    if (e instanceof cluster.ClusterError) {
      process.stderr.write(`error: ${e.message}\n`);
      return exitCode;
    }
    throw e;
  }
}

export function addClusterOptions(cmd: Command): Command {
  cmd
    .option('--kubeconfig <file>', 'kubeconfig file (default: $KUBECONFIG, then ~/.kube/config)')
    .option('--context <name>', "kubeconfig context (default: the kubeconfig's current-context)");
  addConversionOptions(cmd);
  const kubeVersion = cmd.options.find((o: Option) => o.long === '--kube-version');
  if (kubeVersion) {
    // Against a cluster the API versions come from its discovery unless the user says otherwise.
    kubeVersion.defaultValue = undefined;
    kubeVersion.description = "target Kubernetes version (default: the cluster's, from discovery)";
    // commander stored the default when the option was added; forget it too.
    cmd.setOptionValueWithSource('kubeVersion', undefined, 'default');
  }
  return cmd;
}

/** Colour only on a terminal, and never with NO_COLOR. */
export function useColor(stream: NodeJS.WriteStream): boolean {
  return stream.isTTY === true && process.env.NO_COLOR === undefined;
}

export function registerDiffCommand(program: Command): void {
  const cmd = program
    .command('diff')
    .description('show what apply would change in the cluster (dry run on the server); exit 0 no change, 1 changes, >1 error')
    .argument('[input...]', INPUT_ARGUMENT_HELP)
    .option('--force-conflicts', 'diff as `apply --force-conflicts` would apply (take over fields of other managers)', false);
  addSelectionOptions(cmd, 'diff');
  addApplyMethodOption(cmd);
  addSecretStoreOptions(cmd, 'cluster');
  addRemoteOptions(addClusterOptions(addShowOption(addInputOptions(cmd)))).action(async (inputs: string[], flags: DiffFlags) => {
    process.exitCode = await runDiff(inputs, flags);
  });
}

async function runDiff(inputs: string[], flags: DiffFlags): Promise<number> {
  // Usage errors first, before any network round trip.
  const options = conversionOptions({ ...flags, kubeVersion: flags.kubeVersion ?? '' });
  const secretStore = secretStoreSetup(flags, 'cluster', options);
  if (inputsOf(inputs, flags).length === 0 && !hasRemote(flags)) await readRemoteSources([], flags);
  const matches = await checkSelectionFlags(flags);
  const connected = await connectForConversion(flags, options, EXIT_DIFF_ERROR);
  if (typeof connected === 'number') return connected;
  const { cluster, session } = connected;
  process.stderr.write(
    `cluster ${session.describe}: Kubernetes ${session.info.gitVersion}; objects converted for ${options.kubeVersion}${describeApplyMethod(session.apply)}\n`,
  );

  const converting = await progressFor(false);
  const result = await convertRun(inputs, flags, options, converting.hooks);
  converting.stop();
  const scrub = secretStore ? (await runSecretStore(result, secretStore, flags)).scrub : (text: string) => text;
  printFindingLines(result.findings, { show: flags.show, withFile: result.multipleFiles });
  const objects = matches ? selectByLabels(result.objects, matches) : result.objects;
  if (matches && objects.length === 0 && !flags.prune) process.stderr.write(`warning: -l ${flags.selector} matches none of the ${result.objects.length} converted objects\n`);

  const diffing = await progressFor(false, { label: 'diffing', unit: 'objects' });
  const diff = await cluster.diffObjects(session.client, objects, { forceConflicts: flags.forceConflicts, overwriteSecrets: flags.overwriteSecrets === true, onProgress: diffing.hooks.onProgress });
  diffing.stop();
  if (flags.prune) {
    if (result.failed > 0) {
      // The objects of an input that failed would all look deleted.
      process.stderr.write('warning: --prune ignored: some inputs could not be converted, so their objects would all look deleted\n');
    } else {
      const plan = await cluster.planPrune(session.client, objects, await pruneScopeOf(result.objects, flags, options.kubeVersion));
      for (const w of plan.warnings) process.stderr.write(`warning: ${w}\n`);
      cluster.addDeletions(diff, plan);
    }
  }
  process.stdout.write(scrub(cluster.formatDiff(diff, useColor(process.stdout))));
  for (const e of diff.entries) if (e.error) process.stderr.write(`error: ${scrub(e.error)}\n`);
  process.stderr.write(`${cluster.diffSummary(diff)}\n`);
  if (result.failed > 0) {
    process.stderr.write(`error: ${result.failed} input(s) could not be converted and are not in the diff\n`);
    return EXIT_DIFF_ERROR;
  }
  return cluster.diffExitCode(diff);
}
