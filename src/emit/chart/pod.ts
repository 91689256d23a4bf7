/**
 * Pod specs and containers in templates: image, command, env, ports, resources, probes, volumes
 * and scheduling come from values; every other field stays literal.
 *
 * A pod with one container keeps that container's values directly under the app (`web.image`,
 * `web.env`), as `helm create` does; pods with several (Marathon pods) get `containers.<name>`.
 */
import { COMMENTS } from './comments.js';
import { helper, lit, needSecret, valueField, type AppContext } from './context.js';
import { camelKey, uniqueKey } from './group.js';
import { isEmpty, isPlainObject, openSeq, put, type Body } from './tree.js';
import { setIn, subScope, type Scope } from './values.js';

type Obj = Record<string, unknown>;

/** "registry:5000/team/app:1.2@sha256:…" → repository, tag, digest. */
export function splitImage(image: string): { repository: string; tag: string; digest?: string } {
  let rest = image;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  const colon = rest.lastIndexOf(':');
  const tagged = colon > rest.lastIndexOf('/');
  const out: { repository: string; tag: string; digest?: string } = {
    repository: tagged ? rest.slice(0, colon) : rest,
    tag: tagged ? rest.slice(colon + 1) : '',
  };
  if (digest !== undefined) out.digest = digest;
  return out;
}

/**
 * env as a NAME → value map when that loses nothing: unique names, each with a string value,
 * a valueFrom, or neither. (Entries with both, or unknown fields, keep the list form.)
 */
function envAsMap(env: unknown): Obj | undefined {
  if (!Array.isArray(env)) return undefined;
  const entries: [string, unknown][] = [];
  const seen = new Set<string>();
  for (const e of env) {
    if (!isPlainObject(e) || typeof e.name !== 'string' || seen.has(e.name)) return undefined;
    seen.add(e.name);
    const keys = Object.keys(e).filter((k) => k !== 'name');
    if (keys.length > 1 || keys.some((k) => k !== 'value' && k !== 'valueFrom')) return undefined;
    if ('value' in e) {
      if (typeof e.value !== 'string') return undefined;
      entries.push([e.name, e.value]);
    } else if ('valueFrom' in e) {
      if (!isPlainObject(e.valueFrom)) return undefined;
      entries.push([e.name, { valueFrom: e.valueFrom }]);
    } else {
      entries.push([e.name, {}]); // a bare name: defined, empty
    }
  }
  // fromEntries defines own properties, so even a name like "__proto__" stays a plain key.
  return Object.fromEntries(entries);
}

function collectEnvSecrets(ctx: AppContext, env: Obj): void {
  for (const v of Object.values(env)) {
    const ref = isPlainObject(v) && isPlainObject(v.valueFrom) ? v.valueFrom.secretKeyRef : undefined;
    if (isPlainObject(ref) && typeof ref.name === 'string') needSecret(ctx, ref.name, typeof ref.key === 'string' ? ref.key : '*');
  }
}

function templateEnv(ctx: AppContext, body: Body, c: Obj, scope: Scope): void {
  if (c.env !== undefined && isEmpty(c.env)) return;
  const map = c.env === undefined ? {} : envAsMap(c.env);
  if (map === undefined) {
    valueField(ctx, body, c, 'env', scope, COMMENTS.envList);
    return;
  }
  collectEnvSecrets(ctx, map);
  const expr = setIn(ctx.values, scope, 'env', map, COMMENTS.envMap);
  const order = `(list ${Object.keys(map).map(lit).join(' ')})`;
  put(body, {
    t: 'yaml',
    key: 'env',
    with: expr,
    value: `include ${helper(ctx, 'env')} (dict "env" . "order" ${order} "secrets" ${ctx.scope.expr}.existingSecrets)`,
  });
}

const PROBES = [
  ['livenessProbe', 'liveness'],
  ['readinessProbe', 'readiness'],
  ['startupProbe', 'startup'],
] as const;

function templateProbes(ctx: AppContext, body: Body, c: Obj, scope: Scope): void {
  const present = PROBES.filter(([field]) => isPlainObject(c[field]));
  if (present.length === 0) return;
  const probes = subScope(scope, 'probes');
  ctx.values.comment(probes.path, COMMENTS.probes);
  for (const [field, key] of present) {
    const expr = setIn(ctx.values, probes, key, { enabled: true, ...(c[field] as Obj) }, COMMENTS[key]);
    put(body, { t: 'yaml', key: field, with: expr, if: '.enabled', value: 'toYaml (omit . "enabled")' });
  }
}

