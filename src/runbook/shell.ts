/** Quoting for the generated bash: every value the runbook embeds goes through here. */

/** A bash word that is exactly `s`: single-quoted, with `'` written as `'\''`. */
export function q(s: string): string {
  return /^[A-Za-z0-9_./:=@%+,-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/** A bash array literal: `(a 'b c')`. */
export function qArray(values: readonly string[]): string {
  return `(${values.map(q).join(' ')})`;
}

/** A line of a `#` comment block: no newlines (a name could hold none, but the guard is cheap). */
export function commentLine(s: string): string {
  return `# ${s}`.replace(/[\r\n]+/g, ' ').trimEnd();
}
