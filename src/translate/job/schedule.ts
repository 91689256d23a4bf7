/**
 * One Metronome schedule → the schedule part of a CronJob spec.
 *
 * | Metronome (default)              | CronJob                                                      |
 * |----------------------------------|--------------------------------------------------------------|
 * | cron                             | schedule (see cron.ts)                                       |
 * | timezone (UTC)                   | timeZone where the target has it (1.25+), else a finding     |
 * | concurrencyPolicy (ALLOW)        | concurrencyPolicy Allow / Forbid, always written             |
 * | startingDeadlineSeconds (900)    | startingDeadlineSeconds, always written                      |
 * | enabled (true)                   | suspend: true when false                                     |
 *
 * Defaults are written out because Kubernetes' differ: no time zone (the controller's local
 * zone), no starting deadline. Metronome's starting deadline bounded the time from a run's
 * creation to its task running; a CronJob's bounds the time from the scheduled moment to the
 * Job's creation. Both drop a run that cannot start in time, the nearest there is.
 */
import { supports } from '../../kube/versions.js';
import { lacks } from '../target.js';
import { METRONOME_DEFAULTS, type JobSchedule } from '../../marathon/job-model.js';
import type { AppContext } from '../context.js';
import { convertCron } from './cron.js';

/** The spec fields of a CronJob for one schedule, before `jobTemplate`; undefined when the cron cannot be converted. */
export function scheduleSpec(ctx: AppContext, schedule: JobSchedule): Record<string, unknown> | undefined {
  const at = `/schedules/${schedule.index}`;
  ctx.use(`${at}/id`, `${at}/cron`, `${at}/timezone`, `${at}/concurrencyPolicy`, `${at}/startingDeadlineSeconds`, `${at}/enabled`,
    // GET /v1/jobs?embed=schedules adds the next run time: state, not definition.
    `${at}/nextRunAt`);
  const cron = convertCron(schedule.cron ?? '');
  if (!cron.ok) {
    ctx.report('job-schedule-not-converted', `${at}/cron`, `schedule "${schedule.id ?? schedule.index}": ${cron.reason}; no CronJob is made for it`,
      { hint: 'rewrite the schedule as a five-field cron expression and convert again, or write the CronJob by hand' });
    return undefined;
  }
  if (cron.warning) {
    ctx.report('job-schedule-approximated', `${at}/cron`, cron.warning,
      { hint: 'restrict only one of the two day fields and filter the other day in the command' });
  }
  const spec: Record<string, unknown> = { schedule: cron.schedule };
  const timeZone = mapTimeZone(ctx, schedule, at);
  if (timeZone !== undefined) spec.timeZone = timeZone;
  if (schedule.enabled === false) spec.suspend = true;
  spec.concurrencyPolicy = (schedule.concurrencyPolicy ?? METRONOME_DEFAULTS.concurrencyPolicy) === 'FORBID' ? 'Forbid' : 'Allow';
  spec.startingDeadlineSeconds = schedule.startingDeadlineSeconds ?? METRONOME_DEFAULTS.startingDeadlineSeconds;
  return spec;
}

/**
 * Metronome ran a schedule in its `timezone`, UTC by default. Targets with CronJob timeZone
 * get it written out (UTC included: a CronJob without one runs in kube-controller-manager's
 * local zone). Older targets run every schedule in the controller's zone, which managed clusters
 * keep at UTC: only another zone is worth a finding.
 */
function mapTimeZone(ctx: AppContext, schedule: JobSchedule, at: string): string | undefined {
  const given = schedule.timezone;
  const canonical = given === undefined ? 'UTC' : canonicalZone(given);
  if (canonical === undefined) {
    ctx.report('job-timezone-not-supported', `${at}/timezone`, `"${given}" is not an IANA time zone; the schedule runs in the time zone of kube-controller-manager (usually UTC)`,
      { severity: 'warning', hint: 'set spec.timeZone to the intended IANA zone' });
    return undefined;
  }
  if (supports('cronJobTimeZone', ctx.options.kubeVersion)) return given ?? 'Etc/UTC';
  if (canonical !== 'UTC') {
    lacks(ctx, 'cronJobTimeZone', 'schedule runs in the controller manager\'s time zone');
    ctx.report('job-timezone-not-supported', `${at}/timezone`,
      `time zone ${given}: CronJob timeZone needs Kubernetes 1.25 (target ${ctx.options.kubeVersion}); the schedule "${schedule.cron ?? ''}" runs in the time zone of kube-controller-manager (usually UTC)`,
      { hint: 'shift the cron expression to UTC by hand, minding daylight saving time, or target Kubernetes 1.25 or later' });
  }
  return undefined;
}

/** The canonical IANA name of a zone (`Etc/UTC` → `UTC`), or undefined when it is not one. */
function canonicalZone(zone: string): string | undefined {
  if (zone.trim() === '' || zone === 'Local') return undefined;
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}
