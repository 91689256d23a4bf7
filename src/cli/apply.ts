/**
 * `marathon2k8s apply INPUT…`: converts for the cluster's Kubernetes version and server-side
 * applies every object (field manager marathon2k8s) in dependency order; optionally waits for the
 * rollouts, and with --prune deletes what it created earlier and the input no longer holds.
 * Exit 0 all applied, 1 something failed or timed out, 2 usage or cannot reach the cluster.
 */
import { InvalidArgumentError, Option, type Command } from 'commander';
import pc from 'picocolors';
import { conversionOptions, EXIT_FAILED, EXIT_OK, EXIT_USAGE, plural } from './common.js';
import { addRemoteOptions, hasRemote, readRemoteSources } from './export.js';
import { addShowOption, printFindingLines, type ShowLevel } from './findings-output.js';
import { addInputOptions, convertRun, INPUT_ARGUMENT_HELP, inputsOf, type InputFlags } from './inputs.js';
import { addClusterOptions, connectForConversion, useColor, type ClusterConversionFlags, type ClusterFlags } from './diff.js';
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

export type DryRun = 'client' | 'server' | 'none';

interface ApplyFlags extends ClusterConversionFlags, ClusterFlags, InputFlags, SelectionFlags, SecretStoreFlags, ApplyMethodFlags {
  show: ShowLevel;
  dryRun: DryRun;
  output?: 'name';
  wait: boolean;
  timeout: number;
  forceConflicts: boolean;
}

/** "90s", "5m", "1h" or plain seconds, to milliseconds. */
export function parseDuration(value: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(value.trim());
  if (!m) throw new InvalidArgumentError('expected a duration such as 90s, 5m or 1h');
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[(m[2] ?? 's') as 'ms' | 's' | 'm' | 'h'];
  return Number(m[1]) * unit;
}

export const DRY_RUN_MODES: readonly DryRun[] = ['client', 'server', 'none'];

/**
 * kubectl's `--dry-run`: bare means `client`. commander would take the next word as the mode
 * (`apply --dry-run app.json`), so a bare `--dry-run` is spelled out before parsing.
 */
export function normalizeDryRun(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      out.push(...argv.slice(i));
      break;
    }
    if (arg === '--dry-run' && !(DRY_RUN_MODES as readonly string[]).includes(argv[i + 1] ?? '')) out.push('--dry-run=client');
    else out.push(arg);
  }
  return out;
}

export function registerApplyCommand(program: Command): void {
  const cmd = program
    .command('apply')
    .description('apply the converted objects to the cluster in dependency order (server-side apply; client-side, as kubectl did, on Kubernetes < 1.16); --prune deletes what it created earlier and the input no longer holds')
    .argument('[input...]', INPUT_ARGUMENT_HELP)
    .addOption(
      new Option('--dry-run [mode]', 'client: print what would be applied without sending it; server: the server validates everything and stores nothing; none: apply. A bare --dry-run is client')
        .choices([...DRY_RUN_MODES])
        .preset('client')
        .default('none'),
    )
    .addOption(new Option('-o, --output <format>', 'name: print only kind.group/name of each object applied (or pruned), as kubectl -o name').choices(['name']))
    .option('--wait', 'wait until Deployments, StatefulSets and DaemonSets have rolled out', false)
    .addOption(new Option('--timeout <duration>', 'how long --wait waits, e.g. 90s, 5m, 1h').argParser(parseDuration).default(5 * 60_000, '5m'))
    .option('--force-conflicts', 'take over fields that another field manager owns instead of failing', false);
  addSelectionOptions(cmd, 'apply');
  addApplyMethodOption(cmd);
  addSecretStoreOptions(cmd, 'cluster');
  addRemoteOptions(addClusterOptions(addShowOption(addInputOptions(cmd)))).action(async (inputs: string[], flags: ApplyFlags) => {
    process.exitCode = await runApply(inputs, flags);
  });
}

