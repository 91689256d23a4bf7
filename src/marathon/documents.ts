/**
 * From a read source to the Marathon objects it holds: parse (with positions on error) and
 * detect. Shared by `convert` and `validate` so both report bad files the same way.
 */
import { finding, type Finding } from '../findings.js';
import { detect, type DetectedObject } from './detect.js';
import type { Source } from './load.js';
import { parseJson } from './parse.js';

export type DocumentResult = { ok: true; objects: DetectedObject[] } | { ok: false; error: Finding };

export function readDocument(source: Source): DocumentResult {
  const parsed = parseJson(source.text);
  if (!parsed.ok) {
    const e = parsed.error;
    const error = finding('json-syntax', '', `${e.message}${e.excerpt ? ` in: ${e.excerpt}` : ''}`,
      { file: source.file, ...(e.hint ? { hint: e.hint } : {}) });
    error.line = e.line;
    error.column = e.column;
    return { ok: false, error };
  }
  // Deeper than any Marathon definition: refused before recursive code (schema validation,
  // serializers) could overflow the stack on it.
  if (depthExceeds(parsed.value, MAX_DEPTH)) {
    return { ok: false, error: finding('input-too-deep', '', `JSON nested more than ${MAX_DEPTH} levels deep: not a Marathon definition`, { file: source.file }) };
  }
  const detection = detect(parsed.value);
  if (!detection.ok) {
    return { ok: false, error: finding('unknown-format', '', detection.message, { file: source.file, hint: 'give a Marathon app, app list, group, pod or Metronome job as JSON' }) };
  }
  return { ok: true, objects: detection.objects };
}

/** Group trees nest a level per group and apps a few more; 100 leaves plenty of room. */
export const MAX_DEPTH = 100;

/** Whether a parsed JSON value nests deeper than `limit` (iterative: safe on any depth). */
export function depthExceeds(root: unknown, limit: number): boolean {
  const stack: [unknown, number][] = [[root, 0]];
  while (stack.length > 0) {
    const [value, depth] = stack.pop()!;
    if (value === null || typeof value !== 'object') continue;
    if (depth >= limit) return true;
    for (const child of Array.isArray(value) ? value : Object.values(value)) stack.push([child, depth + 1]);
  }
  return false;
}
