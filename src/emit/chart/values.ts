/**
 * values.yaml as it is built: a plain tree plus a comment per key path, and the writer that puts
 * each comment above its key. A scope is where one object's values live (`web`, `web.service`,
 * `web.containers.sidecar`) together with the template expression that reads it (`$app`,
 * `$app.service`, …), so extractors set a value and get the expression to use in one step.
 */
import yaml from 'js-yaml';
import { DUMP_OPTIONS, isPlainObject } from './tree.js';

export class ValuesTree {
  readonly root: Record<string, unknown> = {};
  private readonly comments = new Map<string, string>();

  set(path: readonly string[], value: unknown, comment?: string): void {
    let node = this.root;
    for (const k of path.slice(0, -1)) {
      if (!isPlainObject(node[k])) node[k] = {};
      node = node[k] as Record<string, unknown>;
    }
    node[path[path.length - 1]] = value;
    if (comment !== undefined) this.comment(path, comment);
  }

  get(path: readonly string[]): unknown {
    let node: unknown = this.root;
    for (const k of path) node = isPlainObject(node) ? node[k] : undefined;
    return node;
  }

  /** A comment for a key; a mapping key gets one even before any value lives under it. */
  comment(path: readonly string[], text: string): void {
    this.comments.set(path.join('\u0000'), text);
  }

  commentFor(path: readonly string[]): string | undefined {
    return this.comments.get(path.join('\u0000'));
  }

  /** True when some key strictly below `path` has a comment (then the writer descends into it). */
  hasCommentsBelow(path: readonly string[]): boolean {
    const prefix = path.join('\u0000') + '\u0000';
    for (const k of this.comments.keys()) if (k.startsWith(prefix)) return true;
    return false;
  }
}

/** A place in values.yaml and the template expression that reads it. */
export interface Scope {
  path: string[];
  expr: string;
}

export function subScope(scope: Scope, ...keys: string[]): Scope {
  return { path: [...scope.path, ...keys], expr: [scope.expr, ...keys].join('.') };
}

/** Sets a value under a scope and returns the expression reading it. */
export function setIn(values: ValuesTree, scope: Scope, key: string, value: unknown, comment?: string): string {
  const s = subScope(scope, key);
  values.set(s.path, value, comment);
  return s.expr;
}

function commentLines(text: string, pad: string): string[] {
  return text.split('\n').map((l) => `${pad}# ${l}`.trimEnd());
}

function dumpEntry(key: string, value: unknown, pad: string): string[] {
  return yaml.dump({ [key]: value }, DUMP_OPTIONS).replace(/\n$/, '').split('\n').map((l) => pad + l);
}

/** Writes values.yaml: comments above keys, a blank line between top-level sections. */
export function renderValues(values: ValuesTree, header: string): string {
  const lines: string[] = commentLines(header, '');
  const walk = (node: Record<string, unknown>, path: string[], indent: number): void => {
    const pad = ' '.repeat(indent);
    for (const [key, value] of Object.entries(node)) {
      const p = [...path, key];
      if (indent === 0) lines.push('');
      const c = values.commentFor(p);
      if (c !== undefined) lines.push(...commentLines(c, pad));
      if (isPlainObject(value) && Object.keys(value).length > 0 && values.hasCommentsBelow(p)) {
        lines.push(`${pad}${yaml.dump(key, DUMP_OPTIONS).replace(/\n$/, '')}:`);
        walk(value, p, indent + 2);
      } else {
        lines.push(...dumpEntry(key, value, pad));
      }
    }
  };
  walk(values.root, [], 0);
  return lines.join('\n') + '\n';
}
