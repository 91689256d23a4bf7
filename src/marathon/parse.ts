/**
 * JSON parsing with positions for errors. The fast path is JSON.parse; only when it fails is
 * the text re-scanned (jsonc-parser, strict JSON settings) to name line, column and the
 * offending text, because real inputs fail in typical ways: unrendered templates, trailing
 * commas, comments.
 */
import { parse as parseJsonc, printParseErrorCode, type ParseError } from 'jsonc-parser';

export interface JsonSyntaxError {
  line: number;
  column: number;
  message: string;
  excerpt: string;
  hint?: string;
}

export type ParseResult = { ok: true; value: unknown } | { ok: false; error: JsonSyntaxError };

const MESSAGES: Record<string, string> = {
  InvalidSymbol: 'unexpected character',
  InvalidNumberFormat: 'invalid number',
  PropertyNameExpected: 'property name expected',
  ValueExpected: 'value expected',
  ColonExpected: "':' expected",
  CommaExpected: "',' expected",
  CloseBraceExpected: "'}' expected",
  CloseBracketExpected: "']' expected",
  EndOfFileExpected: 'end of file expected (more than one JSON value?)',
  InvalidCommentToken: 'comments are not allowed in JSON',
  UnexpectedEndOfComment: 'unterminated comment',
  UnexpectedEndOfString: 'unterminated string',
  UnexpectedEndOfNumber: 'unterminated number',
  InvalidUnicode: 'invalid unicode escape',
  InvalidEscapeCharacter: 'invalid escape character',
  InvalidCharacter: 'invalid character in string',
};

export function parseJson(text: string): ParseResult {
  // A UTF-8 byte order mark is common in files saved on Windows and harmless.
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  try {
    return { ok: true, value: JSON.parse(body) };
  } catch {
    return { ok: false, error: locateSyntaxError(body) };
  }
}

function locateSyntaxError(text: string): JsonSyntaxError {
  if (text.trim() === '') return { line: 1, column: 1, message: 'the file is empty', excerpt: '' };
  const errors: ParseError[] = [];
  parseJsonc(text, errors, { allowTrailingComma: false, disallowComments: true, allowEmptyContent: false });
  // jsonc-parser is more lenient than JSON.parse in a few corners (e.g. control characters);
  // fall back to the start of the text rather than claiming a wrong position.
  const first = errors[0];
  const code = first ? printParseErrorCode(first.error) : 'InvalidCharacter';
  const offset = first?.offset ?? 0;
  const { line, column, lineText } = position(text, offset);
  // A template placeholder where a value belongs is the commonest failure: name it as such.
  const placeholder = /\{\{|\{%|\$\{/.test(lineText.slice(Math.max(0, column - 3), column + 2));
  const message = placeholder ? 'unrendered template placeholder instead of JSON' : (MESSAGES[code] ?? code);
  const error: JsonSyntaxError = { line, column, message, excerpt: excerptAround(lineText, column) };
  const hint = hintFor(text, lineText, code);
  if (hint) error.hint = hint;
  return error;
}

function position(text: string, offset: number): { line: number; column: number; lineText: string } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  let lineEnd = text.indexOf('\n', lineStart);
  if (lineEnd < 0) lineEnd = text.length;
  return { line, column: offset - lineStart + 1, lineText: text.slice(lineStart, lineEnd).replace(/\r$/, '') };
}

/** The error's line, cut to about 60 characters around the column, without control characters. */
function excerptAround(lineText: string, column: number): string {
  const start = Math.max(0, column - 30);
  const cut = lineText.slice(start, start + 60).replace(/[\u0000-\u001f\u007f]/g, ' ').trim();
  return (start > 0 ? '…' : '') + cut + (start + 60 < lineText.length ? '…' : '');
}

function hintFor(text: string, lineText: string, code: string): string | undefined {
  if (/\{\{|\{%|\$\{/.test(lineText) || (/\{\{[^}]*\}\}/.test(text) && code !== 'InvalidCommentToken')) {
    return 'render the template with its values first, then convert the result';
  }
  if (code === 'PropertyNameExpected' || code === 'ValueExpected') {
    if (/,\s*$/.test(lineText) || /^\s*[}\]]/.test(lineText)) return 'a trailing comma before } or ] is not allowed in JSON';
  }
  if (code === 'InvalidCommentToken') return 'remove the comments; JSON has none';
  return undefined;
}
