/**
 * `fetch` (and the legacy `uris`, normalized into it) → an init container that downloads every
 * artifact into an emptyDir mounted at the sandbox path, as the Mesos fetcher did before the
 * task started. The rules follow the Mesos fetcher (src/launcher/fetcher.cpp):
 * - the file is `destPath` (relative to the sandbox) or the URI's last path segment, query
 *   string included (Mesos treats the URI like a file path);
 * - `executable` → chmod 755 and no extraction; otherwise `extract` (Marathon's default: true)
 *   unpacks archives, recognized by the file's extension, into the sandbox root (.tar, .tgz,
 *   .tar.gz, .tbz2, .tar.bz2, .txz, .tar.xz, .zip), and a bare `.gz` is gunzipped beside them;
 *   the archive itself stays, as with Mesos;
 * - `cache` only spared Mesos a second download on the same agent: nothing to carry over.
 *
 * The init container uses busybox tools only (wget, tar, unzip, gunzip, chmod, mkdir), so any
 * small image works. Every URI and path is single-quoted into the script and `$(`/`$$` are
 * escaped against Kubernetes' own expansion: an artifact URI can never inject shell.
 *
 * The pod keeps the Mesos layout: the sandbox at /mnt/mesos/sandbox and MESOS_SANDBOX set. The
 * working directory is the sandbox where Mesos ran the task there: a command without image
 * (always, fetching or not: it may write its files there), or
 * a Mesos-containerizer image whose command refers to fetched files relatively (as in
 * `mv default.conf /etc/nginx/conf.d/`: the image set no WorkingDir). Otherwise the image keeps
 * its WORKDIR, as under Mesos: the Docker containerizer passed no `-w` (see containerizer.ts).
 * An app that fetches nothing but mentions $MESOS_SANDBOX still gets the (empty) sandbox volume
 * and the variable.
 *
 * Two kinds of artifact are not the app's data:
 * - a `.dockercfg` or `docker.tar.gz` was the Docker registry login (Marathon's documented way
 *   to pull private images: Mesos ran `docker pull` with HOME set to the sandbox, where the
 *   fetcher had put it). It is never downloaded into the pod; the pod references an
 *   imagePullSecret to be created from it (`registry-login-artifact`).
 * - nothing: but https artifacts lose a guarantee. The Mesos fetcher (libcurl) verified the
 *   server's certificate; busybox wget, the default --fetch-image's, does not ("TLS certificate
 *   validation not implemented"), which is said once per app (`fetch-tls-unverified`).
 */
import type { MarathonApp } from '../../marathon/model.js';
import type { AppContext } from '../context.js';
import { escapeExpansion } from '../container.js';
import { mergeParts, type PodParts } from '../parts.js';
import { pullSecretName } from '../secrets/keys.js';
import { SANDBOX_PATH } from '../storage/paths.js';
import { containerizerOf, sandboxIsWorkingDir } from './containerizer.js';

/** The pod volume holding the sandbox (named so other concerns can keep clear of it). */
export const SANDBOX_VOLUME = 'mesos-sandbox';
/** The same, under the name the storage concern reserves. */
export const FETCH_VOLUME = SANDBOX_VOLUME;
const FETCH_CONTAINER = 'fetch-artifacts';

/** Schemes busybox wget downloads (Mesos also took ftps, file paths and, via Hadoop, the rest). */
const DOWNLOADABLE = /^(https?|ftp):\/\//i;

type Unpack = { tool: 'tar'; flag?: '-z' | '-j' | '-J' } | { tool: 'unzip' } | { tool: 'gunzip'; output: string };

/** One artifact the init container fetches. `target` is relative to the sandbox. */
export interface PlannedArtifact {
  uri: string;
  target: string;
  executable: boolean;
  unpack?: Unpack;
}

/** What becomes of one artifact: downloaded (`planned`), and/or what to report about it. */
interface ArtifactPlan {
  planned?: PlannedArtifact;
  /** The artifact is a Docker registry login (not downloaded; an imagePullSecret instead). */
  registryLogin?: boolean;
  problems: { code: 'fetch-uri-unsupported' | 'fetch-dest-path-invalid' | 'registry-login-artifact'; pointer: string; message: string; hint?: string }[];
}

