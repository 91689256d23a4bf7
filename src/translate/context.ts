/**
 * What every app mapper gets: the app, its names, the options, the ledger to mark what it
 * read, and a way to report findings with pointers into the user's file.
 */
import { finding, joinPointer, type Finding, type FindingCode, type Ledger, type Severity } from '../findings.js';
import type { MarathonApp } from '../marathon/model.js';
import type { ConvertOptions } from '../options.js';
import type { AppName } from './names.js';
import type { ClusterNeed, NeedKind } from './needs.js';
import { RunIndex } from './run-index.js';

export class AppContext {
  readonly findings: Finding[] = [];
  readonly needs: ClusterNeed[] = [];

  constructor(
    readonly app: MarathonApp,
    readonly name: AppName,
    readonly options: ConvertOptions,
    readonly ledger: Ledger,
    /** Where the app sits in its file, e.g. `/apps/3`. */
    readonly basePointer: string,
    readonly file?: string,
    /** The app as the user wrote it, for the few mappers that look at raw values (defaults). */
    readonly raw: Record<string, unknown> = {},
    /** The other apps of the run (names, ports), for cross-app references. */
    readonly run: RunIndex = new RunIndex(),
  ) {}

  /** Records something the target cluster must provide (a Secret, a node label, …). */
  need(kind: NeedKind, name: string, details?: string[], namespace?: string): void {
    this.needs.push({ kind, name, apps: [this.app.id], ...(details ? { details } : {}), ...(namespace !== undefined ? { namespace } : {}) });
  }

  /** Marks canonical fields (relative to the app) as consumed. */
  use(...pointers: string[]): void {
    this.ledger.use(...pointers);
  }

  /** Reports a finding at a pointer of the file outside the app (e.g. in its group). */
  reportAt(code: FindingCode, filePointer: string, message: string, extra: { hint?: string; severity?: Severity } = {}): void {
    this.findings.push(finding(code, filePointer, message, { ...extra, app: this.app.id, ...(this.file ? { file: this.file } : {}) }));
  }

  /** Reports a finding about a canonical field of the app (pointer relative to the app). */
  report(code: FindingCode, pointer: string, message: string, extra: { hint?: string; severity?: Severity } = {}): void {
    const filePointer = this.basePointer + this.ledger.toRaw(pointer);
    this.findings.push(finding(code, filePointer, message, { ...extra, app: this.app.id, ...(this.file ? { file: this.file } : {}) }));
  }
}

export { joinPointer };
