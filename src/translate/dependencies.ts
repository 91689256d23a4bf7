/**
 * Marathon `dependencies` across a run: each must name an app or group of the same run, and
 * they must not form a cycle. (The dependency annotation and the apply order are made from the
 * same ids elsewhere; here only what is wrong with them is reported.)
 */
import { addToList } from '../collections.js';
import type { AppContext } from './context.js';
import { dependencyCycles } from './cycles.js';

/** Reports missing targets and cycles on the apps that declare them. */
export function checkDependencies(apps: readonly AppContext[]): void {
  const byPrefix = idsByPrefix(apps.map((c) => c.app.id));
  const members = (target: string) => byPrefix.get(target) ?? [];
  const edges = new Map<string, string[]>();
  for (const ctx of apps) {
    const targets: string[] = [];
    const declared = (ctx.app.dependencies ?? []).map((id, i) => ({ id, where: { app: `/dependencies/${i}` } }));
    const inherited = (ctx.app.inheritedDependencies ?? []).map((d) => ({ id: d.id, where: { file: d.pointer } }));
    for (const dep of [...declared, ...inherited]) {
      const all = members(dep.id);
      const found = all.filter((id) => id !== ctx.app.id);
      // A group that depends on one of its own members hands that dependency to the member too:
      // depending on oneself means nothing (Marathon ignores it as well).
      if (found.length === 0 && all.includes(ctx.app.id)) continue;
      if (found.length === 0) {
        const message = `depends on ${dep.id}${'file' in dep.where ? ' (through its group)' : ''}, which is not among the converted apps`;
        const hint = 'convert it in the same run, or make sure it exists in the cluster before this app starts';
        if ('app' in dep.where) ctx.report('dependency-missing', dep.where.app, message, { hint });
        else ctx.reportAt('dependency-missing', dep.where.file, message, { hint });
      }
      targets.push(...found);
    }
    edges.set(ctx.app.id, targets);
  }
  // Every app of a cycle's component is told (it is part of the knot even when not on the path shown).
  const cycleOf = new Map<string, string>();
  for (const { members, cycle } of dependencyCycles(edges)) {
    const path = cyclePath(cycle);
    for (const id of members) cycleOf.set(id, path);
  }
  for (const ctx of apps) {
    const path = cycleOf.get(ctx.app.id);
    if (path !== undefined) ctx.report('dependency-cycle', '/dependencies', `dependency cycle: ${path}`, { hint: 'Marathon could not deploy this either; break the cycle' });
  }
}

/**
 * Each id under each of its prefixes (itself, its groups, `/`), in input order: the apps a
 * dependency on an app or group names, found by one lookup instead of a scan of every id per
 * dependency (quadratic on large runs). `/a/b` is under `/a/b`, `/a` and `/`.
 */
function idsByPrefix(ids: readonly string[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const id of ids) {
    const keys = new Set<string>([id]);
    for (let cut = id.lastIndexOf('/'); cut > 0; cut = id.lastIndexOf('/', cut - 1)) keys.add(id.slice(0, cut));
    if (id.startsWith('/')) keys.add('/');
    for (const key of keys) addToList(out, key, id);
  }
  return out;
}

/** `a → b → c → a`; a long cycle shows its first and last steps and how many apps are between. */
function cyclePath(cycle: readonly string[]): string {
  const loop = [...cycle, cycle[0]!];
  if (loop.length <= 12) return loop.join(' → ');
  return [...loop.slice(0, 6), `… ${loop.length - 9} more …`, ...loop.slice(-3)].join(' → ');
}
