/**
 * The canonical Metronome (DC/OS Jobs) model: a job spec as `POST /v1/jobs` takes it, with the
 * schedules `GET /v1/jobs?embed=schedules` adds. Like the app model, a field is absent when the
 * input did not give it; Metronome's defaults live in METRONOME_DEFAULTS, for the translators.
 *
 * The `run` part is what a Mesos task needs, much like an app: normalize-job.ts projects it onto
 * the app model (MarathonApp) so the app's concern mappers serve jobs too.
 */
import type { EnvValue, KVLabels, Network } from './model.js';

export type ConcurrencyPolicy = 'ALLOW' | 'FORBID';
export type RestartPolicy = 'NEVER' | 'ON_FAILURE';

/** `schedules[]` (schedulespec.schema.json). `index` is the position, for pointers. */
export interface JobSchedule {
  index: number;
  id?: string;
  cron?: string;
  /** IANA time zone; Metronome's default is UTC. */
  timezone?: string;
  startingDeadlineSeconds?: number;
  concurrencyPolicy?: ConcurrencyPolicy;
  enabled?: boolean;
}

/** `run.placement.constraints[]`: the object form, `EQ` being an alias of `IS`. */
export interface JobConstraint {
  attribute?: string;
  operator?: string;
  value?: string;
}

/** `run.volumes[]`: a host path, a secret file, or (anything else) left to the ledger. */
export type JobVolume =
  | { kind: 'host'; containerPath: string; hostPath: string; mode?: 'RO' | 'RW' }
  | { kind: 'secret'; containerPath: string; secret: string }
  | { kind: 'unknown'; containerPath?: string; mode?: 'RO' | 'RW' };

export interface JobRun {
  cpus?: number;
  mem?: number;
  disk?: number;
  gpus?: number;
  cmd?: string;
  args?: string[];
  user?: string;
  env?: Record<string, EnvValue>;
  /** name → DC/OS secret store path. */
  secrets?: Record<string, { source: string }>;
  /** Docker containerizer. */
  docker?: { image?: string; forcePullImage?: boolean; privileged?: boolean; parameters?: { key: string; value: string }[] };
  /** Mesos containerizer (Universal Container Runtime). */
  ucr?: { image?: { id?: string; kind?: string; forcePull?: boolean }; privileged?: boolean };
  artifacts?: { uri: string; extract?: boolean; executable?: boolean; cache?: boolean }[];
  volumes?: JobVolume[];
  networks?: Network[];
  constraints?: JobConstraint[];
  restart?: { policy?: RestartPolicy; activeDeadlineSeconds?: number };
  /** Seconds (Metronome hands it to the launch queue as the cap of its launch back-off). */
  maxLaunchDelay?: number;
  taskKillGracePeriodSeconds?: number;
}

export interface MetronomeJob {
  /** Dot-separated, e.g. `prod.reports.nightly`. */
  id: string;
  description?: string;
  labels?: KVLabels;
  /** Ids of the jobs this one depends on (newer Metronome builds). */
  dependencies?: string[];
  /** Absent and empty both mean "unscheduled" (run on demand only). */
  schedules?: JobSchedule[];
  run: JobRun;
}

/**
 * Metronome's defaults where the translation depends on them (released versions:
 * dcos/metronome ScheduleSpec, JobRunSpec, RestartSpec).
 */
export const METRONOME_DEFAULTS = {
  timezone: 'UTC',
  startingDeadlineSeconds: 900,
  concurrencyPolicy: 'ALLOW' as ConcurrencyPolicy,
  enabled: true,
  restartPolicy: 'NEVER' as RestartPolicy,
  maxLaunchDelay: 3600,
};

/** Fields of Metronome API responses that describe the running state (embed=…), not the job. */
export const JOB_RESPONSE_FIELDS: ReadonlySet<string> = new Set(['activeRuns', 'history', 'historySummary']);
