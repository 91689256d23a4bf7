/**
 * Normalization of a raw Metronome job: the job model (job-model.ts), and the projection of its
 * `run` onto the app model, so that the app's concern mappers (placement, secrets, storage,
 * runtime: fetch, docker parameters…, the container itself) translate a job's task exactly as
 * they translate an app's.
 *
 * The projection registers ledger aliases from each canonical app pointer to the field the user
 * wrote in the job (`/container/docker/image` → `/run/docker/image` or `/run/ucr/image/id`,
 * `/fetch` → `/run/artifacts`, `/constraints/0/0` → `/run/placement/constraints/0/attribute`…),
 * so a mapper marks and reports the job's own fields. Job-only fields (schedules, restart,
 * maxLaunchDelay, description, dependencies, ucr.image.kind) keep their raw pointers and are
 * the job translator's.
 */
import type { Ledger } from '../findings.js';
import type { JobConstraint, JobRun, JobSchedule, JobVolume, MetronomeJob, RestartPolicy } from './job-model.js';
import { amount, arr, bool, int, INT32_MAX, MAX_RESOURCES, compact, isObject, kv, num, str, strArr, type JsonObject } from './json.js';
import type { AppVolume, Container, EnvValue, MarathonApp, Network } from './model.js';

export interface NormalizedJob {
  job: MetronomeJob;
  /** The job's `run` as an app: what the app's mappers read. Its id is the job id. */
  app: MarathonApp;
}

export function normalizeJob(raw: JsonObject, ledger: Ledger): NormalizedJob {
  const job = readJob(raw);
  return { job, app: projectRun(job, ledger) };
}

function readJob(raw: JsonObject): MetronomeJob {
  const run = isObject(raw.run) ? raw.run : {};
  return compact({
    id: str(raw.id) ?? '',
    description: str(raw.description),
    labels: kv(raw.labels),
    dependencies: arr(raw.dependencies)?.map((d) => (isObject(d) ? str(d.id) : str(d)) ?? ''),
    schedules: arr(raw.schedules)?.map((s, index): JobSchedule => (isObject(s) ? readSchedule(s, index) : { index })),
    run: readRun(run),
  });
}

function readSchedule(s: JsonObject, index: number): JobSchedule {
  const policy = upper(s.concurrencyPolicy);
  return compact({
    index,
    id: str(s.id),
    cron: str(s.cron),
    timezone: str(s.timezone),
    startingDeadlineSeconds: int(s.startingDeadlineSeconds),
    concurrencyPolicy: policy === 'ALLOW' || policy === 'FORBID' ? policy : undefined,
    enabled: bool(s.enabled),
  });
}

function readRun(r: JsonObject): JobRun {
  const restart = isObject(r.restart) ? r.restart : undefined;
  const policyText = upper(restart?.policy);
  const policy: RestartPolicy | undefined = policyText === 'NEVER' || policyText === 'ON_FAILURE' ? policyText : undefined;
  const docker = isObject(r.docker) ? r.docker : undefined;
  const ucr = isObject(r.ucr) ? r.ucr : undefined;
  const image = ucr && isObject(ucr.image) ? ucr.image : undefined;
  return compact({
    cpus: amount(r.cpus, 0, MAX_RESOURCES.cpus),
    mem: amount(r.mem),
    disk: amount(r.disk),
    gpus: amount(r.gpus, 0, MAX_RESOURCES.gpus),
    cmd: str(r.cmd),
    args: strArr(r.args),
    user: str(r.user),
    env: readEnv(r.env),
    secrets: readSecrets(r.secrets),
    docker: docker
      ? compact({
          image: str(docker.image),
          forcePullImage: bool(docker.forcePullImage),
          privileged: bool(docker.privileged),
          parameters: arr(docker.parameters)?.filter(isObject)
            .map((p) => ({ key: str(p.key) ?? '', value: p.value === undefined || p.value === null ? '' : String(p.value) })),
        })
      : undefined,
    ucr: ucr
      ? compact({
          image: image ? compact({ id: str(image.id), kind: str(image.kind), forcePull: bool(image.forcePull) }) : undefined,
          privileged: bool(ucr.privileged),
        })
      : undefined,
    artifacts: arr(r.artifacts)?.filter(isObject).map((a) =>
      compact({ uri: str(a.uri) ?? '', extract: bool(a.extract), executable: bool(a.executable), cache: bool(a.cache) })),
    volumes: arr(r.volumes)?.map(readVolume),
    networks: arr(r.networks)?.filter(isObject).map((n) => {
      const mode = str(n.mode)?.toLowerCase();
      return compact({ mode: mode === 'host' || mode === 'container/bridge' ? mode : 'container', name: str(n.name), labels: kv(n.labels) }) as Network;
    }),
    constraints: isObject(r.placement)
      ? arr(r.placement.constraints)?.map((c): JobConstraint => (isObject(c) ? compact({ attribute: str(c.attribute), operator: str(c.operator), value: str(c.value) }) : {}))
      : undefined,
    restart: restart
      ? compact({ policy, activeDeadlineSeconds: int(restart.activeDeadlineSeconds) })
      : undefined,
    maxLaunchDelay: num(r.maxLaunchDelay),
    // Metronome takes fractional seconds; the pod's grace period is whole seconds, rounded up.
    taskKillGracePeriodSeconds: ceilOf(amount(r.taskKillGracePeriodSeconds, 0, INT32_MAX)),
  });
}