async function runApply(inputs: string[], flags: ApplyFlags): Promise<number> {
  const options = conversionOptions({ ...flags, kubeVersion: flags.kubeVersion ?? '' });
  const secretStore = secretStoreSetup(flags, 'cluster', options);
  // Usage errors about the inputs (none given) before any network round trip.
  if (inputsOf(inputs, flags).length === 0 && !hasRemote(flags)) await readRemoteSources([], flags);
  const matches = await checkSelectionFlags(flags);
  const dryRun = flags.dryRun;
  const connected = await connectForConversion(flags, options, EXIT_USAGE);
  if (typeof connected === 'number') return connected;
  const { cluster, session } = connected;

  const converting = await progressFor(false);
  const result = await convertRun(inputs, flags, options, converting.hooks);
  converting.stop();
  // Values never reach the output: an API server message quoting one is scrubbed.
  const scrub = secretStore ? (await runSecretStore(result, secretStore, flags)).scrub : (text: string) => text;
  printFindingLines(result.findings, { show: flags.show, withFile: result.multipleFiles });
  if (result.failed > 0) {
    // Applying the rest would leave a half-migrated group whose gaps are easy to miss.
    process.stderr.write(`error: ${result.failed} input(s) could not be converted; nothing was applied\n`);
    return EXIT_FAILED;
  }
  const objects = matches ? selectByLabels(result.objects, matches) : result.objects;
  if (matches && objects.length === 0 && !flags.prune) {
    process.stderr.write(`error: -l ${flags.selector} matches none of the ${result.objects.length} converted objects; nothing was applied\n`);
    return EXIT_FAILED;
  }
  if (objects.length === 0 && !flags.prune) {
    process.stderr.write('nothing to apply\n');
    return EXIT_OK;
  }

  const names = flags.output === 'name';
  const c = pc.createColors(useColor(process.stdout));
  const paint = { created: c.green, configured: c.yellow, unchanged: c.dim, failed: c.red, skipped: c.red, pruned: c.magenta };
  const suffix = dryRun === 'client' ? ' (client dry run)' : dryRun === 'server' ? ' (server dry run)' : '';
  const line = (outcome: keyof typeof paint, ref: string, name: string, why = '') => {
    if (names) process.stdout.write(`${name}\n`);
    else process.stdout.write(`${paint[outcome]((outcome === 'skipped' ? 'not applied' : outcome).padEnd(11))} ${ref}${why}${suffix}\n`);
  };
  const { resourceName } = await import('../emit/serialize.js');
  process.stderr.write(
    `applying ${objects.length} objects to ${session.describe} (Kubernetes ${session.info.gitVersion}, ` +
      `objects for ${options.kubeVersion})${dryRun === 'server' ? ', server dry run' : dryRun === 'client' ? ', client dry run: nothing is sent' : ''}` +
      `${dryRun === 'client' ? '' : describeApplyMethod(session.apply)}\n`,
  );

  let ok = true;
  let applied: import('../kube/types.js').KubeObject[] = [];
  if (dryRun === 'client') {
    // As kubectl's client dry run: what would be sent, and whether it exists; the server sees nothing.
    const { applyOrder } = await import('../cluster/order.js');
    const { objectRef } = await import('../cluster/normalize.js');
    for (const obj of applyOrder(objects)) {
      const live = await session.client.get(obj);
      line(live ? 'configured' : 'created', objectRef(obj), resourceName(obj));
    }
    applied = objects;
  } else {
    // No progress bar here: every object gets its own line as it is applied.
    const report = await cluster.applyObjects(session.client, objects, {
      dryRun: dryRun === 'server',
      forceConflicts: flags.forceConflicts,
      overwriteSecrets: flags.overwriteSecrets === true,
      onEntry: (e) => {
        if (e.outcome === 'failed') process.stderr.write(`error: ${scrub(e.message ?? '')}\n`);
        const why = e.outcome === 'failed' ? '' : e.message ? ` (${scrub(e.message)})` : '';
        line(e.outcome, e.ref, resourceName(e.object), why);
      },
    });
    if (!names) process.stdout.write(`${cluster.applySummary(report)}\n`);
    if (!report.ok) {
      const done = report.entries.filter((e) => e.outcome !== 'failed' && e.outcome !== 'skipped');
      const missing = report.entries.filter((e) => e.outcome === 'failed' || e.outcome === 'skipped');
      process.stderr.write(
        `error: apply incomplete: ${done.length} of ${report.entries.length} objects applied; not applied: ` +
          missing.map((e) => `${e.ref} (${e.outcome === 'failed' ? 'failed' : 'not attempted'})`).join(', ') +
          '\n',
      );
      if (flags.prune) process.stderr.write('error: nothing was pruned: the apply was incomplete\n');
      return EXIT_FAILED;
    }
    applied = report.entries.map((e) => e.object);
  }

  if (flags.prune) {
    const plan = await cluster.planPrune(session.client, objects, await pruneScopeOf(result.objects, flags, options.kubeVersion));
    const { objectRef } = await import('../cluster/normalize.js');
    for (const w of plan.warnings) process.stderr.write(`warning: ${w}\n`);
    for (const k of plan.kept) {
      process.stderr.write(`warning: not pruned: ${objectRef(k.object)} is no longer in the input, but ${k.reason}; delete it yourself when it is no longer needed\n`);
    }
    if (dryRun === 'client') {
      for (const o of plan.prune) line('pruned', objectRef(o), resourceName(o));
    } else {
      const entries = await cluster.pruneObjects(session.client, plan, {
        dryRun: dryRun === 'server',
        onEntry: (e) => {
          if (e.outcome === 'failed') process.stderr.write(`error: ${e.message}\n`);
          else line('pruned', e.ref, resourceName(e.object));
        },
      });
      if (entries.some((e) => e.outcome === 'failed')) ok = false;
    }
    if (!names) process.stdout.write(`${plural(plan.prune.length, 'object')} pruned${suffix}\n`);
  }
  if (!ok) return EXIT_FAILED;

  if (flags.wait && dryRun !== 'none') process.stderr.write('--wait ignored: a dry run starts no rollout\n');
  if (flags.wait && dryRun === 'none') {
    const workloads = applied.filter((o) => cluster.ROLLOUT_KINDS.has(o.kind));
    if (workloads.length > 0) return (await waitWithProgress(cluster, session.client, workloads, flags.timeout)) ? EXIT_OK : EXIT_FAILED;
  }
  return EXIT_OK;
}

