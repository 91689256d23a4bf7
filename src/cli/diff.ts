/**
 * `marathon2k8s diff INPUT…`: converts for the cluster's Kubernetes version, dry-runs a
 * server-side apply of every object and prints a unified diff against the live objects.
 * Exit codes as `kubectl diff`: 0 no change, 1 changes, >1 error.
 *
 * The cluster code (and @kubernetes/client-node, which is slow to load) is imported only when the
 * command runs, so `--version` and `--help` stay fast.
 */
import type { Command, Option } from 'commander';
import { addConversionOptions, conversionOptions, printFindings, type ConversionFlags } from './common.js';
import { addRemoteOptions, readRemoteSources, type RemoteFlags } from './export.js';
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

interface DiffFlags extends ClusterConversionFlags, ClusterFlags, RemoteFlags {
  forceConflicts: boolean;
}

/** --kubeconfig, --context and the conversion flags, with --kube-version defaulting to the cluster's. */
/**
 * Connects to the cluster of --kubeconfig/--context (loading the cluster code only now) and
 * sets the target version from its discovery unless --kube-version was given. A kubeconfig or
 * connection problem is printed and becomes `exitCode` (diff and apply use different codes).
 */
export async function connectForConversion(flags: ClusterFlags & { kubeVersion?: string }, options: ConvertOptions, exitCode: number) {
  const cluster = await import('../cluster/session.js');
  try {
    const session = await cluster.connectCluster({ kubeconfig: flags.kubeconfig, context: flags.context });
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
    .description('show what apply would change in the cluster (server-side dry run); exit 0 no change, 1 changes, >1 error')
    .argument('[input...]', "files, directories (recursively, *.json) or '-' for stdin; optional with --marathon-url/--metronome-url")
    .option('--force-conflicts', 'diff as `apply --force-conflicts` would apply (take over fields of other managers)', false);
  addRemoteOptions(addClusterOptions(cmd)).action(async (inputs: string[], flags: DiffFlags) => {
    process.exitCode = await runDiff(inputs, flags);
  });
}

async function runDiff(inputs: string[], flags: DiffFlags): Promise<number> {
  // Usage errors first, before any network round trip.
  const options = conversionOptions({ ...flags, kubeVersion: flags.kubeVersion ?? '' });
  const remote = await readRemoteSources(inputs, flags);
  const connected = await connectForConversion(flags, options, EXIT_DIFF_ERROR);
  if (typeof connected === 'number') return connected;
  const { cluster, session } = connected;
  process.stderr.write(
    `cluster ${session.describe}: Kubernetes ${session.info.gitVersion}; objects converted for ${options.kubeVersion}\n`,
  );

  const { convertInputs } = await import('../pipeline.js');
  const result = await convertInputs(inputs, options, remote);
  printFindings(result.findings);

  const diff = await cluster.diffObjects(session.client, result.objects, { forceConflicts: flags.forceConflicts });
  process.stdout.write(cluster.formatDiff(diff, useColor(process.stdout)));
  for (const e of diff.entries) if (e.error) process.stderr.write(`error: ${e.error}\n`);
  process.stderr.write(`${cluster.diffSummary(diff)}\n`);
  if (result.failed > 0) {
    process.stderr.write(`error: ${result.failed} input(s) could not be converted and are not in the diff\n`);
    return EXIT_DIFF_ERROR;
  }
  return cluster.diffExitCode(diff);
}
