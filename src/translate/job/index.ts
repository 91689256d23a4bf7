/**
 * Metronome job → CronJobs (one per schedule) or a Job (unscheduled), pure like the app
 * translator, and built from the same parts: the job's `run` is projected onto the app model
 * (normalize-job.ts), so the app's concerns (placement, secrets, storage, discovery, runtime)
 * and its container and pod template serve the job's task unchanged. What only jobs have —
 * schedules, restart policy, deadlines — is mapped here (schedule.ts, run.ts, cron.ts).
 *
 * The pod template of a job has no ports and no probes (a job's task has no health checks and
 * nothing connects to it), and no Service is made.
 *
 * An unscheduled Metronome job only ran when someone triggered it. It becomes a Job, which runs
 * once as soon as it is applied, or with `--jobs-as cronjob` a suspended CronJob with a schedule
 * that never fires, to be triggered with `kubectl create job --from=cronjob/<name>`.
 */
import { finding, Ledger } from '../../findings.js';
import { apiVersionFor } from '../../kube/versions.js';
import { MARATHON_DEPENDENCIES_ANNOTATION, type KubeObject, type ObjectMeta } from '../../kube/types.js';
import { JOB_RESPONSE_FIELDS, type MetronomeJob } from '../../marathon/job-model.js';
import type { JsonObject } from '../../marathon/json.js';
import { normalizeJob } from '../../marathon/normalize-job.js';
import { issueFinding, type SchemaIssue } from '../../marathon/validate.js';
import type { ConvertOptions } from '../../options.js';
import { reportUnconsumed } from '../app.js';
import { CONCERNS } from '../concerns.js';
import { AppContext } from '../context.js';
import type { NameRegistry } from '../names.js';
import { mergeParts } from '../parts.js';
import type { RunIndex } from '../run-index.js';
import { mapPodTemplate } from '../workload.js';
import { cronJobName, jobPath, scheduleNames, type CronJobName } from './names.js';
import { mapRestart, reportImageKind, reportMaxLaunchDelay, reportNetworks } from './run.js';
import { jobRunView } from './run-view.js';
import { scheduleSpec } from './schedule.js';

/** The annotation carrying a job's description (the well-known Kubernetes one). */
export const DESCRIPTION_ANNOTATION = 'kubernetes.io/description';
/** The Metronome schedule a CronJob was made from. */
export const SCHEDULE_ANNOTATION = 'marathon2k8s.io/metronome-schedule';
/** A schedule that never fires (31 February) for on-demand CronJobs; they are suspended as well. */
export const NEVER_SCHEDULE = '0 0 31 2 *';

export interface JobInput {
  raw: JsonObject;
  /** Where the job sits in its file. */
  pointer: string;
  file?: string;
  options: ConvertOptions;
  names: NameRegistry;
  run: RunIndex;
  /** Schema issues of the job (pointers relative to the job). */
  issues: readonly SchemaIssue[];
}

export interface PreparedJob {
  ctx: AppContext;
  translate: (ctx: AppContext) => KubeObject[];
}

/** First pass (loading): normalize, name, and report schema issues; translation comes later. */
export function prepareJob(input: JobInput): PreparedJob {
  const ledger = new Ledger(input.raw, JOB_RESPONSE_FIELDS);
  const { job, app } = normalizeJob(input.raw, ledger);
  const name = input.names.nameFor(jobPath(job.id));
  const schedules = scheduleNames(input.names, job.id, name, job.schedules ?? []);
  const ctx = new AppContext(app, name, input.options, ledger, input.pointer, input.file, input.raw, jobRunView(input.run, { app, name }));
  for (const issue of input.issues) {
    ctx.findings.push(issueFinding(issue, input.pointer + issue.pointer, { app: job.id, ...(input.file ? { file: input.file } : {}) }));
  }
  return { ctx, translate: (c) => translateJob(c, job, schedules) };
}

