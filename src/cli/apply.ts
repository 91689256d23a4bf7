/**
 * `marathon2k8s apply INPUT…`: converts for the cluster's Kubernetes version and server-side
 * applies every object (field manager marathon2k8s) in dependency order; optionally waits for the
 * rollouts. Never deletes anything. Exit 0 all applied, 1 something failed or timed out,
 * 2 usage or cannot reach the cluster.
 */
import { InvalidArgumentError, Option, type Command } from 'commander';
import pc from 'picocolors';
import { conversionOptions, EXIT_FAILED, EXIT_OK, EXIT_USAGE, plural, printFindings } from './common.js';
import { addRemoteOptions, readRemoteSources, type RemoteFlags } from './export.js';
import { addClusterOptions, connectForConversion, useColor, type ClusterConversionFlags, type ClusterFlags } from './diff.js';

interface ApplyFlags extends ClusterConversionFlags, ClusterFlags, RemoteFlags {
  dryRun: 'server' | 'none';
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

export function registerApplyCommand(program: Command): void {
  const cmd = program
    .command('apply')
    .description('server-side apply the converted objects to the cluster, in dependency order (never deletes)')
    .argument('[input...]', "files, directories (recursively, *.json) or '-' for stdin; optional with --marathon-url/--metronome-url")
    .addOption(
      new Option('--dry-run <mode>', 'server: validate everything on the server without storing anything')
        .choices(['server', 'none'])
        .default('none'),
    )
    .option('--wait', 'wait until Deployments, StatefulSets and DaemonSets have rolled out', false)
    .option('--timeout <duration>', 'how long --wait waits (e.g. 90s, 5m)', parseDuration, 5 * 60_000)
    .option('--force-conflicts', 'take over fields that another field manager owns instead of failing', false);
  addRemoteOptions(addClusterOptions(cmd)).action(async (inputs: string[], flags: ApplyFlags) => {
    process.exitCode = await runApply(inputs, flags);
  });
}

async function runApply(inputs: string[], flags: ApplyFlags): Promise<number> {
  const options = conversionOptions({ ...flags, kubeVersion: flags.kubeVersion ?? '' });
  const remote = await readRemoteSources(inputs, flags);
  const dryRun = flags.dryRun === 'server';
  const connected = await connectForConversion(flags, options, EXIT_USAGE);
  if (typeof connected === 'number') return connected;
  const { cluster, session } = connected;

  const { convertInputs } = await import('../pipeline.js');
  const result = await convertInputs(inputs, options, remote);
  printFindings(result.findings);
  if (result.failed > 0) {
    // Applying the rest would leave a half-migrated group whose gaps are easy to miss.
    process.stderr.write(`error: ${result.failed} input(s) could not be converted; nothing was applied\n`);
    return EXIT_FAILED;
  }
  if (result.objects.length === 0) {
    process.stderr.write('nothing to apply\n');
    return EXIT_OK;
  }

  const c = pc.createColors(useColor(process.stdout));
  const paint = { created: c.green, configured: c.yellow, unchanged: c.dim, failed: c.red, skipped: c.red };
  process.stderr.write(
    `applying ${result.objects.length} objects to ${session.describe} (Kubernetes ${session.info.gitVersion}, ` +
      `objects for ${options.kubeVersion})${dryRun ? ', server dry run' : ''}\n`,
  );
  const report = await cluster.applyObjects(session.client, result.objects, {
    dryRun,
    forceConflicts: flags.forceConflicts,
    onEntry: (e) => {
      const label = e.outcome === 'skipped' ? 'not applied' : e.outcome;
      if (e.outcome === 'failed') process.stderr.write(`error: ${e.message}\n`);
      const why = e.outcome === 'failed' ? '' : e.message ? ` (${e.message})` : '';
      process.stdout.write(`${paint[e.outcome](label.padEnd(11))} ${e.ref}${why}\n`);
    },
  });
  process.stdout.write(`${cluster.applySummary(report)}\n`);
  if (!report.ok) {
    const applied = report.entries.filter((e) => e.outcome !== 'failed' && e.outcome !== 'skipped');
    const missing = report.entries.filter((e) => e.outcome === 'failed' || e.outcome === 'skipped');
    process.stderr.write(
      `error: apply incomplete: ${applied.length} of ${report.entries.length} objects applied; not applied: ` +
        missing.map((e) => `${e.ref} (${e.outcome === 'failed' ? 'failed' : 'not attempted'})`).join(', ') +
        '\n',
    );
    return EXIT_FAILED;
  }

  if (flags.wait && dryRun) process.stderr.write('--wait ignored: a dry run starts no rollout\n');
  if (flags.wait && !dryRun) {
    const workloads = report.entries.map((e) => e.object).filter((o) => cluster.ROLLOUT_KINDS.has(o.kind));
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
