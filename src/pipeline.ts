/**
 * The whole conversion as a library call: read → parse → detect → validate → normalize →
 * translate → validate the output. One bad file or app never stops the others: every problem
 * becomes a finding and the counters say what failed.
 */
import { preparePool } from './edgelb/index.js';
import { finding, Ledger, type Finding } from './findings.js';
import { Namespace } from './kube/namespace.js';
import type { KubeObject } from './kube/types.js';
import { validateObject } from './kube/validate.js';
import type { DetectedObject, MarathonKind } from './marathon/detect.js';
import { readDocument } from './marathon/documents.js';
import { readInputs, type ReadResult, type Source } from './marathon/load.js';
import { APP_RESPONSE_FIELDS } from './marathon/noise.js';
import { flattenGroup, type GroupMember } from './marathon/groups.js';
import { resolveId } from './marathon/ids.js';
import { normalizeApp } from './marathon/normalize-app.js';
import { issueFinding, validateMarathon, type SchemaIssue } from './marathon/validate.js';
import type { ConvertOptions } from './options.js';
import { translateApp } from './translate/app.js';
import { AppContext } from './translate/context.js';
import { checkDependencies } from './translate/dependencies.js';
import { prepareJob } from './translate/job/index.js';
import { preparePod } from './translate/pod/index.js';
import { NameRegistry } from './translate/names.js';
import { mergeNeeds, type ClusterNeed } from './translate/needs.js';
import { RunIndex } from './translate/run-index.js';
import { planRunbook, type RunbookPlan } from './runbook/plan.js';

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
  /** The Kubernetes version the objects were made for ("1.20"). */
  kubeVersion?: string;
  /** Apps and pods whose volume data must be copied into new claims (src/runbook/), in input order. */
  runbooks?: RunbookPlan[];
}

/** Reads and converts files, directories and '-' (stdin). */
export async function convertInputs(inputs: string[], options: ConvertOptions, remote?: ReadResult, hooks: RunHooks = {}): Promise<ConversionResult> {
  const read = await readInputs(inputs);
  const errors = [...(remote?.errors ?? []), ...read.errors];
  const result = convertSources([...(remote?.sources ?? []), ...read.sources], options, hooks);
  result.findings.unshift(...errors);
  result.failed += errors.length;
  return result;
}

/**
 * Converts already read sources. Two passes: first every app of every source is loaded,
 * validated, normalized and named (so names and cross-app references do not depend on which
 * file came first), then each is translated.
 */
export function convertSources(sources: Source[], options: ConvertOptions, hooks: RunHooks = {}): ConversionResult {
  const run = new Run(options);
  for (const source of sources) run.load(source);
  return run.translateAll(hooks);
}

/** Callbacks of a run (the CLI's progress bar); the conversion itself stays pure. */
export interface RunHooks {
  /** Called after each Marathon object is translated. */
  onProgress?: (done: number, total: number) => void;
}

/** What translating (and validating) one app gave: its objects, or the error of a crash. */
interface Outcome {
  loaded: LoadedApp;
  objects: KubeObject[];
  error?: Error;
}

/** An app ready for translation. */
interface LoadedApp {
  ctx: AppContext;
  pointer: string;
  unit: ConvertedUnit;
  /** The translator of its kind (apps: translateApp; pods and jobs bring their own). */
  translate: (ctx: AppContext) => KubeObject[];
}

class Run {
  private readonly names: NameRegistry;
  private readonly index = new RunIndex();
  private readonly loaded: LoadedApp[] = [];
  private readonly objects: KubeObject[] = [];
  private readonly findings: Finding[] = [];
  private readonly needs: ClusterNeed[] = [];
  private readonly units: ConvertedUnit[] = [];
  private readonly runbooks: RunbookPlan[] = [];
  private failed = 0;
  private converted = 0;

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

  private loadObject(file: string, object: DetectedObject): void {
    if (object.kind === 'group') {
      this.loadGroup(file, object);
      return;
    }
    if (object.kind === 'edgelb-pool') {
      this.loadPool(file, object);
      return;
    }
    const member: GroupMember | undefined = object.kind === 'app' || object.kind === 'pod'
      ? { kind: object.kind, raw: object.raw, pointer: object.pointer, groupId: '/', inheritedDependencies: [] }
      : undefined;
    if (!member) {
      this.loadJob(file, object, validateMarathon('job', object.raw));
      return;
    }
    this.loadMember(file, member, validateMarathon(object.kind, object.raw));
  }

