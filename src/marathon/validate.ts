/**
 * Schema validation of Marathon apps, pods, groups and Metronome jobs, plus the cross-field
 * rules of Marathon's own validators (AppValidation.scala, PodsValidation.scala, …) that a JSON
 * Schema cannot express simply. See shared/reference/MARATHON-FIELDS.md §2.9.
 *
 * The schemas (schemas/*.schema.json) check shapes and types; every rule below is a small named
 * function that looks at one concern and returns issues with a JSON pointer relative to the
 * object validated. Rules never throw on malformed input: the schema already reports bad types,
 * so a rule simply skips what it cannot read.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

export interface SchemaIssue {
  /** JSON pointer relative to the object validated, e.g. "/container/docker/image" ('' = the object). */
  pointer: string;
  message: string;
}

export type MarathonKind = 'app' | 'pod' | 'group' | 'job';

/** The schema file of each input kind (under the package's schemas/ directory). */
const SCHEMA_FILES: Record<MarathonKind, string> = {
  app: 'marathon-app.schema.json',
  pod: 'marathon-pod.schema.json',
  group: 'marathon-group.schema.json',
  job: 'metronome-job.schema.json',
};

export function validateMarathon(kind: MarathonKind, raw: unknown): SchemaIssue[] {
  const validate = validatorFor(kind);
  const issues = validate(raw) ? [] : issuesFromAjv(validate.errors ?? []);
  if (isObj(raw)) {
    const ruleIssues = kind === 'app' ? appRules(raw, '')
      : kind === 'pod' ? podRules(raw, '')
      : kind === 'group' ? groupRules(raw, '', '/')
      : jobRules(raw, '');
    issues.push(...ruleIssues);
  }
  return dedupe(issues);
}

// ─── schema loading ──────────────────────────────────────────────────────────────────────────

let ajv: Ajv2020 | undefined;
const validators = new Map<MarathonKind, ValidateFunction>();

/** The package root: the nearest directory above this module holding package.json. The module
 * runs as src/marathon/validate.ts (tests) and as dist/src/marathon/validate.js (built), so the
 * depth differs and a fixed '../..' would be wrong in one of them. */
