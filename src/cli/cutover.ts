/**
 * `marathon2k8s cutover INPUT… --marathon-url URL`: moves apps from Marathon to Kubernetes one at
 * a time in dependency order — apply, wait until Ready, scale the Marathon app to 0 — recording
 * the Marathon instance counts first (state file + annotations) so `rollback` can undo it.
 * Exit 0 everything cut over, 1 a unit failed (the table says where each one stands), 2 usage,
 * cluster unreachable or unusable state file.
 *
 * What rollback shares with it (flags, reading the inputs into a plan, connecting) lives here too.
 */
import { Option, type Command } from 'commander';
import { conversionOptions, EXIT_FAILED, EXIT_OK, EXIT_USAGE, UsageError } from './common.js';
import { addRemoteOptions, remoteOptions, type RemoteFlags } from './export.js';
import { addShowOption, printFindingLines, type ShowLevel } from './findings-output.js';
import { addInputOptions, convertRun, INPUT_ARGUMENT_HELP, inputsOf, type InputFlags } from './inputs.js';
import { addClusterOptions, connectForConversion, type ClusterConversionFlags, type ClusterFlags } from './diff.js';
import { parseDuration } from './apply.js';
import type { CutoverPlan } from '../cutover/plan.js';
import type { RunContext } from '../cutover/cutover.js';
import type { RunResult } from '../cutover/outcome.js';

export interface CutoverCommonFlags extends ClusterConversionFlags, ClusterFlags, InputFlags, RemoteFlags {
  state: string;
  timeout: number;
}

interface CutoverFlags extends CutoverCommonFlags {
  /** 'client' when given (a bare --dry-run is spelled --dry-run=client before parsing, as for apply). */
  dryRun?: 'client';
  suspendJobs: boolean;
  show: ShowLevel;
}

const DEFAULT_STATE_FILE = 'marathon2k8s-state.json';

/** The flags cutover and rollback share: inputs, cluster, conversion, Marathon, --state, --timeout. */
export function addCutoverOptions(cmd: Command, verb: 'cutover' | 'rollback'): Command {
  cmd
    .argument('[input...]', `${INPUT_ARGUMENT_HELP.replace(/; optional.*$/, '')}: the definitions of what to ${verb === 'cutover' ? 'cut over' : 'roll back'} (without them, --select reads the live definitions from --marathon-url)`)
    .option('--state <file>', 'the state file: the Marathon instance counts recorded before the cutover (JSON; also kept as annotations on the workloads)', DEFAULT_STATE_FILE)
    .addOption(new Option('--timeout <duration>', 'per app, how long to wait for each step (Kubernetes Ready, a Marathon deployment, Marathon healthy), e.g. 90s, 5m').argParser(parseDuration).default(5 * 60_000, '5m'));
  addRemoteOptions(addClusterOptions(addInputOptions(cmd)));
  const marathonUrl = cmd.options.find((o) => o.long === '--marathon-url');
  if (marathonUrl) {
    marathonUrl.description = `the live Marathon whose apps are scaled ${verb === 'cutover' ? 'down' : 'back up'} (required; e.g. http://marathon.mesos:8080 or https://<cluster>/service/marathon; user:password@ in the URL is sent as basic auth)`;
  }
  const metronomeUrl = cmd.options.find((o) => o.long === '--metronome-url');
  if (metronomeUrl) metronomeUrl.description = `the live Metronome whose job schedules are ${verb === 'cutover' ? 'disabled (with --suspend-jobs)' : 'enabled again'} (e.g. http://metronome.mesos:9000 or https://<cluster>/service/metronome)`;
  return cmd;
}

export function registerCutoverCommand(program: Command): void {
  const cmd = program
    .command('cutover')
    .description('move apps from Marathon to Kubernetes in dependency order: apply, wait until Ready, scale the Marathon app to 0; the instance counts are recorded first for rollback')
    .addOption(new Option('--dry-run [mode]', 'print the plan (order, objects, the counts that would be recorded) and change nothing; only reads Marathon and the cluster (client, the default, is the only mode)').choices(['client']).preset('client'))
    .option('--suspend-jobs', 'also cut over Metronome jobs: apply their CronJobs, then disable their Metronome schedules (needs --metronome-url)', false);
  addShowOption(addCutoverOptions(cmd, 'cutover'));
  // Findings were for convert and report to show; here only what may need a look before moving.
  const show = cmd.options.find((o) => o.long === '--show');
  if (show) {
    show.default('warning');
    cmd.setOptionValueWithSource('show', 'warning', 'default');
  }
  cmd.action(async (inputs: string[], flags: CutoverFlags) => {
    process.exitCode = await runCutoverCommand(inputs, flags);
  });
}

/** What both commands have once the flags are checked: the plan, the cluster and Marathon. */
export interface Prepared {
  plan: CutoverPlan;
  ctx: Omit<RunContext, 'log'>;
  describe: string;
}

/**
 * Checks the flags, connects to the cluster, converts the inputs and plans. Returns an exit code
 * when it cannot go on (after saying why).
 */