  /**
   * A group tree: validated once as a whole (so group rules such as "apps are direct children"
   * apply), its issues handed to the member they concern, then every member loaded.
   */
  private loadGroup(file: string, object: DetectedObject): void {
    const issues = validateMarathon('group', object.raw).map((i) => ({ ...i, pointer: object.pointer + i.pointer }));
    const flat = flattenGroup(object.raw, object.pointer, file);
    this.findings.push(...flat.findings);
    // Each issue goes to the member whose pointer is a prefix of the issue's pointer, found by
    // walking up the issue's pointer (O(issues × depth); filtering every issue per member was
    // O(members × issues), seconds on a 10,000-app export with schema errors).
    const byMember = new Map<string, SchemaIssue[]>(flat.members.map((m) => [m.pointer, []]));
    const groupId = typeof object.raw.id === 'string' ? object.raw.id : undefined;
    const groupLevel: SchemaIssue[] = [];
    for (const issue of issues) {
      const member = owningMember(issue.pointer, byMember);
      if (member !== undefined) byMember.get(member)!.push({ ...issue, pointer: issue.pointer.slice(member.length) });
      else groupLevel.push(issue);
    }
    for (const member of flat.members) this.loadMember(file, member, byMember.get(member.pointer) ?? []);
    for (const issue of groupLevel) this.findings.push(issueFinding(issue, issue.pointer, { file, ...(groupId ? { app: groupId } : {}) }));
  }

  /** A Marathon pod: normalized, named and indexed now, translated with the others (translate/pod). */
  private loadPod(file: string, member: GroupMember, issues: SchemaIssue[]): void {
    const id = typeof member.raw.id === 'string' && member.raw.id.trim() !== '' ? member.raw.id : undefined;
    const unit: ConvertedUnit = { kind: 'pod', ...(id !== undefined ? { id } : {}), file, pointer: member.pointer, status: 'failed', objects: [] };
    this.units.push(unit);
    if (id === undefined) {
      this.fail(finding('schema-violation', member.pointer + '/id', 'the pod has no id, so it cannot be named', { file, hint: 'give the pod an "id"' }));
      return;
    }
    const pod = preparePod({ member, file, options: this.options, names: this.names, run: this.index, issues });
    if (pod.error) {
      this.fail(pod.error);
      return;
    }
    unit.id = pod.ctx.app.id;
    this.loaded.push({ ctx: pod.ctx, pointer: member.pointer, unit, translate: pod.translate });
  }

  /** A Metronome job: named and validated now, translated with the others (translate/job). */
  private loadJob(file: string, object: DetectedObject, issues: SchemaIssue[]): void {
    const id = typeof object.raw.id === 'string' && object.raw.id.trim() !== '' ? object.raw.id : undefined;
    const unit: ConvertedUnit = { kind: 'job', ...(id !== undefined ? { id } : {}), file, pointer: object.pointer, status: 'failed', objects: [] };
    this.units.push(unit);
    if (id === undefined) {
      this.fail(finding('schema-violation', object.pointer + '/id', 'the job has no id, so it cannot be named', { file, hint: 'give the job an "id"' }));
      return;
    }
    const job = prepareJob({ raw: object.raw, pointer: object.pointer, file, options: this.options, names: this.names, run: this.index, issues });
    this.loaded.push({ ctx: job.ctx, pointer: object.pointer, unit, translate: job.translate });
  }

  /**
   * An Edge-LB pool: validated now, translated after the apps are loaded (its backends resolve
   * against all of them, src/edgelb/). A V1 pool is reported and skipped.
   */
  private loadPool(file: string, object: DetectedObject): void {
    const pool = preparePool({ raw: object.raw, pointer: object.pointer, file, options: this.options, run: this.index });
    const unit: ConvertedUnit = { kind: 'edgelb-pool', ...(pool.id !== undefined ? { id: pool.id } : {}), file, pointer: object.pointer, status: 'failed', objects: [] };
    this.units.push(unit);
    if (!pool.ok) {
      if (pool.finding.code === 'edgelb-pool-v1') {
        unit.status = 'skipped';
        this.findings.push(pool.finding);
      } else this.fail(pool.finding);
      return;
    }
    this.loaded.push({ ctx: pool.ctx, pointer: object.pointer, unit, translate: pool.translate });
  }

  private loadMember(file: string, member: GroupMember, issues: SchemaIssue[]): void {
    if (member.kind === 'pod') {
      this.loadPod(file, member, issues);
      return;
    }
    const id = typeof member.raw.id === 'string' ? member.raw.id : undefined;
    const unit: ConvertedUnit = { kind: 'app', ...(id !== undefined ? { id } : {}), file, pointer: member.pointer, status: 'failed', objects: [] };
    this.units.push(unit);
    if (id === undefined || id.trim() === '') {
      this.fail(finding('schema-violation', member.pointer + '/id', 'the app has no id, so it cannot be named', { file, hint: 'give the app an "id"' }));
      return;
    }
    const pkg = packageOf(member.raw);
    if (pkg !== undefined && !this.options.includePackages) {
      unit.status = 'skipped';
      unit.id = resolveId(id, member.groupId);
      this.findings.push(finding('dcos-package', member.pointer, `app of the DC/OS package ${pkg}: not converted`,
        { file, app: unit.id, hint: 'reinstall the package from its Kubernetes distribution (e.g. its Helm chart), or pass --include-packages to convert it anyway' }));
      return;
    }
    const object = { raw: member.raw, pointer: member.pointer };
    const ledger = new Ledger(object.raw, APP_RESPONSE_FIELDS);
    const app = normalizeApp(object.raw, ledger, member.groupId);
    if (member.inheritedDependencies.length > 0) app.inheritedDependencies = member.inheritedDependencies;
    const name = this.names.nameFor(app.id);
    const ctx = new AppContext(app, name, this.options, ledger, object.pointer, file, object.raw, this.index);
    for (const issue of issues) {
      ctx.findings.push(issueFinding(issue, object.pointer + issue.pointer, { app: app.id, file }));
    }
    unit.id = app.id;
    this.index.add({ app, name });
    this.loaded.push({ ctx, pointer: object.pointer, unit, translate: translateApp });
  }