export function templateContainer(ctx: AppContext, body: Body, c: Obj, scope: Scope): void {
  if (typeof c.image === 'string') {
    const image: Obj = splitImage(c.image);
    if (typeof c.imagePullPolicy === 'string') image.pullPolicy = c.imagePullPolicy;
    const expr = setIn(ctx.values, scope, 'image', image, COMMENTS.image);
    ctx.values.comment([...scope.path, 'image', 'repository'], COMMENTS.imageRepository);
    ctx.values.comment([...scope.path, 'image', 'tag'], COMMENTS.imageTag);
    if (image.digest !== undefined) ctx.values.comment([...scope.path, 'image', 'digest'], COMMENTS.imageDigest);
    put(body, { t: 'scalar', key: 'image', expr: `include ${helper(ctx, 'image')} ${expr} | quote` });
    if (image.pullPolicy !== undefined) {
      ctx.values.comment([...scope.path, 'image', 'pullPolicy'], COMMENTS.pullPolicy);
      put(body, { t: 'scalar', key: 'imagePullPolicy', expr: `${expr}.pullPolicy | quote` });
    }
  }
  valueField(ctx, body, c, 'command', scope, COMMENTS.command);
  valueField(ctx, body, c, 'args', scope, COMMENTS.args);
  templateEnv(ctx, body, c, scope);
  valueField(ctx, body, c, 'envFrom', scope, COMMENTS.envFrom);
  valueField(ctx, body, c, 'ports', scope, COMMENTS.ports);
  valueField(ctx, body, c, 'resources', scope, COMMENTS.resources, {});
  templateProbes(ctx, body, c, scope);
  valueField(ctx, body, c, 'volumeMounts', scope, COMMENTS.volumeMounts);
}

function templateContainers(ctx: AppContext, spec: Body, podSpec: Obj, field: 'containers' | 'initContainers', scope: Scope): void {
  const list = podSpec[field];
  const items = openSeq(spec, field);
  if (!items || !Array.isArray(list)) return;
  if (field === 'containers' && list.length === 1) {
    templateContainer(ctx, items[0], list[0] as Obj, scope);
    return;
  }
  const group = subScope(scope, field);
  ctx.values.comment(group.path, COMMENTS[field]);
  const taken = new Set<string>();
  list.forEach((c, i) => {
    const key = uniqueKey(camelKey(typeof (c as Obj).name === 'string' ? ((c as Obj).name as string) : `container-${i}`), taken);
    templateContainer(ctx, items[i], c as Obj, subScope(group, key));
  });
}

function collectVolumeSecrets(ctx: AppContext, volumes: unknown): void {
  if (!Array.isArray(volumes)) return;
  for (const v of volumes) {
    if (!isPlainObject(v)) continue;
    const sources = isPlainObject(v.projected) && Array.isArray(v.projected.sources) ? v.projected.sources : [];
    const refs = [
      isPlainObject(v.secret) ? { name: v.secret.secretName, items: v.secret.items } : undefined,
      ...sources.map((s) => (isPlainObject(s) && isPlainObject(s.secret) ? { name: s.secret.name, items: s.secret.items } : undefined)),
    ];
    for (const ref of refs) {
      if (typeof ref?.name !== 'string') continue;
      const keys = Array.isArray(ref.items) ? ref.items.map((i) => (isPlainObject(i) && typeof i.key === 'string' ? i.key : '*')) : ['*'];
      for (const k of keys) needSecret(ctx, ref.name, k);
    }
  }
}

/** A pod spec: containers, volumes (Secret names through existingSecrets), scheduling. */
export function templatePodSpec(ctx: AppContext, spec: Body, podSpec: Obj, scope: Scope): void {
  templateContainers(ctx, spec, podSpec, 'initContainers', scope);
  templateContainers(ctx, spec, podSpec, 'containers', scope);
  if (Array.isArray(podSpec.volumes) && podSpec.volumes.length > 0) {
    collectVolumeSecrets(ctx, podSpec.volumes);
    const expr = setIn(ctx.values, scope, 'volumes', podSpec.volumes, COMMENTS.volumes);
    put(spec, {
      t: 'yaml',
      key: 'volumes',
      with: expr,
      value: `include ${helper(ctx, 'volumes')} (dict "volumes" . "secrets" ${ctx.scope.expr}.existingSecrets)`,
    });
  }
  valueField(ctx, spec, podSpec, 'imagePullSecrets', scope, COMMENTS.imagePullSecrets);
  valueField(ctx, spec, podSpec, 'nodeSelector', scope, COMMENTS.nodeSelector, {});
  valueField(ctx, spec, podSpec, 'affinity', scope, COMMENTS.affinity, {});
  valueField(ctx, spec, podSpec, 'tolerations', scope, COMMENTS.tolerations, []);
  valueField(ctx, spec, podSpec, 'topologySpreadConstraints', scope, COMMENTS.topologySpreadConstraints);
}
