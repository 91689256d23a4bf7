/**
 * The report of a realistic conversion (hand-written Marathon apps through convertSources) in
 * every format: statuses, objects, pointers and hints, cluster needs; text without colour, the
 * JSON schema, Markdown checklists, HTML escaping.
 */
import { DEFAULT_OPTIONS } from '../../src/options.js';
import { convertSources } from '../../src/pipeline.js';
import { renderHtml } from '../../src/report/html.js';
import { REPORT_SCHEMA_VERSION, renderJson, type JsonReport } from '../../src/report/json.js';
import { code, renderMarkdown, text } from '../../src/report/markdown.js';
import { buildReport, type MigrationReport } from '../../src/report/model.js';
import { renderText } from '../../src/report/text.js';

const XSS_ID = '/shop/<script>alert(1)</script>';

const APPS = {
  apps: [
    // Nothing to say: migrated.
    { id: '/shop/web', instances: 2, container: { type: 'DOCKER', docker: { image: 'nginx:1.25' } } },
    // GPUs become an extended resource: an approximation.
    { id: '/shop/gpu', gpus: 1, container: { type: 'MESOS', docker: { image: 'nvidia/cuda:12.4.0-base-ubuntu22.04' } } },
    // No image, a DC/OS secret, a host volume, a constraint and a field nothing knows: manual work.
    {
      id: '/shop/worker', cmd: 'python worker.py', fooBar: 1,
      env: { DB_PASSWORD: { secret: 'db' } }, secrets: { db: { source: 'shop/db/password' } },
      container: { type: 'MESOS', volumes: [{ containerPath: '/data', hostPath: '/var/data', mode: 'RW' }] },
      constraints: [['rack', 'CLUSTER', 'r1']],
    },
    // No id: fails.
    { cmd: 'sleep 1' },
    // An id with markup (Marathon rejects it; the report must still show it safely).
    { id: XSS_ID, container: { type: 'DOCKER', docker: { image: 'x:1' } } },
  ],
};

let report: MigrationReport;
beforeAll(() => {
  const result = convertSources(
    [{ file: 'apps.json', text: JSON.stringify(APPS) }, { file: 'broken.json', text: '{"id": ' }],
    DEFAULT_OPTIONS,
  );
  report = buildReport(result);
});

const item = (id: string | undefined) => report.items.find((i) => i.id === id)!;

describe('the report of a realistic conversion', () => {
  test('every status is met', () => {
    expect(item('/shop/web').status).toBe('migrated');
    expect(item('/shop/gpu').status).toBe('migrated-with-approximations');
    expect(item('/shop/worker').status).toBe('needs-manual-work');
    expect(item(undefined).status).toBe('failed');
    expect(item(XSS_ID).status).toBe('needs-manual-work');
    expect(report.totals.byStatus).toEqual({ migrated: 1, 'migrated-with-approximations': 1, 'needs-manual-work': 2, failed: 1 });
  });

  test('objects, pointers and hints', () => {
    expect(item('/shop/web').objects).toContainEqual({ kind: 'Deployment', namespace: 'shop', name: 'web' });
    expect(item(undefined).objects).toEqual([]);
    const worker = item('/shop/worker');
    expect(worker.findings).toContainEqual(expect.objectContaining({ code: 'unmapped-field', pointer: '/apps/2/fooBar', hint: expect.any(String), impact: 'action' }));
    expect(worker.findings).toContainEqual(expect.objectContaining({ code: 'default-image', impact: 'action' }));
    expect(report.otherFindings).toEqual([expect.objectContaining({ code: 'json-syntax', file: 'broken.json', line: 1 })]);
  });

  test('cluster needs: the Secret and its key, the node label, the host path', () => {
    const needs = report.needs.map((n) => `${n.kind} ${n.namespace ?? ''}/${n.name}`);
    expect(needs).toEqual(expect.arrayContaining(['secret shop/worker-secrets', 'node-label /marathon.mesos/rack', 'host-path //var/data']));
    expect(report.needs.find((n) => n.kind === 'secret')!.details.join()).toContain('db');
  });
});

