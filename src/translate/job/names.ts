/**
 * Kubernetes names of a Metronome job.
 *
 * A job id is dot-separated (`prod.reports.nightly`); its segments play the part of a Marathon
 * path's: the first names the namespace (as a top-level group does), the rest the object
 * (`prod/reports-nightly`); a one-segment id lands in `default`. The shared NameRegistry gives
 * the names out, so jobs, apps and pods of one run never share a name in a namespace.
 *
 * A job with several schedules gets one CronJob per schedule, named `<job>-<schedule id>` (also
 * from the registry). CronJob names are limited to 52 characters (the controller appends 11 to
 * name each Job): longer names are cut with a hash of the job id and schedule.
 */
import type { JobSchedule } from '../../marathon/job-model.js';
import { withHash, type AppName, type NameRegistry } from '../names.js';

export const MAX_CRONJOB_NAME = 52;

/** `prod.reports.nightly` → `/prod/reports/nightly`: the path the name rules read. */
export function jobPath(jobId: string): string {
  return '/' + jobId.split('.').filter((s) => s !== '').join('/');
}

/** A CronJob's name and, when it is not the plain one, why. */
export interface CronJobName {
  name: string;
  changed?: string;
}

/**
 * The CronJob name of each schedule (by index) when the job has several; with one schedule (or
 * none, as an on-demand CronJob) the job's own name is used.
 */
export function scheduleNames(registry: NameRegistry, jobId: string, job: AppName, schedules: readonly JobSchedule[]): Map<number, CronJobName> {
  const out = new Map<number, CronJobName>();
  if (schedules.length <= 1) {
    for (const s of schedules) out.set(s.index, cronJobName(job.name, `${jobId}#${s.id ?? s.index}`));
    return out;
  }
  const path = jobPath(jobId);
  // The schedule's path stays in the job's namespace: below the job when the job's first
  // segment names a namespace (`/prod/reports/nightly` → prod/reports-nightly), beside it when
  // the job sits in `default` (`/reports-nightly`; `/reports/nightly` would make `reports` a namespace).
  const nested = path.lastIndexOf('/') > 0;
  for (const s of schedules) {
    const scheduleId = s.id ?? `schedule-${s.index}`;
    const name = registry.nameFor(nested ? `${path}/${scheduleId}` : `${path}-${scheduleId}`);
    const cut = cronJobName(name.name, `${jobId}#${s.id ?? s.index}`);
    const reasons = [name.changed, cut.changed].filter((r): r is string => r !== undefined);
    out.set(s.index, reasons.length > 0 ? { name: cut.name, changed: reasons.join('; ') } : { name: cut.name });
  }
  return out;
}

/** A name within the CronJob limit. */
export function cronJobName(name: string, hashSource: string): CronJobName {
  if (name.length <= MAX_CRONJOB_NAME) return { name };
  return { name: withHash(name, hashSource, MAX_CRONJOB_NAME), changed: `shortened to ${MAX_CRONJOB_NAME} characters with a hash (the limit for CronJob names)` };
}
