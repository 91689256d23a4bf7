/**
 * What diff and apply share beyond connecting: `-l/--selector` on the converted objects, and
 * `--prune` with its scope (`--all`, `-l`, `--select`), as kubectl spells them.
 */
import { Option, type Command } from 'commander';
import type { KubeObject } from '../kube/types.js';
import type { PruneScope } from '../cluster/prune.js';
import type { ApplyCapabilities, ApplyMethodChoice } from '../cluster/discovery.js';
import { UsageError } from './common.js';

export interface SelectionFlags {
  selector?: string;
  prune?: boolean;
  all?: boolean;
  select?: string[];
}

export function addSelectionOptions(cmd: Command, verb: 'diff' | 'apply'): Command {
  return cmd
    .option('-l, --selector <selector>', `only the converted objects whose labels match (kubectl's syntax: key=value, key!=value, key in (a,b), !key…), e.g. app.kubernetes.io/part-of=shop`)
    .option('--prune', verb === 'apply'
      ? 'after applying, delete the objects marathon2k8s created earlier in the namespaces of this run that the input no longer holds (needs -l, --select or --all)'
      : 'also show what apply --prune would delete (needs -l, --select or --all)', false)
    .option('--all', 'with --prune: every object marathon2k8s manages in the namespaces of this run is in scope', false);
}

export interface ApplyMethodFlags {
  applyMethod?: ApplyMethodChoice;
}

/** --apply-method, on diff and apply (diff shows what apply with the same method would do). */
export function addApplyMethodOption(cmd: Command): Command {
  return cmd.addOption(
    new Option(
      '--apply-method <method>',
      'auto: server-side apply on Kubernetes 1.16+ (client-side when the server refuses it), client-side below; ' +
        'server: server-side apply only; client: as kubectl apply did before server-side apply (three-way merge, ' +
        'kubectl.kubernetes.io/last-applied-configuration annotation)',
    )
      .choices(['auto', 'server', 'client'])
      .default('auto'),
  );
}

/** `; client-side apply: Kubernetes 1.15 predates server-side apply (1.16)` for the header line; '' for the usual case. */
export function describeApplyMethod(apply: ApplyCapabilities): string {
  const method = apply.method === 'client' ? `; client-side apply: ${apply.reason}` : apply.method === 'server' ? '; server-side apply only (--apply-method server)' : '';
  return method + (apply.serverDryRun ? '' : '; no server-side dry run (Kubernetes 1.13+): dry runs are merged locally, unvalidated');
}

/** Usage errors of the selection flags, before any network round trip. */
export async function checkSelectionFlags(flags: SelectionFlags): Promise<((labels: Readonly<Record<string, string>> | undefined) => boolean) | undefined> {
  if (flags.all && !flags.prune) throw new UsageError('--all only scopes --prune');
  if (flags.prune && !flags.all && flags.selector === undefined && (flags.select ?? []).length === 0) {
    throw new UsageError('--prune deletes objects marathon2k8s created earlier that the input no longer holds; say which may go: '
      + '-l SELECTOR, --select ID-PREFIX, or --all (everything it manages in the namespaces of this run)');
  }
  if (flags.selector === undefined) return undefined;
  const { parseSelector, SelectorError } = await import('../cluster/selector.js');
  try {
    return parseSelector(flags.selector);
  } catch (e) {
    if (e instanceof SelectorError) throw new UsageError(`-l ${flags.selector}: ${e.message}`);
    throw e;
  }
}

/**
 * The objects the selector matches, plus the Namespaces they are in (a Namespace carries none of
 * the app labels, and the objects cannot be applied without it).
 */
export function selectByLabels(objects: readonly KubeObject[], matches: (labels: Readonly<Record<string, string>> | undefined) => boolean): KubeObject[] {
  const chosen = objects.filter((o) => o.kind !== 'Namespace' && matches(o.metadata.labels));
  const namespaces = new Set(chosen.map((o) => o.metadata.namespace));
  return [...objects.filter((o) => o.kind === 'Namespace' && namespaces.has(o.metadata.name)), ...chosen];
}

/**
 * Where --prune looks: the namespaces of every converted object (before -l), narrowed by -l; with
 * --select, every namespace, narrowed to the selected Marathon ids.
 */
export async function pruneScopeOf(all: readonly KubeObject[], flags: SelectionFlags, kubeVersion: string): Promise<PruneScope> {
  const namespaces = [...new Set(all.map((o) => (o.kind === 'Namespace' ? o.metadata.name : o.metadata.namespace ?? 'default')))];
  const scope: PruneScope = { namespaces, kubeVersion };
  if (flags.selector !== undefined) scope.selector = flags.selector;
  if ((flags.select ?? []).length > 0) {
    const { normalizeSelector, selects } = await import('../marathon/select.js');
    const prefixes = flags.select!.map(normalizeSelector);
    scope.selects = (id) => selects(prefixes, id);
    // The ids say what may go, wherever it is: an app removed from the input names no namespace.
    scope.everywhere = true;
  }
  return scope;
}