describe('text', () => {
  test('one line per object with its status, then what needs work; no colour unless asked', () => {
    const out = renderText(report);
    expect(out).not.toMatch(/\u001b\[/);
    const lines = out.split('\n');
    for (const it of report.items) {
      expect(lines.filter((l) => l.startsWith(it.status === 'migrated-with-approximations' ? 'migrated with approximations' : it.status.replace(/-/g, ' ')))
        .some((l) => l.includes(it.id ?? '(no id)'))).toBe(true);
    }
    expect(out).toMatch(/^migrated with approximations\s+\/shop\/gpu\s+app\s+resource-limit-approximated$/m);
    expect(out).toContain('Needs manual work');
    expect(out).toMatch(/warning\[unmapped-field\] \/apps\/2\/fooBar: /);
    expect(out).toContain('Secrets to create');
    expect(out).toContain('error[json-syntax] broken.json:1:');
  });

  test('colour on request', () => {
    expect(renderText(report, { colour: true })).toMatch(/\u001b\[/);
  });

  test('control characters in Marathon strings cannot drive the terminal', () => {
    const evil = buildReport({
      units: [{ kind: 'app', id: '/x\u001b[2J', file: 'a.json', pointer: '', status: 'failed', objects: [] }],
      objects: [], findings: [], needs: [], failed: 1, converted: 0,
    });
    const out = renderText(evil);
    expect(out).not.toContain('\u001b');
    expect(out).toContain('/x\\u001b[2J');
  });
});

describe('json', () => {
  let json: JsonReport;
  beforeAll(() => {
    json = JSON.parse(renderJson(report)) as JsonReport;
  });

  test('schema version, summary and every documented field', () => {
    expect(json.schemaVersion).toBe(REPORT_SCHEMA_VERSION);
    expect(json.schemaVersion).toBe(1);
    expect(json.generator).toBe('marathon2k8s');
    expect(Object.keys(json)).toEqual(['schemaVersion', 'generator', 'summary', 'objects', 'needs', 'otherFindings', 'findings', 'secretStore', 'dataRunbooks']);
    expect(Object.keys(json.summary)).toEqual(['marathonObjects', 'byStatus', 'byKind', 'kubernetesObjects', 'findings', 'failedInputs', 'kubernetesVersion']);
    expect(json.summary.byStatus).toEqual(report.totals.byStatus);
    expect(json.summary.marathonObjects).toBe(5);
    expect(json.summary.failedInputs).toBe(2);
    expect(Object.keys(json.objects[0]!)).toEqual(['kind', 'id', 'file', 'pointer', 'status', 'conversion', 'kubernetesObjects', 'findings']);
    expect(Object.keys(json.findings[0]!)).toEqual(['severity', 'code', 'impact', 'app', 'file', 'pointer', 'line', 'column', 'message', 'hint']);
    expect(Object.keys(json.needs[0]!)).toEqual(['kind', 'name', 'namespace', 'details', 'apps']);
  });

  test('absent values are null, never missing', () => {
    const failed = json.objects.find((o) => o.status === 'failed')!;
    expect(failed.id).toBeNull();
    expect(failed.kubernetesObjects).toEqual([]);
    const noHint = json.findings.find((f) => f.code === 'json-syntax')!;
    expect(noHint).toMatchObject({ app: null, hint: null, line: 1 });
    expect(json.needs.find((n) => n.kind === 'host-path')!.namespace).toBeNull();
  });

  test('every finding is listed once in findings, and under its object or otherFindings', () => {
    const perObject = json.objects.reduce((n, o) => n + o.findings.length, 0);
    expect(perObject + json.otherFindings.length).toBe(json.findings.length);
    expect(json.summary.findings.total).toBe(json.findings.length);
  });
});

describe('markdown', () => {
  let md: string;
  beforeAll(() => {
    md = renderMarkdown(report);
  });

  test('summary table, per-object sections, checklists for needs and findings to act on', () => {
    expect(md).toMatch(/^\| status \| app \| total \|$/m);
    expect(md).toMatch(/^\| needs manual work \| 2 \| 2 \|$/m);
    expect(md).toContain('## Cluster needs');
    expect(md).toMatch(/^- \[ \] create Secret `shop\/worker-secrets`: `db[^`]*` \(for `\/shop\/worker`\)$/m);
    expect(md).toMatch(/^- \[ \] label nodes with `marathon\.mesos\/rack`: `r1`/m);
    expect(md).toMatch(/^- \[ \] provide host path `\/var\/data`/m);
    expect(md).toMatch(/^### `\/shop\/worker`$/m);
    expect(md).toMatch(/^- \[ \] \*\*warning\*\* `unmapped-field` `\/apps\/2\/fooBar`: .* — _check/m);
    // Approximations are listed, but not as things to do.
    expect(md).toMatch(/^- \*\*info\*\* `resource-limit-approximated`/m);
    expect(md).toMatch(/^## Migrated \(1\)\n\n- `\/shop\/web` \(app\) → `Deployment shop\/web`/m);
  });

  test('Marathon strings cannot inject markup or HTML', () => {
    // Outside code spans (literal in Markdown), every < is escaped, except the table's own <br>.
    const outsideCode = md.replace(/(`+)[^`][\s\S]*?\1/g, '').replace(/<br>/g, '');
    expect(outsideCode).toContain('\\<script\\>');
    expect(outsideCode).not.toMatch(/(^|[^\\])</m);
    expect(text('<b>*x*</b> | $PORT0')).toBe('\\<b\\>\\*x\\*\\</b\\> \\| \\$PORT0');
    expect(code('a`b')).toBe('``a`b``');
    expect(code('a|b', true)).toBe('`a\\|b`');
    expect(code('line\nbreak')).toBe('`line break`');
  });
});

describe('html', () => {
  let html: string;
  beforeAll(() => {
    html = renderHtml(report);
  });

  test('a <script> in an id is escaped: the page has its own script only', () => {
    expect(html.match(/<script/g)).toHaveLength(1);
    expect(html).toContain('/shop/&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  test('one self-contained file: no external asset, only its own script, allowed by hash in the CSP', async () => {
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).not.toMatch(/<(link|img|iframe|object|embed)\b/i);
    expect(html).not.toMatch(/\b(src|href)="(https?:)?\/\//i);
    expect(html).not.toMatch(/<script[^>]*\bsrc=/i);
    const csp = /content="(default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-([^']+)')"/.exec(html);
    expect(csp).not.toBeNull();
    const script = /<script>([\s\S]*)<\/script>/.exec(html)![1]!;
    const { createHash } = await import('node:crypto');
    expect(createHash('sha256').update(script).digest('base64')).toBe(csp![2]);
    // Without a base directory, no file links: only anchors within the page.
    expect(html.match(/href="([^"]*)"/g)!.every((h) => /^href="#[a-z0-9-]+"$/.test(h))).toBe(true);
  });

  test('every Marathon-provided string is escaped, including quotes in attributes', () => {
    const evil = buildReport({
      units: [{ kind: 'app', id: '/a"><img src=x onerror=alert(1)>', file: "f'<b>.json", pointer: '/apps/0', status: 'converted', objects: ['Deployment a/<i>'] }],
      objects: [],
      findings: [{ severity: 'warning', code: 'unmapped-field', app: '/a', file: "f'<b>.json", pointer: '/apps/0/<x>', message: '<img src=x>', hint: '"&"' }],
      needs: [{ kind: 'node-label', name: '<k>', details: ['<v>'], apps: ['/a"><b>'] }],
      failed: 0, converted: 1,
    });
    const out = renderHtml(evil);
    expect(out).not.toMatch(/<(img|b|i|x|k|v)\b/);
    expect(out.match(/<script/g)).toHaveLength(1);
    expect(out).toContain('&lt;img src=x&gt;');
    expect(out).toContain('&quot;&amp;&quot;');
    expect(out).toContain('f&#39;&lt;b&gt;.json');
  });

  test('statuses, needs and findings are all there', () => {
    for (const label of ['migrated', 'migrated with approximations', 'needs manual work', 'failed']) expect(html).toContain(`>${label}</span>`);
    expect(html).toContain('Secrets to create');
    expect(html.replace(/<wbr>/g, '')).toContain('/apps/2/fooBar');
  });
});
