/**
 * What a Metronome job run does on failure and in time, as a Job spec; and the run fields the
 * app mappers do not cover (networks, maxLaunchDelay, ucr.image.kind).
 *
 * Metronome (JobRunExecutorActor): with restart policy NEVER a failed task fails the run. With
 * ON_FAILURE a failed task is relaunched as a new task — without a limit on the count — as long
 * as the run is younger than `restart.activeDeadlineSeconds` (forever without one); a task still
 * running at the deadline is left to finish. So:
 *
 * | Metronome                        | Job                                                         |
 * |----------------------------------|-------------------------------------------------------------|
 * | NEVER                            | restartPolicy Never, backoffLimit 0: one attempt            |
 * | NEVER + activeDeadlineSeconds    | the deadline had no effect: not mapped, reported            |
 * | ON_FAILURE                       | restartPolicy OnFailure, backoffLimit 2147483647 (no count) |
 * | ON_FAILURE + activeDeadlineSeconds | activeDeadlineSeconds (which also stops a pod still running: reported) |
 *
 * OnFailure restarts the container in its pod, as Metronome relaunched the task; it keeps one pod
 * instead of piling up failed ones, which restartPolicy Never with retries would.
 */
import { METRONOME_DEFAULTS, type MetronomeJob } from '../../marathon/job-model.js';
import type { AppContext } from '../context.js';

/** int32 max: Kubernetes' way to say "no limit on retries" (a Job requires a number). */
export const UNLIMITED_RETRIES = 2147483647;

export interface RunPolicy {
  restartPolicy: 'Never' | 'OnFailure';
  /** Job spec fields: backoffLimit, activeDeadlineSeconds. */
  jobSpec: Record<string, unknown>;
}

export function mapRestart(ctx: AppContext, job: MetronomeJob): RunPolicy {
  const restart = job.run.restart;
  ctx.use('/run/restart/policy', '/run/restart/activeDeadlineSeconds');
  const deadline = restart?.activeDeadlineSeconds;
  const deadlinePointer = '/run/restart/activeDeadlineSeconds';
  if ((restart?.policy ?? METRONOME_DEFAULTS.restartPolicy) === 'NEVER') {
    if (deadline !== undefined) {
      ctx.report('job-deadline-approximated', deadlinePointer,
        `activeDeadlineSeconds ${deadline} only limited how long Metronome relaunched failed tasks, which restart policy NEVER never does: it had no effect and is not mapped`,
        { severity: 'info', hint: 'set spec.activeDeadlineSeconds on the Job if the run should be stopped after a time' });
    }
    return { restartPolicy: 'Never', jobSpec: { backoffLimit: 0 } };
  }
  ctx.report('job-restart-approximated', '/run/restart/policy',
    `restart policy ON_FAILURE: a failed task was relaunched by Metronome${deadline !== undefined ? ` for ${deadline} s` : ''} without counting; ` +
      `the container is restarted in its pod (restartPolicy OnFailure, with the kubelet's back-off of at most 5 min) with no limit on retries (backoffLimit ${UNLIMITED_RETRIES})`,
    { hint: 'lower spec.backoffLimit to give up after a number of failures' });
  const jobSpec: Record<string, unknown> = { backoffLimit: UNLIMITED_RETRIES };
  if (deadline !== undefined) {
    jobSpec.activeDeadlineSeconds = deadline;
    ctx.report('job-deadline-approximated', deadlinePointer,
      `activeDeadlineSeconds ${deadline}: Metronome stopped relaunching failed tasks after ${deadline} s but let a running task finish; the Job (activeDeadlineSeconds) is stopped after ${deadline} s, a pod still running included`,
      { hint: 'raise spec.activeDeadlineSeconds above the longest run, or remove it' });
  }
  return { restartPolicy: 'OnFailure', jobSpec };
}

/** maxLaunchDelay: Metronome's launch queue capped the delay between launch attempts with it. */
export function reportMaxLaunchDelay(ctx: AppContext, job: MetronomeJob): void {
  const delay = job.run.maxLaunchDelay;
  if (delay === undefined) return;
  ctx.use('/run/maxLaunchDelay');
  if (delay === METRONOME_DEFAULTS.maxLaunchDelay) return;
  ctx.report('scheduling-not-mapped', '/run/maxLaunchDelay',
    `maxLaunchDelay ${delay} has no Kubernetes equivalent: the kubelet's and the Job controller's back-off are fixed (at most 5 and 6 min)`);
}

/**
 * A job's task runs on the pod network (host networking with --host-network, which the pod
 * template applies); a network name says nothing more there, CNI labels are reported.
 */
export function reportNetworks(ctx: AppContext): void {
  ctx.app.networks.forEach((n, i) => {
    ctx.use(`/networks/${i}/mode`, `/networks/${i}/name`, `/networks/${i}/labels`);
    if (n.labels && Object.keys(n.labels).length > 0) {
      ctx.report('network-not-mapped', `/networks/${i}/labels`, `labels of the container network${n.name ? ` "${n.name}"` : ''} (${Object.keys(n.labels).join(', ')}) are not applied`);
    }
  });
}

/** `ucr.image.kind`: docker images run as they are; an appc image cannot run on Kubernetes. */
export function reportImageKind(ctx: AppContext, job: MetronomeJob): void {
  const kind = job.run.ucr?.image?.kind;
  if (kind === undefined) return;
  ctx.use('/run/ucr/image/kind');
  if (kind.toLowerCase() !== 'appc') return;
  ctx.report('appc-image-not-mapped', '/run/ucr/image/kind', `the appc image "${job.run.ucr?.image?.id ?? ''}" cannot run on Kubernetes; it is used as an OCI image name, which needs rebuilding`,
    { hint: 'build an OCI (Docker) image with the same content and set it as the image' });
}
