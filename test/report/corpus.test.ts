/** The report over the whole app corpus in one run: it builds, every format renders, totals match the units. */
import { readFileSync } from 'node:fs';
import { DEFAULT_OPTIONS } from '../../src/options.js';
import { convertSources, type ConversionResult } from '../../src/pipeline.js';
import { renderHtml } from '../../src/report/html.js';
import { renderJson, type JsonReport } from '../../src/report/json.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { buildReport, REPORT_STATUSES, type MigrationReport } from '../../src/report/model.js';
import { renderText } from '../../src/report/text.js';
import { corpusFiles, describeCorpus } from '../support/corpus.js';

describeCorpus('report: the app corpus in one run', () => {
  let result: ConversionResult;
  let report: MigrationReport;
  beforeAll(() => {
    const sources = corpusFiles('apps').map((file) => ({ file, text: readFileSync(file, 'utf8') }));
    result = convertSources(sources, DEFAULT_OPTIONS);
    report = buildReport(result);
  });

  test('totals match the units', () => {
    const t = report.totals;
    expect(t.objects).toBe(result.units.length);
    expect(REPORT_STATUSES.reduce((n, s) => n + t.byStatus[s], 0)).toBe(result.units.length);
    expect(Object.values(t.byKind).reduce((n, k) => n + k.total, 0)).toBe(result.units.length);
    expect(t.byStatus.failed).toBe(result.units.filter((u) => u.status === 'failed').length);
    expect(t.byStatus.migrated + t.byStatus['migrated-with-approximations']).toBeLessThanOrEqual(result.converted);
    expect(t.kubernetesObjects.total).toBe(result.objects.length);
    expect(t.findings.total).toBe(result.findings.length);
    expect(report.items.reduce((n, i) => n + i.findings.length, 0) + report.otherFindings.length).toBe(result.findings.length);
    expect(report.items.reduce((n, i) => n + i.objects.length, 0)).toBe(result.units.reduce((n, u) => n + u.objects.length, 0));
  });

  test('every format renders; the JSON agrees with the model', () => {
    expect(renderText(report)).toContain(`Migration report: ${report.totals.objects} Marathon objects`);
    expect(renderMarkdown(report)).toContain('| **total** |');
    expect(renderHtml(report)).toMatch(/<\/html>\n$/);
    const json = JSON.parse(renderJson(report)) as JsonReport;
    expect(json.objects).toHaveLength(result.units.length);
    expect(json.summary.byStatus).toEqual(report.totals.byStatus);
  });

  test('the report does not depend on the order of units and findings', () => {
    // (The conversion itself may: of two apps with the same id, the first met keeps the plain name.)
    const shuffled = buildReport({ ...result, units: [...result.units].reverse(), findings: [...result.findings].reverse() });
    expect(shuffled).toEqual(report);
  });
});