function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`marathon2k8s: no package.json above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
}

function getAjv(): Ajv2020 {
  if (ajv) return ajv;
  const instance = new Ajv2020({
    allErrors: true,
    // verbose: errors carry parentSchema (for 'x-message') and data (for "got …").
    verbose: true,
    // The schemas keep type-less $defs and say the type where a def is used (so null can be
    // allowed per use site); strictTypes would flag exactly that pattern.
    strict: true,
    strictTypes: false,
    strictTuples: false,
    strictRequired: false,
    allowUnionTypes: true,
  });
  // ajv-formats is CommonJS; under NodeNext its default import is module.exports, whose
  // `.default` is the plugin (the same function).
  const addFormats = (addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule;
  (addFormats as unknown as (a: Ajv2020) => void)(instance);
  // Annotation keyword: a human message replacing the generic one of a failing keyword.
  instance.addKeyword({ keyword: 'x-message', schemaType: 'string' });
  // Case-insensitive enum: Marathon 1.5+'s RAML-generated readers lower-case enum literals
  // before matching them (type-generator EnumVisitor), so "http" or "docker" are accepted.
  instance.addKeyword({
    keyword: 'x-enum-ci',
    type: 'string',
    schemaType: 'array',
    validate: (allowed: string[], data: string) => allowed.some((v) => v.toLowerCase() === data.toLowerCase()),
  });
  const dir = join(packageRoot(), 'schemas');
  // All schemas are added up front because the group schema refers to the app and pod ones;
  // each is compiled only when first used.
  for (const file of Object.values(SCHEMA_FILES)) {
    instance.addSchema(JSON.parse(readFileSync(join(dir, file), 'utf8')) as object, file);
  }
  ajv = instance;
  return instance;
}

function validatorFor(kind: MarathonKind): ValidateFunction {
  let v = validators.get(kind);
  if (!v) {
    const file = SCHEMA_FILES[kind];
    v = getAjv().getSchema(file);
    if (!v) throw new Error(`marathon2k8s: schema ${file} did not compile`);
    validators.set(kind, v);
  }
  return v;
}

// ─── ajv errors → short human messages ───────────────────────────────────────────────────────

const TYPE_NAMES: Record<string, string> = {
  string: 'a string', number: 'a number', integer: 'an integer', boolean: 'a boolean (true or false)',
  object: 'an object', array: 'an array', null: 'null',
};

function issuesFromAjv(errors: ErrorObject[]): SchemaIssue[] {
  // 'if' errors only say "must match then/else schema"; the branch's own errors say why.
  let errs = errors.filter((e) => e.keyword !== 'if' && e.keyword !== 'propertyNames');
  errs = collapseUnions(errs);
  return errs.map(describe);
}

/** anyOf/oneOf report every failing branch plus themselves. Keep the errors from the branch
 * that got past its type check (they are deeper than the union) or, when every branch failed
 * at the union's own location, a single "must be X or Y" message. */
function collapseUnions(errs: ErrorObject[]): ErrorObject[] {
  const unions = errs.filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf');
  if (unions.length === 0) return errs;
  const drop = new Set<ErrorObject>();
  const add: ErrorObject[] = [];
  for (const u of unions) {
    if (drop.has(u)) continue;
    const branch = errs.filter((e) => e !== u && e.schemaPath.startsWith(u.schemaPath + '/'));
    branch.forEach((e) => drop.add(e));
    if (u.keyword === 'oneOf' && branch.length === 0) continue; // matched several branches: keep as is
    const deeper = branch.filter((e) => e.instancePath !== u.instancePath && !unions.includes(e));
    if (deeper.length > 0) {
      drop.add(u);
      add.push(...deeper);
      continue;
    }
    const types = new Set<string>();
    for (const e of branch) {
      if (e.keyword === 'type') String(e.params.type).split(',').forEach((t) => types.add(t));
    }
    types.delete('null');
    if (types.size > 0) {
      drop.add(u);
      add.push({ ...u, keyword: 'type', params: { type: [...types].join(',') } });
    }
  }
  return [...errs.filter((e) => !drop.has(e)), ...add];
}

function escapePointer(key: string | number): string {
  return String(key).replace(/~/g, '~0').replace(/\//g, '~1');
}

function got(data: unknown): string {
  if (data === null || typeof data === 'object' || data === undefined) return '';
  const text = JSON.stringify(data);
  return ` (got ${text.length > 60 ? text.slice(0, 57) + '…' : text})`;
}

function describe(e: ErrorObject): SchemaIssue {
  const parent = (e.parentSchema ?? {}) as Record<string, unknown>;
  const custom = e.keyword !== 'type' && typeof parent['x-message'] === 'string' ? parent['x-message'] : undefined;
  let pointer = e.instancePath;
  const p = e.params as Record<string, unknown>;
  // Errors inside propertyNames are about a key, not a value: point at that key.
  const propertyName = (e as ErrorObject & { propertyName?: string }).propertyName;
  if (propertyName !== undefined) {
    return { pointer: `${pointer}/${escapePointer(propertyName)}`, message: custom ?? `invalid name ${JSON.stringify(propertyName)}` };
  }
  let message: string;
  switch (e.keyword) {
    case 'type': {
      const types = String(p.type).split(',').filter((t) => t !== 'null');
      message = `must be ${types.map((t) => TYPE_NAMES[t] ?? t).join(' or ')}${got(e.data)}`;
      break;
    }
    case 'required':
      if (custom) message = custom;
      else {
        pointer = `${pointer}/${escapePointer(String(p.missingProperty))}`;
        message = 'is required';
      }
      break;
    case 'enum':
    case 'x-enum-ci': {
      const values = e.keyword === 'enum' ? (p.allowedValues as unknown[]) : (e.schema as unknown[]);
      const allowed = values.filter((v) => v !== null).map((v) => String(v));
      message = (custom ?? `must be one of ${allowed.join(', ')}`) + got(e.data);
      break;
    }
    case 'const':
      message = (custom ?? `must be ${JSON.stringify(p.allowedValue)}`) + got(e.data);
      break;
    case 'minimum':
    case 'maximum':
      message = typeof parent.minimum === 'number' && typeof parent.maximum === 'number'
        ? `must be between ${parent.minimum} and ${parent.maximum}${got(e.data)}`
        : `must be ${e.keyword === 'minimum' ? 'at least' : 'at most'} ${String(p.limit)}${got(e.data)}`;
      break;
    case 'exclusiveMinimum':
      message = `must be greater than ${String(p.limit)}${got(e.data)}`;
      break;
    case 'exclusiveMaximum':
      message = `must be less than ${String(p.limit)}${got(e.data)}`;
      break;
    case 'minLength':
      message = custom ? custom + got(e.data) : p.limit === 1 ? 'must not be empty' : `must be at least ${String(p.limit)} characters long`;
      break;
    case 'maxLength':
      message = custom ? custom + got(e.data) : `must be at most ${String(p.limit)} characters long`;
      break;
    case 'pattern':
      message = (custom ?? `must match ${String(p.pattern)}`) + got(e.data);
      break;
    case 'minItems':
      message = custom ?? `must have at least ${String(p.limit)} item${p.limit === 1 ? '' : 's'}`;
      break;
    case 'maxItems':
      message = custom ?? `must have at most ${String(p.limit)} item${p.limit === 1 ? '' : 's'}`;
      break;
    case 'uniqueItems':
      message = `must not contain duplicates (items ${String(p.j)} and ${String(p.i)} are equal)`;
      break;
    case 'format':
      message = p.format === 'date-time' ? `must be an RFC 3339 date-time such as 2017-04-21T00:23:50.363Z${got(e.data)}` : `must be a valid ${String(p.format)}${got(e.data)}`;
      break;
    case 'additionalProperties':
      pointer = `${pointer}/${escapePointer(String(p.additionalProperty))}`;
      message = 'is not a known field here (this schema rejects unknown fields)';
      break;
    case 'not':
      message = custom ?? 'is not allowed here';
      break;
    case 'anyOf':
    case 'oneOf':
      message = custom ?? (e.keyword === 'oneOf' && p.passingSchemas ? 'matches more than one allowed form' : 'does not match any allowed form');
      break;
    default:
      message = custom ?? e.message ?? `fails ${e.keyword}`;
  }
  return { pointer, message };
}

/** One issue per pointer: distinct messages for the same location are joined. */
function dedupe(issues: SchemaIssue[]): SchemaIssue[] {
  const byPointer = new Map<string, string[]>();
  for (const { pointer, message } of issues) {
    const list = byPointer.get(pointer) ?? [];
    if (!list.includes(message)) list.push(message);
    byPointer.set(pointer, list);
  }
  return [...byPointer].map(([pointer, messages]) => ({ pointer, message: messages.join('; ') }));
}

// ─── helpers for the rules ───────────────────────────────────────────────────────────────────

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
function list(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}
function obj(v: unknown): Obj {
  return isObj(v) ? v : {};
}
function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}
/** Enum values compared the way Marathon reads them: case-insensitively. */
function is(v: unknown, value: string): boolean {
  return typeof v === 'string' && v.toLowerCase() === value.toLowerCase();
}
function lower(v: unknown): string | undefined {
  return typeof v === 'string' ? v.toLowerCase() : undefined;
}
function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}
/** JSON pointer from a base and path parts, escaping '~' and '/'. */
function ptr(base: string, ...parts: (string | number)[]): string {
  return base + parts.map((p) => '/' + escapePointer(p)).join('');
}
function issue(pointer: string, message: string): SchemaIssue {
  return { pointer, message };
}

type Rule = (o: Obj, at: string) => SchemaIssue[];

/** Marathon's default container type is DOCKER when a container is given without a type. */
function containerType(app: Obj): 'DOCKER' | 'MESOS' | undefined {
  if (!isObj(app.container)) return undefined;
  return is(app.container.type, 'MESOS') ? 'MESOS' : 'DOCKER';
}

/** Is the value a non-empty array (exports carry [] and null for "not set")? */
function nonEmpty(v: unknown): v is unknown[] {
  return Array.isArray(v) && v.length > 0;
}

function appVolumes(app: Obj): unknown[] {
  return list(obj(app.container).volumes);
}

function isResident(volumes: unknown[]): boolean {
  return volumes.some((v) => isObj(v) && isObj(v.persistent));
}

// ─── shared rules (apps and pods) ────────────────────────────────────────────────────────────

const RESERVED_ID_SEGMENTS = new Set(['restart', 'tasks', 'versions', '.', '..']);

/** PathId.scala: an app or pod id must not be the root and its last segment not a reserved word. */
function runSpecIdRules(o: Obj, at: string): SchemaIssue[] {
  const id = str(o.id);
  if (id === undefined) return [];
  const segments = id.split('/').filter((s) => s !== '');
  if (segments.length === 0) return [issue(ptr(at, 'id'), 'must not be the root group "/"')];
  const last = segments[segments.length - 1]!;
  if (RESERVED_ID_SEGMENTS.has(last)) {
    return [issue(ptr(at, 'id'), `must not end in the reserved word "${last}" (Marathon uses it in its REST paths)`)];
  }
  return [];
}

/** Secret references by name must be declared in the `secrets` map of the same app or pod. */
function missingSecret(secrets: unknown, name: unknown, pointer: string): SchemaIssue[] {
  if (typeof name !== 'string') return [];
  if (isObj(secrets) && Object.hasOwn(secrets, name)) return [];
  return [issue(pointer, `secret "${name}" is not declared in secrets`)];
}

function envSecretRefs(env: unknown, secrets: unknown, pointer: string): SchemaIssue[] {
  if (!isObj(env)) return [];
  return Object.entries(env).flatMap(([key, value]) =>
    isObj(value) ? missingSecret(secrets, value.secret, ptr(pointer, key, 'secret')) : []);
}

/** NetworkValidation: one host, or one container/bridge, or 1..n container networks; no mixing;
 * host and bridge networks have no name; container network names are unique, with at most one
 * unnamed (which takes --default_network_name). */
function networkRules(networks: unknown, at: string): SchemaIssue[] {
  const nets = list(networks).filter(isObj);
  if (nets.length === 0) return [];
  const out: SchemaIssue[] = [];
  const modeOf = (n: Obj): string => lower(n.mode) ?? 'container';
  const modes = new Set(nets.map(modeOf));
  if (modes.size > 1) {
    out.push(issue(ptr(at, 'networks'), `must not mix network modes (${[...modes].join(', ')})`));
  } else if ((modes.has('host') || modes.has('container/bridge')) && nets.length > 1) {
    out.push(issue(ptr(at, 'networks'), `allows only one ${[...modes][0]} network`));
  }
  const names = new Map<string, number>();
  let unnamed = -1;
  list(networks).forEach((n, i) => {
    if (!isObj(n)) return;
    const name = str(n.name);
    const mode = modeOf(n);
    if (mode !== 'container' && name !== undefined) {
      out.push(issue(ptr(at, 'networks', i, 'name'), `a ${mode} network must not have a name`));
    }
    if (mode !== 'container') return;
    if (name === undefined) {
      if (unnamed >= 0) out.push(issue(ptr(at, 'networks', i), `only one container network may be unnamed (also /networks/${unnamed})`));
      else unnamed = i;
    } else if (names.has(name)) {
      out.push(issue(ptr(at, 'networks', i, 'name'), `network "${name}" is already declared at /networks/${names.get(name)}`));
    } else names.set(name, i);
  });
  return out;
}

/** UnreachableStrategy: inactiveAfterSeconds ≤ expungeAfterSeconds. */
function unreachableOrder(strategy: unknown, pointer: string): SchemaIssue[] {
  if (!isObj(strategy)) return [];
  const inactive = num(strategy.inactiveAfterSeconds) ?? 0;
  const expunge = num(strategy.expungeAfterSeconds) ?? 0;
  return inactive > expunge
    ? [issue(ptr(pointer, 'inactiveAfterSeconds'), `must not be greater than expungeAfterSeconds (${inactive} > ${expunge})`)]
    : [];
}

/** Each numeric resourceLimits value must be ≥ the requested amount ("unlimited" is fine). */
function limitsVersusRequests(limits: unknown, cpus: number, mem: number, pointer: string): SchemaIssue[] {
  if (!isObj(limits)) return [];
  const out: SchemaIssue[] = [];
  const cpuLimit = num(limits.cpus);
  if (cpuLimit !== undefined && cpuLimit < cpus) out.push(issue(ptr(pointer, 'cpus'), `must not be below the requested cpus (${cpuLimit} < ${cpus})`));
  const memLimit = num(limits.mem);
  if (memLimit !== undefined && memLimit < mem) out.push(issue(ptr(pointer, 'mem'), `must not be below the requested mem (${memLimit} < ${mem})`));
  return out;
}

/** Persistent volume info: root volumes take no constraints; maxSize only for mount, above size. */
function persistentInfoRules(persistent: Obj, pointer: string): SchemaIssue[] {
  const out: SchemaIssue[] = [];
  const type = lower(persistent.type) ?? 'root';
  if (type === 'root' && nonEmpty(persistent.constraints)) {
    out.push(issue(ptr(pointer, 'constraints'), 'root persistent volumes cannot have constraints (use type "path" or "mount")'));
  }
  const maxSize = num(persistent.maxSize);
  if (maxSize !== undefined) {
    if (type !== 'mount') out.push(issue(ptr(pointer, 'maxSize'), 'is only allowed for "mount" persistent volumes'));
    const size = num(persistent.size);
    if (size !== undefined && maxSize <= size) out.push(issue(ptr(pointer, 'maxSize'), `must be greater than size (${maxSize} ≤ ${size})`));
  }
  return out;
}

// ─── app rules (AppValidation.scala) ─────────────────────────────────────────────────────────

/** cmd is run through /bin/sh -c, args is the argv: Marathon rejects both together. */
function cmdWithArgs(app: Obj, at: string): SchemaIssue[] {
  return typeof app.cmd === 'string' && nonEmpty(app.args)
    ? [issue(ptr(at, 'args'), 'must not be set together with cmd (cmd runs in a shell, args is the argv)')]
    : [];
}

/** Something must say what to run: cmd, args, or a container image (or a MESOS sandbox). */
function commandOrContainer(app: Obj, at: string): SchemaIssue[] {
  if (typeof app.cmd === 'string' || nonEmpty(app.args)) return [];
  const c = obj(app.container);
  if (isObj(c.docker) || isObj(c.appc) || is(c.type, 'MESOS')) return [];
  return [issue(ptr(at, 'cmd'), 'an app needs cmd, args or a container image')];
}

/** env {"secret": name}, secret volumes and docker.pullConfig must name a declared secret. */
function appSecretRefs(app: Obj, at: string): SchemaIssue[] {
  const out = envSecretRefs(app.env, app.secrets, ptr(at, 'env'));
  appVolumes(app).forEach((v, i) => {
    if (isObj(v) && v.secret !== undefined) out.push(...missingSecret(app.secrets, v.secret, ptr(at, 'container', 'volumes', i, 'secret')));
  });
  const pull = obj(obj(obj(app.container).docker).pullConfig);
  out.push(...missingSecret(app.secrets, pull.secret, ptr(at, 'container', 'docker', 'pullConfig', 'secret')));
  return out;
}

/** Port names are unique within portDefinitions and within portMappings (they become
 * $PORT_<NAME> variables). */
function duplicatePortNames(app: Obj, at: string): SchemaIssue[] {
  const container = obj(app.container);
  const lists: [unknown, string[]][] = [
    [app.portDefinitions, ['portDefinitions']],
    [container.portMappings, ['container', 'portMappings']],
    [obj(container.docker).portMappings, ['container', 'docker', 'portMappings']],
    [obj(obj(app.ipAddress).discovery).ports, ['ipAddress', 'discovery', 'ports']],
  ];
  const out: SchemaIssue[] = [];
  for (const [ports, path] of lists) {
    const seen = new Map<string, number>();
    list(ports).forEach((p, i) => {
      const name = isObj(p) ? str(p.name) : undefined;
      if (name === undefined) return;
      const first = seen.get(name);
      if (first !== undefined) out.push(issue(ptr(at, ...path, i, 'name'), `port name "${name}" is already used by ${ptr('', ...path, first)}`));
      else seen.set(name, i);
    });
  }
  return out;
}

/** Non-zero ports / portDefinitions ports must be unique (0 means "assign one"). */
function duplicatePortNumbers(app: Obj, at: string): SchemaIssue[] {
  const out: SchemaIssue[] = [];
  const check = (values: unknown[], path: string[], read: (v: unknown) => number | undefined) => {
    const seen = new Map<number, number>();
    values.forEach((v, i) => {
      const port = read(v);
      if (port === undefined || port === 0) return;
      const first = seen.get(port);
      if (first !== undefined) out.push(issue(ptr(at, ...path, i), `port ${port} is already used by ${ptr('', ...path, first)}`));
      else seen.set(port, i);
    });
  };
  check(list(app.ports), ['ports'], num);
  check(list(app.portDefinitions), ['portDefinitions'], (v) => (isObj(v) ? num(v.port) : undefined));
  return out;
}

function appResourceLimits(app: Obj, at: string): SchemaIssue[] {
  return limitsVersusRequests(app.resourceLimits, num(app.cpus) ?? 1, num(app.mem) ?? 128, ptr(at, 'resourceLimits'));
}

function singleReadinessCheck(app: Obj, at: string): SchemaIssue[] {
  const checks = list(app.readinessChecks);
  return checks.length > 1 ? [issue(ptr(at, 'readinessChecks', 1), `at most one readiness check is allowed (got ${checks.length})`)] : [];
}

/** A readiness check's timeout must be shorter than its interval (defaults 10 and 30). */
function readinessTimeouts(app: Obj, at: string): SchemaIssue[] {
  return list(app.readinessChecks).flatMap((c, i) => {
    if (!isObj(c)) return [];
    const timeout = num(c.timeoutSeconds) ?? 10;
    const interval = num(c.intervalSeconds) ?? 30;
    return timeout >= interval ? [issue(ptr(at, 'readinessChecks', i, 'timeoutSeconds'), `must be less than intervalSeconds (${timeout} ≥ ${interval})`)] : [];
  });
}

/** Local persistent volumes live in the sandbox: containerPath is a single relative directory,
 * the mode is RW, and the volume info follows persistentInfoRules. */
function persistentVolumePaths(app: Obj, at: string): SchemaIssue[] {
  const out: SchemaIssue[] = [];
  appVolumes(app).forEach((v, i) => {
    if (!isObj(v) || !isObj(v.persistent)) return;
    const path = str(v.containerPath);
    if (path !== undefined && (path.includes('/') || path === '.' || path === '..')) {
      out.push(issue(ptr(at, 'container', 'volumes', i, 'containerPath'),
        `a persistent volume's containerPath must be a single relative directory name such as "data" (got ${JSON.stringify(path)})`));
    }
    if (typeof v.mode === 'string' && !is(v.mode, 'RW')) out.push(issue(ptr(at, 'container', 'volumes', i, 'mode'), 'persistent volumes must be mounted RW'));
    out.push(...persistentInfoRules(v.persistent, ptr(at, 'container', 'volumes', i, 'persistent')));
  });
  return out;
}

