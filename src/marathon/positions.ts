/**
 * Line and column of the JSON pointers findings name, so a finding can be opened in an editor
 * at its place. Inputs are parsed with JSON.parse (fast, no positions); positions are found
 * afterwards only for the files that have findings, in one streaming pass per file that descends
 * only into the containers on the way to a wanted pointer (a large export stays cheap).
 *
 * The position of `/a/b` is where the property `"b"` starts (its key), of `/a/0` where the
 * element starts: the line a person looks for.
 */
import { visit } from 'jsonc-parser';
import { escapePointerToken, type Finding } from '../findings.js';
import type { Source } from './load.js';

export interface Position {
  line: number;
  column: number;
}

/** Sets `line`/`column` on the findings whose pointer names a place in their file. */
export function addPositions(findings: Finding[], sources: readonly Source[]): void {
  const wanted = new Map<string, Finding[]>();
  for (const f of findings) {
    if (f.file === undefined || f.pointer === '' || f.line !== undefined) continue;
    const list = wanted.get(f.file);
    if (list) list.push(f);
    else wanted.set(f.file, [f]);
  }
  if (wanted.size === 0) return;
  for (const source of sources) {
    const list = wanted.get(source.file);
    if (!list) continue;
    wanted.delete(source.file); // a file named twice is read once; its sources are the same
    const positions = locatePointers(source.text, new Set(list.map((f) => f.pointer)));
    for (const f of list) {
      const p = positions.get(f.pointer);
      if (p) {
        f.line = p.line;
        f.column = p.column;
      }
    }
  }
}

interface Frame {
  pointer: string;
  /** Whether a wanted pointer lies below this container (else its children are not tracked). */
  open: boolean;
  array: boolean;
  index: number;
  key?: string;
}

/** The 1-based line and column of each pointer found in the JSON text. */
export function locatePointers(text: string, pointers: ReadonlySet<string>): Map<string, Position> {
  const found = new Map<string, Position>();
  // Every ancestor of a wanted pointer: only those containers are tracked.
  const prefixes = new Set<string>(['']);
  for (const p of pointers) {
    for (let i = p.indexOf('/', 1); i > 0; i = p.indexOf('/', i + 1)) prefixes.add(p.slice(0, i));
    prefixes.add(p);
  }
  const stack: Frame[] = [];
  let skipDepth = 0; // > 0 while inside containers no wanted pointer goes through

  /** The pointer of the value starting now, in the current container, or undefined when not tracked. */
  const valuePointer = (): string | undefined => {
    const top = stack[stack.length - 1];
    if (!top) return '';
    if (!top.open) return undefined;
    return `${top.pointer}/${top.array ? top.index : escapePointerToken(top.key ?? '')}`;
  };
  const at = (pointer: string | undefined, line: number, character: number) => {
    if (pointer !== undefined && pointers.has(pointer) && !found.has(pointer)) found.set(pointer, { line: line + 1, column: character + 1 });
  };
  const begin = (array: boolean, line: number, character: number) => {
    if (skipDepth > 0) {
      skipDepth++;
      return;
    }
    const pointer = valuePointer();
    const top = stack[stack.length - 1];
    if (top?.array) at(pointer, line, character);
    if (pointer === undefined || !prefixes.has(pointer)) {
      skipDepth = 1;
      return;
    }
    stack.push({ pointer, open: true, array, index: 0 });
  };
  const end = () => {
    if (skipDepth > 0) skipDepth--;
    else stack.pop();
  };

  visit(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, {
    onObjectBegin: (_o, _l, line, character) => begin(false, line, character),
    onArrayBegin: (_o, _l, line, character) => begin(true, line, character),
    onObjectEnd: end,
    onArrayEnd: end,
    onObjectProperty: (property, _o, _l, line, character) => {
      if (skipDepth > 0) return;
      const top = stack[stack.length - 1];
      if (!top) return;
      top.key = property;
      at(valuePointer(), line, character);
    },
    onLiteralValue: (_v, _o, _l, line, character) => {
      if (skipDepth > 0) return;
      const top = stack[stack.length - 1];
      if (top?.array) at(valuePointer(), line, character);
    },
    onSeparator: (sep) => {
      if (skipDepth > 0 || sep !== ',') return;
      const top = stack[stack.length - 1];
      if (top?.array) top.index++;
    },
  });
  return found;
}
