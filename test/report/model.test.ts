/**
 * The report model from hand-made ConversionResults: classification by finding code with the
 * severity floor and the default for unknown codes, which object a finding belongs to, totals,
 * and ordering that does not depend on input order.
 */
import type { Finding } from '../../src/findings.js';
import type { ConversionResult, ConvertedUnit } from '../../src/pipeline.js';
import { buildReport, comparePointers, FINDING_IMPACT, impactOf, parseObjectRef, REPORT_STATUSES } from '../../src/report/model.js';

function unit(id: string | undefined, pointer: string, status: string, objects: string[] = [], file = 'apps.json', kind = 'app'): ConvertedUnit {
  return { kind, ...(id !== undefined ? { id } : {}), file, pointer, status, objects } as ConvertedUnit;
}

function f(code: string, severity: Finding['severity'], pointer: string, extra: Partial<Finding> = {}): Finding {
  return { code, severity, pointer, message: `${code} message`, file: 'apps.json', ...extra } as Finding;
}

function result(units: ConvertedUnit[], findings: Finding[], extra: Partial<ConversionResult> = {}): ConversionResult {
  return { units, findings, objects: [], needs: [], failed: units.filter((u) => u.status === 'failed').length, converted: 0, ...extra };
}

describe('impactOf', () => {
  test('the table decides for known codes', () => {
    expect(impactOf({ code: 'default-image', severity: 'warning' })).toBe('action');
    expect(impactOf({ code: 'health-check-extra', severity: 'warning' })).toBe('approximation');
    expect(impactOf({ code: 'upgrade-strategy-approximated', severity: 'info' })).toBe('approximation');
    expect(impactOf({ code: 'name-changed', severity: 'info' })).toBe('note');
  });

  test('the severity sets a floor: an error always needs a person, a warning is never a note', () => {
    expect(impactOf({ code: 'name-changed', severity: 'error' } as Finding)).toBe('action');
    expect(impactOf({ code: 'sandbox-volume', severity: 'warning' } as Finding)).toBe('approximation');
    expect(impactOf({ code: 'residency-ignored', severity: 'warning' } as Finding)).toBe('approximation');
  });

  test('a code added later is classified by severity, on the safe side', () => {
    const code = 'some-future-code' as Finding['code'];
    expect(FINDING_IMPACT[code]).toBeUndefined();
    expect(impactOf({ code, severity: 'error' })).toBe('action');
    expect(impactOf({ code, severity: 'warning' })).toBe('action');
    expect(impactOf({ code, severity: 'info' })).toBe('note');
  });
});