/** Resident apps (with persistent volumes) are pinned to reserved resources: Marathon requires
 * acceptedResourceRoles ["*"], unreachableStrategy "disabled" and maximumOverCapacity 0. */
function residentApp(app: Obj, at: string): SchemaIssue[] {
  if (!isResident(appVolumes(app))) return [];
  const out: SchemaIssue[] = [];
  const roles = list(app.acceptedResourceRoles);
  if (roles.length > 0 && !(roles.length === 1 && roles[0] === '*')) {
    out.push(issue(ptr(at, 'acceptedResourceRoles'), 'an app with persistent volumes must use ["*"]'));
  }
  const unreachable = app.unreachableStrategy;
  if (unreachable !== undefined && unreachable !== null && !is(unreachable, 'disabled')) {
    out.push(issue(ptr(at, 'unreachableStrategy'), 'an app with persistent volumes must use "disabled"'));
  }
  const over = num(obj(app.upgradeStrategy).maximumOverCapacity);
  if (over !== undefined && over !== 0) {
    out.push(issue(ptr(at, 'upgradeStrategy', 'maximumOverCapacity'), `must be 0 for an app with persistent volumes (got ${over})`));
  }
  return out;
}

/** The deprecated network API (ipAddress, docker.network) must not be mixed with networks, and
 * IP-per-task apps get no host ports. */
