/**
 * `marathon2k8s convert INPUT…`: manifests to stdout, one file, or one file per object under a
 * directory; findings to stderr.
 *
 * `--out` takes `-` (stdout), a file ending in .yaml/.yml/.json (one multi-document file), or a
 * directory. A directory gets a manifest of what the run wrote (src/emit/manifest.ts) so files of
 * apps that are gone are not left for `kubectl apply -R -f DIR` to deploy.
 */
import { Option, type Command } from 'commander';
import { progressFor } from './progress.js';
import {
  addConversionOptions, conversionOptions, EXIT_FAILED, EXIT_OK, failOnOption, findingsFail, plural, summaryLine, UsageError,
  type ConversionFlags,
} from './common.js';
import { addRemoteOptions } from './export.js';
import { addShowOption, printFindingLines, type ShowLevel } from './findings-output.js';
import { addInputOptions, convertRun, INPUT_ARGUMENT_HELP, type InputFlags } from './inputs.js';
import type { KubeObject } from '../kube/types.js';
import type { ConversionResult } from '../pipeline.js';
import {
  addSecretStoreOptions, refuseSecretValuesOnStdout, runSecretStore, secretFilesIn, secretStoreSetup, secretValuesWarning, writePrivately,
  type SecretStoreFlags,
} from '../secrets/cli.js';

type Format = 'yaml' | 'json' | 'name';

interface ConvertFlags extends ConversionFlags, InputFlags, SecretStoreFlags {
  output: Format;
  out?: string;
  layout: 'tree' | 'flat';
  clean: boolean;
  report?: string;
  failOn: string;
  quiet: boolean;
  show: ShowLevel;
}

/** Where the manifests go, decided from --out and -o before any work. */
type Target = { kind: 'stdout' } | { kind: 'file'; path: string } | { kind: 'dir'; path: string };

export function registerConvertCommand(program: Command): void {
  const cmd = program
    .command('convert')
    .description('convert Marathon apps to Kubernetes manifests')
    .argument('[input...]', INPUT_ARGUMENT_HELP)
    .addOption(new Option('-o, --output <format>', 'output format: yaml, json (a v1 List), name (kind.group/name per object, as kubectl -o name)').choices(['yaml', 'json', 'name']).default('yaml'))
    .option('--out <path>', "where to write: a directory (one file per object), a file ending in .yaml/.yml/.json (all objects in it), or '-' for stdout (the default)")
    .addOption(new Option('--layout <layout>', 'with --out DIR: tree (DIR/<namespace>/<app>/<kind>.yaml) or flat (one folder)').choices(['tree', 'flat']).default('tree'))
    .option('--clean', 'with --out DIR: remove the files an earlier run wrote there that this run does not write (without it, such files stop the run)', false)
    .option('--report <file>', 'write the migration report as JSON to this file (see the report command)')
    .addOption(failOnOption)
    .option('-q, --quiet', 'print no summary line', false);
  addShowOption(cmd);
  addSecretStoreOptions(cmd, 'files');
  addRemoteOptions(addConversionOptions(addInputOptions(cmd))).action(async (inputs: string[], flags: ConvertFlags, command: Command) => {
    const options = conversionOptions(flags);
    const explicitFormat = command.getOptionValueSource('output') === 'cli';
    const { target, format } = await targetOf(flags, explicitFormat);
    const secretStore = secretStoreSetup(flags, 'files', options);
    if (target.kind === 'stdout') refuseSecretValuesOnStdout(secretStore, 'stdout');
    const progress = await progressFor(flags.quiet);
    const result = await convertRun(inputs, flags, options, progress.hooks, { positions: flags.report !== undefined ? 'always' : 'multiple' });
    progress.stop();
    const secrets = secretStore ? await runSecretStore(result, secretStore, flags) : undefined;
    // Files that get secret values are readable by their owner only, from the moment they exist.
    const write = <T>(files: string[], fn: () => Promise<T>): Promise<T> => (secrets !== undefined && secrets.filled > 0 ? writePrivately(files, fn) : fn());

    let where = '';
    let failed = false;
    if (target.kind === 'dir') {
      const files = secrets?.filled ? await secretFilesIn(target.path, result.objects, format as 'yaml' | 'json', flags.layout) : [];
      const written = await write(files, () => writeDirectory(target.path, result.objects, format as 'yaml' | 'json', flags, result));
      if (written === undefined) {
        failed = true;
        where = ' (nothing written)';
      } else {
        where = ` in ${plural(written, 'file')} under ${target.path}`;
      }
    } else {
      const { toJson, toNames, toYamlStream, yamlStreamChunks } = await import('../emit/serialize.js');
      if (target.kind === 'stdout' && format === 'yaml') {
        // Written as it is made (stdout to a file or a pipe is synchronous on Linux).
        for (const chunk of yamlStreamChunks(result.objects)) process.stdout.write(chunk);
      }
      const text = result.objects.length === 0 || (target.kind === 'stdout' && format === 'yaml') ? ''
        : format === 'json' ? toJson(result.objects) : format === 'name' ? toNames(result.objects) : toYamlStream(result.objects);
      if (target.kind === 'file') {
        const { writeFile } = await import('node:fs/promises');
        await write([target.path], () => writeFile(target.path, text));
        where = ` in ${target.path}`;
      } else if (text !== '') {
        process.stdout.write(text);
      }
    }
    if (flags.report !== undefined) {
      // The migration report's JSON form (see `marathon2k8s report`), findings included.
      const [{ writeFile }, { buildReport }, { renderJson }] = await Promise.all([
        import('node:fs/promises'), import('../report/model.js'), import('../report/json.js'),
      ]);
      await writeFile(flags.report, renderJson(buildReport(result)));
    }
    printFindingLines(result.findings, { show: flags.show, withFile: result.multipleFiles });
    if (secrets !== undefined && secrets.filled > 0 && !failed) process.stderr.write(`${secretValuesWarning(secrets.filled, target.kind === 'stdout' ? 'stdout' : target.path)}\n`);
    if (!flags.quiet) process.stderr.write(summaryLine(result, where) + '\n');
    process.exitCode = failed || result.failed > 0 || findingsFail(result.findings, flags.failOn) ? EXIT_FAILED : EXIT_OK;
  });
}

