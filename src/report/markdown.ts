/**
 * The Markdown report, for a migration ticket (GitHub / GitLab flavoured): a summary table, the
 * cluster needs and every finding to act on as checklists (`- [ ]`), then one section per
 * Marathon object. Marathon-provided strings are escaped: in code spans by a long-enough fence,
 * in text by backslash escapes (so no id, message or label makes markup or raw HTML).
 */
import {
  formatObjectRef, needKindInfo, REPORT_STATUSES, STATUS_LABELS, type MigrationReport, type ReportFinding, type ReportItem, type ReportNeed,
  type ReportStatus,
} from './model.js';
import { describeSecretStatus } from '../secrets/describe.js';
import { runbookLines, RUNBOOKS_INTRO } from '../runbook/report.js';

const SECTION_TITLES: Record<ReportStatus, string> = {
  failed: 'Failed',
  'needs-manual-work': 'Needs manual work',
  'migrated-with-approximations': 'Migrated with approximations',
  migrated: 'Migrated',
};

export function renderMarkdown(report: MigrationReport): string {
  const t = report.totals;
  const out: string[] = [];
  out.push('# Marathon → Kubernetes migration report', '');
  out.push(`${t.objects} Marathon object${t.objects === 1 ? '' : 's'} → ${t.kubernetesObjects.total} Kubernetes object${t.kubernetesObjects.total === 1 ? '' : 's'}`
    + (report.kubeVersion !== undefined ? ` for Kubernetes ${report.kubeVersion}` : '')
    + (t.failedInputs > 0 ? `; ${t.failedInputs} input${t.failedInputs === 1 ? '' : 's'} could not be converted` : '') + '.', '');

  const kinds = Object.keys(t.byKind);
  out.push(`| status | ${kinds.map(text).join(' | ')}${kinds.length > 0 ? ' | ' : ''}total |`);
  out.push(`|---|${kinds.map(() => '---:|').join('')}---:|`);
  for (const s of REPORT_STATUSES) {
    out.push(`| ${STATUS_LABELS[s]} | ${kinds.map((k) => String(t.byKind[k]![s])).join(' | ')}${kinds.length > 0 ? ' | ' : ''}${t.byStatus[s]} |`);
  }
  out.push(`| **total** | ${kinds.map((k) => String(t.byKind[k]!.total)).join(' | ')}${kinds.length > 0 ? ' | ' : ''}**${t.objects}** |`, '');

  if (report.items.length > 0) {
    out.push('| Marathon id | kind | status | file | Kubernetes objects | findings |', '|---|---|---|---|---|---:|');
    for (const item of report.items) {
      const objects = item.objects.length > 0 ? item.objects.map((o) => code(formatObjectRef(o), true)).join('<br>') : '—';
      out.push(`| ${itemTitle(item, true)} | ${text(item.kind)} | ${STATUS_LABELS[item.status]} | ${code(item.file + (item.pointer !== '' ? ` ${item.pointer}` : ''), true)} | ${objects} | ${item.findings.length} |`);
    }
    out.push('');
  }

  if (report.needs.length > 0) {
    out.push('## Cluster needs', '');
    let kind: string | undefined;
    for (const need of report.needs) {
      if (need.kind !== kind) {
        if (kind !== undefined) out.push('');
        kind = need.kind;
        out.push(`### ${text(needKindInfo(kind).title)}`, '');
      }
      out.push(needItem(need));
    }
    out.push('');
  }

  if (report.secretStore !== undefined) {
    const store = report.secretStore;
    out.push(`## DC/OS secret store ${code(store.url)} (store ${code(store.store)})`, '');
    if (store.secrets.length === 0) out.push('No app reads a secret.', '');
    for (const secret of store.secrets) {
      const t = describeSecretStatus(secret, store.write);
      out.push(`- [${secret.state === 'found' ? 'x' : ' '}] ${code(t.subject)}${t.app !== undefined ? ` (${code(t.app)})` : ''}: ${text(t.state)}; ${text(t.outcome)}`);
      for (const d of t.details) out.push(`  - ${text(d)}`);
    }
    out.push('');
  }

  if ((report.runbooks ?? []).length > 0) {
    out.push('## Data to copy', '', text(RUNBOOKS_INTRO), '');
    for (const r of report.runbooks ?? []) {
      const { head, details } = runbookLines(r);
      out.push(`- [ ] ${text(head)}`, ...details.map((d) => `  - ${text(d)}`));
    }
    out.push('');
  }

  for (const status of ['failed', 'needs-manual-work', 'migrated-with-approximations', 'migrated'] as const) {
    const items = report.items.filter((i) => i.status === status);
    if (items.length === 0) continue;
    out.push(`## ${SECTION_TITLES[status]} (${items.length})`, '');
    if (status === 'migrated') {
      // Nothing to read but the objects: one line each keeps a big ticket short.
      for (const item of items) {
        out.push(`- ${itemTitle(item)} (${text(item.kind)}) → ${item.objects.map((o) => code(formatObjectRef(o))).join(', ') || '—'}`
          + (item.findings.length > 0 ? `; notes: ${[...new Set(item.findings.map((f) => code(f.code)))].join(', ')}` : ''));
      }
      out.push('');
      continue;
    }
    for (const item of items) out.push(...itemSection(item), '');
  }

  if (report.otherFindings.length > 0) {
    out.push('## Other findings', '', 'Findings about no single Marathon object (unreadable files, group-level problems).', '');
    for (const f of report.otherFindings) out.push(findingItem(f, true));
    out.push('');
  }

  if (t.byCode.length > 0) {
    out.push('## Findings by code', '', '| code | severity | impact | count | meaning |', '|---|---|---|---:|---|');
    for (const c of t.byCode) out.push(`| ${code(c.code, true)} | ${c.severity} | ${c.impact} | ${c.count} | ${text(c.summary ?? '')} |`);
    out.push('');
  }
  return out.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd() + '\n';
}