/** The names Marathon's docs give the registry login: `.dockercfg` (Docker < 1.6), `docker.tar.gz` (a `.docker/config.json` archive). */
const REGISTRY_LOGIN = /^\.?(dockercfg|docker\.(tar|tar\.gz|tgz))$/;

export function mapFetch(ctx: AppContext): PodParts {
  const planned: PlannedArtifact[] = [];
  let registryLogin = false;
  planArtifacts(ctx.app).forEach((plan, i) => {
    ctx.use(...['uri', 'extract', 'executable', 'cache', 'destPath'].map((f) => `/fetch/${i}/${f}`));
    for (const p of plan.problems) {
      if (p.code === 'registry-login-artifact') reportRegistryLogin(ctx, p.pointer, p.message);
      else ctx.report(p.code, p.pointer, p.message, p.hint ? { hint: p.hint } : {});
    }
    if (plan.planned) planned.push(plan.planned);
    registryLogin ||= plan.registryLogin === true;
  });
  const pull = registryLogin ? registryLoginParts(ctx) : {};
  if (planned.length === 0) {
    // A command without image ran in its sandbox whether or not it fetched anything.
    if (containerizerOf(ctx.app) === 'command') return mergeParts([{ ...sandboxParts(), containerFields: { workingDir: SANDBOX_PATH } }, pull]);
    return mergeParts([readsSandbox(ctx.app) ? sandboxParts() : {}, pull]);
  }
  reportUnverifiedTls(ctx, planned);

  const initContainer: Record<string, unknown> = {
    name: ctx.name.name === FETCH_CONTAINER ? `${FETCH_CONTAINER}-init` : FETCH_CONTAINER,
    image: ctx.options.fetchImage,
    imagePullPolicy: 'IfNotPresent',
    command: ['/bin/sh', '-c', escapeExpansion(fetchScript(planned, SANDBOX_PATH))],
    // Downloading and unpacking needs little; the pod's request is the larger of this and the app's.
    resources: { requests: { cpu: '50m', memory: '64Mi' }, limits: { memory: '256Mi' } },
    volumeMounts: [{ name: SANDBOX_VOLUME, mountPath: SANDBOX_PATH }],
  };
  // Mesos fetched as the task's user, so the app owned its files.
  const uid = taskUid(ctx.app.user);
  if (uid !== undefined) initContainer.securityContext = { runAsUser: uid };
  const sandbox: PodParts = { ...sandboxParts(), initContainers: [initContainer] };
  // Where Mesos ran the task in the sandbox (containerizer.ts); otherwise the image's WORKDIR.
  const unpacked = planned.some((a) => a.unpack !== undefined && a.unpack.tool !== 'gunzip');
  if (sandboxIsWorkingDir(ctx.app, planned.map((a) => a.target), unpacked)) sandbox.containerFields = { workingDir: SANDBOX_PATH };
  return mergeParts([sandbox, pull]);
}

/**
 * The pod pulls with `<app>-pull-secret`, which the cluster must provide (made from the login
 * file). An app with pullConfig or docker.credential already references that Secret (secrets
 * concern): nothing to add then.
 */
function registryLoginParts(ctx: AppContext): PodParts {
  const docker = ctx.app.container?.docker;
  if (docker?.pullConfig || docker?.credential) return {};
  const name = pullSecretName(ctx.name.name);
  ctx.need('image-pull-secret', name, ['.dockerconfigjson (the registry login the app fetched as a .dockercfg or docker.tar.gz artifact)'], ctx.name.namespace);
  return { podFields: { imagePullSecrets: [{ name }] } };
}

function reportRegistryLogin(ctx: AppContext, pointer: string, message: string): void {
  const name = pullSecretName(ctx.name.name);
  const docker = ctx.app.container?.docker;
  if (docker?.pullConfig || docker?.credential) {
    ctx.report('registry-login-artifact', pointer, `${message}; the pod pulls with Secret ${name}, made from the app's ${docker.pullConfig ? 'pullConfig' : 'docker.credential'}`,
      { hint: 'check that this login is in that Secret too' });
    return;
  }
  ctx.report('registry-login-artifact', pointer, `${message}; the pod pulls with imagePullSecret ${name}, which must be made from it`,
    { hint: `kubectl create secret docker-registry ${name} -n ${ctx.name.namespace} --docker-server=… --docker-username=… --docker-password=… (or --from-file=.dockerconfigjson=<the config.json inside>)` });
}

