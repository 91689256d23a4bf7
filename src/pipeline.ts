/**
 * The whole conversion as a library call: read → parse → detect → validate → normalize →
 * translate → validate the output. One bad file or app never stops the others: every problem
 * becomes a finding and the counters say what failed.
 */
import { finding, Ledger, type Finding } from './findings.js';
import { namespacesOf } from './kube/namespace.js';
import type { KubeObject } from './kube/types.js';
import { validateObject } from './kube/validate.js';
import type { DetectedObject, MarathonKind } from './marathon/detect.js';
import { readDocument } from './marathon/documents.js';
import { readInputs, type ReadResult, type Source } from './marathon/load.js';
import { APP_RESPONSE_FIELDS } from './marathon/noise.js';
import { flattenGroup, type GroupMember } from './marathon/groups.js';
import { resolveId } from './marathon/ids.js';
import { normalizeApp } from './marathon/normalize-app.js';
import { dedupeIssues, validateGroupTree, validateMarathon, type SchemaIssue } from './marathon/validate.js';
import type { ConvertOptions } from './options.js';
import { translateApp } from './translate/app.js';
import { AppContext } from './translate/context.js';
import { checkDependencies } from './translate/dependencies.js';
import { prepareJob } from './translate/job/index.js';
import { preparePod } from './translate/pod/index.js';
import { NameRegistry } from './translate/names.js';
import { mergeNeeds, type ClusterNeed } from './translate/needs.js';
import { RunIndex } from './translate/run-index.js';

/** One Marathon object of the input and what became of it (for the migration report). */
export interface ConvertedUnit {
  kind: MarathonKind;
  /** The Marathon id (absolute), or undefined when the object had none. */
  id?: string;
  file: string;
  /** Pointer of the object in its file. */
  pointer: string;
  /** converted; failed (nothing emitted, the findings say why); skipped on purpose (DC/OS packages). */
  status: 'converted' | 'failed' | 'skipped';
  /** The Kubernetes objects it became, as `Kind namespace/name`. */
  objects: string[];
}

export interface ConversionResult {
  /** Every Marathon object met, in input order. */
  units: ConvertedUnit[];
  /** Every emitted object, in apply-friendly order (Namespaces first, then input order). */
  objects: KubeObject[];
  /** Every finding of every input, in input order. */
  findings: Finding[];
  /** What the target cluster must provide (Secrets, node labels, classes…), deduplicated. */
  needs: ClusterNeed[];
  /** Number of inputs (files or Marathon objects) that could not be converted at all. */
  failed: number;
  /** Number of Marathon objects converted. */
  converted: number;
}

/** A Kubernetes object as a unit names it (`Kind namespace/name`). */
export interface ObjectRef {
  kind: string;
  namespace?: string;
  name: string;
}

/** `Deployment shop/web` → { kind, namespace, name }; a cluster-scoped object has no namespace. */
export function parseObjectRef(text: string): ObjectRef {
  const space = text.indexOf(' ');
  const kind = space < 0 ? '' : text.slice(0, space);
  const rest = space < 0 ? text : text.slice(space + 1);
  const slash = rest.indexOf('/');
  if (slash < 0) return { kind, name: rest };
  const namespace = rest.slice(0, slash);
  return { kind, ...(namespace !== '' ? { namespace } : {}), name: rest.slice(slash + 1) };
}

/**
 * A run's result as far as its summary and report need it: the objects down to their kind
 * (what `convert --out` keeps of them once they are on disk).
 */
export type ConversionOverview = Omit<ConversionResult, 'objects'> & { objects: readonly { kind: string }[] };

/** Reads and converts files, directories and '-' (stdin). */
export async function convertInputs(inputs: string[], options: ConvertOptions, remote?: ReadResult, hooks: RunHooks = {}): Promise<ConversionResult> {
  const read = await readAll(inputs, remote);
  return withReadErrors(convertSources(read.sources, options, hooks), read.errors);
}

/** The sources of a run: a live Marathon's (already read) first, then the files. */
export async function readAll(inputs: string[], remote?: ReadResult): Promise<ReadResult> {
  const read = await readInputs(inputs);
  return { sources: [...(remote?.sources ?? []), ...read.sources], errors: [...(remote?.errors ?? []), ...read.errors] };
}

/** A result with the inputs that could not be read at all first among its findings and failures. */
export function withReadErrors<R extends { findings: Finding[]; failed: number }>(result: R, errors: readonly Finding[]): R {
  result.findings.unshift(...errors);
  result.failed += errors.length;
  return result;
}