export async function prepare(inputs: string[], flags: CutoverCommonFlags, verb: 'cutover' | 'rollback', suspendJobs: boolean, show: ShowLevel): Promise<Prepared | number> {
  if (flags.marathonUrl === undefined) throw new UsageError(`${verb} needs --marathon-url: the Marathon whose apps are scaled ${verb === 'cutover' ? 'down' : 'back up'}`);
  const files = inputsOf(inputs, flags);
  if (files.length === 0 && (flags.select ?? []).length === 0) {
    throw new UsageError(`give INPUT… (the definitions of the apps to ${verb === 'cutover' ? 'cut over' : 'roll back'}), or --select ID-PREFIX to take them from the live Marathon`);
  }
  const options = conversionOptions({ ...flags, kubeVersion: flags.kubeVersion ?? '' });
  const [{ MarathonApi }, { checkRemoteOptions, ServiceUrlError }] = await Promise.all([import('../marathon/marathon-api.js'), import('../marathon/remote.js')]);
  let marathon: InstanceType<typeof MarathonApi>;
  try {
    const remote = remoteOptions(flags);
    checkRemoteOptions(remote);
    marathon = new MarathonApi({ ...remote, marathonUrl: flags.marathonUrl });
  } catch (e) {
    if (e instanceof ServiceUrlError) throw new UsageError(e.message);
    throw e;
  }
  const connected = await connectForConversion(flags, options, EXIT_USAGE);
  if (typeof connected === 'number') return connected;
  const { session } = connected;

  // With INPUT… the files are the definitions; --marathon-url names only what to scale.
  const sourceFlags: InputFlags = files.length > 0 ? { ...flags, marathonUrl: undefined, metronomeUrl: undefined } : flags;
  const result = await convertRun(inputs, sourceFlags, options);
  printFindingLines(result.findings, { show, withFile: result.multipleFiles });
  if (result.failed > 0) {
    process.stderr.write(`error: ${result.failed} input(s) could not be converted; nothing was changed\n`);
    return EXIT_FAILED;
  }
  const { planCutover } = await import('../cutover/plan.js');
  const plan = planCutover(result.units, result.objects, { suspendJobs });
  if (verb === 'cutover' && plan.units.some((u) => u.kind === 'job') && flags.metronomeUrl === undefined) {
    throw new UsageError(`the jobs (${plan.units.filter((u) => u.kind === 'job').map((u) => u.id).join(', ')}) are scheduled by Metronome: give --metronome-url`);
  }
  const { kubeAnnotator } = await import('../cutover/annotate.js');
  return {
    plan,
    ctx: { client: session.client, annotate: kubeAnnotator(session.kc), marathon, stateFile: flags.state, timeoutMs: flags.timeout },
    describe: `Marathon ${marathon.marathonBase} → Kubernetes ${session.describe} (Kubernetes ${session.info.gitVersion})`,
  };
}

/** Runs cutover or rollback with the errors that end a run before it starts said plainly. */
export async function runGuarded(run: () => Promise<RunResult | number>): Promise<number> {
  const [{ MarathonApiError }, { StateFileError }, { ClusterError, KubeApiError }] = await Promise.all([
    import('../marathon/marathon-api.js'), import('../cutover/state.js'), import('../cluster/errors.js'),
  ]);
  try {
    const result = await run();
    return typeof result === 'number' ? result : result.ok ? EXIT_OK : EXIT_FAILED;
  } catch (e) {
    if (e instanceof StateFileError || e instanceof ClusterError) {
      process.stderr.write(`error: ${e.message}\n`);
      return EXIT_USAGE;
    }
    if (e instanceof MarathonApiError) {
      process.stderr.write(`error: ${e.message}\n${e.hint ? `hint: ${e.hint}\n` : ''}nothing was changed\n`);
      return EXIT_FAILED;
    }
    if (e instanceof KubeApiError) {
      process.stderr.write(`error: the Kubernetes API server answered ${e.statusCode}: ${e.message}\nnothing was changed\n`);
      return EXIT_FAILED;
    }
    throw e;
  }
}

async function runCutoverCommand(inputs: string[], flags: CutoverFlags): Promise<number> {
  return runGuarded(async () => {
    const prepared = await prepare(inputs, flags, 'cutover', flags.suspendJobs, flags.show);
    if (typeof prepared === 'number') return prepared;
    const { plan, describe } = prepared;
    const ctx: RunContext = { ...prepared.ctx, log: (line) => process.stderr.write(`${line}\n`) };
    const [{ loadState, recordUnits, runCutover }, { outcomeSummary, outcomeTable }] = await Promise.all([import('../cutover/cutover.js'), import('../cutover/outcome.js')]);
    if (flags.dryRun !== undefined) {
      const { planText } = await import('../cutover/plan-text.js');
      const records = await recordUnits(plan, ctx, await loadState(ctx));
      process.stdout.write(`cutover plan, ${describe} (dry run: nothing is changed; the counts would be recorded in ${flags.state})\n`);
      process.stdout.write(planText(plan, records));
      return EXIT_OK;
    }
    process.stderr.write(`cutover: ${describe}\n`);
    const result = await runCutover(plan, ctx);
    process.stdout.write(outcomeTable(result.outcomes));
    process.stdout.write(`${outcomeSummary(result.outcomes, 'cut over', 'already cut over')}\n`);
    return result;
  });
}
