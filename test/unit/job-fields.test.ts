/**
 * The job field inventory: every field of the Metronome job spec (MARATHON-FIELDS.md §9,
 * jobspec.schema.json) with what marathon2k8s does with it. Each row converts a small job that
 * sets the field and checks the claim (as test/field-inventory.test.ts does for apps):
 * `mapped` — no `unmapped-field` under the pointer (and, with `code`, that finding there);
 * `reported` — a finding with that code at the pointer; `ignored` — response state, silent.
 */
import type { FindingCode } from '../../src/findings.js';
import { DEFAULT_OPTIONS, type ConvertOptions } from '../../src/options.js';
import { convertSources } from '../../src/pipeline.js';

type Status = { mapped: string; code?: FindingCode } | { reported: FindingCode } | { ignored: string };

interface Row {
  field: string;
  pointer: string;
  job?: Record<string, unknown>;
  run?: Record<string, unknown>;
  options?: Partial<ConvertOptions>;
  status: Status;
}

const BASE_RUN = { cpus: 0.5, mem: 64, disk: 0, cmd: 'echo hi', docker: { image: 'busybox:1.36' } };
const schedule = (s: Record<string, unknown>) => ({ schedules: [{ id: 'nightly', cron: '0 2 * * *', ...s }] });
const secretEnv = { env: { TOKEN: { secret: 'tok' } }, secrets: { tok: { source: 'jobs/token' } } };

const ROWS: Row[] = [
  { field: 'id', pointer: '/id', status: { mapped: 'names (namespace from the first segment)' } },
  { field: 'description', pointer: '/description', job: { description: 'd' }, status: { mapped: 'annotation kubernetes.io/description' } },
  { field: 'labels', pointer: '/labels', job: { labels: { team: 'a', 'x y': 'z' } }, status: { mapped: 'metadata' } },
  { field: 'dependencies', pointer: '/dependencies', job: { dependencies: [{ id: 'other.job' }] }, status: { reported: 'job-dependencies-not-mapped' } },
  { field: 'schedules (none)', pointer: '/id', job: { schedules: [] }, status: { mapped: 'Job', code: 'job-unscheduled' } },
  { field: 'schedules.id', pointer: '/schedules/0/id', job: schedule({}), status: { mapped: 'CronJob name / annotation' } },
  { field: 'schedules.cron', pointer: '/schedules/0/cron', job: schedule({}), status: { mapped: 'spec.schedule' } },
  { field: 'schedules.cron (L/W/#)', pointer: '/schedules/0/cron', job: schedule({ cron: '0 0 L * *' }), status: { reported: 'job-schedule-not-converted' } },
  { field: 'schedules.timezone', pointer: '/schedules/0/timezone', job: schedule({ timezone: 'Europe/Paris' }), status: { mapped: 'spec.timeZone' } },
  { field: 'schedules.timezone (before 1.25)', pointer: '/schedules/0/timezone', job: schedule({ timezone: 'Europe/Paris' }), options: { kubeVersion: '1.20' }, status: { reported: 'job-timezone-not-supported' } },
  { field: 'schedules.startingDeadlineSeconds', pointer: '/schedules/0/startingDeadlineSeconds', job: schedule({ startingDeadlineSeconds: 60 }), status: { mapped: 'spec.startingDeadlineSeconds' } },
  { field: 'schedules.concurrencyPolicy', pointer: '/schedules/0/concurrencyPolicy', job: schedule({ concurrencyPolicy: 'FORBID' }), status: { mapped: 'spec.concurrencyPolicy' } },
  { field: 'schedules.enabled', pointer: '/schedules/0/enabled', job: schedule({ enabled: false }), status: { mapped: 'spec.suspend' } },
  { field: 'schedules.nextRunAt (responses)', pointer: '/schedules/0/nextRunAt', job: schedule({ nextRunAt: '2021-01-01T00:00:00.000+0000' }), status: { ignored: 'response state' } },
  { field: 'activeRuns, history, historySummary (responses)', pointer: '/history', job: { activeRuns: [{ id: 'r' }], history: { successCount: 1 }, historySummary: { failureCount: 0 } }, status: { ignored: 'response state' } },
  { field: 'run.cpus / mem / disk', pointer: '/run/cpus', run: { cpus: 2, mem: 512, disk: 100 }, status: { mapped: 'resources' } },
  { field: 'run.gpus', pointer: '/run/gpus', run: { gpus: 1 }, status: { mapped: 'resources', code: 'resource-limit-approximated' } },
  { field: 'run.cmd', pointer: '/run/cmd', status: { mapped: 'container command' } },
  { field: 'run.args', pointer: '/run/args', run: { cmd: undefined, args: ['--once'] }, status: { mapped: 'container args' } },
  { field: 'run.user', pointer: '/run/user', run: { user: '1000' }, status: { mapped: 'runAsUser' } },
  { field: 'run.env (string)', pointer: '/run/env/A', run: { env: { A: 'b' } }, status: { mapped: 'container env' } },
  { field: 'run.env (secret)', pointer: '/run/env/TOKEN', run: secretEnv, status: { mapped: 'secretKeyRef' } },
  { field: 'run.secrets', pointer: '/run/secrets', run: secretEnv, status: { mapped: 'secrets', code: 'secret-needed' } },
  { field: 'run.docker.image / forcePullImage', pointer: '/run/docker', run: { docker: { image: 'x:1', forcePullImage: true } }, status: { mapped: 'container image' } },
  { field: 'run.docker.privileged', pointer: '/run/docker/privileged', run: { docker: { image: 'x:1', privileged: true } }, status: { mapped: 'securityContext' } },
  { field: 'run.docker.parameters', pointer: '/run/docker/parameters', run: { docker: { image: 'x:1', parameters: [{ key: 'cap-add', value: 'NET_ADMIN' }] } }, status: { mapped: 'runtime (docker parameters)' } },
  { field: 'run.ucr.image (id, kind, forcePull), privileged', pointer: '/run/ucr', run: { docker: undefined, ucr: { image: { id: 'x:1', kind: 'docker', forcePull: true }, privileged: true } }, status: { mapped: 'container image, securityContext' } },
  { field: 'run.ucr.image.kind appc', pointer: '/run/ucr/image/kind', run: { docker: undefined, ucr: { image: { id: 'x:1', kind: 'appc' } } }, status: { reported: 'appc-image-not-mapped' } },
  { field: 'run.artifacts (uri, executable, extract, cache)', pointer: '/run/artifacts', run: { artifacts: [{ uri: 'https://h/a.tgz', executable: false, extract: true, cache: true }] }, status: { mapped: 'runtime (fetch init container)' } },
  { field: 'run.volumes host', pointer: '/run/volumes/0', run: { volumes: [{ containerPath: '/data', hostPath: '/srv', mode: 'RO' }] }, status: { mapped: 'storage', code: 'hostpath-volume' } },
  { field: 'run.volumes secret', pointer: '/run/volumes/0', run: { secrets: { tok: { source: 'a/b' } }, volumes: [{ containerPath: '/etc/tok', secret: 'tok' }] }, status: { mapped: 'secrets (file)' } },
  { field: 'run.networks (mode, name)', pointer: '/run/networks', run: { networks: [{ mode: 'container', name: 'calico' }] }, status: { mapped: 'pod network' } },
  { field: 'run.networks.labels', pointer: '/run/networks/0/labels', run: { networks: [{ mode: 'container', name: 'calico', labels: { a: 'b' } }] }, status: { mapped: 'pod network', code: 'network-not-mapped' } },
  { field: 'run.placement.constraints', pointer: '/run/placement', run: { placement: { constraints: [{ attribute: 'rack', operator: 'EQ', value: 'r1' }, { attribute: 'zone', operator: 'LIKE', value: 'a|b' }] } }, status: { mapped: 'placement' } },
  { field: 'run.restart.policy NEVER', pointer: '/run/restart/policy', run: { restart: { policy: 'NEVER' } }, status: { mapped: 'restartPolicy Never, backoffLimit 0' } },
  { field: 'run.restart.policy ON_FAILURE', pointer: '/run/restart/policy', run: { restart: { policy: 'ON_FAILURE' } }, status: { mapped: 'restartPolicy OnFailure', code: 'job-restart-approximated' } },
  { field: 'run.restart.activeDeadlineSeconds', pointer: '/run/restart/activeDeadlineSeconds', run: { restart: { policy: 'ON_FAILURE', activeDeadlineSeconds: 60 } }, status: { mapped: 'activeDeadlineSeconds', code: 'job-deadline-approximated' } },
  { field: 'run.maxLaunchDelay', pointer: '/run/maxLaunchDelay', run: { maxLaunchDelay: 60 }, status: { reported: 'scheduling-not-mapped' } },
  { field: 'run.taskKillGracePeriodSeconds', pointer: '/run/taskKillGracePeriodSeconds', run: { taskKillGracePeriodSeconds: 30 }, status: { mapped: 'terminationGracePeriodSeconds' } },
];

