/**
 * The HTML report: one self-contained file (inline CSS, no script, no external asset) to attach
 * to a ticket or open in a browser. Every string from the input or the findings goes through
 * escapeHtml; the Content-Security-Policy forbids scripts and remote loads as a second line of
 * defence.
 */
import {
  formatObjectRef, needKindInfo, REPORT_STATUSES, STATUS_LABELS, type MigrationReport, type ReportFinding, type ReportItem, type ReportNeed,
} from './model.js';

export interface HtmlOptions {
  title?: string;
}

const CSS = `
:root { color-scheme: light dark; --fg: #1f2328; --muted: #656d76; --bg: #fff; --line: #d0d7de; --code: #f6f8fa; }
@media (prefers-color-scheme: dark) { :root { --fg: #e6edf3; --muted: #8d96a0; --bg: #0d1117; --line: #30363d; --code: #161b22; } }
body { font: 14px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); background: var(--bg); margin: 2rem auto; max-width: 72rem; padding: 0 1rem; }
h1 { font-size: 1.6rem; } h2 { font-size: 1.25rem; border-bottom: 1px solid var(--line); padding-bottom: .3rem; margin-top: 2rem; } h3 { font-size: 1rem; }
table { border-collapse: collapse; margin: .5rem 0 1rem; } th, td { border: 1px solid var(--line); padding: .25rem .6rem; text-align: left; vertical-align: top; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
code { font: 12.5px/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; background: var(--code); padding: .05rem .3rem; border-radius: 4px; word-break: break-all; }
.status { display: inline-block; padding: 0 .5rem; border-radius: 1rem; font-size: 12px; font-weight: 600; white-space: nowrap; color: #fff; }
.s-migrated { background: #1a7f37; } .s-migrated-with-approximations { background: #0969da; } .s-needs-manual-work { background: #9a6700; } .s-failed { background: #cf222e; }
.sev-error { color: #cf222e; font-weight: 600; } .sev-warning { color: #9a6700; font-weight: 600; } .sev-info { color: #0969da; }
details { border: 1px solid var(--line); border-radius: 6px; padding: .4rem .8rem; margin: .5rem 0; } summary { cursor: pointer; }
ul.findings { padding-left: 1.2rem; } ul.findings li { margin: .3rem 0; } .hint, .muted { color: var(--muted); }
ul.checklist { list-style: none; padding-left: .4rem; } ul.checklist li::before { content: "☐ "; }
`;

