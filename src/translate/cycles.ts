/**
 * Cycles in a directed graph (the dependencies of a run), found in time and memory linear in
 * the graph: strongly connected components by Tarjan's algorithm, iterative so that a chain of
 * 100,000 nodes cannot overflow the call stack, and one shortest cycle per component to show.
 */

/**
 * One cycle per strongly connected component of more than one node: its members, and the
 * shortest cycle through its first node (in sorted order), listed from that node. Components,
 * not every cycle: a cycle between two groups of hundreds of apps holds more distinct cycles
 * than memory, while one per component names the problem.
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
