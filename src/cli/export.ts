/**
 * Reading a live Marathon / Metronome from the command line:
 *   - `addRemoteOptions(cmd)` + `readRemoteSources(inputs, flags)` for the converting commands
 *     (convert, chart, diff, apply): `--marathon-url`, `--metronome-url`, `--dcos-token`,
 *     `--marathon-timeout`;
 *   - `marathon2k8s export`: saves the live state as one JSON file that `convert` reads offline.
 *
 * The token comes from --dcos-token or $DCOS_TOKEN and is never printed (not in errors, debug
 * lines, --help or the snapshot). The HTTP code is loaded only when a URL is given.
 */
import { InvalidArgumentError, Option, type Command } from 'commander';
import type { ReadResult } from '../marathon/load.js';
import { parseServiceUrl, ServiceUrlError } from '../marathon/remote-url.js';
import type { RemoteOptions } from '../marathon/remote.js';
import { EXIT_FAILED, EXIT_OK, plural, UsageError } from './common.js';

export interface RemoteFlags {
  marathonUrl?: string;
  metronomeUrl?: string;
  dcosToken?: string;
  /** Milliseconds. */
  marathonTimeout: number;
}

const DEFAULT_TIMEOUT_MS = 30_000;

/** "30s", "2m", "500ms" or plain seconds, to milliseconds (as apply's --timeout; not imported from apply.ts, which imports this file). */
function parseTimeout(value: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(value.trim());
  const ms = m ? Number(m[1]) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[(m[2] ?? 's') as 'ms' | 's' | 'm' | 'h'] : NaN;
  if (!(ms > 0)) throw new InvalidArgumentError('expected a duration above 0, such as 30s, 2m or 500ms');
  return ms;
}

/** The flags that read a live Marathon and Metronome. */
export function addRemoteOptions(cmd: Command): Command {
  return cmd
    .option('--marathon-url <url>', 'read every app, pod and group from this live Marathon (e.g. http://marathon.mesos:8080 or https://<cluster>/service/marathon; user:password@ in the URL is sent as basic auth)')
    .option('--metronome-url <url>', 'read every job with its schedules from this live Metronome (e.g. http://metronome.mesos:9000 or https://<cluster>/service/metronome)')
    .option('--dcos-token <token>', 'DC/OS authentication token, sent as "Authorization: token=…" (default: $DCOS_TOKEN, which is safer: arguments are visible to other users in ps)')
    .addOption(
      new Option('--marathon-timeout <duration>', 'time limit per Marathon/Metronome request, e.g. 30s, 2m')
        .argParser(parseTimeout)
        .default(DEFAULT_TIMEOUT_MS, '30s'),
    );
}

/** Whether the flags name a live Marathon or Metronome. */
export function hasRemote(flags: Partial<RemoteFlags>): boolean {
  return flags.marathonUrl !== undefined || flags.metronomeUrl !== undefined;
}

/**
 * Library options from the flags; usage errors (bad URL, token with user:password in a URL) as
 * UsageError, with no credential in the message.
 */
export function remoteOptions(flags: RemoteFlags): RemoteOptions {
  const envToken = process.env.DCOS_TOKEN?.trim() ? process.env.DCOS_TOKEN : undefined;
  const options: RemoteOptions = { timeoutMs: flags.marathonTimeout ?? DEFAULT_TIMEOUT_MS };
  try {
    const urls = [
      flags.marathonUrl !== undefined ? parseServiceUrl(flags.marathonUrl, 'marathon') : undefined,
      flags.metronomeUrl !== undefined ? parseServiceUrl(flags.metronomeUrl, 'metronome') : undefined,
    ];
    if (flags.dcosToken !== undefined && urls.some((u) => u?.basic !== undefined)) {
      throw new ServiceUrlError('give either user:password in the URL or --dcos-token, not both');
    }
  } catch (e) {
    if (e instanceof ServiceUrlError) throw new UsageError(e.message);
    throw e;
  }
  if (flags.marathonUrl !== undefined) options.marathonUrl = flags.marathonUrl;
  if (flags.metronomeUrl !== undefined) options.metronomeUrl = flags.metronomeUrl;
  const token = flags.dcosToken ?? envToken;
  if (token !== undefined) options.token = token;
  if (process.env.MARATHON2K8S_DEBUG) options.debug = (line) => process.stderr.write(`debug: ${line}\n`);
  options.warn = (line) => process.stderr.write(`warning: ${line}\n`);
  return options;
}

/**
 * For convert, chart, diff and apply: the live sources the flags name (none without a URL).
 * A failed read is an `input-unreadable` finding (file = the URL), as an unreadable file is, so
 * the command goes on with its other inputs and exits as it does for a bad file.
 * Throws UsageError when there is neither an INPUT nor a URL, or a flag is invalid.
 */
