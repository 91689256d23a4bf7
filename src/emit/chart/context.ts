/**
 * What every extractor needs while it turns one app's objects into templates: the chart (for
 * helper names), the app, the values tree with the app's scope, and bookkeeping shared by the
 * app's objects (Secret names referenced, sub-keys already used).
 */
import type { AppPlan } from './group.js';
import { uniqueKey, camelKey } from './group.js';
import { isEmpty, put, type Body } from './tree.js';
import { setIn, subScope, type Scope, type ValuesTree } from './values.js';

export interface AppContext {
  /** Chart name: prefix of the helpers in _helpers.tpl ("team.labels"). */
  chart: string;
  app: AppPlan;
  values: ValuesTree;
  /** The app's values (`web`, read as `$app` in its templates). */
  scope: Scope;
  /**
   * Secrets referenced where templates map them through existingSecrets: name → keys read
   * ('*' = every key, e.g. a whole Secret mounted as a volume).
   */
  secrets: Map<string, Set<string>>;
  /** Sub-keys of the app's values already given out (service, serviceAdmin, …). */
  taken: Set<string>;
}

export function newAppContext(chart: string, app: AppPlan, values: ValuesTree): AppContext {
  return { chart, app, values, scope: { path: [app.key], expr: '$app' }, secrets: new Map(), taken: new Set() };
}

export function needSecret(ctx: AppContext, name: string, key: string): void {
  const keys = ctx.secrets.get(name) ?? new Set<string>();
  keys.add(key);
  ctx.secrets.set(name, keys);
}

/** A Go string literal (JSON string syntax is valid Go for every string we pass). */
export function lit(s: string): string {
  return JSON.stringify(s);
}

export function helper(ctx: AppContext, name: string): string {
  return lit(`${ctx.chart}.${name}`);
}

/** A sub-scope of the app for one object: `base` for the first, `base<Name>` for later ones. */
export function objectScope(ctx: AppContext, base: string, objectName: string): Scope {
  const key = ctx.taken.has(base) ? uniqueKey(camelKey(`${base}-${suffix(objectName, ctx.app.name)}`), ctx.taken) : uniqueKey(base, ctx.taken);
  return subScope(ctx.scope, key);
}

/** The part of an object name after the app name ("web-admin" in app "web" → "admin"). */
export function suffix(objectName: string, appName: string): string {
  return objectName.startsWith(`${appName}-`) && objectName.length > appName.length + 1 ? objectName.slice(appName.length + 1) : objectName;
}

/**
 * A field whose whole value comes from values: rendered with `toYaml` when non-empty. Absent
 * fields get the default `offer` (so teams can add e.g. a nodeSelector) when given; a field
 * present but empty stays literal, since `with` would drop it.
 */
export function valueField(
  ctx: AppContext, body: Body, source: Record<string, unknown>, key: string, scope: Scope, comment: string, offer?: unknown,
): void {
  const v = source[key];
  if (v !== undefined && isEmpty(v)) return;
  if (v === undefined && offer === undefined) return;
  const expr = setIn(ctx.values, scope, key, v ?? offer, comment);
  put(body, { t: 'yaml', key, with: expr, value: 'toYaml .' });
}
