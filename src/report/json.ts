/**
 * The JSON report: a stable schema for scripts (documented in the README, "Migration report").
 *
 * Compatibility: fields are only added within a schemaVersion; renaming or removing a field, or
 * changing its meaning, bumps REPORT_SCHEMA_VERSION. Every field is always present: absent
 * values are null, lists are [] and counters are 0, so scripts need no existence checks.
 */
import type { Severity } from '../findings.js';
import type { ReportRunbook } from '../runbook/report.js';
import type { CodeCount, Impact, MigrationReport, ReportFinding, ReportItem, ReportNeed, ReportStatus } from './model.js';

export const REPORT_SCHEMA_VERSION = 1;

export interface JsonReportFinding {
  severity: Severity;
  code: string;
  impact: Impact;
  app: string | null;
  file: string | null;
  pointer: string;
  line: number | null;
  column: number | null;
  message: string;
  hint: string | null;
}

export interface JsonReport {
  schemaVersion: typeof REPORT_SCHEMA_VERSION;
  generator: 'marathon2k8s';
  summary: {
    marathonObjects: number;
    byStatus: Record<ReportStatus, number>;
    byKind: Record<string, { total: number } & Record<ReportStatus, number>>;
    kubernetesObjects: { total: number; byKind: Record<string, number> };
    findings: { total: number; bySeverity: Record<Severity, number>; byCode: { code: string; severity: Severity; impact: Impact; count: number; summary: string | null }[] };
    failedInputs: number;
    /** The Kubernetes version the objects were made for (what it lacked: needs of kind kubernetes-feature). */
    kubernetesVersion: string | null;
  };
  objects: {
    kind: string;
    id: string | null;
    file: string;
    pointer: string;
    status: ReportStatus;
    conversion: string;
    kubernetesObjects: { kind: string; namespace: string | null; name: string }[];
    findings: JsonReportFinding[];
  }[];
  needs: { kind: string; name: string; namespace: string | null; details: string[]; apps: string[] }[];
  otherFindings: JsonReportFinding[];
  findings: JsonReportFinding[];
  /** With --secret-store-url: each Secret and what the DC/OS secret store held for it (names and paths, never values); else null. */
  secretStore: JsonSecretStore | null;
  /** Apps whose volume data must be copied into new claims: volumes, claims, sizes, and the runbook (path relative to --out DIR, null when nothing can be copied). */
  dataRunbooks: ReportRunbook[];
}

export interface JsonSecretStore {
  url: string;
  store: string;
  /** Whether found values went into the output (apply, diff, --write-secret-values). */
  valuesWritten: boolean;
  secrets: {
    namespace: string;
    name: string;
    type: string;
    app: string | null;
    /** found, missing, unreadable, invalid, no-path (the worst of its keys). */
    state: string;
    /** filled (values in the output), stub, reference (not emitted: a cluster need). */
    outcome: string;
    keys: { key: string; path: string | null; origin: string | null; state: string; httpStatus: number | null; reason: string | null }[];
  }[];
}

export function toJsonReport(report: MigrationReport): JsonReport {
  const t = report.totals;
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    generator: 'marathon2k8s',
    summary: {
      marathonObjects: t.objects,
      byStatus: { ...t.byStatus },
      byKind: Object.fromEntries(Object.entries(t.byKind).map(([k, v]) => [k, { ...v }])),
      kubernetesObjects: { total: t.kubernetesObjects.total, byKind: { ...t.kubernetesObjects.byKind } },
      findings: { total: t.findings.total, bySeverity: { ...t.findings.bySeverity }, byCode: t.byCode.map(jsonCode) },
      failedInputs: t.failedInputs,
      kubernetesVersion: report.kubeVersion ?? null,
    },
    objects: report.items.map(jsonItem),
    needs: report.needs.map(jsonNeed),
    otherFindings: report.otherFindings.map(jsonFinding),
    findings: report.findings.map(jsonFinding),
    secretStore: report.secretStore === undefined ? null : {
      url: report.secretStore.url,
      store: report.secretStore.store,
      valuesWritten: report.secretStore.write,
      secrets: report.secretStore.secrets.map((s) => ({
        namespace: s.namespace, name: s.name, type: s.type, app: s.app ?? null, state: s.state, outcome: s.outcome,
        keys: s.keys.map((k) => ({ key: k.key, path: k.path ?? null, origin: k.origin ?? null, state: k.state, httpStatus: k.status ?? null, reason: k.reason ?? null })),
      })),
    },
    dataRunbooks: report.runbooks ?? [],
  };
}

/** The report as pretty-printed JSON with a final newline. */
export function renderJson(report: MigrationReport): string {
  return JSON.stringify(toJsonReport(report), null, 2) + '\n';
}

function jsonCode(c: CodeCount): JsonReport['summary']['findings']['byCode'][number] {
  return { code: c.code, severity: c.severity, impact: c.impact, count: c.count, summary: c.summary ?? null };
}

function jsonItem(item: ReportItem): JsonReport['objects'][number] {
  return {
    kind: item.kind,
    id: item.id ?? null,
    file: item.file,
    pointer: item.pointer,
    status: item.status,
    conversion: item.conversion,
    kubernetesObjects: item.objects.map((o) => ({ kind: o.kind, namespace: o.namespace ?? null, name: o.name })),
    findings: item.findings.map(jsonFinding),
  };
}

function jsonNeed(n: ReportNeed): JsonReport['needs'][number] {
  return { kind: n.kind, name: n.name, namespace: n.namespace ?? null, details: [...n.details], apps: [...n.apps] };
}

function jsonFinding(f: ReportFinding): JsonReportFinding {
  return {
    severity: f.severity,
    code: f.code,
    impact: f.impact,
    app: f.app ?? null,
    file: f.file ?? null,
    pointer: f.pointer,
    line: f.line ?? null,
    column: f.column ?? null,
    message: f.message,
    hint: f.hint ?? null,
  };
}
