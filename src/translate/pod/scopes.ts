/**
 * One translation scope per pod container: an AppContext whose app is the container's
 * projection onto the app model (normalize-pod.ts), so the app mappers (image, command,
 * resources, probes, fetch, user…) serve each container unchanged.
 *
 * Each scope has a ledger of its own over the whole pod — the same canonical pointer (`/cmd`,
 * `/healthChecks/0`) stands for another container's field in each — with the container's
 * aliases. Afterwards the scopes are folded back into the pod's context: their findings (a
 * finding two containers make about a pod-level field, e.g. a DNS name in the pod's
 * environment, is kept once) and needs, and every leaf any scope consumed counts as consumed.
 */
import { Ledger, type Finding } from '../../findings.js';
import { POD_RESPONSE_FIELDS, type PodContainer } from '../../marathon/pod-model.js';
import { AppContext } from '../context.js';
import { MAX_NAME, sanitizeLabel } from '../names.js';

export interface ContainerScope {
  container: PodContainer;
  ctx: AppContext;
  /** The Kubernetes container name. */
  name: string;
}

export function containerScopes(pod: AppContext, containers: readonly PodContainer[]): ContainerScope[] {
  const taken = new Set<string>();
  return containers.map((container) => {
    const ledger = new Ledger(pod.raw, POD_RESPONSE_FIELDS);
    for (const [canonical, raw] of container.aliases) ledger.alias(canonical, raw);
    const ctx = new AppContext(container.app, pod.name, pod.options, ledger, pod.basePointer, pod.file, pod.raw, pod.run);
    const name = containerName(pod, container, taken);
    return { container, ctx, name };
  });
}

/**
 * Marathon container names are already DNS labels as a rule (`^[a-z0-9]([a-z0-9-]*[a-z0-9]+)*$`);
 * anything else is sanitized, and a clash made unique.
 */
function containerName(pod: AppContext, container: PodContainer, taken: Set<string>): string {
  const base = sanitizeLabel(container.name).slice(0, MAX_NAME).replace(/-+$/, '') || `container-${container.index}`;
  let name = base;
  for (let i = 2; taken.has(name); i++) name = `${base.slice(0, MAX_NAME - String(i).length - 1).replace(/-+$/, '')}-${i}`;
  taken.add(name);
  const pointer = `/containers/${container.index}/name`;
  pod.use(pointer);
  if (name !== container.name) pod.report('name-changed', pointer, `container "${container.name}" is named "${name}" (a container name is a DNS label, unique in the pod)`);
  return name;
}

/** Moves a scope's findings and needs into the pod's context, leaving out repeats. */
export function foldFindings(pod: AppContext, scope: ContainerScope): void {
  const seen = new Set(pod.findings.map(findingKey));
  for (const f of scope.ctx.findings.splice(0)) {
    const key = findingKey(f);
    if (seen.has(key)) continue;
    seen.add(key);
    pod.findings.push(f);
  }
  pod.needs.push(...scope.ctx.needs.splice(0));
}

/** Every leaf a scope consumed is consumed for the pod. */
export function foldLedgers(pod: AppContext, scopes: readonly ContainerScope[]): void {
  for (const scope of scopes) {
    const open = new Set(scope.ctx.ledger.unconsumed());
    for (const leaf of pod.ledger.unconsumed()) if (!open.has(leaf)) pod.ledger.useRaw(leaf);
  }
}

function findingKey(f: Finding): string {
  return `${f.severity}|${f.code}|${f.pointer}|${f.message}`;
}
