import { Ledger, formatFinding, finding } from '../../src/findings.js';

describe('Ledger', () => {
  test('reports every leaf nobody used, with its pointer', () => {
    const ledger = new Ledger({ id: '/a', cpus: 1, labels: { a: 'b', 'x/y': 'c' }, list: [1, 2], empty: [], nothing: null });
    ledger.use('/id', '/labels/a', '/list/1');
    expect(ledger.unconsumed()).toEqual(['/cpus', '/labels/x~1y', '/list/0']);
  });

  test('using a subtree consumes all its leaves', () => {
    const ledger = new Ledger({ container: { docker: { image: 'x', parameters: [{ key: 'a', value: 'b' }] } } });
    ledger.use('/container/docker');
    expect(ledger.unconsumed()).toEqual([]);
  });

  test('aliases let canonical reads mark the legacy field the user wrote', () => {
    const ledger = new Ledger({ container: { docker: { portMappings: [{ containerPort: 80, weird: 1 }] } } });
    ledger.alias('/container/portMappings', '/container/docker/portMappings');
    ledger.use('/container/portMappings/0/containerPort');
    expect(ledger.unconsumed()).toEqual(['/container/docker/portMappings/0/weird']);
    expect(ledger.toRaw('/container/portMappings/0')).toBe('/container/docker/portMappings/0');
  });

  test('ignored top-level keys (API response noise) are never reported', () => {
    const ledger = new Ledger({ id: '/a', version: '2020', tasks: [{ id: 't' }] }, new Set(['version', 'tasks']));
    ledger.use('/id');
    expect(ledger.unconsumed()).toEqual([]);
  });
});

describe('formatFinding', () => {
  test('the documented one-line form', () => {
    const f = finding('probe-port-unresolved', '/healthChecks/1', 'port missing', { app: '/team/app', hint: 'fix it' });
    expect(formatFinding(f)).toBe('warning[probe-port-unresolved] /team/app /healthChecks/1: port missing (fix it)');
  });
  test('file-level errors carry line and column', () => {
    const f = { ...finding('json-syntax', '', 'value expected', { file: 'x.json' }), line: 3, column: 7 };
    expect(formatFinding(f)).toBe('error[json-syntax] x.json:3:7: value expected');
  });
});
