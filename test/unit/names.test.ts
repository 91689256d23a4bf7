import { NameRegistry, toDns1035 } from '../../src/translate/names.js';
import { resolveId } from '../../src/marathon/ids.js';

describe('names from Marathon ids', () => {
  test('the top-level group is the namespace, the rest the name', () => {
    const r = new NameRegistry();
    expect(r.nameFor('/team/sub/app')).toEqual({ namespace: 'team', name: 'sub-app', group: 'team' });
    expect(r.nameFor('/web')).toEqual({ namespace: 'default', name: 'web' });
  });

  test('one namespace for all keeps the whole path in the name', () => {
    const r = new NameRegistry('apps');
    expect(r.nameFor('/team/sub/app')).toMatchObject({ namespace: 'apps', name: 'team-sub-app' });
  });

  test('long ids are cut to 63 characters with a stable hash', () => {
    const id = '/team/' + 'very-long-segment-'.repeat(6) + 'end';
    const a = new NameRegistry().nameFor(id);
    const b = new NameRegistry().nameFor(id);
    expect(a.name.length).toBeLessThanOrEqual(63);
    expect(a.name).toBe(b.name);
    expect(a.name).toMatch(/-[0-9a-f]{8}$/);
    expect(a.changed).toMatch(/shortened/);
  });

  test('collisions get distinct names and say so', () => {
    const r = new NameRegistry();
    const first = r.nameFor('/team/a-b');
    const second = r.nameFor('/team/a/b');
    expect(first.name).toBe('a-b');
    expect(second.name).not.toBe('a-b');
    expect(second.changed).toMatch(/already maps/);
  });

  test('the same long id given many times gets distinct names (a third one used to loop forever)', () => {
    const r = new NameRegistry();
    const id = '/team/' + 'a-rather-long-application-name-'.repeat(3) + 'x';
    const names = Array.from({ length: 5 }, () => r.nameFor(id).name);
    expect(new Set(names).size).toBe(5);
    for (const n of names) expect(n.length).toBeLessThanOrEqual(63);
    // Deterministic: the same run gives the same names.
    const again = new NameRegistry();
    expect(Array.from({ length: 5 }, () => again.nameFor(id).name)).toEqual(names);
  });

  test('invalid characters and leading digits are made DNS-1035', () => {
    expect(toDns1035('Sleep_App', 'x').name).toBe('sleep-app');
    expect(toDns1035('2048', 'x').name).toBe('app-2048');
  });

  test('relative ids resolve like Marathon PathIds', () => {
    expect(resolveId('app')).toBe('/app');
    expect(resolveId('../db', '/team/web')).toBe('/team/db');
    expect(resolveId('/../../etc/x')).toBe('/etc/x');
  });
});
