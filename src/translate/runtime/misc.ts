/**
 * The remaining app fields of the runtime: `tty`, `check`, `role`, `executor`,
 * `executorResources`, `dependencies`, `storeUrls` and the ≤ 1.4 `container.appc`. Most have
 * no Kubernetes counterpart and are reported with their own finding code.
 */
import { MARATHON_DEPENDENCIES_ANNOTATION } from '../../kube/types.js';
import type { AppCheck } from '../../marathon/model.js';
import type { AppContext } from '../context.js';
import { mergeParts, type PodParts } from '../parts.js';

export function mapMisc(ctx: AppContext): PodParts {
  reportCheck(ctx);
  reportRole(ctx);
  reportExecutor(ctx);
  reportStoreUrls(ctx);
  reportAppc(ctx);
  return mergeParts([mapTty(ctx), mapDependencies(ctx)]);
}

/** `tty: true` → a TTY; Kubernetes attaches one only with stdin open. */
function mapTty(ctx: AppContext): PodParts {
  ctx.use('/tty');
  return ctx.app.tty ? { containerFields: { tty: true, stdin: true } } : {};
}

/**
 * A Mesos `check` only reports a status in the API: it neither kills the task nor gates a
 * deployment. Every probe acts (restart, no traffic), so none is made from it.
 */
function reportCheck(ctx: AppContext): void {
  const check = ctx.app.check;
  if (!check) return;
  ctx.use('/check');
  ctx.report('check-not-mapped', '/check', `the Mesos check (${describeCheck(check)}) only reported a status; no probe is made from it`,
    { hint: 'add a readinessProbe or livenessProbe if something relied on the check result' });
}

function describeCheck(check: AppCheck): string {
  const port = (p: { portIndex?: number; port?: number }) => (p.port !== undefined ? `port ${p.port}` : `port index ${p.portIndex ?? 0}`);
  if (check.http) return `${check.http.scheme ?? 'HTTP'} ${check.http.path ?? '/'} on ${port(check.http)}`;
  if (check.tcp) return `TCP on ${port(check.tcp)}`;
  if (check.exec) return 'command';
  return 'empty';
}

/** A role other than Mesos' default `*` (which defaults.ts consumes) reserved or limited resources. */
function reportRole(ctx: AppContext): void {
  const role = ctx.app.role;
  if (role === undefined || role === '*') return;
  ctx.use('/role');
  ctx.report('role-not-mapped', '/role', `Mesos role "${role}" (reservations, quota) has no Kubernetes equivalent`,
    { hint: 'a namespace ResourceQuota or a PriorityClass may play its part' });
}

/** A custom executor (not the command executor, which defaults.ts consumes) ran the task itself. */
function reportExecutor(ctx: AppContext): void {
  const executor = ctx.app.executor;
  if (executor !== undefined && executor !== '' && executor !== '//cmd') {
    ctx.use('/executor');
    ctx.report('executor-not-mapped', '/executor', `the custom executor "${executor}" is not used: the container runs its command directly`,
      { hint: 'make the image run what the executor did' });
  }
  if (ctx.app.executorResources) {
    ctx.use('/executorResources');
    ctx.report('executor-not-mapped', '/executorResources', 'executorResources reserved resources for the Mesos executor; a pod has none to reserve', { severity: 'info' });
  }
}

/** The artifact store of Marathon ≤ 1.4; later versions ignore `storeUrls`. */
function reportStoreUrls(ctx: AppContext): void {
  if (!ctx.app.storeUrls || ctx.app.storeUrls.length === 0) return;
  ctx.use('/storeUrls');
  ctx.report('store-urls-ignored', '/storeUrls', 'storeUrls (the artifact store of Marathon ≤ 1.4) are ignored, as by Marathon 1.5+',
    { hint: 'if the app needs these files, list them in fetch' });
}

/** App Container images (Marathon ≤ 1.4) are not OCI images: no Kubernetes runtime runs them. */
function reportAppc(ctx: AppContext): void {
  const container = ctx.raw.container;
  if (typeof container !== 'object' || container === null || !('appc' in container)) return;
  const appc = (container as { appc?: unknown }).appc;
  if (typeof appc !== 'object' || appc === null) return;
  ctx.use('/container/appc');
  const image = (appc as { image?: unknown }).image;
  ctx.report('appc-image-not-mapped', '/container/appc', `the appc image${typeof image === 'string' ? ` "${image}"` : ''} cannot run on Kubernetes`,
    { hint: 'build an OCI (Docker) image with the same content and set it as the image' });
}

/**
 * Marathon deployed an app only once its dependencies were healthy; Kubernetes starts every
 * workload at once. The ids (own and inherited from groups) are kept in an annotation, which
 * the apply order reads.
 */
function mapDependencies(ctx: AppContext): PodParts {
  const own = ctx.app.dependencies ?? [];
  const ids = [...new Set([...own, ...(ctx.app.inheritedDependencies ?? []).map((d) => d.id)])];
  ctx.use('/dependencies');
  if (ids.length === 0) return {};
  ctx.report('dependencies-not-enforced', own.length > 0 ? '/dependencies' : '',
    `depends on ${ids.join(', ')}: Kubernetes does not wait for ${ids.length > 1 ? 'them' : 'it'} to be ready before starting this app; kept in the annotation ${MARATHON_DEPENDENCIES_ANNOTATION}`,
    { hint: 'make the app retry until its dependencies answer, or add an init container that waits for them' });
  return { annotations: { [MARATHON_DEPENDENCIES_ANNOTATION]: ids.join(',') } };
}
