/**
 * The app's main container: image, pull policy, command, env, resources, ports, probes,
 * security context, and what the concern mappers add (mounts, env references, …).
 */
import { escapePointerToken } from '../findings.js';
import type { AppContext } from './context.js';
import type { EnvVar, PodParts } from './parts.js';
import { containerPorts, portEnv, type ResolvedPort } from './ports.js';
import { mapProbes } from './probes.js';
import { mapResources } from './resources.js';

/**
 * Kubernetes expands `$(VAR)` and turns `$$` into `$` in command, args and env values; Marathon
 * passed them through untouched (the shell saw `$$` and `$(date)`). Escaping exactly those two
 * sequences keeps every value as the app saw it on Marathon while `$VAR` stays readable.
 */
export function escapeExpansion(value: string): string {
  return value.replace(/\$(?=[$(])/g, '$$$$');
}

/** Well-known user names with the same id on every Linux image. */
// (Only root: `nobody` is 65534 on Debian but 99 on older Red Hat images.)
const WELL_KNOWN_USERS: Record<string, number> = { root: 0 };

export function mapContainer(ctx: AppContext, ports: ResolvedPort[], parts: PodParts): Record<string, unknown> {
  const text = (s: string) => escapeExpansion(parts.rewriteText ? parts.rewriteText(s) : s);
  const container: Record<string, unknown> = { name: ctx.name.name };
  Object.assign(container, mapImage(ctx));
  Object.assign(container, mapCommand(ctx, text));
  const env = mapEnv(ctx, ports, parts, text);
  if (env.length > 0) container.env = env;
  const cports = containerPorts(ports);
  if (cports.length > 0) container.ports = cports;
  container.resources = mapResources(ctx);
  Object.assign(container, mapProbes(ctx, ports, parts.rewriteText));
  if (parts.volumeMounts && parts.volumeMounts.length > 0) container.volumeMounts = parts.volumeMounts;
  const securityContext = { ...mapSecurityContext(ctx), ...parts.containerSecurityContext };
  if (Object.keys(securityContext).length > 0) container.securityContext = securityContext;
  Object.assign(container, parts.containerFields);
  return container;
}

export function mapImage(ctx: AppContext): { image: string; imagePullPolicy: string } {
  const docker = ctx.app.container?.docker;
  ctx.use('/container/type', '/container/docker/image', '/container/docker/forcePullImage');
  const policy = docker?.forcePullImage ? 'Always' : 'IfNotPresent';
  if (docker?.image) return { image: docker.image, imagePullPolicy: policy };
  ctx.report('default-image', ctx.app.container ? '/container' : '',
    `no container image: the command ran directly on the Mesos agent; using ${ctx.options.defaultImage}`,
    { hint: 'build an image with what the command needs, or pass --default-image' });
  return { image: ctx.options.defaultImage, imagePullPolicy: policy };
}

/** `cmd` runs through a shell (as Mesos did); `args` go to the image's entrypoint. */
export function mapCommand(ctx: AppContext, text: (s: string) => string): { command?: string[]; args?: string[] } {
  const { cmd, args } = ctx.app;
  ctx.use('/cmd', '/args');
  if (cmd !== undefined && args !== undefined && args.length > 0) {
    ctx.report('cmd-and-args', '/args', 'both cmd and args are set (Marathon rejects this); cmd is used and args dropped');
    return { command: ['/bin/sh', '-c', text(cmd)] };
  }
  if (cmd !== undefined && cmd !== '') return { command: ['/bin/sh', '-c', text(cmd)] };
  if (args !== undefined && args.length > 0) return { args: args.map(text) };
  return {};
}

/**
 * The app's plain env values, then what the concerns add (secret references, Marathon-provided
 * variables…), then the port variables. The first entry of a name wins, so a name the app sets
 * itself (plainly or from a secret) is never overridden by what Marathon used to provide.
 */
function mapEnv(ctx: AppContext, ports: ResolvedPort[], parts: PodParts, text: (s: string) => string): EnvVar[] {
  const env: EnvVar[] = [];
  const names = new Set<string>();
  for (const [name, value] of Object.entries(ctx.app.env ?? {})) {
    if (typeof value !== 'string') continue; // secret references: the secrets concern maps them
    ctx.use(`/env/${escapePointerToken(name)}`);
    env.push({ name, value: text(value) });
    names.add(name);
  }
  const provided: EnvVar[] = [...(parts.env ?? []), ...Object.entries(portEnv(ports)).map(([name, value]) => ({ name, value }))];
  for (const e of provided) {
    if (names.has(e.name)) continue;
    env.push(e);
    names.add(e.name);
  }
  return env;
}

export function mapSecurityContext(ctx: AppContext): Record<string, unknown> {
  const sc: Record<string, unknown> = {};
  ctx.use('/container/docker/privileged');
  if (ctx.app.container?.docker?.privileged) sc.privileged = true;
  const user = ctx.app.user;
  if (user !== undefined) {
    ctx.use('/user');
    const uid = /^\d+$/.test(user) ? Number(user) : WELL_KNOWN_USERS[user];
    if (uid !== undefined) sc.runAsUser = uid;
    else ctx.report('user-not-mapped', '/user', `user "${user}" is a name; Kubernetes needs a numeric user id`,
      { hint: 'set securityContext.runAsUser to the id of this user in the image' });
  }
  return sc;
}