export function renderHtml(report: MigrationReport, options: HtmlOptions = {}): string {
  const t = report.totals;
  const title = options.title ?? 'Marathon → Kubernetes migration report';
  const out: string[] = [];
  out.push('<!DOCTYPE html>', '<html lang="en">', '<head>', '<meta charset="utf-8">',
    '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; style-src \'unsafe-inline\'">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${esc(title)}</title>`, `<style>${CSS}</style>`, '</head>', '<body>');
  out.push(`<h1>${esc(title)}</h1>`);
  out.push(`<p>${t.objects} Marathon object${t.objects === 1 ? '' : 's'} → ${t.kubernetesObjects.total} Kubernetes object${t.kubernetesObjects.total === 1 ? '' : 's'}`
    + (t.failedInputs > 0 ? `; <span class="sev-error">${t.failedInputs} input${t.failedInputs === 1 ? '' : 's'} could not be converted</span>` : '') + '.</p>');

  // Summary: status × Marathon kind.
  const kinds = Object.keys(t.byKind);
  out.push('<table class="summary"><thead><tr><th>status</th>' + kinds.map((k) => `<th>${esc(k)}</th>`).join('') + '<th>total</th></tr></thead><tbody>');
  for (const s of REPORT_STATUSES) {
    out.push(`<tr><td>${badge(s)}</td>${kinds.map((k) => `<td class="n">${t.byKind[k]![s]}</td>`).join('')}<td class="n">${t.byStatus[s]}</td></tr>`);
  }
  out.push(`<tr><th>total</th>${kinds.map((k) => `<td class="n">${t.byKind[k]!.total}</td>`).join('')}<td class="n"><strong>${t.objects}</strong></td></tr>`);
  out.push('</tbody></table>');

  if (report.items.length > 0) {
    out.push('<h2>Marathon objects</h2>', '<table class="items"><thead><tr><th>Marathon id</th><th>kind</th><th>status</th><th>Kubernetes objects</th><th>findings</th></tr></thead><tbody>');
    for (const item of report.items) {
      const objects = item.objects.map((o) => `<code>${esc(formatObjectRef(o))}</code>`).join('<br>') || '—';
      out.push(`<tr><td><a href="#${anchor(item)}">${idHtml(item)}</a></td><td>${esc(item.kind)}</td><td>${badge(item.status)}</td><td>${objects}</td><td class="n">${item.findings.length}</td></tr>`);
    }
    out.push('</tbody></table>');
  }

  if (report.needs.length > 0) {
    out.push('<h2>Cluster needs</h2>');
    let kind: string | undefined;
    for (const need of report.needs) {
      if (need.kind !== kind) {
        if (kind !== undefined) out.push('</ul>');
        kind = need.kind;
        out.push(`<h3>${esc(needKindInfo(kind).title)}</h3>`, '<ul class="checklist">');
      }
      out.push(`<li>${needHtml(need)}</li>`);
    }
    out.push('</ul>');
  }

  const detailed = report.items.filter((i) => i.findings.length > 0 || i.status !== 'migrated');
  if (detailed.length > 0) {
    out.push('<h2>Details</h2>');
    for (const status of ['failed', 'needs-manual-work', 'migrated-with-approximations', 'migrated'] as const) {
      for (const item of detailed.filter((i) => i.status === status)) out.push(itemHtml(item));
    }
  }

  if (report.otherFindings.length > 0) {
    out.push('<h2>Other findings</h2>', '<p class="muted">Findings about no single Marathon object (unreadable files, group-level problems).</p>');
    out.push('<ul class="findings">', ...report.otherFindings.map((f) => `<li>${findingHtml(f, true)}</li>`), '</ul>');
  }

  if (t.byCode.length > 0) {
    out.push('<h2>Findings by code</h2>', '<table><thead><tr><th>code</th><th>severity</th><th>impact</th><th>count</th><th>meaning</th></tr></thead><tbody>');
    for (const c of t.byCode) {
      out.push(`<tr><td><code>${esc(c.code)}</code></td><td class="sev-${c.severity}">${c.severity}</td><td>${c.impact}</td><td class="n">${c.count}</td><td>${esc(c.summary ?? '')}</td></tr>`);
    }
    out.push('</tbody></table>');
  }
  out.push('</body>', '</html>');
  return out.join('\n') + '\n';
}

function itemHtml(item: ReportItem): string {
  const open = item.status === 'failed' || item.status === 'needs-manual-work' ? ' open' : '';
  const where = `${esc(item.kind)} in <code>${esc(item.file)}</code>${item.pointer !== '' ? ` at <code>${esc(item.pointer)}</code>` : ''}`;
  const became = item.objects.length > 0 ? `<p>Became ${item.objects.map((o) => `<code>${esc(formatObjectRef(o))}</code>`).join(', ')}.</p>` : '';
  return [
    `<details id="${anchor(item)}"${open}>`,
    `<summary>${badge(item.status)} ${idHtml(item)} <span class="muted">(${item.findings.length} finding${item.findings.length === 1 ? '' : 's'})</span></summary>`,
    `<p>${where}.</p>`, became,
    item.findings.length > 0 ? `<ul class="findings">${item.findings.map((f) => `<li>${findingHtml(f)}</li>`).join('')}</ul>` : '',
    '</details>',
  ].filter((s) => s !== '').join('\n');
}

function findingHtml(f: ReportFinding, withSubject = false): string {
  const position = f.line !== undefined ? `:${f.line}:${f.column ?? 1}` : '';
  const subject = withSubject ? (f.app ?? (f.file !== undefined ? f.file + position : undefined)) : undefined;
  const where = [subject, f.pointer !== '' ? f.pointer : undefined].filter((s): s is string => s !== undefined).map((s) => `<code>${esc(s)}</code>`).join(' ');
  const todo = f.impact === 'action' ? '☐ ' : '';
  return `${todo}<span class="sev-${f.severity}">${f.severity}</span> <code>${esc(f.code)}</code>${where !== '' ? ' ' + where : ''}: ${esc(f.message)}`
    + (f.hint !== undefined ? `<br><span class="hint">${esc(f.hint)}</span>` : '');
}

function needHtml(n: ReportNeed): string {
  const name = `<code>${esc(n.namespace !== undefined ? `${n.namespace}/${n.name}` : n.name)}</code>`;
  const details = n.details.length > 0 ? `: ${n.details.map((d) => `<code>${esc(d)}</code>`).join(', ')}` : '';
  return `${esc(needKindInfo(n.kind).action)} ${name}${details} <span class="muted">(for ${n.apps.map(esc).join(', ')})</span>`;
}

function badge(status: ReportItem['status']): string {
  return `<span class="status s-${status}">${STATUS_LABELS[status]}</span>`;
}

function idHtml(item: ReportItem): string {
  return item.id !== undefined ? `<code>${esc(item.id)}</code>` : `<em>(no id)</em> <code>${esc(item.file + item.pointer)}</code>`;
}

/** A stable, attribute-safe anchor: the item's file, pointer and id reduced to [a-z0-9-] plus a hash. */
function anchor(item: ReportItem): string {
  const key = `${item.file}\u0000${item.pointer}\u0000${item.id ?? ''}`;
  const slug = (item.id ?? item.pointer).toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40);
  return `m-${slug}-${fnv1a(key)}`;
}

function fnv1a(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(36);
}

/** Text and attribute values: the five characters HTML gives meaning to. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);
}

const esc = escapeHtml;