function itemTitle(item: ReportItem, inTable = false): string {
  return item.id !== undefined ? code(item.id, inTable) : `_(no id)_ ${code(item.file + item.pointer, inTable)}`;
}

function itemSection(item: ReportItem): string[] {
  const out = [`### ${itemTitle(item)}`, ''];
  out.push(`${text(item.kind)} in ${code(item.file)}${item.pointer !== '' ? ` at ${code(item.pointer)}` : ''}: **${STATUS_LABELS[item.status]}**.`);
  if (item.objects.length > 0) out.push(`Became ${item.objects.map((o) => code(formatObjectRef(o))).join(', ')}.`);
  out.push('');
  const act = item.findings.filter((f) => f.impact === 'action');
  const rest = item.findings.filter((f) => f.impact !== 'action');
  if (act.length > 0) {
    out.push('To do:', '');
    out.push(...act.map((f) => findingItem(f)), '');
  }
  if (rest.length > 0) {
    out.push(act.length > 0 ? 'Approximations and notes:' : 'Approximations:', '');
    out.push(...rest.map((f) => findingItem(f)), '');
  }
  return out;
}

/** A finding to act on is a checklist item; others are plain bullets. */
function findingItem(f: ReportFinding, withSubject = false): string {
  const box = f.impact === 'action' ? '- [ ] ' : '- ';
  const position = f.line !== undefined ? `:${f.line}:${f.column ?? 1}` : '';
  const subject = withSubject ? (f.app ?? (f.file !== undefined ? f.file + position : undefined)) : undefined;
  const place = subject === undefined || f.app !== undefined ? (f.file !== undefined && f.line !== undefined ? `${f.file}${position}` : undefined) : undefined;
  const where = [subject, f.pointer !== '' ? f.pointer : undefined, place].filter((s): s is string => s !== undefined).map((s) => code(s)).join(' ');
  return `${box}**${f.severity}** ${code(f.code)}${where !== '' ? ' ' + where : ''}: ${text(f.message)}${f.hint !== undefined ? ` — _${text(f.hint)}_` : ''}`;
}

function needItem(n: ReportNeed): string {
  const name = code(n.namespace !== undefined ? `${n.namespace}/${n.name}` : n.name);
  const details = n.details.length > 0 ? `: ${n.details.map((s) => code(s)).join(', ')}` : '';
  return `- [ ] ${text(needKindInfo(n.kind).action)} ${name}${details} (for ${n.apps.map((s) => code(s)).join(', ')})`;
}

/**
 * A code span that holds any string: a fence longer than its longest backtick run. In a table
 * cell a | ends the cell even inside a code span; GFM's escape there is \|.
 */
export function code(s: string, inTable = false): string {
  const flat = s.replace(/[\r\n]+/g, ' ');
  const longest = Math.max(0, ...(flat.match(/`+/g) ?? []).map((r) => r.length));
  const fence = '`'.repeat(longest + 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') || (flat.startsWith(' ') && flat.endsWith(' ') && flat.trim() !== '') ? ' ' : '';
  return `${fence}${pad}${inTable ? flat.replace(/\|/g, '\\|') : flat}${pad}${fence}`;
}

/**
 * Plain text inside a line: what Markdown could read as inline markup, raw HTML, an entity, a
 * table cell end or (on GitHub) math is backslash-escaped. Block markup (#, -, 1.) only counts at
 * the start of a line, where this text never is.
 */
export function text(s: string): string {
  return s.replace(/[\r\n]+/g, ' ').replace(/[\\`*_[\]<>|~&$]/g, (ch) => '\\' + ch);
}
