/**
 * The text report, for a terminal: one line per Marathon object with its status, then the
 * details of the objects that need work or failed, the cluster needs, and the totals. Colours
 * only when asked (the command asks when the stream is a terminal). Control characters in
 * Marathon-provided strings are shown escaped, so an id cannot drive the terminal.
 */
import pc from 'picocolors';
import type { Severity } from '../findings.js';
import {
  formatObjectRef, needKindInfo, REPORT_STATUSES, STATUS_LABELS, type MigrationReport, type ReportFinding, type ReportItem, type ReportNeed,
  type ReportStatus,
} from './model.js';
import { secretStatusLines } from '../secrets/describe.js';
import { runbookLines, RUNBOOKS_INTRO } from '../runbook/report.js';

export interface TextOptions {
  colour?: boolean;
}

type Colours = ReturnType<typeof pc.createColors>;

const STATUS_COLOUR: Record<ReportStatus, (c: Colours) => (s: string) => string> = {
  migrated: (c) => c.green,
  'migrated-with-approximations': (c) => c.cyan,
  'needs-manual-work': (c) => c.yellow,
  failed: (c) => c.red,
};

const SEVERITY_COLOUR: Record<Severity, (c: Colours) => (s: string) => string> = {
  error: (c) => c.red,
  warning: (c) => c.yellow,
  info: (c) => c.cyan,
};

const MAX_ID_WIDTH = 48;

export function renderText(report: MigrationReport, options: TextOptions = {}): string {
  const c = pc.createColors(options.colour === true);
  const out: string[] = [];
  const t = report.totals;

  out.push(c.bold(`Migration report: ${count(t.objects, 'Marathon object')} → ${count(t.kubernetesObjects.total, 'Kubernetes object')}`
    + (report.kubeVersion !== undefined ? ` for Kubernetes ${report.kubeVersion}` : '')));
  out.push('  ' + REPORT_STATUSES.map((s) => STATUS_COLOUR[s](c)(`${t.byStatus[s]} ${STATUS_LABELS[s]}`)).join(', '));
  if (t.failedInputs > 0) out.push('  ' + c.red(`${count(t.failedInputs, 'input')} could not be converted`));

  if (report.items.length > 0) {
    out.push('');
    const labelWidth = Math.max(...REPORT_STATUSES.map((s) => STATUS_LABELS[s].length));
    const idWidth = Math.min(MAX_ID_WIDTH, Math.max(...report.items.map((i) => idOf(i).length)));
    const kindWidth = Math.max(...report.items.map((i) => i.kind.length));
    // A file column when the objects come from several files, so each line can be traced.
    const files = new Set(report.items.map((i) => i.file)).size > 1;
    const fileWidth = files ? Math.min(MAX_ID_WIDTH, Math.max(...report.items.map((i) => clean(i.file).length))) : 0;
    for (const item of report.items) {
      const status = STATUS_COLOUR[item.status](c)(STATUS_LABELS[item.status].padEnd(labelWidth));
      const file = files ? `${clean(item.file).padEnd(fileWidth)}  ` : '';
      out.push(`${status}  ${idOf(item).padEnd(idWidth)}  ${item.kind.padEnd(kindWidth)}  ${file}${itemSummary(item)}`.trimEnd());
    }
  }

  for (const status of ['needs-manual-work', 'failed'] as const) {
    const items = report.items.filter((i) => i.status === status);
    if (items.length === 0) continue;
    out.push('', STATUS_COLOUR[status](c)(c.bold(status === 'failed' ? 'Failed' : 'Needs manual work')));
    for (const item of items) {
      const became = item.objects.length > 0 ? ` → ${item.objects.map(formatObjectRef).map(clean).join(', ')}` : '';
      out.push(`  ${c.bold(idOf(item))} (${item.kind}, ${clean(item.file)}${item.pointer === '' ? '' : ' ' + clean(item.pointer)})${became}`);
      // Approximations and notes are in the JSON, Markdown and HTML reports; here only what to act on.
      for (const f of item.findings.filter((f) => f.impact === 'action')) out.push(...findingLines(f, c, '    '));
      const rest = item.findings.length - item.findings.filter((f) => f.impact === 'action').length;
      if (rest > 0) out.push(c.dim(`    (+ ${rest} approximation${rest === 1 ? '' : 's'} or note${rest === 1 ? '' : 's'}: see -o markdown or -o html)`));
    }
  }

  if (report.needs.length > 0) {
    out.push('', c.bold('Cluster needs'));
    let kind: string | undefined;
    for (const need of report.needs) {
      if (need.kind !== kind) {
        kind = need.kind;
        out.push(`  ${needKindInfo(kind).title}`);
      }
      out.push(`    ${needLine(need)}`);
    }
  }

  if (report.secretStore !== undefined) {
    const store = report.secretStore;
    out.push('', c.bold(`DC/OS secret store ${clean(store.url)} (store ${clean(store.store)})`));
    if (store.secrets.length === 0) out.push('  no app reads a secret');
    for (const secret of store.secrets) {
      const [head, ...details] = secretStatusLines(secret, store.write);
      out.push(`  ${(secret.state === 'found' ? c.green : c.red)(clean(head!))}`, ...details.map((d) => `  ${clean(d)}`));
    }
  }

  if ((report.runbooks ?? []).length > 0) {
    out.push('', c.bold('Data to copy'), `  ${RUNBOOKS_INTRO}`);
    for (const r of report.runbooks ?? []) {
      const { head, details } = runbookLines(r);
      out.push(`  ${clean(head)}`, ...details.map((d) => `    ${clean(d)}`));
    }
  }

  if (report.otherFindings.length > 0) {
    out.push('', c.bold('Other findings'));
    for (const f of report.otherFindings) out.push(...findingLines(f, c, '  ', true));
  }

  const s = t.findings.bySeverity;
  out.push('', `Findings: ${count(s.error, 'error')}, ${count(s.warning, 'warning')}, ${s.info} info`
    + (t.byCode.length > 0 ? ` (${t.byCode.map((b) => `${b.code} ${b.count}`).join(', ')})` : ''));
  return out.join('\n') + '\n';
}