function deprecatedNetworkMixing(app: Obj, at: string): SchemaIssue[] {
  const out: SchemaIssue[] = [];
  const docker = obj(obj(app.container).docker);
  const hasNetworks = nonEmpty(app.networks);
  if (isObj(app.ipAddress) && hasNetworks) out.push(issue(ptr(at, 'ipAddress'), 'must not be combined with networks (cannot mix the deprecated and the 1.5 network APIs)'));
  if (typeof docker.network === 'string' && hasNetworks) out.push(issue(ptr(at, 'container', 'docker', 'network'), 'must not be combined with networks (cannot mix the deprecated and the 1.5 network APIs)'));
  if (isObj(app.ipAddress) && (nonEmpty(app.ports) || nonEmpty(app.portDefinitions))) {
    out.push(issue(ptr(at, nonEmpty(app.ports) ? 'ports' : 'portDefinitions'), 'must be empty when ipAddress is set (IP-per-task apps declare ports in ipAddress.discovery or portMappings)'));
  }
  if (is(docker.network, 'NONE')) out.push(issue(ptr(at, 'container', 'docker', 'network'), 'NONE is not supported (Marathon 1.5+ rejects it)'));
  return out;
}

function appNetworks(app: Obj, at: string): SchemaIssue[] {
  const out = networkRules(app.networks, at);
  const containerNets = list(app.networks).filter((n) => isObj(n) && (lower(n.mode) ?? 'container') === 'container');
  if (containerType(app) === 'DOCKER' && containerNets.length > 1) {
    out.push(issue(ptr(at, 'networks'), 'the Docker containerizer supports only one container network'));
  }
  return out;
}

