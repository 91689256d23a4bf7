/**
 * Metronome cron expressions → CronJob schedules.
 *
 * Metronome parses with cron-utils (CronSpec.scala): minute, hour, day of month, month, day of
 * week, an optional year; `L`, `W` and `#` in the day fields; day of week 0–7 (7 is Sunday too);
 * and a day is matched when day of month AND day of week match. Kubernetes parses with
 * robfig/cron (ParseStandard): five fields, names, ranges, steps, `?`, the @-macros; day of week
 * 0–6; and when both day fields are restricted a day matches either one (classic cron's OR).
 *
 * So: a year of `*` is dropped, a Sunday written 7 becomes 0 (both exact); `L`/`W`/`#`, a real
 * year or out-of-range values cannot be converted; both day fields restricted is converted with
 * a warning, since Kubernetes then runs on more days than Metronome did.
 */

export type CronResult =
  | { ok: true; schedule: string; warning?: string }
  | { ok: false; reason: string };

const MACROS = new Set(['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly']);
const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

interface FieldRule {
  name: string;
  min: number;
  max: number;
  names?: string[];
}

const FIELDS: FieldRule[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: MONTHS },
  // 7 is accepted here and rewritten to 0 below.
  { name: 'day of week', min: 0, max: 7, names: DAYS },
];

export function convertCron(expression: string): CronResult {
  const text = expression.trim().replace(/\s+/g, ' ');
  if (text === '') return { ok: false, reason: 'the cron expression is empty' };
  if (text.startsWith('@')) {
    return MACROS.has(text.toLowerCase()) ? { ok: true, schedule: text.toLowerCase() } : { ok: false, reason: `"${text}" is not a cron macro Kubernetes knows` };
  }
  const fields = text.split(' ');
  if (fields.length === 6) {
    const year = fields.pop()!;
    if (year !== '*' && year !== '?') return { ok: false, reason: `the year field "${year}" has no Kubernetes equivalent (CronJob schedules have five fields)` };
  }
  if (fields.length !== 5) return { ok: false, reason: `"${text}" has ${fields.length} fields; a cron expression has five (minute hour day-of-month month day-of-week)` };
  for (const [i, field] of fields.entries()) {
    const problem = checkField(field, FIELDS[i]!);
    if (problem) return { ok: false, reason: problem };
  }
  const dow = sundayAsZero(fields[4]!);
  if (dow === undefined) return { ok: false, reason: `the day of week "${fields[4]}" steps over 7, which Kubernetes (days 0–6) cannot express` };
  fields[4] = dow;
  const schedule = fields.join(' ');
  if (restricted(fields[2]!) && restricted(fields[4]!)) {
    return {
      ok: true,
      schedule,
      warning: `"${text}" restricts both the day of month and the day of week: Metronome ran only on days matching both, Kubernetes runs on days matching either`,
    };
  }
  return { ok: true, schedule };
}

/** Why a field cannot be converted, or undefined when it can. */
function checkField(field: string, rule: FieldRule): string | undefined {
  for (const part of field.split(',')) {
    if (/[LW#]/i.test(part.replace(/[A-Z]{3}/gi, (m) => (isName(m, rule) ? '' : m)))) {
      return `the ${rule.name} "${field}" uses L, W or #, which Kubernetes schedules cannot express`;
    }
    const [range, step, ...rest] = part.split('/');
    if (rest.length > 0 || range === undefined || range === '' || (step !== undefined && !/^\d+$/.test(step))) {
      return `the ${rule.name} "${field}" is not a valid cron field`;
    }
    if (range === '*' || range === '?') continue;
    const bounds = range.split('-');
    if (bounds.length > 2) return `the ${rule.name} "${field}" is not a valid cron field`;
    for (const b of bounds) {
      const value = valueOf(b, rule);
      if (value === undefined) return `the ${rule.name} "${field}" is not a valid cron field`;
      if (value < rule.min || value > rule.max) return `the ${rule.name} "${field}" is out of range (${rule.min}–${rule.max})`;
    }
  }
  return undefined;
}

function isName(text: string, rule: FieldRule): boolean {
  return rule.names?.includes(text.toUpperCase()) ?? false;
}

function valueOf(atom: string, rule: FieldRule): number | undefined {
  if (/^\d+$/.test(atom)) return Number(atom);
  const i = rule.names?.indexOf(atom.toUpperCase()) ?? -1;
  if (i < 0) return undefined;
  return rule.names === MONTHS ? i + 1 : i;
}

/**
 * Day of week 7 (Sunday, as cron-utils reads it) → 0, which Kubernetes needs: `7` → `0`,
 * `5-7` → `5-6,0`. A stepped range reaching 7 is left to the caller (undefined).
 */
function sundayAsZero(field: string): string | undefined {
  const parts: string[] = [];
  for (const part of field.split(',')) {
    if (part === '7') {
      parts.push('0');
      continue;
    }
    const m = /^(\w+)-7(\/\d+)?$/.exec(part);
    if (!m) {
      parts.push(part);
      continue;
    }
    if (m[2] !== undefined) return undefined;
    const from = m[1]!;
    parts.push(from === '7' ? '0' : from === '6' || from.toUpperCase() === 'SAT' ? `${from},0` : `${from}-6,0`);
  }
  return [...new Set(parts)].join(',');
}

/** A day field restricts the days unless one of its parts starts with `*` or `?` (robfig's rule). */
function restricted(field: string): boolean {
  return !field.split(',').some((p) => p.startsWith('*') || p.startsWith('?'));
}