type ClusterModule = typeof import('../cluster/session.js');

/** Waits, showing progress: one line rewritten in place on a terminal, state changes otherwise. */
async function waitWithProgress(
  cluster: ClusterModule,
  client: Awaited<ReturnType<ClusterModule['connectCluster']>>['client'],
  workloads: Parameters<ClusterModule['waitForRollouts']>[1],
  timeoutMs: number,
): Promise<boolean> {
  const tty = process.stderr.isTTY === true;
  const seen = new Map<string, string>();
  const total = workloads.length;
  const result = await cluster.waitForRollouts(client, workloads, {
    timeoutMs,
    onProgress: (states) => {
      const pending = states.filter((s) => !s.done);
      if (tty) {
        const first = pending[0];
        const line = `waiting: ${total - pending.length}/${total} rolled out${first ? ` — ${first.ref}: ${first.message}` : ''}`;
        process.stderr.write(`\r\x1b[K${line.slice(0, (process.stderr.columns ?? 120) - 1)}`);
      } else {
        for (const s of states) {
          if (seen.get(s.ref) !== s.message) process.stderr.write(`${s.ref}: ${s.message}\n`);
          seen.set(s.ref, s.message);
        }
      }
    },
  });
  if (tty) process.stderr.write('\r\x1b[K');
  if (!result.timedOut) {
    process.stderr.write(`${plural(total, 'workload')} rolled out\n`);
    return true;
  }
  process.stderr.write(
    `error: timed out after ${Math.round(timeoutMs / 1000)}s waiting for rollouts (the objects are applied):\n` +
      result.pending.map((s) => `  ${s.ref}: ${s.message}\n`).join(''),
  );
  return false;
}