function idOf(item: ReportItem): string {
  return clean(item.id ?? `(no id) ${item.file}${item.pointer}`);
}

/** What stands behind the status: the objects made, or the codes that set the status. */
function itemSummary(item: ReportItem): string {
  if (item.status === 'migrated') {
    return item.objects.length > 0 ? '→ ' + [...new Set(item.objects.map((o) => o.kind))].join(', ') : '';
  }
  const impact = item.status === 'migrated-with-approximations' ? 'approximation' : 'action';
  const codes = new Map<string, number>();
  for (const f of item.findings) if (f.impact === impact) codes.set(f.code, (codes.get(f.code) ?? 0) + 1);
  return [...codes].map(([code, n]) => (n > 1 ? `${code} ×${n}` : code)).join(', ');
}

function findingLines(f: ReportFinding, c: Colours, indent: string, withSubject = false): string[] {
  const position = f.line !== undefined ? `:${f.line}:${f.column ?? 1}` : '';
  const subject = withSubject ? (f.app ?? (f.file !== undefined ? f.file + position : '-')) + ' ' : '';
  // The place in the file, as the finding lines on stderr give it: `(file:line:column)`.
  const place = !withSubject || f.app !== undefined ? (f.file !== undefined && f.line !== undefined ? ` (${f.file}${position})` : '') : '';
  const where = clean(subject + f.pointer + place).trim();
  const head = `${SEVERITY_COLOUR[f.severity](c)(f.severity)}[${f.code}]${where === '' ? '' : ' ' + where}: ${clean(f.message)}`;
  return f.hint !== undefined ? [indent + head, `${indent}  ${c.dim('hint: ' + clean(f.hint))}`] : [indent + head];
}

function needLine(n: ReportNeed): string {
  const name = clean(n.namespace !== undefined ? `${n.namespace}/${n.name}` : n.name);
  const details = n.details.length > 0 ? `: ${n.details.map(clean).join(', ')}` : '';
  return `${name}${details} (for ${n.apps.map(clean).join(', ')})`;
}

function count(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** Control characters (escape sequences, newlines) shown as \u escapes. */
function clean(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u001f\u007f-\u009f]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