/** With explicit 1.5 networks: portDefinitions are for host networking, portMappings are not. */
function portsMatchNetworking(app: Obj, at: string): SchemaIssue[] {
  const nets = list(app.networks).filter(isObj);
  if (nets.length === 0) return [];
  const host = nets.every((n) => is(n.mode, 'host'));
  if (host && nonEmpty(obj(app.container).portMappings)) {
    return [issue(ptr(at, 'container', 'portMappings'), 'portMappings are not allowed with host networking (use portDefinitions)')];
  }
  if (!host && nonEmpty(app.portDefinitions)) {
    return [issue(ptr(at, 'portDefinitions'), 'portDefinitions are only allowed with host networking (use container.portMappings)')];
  }
  return [];
}

/** portMappings[].networkNames must name declared container networks. */
function portMappingNetworkNames(app: Obj, at: string): SchemaIssue[] {
  const declared = new Set(list(app.networks).flatMap((n) => (isObj(n) && typeof n.name === 'string' ? [n.name] : [])));
  const out: SchemaIssue[] = [];
  list(obj(app.container).portMappings).forEach((m, i) => {
    list(isObj(m) ? m.networkNames : undefined).forEach((name, j) => {
      if (typeof name === 'string' && !declared.has(name)) {
        out.push(issue(ptr(at, 'container', 'portMappings', i, 'networkNames', j), `network "${name}" is not declared in networks`));
      }
    });
  });
  return out;
}

/** Docker-only and Mesos-only container features. docker.credential is not flagged: it was the
 * ≤1.4 way to authenticate a Mesos-containerizer pull and is a legacy form we accept. */
function containerizerFeatures(app: Obj, at: string): SchemaIssue[] {
  const type = containerType(app);
  if (!type) return [];
  const docker = obj(obj(app.container).docker);
  const out: SchemaIssue[] = [];
  if (type === 'MESOS') {
    if (nonEmpty(docker.parameters)) out.push(issue(ptr(at, 'container', 'docker', 'parameters'), 'docker parameters are only supported by the Docker containerizer (container.type DOCKER)'));
    if (docker.privileged === true) out.push(issue(ptr(at, 'container', 'docker', 'privileged'), 'privileged is only supported by the Docker containerizer (container.type DOCKER)'));
  } else {
    if (isObj(docker.pullConfig)) out.push(issue(ptr(at, 'container', 'docker', 'pullConfig'), 'pullConfig is only supported by the Mesos containerizer (container.type MESOS)'));
    if ((num(app.gpus) ?? 0) > 0) out.push(issue(ptr(at, 'gpus'), 'GPUs are only supported by the Mesos containerizer (container.type MESOS)'));
  }
  return out;
}

