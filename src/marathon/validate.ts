/**
 * Schema validation of Marathon apps, pods, groups and Metronome jobs, plus the cross-field
 * rules of Marathon's own validators (AppValidation.scala, PodsValidation.scala, …) that a JSON
 * Schema cannot express simply. See shared/reference/MARATHON-FIELDS.md §2.9.
 *
 * The schemas (schemas/*.schema.json) check shapes and types; every rule (rules/) is a small named
 * function that looks at one concern and returns issues with a JSON pointer relative to the
 * object validated. Rules never throw on malformed input: the schema already reports bad types,
 * so a rule simply skips what it cannot read.
 *
 * This module is the entry point and loads the schemas; schema-messages.ts turns ajv errors into
 * messages, rules/common.ts holds the rule helpers and the shared rules, and rules/app.ts, pod.ts,
 * group.ts and job.ts the rules of each kind.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { appRules } from './rules/app.js';
import { isObj } from './rules/common.js';
import { groupRules } from './rules/group.js';
import { jobRules } from './rules/job.js';
import { podRules } from './rules/pod.js';
import { finding, type Finding } from '../findings.js';
import { INT32_MAX } from './json.js';
import { imageIssues, placeholderIssues } from './placeholders.js';
import { issuesFromAjv } from './schema-messages.js';

export interface SchemaIssue {
  /** JSON pointer relative to the object validated, e.g. "/container/docker/image" ('' = the object). */
  pointer: string;
  message: string;
  /** The finding code when it is not `schema-violation` (placeholders, images, cmd with args). */
  code?: 'unrendered-placeholder' | 'image-reference-invalid' | 'cmd-and-args';
  hint?: string;
}

/** The finding of an issue, at its pointer in the file. */
export function issueFinding(issue: SchemaIssue, filePointer: string, extra: { app?: string; file?: string }): Finding {
  return finding(issue.code ?? 'schema-violation', filePointer, issue.message, { ...extra, ...(issue.hint !== undefined ? { hint: issue.hint } : {}) });
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
  return dedupe(withPlaceholders(kind, raw, issues));
}

/**
 * Unrendered placeholders and invalid image references (placeholders.ts). A placeholder
 * explains whatever else fails at its field (`"{{cpus}}"` is not a number, `${ID}` not a valid
 * id): the schema's message there is dropped, so the field gets one finding.
 */
function withPlaceholders(kind: MarathonKind, raw: unknown, issues: SchemaIssue[]): SchemaIssue[] {
  const placeholders = placeholderIssues(kind, raw);
  const at = new Set(placeholders.map((i) => i.pointer));
  const images = imageIssues(kind, raw, at);
  if (placeholders.length === 0 && images.length === 0) return issues;
  return [...issues.filter((i) => !at.has(i.pointer)), ...placeholders, ...images];
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
    // Both for start-up, paid by every run: checking our own schemas against the 2020-12
    // meta-schema means compiling that meta-schema first (≈ 35 ms); the schemas are fixed
    // files, checked once in test/schemas.test.ts instead. ajv's code optimizer saves nothing
    // measurable when validating 10,000 apps but costs ≈ 20 ms per schema compiled; errors and
    // their order are the same without it.
    validateSchema: false,
    code: { optimize: false },
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
    instance.addSchema(withInt32Maximum(JSON.parse(readFileSync(join(dir, file), 'utf8')) as object), file);
  }
  ajv = instance;
  return instance;
}

/**
 * Every integer the schemas allow without a maximum gets INT32_MAX, the largest the model keeps
 * (json.ts `int`): a larger value (instances 1e308, a timeout of 1e20 s) is then a reported
 * schema violation, not a value the model silently drops for its default. Done here, once, so
 * the schema files cannot drift from the model.
 */
function withInt32Maximum<T>(schema: T): T {
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (node === null || typeof node !== 'object') return;
    const o = node as Record<string, unknown>;
    const types = Array.isArray(o.type) ? o.type : [o.type];
    if (types.includes('integer') && o.maximum === undefined && o.exclusiveMaximum === undefined) o.maximum = INT32_MAX;
    for (const value of Object.values(o)) walk(value);
  };
  walk(schema);
  return schema;
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

// ─── issues of the schema and of the rules together ──────────────────────────────────────────

/** One issue per pointer and code: distinct messages for the same location are joined. */
function dedupe(issues: SchemaIssue[]): SchemaIssue[] {
  const byKey = new Map<string, { issue: SchemaIssue; messages: string[] }>();
  for (const issue of issues) {
    const key = `${issue.code ?? ''} ${issue.pointer}`;
    const entry = byKey.get(key);
    if (!entry) byKey.set(key, { issue, messages: [issue.message] });
    else if (!entry.messages.includes(issue.message)) entry.messages.push(issue.message);
  }
  return [...byKey.values()].map(({ issue, messages }) => ({ ...issue, message: messages.join('; ') }));
}
