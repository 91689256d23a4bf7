/**
 * The whole conversion as a library call: read → parse → detect → validate → normalize →
 * translate → validate the output. One bad file or app never stops the others: every problem
 * becomes a finding and the counters say what failed.
 */
import { finding, Ledger, type Finding } from './findings.js';
import { Namespace } from './kube/namespace.js';
import type { KubeObject } from './kube/types.js';
import { validateObject } from './kube/validate.js';
import type { DetectedObject, MarathonKind } from './marathon/detect.js';
import { readDocument } from './marathon/documents.js';
import { readInputs, type Source } from './marathon/load.js';
import { APP_RESPONSE_FIELDS } from './marathon/noise.js';
import { normalizeApp } from './marathon/normalize-app.js';
import { validateMarathon } from './marathon/validate.js';
import type { ConvertOptions } from './options.js';
import { translateApp } from './translate/app.js';
import { AppContext } from './translate/context.js';
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
  /** converted, or failed (nothing emitted; the findings say why). */
  status: 'converted' | 'failed';
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

/** Reads and converts files, directories and '-' (stdin). */
export async function convertInputs(inputs: string[], options: ConvertOptions): Promise<ConversionResult> {
  const read = await readInputs(inputs);
  const result = convertSources(read.sources, options);
  result.findings.unshift(...read.errors);
  result.failed += read.errors.length;
  return result;
}

/**
 * Converts already read sources. Two passes: first every app of every source is loaded,
 * validated, normalized and named (so names and cross-app references do not depend on which
 * file came first), then each is translated.
 */
export function convertSources(sources: Source[], options: ConvertOptions): ConversionResult {
  const run = new Run(options);
  for (const source of sources) run.load(source);
  return run.translateAll();
}

/** An app ready for translation. */
interface LoadedApp {
  ctx: AppContext;
  pointer: string;
  unit: ConvertedUnit;
}

class Run {
  private readonly names: NameRegistry;
  private readonly index = new RunIndex();
  private readonly loaded: LoadedApp[] = [];
  private readonly objects: KubeObject[] = [];
  private readonly findings: Finding[] = [];
  private readonly needs: ClusterNeed[] = [];
  private readonly units: ConvertedUnit[] = [];
  private failed = 0;
  private converted = 0;

  constructor(private readonly options: ConvertOptions) {
    this.names = new NameRegistry(options.namespace);
  }

  load(source: Source): void {
    const doc = readDocument(source);
    if (!doc.ok) {
      this.fail(doc.error);
      return;
    }
    for (const object of doc.objects) this.loadObject(source.file, object);
  }

  private loadObject(file: string, object: DetectedObject): void {
    const id = typeof object.raw.id === 'string' ? object.raw.id : undefined;
    const unit: ConvertedUnit = { kind: object.kind, ...(id !== undefined ? { id } : {}), file, pointer: object.pointer, status: 'failed', objects: [] };
    this.units.push(unit);
    if (object.kind !== 'app') {
      this.fail(finding('unsupported-kind', object.pointer, `Marathon ${object.kind === 'job' ? 'Metronome job' : object.kind}s are not converted yet`,
        { file, ...(id ? { app: id } : {}), hint: 'convert its apps from an app export (GET /v2/apps) for now' }));
      return;
    }
    const issues = validateMarathon('app', object.raw);
    const rawId = object.raw.id;
    if (typeof rawId !== 'string' || rawId.trim() === '') {
      this.fail(finding('schema-violation', object.pointer + '/id', 'the app has no id, so it cannot be named', { file, hint: 'give the app an "id"' }));
      return;
    }
    const ledger = new Ledger(object.raw, APP_RESPONSE_FIELDS);
    const app = normalizeApp(object.raw, ledger);
    const name = this.names.nameFor(app.id);
    const ctx = new AppContext(app, name, this.options, ledger, object.pointer, file, object.raw, this.index);
    for (const issue of issues) {
      ctx.findings.push(finding('schema-violation', object.pointer + issue.pointer, issue.message, { app: app.id, file }));
    }
    unit.id = app.id;
    this.index.add({ app, name });
    this.loaded.push({ ctx, pointer: object.pointer, unit });
  }

  translateAll(): ConversionResult {
    for (const { ctx, pointer, unit } of this.loaded) this.translate(ctx, pointer, unit);
    return this.result();
  }

  private translate(ctx: AppContext, pointer: string, unit: ConvertedUnit): void {
    try {
      const objects = translateApp(ctx);
      unit.status = 'converted';
      unit.objects = objects.map((o) => `${o.kind} ${o.metadata.namespace ?? ''}/${o.metadata.name}`);
      for (const obj of objects) this.checkObject(ctx, obj);
      this.objects.push(...objects);
      this.findings.push(...ctx.findings);
      this.needs.push(...ctx.needs);
      this.converted++;
    } catch (e) {
      // A crash here is a bug in a mapper; the batch goes on and the run fails visibly.
      this.findings.push(...ctx.findings);
      this.fail(finding('internal-error', pointer, `conversion failed: ${(e as Error).message}`,
        { app: ctx.app.id, ...(ctx.file ? { file: ctx.file } : {}), hint: 'please report this with the input; set MARATHON2K8S_DEBUG=1 for details' }));
      if (process.env.MARATHON2K8S_DEBUG) console.error(e);
    }
  }

  private checkObject(ctx: AppContext, obj: KubeObject): void {
    for (const problem of validateObject(obj)) {
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
    };
  }
}
