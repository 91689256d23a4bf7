/**
 * Marathon `dependencies` across a run: each must name an app or group of the same run, and
 * they must not form a cycle. (The dependency annotation and the apply order are made from the
 * same ids elsewhere; here only what is wrong with them is reported.)
 */
import type { AppContext } from './context.js';

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
    for (const key of keys) {
      const list = out.get(key);
      if (list) list.push(id);
      else out.set(key, [id]);
    }
  }
  return out;
}

/** `a → b → c → a`; a long cycle shows its first and last steps and how many apps are between. */
function cyclePath(cycle: readonly string[]): string {
  const loop = [...cycle, cycle[0]!];
  if (loop.length <= 12) return loop.join(' → ');
  return [...loop.slice(0, 6), `… ${loop.length - 9} more …`, ...loop.slice(-3)].join(' → ');
}

/**
 * The dependency cycles of a graph, one per strongly connected component of more than one node:
 * its members, and the shortest cycle through its first node (in sorted order), listed from that
 * node. Components, not every cycle: a cycle between two groups of hundreds of apps holds more
 * distinct cycles than memory, while one per component names the problem. Iterative (Tarjan's
 * algorithm with an explicit stack): a dependency chain of 100,000 apps must not overflow the
 * call stack.
 */
export function dependencyCycles(edges: ReadonlyMap<string, readonly string[]>): { members: string[]; cycle: string[] }[] {
  return stronglyConnected(edges)
    .filter((component) => component.length > 1)
    .map((members) => ({ members, cycle: shortestCycle(edges, new Set(members), [...members].sort()[0]!) }))
    .sort((a, b) => (a.cycle[0]! < b.cycle[0]! ? -1 : a.cycle[0]! > b.cycle[0]! ? 1 : 0));
}

function stronglyConnected(edges: ReadonlyMap<string, readonly string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];
  let counter = 0;
  for (const root of [...edges.keys()].sort()) {
    if (index.has(root)) continue;
    // Each frame: a node and how many of its edges were followed.
    const frames: [string, number][] = [[root, 0]];
    index.set(root, counter);
    low.set(root, counter++);
    stack.push(root);
    onStack.add(root);
    while (frames.length > 0) {
      const frame = frames[frames.length - 1]!;
      const [node, next] = frame;
      const targets = edges.get(node) ?? [];
      if (next < targets.length) {
        frame[1]++;
        const target = targets[next]!;
        if (!index.has(target)) {
          index.set(target, counter);
          low.set(target, counter++);
          stack.push(target);
          onStack.add(target);
          frames.push([target, 0]);
        } else if (onStack.has(target)) {
          low.set(node, Math.min(low.get(node)!, index.get(target)!));
        }
        continue;
      }
      frames.pop();
      const parent = frames[frames.length - 1];
      if (parent) low.set(parent[0], Math.min(low.get(parent[0])!, low.get(node)!));
      if (low.get(node) === index.get(node)) {
        const component: string[] = [];
        for (;;) {
          const member = stack.pop()!;
          onStack.delete(member);
          component.push(member);
          if (member === node) break;
        }
        components.push(component);
      }
    }
  }
  return components;
}

/** The shortest cycle from `start` back to it inside a component (breadth first, edges in order). */
function shortestCycle(edges: ReadonlyMap<string, readonly string[]>, inside: ReadonlySet<string>, start: string): string[] {
  const cameFrom = new Map<string, string>();
  const queue = [start];
  for (let head = 0; head < queue.length; head++) {
    const node = queue[head]!;
    for (const target of edges.get(node) ?? []) {
      if (!inside.has(target)) continue;
      if (target === start) {
        const path = [node];
        for (let at = node; at !== start; at = cameFrom.get(at)!) path.push(cameFrom.get(at)!);
        return path.reverse();
      }
      if (!cameFrom.has(target)) {
        cameFrom.set(target, node);
        queue.push(target);
      }
    }
  }
  return [start]; // unreachable for a component of more than one node
}