/**
 * Converts already read sources. Two passes: first every app of every source is loaded,
 * normalized and named (so names and cross-app references do not depend on which file came
 * first), then each is validated and translated.
 */
export function convertSources(sources: Source[], options: ConvertOptions, hooks: RunHooks = {}): ConversionResult {
  return convertSourcesEach(sources, options, undefined, hooks);
}

/**
 * convertSources for a caller that takes each app's objects as they are made (convert --out
 * writes them at once and empties `outcome.objects`, so a large run never holds them all); the
 * result holds what the callback left.
 */
export function convertSourcesEach(
  sources: Source[], options: ConvertOptions, onOutcome: ((outcome: AppOutcome) => void) | undefined, hooks: RunHooks = {},
): ConversionResult {
  const run = new Run(options);
  for (const source of sources) run.load(source);
  return mergeRun(run.loadPart(), run.translateAll(hooks, onOutcome));
}

/** Callbacks of a run (the CLI's progress bar); the conversion itself stays pure. */
export interface RunHooks {
  /** Called after each Marathon object is translated. */
  onProgress?: (done: number, total: number) => void;
}

/** What loading found before any translation. */
export interface LoadPart {
  /** Every Marathon object met, in input order, as loading left them (translation updates them). */
  units: ConvertedUnit[];
  /** Findings of loading (bad files, groups, skipped packages, objects without ids). */
  findings: Finding[];
  /** Objects that failed to load. */
  failed: number;
}

/** What became of one loaded app in translation. */
export interface AppOutcome {
  /** Its place in the load order. */
  order: number;
  /** Its unit in LoadPart.units. */
  unit: number;
  status: 'converted' | 'failed';
  /** `Kind namespace/name` of each object, for the unit. */
  refs: string[];
  objects: KubeObject[];
  findings: Finding[];
  needs: ClusterNeed[];
}

/** The result of a run from its load part and the outcomes of its apps (in any order). */
export function mergeRun(load: LoadPart, outcomes: readonly AppOutcome[]): ConversionResult {
  const sorted = [...outcomes].sort((a, b) => a.order - b.order);
  const units = load.units.map((u) => ({ ...u }));
  const findings = [...load.findings];
  const objects: KubeObject[] = [];
  const needs: ClusterNeed[] = [];
  let failed = load.failed;
  let converted = 0;
  for (const o of sorted) {
    const unit = units[o.unit]!;
    unit.status = o.status;
    unit.objects = o.refs;
    for (const f of o.findings) findings.push(f);
    for (const obj of o.objects) objects.push(obj);
    for (const n of o.needs) needs.push(n);
    if (o.status === 'converted') converted++;
    else failed++;
  }
  return {
    units,
    objects: [...namespacesOf(objects.map((o) => o.metadata.namespace)), ...objects],
    findings,
    needs: mergeNeeds(needs),
    failed,
    converted,
  };
}

/** An app ready for translation. */
interface LoadedApp {
  ctx: AppContext;
  pointer: string;
  /** Its unit in the run's units. */
  unit: number;
  /** Its schema issues (pointers in its file), computed when the app is translated. */
  issues: () => SchemaIssue[];
  /** The translator of its kind (apps: translateApp; pods and jobs bring their own). */
  translate: (ctx: AppContext) => KubeObject[];
}

export class Run {
  private readonly names: NameRegistry;
  private readonly index = new RunIndex();
  /** Emptied as translation goes: a translated app's raw input, ledger and context are garbage. */
  private readonly loaded: (LoadedApp | undefined)[] = [];
  private readonly findings: Finding[] = [];
  private readonly units: ConvertedUnit[] = [];
  private failed = 0;

  constructor(private readonly options: ConvertOptions) {
    // --namespace puts everything in one namespace; the flat strategy does so in `default`.
    this.names = new NameRegistry(options.namespace ?? (options.namespaceStrategy === 'flat' ? 'default' : undefined));
  }

  load(source: Source): void {
    const doc = readDocument(source);
    if (!doc.ok) {
      this.fail(doc.error);
      return;
    }
    for (const object of doc.objects) {
      try {
        this.loadObject(source.file, object);
      } catch (e) {
        // A bug while loading one object: reported, and the rest of the batch goes on.
        this.fail(finding('internal-error', object.pointer, `loading failed: ${(e as Error).message}`,
          { file: source.file, hint: 'please report this with the input; set MARATHON2K8S_DEBUG=1 for details' }));
        if (process.env.MARATHON2K8S_DEBUG) console.error(e);
      }
    }
  }

  /** What loading found; call after the last load(). */
  loadPart(): LoadPart {
    return { units: this.units, findings: this.findings, failed: this.failed };
  }