describe('buildReport', () => {
  const units = [
    unit('/a/ok', '/apps/0', 'converted', ['Deployment a/ok', 'Service a/ok']),
    unit('/a/approx', '/apps/1', 'converted', ['Deployment a/approx']),
    unit('/a/manual', '/apps/2', 'converted', ['Deployment a/manual']),
    unit('/a/broken', '/apps/3', 'failed'),
    unit('/a/pkg', '/apps/4', 'skipped'),
    unit('/b/pod', '', 'failed', [], 'pod.json', 'pod'),
  ];
  const findings = [
    f('name-changed', 'info', '/apps/0/id', { app: '/a/ok' }),
    f('health-check-approximated', 'info', '/apps/1/healthChecks/0', { app: '/a/approx' }),
    f('host-port-dropped', 'warning', '/apps/1/portDefinitions/0', { app: '/a/approx' }),
    f('unmapped-field', 'warning', '/apps/2/fooBar', { app: '/a/manual', hint: 'check it' }),
    f('label-as-annotation', 'info', '/apps/2/labels/x', { app: '/a/manual' }),
    f('schema-violation', 'error', '/apps/3/id'),
    f('dcos-package', 'warning', '/apps/4', { app: '/a/pkg' }),
    f('unsupported-kind', 'error', '', { file: 'pod.json', app: '/b/pod' }),
    // About the group, not one of its apps; and a file that could not be read.
    f('dependency-missing', 'warning', '/dependencies/0', { app: '/a' }),
    f('json-syntax', 'error', '', { file: 'bad.json', line: 3, column: 7 }),
  ];
  const report = buildReport(result(units, findings, { failed: 3 }));
  const byId = (id: string) => report.items.find((i) => i.id === id)!;

  test('each object gets its status', () => {
    expect(byId('/a/ok').status).toBe('migrated');
    expect(byId('/a/approx').status).toBe('migrated-with-approximations');
    expect(byId('/a/manual').status).toBe('needs-manual-work');
    expect(byId('/a/broken').status).toBe('failed');
    expect(byId('/a/pkg').status).toBe('needs-manual-work');
    expect(byId('/a/pkg').conversion).toBe('skipped');
    expect(byId('/b/pod').status).toBe('failed');
  });

  test('findings go to the object whose pointer contains them, in the same file', () => {
    expect(byId('/a/manual').findings.map((x) => x.code)).toEqual(['unmapped-field', 'label-as-annotation']);
    expect(byId('/a/manual').findings[0]).toMatchObject({ pointer: '/apps/2/fooBar', hint: 'check it', impact: 'action' });
    expect(byId('/a/broken').findings.map((x) => x.code)).toEqual(['schema-violation']);
    expect(byId('/b/pod').findings.map((x) => x.code)).toEqual(['unsupported-kind']);
    expect(report.otherFindings.map((x) => x.code)).toEqual(['dependency-missing', 'json-syntax']);
    expect(report.findings).toHaveLength(findings.length);
  });

  test('the deepest object wins, and findings without a file fall back to the Marathon id', () => {
    const r = buildReport(result(
      [unit('/g', '', 'converted'), unit('/g/x', '/apps/0', 'converted')],
      [f('unmapped-field', 'warning', '/apps/0/foo'), { ...f('user-not-mapped', 'warning', '/user', { app: '/g/x' }), file: undefined } as Finding],
    ));
    expect(r.items.find((i) => i.id === '/g/x')!.findings.map((x) => x.code).sort()).toEqual(['unmapped-field', 'user-not-mapped']);
    expect(r.items.find((i) => i.id === '/g')!.findings).toEqual([]);
  });

  test('totals add up by status, by kind and by code', () => {
    const t = report.totals;
    expect(t.objects).toBe(units.length);
    expect(REPORT_STATUSES.reduce((n, s) => n + t.byStatus[s], 0)).toBe(units.length);
    expect(t.byStatus).toEqual({ migrated: 1, 'migrated-with-approximations': 1, 'needs-manual-work': 2, failed: 2 });
    expect(Object.keys(t.byKind)).toEqual(['app', 'pod']);
    expect(t.byKind.pod).toEqual({ total: 1, migrated: 0, 'migrated-with-approximations': 0, 'needs-manual-work': 0, failed: 1 });
    expect(t.findings.bySeverity).toEqual({ error: 3, warning: 4, info: 3 });
    expect(t.byCode.reduce((n, c) => n + c.count, 0)).toBe(findings.length);
    expect(t.byCode.find((c) => c.code === 'unmapped-field')).toMatchObject({ severity: 'warning', impact: 'action', count: 1, summary: expect.any(String) });
    expect(t.failedInputs).toBe(3);
  });

  test('the objects an app became are parsed', () => {
    expect(byId('/a/ok').objects).toEqual([{ kind: 'Deployment', namespace: 'a', name: 'ok' }, { kind: 'Service', namespace: 'a', name: 'ok' }]);
    expect(parseObjectRef('Namespace /team')).toEqual({ kind: 'Namespace', name: 'team' });
  });

  test('the order does not depend on the input order', () => {
    const reversed = buildReport(result([...units].reverse(), [...findings].reverse(), { failed: 3 }));
    expect(reversed).toEqual(report);
    expect(report.items.map((i) => i.id)).toEqual(['/a/approx', '/a/broken', '/a/manual', '/a/ok', '/a/pkg', '/b/pod']);
  });

  test('needs are grouped by kind in a fixed order, then by namespace and name', () => {
    const r = buildReport(result([], [], {
      needs: [
        { kind: 'host-path', name: '/var/lib', apps: ['/b', '/a'] },
        { kind: 'node-label', name: 'marathon.mesos/rack', details: ['r2', 'r1'], apps: ['/a'] },
        { kind: 'secret', name: 'z', namespace: 'shop', details: ['k'], apps: ['/a'] },
        { kind: 'secret', name: 'a', namespace: 'shop', apps: ['/a'] },
      ],
    }));
    expect(r.needs.map((n) => `${n.kind} ${n.name}`)).toEqual(['secret a', 'secret z', 'node-label marathon.mesos/rack', 'host-path /var/lib']);
    expect(r.needs[2]!.details).toEqual(['r1', 'r2']);
    expect(r.needs[3]!.apps).toEqual(['/a', '/b']);
    expect(r.needs[0]!.details).toEqual([]);
  });
});

test('pointers compare token by token, numbers as numbers', () => {
  const sorted = ['/apps/10', '/apps/2/x', '', '/apps/2', '/a~1b'].sort(comparePointers);
  expect(sorted).toEqual(['', '/apps/2', '/apps/2/x', '/apps/10', '/a~1b']);
});