export function translateJob(ctx: AppContext, job: MetronomeJob, names: ReadonlyMap<number, CronJobName>): KubeObject[] {
  if (ctx.name.changed) {
    ctx.report('name-changed', '/id', `job "${job.id}" is named ${ctx.name.namespace}/${ctx.name.name}: ${ctx.name.changed}`);
  }
  // A job's task has no ports: the concerns get none, and nothing makes a probe or a Service.
  const parts = mergeParts(CONCERNS.map((concern) => concern(ctx, [])));
  reportNetworks(ctx);
  reportMaxLaunchDelay(ctx, job);
  reportImageKind(ctx, job);
  const pod = mapPodTemplate(ctx, [], parts);
  const policy = mapRestart(ctx, job);
  const jobSpec = { ...policy.jobSpec, template: { metadata: pod.template.metadata, spec: { restartPolicy: policy.restartPolicy, ...pod.template.spec } } };
  const metadata = jobMetadata(ctx, job, pod.metadata);

  const schedules = job.schedules ?? [];
  let workloads: KubeObject[];
  if (schedules.length > 0) {
    workloads = schedules.flatMap((schedule) => {
      const spec = scheduleSpec(ctx, schedule);
      if (!spec) return [];
      const name = names.get(schedule.index) ?? { name: ctx.name.name };
      if (name.changed) ctx.report('name-changed', `/schedules/${schedule.index}/id`, `the CronJob of schedule "${schedule.id ?? schedule.index}" is named ${name.name}: ${name.changed}`);
      const annotations = schedule.id !== undefined ? { ...metadata.annotations, [SCHEDULE_ANNOTATION]: schedule.id } : metadata.annotations;
      return [cronJob(ctx, { ...metadata, name: name.name, ...(annotations ? { annotations } : {}) }, spec, jobSpec)];
    });
  } else if (ctx.options.jobsAs === 'cronjob') {
    const name = cronJobName(ctx.name.name, job.id);
    if (name.changed) ctx.report('name-changed', '/id', `the CronJob of job "${job.id}" is named ${name.name}: ${name.changed}`);
    ctx.report('job-unscheduled', '/id',
      `the job has no schedule (it ran when triggered): it is a suspended CronJob whose schedule never fires; run it with kubectl create job --from=cronjob/${name.name} -n ${ctx.name.namespace} <run-name>`);
    workloads = [cronJob(ctx, { ...metadata, name: name.name }, { schedule: NEVER_SCHEDULE, suspend: true, concurrencyPolicy: 'Allow' }, jobSpec)];
  } else {
    ctx.report('job-unscheduled', '/id', 'the job has no schedule (it ran when triggered): it is a Job, which runs once as soon as it is applied',
      // Applying it runs it, which Metronome never did unasked: someone must decide.
      { hint: 'pass --jobs-as cronjob to get a suspended CronJob to trigger on demand instead', severity: 'warning' });
    workloads = [{ apiVersion: apiVersionFor('Job', ctx.options.kubeVersion), kind: 'Job', metadata, spec: jobSpec }];
  }
  reportUnconsumed(ctx);
  return [...workloads, ...(parts.objects ?? [])];
}

function cronJob(ctx: AppContext, metadata: ObjectMeta, scheduleFields: Record<string, unknown>, jobSpec: Record<string, unknown>): KubeObject {
  const template = jobSpec.template as { metadata: { labels: Record<string, string> } };
  return {
    apiVersion: apiVersionFor('CronJob', ctx.options.kubeVersion),
    kind: 'CronJob',
    metadata,
    // The Jobs the CronJob makes carry the job's labels too. (A copy per CronJob: the
    // schedules of a job share one template, and later stages may edit an object in place.)
    spec: { ...scheduleFields, jobTemplate: structuredClone({ metadata: { labels: template.metadata.labels }, spec: jobSpec }) },
  };
}

/**
 * The workload metadata: the pod template's (labels, the id annotation), plus the description
 * and the dependencies. Metronome started a dependent job once the jobs it depends on had run
 * successfully; Kubernetes has no such trigger: reported, and the ids kept in the annotation
 * the apply order reads.
 */
function jobMetadata(ctx: AppContext, job: MetronomeJob, metadata: ObjectMeta): ObjectMeta {
  const annotations: Record<string, string> = { ...metadata.annotations };
  ctx.use('/description', '/dependencies');
  if (job.description !== undefined && job.description !== '') annotations[DESCRIPTION_ANNOTATION] = job.description;
  const dependencies = (job.dependencies ?? []).filter((d) => d !== '');
  if (dependencies.length > 0) {
    annotations[MARATHON_DEPENDENCIES_ANNOTATION] = dependencies.join(',');
    ctx.report('job-dependencies-not-mapped', '/dependencies',
      `Metronome ran this job after ${dependencies.join(', ')} had run successfully; Kubernetes has no such trigger, so it runs on its own schedule; the ids are kept in the annotation ${MARATHON_DEPENDENCIES_ANNOTATION}`,
      { hint: 'chain the steps in one Job, or use a workflow engine such as Argo Workflows' });
  }
  return { ...metadata, annotations };
}