  private loadObject(file: string, object: DetectedObject): void {
    if (object.kind === 'group') {
      this.loadGroup(file, object);
      return;
    }
    const kind = object.kind;
    const issues = () => validateMarathon(kind, object.raw).map((i) => ({ ...i, pointer: object.pointer + i.pointer }));
    if (kind === 'job') {
      this.loadJob(file, object, issues);
      return;
    }
    this.loadMember(file, { kind, raw: object.raw, pointer: object.pointer, groupId: '/', inheritedDependencies: [] }, issues);
  }

  /**
   * A group tree: its own schema and rules checked now (so group rules such as "apps are direct
   * children" apply), their issues handed to the member they concern; each member's own schema
   * and rules are checked when it is translated.
   */
  private loadGroup(file: string, object: DetectedObject): void {
    const issues = validateGroupTree(object.raw).map((i) => ({ ...i, pointer: object.pointer + i.pointer }));
    const flat = flattenGroup(object.raw, object.pointer, file);
    this.findings.push(...flat.findings);
    const inside = (pointer: string, prefix: string) => pointer === prefix || pointer.startsWith(prefix + '/');
    const claimed = new Set<SchemaIssue>();
    for (const member of flat.members) {
      const root = member.schemaRoot ?? { raw: member.raw, pointer: member.pointer };
      const own = issues.filter((i) => inside(i.pointer, root.pointer));
      own.forEach((i) => claimed.add(i));
      this.loadMember(file, member, () => dedupeIssues([
        ...validateMarathon(member.kind, root.raw).map((i) => ({ ...i, pointer: root.pointer + i.pointer })),
        ...own,
      ]));
    }
    const groupId = typeof object.raw.id === 'string' ? object.raw.id : undefined;
    for (const issue of issues) {
      if (!claimed.has(issue)) this.findings.push(finding('schema-violation', issue.pointer, issue.message, { file, ...(groupId ? { app: groupId } : {}) }));
    }
  }

  /** A Marathon pod: normalized, named and indexed now, translated with the others (translate/pod). */
  private loadPod(file: string, member: GroupMember, issues: () => SchemaIssue[]): void {
    const id = typeof member.raw.id === 'string' && member.raw.id.trim() !== '' ? member.raw.id : undefined;
    const unit = this.addUnit({ kind: 'pod', ...(id !== undefined ? { id } : {}), file, pointer: member.pointer, status: 'failed', objects: [] });
    if (id === undefined) {
      this.fail(finding('schema-violation', member.pointer + '/id', 'the pod has no id, so it cannot be named', { file, hint: 'give the pod an "id"' }));
      return;
    }
    const pod = preparePod({ member, file, options: this.options, names: this.names, run: this.index });
    if (pod.error) {
      this.fail(pod.error);
      return;
    }
    this.units[unit]!.id = pod.ctx.app.id;
    this.loaded.push({ ctx: pod.ctx, pointer: member.pointer, unit, issues, translate: pod.translate });
  }

  /** A Metronome job: named now, validated and translated with the others (translate/job). */
  private loadJob(file: string, object: DetectedObject, issues: () => SchemaIssue[]): void {
    const id = typeof object.raw.id === 'string' && object.raw.id.trim() !== '' ? object.raw.id : undefined;
    const unit = this.addUnit({ kind: 'job', ...(id !== undefined ? { id } : {}), file, pointer: object.pointer, status: 'failed', objects: [] });
    if (id === undefined) {
      this.fail(finding('schema-violation', object.pointer + '/id', 'the job has no id, so it cannot be named', { file, hint: 'give the job an "id"' }));
      return;
    }
    const job = prepareJob({ raw: object.raw, pointer: object.pointer, file, options: this.options, names: this.names, run: this.index });
    this.loaded.push({ ctx: job.ctx, pointer: object.pointer, unit, issues, translate: job.translate });
  }

