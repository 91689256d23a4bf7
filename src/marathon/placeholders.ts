/**
 * Unrendered template placeholders inside string values, and image references no runtime can
 * pull. Teams kept Marathon definitions as templates (Ansible/Jinja `{{ var }}`, Mustache in
 * DC/OS Universe, `${VAR}` for envsubst, `__VAR__` for sed, `<your-image>` in docs); a file
 * converted before it was rendered must not become manifests that look fine. The JSON-syntax
 * check (parse.ts) catches placeholders where a value belongs; this one catches them inside
 * strings, where the JSON is valid.
 *
 * Each finding is an error at the field. What counts as a placeholder depends on what Marathon
 * did with the field, because some fields are evaluated at run time:
 * - shell text (`cmd`, a health check's or pod's shell command): `$X` and `${X}` are the
 *   shell's own syntax, and `__X__` / `<x>` may be sed tokens or redirections; only a
 *   `{{ name }}` is a placeholder there (the shell leaves it as is). Go templates (`{{.Field}}`,
 *   `{{ range … }}`), which tools in a command legitimately take, are not.
 * - text handed to the app (`args`, env and label values, docker parameter values): nothing
 *   expanded `$X` on Marathon either — the app (or its entrypoint) may, and Kubernetes passes it
 *   the same way — so `$X` stays. `{{ name }}` anywhere is a placeholder; `__X__`, `<x>`,
 *   `CHANGEME` only as the whole value (inside a longer text they may be meant).
 * - label and env keys: `{{ x }}`, `${X}` and `$X` (`__X__` is an ordinary variable name).
 * - every other field (id, image, user, constraints, URIs, paths, secret
 *   sources, numbers written as strings…) is read by Marathon or Mesos as written: every form
 *   is a placeholder there, `${X}` and `$X` included (in a URL only `${X}`: a bare `$` is an
 *   ordinary URL character).
 *
 * Measured on the shared corpus: 38 findings (and 3 invalid images) in 26 definitions, each a
 * real placeholder (documentation samples with `<my-image>`, `${MARATHON_IMAGE}`, Universe files
 * rendered without their values, `__FILL_IN_VERSION_HERE__`, `CHANGEME` credentials); `$VAR` in
 * the 60-odd commands and health checks gives none.
 */
import type { SchemaIssue } from './validate.js';

/** `name`: a label or env key, where `__X__` is an ordinary name (`__PYVENV_LAUNCHER__`). */
type FieldClass = 'shell' | 'text' | 'plain' | 'name';

const MUSTACHE = /\{\{(.*?)\}\}|\{%.*?%\}/g;
/** What opens a Go template action (text/template, consul-template): not a placeholder. */
const GO_TEMPLATE = /^-?\s*([.$]|(range|if|else|end|with|define|template|block|printf|print|index|len|and|or|not|eq|ne|lt|le|gt|ge|key|keyOrDefault|env|service|services|tree|ls|file|toJSON|parseJSON|timestamp)\b)/;
const DOLLAR_BRACES = /\$\{[A-Za-z_][\w.-]*(?:[:?=+-][^}]*)?\}/;
/** A bare `$NAME`; not in URLs, where `$` is an ordinary character (`?$filter=`, `$$x`). */
const DOLLAR_BARE = /(?<!\$)\$[A-Za-z_]\w*/;
const DUNDER = /__[A-Z][A-Z0-9_]*__/;
const ANGLE = /<[A-Za-z][\w ./-]*>/;
/**
 * The conventional tokens, in capitals as templates write them: a lower-case `changeme` is as
 * often a real (poor) default password, which the app did run with.
 */