function readVolume(v: unknown): JobVolume {
  if (!isObject(v)) return { kind: 'unknown' };
  const mode = upper(v.mode) === 'RO' ? 'RO' : upper(v.mode) === 'RW' ? 'RW' : undefined;
  const containerPath = str(v.containerPath);
  if (typeof v.secret === 'string') return { kind: 'secret', containerPath: containerPath ?? '', secret: v.secret };
  if (typeof v.hostPath === 'string') return compact({ kind: 'host' as const, containerPath: containerPath ?? '', hostPath: v.hostPath, mode });
  return compact({ kind: 'unknown' as const, containerPath, mode });
}

function readEnv(v: unknown): Record<string, EnvValue> | undefined {
  if (!isObject(v)) return undefined;
  const out: Record<string, EnvValue> = {};
  for (const [k, val] of Object.entries(v)) {
    if (typeof val === 'string') out[k] = val;
    else if (isObject(val) && typeof val.secret === 'string') out[k] = { secret: val.secret };
  }
  return out;
}

function readSecrets(v: unknown): Record<string, { source: string }> | undefined {
  if (!isObject(v)) return undefined;
  const out: Record<string, { source: string }> = {};
  for (const [name, s] of Object.entries(v)) if (isObject(s) && typeof s.source === 'string') out[name] = { source: s.source };
  return out;
}

function upper(v: unknown): string | undefined {
  return typeof v === 'string' ? v.toUpperCase() : undefined;
}

/** Canonical app pointer → the job field behind it (the same name under `/run`). */
const RUN_FIELDS = ['cmd', 'args', 'cpus', 'mem', 'disk', 'gpus', 'user', 'env', 'secrets', 'taskKillGracePeriodSeconds', 'networks'];

/**
 * The job's task as an app. Metronome's defaults are Marathon's for what the app model holds
 * (1 cpu, 128 MiB, host networking, artifacts extracted), so the projection adds none.
 */
function projectRun(job: MetronomeJob, ledger: Ledger): MarathonApp {
  const run = job.run;
  for (const field of RUN_FIELDS) ledger.alias(`/${field}`, `/run/${field}`);
  ledger.alias('/fetch', '/run/artifacts');
  // Whatever has no more specific alias (e.g. the `default-image` finding on /container) points at `run`.
  ledger.alias('/container', '/run');
  ledger.alias('/container/volumes', '/run/volumes');
  (run.constraints ?? []).forEach((_, i) => {
    const raw = `/run/placement/constraints/${i}`;
    ledger.alias(`/constraints/${i}`, raw);
    ['attribute', 'operator', 'value'].forEach((field, k) => ledger.alias(`/constraints/${i}/${k}`, `${raw}/${field}`));
  });
  return compact({
    id: job.id,
    cmd: run.cmd,
    args: run.args,
    cpus: run.cpus,
    mem: run.mem,
    disk: run.disk,
    gpus: run.gpus,
    env: run.env,
    labels: job.labels,
    user: run.user,
    container: projectContainer(run, ledger),
    networks: run.networks && run.networks.length > 0 ? run.networks : [{ mode: 'host' as const }],
    // Kubernetes takes whole seconds; rounding up never cuts the task's shutdown short.
    taskKillGracePeriodSeconds: run.taskKillGracePeriodSeconds !== undefined ? Math.ceil(run.taskKillGracePeriodSeconds) : undefined,
    fetch: run.artifacts,
    constraints: run.constraints?.map(projectConstraint),
    secrets: run.secrets,
  });
}

/** `{attribute, operator, value}` → `[field, OPERATOR, value]`; EQ is Metronome's alias of IS. */
function projectConstraint(c: JobConstraint): string[] {
  const op = c.operator?.toUpperCase();
  const out = [c.attribute ?? '', op === 'EQ' ? 'IS' : (op ?? '')];
  if (c.value !== undefined) out.push(c.value);
  return out;
}

/**
 * `run.docker` → a DOCKER container; `run.ucr` → a MESOS container whose image is the UCR image
 * (the app model keeps the image under `docker` for both containerizers); neither → a MESOS
 * container without image, as an app that only has a command.
 */
function projectContainer(run: JobRun, ledger: Ledger): Container {
  const volumes = run.volumes?.map(projectVolume);
  const container: Container = compact({ type: run.docker ? 'DOCKER' as const : 'MESOS' as const, volumes });
  if (run.docker) {
    ledger.alias('/container/docker', '/run/docker');
    container.docker = compact({ ...run.docker });
  } else if (run.ucr) {
    ledger.alias('/container/docker/image', '/run/ucr/image/id');
    ledger.alias('/container/docker/forcePullImage', '/run/ucr/image/forcePull');
    ledger.alias('/container/docker/privileged', '/run/ucr/privileged');
    container.docker = compact({ image: run.ucr.image?.id, forcePullImage: run.ucr.image?.forcePull, privileged: run.ucr.privileged });
  }
  return container;
}

function projectVolume(v: JobVolume, index: number): AppVolume {
  switch (v.kind) {
    case 'host':
      return compact({ kind: 'host' as const, index, containerPath: v.containerPath, hostPath: v.hostPath, mode: v.mode });
    case 'secret':
      return { kind: 'secret', index, containerPath: v.containerPath, secret: v.secret };
    default:
      return compact({ kind: 'unknown' as const, index, containerPath: v.containerPath, mode: v.mode });
  }
}

function ceilOf(n: number | undefined): number | undefined {
  return n === undefined ? undefined : Math.ceil(n);
}
