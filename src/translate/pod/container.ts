/**
 * One Kubernetes container per pod container, built with the app container mappers on the
 * container's scope (its projection onto the app model): image and pull policy, command,
 * resources, probes, security context. What differs from an app:
 * - `exec.command.argv` with `overrideEntrypoint` replaces the image entrypoint (command), as
 *   Mesos ran argv[0] then; without it argv goes to the entrypoint (args), like app `args`;
 * - the health check is a Mesos-level one on an endpoint of the container itself, and an exec
 *   check with argv runs argv as is;
 * - the environment (env.ts), mounts (volumes.ts, secrets.ts) come from the pod.
 */
import { escapePointerToken } from '../../findings.js';
import { escapeExpansion, mapCommand, mapImage, mapSecurityContext } from '../container.js';
import type { EnvVar, PodParts, VolumeMount } from '../parts.js';
import { containerPorts, type ResolvedPort } from '../ports.js';
import { mapProbes, type Probe, type Probes } from '../probes.js';
import { mapResources } from '../resources.js';
import { SANDBOX_PATH } from '../storage/paths.js';
import type { ContainerScope } from './scopes.js';

export interface ContainerInputs {
  /** The container's own ports (its endpoints), in endpoint order. */
  ports: ResolvedPort[];
  /** secretKeyRef entries of the merged environment. */
  secretEnv: EnvVar[];
  /** Variables Marathon provided that the container uses, then ENDPOINT_<NAME>. */
  providedEnv: EnvVar[];
  /** Mounts of pod volumes and secret files. */
  mounts: VolumeMount[];
  /** The container's runtime parts and the pod-level parts every container shares. */
  parts: PodParts;
  /** Something is mounted in the sandbox: it is the working directory, with $MESOS_SANDBOX. */
  sandboxed: boolean;
  rewriteText?: (text: string) => string;
}

export function mapPodContainer(scope: ContainerScope, inputs: ContainerInputs): Record<string, unknown> {
  const { ctx } = scope;
  const { parts, rewriteText } = inputs;
  const text = (s: string) => escapeExpansion(rewriteText ? rewriteText(s) : s);
  const out: Record<string, unknown> = { name: scope.name };
  Object.assign(out, mapImage(ctx));
  Object.assign(out, command(scope, text));
  const env = containerEnv(scope, inputs, text);
  if (env.length > 0) out.env = env;
  const cports = containerPorts(inputs.ports);
  if (cports.length > 0) out.ports = cports;
  out.resources = mapResources(ctx);
  Object.assign(out, probes(scope, inputs.ports, rewriteText));
  const mounts = byDepth([...(parts.volumeMounts ?? []), ...inputs.mounts]);
  if (mounts.length > 0) out.volumeMounts = mounts;
  const securityContext = { ...mapSecurityContext(ctx), ...parts.containerSecurityContext };
  if (Object.keys(securityContext).length > 0) out.securityContext = securityContext;
  Object.assign(out, inputs.sandboxed ? { workingDir: SANDBOX_PATH } : {}, parts.containerFields);
  return out;
}

function command(scope: ContainerScope, text: (s: string) => string): { command?: string[]; args?: string[] } {
  const mapped = mapCommand(scope.ctx, text);
  scope.ctx.use(`/containers/${scope.container.index}/exec/overrideEntrypoint`);
  return scope.container.overrideEntrypoint && mapped.args ? { command: mapped.args } : mapped;
}

/** The merged plain values first; then secrets, concern and Marathon-provided entries not already set. */
function containerEnv(scope: ContainerScope, inputs: ContainerInputs, text: (s: string) => string): EnvVar[] {
  const env: EnvVar[] = [];
  const names = new Set<string>();
  // A pod value the container sets itself is overridden, as in Marathon: nothing to migrate.
  scope.ctx.use(...scope.container.shadowedEnv);
  for (const e of scope.container.env) {
    scope.ctx.use(`/env/${escapePointerToken(e.name)}`);
    env.push({ name: e.name, value: text(e.value) });
    names.add(e.name);
  }
  const sandbox: EnvVar[] = inputs.sandboxed ? [{ name: 'MESOS_SANDBOX', value: SANDBOX_PATH }] : [];
  for (const e of [...inputs.secretEnv, ...(inputs.parts.env ?? []), ...sandbox, ...inputs.providedEnv]) {
    if (names.has(e.name)) continue;
    env.push(e);
    names.add(e.name);
  }
  return env;
}

/** The container's health check → probes (the app probe mapper, on the container's own ports). */
function probes(scope: ContainerScope, ports: ResolvedPort[], rewriteText?: (s: string) => string): Probes {
  const { ctx, container } = scope;
  const health = container.healthCheck;
  const at = `/containers/${container.index}/healthCheck`;
  for (const extra of health?.extra ?? []) {
    ctx.use(`${at}/${extra}`);
    ctx.report('health-check-extra', `${at}/${extra}`,
      `the ${extra} handler is not converted: a health check has exactly one of http, tcp and exec (the ${health!.kind} one is used)`);
  }
  if (health && (health.kind === undefined || (health.kind !== 'exec' && health.endpointIndex === undefined))) {
    ctx.use('/healthChecks/0');
    const message = health.kind === undefined
      ? 'the health check has none of http, tcp and exec; no probe created'
      : health.endpoint === undefined
        ? `the ${health.kind} health check names no endpoint; no probe created`
        : `endpoint "${health.endpoint}" is not an endpoint of container "${container.name}"; no probe created`;
    ctx.report('probe-port-unresolved', health.kind === undefined ? at : `${at}/${health.kind}/endpoint`, message,
      { hint: 'name an endpoint of the same container' });
    return {};
  }
  const mapped = mapProbes(ctx, ports, rewriteText);
  const argv = health?.argv;
  if (!argv) return mapped;
  // An argv check ran argv itself, no shell: the probes run it the same way.
  const command = rewriteText ? argv.map(rewriteText) : argv;
  const withArgv = (p: Probe | undefined): Probe | undefined => (p?.exec ? { ...p, exec: { command } } : p);
  const out: Probes = {};
  for (const key of ['livenessProbe', 'readinessProbe', 'startupProbe'] as const) {
    const probe = withArgv(mapped[key]);
    if (probe) out[key] = probe;
  }
  return out;
}

/**
 * Mounts in path order, a directory before what is mounted inside it (the sandbox before a
 * volume mounted at a relative path in it), whatever order the runtime applies them in.
 */
function byDepth(mounts: VolumeMount[]): VolumeMount[] {
  const depth = (m: VolumeMount) => m.mountPath.split('/').filter((s) => s !== '').length;
  return mounts.map((m, i) => ({ m, i })).sort((a, b) => depth(a.m) - depth(b.m) || a.i - b.i).map(({ m }) => m);
}