function convert(row: Row) {
  const run: Record<string, unknown> = { ...BASE_RUN, ...row.run };
  for (const [k, v] of Object.entries(run)) if (v === undefined) delete run[k];
  const job = { id: 'inventory.job', ...row.job, run };
  return convertSources([{ file: 'job.json', text: JSON.stringify(job) }], { ...DEFAULT_OPTIONS, ...row.options }).findings;
}

const under = (pointer: string, prefix: string) => pointer === prefix || pointer.startsWith(prefix + '/');

describe('job field inventory: every job field is mapped or deliberately reported', () => {
  test.each(ROWS.map((r) => [`${r.field} ${r.pointer}`, r] as const))('%s', (_, row) => {
    const findings = convert(row);
    expect(findings.filter((f) => f.code === 'unmapped-field').map((f) => f.pointer)).toEqual([]);
    expect(findings.filter((f) => f.severity === 'error' && f.code !== 'job-schedule-not-converted').map((f) => `${f.code} ${f.pointer}: ${f.message}`)).toEqual([]);
    const s = row.status;
    const code = 'reported' in s ? s.reported : 'mapped' in s ? s.code : undefined;
    if (code) expect(findings.filter((f) => f.code === code && under(f.pointer, row.pointer)).length).toBeGreaterThan(0);
    if ('ignored' in s) expect(findings.filter((f) => under(f.pointer, row.pointer))).toEqual([]);
  });
});
