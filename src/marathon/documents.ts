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
  const detection = detect(parsed.value);
  if (!detection.ok) {
    return { ok: false, error: finding('unknown-format', '', detection.message, { file: source.file, hint: 'give a Marathon app, app list, group, pod or Metronome job as JSON' }) };
  }
  return { ok: true, objects: detection.objects };
}