/** uris is the deprecated form of fetch; Marathon rejects an app that has both. Exports from
 * Marathon 0.15-1.4 (GET /v2/apps) write both, uris mirroring fetch, so a mirror is accepted. */
function urisAndFetch(app: Obj, at: string): SchemaIssue[] {
  if (!nonEmpty(app.uris) || !nonEmpty(app.fetch)) return [];
  const fetched = app.fetch.map((f) => (isObj(f) ? f.uri : undefined));
  const mirror = app.uris.length === fetched.length && app.uris.every((u, i) => u === fetched[i]);
  return mirror ? [] : [issue(ptr(at, 'uris'), 'must not be combined with fetch (uris is the deprecated form of fetch)')];
}

const OPERATORS = ['UNIQUE', 'CLUSTER', 'GROUP_BY', 'LIKE', 'UNLIKE', 'MAX_PER', 'IS'];

/** Constraint operators (any case, Marathon upper-cases them) and their value rules. */
function constraintRules(app: Obj, at: string): SchemaIssue[] {
  const out: SchemaIssue[] = [];
  list(app.constraints).forEach((c, i) => {
    if (!Array.isArray(c) || typeof c[1] !== 'string') return;
    const op = c[1].toUpperCase();
    const value = typeof c[2] === 'string' && c[2] !== '' ? c[2] : undefined;
    const here = ptr(at, 'constraints', i);
    if (!OPERATORS.includes(op)) {
      out.push(issue(ptr(here, 1), `must be one of ${OPERATORS.join(', ')}${got(c[1])}`));
      return;
    }
    switch (op) {
      case 'UNIQUE':
        if (value !== undefined) out.push(issue(ptr(here, 2), 'UNIQUE takes no value'));
        break;
      case 'LIKE':
      case 'UNLIKE':
        if (value === undefined) out.push(issue(here, `${op} needs a regular expression as value`));
        else if (!validRegex(value)) out.push(issue(ptr(here, 2), `is not a valid regular expression${got(value)}`));
        break;
      case 'MAX_PER':
        if (value === undefined || !/^\d+$/.test(value)) out.push(issue(value === undefined ? here : ptr(here, 2), 'MAX_PER needs an integer value'));
        break;
      case 'GROUP_BY':
        if (value !== undefined && !/^\d+$/.test(value)) out.push(issue(ptr(here, 2), `GROUP_BY takes an optional integer value${got(value)}`));
        break;
      case 'IS':
        if (value === undefined || !/^[a-zA-Z0-9_/.-]*$/.test(value)) out.push(issue(value === undefined ? here : ptr(here, 2), 'IS needs a text or scalar value of letters, digits, "_", "/", "." and "-"'));
        break;
    }
  });
  return out;
}

/** Java regexes mostly parse as JS ones; a leading inline flag group like (?i) does not, so it
 * is stripped before the check rather than reported. */
function validRegex(source: string): boolean {
  try {
    new RegExp(source.replace(/^\(\?[a-zA-Z]+\)/, ''));
    return true;
  } catch {
    return false;
  }
}

/** MARATHON_SINGLE_INSTANCE_APP=true (used by frameworks) ⇒ at most one instance and an
 * upgradeStrategy of {0, 0}. */
function singleInstanceLabel(app: Obj, at: string): SchemaIssue[] {
  if (obj(app.labels).MARATHON_SINGLE_INSTANCE_APP !== 'true') return [];
  const out: SchemaIssue[] = [];
  const instances = num(app.instances);
  if (instances !== undefined && instances > 1) out.push(issue(ptr(at, 'instances'), `must be 0 or 1 with the MARATHON_SINGLE_INSTANCE_APP label (got ${instances})`));
  const upgrade = obj(app.upgradeStrategy);
  for (const key of ['minimumHealthCapacity', 'maximumOverCapacity']) {
    const v = num(upgrade[key]);
    if (v !== undefined && v !== 0) out.push(issue(ptr(at, 'upgradeStrategy', key), `must be 0 with the MARATHON_SINGLE_INSTANCE_APP label (got ${v})`));
  }
  return out;
}

/** DC/OS SDK migration labels: the API version is v1 and two companion labels are required. */
function migrationLabels(app: Obj, at: string): SchemaIssue[] {
  const labels = obj(app.labels);
  if (labels.DCOS_MIGRATION_API_VERSION === undefined) return [];
  const out: SchemaIssue[] = [];
  if (labels.DCOS_MIGRATION_API_VERSION !== 'v1') out.push(issue(ptr(at, 'labels', 'DCOS_MIGRATION_API_VERSION'), `must be "v1"${got(labels.DCOS_MIGRATION_API_VERSION)}`));
  for (const key of ['DCOS_PACKAGE_FRAMEWORK_NAME', 'DCOS_MIGRATION_API_PATH']) {
    if (labels[key] === undefined) out.push(issue(ptr(at, 'labels', key), 'is required with DCOS_MIGRATION_API_VERSION'));
  }
  return out;
}

function appUnreachable(app: Obj, at: string): SchemaIssue[] {
  return unreachableOrder(app.unreachableStrategy, ptr(at, 'unreachableStrategy'));
}

const APP_RULES: Rule[] = [
  runSpecIdRules, cmdWithArgs, commandOrContainer, appSecretRefs, duplicatePortNames, duplicatePortNumbers,
  appResourceLimits, singleReadinessCheck, readinessTimeouts, persistentVolumePaths, residentApp,
  deprecatedNetworkMixing, appNetworks, portsMatchNetworking, portMappingNetworkNames, containerizerFeatures,
  urisAndFetch, constraintRules, singleInstanceLabel, migrationLabels, appUnreachable,
];

function appRules(app: Obj, at: string): SchemaIssue[] {
  return APP_RULES.flatMap((rule) => rule(app, at));
}

// ─── pod rules (PodsValidation.scala) ────────────────────────────────────────────────────────

