/**
 * The HTML report, as a migration lead works from it: one self-contained file (inline CSS and
 * script, no external asset, no network) to attach to a ticket or open in a browser.
 *
 * Overview first — totals per status and kind, per namespace (team), findings by code with links
 * to the apps they concern, cluster needs — then the apps grouped by namespace in natural order
 * (`app2` before `app10`), each with its findings folded under it. A small script filters by
 * status, severity, code and text, sorts the columns and folds or unfolds everything; the state
 * lives in the address (`report.html#status=failed&q=web`) so a filtered view can be shared. The
 * page reads and works without the script too (everything is in the markup).
 *
 * Every string from the input or the findings goes through escapeHtml; the Content-Security-
 * Policy allows no remote load and only this one script (by its hash).
 */
import { createHash } from 'node:crypto';
import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  formatObjectRef, needKindInfo, REPORT_STATUSES, STATUS_LABELS, type MigrationReport, type ReportFinding, type ReportItem, type ReportNeed,
  type ReportStatus,
} from './model.js';
import { describeSecretStatus } from '../secrets/describe.js';
import { runbookLines, RUNBOOKS_INTRO } from '../runbook/report.js';

export interface HtmlOptions {
  title?: string;
  /**
   * Directory that relative input paths are relative to (the working directory of the run):
   * files become file:// links. Without it, paths are shown but not linked.
   */
  baseDir?: string;
}

/** The group of objects without id (they failed: nothing names their namespace). */
const NO_ID = '(no id)';

/** Lists longer than this (apps of a need or of a code) are folded. */
const LONG_LIST = 8;

/** What the status column shows: the report status, or "skipped" for objects left out on purpose. */
type Shown = ReportStatus | 'skipped';

const SHOWN_LABELS: Record<Shown, string> = { ...STATUS_LABELS, skipped: 'skipped' };
const SHOWN_ORDER: readonly Shown[] = ['failed', 'needs-manual-work', 'skipped', 'migrated-with-approximations', 'migrated'];

const CSS = `
:root { color-scheme: light dark; --fg: #1f2328; --muted: #656d76; --bg: #fff; --line: #d0d7de; --code: #f6f8fa; --row: #f6f8fa; }
@media (prefers-color-scheme: dark) { :root { --fg: #e6edf3; --muted: #8d96a0; --bg: #0d1117; --line: #30363d; --code: #161b22; --row: #161b22; } }
body { font: 14px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); background: var(--bg); margin: 2rem auto; max-width: 90rem; padding: 0 1rem; }
h1 { font-size: 1.6rem; } h2 { font-size: 1.25rem; border-bottom: 1px solid var(--line); padding-bottom: .3rem; margin-top: 2rem; } h3 { font-size: 1rem; }
table { border-collapse: collapse; margin: .5rem 0 1rem; } th, td { border: 1px solid var(--line); padding: .25rem .6rem; text-align: left; vertical-align: top; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
code { font: 12.5px/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; background: var(--code); padding: .05rem .3rem; border-radius: 4px; word-break: normal; overflow-wrap: normal; }
.status { display: inline-block; padding: 0 .5rem; border-radius: 1rem; font-size: 12px; font-weight: 600; white-space: nowrap; color: #fff; }
.s-migrated { background: #1a7f37; } .s-migrated-with-approximations { background: #0969da; } .s-needs-manual-work { background: #9a6700; } .s-failed { background: #cf222e; } .s-skipped { background: #6e7781; }
.sev-error { color: #cf222e; font-weight: 600; } .sev-warning { color: #9a6700; font-weight: 600; } .sev-info { color: #0969da; }
details { margin: .2rem 0; } summary { cursor: pointer; }
details.ns { border: 1px solid var(--line); border-radius: 6px; padding: .4rem .8rem; margin: .8rem 0; } details.ns > summary { font-weight: 600; font-size: 1.05rem; }
ul.findings { padding-left: 1.2rem; margin: .3rem 0; } ul.findings li { margin: .3rem 0; } .hint, .muted { color: var(--muted); }
ul.checklist { list-style: none; padding-left: .4rem; } ul.checklist li::before { content: "☐ "; }
.filters { position: sticky; top: 0; background: var(--bg); padding: .5rem 0; border-bottom: 1px solid var(--line); display: flex; flex-wrap: wrap; gap: .5rem; align-items: center; z-index: 1; }
.filters input[type=search] { min-width: 16rem; }
table.items { width: 100%; } table.items tr.app:nth-child(even) { background: var(--row); }
th button.sort { font: inherit; font-weight: 600; background: none; border: 0; padding: 0; cursor: pointer; color: inherit; }
th button.sort::after { content: " ↕"; color: var(--muted); } th[aria-sort=ascending] button.sort::after { content: " ↑"; } th[aria-sort=descending] button.sort::after { content: " ↓"; }
a { color: #0969da; } code.name { white-space: nowrap; }
tr:target { outline: 2px solid #0969da; }
`;

