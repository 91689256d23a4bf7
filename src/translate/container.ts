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
import { containerizerOf } from './runtime/containerizer.js';
import { internalRegistryHost } from './runtime/internal-registry.js';

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
  if (docker?.image) {
    reportInternalRegistry(ctx, docker.image);
    return { image: docker.image, imagePullPolicy: policy };
  }
  if (docker?.image === '') {
    // Not a command app: an image was meant, but the value is missing (Marathon rejects it).
    ctx.report('default-image', '/container/docker/image',
      `the image is an empty string (a template rendered without its value?), which Marathon rejects; using ${ctx.options.defaultImage}`,
      { hint: 'set the image the app was meant to run' });
  } else {
    ctx.report('default-image', ctx.app.container ? '/container' : '',
      `no container image: the command ran directly on the Mesos agent; using ${ctx.options.defaultImage}`,
      { hint: 'build an image with what the command needs, or pass --default-image' });
  }
  return { image: ctx.options.defaultImage, imagePullPolicy: policy };
}

function reportInternalRegistry(ctx: AppContext, image: string): void {
  const registry = internalRegistryHost(image);
  if (registry === undefined) return;
  ctx.report('internal-registry-image', '/container/docker/image',
    `the image is pulled from ${registry}, a DC/OS-internal name (Mesos-DNS / DC/OS load balancer) that the nodes of a Kubernetes cluster cannot resolve, so the pull fails`,
    { hint: 'push the image to a registry the cluster\'s nodes reach and change the image reference (add an imagePullSecret if that registry needs a login)' });
}

/** `cmd` runs through a shell (as Mesos did); `args` go to the image's entrypoint. */
export function mapCommand(ctx: AppContext, text: (s: string) => string): { command?: string[]; args?: string[] } {
  const { cmd, args } = ctx.app;
  ctx.use('/cmd', '/args');
  // Both set: Marathon rejects the app; validation reports `cmd-and-args` (once), and cmd wins.
  if (cmd !== undefined && args !== undefined && args.length > 0) return { command: ['/bin/sh', '-c', text(cmd)] };
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
    // The Docker containerizer never passed `user` to `docker run` (no --user): the image's
    // USER applied, so the output keeps the image's user too (a note, not a warning: nothing
    // changes). The Mesos containerizer and image-less commands ran as `user`.
    if (containerizerOf(ctx.app) === 'docker') {
      ctx.report('user-not-applied', '/user',
        `user "${user}" was not applied on Marathon: the Docker containerizer passed no --user to docker run, so the image's USER ran the task, as it does here`);
      return sc;
    }
    const uid = /^\d+$/.test(user) ? Number(user) : WELL_KNOWN_USERS[user];
    if (uid !== undefined) sc.runAsUser = uid;
    else ctx.report('user-not-mapped', '/user', `user "${user}" is a name; Kubernetes needs a numeric user id`,
      { hint: 'set securityContext.runAsUser to the id of this user in the image' });
  }
  return sc;
}