function podContainers(pod: Obj): Obj[] {
  return list(pod.containers).map(obj);
}

function podSecretRefs(pod: Obj, at: string): SchemaIssue[] {
  const out = envSecretRefs(pod.environment, pod.secrets, ptr(at, 'environment'));
  podContainers(pod).forEach((c, i) => {
    out.push(...envSecretRefs(c.environment, pod.secrets, ptr(at, 'containers', i, 'environment')));
    const pull = obj(obj(c.image).pullConfig);
    out.push(...missingSecret(pod.secrets, pull.secret, ptr(at, 'containers', i, 'image', 'pullConfig', 'secret')));
  });
  list(pod.volumes).forEach((v, i) => {
    if (isObj(v) && v.secret !== undefined && v.secret !== null) out.push(...missingSecret(pod.secrets, v.secret, ptr(at, 'volumes', i, 'secret')));
  });
  return out;
}

/** Container names, endpoint names (across all containers) and volume names are unique. */
function podUniqueNames(pod: Obj, at: string): SchemaIssue[] {
  const out: SchemaIssue[] = [];
  const unique = (entries: [string | undefined, string][], what: string) => {
    const seen = new Map<string, string>();
    for (const [name, pointer] of entries) {
      if (name === undefined) continue;
      const first = seen.get(name);
      if (first !== undefined) out.push(issue(pointer, `${what} "${name}" is already used by ${first.slice(at.length)}`));
      else seen.set(name, pointer);
    }
  };
  const containers = podContainers(pod);
  unique(containers.map((c, i) => [str(c.name), ptr(at, 'containers', i, 'name')]), 'container name');
  unique(containers.flatMap((c, i) => list(c.endpoints).map((e, j): [string | undefined, string] =>
    [str(obj(e).name), ptr(at, 'containers', i, 'endpoints', j, 'name')])), 'endpoint name');
  unique(list(pod.volumes).map((v, i) => [str(obj(v).name), ptr(at, 'volumes', i, 'name')]), 'volume name');
  return out;
}

/** volumeMounts name pod volumes, and every pod volume is mounted by some container. */
function podVolumeMounts(pod: Obj, at: string): SchemaIssue[] {
  const declared = new Set(list(pod.volumes).flatMap((v) => (isObj(v) && typeof v.name === 'string' ? [v.name] : [])));
  const mounted = new Set<string>();
  const out: SchemaIssue[] = [];
  podContainers(pod).forEach((c, i) => {
    list(c.volumeMounts).forEach((m, j) => {
      const name = isObj(m) ? str(m.name) : undefined;
      if (name === undefined) return;
      mounted.add(name);
      if (!declared.has(name)) out.push(issue(ptr(at, 'containers', i, 'volumeMounts', j, 'name'), `volume "${name}" is not declared in the pod's volumes`));
    });
  });
  list(pod.volumes).forEach((v, i) => {
    const name = isObj(v) ? str(v.name) : undefined;
    if (name !== undefined && !mounted.has(name)) out.push(issue(ptr(at, 'volumes', i), `volume "${name}" is not mounted by any container`));
  });
  return out;
}

/** A pod health check has exactly one of http/tcp/exec, and http/tcp name an endpoint of the
 * same container. */
function podHealthChecks(pod: Obj, at: string): SchemaIssue[] {
  const out: SchemaIssue[] = [];
  podContainers(pod).forEach((c, i) => {
    for (const key of ['healthCheck', 'check']) {
      const hc = c[key];
      if (!isObj(hc)) continue;
      const here = ptr(at, 'containers', i, key);
      const kinds = ['http', 'tcp', 'exec'].filter((k) => hc[k] !== undefined && hc[k] !== null);
      if (kinds.length !== 1) out.push(issue(here, `must have exactly one of http, tcp or exec${kinds.length ? ` (got ${kinds.join(', ')})` : ''}`));
      const endpoints = new Set(list(c.endpoints).flatMap((e) => (isObj(e) && typeof e.name === 'string' ? [e.name] : [])));
      for (const k of ['http', 'tcp']) {
        const endpoint = str(obj(hc[k]).endpoint);
        if (endpoint !== undefined && !endpoints.has(endpoint)) {
          out.push(issue(ptr(here, k, 'endpoint'), `endpoint "${endpoint}" is not an endpoint of this container`));
        }
      }
    }
  });
  return out;
}

/** Limits ≥ requests per container; legacySharedCgroups pods cannot set per-container limits. */
function podResourceLimits(pod: Obj, at: string): SchemaIssue[] {
  const out: SchemaIssue[] = [];
  podContainers(pod).forEach((c, i) => {
    const res = obj(c.resources);
    out.push(...limitsVersusRequests(c.resourceLimits, num(res.cpus) ?? 1, num(res.mem) ?? 128, ptr(at, 'containers', i, 'resourceLimits')));
    if (pod.legacySharedCgroups === true && isObj(c.resourceLimits)) {
      out.push(issue(ptr(at, 'containers', i, 'resourceLimits'), 'must not be set when legacySharedCgroups is true'));
    }
  });
  return out;
}

/** Endpoints: containerPort is required on container networks and has no meaning on the host
 * network; container ports and host ports are unique across the pod (0 = dynamic, excepted). */
function podEndpointPorts(pod: Obj, at: string): SchemaIssue[] {
  const nets = list(pod.networks).filter(isObj);
  const host = nets.length === 0 || nets.every((n) => is(n.mode, 'host'));
  const out: SchemaIssue[] = [];
  const seen: Record<'containerPort' | 'hostPort', Map<number, string>> = { containerPort: new Map(), hostPort: new Map() };
  podContainers(pod).forEach((c, i) => {
    list(c.endpoints).forEach((e, j) => {
      if (!isObj(e)) return;
      const here = ptr(at, 'containers', i, 'endpoints', j);
      const containerPort = e.containerPort;
      if (!host && (containerPort === undefined || containerPort === null)) out.push(issue(ptr(here, 'containerPort'), 'is required on container networks'));
      for (const key of ['containerPort', 'hostPort'] as const) {
        const port = num(e[key]);
        if (port === undefined || port === 0) continue;
        const first = seen[key].get(port);
        if (first !== undefined) out.push(issue(ptr(here, key), `${key} ${port} is already used by ${first.slice(at.length)}`));
        else seen[key].set(port, ptr(here, key));
      }
    });
  });
  return out;
}