/**
 * The page's behaviour. Plain ES2017, no dependency; allowed by the CSP through its hash, so it
 * must stay a constant (no value from the report inside).
 */
const SCRIPT = `
(function () {
  'use strict';
  var $ = function (s, el) { return (el || document).querySelector(s); };
  var $$ = function (s, el) { return Array.prototype.slice.call((el || document).querySelectorAll(s)); };
  var collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });
  var controls = { status: $('#f-status'), severity: $('#f-severity'), code: $('#f-code'), q: $('#f-text') };
  var sortState = null;

  function readHash() {
    var h = decodeURIComponent(location.hash.slice(1));
    if (h.indexOf('=') < 0) return { anchor: h };
    var state = {};
    h.split('&').forEach(function (kv) { var i = kv.indexOf('='); if (i > 0) state[kv.slice(0, i)] = kv.slice(i + 1); });
    return state;
  }
  function writeHash() {
    var parts = [];
    ['status', 'severity', 'code', 'q'].forEach(function (k) { if (controls[k].value) parts.push(k + '=' + encodeURIComponent(controls[k].value)); });
    if (sortState) parts.push('sort=' + sortState.key + '-' + sortState.dir);
    history.replaceState(null, '', parts.length ? '#' + parts.join('&') : location.pathname + location.search);
  }
  function matches(row) {
    var s = controls.status.value, v = controls.severity.value, c = controls.code.value, q = controls.q.value.trim().toLowerCase();
    if (s && row.dataset.status !== s) return false;
    if (v && (' ' + row.dataset.sev + ' ').indexOf(' ' + v + ' ') < 0) return false;
    if (c && (' ' + row.dataset.codes + ' ').indexOf(' ' + c + ' ') < 0) return false;
    if (q && row.dataset.text.indexOf(q) < 0) return false;
    return true;
  }
  function filter() {
    var shown = 0;
    $$('details.ns').forEach(function (ns) {
      var n = 0;
      $$('tr.app', ns).forEach(function (row) { var ok = matches(row); row.hidden = !ok; if (ok) n++; });
      ns.hidden = n === 0;
      $('.ns-count', ns).textContent = n === Number(ns.dataset.total) ? String(n) : n + ' of ' + ns.dataset.total;
      shown += n;
    });
    $('#shown').textContent = String(shown);
  }
  function sortBy(key, dir) {
    sortState = { key: key, dir: dir };
    $$('table.items').forEach(function (table) {
      var body = table.tBodies[0];
      var rows = $$('tr.app', body);
      rows.sort(function (a, b) {
        var x = a.getAttribute('data-k-' + key) || '', y = b.getAttribute('data-k-' + key) || '';
        var r = collator.compare(x, y) || collator.compare(a.dataset.kId || '', b.dataset.kId || '');
        return dir === 'desc' ? -r : r;
      });
      rows.forEach(function (r) { body.appendChild(r); });
      $$('th[data-key]', table).forEach(function (th) {
        th.setAttribute('aria-sort', th.dataset.key === key ? (dir === 'desc' ? 'descending' : 'ascending') : 'none');
      });
    });
  }
  function setOpen(open) { $$('details').forEach(function (d) { d.open = open; }); }
  function reveal(id) {
    var target = id && document.getElementById(id);
    if (!target) return;
    if (target.hidden || (target.closest('details.ns') || {}).hidden) {
      ['status', 'severity', 'code', 'q'].forEach(function (k) { controls[k].value = ''; });
      filter();
    }
    var ns = target.closest('details.ns'); if (ns) ns.open = true;
    $$('details', target).forEach(function (d) { d.open = true; });
    target.scrollIntoView();
  }
  function fromHash() {
    var state = readHash();
    if (state.anchor !== undefined) { reveal(state.anchor); return; }
    ['status', 'severity', 'code', 'q'].forEach(function (k) { controls[k].value = state[k] || ''; });
    filter();
    if (state.sort) { var i = state.sort.lastIndexOf('-'); sortBy(state.sort.slice(0, i), state.sort.slice(i + 1)); }
    if (state.expand === 'all') setOpen(true);
    if (state.expand === 'none') setOpen(false);
  }

  ['status', 'severity', 'code'].forEach(function (k) { controls[k].addEventListener('change', function () { filter(); writeHash(); }); });
  controls.q.addEventListener('input', function () { filter(); writeHash(); });
  $$('th[data-key] button.sort').forEach(function (button) {
    button.addEventListener('click', function () {
      var key = button.parentNode.dataset.key;
      sortBy(key, sortState && sortState.key === key && sortState.dir === 'asc' ? 'desc' : 'asc');
      writeHash();
    });
  });
  $('#expand-all').addEventListener('click', function () { setOpen(true); });
  $('#collapse-all').addEventListener('click', function () { setOpen(false); });
  window.addEventListener('hashchange', fromHash);
  document.body.classList.add('js');
  fromHash();
})();
`;

