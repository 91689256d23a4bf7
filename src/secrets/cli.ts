/**
 * The secret store on the command line: `--secret-store-url`, `--secret-store`, and per command
 * `--overwrite-secrets` (apply, diff) or `--write-secret-values` (convert, chart); the checks of
 * those flags before any work; the step itself after converting; files with values written
 * readable by their owner only. The commands call these; the HTTP code loads only with a URL.
 */
import type { Command } from 'commander';
import { UsageError } from '../cli/common.js';
import { remoteOptions, type RemoteFlags } from '../cli/export.js';
import { parseServiceUrl, redactUserinfo, ServiceUrlError } from '../marathon/remote-url.js';
import type { KubeObject } from '../kube/types.js';
import type { ConvertOptions } from '../options.js';
import type { SecretStoreOutcome, SecretStoreSetup, WithSecretStore } from './run.js';

export interface SecretStoreFlags {
  secretStoreUrl?: string;
  secretStore: string;
  /** convert, chart. */
  writeSecretValues?: boolean;
  /** apply, diff. */
  overwriteSecrets?: boolean;
  secretStubs: boolean;
}

/** Where the values go: `cluster` (apply, diff), `files` (convert, chart), `check` (report: only looked up). */
export type SecretStoreUse = 'cluster' | 'files' | 'check';

export const DEFAULT_SECRET_STORE = 'default';

export function addSecretStoreOptions(cmd: Command, use: SecretStoreUse): Command {
  cmd
    .option('--secret-store-url <url>', 'read the values of the Secrets the apps reference from this DC/OS secret store, e.g. https://<cluster>/secrets/v1 (with --dcos-token / $DCOS_TOKEN)')
    .option('--secret-store <name>', 'the DC/OS secret store to read', DEFAULT_SECRET_STORE);
  if (use === 'cluster') {
    cmd.option('--overwrite-secrets', 'replace an existing Secret whose values differ from the DC/OS secret store (default: keep it and say so)', false);
  }
  if (use === 'files') {
    cmd.option('--write-secret-values', 'write the values read with --secret-store-url into the output files (mode 0600, with a warning; not to stdout)', false);
  }
  return cmd;
}

/**
 * Checks the flags (usage errors before any work) and, with a store URL, makes the conversion
 * emit the stubs the step fills. Undefined without --secret-store-url.
 */
export function secretStoreSetup(flags: SecretStoreFlags, use: SecretStoreUse, options: ConvertOptions): SecretStoreSetup | undefined {
  const url = flags.secretStoreUrl;
  if (url === undefined) {
    if (flags.writeSecretValues) throw new UsageError('--write-secret-values writes the values read from the DC/OS secret store: give --secret-store-url too');
    if (flags.overwriteSecrets) throw new UsageError('--overwrite-secrets replaces Secrets with the values of the DC/OS secret store: give --secret-store-url too');
    return undefined;
  }
  try {
    parseServiceUrl(url, 'secret-store');
  } catch (e) {
    if (e instanceof ServiceUrlError) throw new UsageError(e.message);
    throw e;
  }
  const store = flags.secretStore ?? DEFAULT_SECRET_STORE;
  if (!/^[A-Za-z0-9][-A-Za-z0-9_.]*$/.test(store)) throw new UsageError(`--secret-store "${store}" is not a store name (DC/OS has one, "default")`);
  options.secretStubs = true;
  return { url, store, write: use === 'cluster' || (use === 'files' && flags.writeSecretValues === true), stubs: flags.secretStubs === true };
}

/** convert/chart: values never go to stdout. */
export function refuseSecretValuesOnStdout(setup: SecretStoreSetup | undefined, where: string): void {
  if (setup?.write) {
    throw new UsageError(`--write-secret-values writes secret values to files only (mode 0600), not to ${where}: give --out DIR or a file, or leave out --write-secret-values`);
  }
}

/** Reads the store, fills the run's Secrets, and says on stderr what it found (never a value). */
export async function runSecretStore(result: WithSecretStore, setup: SecretStoreSetup, flags: RemoteFlags): Promise<SecretStoreOutcome> {
  const [{ Client }, { resolveSecretStore }, { statusFor }] = await Promise.all([
    import('../marathon/remote.js'), import('./run.js'), import('../cli/progress.js'),
  ]);
  const remote = remoteOptions(flags);
  const url = parseServiceUrl(setup.url, 'secret-store');
  const client = new Client(url, remote);
  const display = url.base;
  const status = statusFor(false, `reading secrets from ${display}`);
  try {
    const outcome = await resolveSecretStore(result, setup, {
      get: (path) => client.getBytes(path),
      authenticated: remote.token !== undefined || url.basic !== undefined,
      display,
    });
    status.stop();
    process.stderr.write(`${secretStoreLine(outcome)}\n`);
    return outcome;
  } catch (e) {
    status.stop();
    throw e;
  }
}

/** `secret store https://…/secrets/v1 (default): 3 Secrets: 2 filled, 1 missing in the store`. */
export function secretStoreLine(outcome: SecretStoreOutcome): string {
  const { summary } = outcome;
  const count = (pred: (s: (typeof summary.secrets)[number]) => boolean) => summary.secrets.filter(pred).length;
  const parts: string[] = [];
  const filled = count((s) => s.outcome === 'filled');
  const foundOnly = count((s) => s.state === 'found' && s.outcome !== 'filled');
  if (filled > 0) parts.push(`${filled} filled`);
  if (foundOnly > 0) parts.push(`${foundOnly} found (values not written)`);
  for (const [state, label] of [['missing', 'missing in the store'], ['unreadable', 'unreadable'], ['invalid', 'unusable'], ['no-path', 'without a DC/OS path']] as const) {
    const n = count((s) => s.state === state);
    if (n > 0) parts.push(`${n} ${label}`);
  }
  const n = summary.secrets.length;
  return `secret store ${redactUserinfo(summary.url)} (${summary.store}): ${n} Secret${n === 1 ? '' : 's'}${parts.length > 0 ? `: ${parts.join(', ')}` : ''}`;
}

/**
 * Runs `write` with a umask that leaves new files readable by their owner only (0600, directories
 * 0700), and makes the given existing files 0600 before (so a value never lands in a file others
 * can read, not even for a moment) and after.
 */
export async function writePrivately<T>(files: readonly string[], write: () => Promise<T>): Promise<T> {
  const { chmod } = await import('node:fs/promises');
  const tighten = async () => {
    for (const f of files) await chmod(f, 0o600).catch(() => undefined);
  };
  await tighten();
  const previous = process.umask(0o077);
  try {
    return await write();
  } finally {
    process.umask(previous);
    await tighten();
  }
}

/** The absolute paths of the files under `dir` that `convert --out DIR` writes store Secrets into. */
export async function secretFilesIn(dir: string, objects: readonly KubeObject[], format: 'yaml' | 'json', layout: 'tree' | 'flat'): Promise<string[]> {
  const [{ planFiles }, { isStoreSecret }, { resolve }] = await Promise.all([import('../emit/files.js'), import('./guard.js'), import('node:path')]);
  return planFiles([...objects], format, layout).filter((f) => f.objects.some(isStoreSecret)).map((f) => resolve(dir, f.path));
}

/** The warning that values are on disk, on stderr. */
export function secretValuesWarning(filled: number, where: string): string {
  return `warning: the values of ${filled} Secret${filled === 1 ? '' : 's'} from the DC/OS secret store are on disk in ${where} (files mode 0600): `
    + 'keep them out of version control and shared folders, and delete them once applied';
}