const FILE_EXTENSION = /\.(ya?ml|json)$/i;

async function targetOf(flags: ConvertFlags, explicitFormat: boolean): Promise<{ target: Target; format: Format }> {
  const out = flags.out;
  if (out === undefined || out === '-') {
    if (flags.clean) throw new UsageError('--clean applies to an output directory (--out DIR)');
    return { target: { kind: 'stdout' }, format: flags.output };
  }
  if (flags.output === 'name') throw new UsageError('-o name prints the object names on stdout; drop --out (or use -o yaml/json with it)');
  const { stat } = await import('node:fs/promises');
  const isDir = await stat(out).then((s) => s.isDirectory(), () => false);
  const ext = FILE_EXTENSION.exec(out)?.[1]?.toLowerCase();
  if (ext === undefined || isDir) return { target: { kind: 'dir', path: out }, format: flags.output };
  const fromExt: Format = ext === 'json' ? 'json' : 'yaml';
  if (explicitFormat && flags.output !== fromExt) {
    throw new UsageError(`-o ${flags.output} does not match --out ${out}: name the file .${flags.output === 'json' ? 'json' : 'yaml'}, or leave out -o`);
  }
  if (flags.clean) throw new UsageError('--clean applies to an output directory; --out names a file');
  return { target: { kind: 'file', path: out }, format: fromExt };
}

/**
 * One file per object under DIR, with the manifest; stale files of an earlier run stop the run
 * (undefined: nothing was written) unless --clean removes them. Returns the number of files written.
 */
async function writeDirectory(dir: string, objects: KubeObject[], format: 'yaml' | 'json', flags: ConvertFlags,
  result: Pick<ConversionResult, 'runbooks' | 'findings'>): Promise<number | undefined> {
  const [{ makeDirectory, planFiles, writeFiles }, manifest, runbook] = await Promise.all([
    import('../emit/files.js'), import('../emit/manifest.js'), import('../runbook/files.js'),
  ]);
  const planned = planFiles(objects, format, flags.layout);
  // The data runbooks (DIR/runbooks/<namespace>/<app>.sh) are files of the run like the manifests.
  const runbooks = runbook.runbooksToWrite(result.runbooks ?? []);
  const previous = manifest.readManifest(dir);
  const { stale, changed } = manifest.findStale(dir, previous, new Set([...planned.map((p) => p.path), ...runbooks.map((r) => r.path)]));
  for (const path of changed) {
    process.stderr.write(`warning: kept ${dir}/${path}: an earlier run wrote it, this run does not, and it was changed since; `
      + 'delete it if it is no longer wanted (`kubectl apply -R` would apply it)\n');
  }
  if (stale.length > 0 && !flags.clean) {
    const listed = stale.slice(0, 10).join(', ') + (stale.length > 10 ? ` and ${stale.length - 10} more` : '');
    process.stderr.write(`error: ${dir} holds ${plural(stale.length, 'file')} an earlier run wrote that this run does not (${listed}); `
      + `\`kubectl apply -R -f ${dir}\` would still apply ${stale.length === 1 ? 'it' : 'them'}. Rerun with --clean to remove ${stale.length === 1 ? 'it' : 'them'}, or remove ${stale.length === 1 ? 'it' : 'them'} yourself. Nothing was written.\n`);
    return undefined;
  }
  const entries: { path: string; sha256: string }[] = [];
  makeDirectory(dir);
  await writeFiles(dir, planned, format, (path, text) => entries.push({ path, sha256: manifest.sha256(text) }));
  for (const written of runbook.writeRunbooks(dir, runbooks)) {
    entries.push({ path: written.path, sha256: manifest.sha256(written.text) });
    result.findings.push(runbook.runbookFinding(written, dir));
  }
  if (stale.length > 0) {
    manifest.removeStale(dir, stale);
    process.stderr.write(`removed ${plural(stale.length, 'file')} an earlier run wrote under ${dir}: ${stale.join(', ')}\n`);
  }
  manifest.writeManifest(dir, entries);
  return planned.length + runbooks.length;
}