const SCRIPT_HASH = createHash('sha256').update(SCRIPT).digest('base64');

export function renderHtml(report: MigrationReport, options: HtmlOptions = {}): string {
  const t = report.totals;
  const title = options.title ?? 'Marathon → Kubernetes migration report';
  const link = fileLinker(options.baseDir);
  const items = report.items.map((item) => ({ item, ns: namespaceOf(item), shown: shownOf(item) }));
  // Objects without id (failed) last, after every namespace.
  const namespaces = [...new Set(items.map((i) => i.ns))].sort((a, b) => Number(a === NO_ID) - Number(b === NO_ID) || naturalCompare(a, b));

  const out: string[] = [];
  out.push('<!DOCTYPE html>', '<html lang="en">', '<head>', '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-${SCRIPT_HASH}'">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${esc(title)}</title>`, `<style>${CSS}</style>`, '</head>', '<body>');
  out.push(`<h1>${esc(title)}</h1>`);
  out.push(`<p>${t.objects} Marathon object${t.objects === 1 ? '' : 's'} → ${t.kubernetesObjects.total} Kubernetes object${t.kubernetesObjects.total === 1 ? '' : 's'}`
    + (report.kubeVersion !== undefined ? ` for Kubernetes ${esc(report.kubeVersion)}` : '')
    + (t.failedInputs > 0 ? `; <span class="sev-error">${t.failedInputs} input${t.failedInputs === 1 ? '' : 's'} could not be converted</span>` : '') + '.</p>');

  // ---- Overview -------------------------------------------------------------------------------
  out.push('<section id="overview">', '<h2>Overview</h2>');
  const kinds = Object.keys(t.byKind);
  out.push('<table class="summary"><thead><tr><th>status</th>' + kinds.map((k) => `<th class="n">${esc(k)}</th>`).join('') + '<th class="n">total</th></tr></thead><tbody>');
  for (const s of REPORT_STATUSES) {
    out.push(`<tr><td>${badge(s)}</td>${kinds.map((k) => `<td class="n">${t.byKind[k]![s]}</td>`).join('')}<td class="n">${t.byStatus[s]}</td></tr>`);
  }
  out.push(`<tr><th>total</th>${kinds.map((k) => `<td class="n">${t.byKind[k]!.total}</td>`).join('')}<td class="n"><strong>${t.objects}</strong></td></tr>`);
  out.push('</tbody></table>');

  if (namespaces.length > 0) {
    out.push('<h3>Per namespace</h3>', '<table class="namespaces"><thead><tr><th>namespace</th>'
      + SHOWN_ORDER.map((s) => `<th class="n">${badge(s)}</th>`).join('') + '<th class="n">total</th></tr></thead><tbody>');
    for (const ns of namespaces) {
      const mine = items.filter((i) => i.ns === ns);
      out.push(`<tr><td><a href="#${nsAnchor(ns)}"><code>${breakable(ns)}</code></a></td>`
        + SHOWN_ORDER.map((s) => `<td class="n">${mine.filter((i) => i.shown === s).length || ''}</td>`).join('')
        + `<td class="n">${mine.length}</td></tr>`);
    }
    out.push('</tbody></table>');
  }

  if (t.byCode.length > 0) {
    const byCode = new Map<string, ReportItem[]>();
    for (const item of report.items) {
      for (const code of new Set(item.findings.map((f) => f.code))) {
        const list = byCode.get(code);
        if (list) list.push(item);
        else byCode.set(code, [item]);
      }
    }
    out.push('<h3>Findings by code</h3>', '<table class="codes"><thead><tr><th>code</th><th>severity</th><th>impact</th><th class="n">count</th><th>meaning</th><th>apps</th></tr></thead><tbody>');
    for (const c of t.byCode) {
      const apps = (byCode.get(c.code) ?? []).sort((a, b) => naturalCompare(a.id ?? '', b.id ?? ''));
      const links = apps.map((i) => `<a href="#${anchor(i)}">${idHtml(i)}</a>`);
      out.push(`<tr id="code-${esc(c.code)}"><td><code class="name">${esc(c.code)}</code></td><td class="sev-${c.severity}">${c.severity}</td><td>${c.impact}</td><td class="n">${c.count}</td>`
        + `<td>${rich(c.summary ?? '')}</td><td>${foldedList(links, 'app')}</td></tr>`);
    }
    out.push('</tbody></table>');
  }

  if (report.needs.length > 0) {
    out.push('<h3>Cluster needs</h3>');
    let kind: string | undefined;
    for (const need of report.needs) {
      if (need.kind !== kind) {
        if (kind !== undefined) out.push('</ul>');
        kind = need.kind;
        out.push(`<h4>${esc(needKindInfo(kind).title)}</h4>`, '<ul class="checklist">');
      }
      out.push(`<li>${needHtml(need, report)}</li>`);
    }
    out.push('</ul>');
  }
  if (report.secretStore !== undefined) {
    const store = report.secretStore;
    out.push(`<h3>DC/OS secret store <code>${esc(store.url)}</code> (store <code>${esc(store.store)}</code>)</h3>`, '<ul>');
    if (store.secrets.length === 0) out.push('<li>No app reads a secret.</li>');
    for (const secret of store.secrets) {
      const st = describeSecretStatus(secret, store.write);
      const details = st.details.length > 0 ? `<ul>${st.details.map((d) => `<li>${esc(d)}</li>`).join('')}</ul>` : '';
      out.push(`<li><code>${esc(st.subject)}</code>${st.app !== undefined ? ` (<code>${esc(st.app)}</code>)` : ''}: ${esc(st.state)}; ${esc(st.outcome)}${details}</li>`);
    }
    out.push('</ul>');
  }
  if ((report.runbooks ?? []).length > 0) {
    out.push('<h3>Data to copy</h3>', `<p>${esc(RUNBOOKS_INTRO)}</p>`, '<ul class="checklist">');
    for (const r of report.runbooks ?? []) {
      const { head, details } = runbookLines(r);
      out.push(`<li>${esc(head)}${details.length > 0 ? `<ul>${details.map((d) => `<li>${esc(d)}</li>`).join('')}</ul>` : ''}</li>`);
    }
    out.push('</ul>');
  }
  out.push('</section>');

  // ---- The apps -------------------------------------------------------------------------------
  if (items.length > 0) {
    const codes = t.byCode.map((c) => c.code).sort();
    out.push('<section id="apps">', '<h2>Marathon objects</h2>');
    out.push('<div class="filters" role="search">',
      '<input type="search" id="f-text" placeholder="filter: id, file, object, message…" aria-label="filter by text">',
      `<select id="f-status" aria-label="status"><option value="">every status</option>${SHOWN_ORDER.map((s) => `<option value="${s}">${SHOWN_LABELS[s]}</option>`).join('')}</select>`,
      '<select id="f-severity" aria-label="severity"><option value="">every severity</option><option value="error">with errors</option><option value="warning">with warnings</option><option value="info">with info</option></select>',
      `<select id="f-code" aria-label="finding code"><option value="">every finding code</option>${codes.map((c) => `<option value="${esc(c)}">${esc(c)}</option>`).join('')}</select>`,
      '<button type="button" id="expand-all">expand all</button><button type="button" id="collapse-all">collapse all</button>',
      `<span class="muted"><span id="shown">${items.length}</span> of ${items.length} shown</span>`,
      '</div>');
    for (const ns of namespaces) {
      const mine = items.filter((i) => i.ns === ns).sort((a, b) => naturalCompare(a.item.id ?? '~', b.item.id ?? '~') || naturalCompare(a.item.file, b.item.file));
      out.push(`<details class="ns" id="${nsAnchor(ns)}" data-total="${mine.length}" open>`,
        `<summary>namespace <code>${breakable(ns)}</code> <span class="muted">(<span class="ns-count">${mine.length}</span>)</span></summary>`);
      out.push('<table class="items"><thead><tr>'
        + [['id', 'Marathon id'], ['kind', 'kind'], ['status', 'status'], ['file', 'file'], ['objects', 'Kubernetes objects'], ['findings', 'findings']]
          .map(([key, label]) => `<th data-key="${key}" aria-sort="none"><button type="button" class="sort">${label}</button></th>`).join('')
        + '</tr></thead><tbody>');
      for (const { item, shown } of mine) out.push(rowHtml(item, shown, link));
      out.push('</tbody></table>', '</details>');
    }
    out.push('</section>');
  }

  if (report.otherFindings.length > 0) {
    out.push('<h2>Other findings</h2>', '<p class="muted">Findings about no single Marathon object (unreadable files, skipped files, group-level problems).</p>');
    out.push('<ul class="findings">', ...report.otherFindings.map((f) => `<li>${findingHtml(f, link, true)}</li>`), '</ul>');
  }
  out.push(`<script>${SCRIPT}</script>`, '</body>', '</html>');
  return out.join('\n') + '\n';
}

function rowHtml(item: ReportItem, shown: Shown, link: FileLinker): string {
  const objects = item.objects.map((o) => `<code>${breakable(formatObjectRef(o))}</code>`).join('<br>') || '—';
  const severities = [...new Set(item.findings.map((f) => f.severity))];
  const codes = [...new Set(item.findings.map((f) => f.code))];
  const text = [item.id ?? '', item.kind, item.file, item.pointer, ...item.objects.map(formatObjectRef), ...item.findings.map((f) => `${f.code} ${f.pointer} ${f.message}`)]
    .join(' ').toLowerCase();
  const statusRank = SHOWN_ORDER.indexOf(shown);
  const data = [
    `data-status="${shown}"`, `data-sev="${severities.join(' ')}"`, `data-codes="${esc(codes.join(' '))}"`, `data-text="${esc(text)}"`,
    `data-k-id="${esc(item.id ?? `~${item.file}${item.pointer}`)}"`, `data-k-kind="${esc(item.kind)}"`, `data-k-status="${statusRank}"`,
    `data-k-file="${esc(`${item.file} ${item.pointer}`)}"`, `data-k-objects="${esc(item.objects.map(formatObjectRef).join(' '))}"`,
    `data-k-findings="${String(item.findings.length).padStart(6, '0')}"`,
  ].join(' ');
  const findings = item.findings.length === 0 ? '<span class="muted">—</span>'
    : `<details${shown === 'failed' || shown === 'needs-manual-work' ? ' open' : ''}><summary>${countsHtml(item.findings)}</summary>`
      + `<ul class="findings">${item.findings.map((f) => `<li>${findingHtml(f, link)}</li>`).join('')}</ul></details>`;
  const status = shown === 'skipped' ? `${badge('skipped')} <span class="muted">(${STATUS_LABELS[item.status]})</span>` : badge(shown);
  return `<tr class="app" id="${anchor(item)}" ${data}><td class="id">${idHtml(item)}</td><td>${esc(item.kind)}</td><td>${status}</td>`
    + `<td>${link(item.file, `<code>${breakable(item.file)}</code>`)}${item.pointer !== '' ? ` <code>${breakable(item.pointer)}</code>` : ''}</td>`
    + `<td>${objects}</td><td>${findings}</td></tr>`;
}

/** `2 errors, 1 warning, 3 info` with the severities coloured. */
function countsHtml(findings: readonly ReportFinding[]): string {
  const n = (s: string) => findings.filter((f) => f.severity === s).length;
  const parts: string[] = [];
  if (n('error')) parts.push(`<span class="sev-error">${n('error')} error${n('error') === 1 ? '' : 's'}</span>`);
  if (n('warning')) parts.push(`<span class="sev-warning">${n('warning')} warning${n('warning') === 1 ? '' : 's'}</span>`);
  if (n('info')) parts.push(`<span class="sev-info">${n('info')} info</span>`);
  return parts.join(', ');
}

function findingHtml(f: ReportFinding, link: FileLinker, withSubject = false): string {
  const position = f.line !== undefined ? `:${f.line}:${f.column ?? 1}` : '';
  const subject = withSubject ? (f.app !== undefined ? `<code>${breakable(f.app)}</code>` : f.file !== undefined ? link(f.file, `<code>${breakable(f.file + position)}</code>`) : '') : '';
  const pointer = f.pointer !== '' ? `<code>${breakable(f.pointer)}</code>` : '';
  const place = (!withSubject || f.app !== undefined) && f.file !== undefined && f.line !== undefined
    ? `<span class="muted">(${link(f.file, esc(`${f.file}${position}`), `line ${f.line}, column ${f.column ?? 1}`)})</span>` : '';
  const where = [subject, pointer, place].filter((s) => s !== '').join(' ');
  const todo = f.impact === 'action' ? '☐ ' : '';
  return `${todo}<span class="sev-${f.severity}">${f.severity}</span> <code>${esc(f.code)}</code>${where !== '' ? ' ' + where : ''}: ${rich(f.message)}`
    + (f.hint !== undefined ? `<br><span class="hint">${rich(f.hint)}</span>` : '');
}

function needHtml(n: ReportNeed, report: MigrationReport): string {
  const name = `<code>${breakable(n.namespace !== undefined ? `${n.namespace}/${n.name}` : n.name)}</code>`;
  const details = n.details.length > 0 ? `: ${n.details.map((d) => `<code>${breakable(d)}</code>`).join(', ')}` : '';
  const byId = new Map(report.items.filter((i) => i.id !== undefined).map((i) => [i.id!, i]));
  const apps = [...n.apps].sort(naturalCompare).map((id) => {
    const item = byId.get(id);
    return item ? `<a href="#${anchor(item)}"><code>${breakable(id)}</code></a>` : `<code>${breakable(id)}</code>`;
  });
  return `${esc(needKindInfo(n.kind).action)} ${name}${details} <span class="muted">for</span> ${foldedList(apps, 'app')}`;
}

/** A list, folded behind its count when long (node labels needed by hundreds of apps). */
function foldedList(html: readonly string[], noun: string): string {
  if (html.length <= LONG_LIST) return html.join(', ');
  return `<details class="list"><summary>${html.length} ${noun}s</summary>${html.join(', ')}</details>`;
}

function badge(status: Shown): string {
  return `<span class="status s-${status}">${SHOWN_LABELS[status]}</span>`;
}

function shownOf(item: ReportItem): Shown {
  return item.conversion === 'skipped' ? 'skipped' : item.status;
}

/** An id is a name: shown whole, never broken across lines. */
function idHtml(item: ReportItem): string {
  return item.id !== undefined ? `<code class="name">${esc(item.id)}</code>` : `<em>(no id)</em> <code>${breakable(item.file + item.pointer)}</code>`;
}

/**
 * The namespace an object went to (its first Kubernetes object's), else the one its id names
 * (the top-level group, as the converter names namespaces; a Metronome id's first segment).
 */
function namespaceOf(item: ReportItem): string {
  const ns = item.objects.find((o) => o.namespace !== undefined)?.namespace;
  if (ns !== undefined) return ns;
  const id = item.id;
  if (id === undefined) return NO_ID;
  const first = id.startsWith('/') ? id.split('/').filter((s) => s !== '')[0] : id.split('.')[0];
  return first !== undefined && id.split('/').filter((s) => s !== '').length > 1 ? first : 'default';
}

/** Natural order: numbers inside strings compare as numbers (`app2` before `app10`). */
const COLLATOR = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });
export function naturalCompare(a: string, b: string): number {
  return COLLATOR.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);
}

type FileLinker = (file: string, inner: string, title?: string) => string;

/**
 * Files as file:// links (opened by the browser from the same machine), only for local paths:
 * stdin and URLs (a live Marathon) are shown as text — the report loads nothing from a network.
 */
function fileLinker(baseDir: string | undefined): FileLinker {
  return (file, inner, title) => {
    if (baseDir === undefined || file === '-' || /^[a-z][a-z0-9+.-]*:/i.test(file)) return inner;
    const href = pathToFileURL(isAbsolute(file) ? file : resolve(baseDir, file)).href;
    return `<a href="${esc(href)}"${title !== undefined ? ` title="${esc(title)}"` : ''}>${inner}</a>`;
  };
}

/** Text with `backtick` spans shown as code, everything escaped. */
function rich(s: string): string {
  return esc(s).replace(/`([^`]+)`/g, (_, inner: string) => `<code>${inner}</code>`);
}

/**
 * Escaped, with a break opportunity after each `/` only, so a long path or pointer wraps between
 * its segments and never inside a name.
 */
function breakable(s: string): string {
  return esc(s).replace(/\/(?=[^/])/g, '/<wbr>');
}

function nsAnchor(ns: string): string {
  return `ns-${ns.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '')}-${fnv1a(ns)}`;
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
