/**
 * Where each Marathon app, pod or job stands after a cutover or rollback run, and the table that
 * says so. A person reading it after a failure must see at once what runs where.
 */
import type { UnitKind } from './plan.js';

/**
 * done: this run changed it as asked; unchanged: it already was (a repeated run); failed: it
 * stopped here; not-started: after a failure; skipped: not part of the run (the text says why).
 */
export type OutcomeState = 'done' | 'unchanged' | 'failed' | 'not-started' | 'skipped';

export interface UnitOutcome {
  id: string;
  kind: UnitKind;
  state: OutcomeState;
  /** e.g. `cut over (Marathon 2 → 0 instances)`, `on Kubernetes, Marathon untouched (not Ready: …)`. */
  text: string;
}

export interface RunResult {
  outcomes: UnitOutcome[];
  /** False when a unit failed (or nothing could start). */
  ok: boolean;
}

/** `ID  KIND  STATE` lines, ids padded to one column. */
export function outcomeTable(outcomes: readonly UnitOutcome[]): string {
  if (outcomes.length === 0) return '';
  const width = Math.max(...outcomes.map((o) => o.id.length), 'MARATHON ID'.length);
  const lines = [`${'MARATHON ID'.padEnd(width)}  KIND  STATE`];
  for (const o of outcomes) lines.push(`${o.id.padEnd(width)}  ${o.kind.padEnd(4)}  ${o.text}`);
  return lines.join('\n') + '\n';
}

/** `2 cut over, 1 failed, 3 not started` (zero counts left out). */
export function outcomeSummary(outcomes: readonly UnitOutcome[], doneWord: string, unchangedWord: string): string {
  const count = (s: OutcomeState) => outcomes.filter((o) => o.state === s).length;
  const parts: [number, string][] = [
    [count('done'), doneWord],
    [count('unchanged'), unchangedWord],
    [count('failed'), 'failed'],
    [count('not-started'), 'not started'],
    [count('skipped'), 'left on Marathon'],
  ];
  const shown = parts.filter(([n]) => n > 0).map(([n, w]) => `${n} ${w}`);
  return shown.length > 0 ? shown.join(', ') : 'nothing to do';
}