  /**
   * Translates every app, then validates every object, then collects the results in load order.
   * Each phase runs over the whole run: alternating them app by app was measured ≈ 8 % slower
   * (and interleaving phases slower still elsewhere, see README Performance).
   */
  translateAll(hooks: RunHooks): ConversionResult {
    checkDependencies(this.loaded.map((l) => l.ctx));
    const outcomes = this.loaded.map((loaded, i) => {
      const outcome = this.translate(loaded);
      hooks.onProgress?.(i + 1, this.loaded.length);
      return outcome;
    });
    for (const outcome of outcomes) if (!outcome.error) this.checkObjects(outcome);
    for (const outcome of outcomes) this.collect(outcome);
    return this.result();
  }

  private translate(loaded: LoadedApp): Outcome {
    try {
      const objects = loaded.translate(loaded.ctx);
      loaded.unit.status = 'converted';
      loaded.unit.objects = objects.map((o) => `${o.kind} ${o.metadata.namespace ?? ''}/${o.metadata.name}`);
      return { loaded, objects };
    } catch (e) {
      return { loaded, objects: [], error: e as Error };
    }
  }

  private checkObjects(outcome: Outcome): void {
    try {
      for (const obj of outcome.objects) this.checkObject(outcome.loaded.ctx, obj);
    } catch (e) {
      outcome.loaded.unit.status = 'failed';
      outcome.loaded.unit.objects = [];
      outcome.objects = [];
      outcome.error = e as Error;
    }
  }

  private collect(outcome: Outcome): void {
    const { ctx, pointer } = outcome.loaded;
    if (!outcome.error) {
      this.objects.push(...outcome.objects);
      this.findings.push(...ctx.findings);
      this.needs.push(...ctx.needs);
      const { unit } = outcome.loaded;
      const runbook = planRunbook({ kind: unit.kind, ...(unit.id !== undefined ? { id: unit.id } : {}), file: unit.file, pointer, app: ctx.app, objects: outcome.objects });
      if (runbook) this.runbooks.push(runbook);
      this.converted++;
      return;
    }
    // A crash is a bug in a mapper (or the validation); the batch goes on and the run fails visibly.
    const e = outcome.error;
    this.findings.push(...ctx.findings);
    this.fail(finding('internal-error', pointer, `conversion failed: ${e.message}`,
      { app: ctx.app.id, ...(ctx.file ? { file: ctx.file } : {}), hint: 'please report this with the input; set MARATHON2K8S_DEBUG=1 for details' }));
    if (process.env.MARATHON2K8S_DEBUG) console.error(e);
  }

  private checkObject(ctx: AppContext, obj: KubeObject): void {
    for (const problem of validateObject(obj, this.options.kubeVersion)) {
      ctx.findings.push(finding('invalid-object', ctx.basePointer, `${obj.kind} ${obj.metadata.name} is not valid Kubernetes: ${problem}`,
        { app: ctx.app.id, ...(ctx.file ? { file: ctx.file } : {}), hint: 'this is a bug in marathon2k8s; please report it with the input' }));
    }
  }

  private fail(f: Finding): void {
    this.findings.push(f);
    this.failed++;
  }

  private result(): ConversionResult {
    const namespaces = [...new Set(this.objects.map((o) => o.metadata.namespace).filter((n): n is string => n !== undefined && n !== 'default'))];
    return {
      units: this.units,
      objects: [...namespaces.sort().map((ns) => Namespace(ns)), ...this.objects],
      findings: this.findings,
      needs: mergeNeeds(this.needs),
      failed: this.failed,
      converted: this.converted,
      kubeVersion: this.options.kubeVersion,
      runbooks: this.runbooks,
    };
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

/** The member pointer (a key of `members`) equal to `pointer` or one of its ancestors, if any. */
function owningMember(pointer: string, members: ReadonlyMap<string, unknown>): string | undefined {
  for (let p = pointer; ; ) {
    if (members.has(p)) return p;
    const cut = p.lastIndexOf('/');
    if (cut < 0) return undefined;
    p = p.slice(0, cut);
  }
}
