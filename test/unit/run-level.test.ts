/**
 * Run-level steps that see every app of a run at once: merging cluster needs and checking
 * dependencies. Both were quadratic on large runs; these tests pin their results, including the
 * orders and the edge cases the faster versions must keep.
 */
import { Ledger } from '../../src/findings.js';
import type { MarathonApp } from '../../src/marathon/model.js';
import { DEFAULT_OPTIONS } from '../../src/options.js';
import { AppContext } from '../../src/translate/context.js';
import { checkDependencies } from '../../src/translate/dependencies.js';
import { mergeNeeds, type ClusterNeed } from '../../src/translate/needs.js';

describe('mergeNeeds', () => {
  test('a need met once keeps its lists as given; merged ones get sorted unions', () => {
    const needs: ClusterNeed[] = [
      { kind: 'secret', name: 'db', namespace: 'shop', apps: ['/shop/z'], details: ['password', 'user'] },
      { kind: 'node-label', name: 'rack', apps: ['/b', '/a'], details: ['r2', 'r1'] },
      { kind: 'secret', name: 'db', namespace: 'shop', apps: ['/shop/a'], details: ['user', 'cert'] },
      { kind: 'secret', name: 'db', namespace: 'shop', apps: ['/shop/z'] },
      { kind: 'storage-class', name: 'fast', apps: ['/x'], details: ['b', 'a'] },
      { kind: 'storage-class', name: 'fast', apps: ['/w'] },
    ];
    expect(mergeNeeds(needs)).toEqual([
      { kind: 'node-label', name: 'rack', apps: ['/b', '/a'], details: ['r2', 'r1'] },
      { kind: 'secret', name: 'db', namespace: 'shop', apps: ['/shop/a', '/shop/z'], details: ['cert', 'password', 'user'] },
      // Details only in the first: kept as given (nothing was merged into them).
      { kind: 'storage-class', name: 'fast', apps: ['/w', '/x'], details: ['b', 'a'] },
    ]);
  });

  test('a need shared by 20,000 apps merges into one sorted list', () => {
    const needs: ClusterNeed[] = Array.from({ length: 20_000 }, (_, i) => ({ kind: 'node-label', name: 'public', apps: [`/app-${19_999 - i}`], details: ['true'] }));
    const [merged] = mergeNeeds(needs);
    expect(merged!.apps).toHaveLength(20_000);
    expect(merged!.apps[0]).toBe('/app-0');
    expect(merged!.details).toEqual(['true']);
  });

  test('the input is not changed', () => {
    const needs: ClusterNeed[] = [{ kind: 'secret', name: 's', apps: ['/b'] }, { kind: 'secret', name: 's', apps: ['/a'] }];
    mergeNeeds(needs);
    expect(needs).toEqual([{ kind: 'secret', name: 's', apps: ['/b'] }, { kind: 'secret', name: 's', apps: ['/a'] }]);
  });
});

describe('checkDependencies', () => {
  const ctx = (id: string, dependencies: string[] = []): AppContext =>
    new AppContext({ id, dependencies } as unknown as MarathonApp, { namespace: 'default', name: id.replace(/\W/g, '') || 'root' }, DEFAULT_OPTIONS, new Ledger({}), '');
  const codes = (c: AppContext) => c.findings.map((f) => `${f.code} ${f.pointer}`);

  test('an app or group dependency names apps by id prefix at a path boundary', () => {
    const apps = [ctx('/shop/web', ['/shop/db', '/shop/cache', '/shop/db-old']), ctx('/shop/db/primary'), ctx('/shop/db/replica'), ctx('/shop/cachex')];
    checkDependencies(apps);
    // /shop/db is a group of two apps; /shop/cache is not a prefix of /shop/cachex; /shop/db-old does not exist.
    expect(codes(apps[0]!)).toEqual(['dependency-missing /dependencies/1', 'dependency-missing /dependencies/2']);
  });

  test('a dependency on the root group or on an own group member is not missing', () => {
    // /a/x depends on its own group (only itself in it); /b/y on everything else.
    const apps = [ctx('/a/x', ['/a']), ctx('/b/y', ['/'])];
    checkDependencies(apps);
    expect(apps.flatMap(codes)).toEqual([]);
  });

  test('cycles are reported on every app in them', () => {
    const apps = [ctx('/a', ['/b']), ctx('/b', ['/c']), ctx('/c', ['/a']), ctx('/d', ['/a'])];
    checkDependencies(apps);
    expect(apps.map((a) => codes(a).filter((c) => c.startsWith('dependency-cycle')).length)).toEqual([1, 1, 1, 0]);
  });

  test('10,000 apps each depending on a group are checked quickly enough to run in a test', () => {
    // Team k depends on team k + 1 (the last on nothing): a chain, no cycle.
    const apps = Array.from({ length: 10_000 }, (_, i) => ctx(`/team-${i % 50}/app-${i}`, i % 50 < 49 ? [`/team-${(i % 50) + 1}`] : []));
    checkDependencies(apps);
    expect(apps.every((a) => a.findings.length === 0)).toBe(true);
  });

  test('a cycle between two groups of 300 apps each: one finding per app, in bounded time and memory', () => {
    const apps = [
      ...Array.from({ length: 300 }, (_, i) => ctx(`/a/app-${i}`, ['/b'])),
      ...Array.from({ length: 300 }, (_, i) => ctx(`/b/app-${i}`, ['/a'])),
    ];
    checkDependencies(apps);
    expect(apps.every((a) => codes(a).filter((c) => c.startsWith('dependency-cycle')).length === 1)).toBe(true);
    expect(apps[0]!.findings[0]!.message).toBe('dependency cycle: /a/app-0 → /b/app-0 → /a/app-0');
  });

  test('a dependency chain of 50,000 apps does not overflow the stack', () => {
    const apps = Array.from({ length: 50_000 }, (_, i) => ctx(`/c/app-${i}`, i > 0 ? [`/c/app-${i - 1}`] : [`/c/app-49999`]));
    checkDependencies(apps);
    expect(apps.every((a) => codes(a).length === 1)).toBe(true);
    // The path shown is cut: its first and last steps, and how many apps are between.
    expect(apps[0]!.findings[0]!.message).toBe(
      'dependency cycle: /c/app-0 → /c/app-49999 → /c/app-49998 → /c/app-49997 → /c/app-49996 → /c/app-49995 → … 49992 more … → /c/app-2 → /c/app-1 → /c/app-0');
  });
});