export async function readRemoteSources(inputs: readonly string[], flags: RemoteFlags): Promise<ReadResult> {
  if (!hasRemote(flags)) {
    if (inputs.length === 0) throw new UsageError("give INPUT… (files, directories or '-' for stdin) or --marathon-url / --metronome-url");
    return { sources: [], errors: [] };
  }
  const options = remoteOptions(flags);
  const remote = await import('../marathon/remote.js');
  const { statusFor } = await import('./progress.js');
  const status = statusFor(false, `reading ${[flags.marathonUrl, flags.metronomeUrl].filter((u) => u !== undefined).map(withoutCredentials).join(' and ')}`);
  try {
    return await remote.readRemoteInputs(options);
  } catch (e) {
    if (e instanceof remote.ServiceUrlError) throw new UsageError(e.message);
    throw e;
  } finally {
    status.stop();
  }
}

interface ExportFlags extends RemoteFlags {
  output: 'json';
  out?: string;
  quiet: boolean;
}

export function registerExportCommand(program: Command): void {
  const cmd = program
    .command('export')
    .description('save the apps, pods and groups of a live Marathon (and the jobs of Metronome) as one JSON file that convert reads offline')
    .addOption(new Option('-o, --output <format>', 'snapshot format (JSON, the only one: what every command reads back)').default('json').argParser((v: string) => {
      if (v === 'json') return v;
      throw new InvalidArgumentError(`the snapshot is JSON${/[./]/.test(v) ? ` (-o is the format, as in kubectl; write the snapshot to a file with --out ${v})` : ''}`);
    }))
    .option('--out <file>', "write the snapshot to this file, readable by its owner only ('-' or none: stdout)")
    .option('-q, --quiet', 'print no summary line', false);
  addRemoteOptions(cmd).action(async (flags: ExportFlags) => {
    if (!hasRemote(flags)) throw new UsageError('export needs --marathon-url and/or --metronome-url');
    const options = remoteOptions(flags);
    const remote = await import('../marathon/remote.js');
    let snapshot: Awaited<ReturnType<typeof remote.readRemote>>;
    const { statusFor } = await import('./progress.js');
    const status = statusFor(flags.quiet, `reading ${[flags.marathonUrl, flags.metronomeUrl].filter((u) => u !== undefined).map(withoutCredentials).join(' and ')}`);
    try {
      snapshot = await remote.readRemote(options);
    } catch (e) {
      status.stop();
      if (e instanceof remote.ServiceUrlError) throw new UsageError(e.message);
      if (!(e instanceof remote.RemoteError)) throw e;
      process.stderr.write(`error: ${e.message}\n${e.hint ? `hint: ${e.hint}\n` : ''}`);
      process.exitCode = EXIT_FAILED;
      return;
    }
    status.stop();
    const text = remote.snapshotText(snapshot);
    const toFile = flags.out !== undefined && flags.out !== '-';
    if (toFile) {
      try {
        await writeAtomically(flags.out!, text);
      } catch (e) {
        process.stderr.write(`error: cannot write ${flags.out}: ${(e as Error).message}\n`);
        process.exitCode = EXIT_FAILED;
        return;
      }
    } else {
      process.stdout.write(text);
    }
    if (!flags.quiet) {
      const c = remote.countSnapshot(snapshot);
      const parts: string[] = [];
      if (snapshot.marathon) {
        parts.push(`${plural(c.apps, 'app')} and ${plural(c.pods, 'pod')} in ${plural(c.groups, 'group')} from ${snapshot.marathon.url}`);
      }
      if (snapshot.metronome) parts.push(`${plural(c.jobs, 'job')} from ${snapshot.metronome.url}`);
      process.stderr.write(`exported ${parts.join('; ')}${toFile ? ` to ${flags.out}` : ''}\n`);
    }
    process.exitCode = EXIT_OK;
  });
}

/** A URL to show: never the user:password it may carry. */
function withoutCredentials(url: string): string {
  try {
    const u = new URL(url);
    u.username = '';
    u.password = '';
    return u.toString().replace(/\/$/, '');
  } catch {
    return 'the service';
  }
}

/**
 * Writes through a temporary file and a rename, so a failed export never leaves half a file;
 * mode 0600 because app definitions often hold passwords in plain env values.
 */
async function writeAtomically(file: string, text: string): Promise<void> {
  const { rename, rm, writeFile } = await import('node:fs/promises');
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    await writeFile(tmp, text, { mode: 0o600 });
    await rename(tmp, file);
  } catch (e) {
    await rm(tmp, { force: true }).catch(() => undefined);
    throw e;
  }
}
