import { parseJson } from '../../src/marathon/parse.js';

describe('parseJson', () => {
  test('valid JSON parses', () => {
    expect(parseJson('{"id": "/a"}')).toEqual({ ok: true, value: { id: '/a' } });
  });

  test('an unrendered template names line, column and says what to do', () => {
    const r = parseJson('{\n  "id": "/a",\n  "instances": {{count}}\n}');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.line).toBe(3);
    expect(r.error.column).toBe(17);
    expect(r.error.excerpt).toContain('{{count}}');
    expect(r.error.hint).toMatch(/template/);
  });

  test('a trailing comma is located and explained', () => {
    const r = parseJson('{\n  "id": "/a",\n}');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.line).toBe(3);
    expect(r.error.hint).toMatch(/trailing comma/);
  });

  test('an empty file says so', () => {
    const r = parseJson('  \n');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toMatch(/empty/);
  });
});
