/**
 * Kubernetes label selectors (`-l/--selector`, kubectl's syntax) on the objects a run converted:
 * `key`, `!key`, `key=value`, `key==value`, `key!=value`, `key in (a,b)`, `key notin (a,b)`,
 * comma-separated, all of which must hold. The same string goes to the API server for listing
 * (apply --prune), which reads it the same way.
 */
export class SelectorError extends Error {}

type Requirement =
  | { op: 'exists' | 'absent'; key: string }
  | { op: 'in' | 'notin'; key: string; values: string[] };

export type LabelMatcher = (labels: Readonly<Record<string, string>> | undefined) => boolean;

const KEY = /^([a-z0-9A-Z]([-a-z0-9A-Z_.]*[a-z0-9A-Z])?\/)?[a-z0-9A-Z]([-a-z0-9A-Z_.]*[a-z0-9A-Z])?$/;
const VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

export function parseSelector(text: string): LabelMatcher {
  const requirements = splitTopLevel(text).map(parseRequirement);
  return (labels) => requirements.every((r) => holds(r, labels ?? {}));
}

/** Commas outside parentheses separate requirements. */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of text) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (depth < 0) throw new SelectorError(`unbalanced ")" in "${text}"`);
    if (ch === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  if (depth !== 0) throw new SelectorError(`unbalanced "(" in "${text}"`);
  parts.push(current);
  const trimmed = parts.map((p) => p.trim());
  if (trimmed.some((p) => p === '')) throw new SelectorError(`empty requirement in "${text}"`);
  return trimmed;
}

function parseRequirement(part: string): Requirement {
  let m = /^!\s*(\S+)$/.exec(part);
  if (m) return { op: 'absent', key: key(m[1]!, part) };
  m = /^(\S+?)\s*(==|=|!=)\s*(\S*)$/.exec(part);
  if (m) return { op: m[2] === '!=' ? 'notin' : 'in', key: key(m[1]!, part), values: [value(m[3]!, part)] };
  m = /^(\S+)\s+(in|notin)\s*\(([^()]*)\)$/.exec(part);
  if (m) return { op: m[2] as 'in' | 'notin', key: key(m[1]!, part), values: m[3]!.split(',').map((v) => value(v.trim(), part)) };
  m = /^(\S+)$/.exec(part);
  if (m) return { op: 'exists', key: key(m[1]!, part) };
  throw new SelectorError(`cannot read "${part}": expected key, !key, key=value, key!=value, key in (a,b) or key notin (a,b)`);
}

function key(k: string, part: string): string {
  if (!KEY.test(k) || k.length > 317) throw new SelectorError(`"${k}" in "${part}" is not a label key`);
  return k;
}

function value(v: string, part: string): string {
  if (!VALUE.test(v) || v.length > 63) throw new SelectorError(`"${v}" in "${part}" is not a label value`);
  return v;
}

function holds(r: Requirement, labels: Readonly<Record<string, string>>): boolean {
  const has = Object.hasOwn(labels, r.key);
  switch (r.op) {
    case 'exists':
      return has;
    case 'absent':
      return !has;
    case 'in':
      return has && r.values.includes(labels[r.key]!);
    case 'notin':
      // As Kubernetes: a missing label satisfies "!=" and "notin".
      return !has || !r.values.includes(labels[r.key]!);
  }
}