/** Resident pods (persistent volumes): maximumOverCapacity 0 and unreachableStrategy disabled;
 * plus the persistent volume info rules. */
function podPersistentVolumes(pod: Obj, at: string): SchemaIssue[] {
  const volumes = list(pod.volumes);
  const out: SchemaIssue[] = [];
  volumes.forEach((v, i) => {
    if (isObj(v) && isObj(v.persistent)) out.push(...persistentInfoRules(v.persistent, ptr(at, 'volumes', i, 'persistent')));
  });
  if (!isResident(volumes)) return out;
  const scheduling = obj(pod.scheduling);
  const over = num(obj(scheduling.upgrade).maximumOverCapacity);
  if (over !== undefined && over !== 0) out.push(issue(ptr(at, 'scheduling', 'upgrade', 'maximumOverCapacity'), `must be 0 for a pod with persistent volumes (got ${over})`));
  const unreachable = scheduling.unreachableStrategy;
  if (unreachable !== undefined && unreachable !== null && !is(unreachable, 'disabled')) {
    out.push(issue(ptr(at, 'scheduling', 'unreachableStrategy'), 'a pod with persistent volumes must use "disabled"'));
  }
  return out;
}

function podNetworks(pod: Obj, at: string): SchemaIssue[] {
  return networkRules(pod.networks, at);
}

function podUnreachable(pod: Obj, at: string): SchemaIssue[] {
  return unreachableOrder(obj(pod.scheduling).unreachableStrategy, ptr(at, 'scheduling', 'unreachableStrategy'));
}

const POD_RULES: Rule[] = [
  runSpecIdRules, podSecretRefs, podUniqueNames, podVolumeMounts, podHealthChecks, podResourceLimits,
  podEndpointPorts, podPersistentVolumes, podNetworks, podUnreachable,
];

/** A pod status (GET /v2/pods/{id}::status, group dumps) carries the definition under spec. */
function podRules(raw: Obj, at: string): SchemaIssue[] {
  if (!Array.isArray(raw.containers) && isObj(raw.spec)) return podRules(raw.spec, ptr(at, 'spec'));
  return POD_RULES.flatMap((rule) => rule(raw, at));
}

// ─── group rules (GroupNormalization / group validation) ─────────────────────────────────────

/** Absolute form of a path id, resolving '.', '..' and relative ids against a base. */
function resolvePathId(id: string, base: string): string {
  const parts = id.startsWith('/') ? [] : base.split('/').filter((s) => s !== '');
  for (const seg of id.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') parts.pop();
    else parts.push(seg);
  }
  return '/' + parts.join('/');
}

function parentOf(absolute: string): string {
  const parts = absolute.split('/').filter((s) => s !== '');
  parts.pop();
  return '/' + parts.join('/');
}

/** Apps, pods and sub-groups must be direct children of their group ("Identifier is not child
 * of …"); the rules of each app and pod apply inside the tree too. */
function groupRules(group: Obj, at: string, parent: string): SchemaIssue[] {
  const id = str(group.id);
  const self = id === undefined ? parent : resolvePathId(id, parent);
  const out: SchemaIssue[] = [];
  const childId = (child: Obj, pointer: string) => {
    const cid = str(child.id);
    if (cid === undefined || id === undefined) return;
    const abs = resolvePathId(cid, self);
    if (parentOf(abs) !== self) out.push(issue(ptr(pointer, 'id'), `${abs} is not a direct child of the group ${self}`));
  };
  list(group.apps).forEach((a, i) => {
    if (!isObj(a)) return;
    childId(a, ptr(at, 'apps', i));
    out.push(...appRules(a, ptr(at, 'apps', i)));
  });
  list(group.pods).forEach((p, i) => {
    if (!isObj(p)) return;
    childId(!Array.isArray(p.containers) && isObj(p.spec) ? p.spec : p, !Array.isArray(p.containers) && isObj(p.spec) ? ptr(at, 'pods', i, 'spec') : ptr(at, 'pods', i));
    out.push(...podRules(p, ptr(at, 'pods', i)));
  });
  list(group.groups).forEach((g, i) => {
    if (!isObj(g)) return;
    childId(g, ptr(at, 'groups', i));
    out.push(...groupRules(g, ptr(at, 'groups', i), self));
  });
  return out;
}

// ─── Metronome job rules ─────────────────────────────────────────────────────────────────────

function jobCmdWithArgs(job: Obj, at: string): SchemaIssue[] {
  const run = obj(job.run);
  return typeof run.cmd === 'string' && nonEmpty(run.args)
    ? [issue(ptr(at, 'run', 'args'), 'must not be set together with cmd (cmd runs in a shell, args is the argv)')]
    : [];
}

function jobSecretRefs(job: Obj, at: string): SchemaIssue[] {
  const run = obj(job.run);
  const out = envSecretRefs(run.env, run.secrets, ptr(at, 'run', 'env'));
  list(run.volumes).forEach((v, i) => {
    if (isObj(v) && v.secret !== undefined) out.push(...missingSecret(run.secrets, v.secret, ptr(at, 'run', 'volumes', i, 'secret')));
  });
  return out;
}

const JOB_RULES: Rule[] = [jobCmdWithArgs, jobSecretRefs];

function jobRules(job: Obj, at: string): SchemaIssue[] {
  return JOB_RULES.flatMap((rule) => rule(job, at));
}