  private loadMember(file: string, member: GroupMember, issues: () => SchemaIssue[]): void {
    if (member.kind === 'pod') {
      this.loadPod(file, member, issues);
      return;
    }
    const id = typeof member.raw.id === 'string' ? member.raw.id : undefined;
    const unit = this.addUnit({ kind: 'app', ...(id !== undefined ? { id } : {}), file, pointer: member.pointer, status: 'failed', objects: [] });
    if (id === undefined || id.trim() === '') {
      this.fail(finding('schema-violation', member.pointer + '/id', 'the app has no id, so it cannot be named', { file, hint: 'give the app an "id"' }));
      return;
    }
    const pkg = packageOf(member.raw);
    if (pkg !== undefined && !this.options.includePackages) {
      this.units[unit]!.status = 'skipped';
      this.units[unit]!.id = resolveId(id, member.groupId);
      this.findings.push(finding('dcos-package', member.pointer, `app of the DC/OS package ${pkg}: not converted`,
        { file, app: this.units[unit]!.id, hint: 'reinstall the package from its Kubernetes distribution (e.g. its Helm chart), or pass --include-packages to convert it anyway' }));
      return;
    }
    const ledger = new Ledger(member.raw, APP_RESPONSE_FIELDS);
    const app = normalizeApp(member.raw, ledger, member.groupId);
    if (member.inheritedDependencies.length > 0) app.inheritedDependencies = member.inheritedDependencies;
    const name = this.names.nameFor(app.id);
    const ctx = new AppContext(app, name, this.options, ledger, member.pointer, file, member.raw, this.index);
    this.units[unit]!.id = app.id;
    this.index.add({ app, name });
    this.loaded.push({ ctx, pointer: member.pointer, unit, issues, translate: translateApp });
  }

  /**
   * Translates every loaded app, in load order. `onOutcome` sees each outcome as soon as it is
   * made: a writer may write its objects and empty them, so a large run need not hold them all.
   */
  translateAll(hooks: RunHooks = {}, onOutcome?: (outcome: AppOutcome) => void): AppOutcome[] {
    // Dependencies are checked over the whole run (cycles span apps); each app's findings stay its own.
    checkDependencies(this.loaded.flatMap((l) => (l ? [l.ctx] : [])));
    const outcomes: AppOutcome[] = [];
    for (let i = 0; i < this.loaded.length; i++) {
      const loaded = this.loaded[i];
      if (!loaded) continue;
      this.loaded[i] = undefined;
      const outcome = this.translate(loaded, i);
      onOutcome?.(outcome);
      outcomes.push(outcome);
      hooks.onProgress?.(i + 1, this.loaded.length);
    }
    return outcomes;
  }

  private translate({ ctx, pointer, unit, issues, translate }: LoadedApp, order: number): AppOutcome {
    const file = ctx.file ? { file: ctx.file } : {};
    try {
      // Schema issues come first among the app's findings (before those of dependency checks).
      ctx.findings.unshift(...issues().map((issue) => finding('schema-violation', issue.pointer, issue.message, { app: ctx.app.id, ...file })));
      const objects = translate(ctx);
      for (const obj of objects) this.checkObject(ctx, obj);
      return {
        order, unit, status: 'converted', refs: objects.map((o) => `${o.kind} ${o.metadata.namespace ?? ''}/${o.metadata.name}`),
        objects, findings: ctx.findings, needs: ctx.needs,
      };
    } catch (e) {
      // A crash here is a bug in a mapper; the batch goes on and the run fails visibly.
      const crash = finding('internal-error', pointer, `conversion failed: ${(e as Error).message}`,
        { app: ctx.app.id, ...file, hint: 'please report this with the input; set MARATHON2K8S_DEBUG=1 for details' });
      if (process.env.MARATHON2K8S_DEBUG) console.error(e);
      return { order, unit, status: 'failed', refs: [], objects: [], findings: [...ctx.findings, crash], needs: [] };
    }
  }

  private checkObject(ctx: AppContext, obj: KubeObject): void {
    for (const problem of validateObject(obj)) {
      ctx.findings.push(finding('invalid-object', ctx.basePointer, `${obj.kind} ${obj.metadata.name} is not valid Kubernetes: ${problem}`,
        { app: ctx.app.id, ...(ctx.file ? { file: ctx.file } : {}), hint: 'this is a bug in marathon2k8s; please report it with the input' }));
    }
  }

  private addUnit(unit: ConvertedUnit): number {
    this.units.push(unit);
    return this.units.length - 1;
  }

  private fail(f: Finding): void {
    this.findings.push(f);
    this.failed++;
  }
}

/** The DC/OS package an app was installed from (Cosmos labels), if any. */
function packageOf(raw: Record<string, unknown>): string | undefined {
  const labels = raw.labels;
  if (typeof labels !== 'object' || labels === null) return undefined;
  const l = labels as Record<string, unknown>;
  if (!Object.keys(l).some((k) => k.startsWith('DCOS_PACKAGE_'))) return undefined;
  const name = typeof l.DCOS_PACKAGE_NAME === 'string' ? l.DCOS_PACKAGE_NAME : 'unknown';
  return typeof l.DCOS_PACKAGE_VERSION === 'string' ? `${name} ${l.DCOS_PACKAGE_VERSION}` : name;
}
