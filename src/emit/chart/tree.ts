/**
 * Template trees: a Kubernetes object as YAML in which some entries are Helm template actions.
 *
 * A template starts as the object itself (every entry `static`), so any field the chart writer
 * does not know still renders exactly; the extractors then replace known entries with actions
 * that read values. Rendering produces YAML with `{{- … }}` lines whose whitespace control is
 * uniform: an action line trims the newline before it, and what it prints starts with a newline
 * (`nindent`), so each block lands at the indentation of the line it replaced.
 */
import yaml from 'js-yaml';

export type Entry =
  /** A literal key and value, emitted as YAML. */
  | { t: 'static'; key: string; value: unknown }
  /** A mapping whose entries are themselves template entries. */
  | { t: 'map'; key: string; body: Body }
  /** A list of mappings with template entries (e.g. containers). */
  | { t: 'seq'; key: string; items: Body[] }
  /** `key: {{ expr }}`; with `with`, only when that value is non-empty (`.` is the value). */
  | { t: 'scalar'; key: string; expr: string; with?: string }
  /** `key:` followed by YAML printed by `value` (a pipeline such as `toYaml .`), optionally guarded. */
  | { t: 'yaml'; key: string; value: string; with?: string; if?: string }
  /** Mapping entries printed in place by `value` (e.g. an include of common labels). */
  | { t: 'inline'; value: string; with?: string }
  /** Entries rendered only when `cond` holds. */
  | { t: 'if'; cond: string; body: Body };

export type Body = Entry[];

/** Same YAML style everywhere: no line folding, no anchors, two-space indentation. */
export const DUMP_OPTIONS: yaml.DumpOptions = { lineWidth: -1, noRefs: true, indent: 2 };

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function isEmpty(v: unknown): boolean {
  return v === undefined || v === null || (Array.isArray(v) ? v.length === 0 : isPlainObject(v) && Object.keys(v).length === 0);
}

/** Every key of an object as a static entry, in the object's order. */
export function staticBody(obj: Record<string, unknown>): Body {
  return Object.entries(obj)
    .filter(([, v]) => v !== undefined)
    .map(([key, value]) => ({ t: 'static', key, value }));
}

function indexOf(body: Body, key: string): number {
  return body.findIndex((e) => 'key' in e && e.key === key);
}

/** The literal value of a static entry, or undefined. */
export function staticValue(body: Body, key: string): unknown {
  const e = body[indexOf(body, key)];
  return e?.t === 'static' ? e.value : undefined;
}

/** Turns a static mapping entry into a `map` entry and returns its body (to edit inside it). */
export function openMap(body: Body, key: string): Body | undefined {
  const i = indexOf(body, key);
  const e = body[i];
  if (e?.t === 'map') return e.body;
  if (e?.t !== 'static' || !isPlainObject(e.value) || isEmpty(e.value)) return undefined;
  const opened: Body = staticBody(e.value);
  body[i] = { t: 'map', key, body: opened };
  return opened;
}

/** Turns a static list of mappings into a `seq` entry and returns the item bodies. */
export function openSeq(body: Body, key: string): Body[] | undefined {
  const i = indexOf(body, key);
  const e = body[i];
  if (e?.t === 'seq') return e.items;
  if (e?.t !== 'static' || !Array.isArray(e.value) || e.value.length === 0 || !e.value.every(isPlainObject)) return undefined;
  const items = (e.value as Record<string, unknown>[]).map(staticBody);
  body[i] = { t: 'seq', key, items };
  return items;
}

/** Opens nested mappings along a path. */
export function openPath(body: Body, path: string[]): Body | undefined {
  let b: Body | undefined = body;
  for (const k of path) {
    if (!b) return undefined;
    b = openMap(b, k);
  }
  return b;
}

/** Replaces the entry with the same key in place (keeping the object's field order), else appends. */
export function put(body: Body, entry: Entry): void {
  const i = 'key' in entry ? indexOf(body, entry.key) : -1;
  if (i >= 0) body[i] = entry;
  else body.push(entry);
}

export function remove(body: Body, key: string): void {
  const i = indexOf(body, key);
  if (i >= 0) body.splice(i, 1);
}

// ---------------------------------------------------------------------------------------------
// Rendering

/**
 * Literal text must never be read as a template action: `{{` in a command or label becomes an
 * action printing "{{".
 */
export function escapeTemplate(text: string): string {
  return text.replace(/\{\{/g, '{{ "{{" }}');
}

function dumpStatic(key: string, value: unknown): string[] {
  return escapeTemplate(yaml.dump({ [key]: value }, DUMP_OPTIONS)).replace(/\n$/, '').split('\n');
}

function yamlKey(key: string): string {
  return escapeTemplate(yaml.dump(key, DUMP_OPTIONS).replace(/\n$/, ''));
}

/** Renders entries at an indentation; returns the lines. */
export function renderBody(body: Body, indent: number): string[] {
  const pad = ' '.repeat(indent);
  const out: string[] = [];
  const guarded = (wrappers: (string | undefined)[], inner: string[]): void => {
    const open = wrappers.filter((w): w is string => w !== undefined);
    for (const w of open) out.push(`${pad}{{- ${w} }}`);
    out.push(...inner);
    for (let i = 0; i < open.length; i++) out.push(`${pad}{{- end }}`);
  };
  for (const e of body) {
    switch (e.t) {
      case 'static':
        out.push(...dumpStatic(e.key, e.value).map((l) => pad + l));
        break;
      case 'map':
        if (e.body.length === 0) out.push(`${pad}${yamlKey(e.key)}: {}`);
        else out.push(`${pad}${yamlKey(e.key)}:`, ...renderBody(e.body, indent + 2));
        break;
      case 'seq':
        out.push(`${pad}${yamlKey(e.key)}:`);
        for (const item of e.items) out.push(...renderItem(item, indent + 2));
        break;
      case 'scalar':
        guarded([e.with && `with ${e.with}`], [`${pad}${yamlKey(e.key)}: {{ ${e.expr} }}`]);
        break;
      case 'yaml':
        guarded(
          [e.with && `with ${e.with}`, e.if && `if ${e.if}`],
          [`${pad}${yamlKey(e.key)}:`, `${pad}  {{- ${e.value} | nindent ${indent + 2} }}`],
        );
        break;
      case 'inline':
        guarded([e.with && `with ${e.with}`], [`${pad}{{- ${e.value} | nindent ${indent} }}`]);
        break;
      case 'if':
        guarded([`if ${e.cond}`], renderBody(e.body, indent));
        break;
    }
  }
  return out;
}

/** One list item: "- " goes on the first line that starts with a key, which is moved first. */
function renderItem(body: Body, indent: number): string[] {
  const first = body.findIndex((e) => e.t === 'static' || e.t === 'map' || e.t === 'seq' || (e.t === 'scalar' && !e.with));
  const ordered = first > 0 ? [body[first], ...body.slice(0, first), ...body.slice(first + 1)] : body;
  const lines = renderBody(ordered, indent + 2);
  if (first < 0 || lines.length === 0) return [`${' '.repeat(indent)}-`, ...lines];
  lines[0] = `${' '.repeat(indent)}- ${lines[0].slice(indent + 2)}`;
  return lines;
}
