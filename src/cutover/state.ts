/**
 * The local record of a cutover: per Marathon app, pod or job, what ran on Marathon before it was
 * scaled down (instances; for a job, which schedules were enabled) and how far it got. The other
 * copy lives in annotations on the Kubernetes workloads (plan.ts), so a rollback works when
 * either is lost.
 *
 * The file is JSON, written atomically (a temporary file, then a rename) after every change, so
 * an interrupted run leaves the previous or the new state, never half a file. One file belongs
 * to one Marathon: using it against another is refused.
 */
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import type { UnitKind } from './plan.js';

export const STATE_FORMAT = 'marathon2k8s/cutover-state/v1';
export const DEFAULT_STATE_FILE = 'marathon2k8s-state.json';

/** recorded: counts written, nothing scaled yet; cut-over: Marathon scaled down; rolled-back: restored. */
export type Phase = 'recorded' | 'cut-over' | 'rolled-back';

export interface Recorded {
  /** Marathon instances before the cutover (apps and pods). */
  instances?: number;
  /** Metronome schedules and whether each was enabled before the cutover (jobs). */
  schedules?: Record<string, boolean>;
}

export interface StateEntry extends Recorded {
  kind: UnitKind;
  phase: Phase;
  /** ISO time the counts were recorded, and of the last change. */
  recordedAt: string;
  updatedAt: string;
  /** Its Kubernetes workloads, `Kind namespace/name`. */
  workloads: string[];
}

export interface CutoverState {
  format: typeof STATE_FORMAT;
  /** The Marathon (and Metronome) these are from: base URLs without credentials. */
  marathon: string;
  metronome?: string;
  /** By Marathon id. */
  entries: Record<string, StateEntry>;
}

/** The state file cannot be used (unreadable, not ours, another Marathon); the message says what to do. */
export class StateFileError extends Error {}

export function emptyState(marathon: string, metronome?: string): CutoverState {
  return { format: STATE_FORMAT, marathon, ...(metronome !== undefined ? { metronome } : {}), entries: {} };
}

/** The state in `file`; undefined when there is no such file. */
export async function readState(file: string): Promise<CutoverState | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new StateFileError(`cannot read the state file ${file}: ${(e as Error).message}`);
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new StateFileError(`the state file ${file} is not JSON (${(e as Error).message}); restore it from a backup, or move it away: the counts are also in the ${'marathon2k8s.io/marathon-instances'} annotations`);
  }
  const problem = stateProblem(doc);
  if (problem !== undefined) throw new StateFileError(`${file} is not a marathon2k8s state file: ${problem}; pass another --state`);
  return doc as CutoverState;
}

/** What is wrong with a parsed state file, if anything. */
function stateProblem(doc: unknown): string | undefined {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return 'not a JSON object';
  const d = doc as Record<string, unknown>;
  if (d.format !== STATE_FORMAT) return `"format" is ${JSON.stringify(d.format)}, expected "${STATE_FORMAT}"`;
  if (typeof d.marathon !== 'string') return '"marathon" is missing';
  if (typeof d.entries !== 'object' || d.entries === null || Array.isArray(d.entries)) return '"entries" is missing';
  for (const [id, e] of Object.entries(d.entries as Record<string, unknown>)) {
    const entry = e as Partial<StateEntry> | null;
    if (typeof entry !== 'object' || entry === null) return `entry ${id} is not an object`;
    if (entry.instances !== undefined && !(Number.isInteger(entry.instances) && entry.instances >= 0)) return `entry ${id}: "instances" is not a count`;
    if (!['recorded', 'cut-over', 'rolled-back'].includes(entry.phase as string)) return `entry ${id}: unknown phase ${JSON.stringify(entry.phase)}`;
  }
  return undefined;
}

/** Refuses a state file of another Marathon: its counts would be applied to the wrong apps. */
export function checkSameMarathon(state: CutoverState, file: string, marathon: string): void {
  if (state.marathon !== marathon) {
    throw new StateFileError(`the state file ${file} records the Marathon at ${state.marathon}, not ${marathon}; pass the --state of that Marathon (or a new file)`);
  }
}

/** Writes through a temporary file and a rename: never half a file. */
export async function writeState(file: string, state: CutoverState): Promise<void> {
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    await writeFile(tmp, JSON.stringify(state, null, 2) + '\n', { mode: 0o644 });
    await rename(tmp, file);
  } catch (e) {
    await rm(tmp, { force: true }).catch(() => undefined);
    throw e;
  }
}

/**
 * The instance count to record. What Marathon runs now is the truth while it runs anything; at 0
 * (a cutover already done, or interrupted after the scale-down) the earlier record is kept, from
 * the state file or else the workload's annotation — never 0 over a real count. An app that was
 * at 0 with no record anywhere was suspended on Marathon: 0 it is.
 */
export function instancesToRecord(live: number, earlier: { file?: number; annotation?: number }): { instances: number; from: 'marathon' | 'state file' | 'annotation' } {
  if (live > 0) return { instances: live, from: 'marathon' };
  if (earlier.file !== undefined) return { instances: earlier.file, from: 'state file' };
  if (earlier.annotation !== undefined) return { instances: earlier.annotation, from: 'annotation' };
  return { instances: 0, from: 'marathon' };
}

/**
 * The same for a job's schedules: an enabled schedule is recorded enabled; a disabled one keeps
 * an earlier record (the cutover disabled it), else it was disabled before and stays so.
 */
export function schedulesToRecord(live: Record<string, boolean>, earlier: Record<string, boolean> | undefined): Record<string, boolean> {
  const out: Record<string, boolean> = {};
  for (const [id, enabled] of Object.entries(live)) out[id] = enabled || earlier?.[id] === true;
  return out;
}