const FILL_ME = /\b(CHANGE[_-]?ME|REPLACE[_-]?ME|REPLACE[_-]WITH[\w-]*|FILL[_-]?(?:ME[_-]?)?IN)\b/;
/** Quick reject: most strings hold none of the characters a placeholder needs. */
const MAYBE = /[{$<_]|CHANGE|REPLACE|FILL/;

/** Placeholder issues of one Marathon object (app, pod, job, or a group with its members). */
export function placeholderIssues(kind: 'app' | 'pod' | 'job' | 'group', raw: unknown): SchemaIssue[] {
  const out: SchemaIssue[] = [];
  if (kind === 'group') checkGroup(raw, '', out);
  else if (isObj(raw)) checkObject(raw, '', [], out, kind);
  return out;
}

/** Groups: their own fields, then each member as its kind. */
function checkGroup(group: unknown, at: string, out: SchemaIssue[]): void {
  if (!isObj(group)) return;
  for (const [key, value] of Object.entries(group)) {
    const pointer = `${at}/${escape(key)}`;
    if ((key === 'apps' || key === 'pods' || key === 'groups') && Array.isArray(value)) {
      value.forEach((member, i) => {
        if (key === 'groups') checkGroup(member, `${pointer}/${i}`, out);
        else if (isObj(member)) checkObject(member, `${pointer}/${i}`, [], out, key === 'apps' ? 'app' : 'pod');
      });
    } else if (!RESPONSE_FIELDS.has(key)) {
      checkValue(value, pointer, [key], out);
    }
  }
}

/** API-response state (tasks, deployments, versions…) is not the definition. */
const RESPONSE_FIELDS = new Set([
  'version', 'versionInfo', 'tasks', 'deployments', 'tasksRunning', 'tasksStaged', 'tasksHealthy', 'tasksUnhealthy',
  'lastTaskFailure', 'tasksStats', 'taskStats', 'readinessCheckResults', 'counts', 'instances', 'status', 'statusSince',
  'history', 'activeRuns', 'historySummary', 'terminationHistory', 'scaleBy',
]);

function checkObject(o: Record<string, unknown>, at: string, path: string[], out: SchemaIssue[], kind: 'app' | 'pod' | 'job'): void {
  for (const [key, value] of Object.entries(o)) {
    // Top-level response state; `instances` is a pod status' list but an app's count.
    if (path.length === 0 && RESPONSE_FIELDS.has(key) && !(key === 'instances' && kind === 'app')) continue;
    checkValue(value, `${at}/${escape(key)}`, [...path, key], out);
  }
}

function checkValue(value: unknown, pointer: string, path: string[], out: SchemaIssue[]): void {
  if (typeof value === 'string') {
    const found = placeholderIn(value, classOf(path));
    if (found !== undefined) out.push(placeholderIssue(pointer, value, found, path.some((t) => SENSITIVE.test(t))));
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((v, i) => checkValue(v, `${pointer}/${i}`, [...path, String(i)], out));
    return;
  }
  if (!isObj(value)) return;
  // The keys of labels and env are names Marathon used as written.
  const named = KEYED.has(path[path.length - 1] ?? '');
  for (const [key, v] of Object.entries(value)) {
    const child = `${pointer}/${escape(key)}`;
    if (named) {
      const found = placeholderIn(key, 'name');
      if (found !== undefined) out.push({ ...placeholderIssue(child, key, found), message: `the name "${short(key)}" holds an unrendered template placeholder (${short(found)}): nothing fills it in at run time, on Marathon neither` });
    }
    checkValue(v, child, [...path, key], out);
  }
}

const KEYED = new Set(['labels', 'env', 'environment']);

/** How Marathon and Mesos treated the string at a path (tokens relative to the app, pod or job). */
function classOf(path: readonly string[]): FieldClass {
  const last = path[path.length - 1];
  const parent = path[path.length - 2];
  if (last === 'cmd' || last === 'shell' || (last === 'value' && parent === 'command')) return 'shell';
  if (parent === 'args' || parent === 'argv' || (parent !== undefined && KEYED.has(parent)) || last === 'description') return 'text';
  if (last === 'value' && path[path.length - 3] === 'parameters') return 'text';
  return 'plain';
}

/** The placeholder found in a value, as shown in the finding, or undefined. */
export function placeholderIn(value: string, field: FieldClass): string | undefined {
  if (!MAYBE.test(value)) return undefined;
  for (const m of value.matchAll(MUSTACHE)) {
    const inner = m[1];
    if (field !== 'plain' && inner !== undefined && GO_TEMPLATE.test(inner.trim())) continue;
    return m[0];
  }
  if (field === 'shell') return undefined;
  if (field === 'text') {
    const whole = value.trim();
    const m = DUNDER.exec(whole) ?? ANGLE.exec(whole) ?? FILL_ME.exec(whole);
    return m && m[0] === whole ? whole : undefined;
  }
  const bare = value.includes('://') ? null : DOLLAR_BARE.exec(value);
  if (field === 'name') return (DOLLAR_BRACES.exec(value) ?? bare)?.[0];
  return (DOLLAR_BRACES.exec(value) ?? bare ?? DUNDER.exec(value) ?? ANGLE.exec(value) ?? FILL_ME.exec(value))?.[0];
}

/** Fields whose value may be a credential: the finding names the placeholder, never the value. */
const SENSITIVE = /secret|passw|credential|token|private.?key|access.?key/i;

function placeholderIssue(pointer: string, value: string, found: string, hideValue = false): SchemaIssue {
  const subject = hideValue ? 'the value' : `"${short(value)}"`;
  const what = found === value.trim() ? `${subject} is` : `${subject} holds`;
  return {
    pointer,
    code: 'unrendered-placeholder',
    message: `${what} an unrendered template placeholder (${short(found)}): nothing fills it in at run time, on Marathon neither`,
    hint: 'render the template with its values (or write the real value), then convert the result',
  };
}

// ─── image references ────────────────────────────────────────────────────────────────────────

/**
 * Docker's reference grammar (distribution/reference): an optional registry host (with port),
 * lower-case path components, an optional tag and digest. Kubernetes' API accepts any string,
 * but the kubelet's runtime (like Docker under Mesos) refuses to pull anything else.
 */
const COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const DOMAIN = '(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)(?:\\.(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?))*(?::[0-9]+)?';
const REFERENCE = new RegExp(
  `^(?:${DOMAIN}/)?${COMPONENT}(?:/${COMPONENT})*(?::[\\w][\\w.-]{0,127})?(?:@[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,})?$`,
);

export function isValidImageReference(image: string): boolean {
  return image.length <= 255 + 128 + 80 && REFERENCE.test(image);
}

/** Where each kind keeps its image references (relative pointers), with their values. */
export function imageFields(kind: 'app' | 'pod' | 'job' | 'group', raw: unknown, at = ''): [string, unknown][] {
  if (!isObj(raw)) return [];
  const get = (o: unknown, ...keys: string[]): unknown => keys.reduce<unknown>((v, k) => (isObj(v) ? v[k] : undefined), o);
  switch (kind) {
    case 'app':
      return [[`${at}/container/docker/image`, get(raw, 'container', 'docker', 'image')]];
    case 'job':
      return [[`${at}/run/docker/image`, get(raw, 'run', 'docker', 'image')], [`${at}/run/ucr/image/id`, get(raw, 'run', 'ucr', 'image', 'id')]];
    case 'pod':
      return (Array.isArray(raw.containers) ? raw.containers : []).map((c, i): [string, unknown] => [`${at}/containers/${i}/image/id`, get(c, 'image', 'id')]);
    case 'group': {
      const members = (key: string, k: 'app' | 'pod' | 'group') =>
        (Array.isArray(raw[key]) ? (raw[key] as unknown[]) : []).flatMap((m, i) => imageFields(k, m, `${at}/${key}/${i}`));
      return [...members('apps', 'app'), ...members('pods', 'pod'), ...members('groups', 'group')];
    }
  }
}

/** Invalid image references, except where a placeholder was already reported. */
export function imageIssues(kind: 'app' | 'pod' | 'job' | 'group', raw: unknown, reported: ReadonlySet<string>): SchemaIssue[] {
  const out: SchemaIssue[] = [];
  for (const [pointer, image] of imageFields(kind, raw)) {
    // Empty: the schema says so (and the default image is used); a placeholder: said already.
    if (typeof image !== 'string' || image === '' || reported.has(pointer) || isValidImageReference(image)) continue;
    out.push({
      pointer,
      code: 'image-reference-invalid',
      message: `"${short(image)}" is not a valid image reference (registry/name:tag with a lower-case name); no runtime can pull it, and Mesos could not either`,
      hint: 'write the image as [registry[:port]/]name[:tag][@digest], e.g. registry.example.com/team/app:1.4',
    });
  }
  return out;
}

// ─── helpers ─────────────────────────────────────────────────────────────────────────────────

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function escape(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

function short(text: string): string {
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
}
