/**
 * ajv errors → short human messages: the schema half of validateMarathon (validate.ts). Each
 * ajv error becomes one SchemaIssue with a JSON pointer relative to the object validated.
 */
import type { ErrorObject } from 'ajv/dist/2020.js';
import type { SchemaIssue } from './validate.js';

const TYPE_NAMES: Record<string, string> = {
  string: 'a string', number: 'a number', integer: 'an integer', boolean: 'a boolean (true or false)',
  object: 'an object', array: 'an array', null: 'null',
};

export function issuesFromAjv(errors: ErrorObject[]): SchemaIssue[] {
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

/** One JSON-pointer token: '~' and '/' escaped (RFC 6901). */
export function escapePointer(key: string | number): string {
  return String(key).replace(/~/g, '~0').replace(/\//g, '~1');
}

/** " (got …)" for a scalar value, shortened; '' for objects, arrays, null and undefined. */
export function got(data: unknown): string {
  if (data === null || typeof data === 'object' || data === undefined) return '';
  const text = JSON.stringify(data);
  return ` (got ${text.length > 60 ? text.slice(0, 57) + '…' : text})`;
}

/**
 * What breaks a Marathon path id, said precisely: upper case is only one way to break it
 * (`my_app` has none), so the message names what the id has.
 */
function pathIdFault(e: ErrorObject): string {
  if (!e.schemaPath.endsWith('/$defs/pathId/pattern') || typeof e.data !== 'string') return '';
  const id = e.data;
  const bad = [...new Set(id.replace(/[a-z0-9./-]/g, ''))];
  const upper = bad.filter((c) => /[A-Z]/.test(c));
  const other = bad.filter((c) => !/[A-Z]/.test(c));
  const parts: string[] = [];
  if (upper.length > 0) parts.push('upper-case letters');
  if (other.length > 0) parts.push(other.map((c) => (c === ' ' ? 'spaces' : `"${c}"`)).join(', '));
  if (parts.length > 0) return `; it has ${parts.join(' and ')}`;
  return '; each segment must be non-empty and start and end with a letter or digit';
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
      // A range is named when it is the field's domain (ports 0–65535, capacities 0–1); the caps
      // beyond any real value (int32, MAX_RESOURCES) only when crossed.
      message = typeof parent.minimum === 'number' && typeof parent.maximum === 'number' && parent.maximum <= 65535
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
      message = (custom ?? `must match ${String(p.pattern)}`) + pathIdFault(e) + got(e.data);
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