/** busybox wget cannot verify certificates; another --fetch-image may (we cannot tell which). */
function reportUnverifiedTls(ctx: AppContext, planned: readonly PlannedArtifact[]): void {
  if (!/(^|\/)busybox([:@]|$)/.test(ctx.options.fetchImage)) return;
  const first = planned.find((a) => /^https:\/\//i.test(a.uri));
  if (!first) return;
  // The artifact's own field (planned URIs are the given ones without leading blanks).
  const index = (ctx.app.fetch ?? []).findIndex((a) => a.uri.replace(/^\s+/, '') === first.uri);
  ctx.report('fetch-tls-unverified', `/fetch/${index}/uri`,
    `the Mesos fetcher verified the TLS certificate of https artifacts; the fetch init container (${ctx.options.fetchImage}) downloads them with busybox wget, which does not validate certificates, so a man-in-the-middle could replace an artifact`,
    { hint: 'pass a --fetch-image whose wget verifies certificates (GNU wget with CA certificates, plus tar, unzip and gunzip), or check the artifacts with a checksum in the command' });
}

/**
 * Whether the pod gets the sandbox volume (SANDBOX_VOLUME at SANDBOX_PATH): for other concerns
 * that want to mount a fetched file elsewhere (a subPath of that volume).
 */
export function providesSandbox(app: MarathonApp): boolean {
  return planArtifacts(app).some((p) => p.planned !== undefined) || readsSandbox(app) || containerizerOf(app) === 'command';
}

function planArtifacts(app: MarathonApp): ArtifactPlan[] {
  return (app.fetch ?? []).map((artifact, i): ArtifactPlan => {
    const pointer = `/fetch/${i}`;
    const uri = artifact.uri.replace(/^\s+/, ''); // the Mesos fetcher trims leading blanks
    if (REGISTRY_LOGIN.test(uriBasename(uri).split('?')[0]!)) {
      // mapFetch completes the message: which Secret the pod pulls with depends on the app.
      return { registryLogin: true, problems: [{ code: 'registry-login-artifact', pointer: `${pointer}/uri`,
        message: `${describe(uri)} is the Docker registry login (Marathon's way to pull private images: docker read it from the sandbox), not app data; it is not downloaded` }] };
    }
    const unsupported = unsupportedReason(uri);
    if (unsupported) {
      return { problems: [{ code: 'fetch-uri-unsupported', pointer: `${pointer}/uri`, message: `${describe(uri)} ${unsupported.why}; it is not downloaded`, hint: unsupported.hint }] };
    }
    const problems: ArtifactPlan['problems'] = [];
    let target = artifact.destPath !== undefined ? sandboxRelative(artifact.destPath) : undefined;
    if (artifact.destPath !== undefined && target === undefined) {
      problems.push({ code: 'fetch-dest-path-invalid', pointer: `${pointer}/destPath`,
        message: `destPath "${artifact.destPath}" is not a path inside the sandbox; the file is saved under the name from the URI` });
    }
    target ??= sandboxRelative(uriBasename(uri));
    if (target === undefined) {
      problems.push({ code: 'fetch-uri-unsupported', pointer: `${pointer}/uri`,
        message: `${describe(uri)} names no file (Mesos could not fetch it either); it is not downloaded`, hint: 'give the artifact a destPath' });
      return { problems };
    }
    const executable = artifact.executable === true;
    const unpack = !executable && artifact.extract !== false ? unpackerFor(target) : undefined;
    return { planned: { uri, target, executable, ...(unpack ? { unpack } : {}) }, problems };
  });
}

/** The sandbox volume and $MESOS_SANDBOX. */
function sandboxParts(): PodParts {
  return {
    volumes: [{ name: SANDBOX_VOLUME, emptyDir: {} }],
    volumeMounts: [{ name: SANDBOX_VOLUME, mountPath: SANDBOX_PATH }],
    env: [{ name: 'MESOS_SANDBOX', value: SANDBOX_PATH }],
  };
}

/** Without artifacts the app still gets a sandbox when it writes or reads $MESOS_SANDBOX. */
function readsSandbox(app: MarathonApp): boolean {
  const { cmd, args, env, healthChecks } = app;
  const texts = [cmd, ...(args ?? []), ...Object.values(env ?? {}), ...(healthChecks ?? []).map((h) => h.command?.value)];
  return texts.some((t) => typeof t === 'string' && /\bMESOS_SANDBOX\b/.test(t));
}

/** The init container's shell script: one download (then chmod or unpack) per artifact. */
export function fetchScript(artifacts: readonly PlannedArtifact[], sandbox: string): string {
  const lines = ['set -eu'];
  for (const a of artifacts) {
    const file = `${sandbox}/${a.target}`;
    const dir = a.target.includes('/') ? file.slice(0, file.lastIndexOf('/')) : undefined;
    if (dir !== undefined) lines.push(`mkdir -p ${quote(dir)}`);
    lines.push(`wget -q -O ${quote(file)} ${quote(a.uri)}`);
    if (a.executable) lines.push(`chmod 755 ${quote(file)}`);
    const u = a.unpack;
    if (u?.tool === 'tar') lines.push(`tar -x ${u.flag ? `${u.flag} ` : ''}-o -f ${quote(file)} -C ${quote(sandbox)}`);
    if (u?.tool === 'unzip') lines.push(`unzip -o -q ${quote(file)} -d ${quote(sandbox)}`);
    if (u?.tool === 'gunzip') lines.push(`gunzip -c ${quote(file)} > ${quote(`${sandbox}/${u.output}`)}`);
  }
  return lines.join('\n') + '\n';
}

/** POSIX single quoting: nothing inside single quotes is special but the quote itself. */
export function quote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** The Mesos fetcher's archive rules, by the extension of the saved file. */
function unpackerFor(target: string): Unpack | undefined {
  const ends = (...exts: string[]) => exts.some((e) => target.endsWith(e));
  if (ends('.tar')) return { tool: 'tar' };
  if (ends('.tgz', '.tar.gz')) return { tool: 'tar', flag: '-z' };
  if (ends('.tbz2', '.tar.bz2')) return { tool: 'tar', flag: '-j' };
  if (ends('.txz', '.tar.xz')) return { tool: 'tar', flag: '-J' };
  if (ends('.zip')) return { tool: 'unzip' };
  if (ends('.gz')) {
    const name = target.slice(target.lastIndexOf('/') + 1, -'.gz'.length);
    return name === '' ? undefined : { tool: 'gunzip', output: name };
  }
  return undefined;
}

/** Why the init container cannot download a URI, or undefined when it can. */
function unsupportedReason(uri: string): { why: string; hint: string } | undefined {
  if (DOWNLOADABLE.test(uri)) {
    return /[\u0000-\u001f\u007f]/.test(uri) ? { why: 'contains control characters', hint: 'fix the URI' } : undefined;
  }
  if (uri.trim() === '') return { why: 'is empty (an unrendered template value?)', hint: 'fill in the URI' };
  if (/^file:\/\//i.test(uri) || !/^[a-z][a-z0-9+.-]*:/i.test(uri)) {
    return { why: 'is a file on the Mesos agent, which a pod cannot reach', hint: 'serve the file over HTTP(S), put it into the image, or mount it from a ConfigMap' };
  }
  return {
    why: 'uses a scheme the fetch init container (busybox wget: http, https, ftp) cannot download',
    hint: 'serve the artifact over HTTP(S) (e.g. a pre-signed URL), or put it into the image',
  };
}

/** Everything after the last `/`, as the Mesos fetcher names a download. */
function uriBasename(uri: string): string {
  return uri.slice(uri.lastIndexOf('/') + 1);
}

/**
 * A path relative to the sandbox, cleaned (`./a//b` → `a/b`), or undefined when it is absolute,
 * names a directory, or could leave the sandbox (any `..`).
 */
export function sandboxRelative(path: string): string | undefined {
  if (path.startsWith('/') || path.endsWith('/')) return undefined;
  if (/[\u0000-\u001f\u007f]/.test(path)) return undefined;
  const segments = path.split('/').filter((s) => s !== '' && s !== '.');
  if (segments.length === 0 || segments.includes('..')) return undefined;
  return segments.join('/');
}

function describe(uri: string): string {
  return uri === '' ? 'the URI' : `"${uri}"`;
}

/** The numeric id the task ran as, when `user` tells it. */
function taskUid(user: string | undefined): number | undefined {
  if (user === undefined) return undefined;
  if (user === 'root') return 0;
  return /^\d+$/.test(user) ? Number(user) : undefined;
}
