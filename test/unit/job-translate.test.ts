import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ledger } from '../../src/findings.js';
import type { KubeObject } from '../../src/kube/types.js';
import { validateObject } from '../../src/kube/validate.js';
import { detect } from '../../src/marathon/detect.js';
import { normalizeJob } from '../../src/marathon/normalize-job.js';
import { DEFAULT_OPTIONS, type ConvertOptions } from '../../src/options.js';
import { convertSources } from '../../src/pipeline.js';
import { NEVER_SCHEDULE } from '../../src/translate/job/index.js';
import { jobPath, MAX_CRONJOB_NAME } from '../../src/translate/job/names.js';
import { UNLIMITED_RETRIES } from '../../src/translate/job/run.js';
import { conversionOptions } from '../../src/cli/common.js';
import { codes } from './runtime-support.js';

function convert(input: unknown, options: Partial<ConvertOptions> = {}) {
  const result = convertSources([{ file: 'job.json', text: JSON.stringify(input) }], { ...DEFAULT_OPTIONS, ...options });
  const workloads = result.objects.filter((o) => o.kind === 'CronJob' || o.kind === 'Job');
  return { ...result, workloads };
}

function job(extra: Record<string, unknown> = {}, run: Record<string, unknown> = {}): Record<string, unknown> {
  return { id: 'team.nightly', ...extra, run: { cpus: 0.5, mem: 64, disk: 0, cmd: 'echo hi', docker: { image: 'busybox:1.36' }, ...run } };
}

const spec = (o: KubeObject) => o.spec as Record<string, any>;
const jobSpecOf = (o: KubeObject) => (o.kind === 'CronJob' ? spec(o).jobTemplate.spec : spec(o));
const podOf = (o: KubeObject) => jobSpecOf(o).template.spec;

describe('Metronome jobs', () => {
  test('detection: a job, a list of jobs, and the export snapshot [group, job…]', () => {
    expect(detect(job())).toMatchObject({ ok: true, objects: [{ kind: 'job', pointer: '' }] });
    expect(detect([job(), job({ id: 'b' })])).toMatchObject({ ok: true, objects: [{ kind: 'job' }, { kind: 'job', pointer: '/1' }] });
    expect(detect([{ id: '/', apps: [], groups: [] }, job()])).toMatchObject({ ok: true, objects: [{ kind: 'group', pointer: '/0' }, { kind: 'job', pointer: '/1' }] });
  });

  test('the id names namespace and object like a Marathon path', () => {
    expect(jobPath('prod.reports.nightly')).toBe('/prod/reports/nightly');
    const { workloads } = convert(job({ id: 'prod.reports.nightly', schedules: [{ id: 'dd', cron: '0 1 * * *' }] }));
    expect(workloads[0]!.metadata).toMatchObject({ name: 'reports-nightly', namespace: 'prod', annotations: { 'marathon2k8s.io/marathon-id': 'prod.reports.nightly' } });
    const single = convert(job({ id: 'cleanup' })).workloads[0]!;
    expect(single.metadata).toMatchObject({ name: 'cleanup', namespace: 'default' });
    const flat = convert(job({ id: 'prod.reports.nightly' }), { namespace: 'batch' }).workloads[0]!;
    expect(flat.metadata).toMatchObject({ name: 'prod-reports-nightly', namespace: 'batch' });
  });

  test('a job and an app mapping to the same name get distinct names', () => {
    const app = { id: '/team/nightly', cmd: 'sleep 1000', cpus: 0.1, mem: 32 };
    const r = convert([app, job()]);
    const names = r.objects.filter((o) => o.kind === 'Deployment' || o.kind === 'Job').map((o) => o.metadata.name);
    expect(new Set(names).size).toBe(2);
    expect(codes(r.findings)).toContain('name-changed /1/id');
  });

  test('jobs see the apps of the run (DNS names rewritten); apps never see a job as a Service', () => {
    const app = { id: '/team/db', cmd: 'db --port $PORT0', cpus: 0.1, mem: 32, portDefinitions: [{ port: 5432, name: 'pg', labels: { VIP_0: '/db:5432' } }] };
    const client = { id: '/team/client', cmd: 'curl http://nightly-team.marathon.mesos/', cpus: 0.1, mem: 32 };
    const r = convert([app, client, job({}, { cmd: 'psql -h db.marathon.l4lb.thisdcos.directory -p 5432' })]);
    const cmd = podOf(r.workloads[0]!).containers[0].command[2];
    expect(cmd).toBe('psql -h db.team.svc -p 5432');
    expect(r.findings.find((f) => f.app === '/team/client')?.code).toBe('dns-name-not-rewritten');
  });

  test('one CronJob per schedule, named within the 52-character CronJob limit', () => {
    const long = 'a'.repeat(60);
    const { workloads, findings } = convert(job({ id: `team.${long}`, schedules: [{ id: 'one', cron: '0 1 * * *' }, { id: 'two', cron: '0 2 * * *' }] }));
    expect(workloads.map((w) => w.kind)).toEqual(['CronJob', 'CronJob']);
    const names = workloads.map((w) => w.metadata.name);
    expect(new Set(names).size).toBe(2);
    for (const n of names) expect(n.length).toBeLessThanOrEqual(MAX_CRONJOB_NAME);
    expect(workloads.map((w) => w.metadata.annotations?.['marathon2k8s.io/metronome-schedule'])).toEqual(['one', 'two']);
    expect(codes(findings).filter((c) => c.startsWith('name-changed'))).toHaveLength(2);
  });

  test('schedule fields: Metronome defaults written out, disabled → suspended', () => {
    const [cron] = convert(job({ schedules: [{ id: 'daily', cron: '0 1 * * *', enabled: false }] })).workloads;
    expect(spec(cron!)).toMatchObject({ schedule: '0 1 * * *', timeZone: 'Etc/UTC', suspend: true, concurrencyPolicy: 'Allow', startingDeadlineSeconds: 900 });
    const [forbid] = convert(job({ schedules: [{ id: 'daily', cron: '0 1 * * *', concurrencyPolicy: 'FORBID', startingDeadlineSeconds: 60 }] })).workloads;
    expect(spec(forbid!)).toMatchObject({ concurrencyPolicy: 'Forbid', startingDeadlineSeconds: 60 });
    expect(spec(forbid!).suspend).toBeUndefined();
  });

  test('the API version and time zone follow the target', () => {
    const input = job({ schedules: [{ id: 'daily', cron: '0 1 * * *', timezone: 'Europe/Paris' }] });
    const v131 = convert(input);
    expect(v131.workloads[0]).toMatchObject({ apiVersion: 'batch/v1', spec: { timeZone: 'Europe/Paris' } });
    const v120 = convert(input, { kubeVersion: '1.20' });
    expect(v120.workloads[0]!.apiVersion).toBe('batch/v1beta1');
    expect(spec(v120.workloads[0]!).timeZone).toBeUndefined();
    expect(codes(v120.findings)).toEqual(['job-timezone-not-supported /schedules/0/timezone']);
    // UTC on an old target: the controller's zone (UTC on managed clusters), nothing to report.
    expect(convert(job({ schedules: [{ id: 'daily', cron: '0 1 * * *', timezone: 'Etc/UTC' }] }), { kubeVersion: '1.24' }).findings).toEqual([]);
    expect(codes(convert(job({ schedules: [{ id: 'daily', cron: '0 1 * * *', timezone: 'Mars/Olympus' }] })).findings)).toEqual(['job-timezone-not-supported /schedules/0/timezone']);
  });

  test('unscheduled: a Job by default, a suspended never-firing CronJob with jobsAs cronjob', () => {
    const asJob = convert(job({ schedules: [] }));
    expect(asJob.workloads.map((w) => `${w.apiVersion} ${w.kind}`)).toEqual(['batch/v1 Job']);
    expect(codes(asJob.findings)).toEqual(['job-unscheduled /id']);
    const asCron = convert(job(), { jobsAs: 'cronjob' });
    expect(asCron.workloads[0]).toMatchObject({ kind: 'CronJob', spec: { schedule: NEVER_SCHEDULE, suspend: true } });
    expect(asCron.findings[0]!.message).toMatch(/kubectl create job --from=cronjob\/nightly -n team/);
  });

  test('restart NEVER: one attempt; a deadline had no effect and is not mapped', () => {
    const never = convert(job({}, { restart: { policy: 'NEVER', activeDeadlineSeconds: 60 } })).workloads[0]!;
    expect(jobSpecOf(never)).toMatchObject({ backoffLimit: 0 });
    expect(jobSpecOf(never).activeDeadlineSeconds).toBeUndefined();
    expect(podOf(never).restartPolicy).toBe('Never');
  });

  test('restart ON_FAILURE: OnFailure without a retry count, the deadline kept with a warning', () => {
    const r = convert(job({}, { restart: { policy: 'ON_FAILURE', activeDeadlineSeconds: 600 } }));
    const w = r.workloads[0]!;
    expect(jobSpecOf(w)).toMatchObject({ backoffLimit: UNLIMITED_RETRIES, activeDeadlineSeconds: 600 });
    expect(podOf(w).restartPolicy).toBe('OnFailure');
    expect(r.findings.find((f) => f.code === 'job-deadline-approximated')?.severity).toBe('warning');
    expect(codes(r.findings)).toContain('job-restart-approximated /run/restart/policy');
  });

  test('the run reuses the app mappers: privileged, grace period, parameters, resources, no ports or probes', () => {
    const r = convert(job({}, {
      docker: { image: 'x:1', privileged: true, parameters: [{ key: 'cap-add', value: 'NET_ADMIN' }] },
      taskKillGracePeriodSeconds: 20, gpus: 1, disk: 100,
    }));
    const pod = podOf(r.workloads[0]!);
    const c = pod.containers[0];
    expect(pod.terminationGracePeriodSeconds).toBe(20);
    expect(c.securityContext).toEqual({ privileged: true, capabilities: { add: ['NET_ADMIN'] } });
    expect(c.resources.requests).toMatchObject({ cpu: '500m', memory: '64Mi', 'ephemeral-storage': '100Mi', 'nvidia.com/gpu': '1' });
    expect(c.ports).toBeUndefined();
    expect(c.livenessProbe ?? c.readinessProbe ?? c.startupProbe).toBeUndefined();
    expect(r.objects.some((o) => o.kind === 'Service')).toBe(false);
  });

  test('ledger: every job field lands on the pointer the user wrote', () => {
    const raw = job({ description: 'd', schedules: [{ id: 'sched', cron: '0 1 * * *', nextRunAt: 'x' }] }, {
      ucr: { image: { id: 'img:1', kind: 'docker', forcePull: true }, privileged: true },
      docker: undefined,
      placement: { constraints: [{ attribute: 'rack', operator: 'EQ', value: 'r1' }] },
      artifacts: [{ uri: 'https://e.com/a.tgz', cache: true }],
      volumes: [{ containerPath: '/data', hostPath: '/srv/data', mode: 'RO' }],
      env: { A: 'b' }, user: '1000', maxLaunchDelay: 3600, surprise: 1,
    });
    const ledger = new Ledger(raw);
    const { app } = normalizeJob(raw, ledger);
    expect(app.container).toMatchObject({ type: 'MESOS', docker: { image: 'img:1', forcePullImage: true, privileged: true } });
    expect(app.constraints).toEqual([['rack', 'IS', 'r1']]);
    expect(ledger.toRaw('/container/docker/image')).toBe('/run/ucr/image/id');
    expect(ledger.toRaw('/constraints/0/0')).toBe('/run/placement/constraints/0/attribute');
    expect(ledger.toRaw('/fetch/0/uri')).toBe('/run/artifacts/0/uri');
    expect(ledger.toRaw('/container/volumes/0/hostPath')).toBe('/run/volumes/0/hostPath');
    const r = convert(raw);
    // Only the unknown field is left over (and the schema says it is not a job field).
    expect(codes(r.findings).filter((c) => c.startsWith('unmapped-field') || c.startsWith('schema-violation'))).toEqual([
      'schema-violation /run/surprise', 'unmapped-field /run/surprise',
    ]);
  });

  test('every object is valid for old and new targets', () => {
    const raw = job({ schedules: [{ id: 'aa', cron: '0 1 * * 7', timezone: 'Asia/Tokyo' }] }, {
      restart: { policy: 'ON_FAILURE', activeDeadlineSeconds: 100 }, artifacts: [{ uri: 'https://e.com/x.zip' }],
      env: { S: { secret: 's' } }, secrets: { s: { source: 'a/b' } },
    });
    for (const kubeVersion of ['1.16', '1.20', '1.21', '1.25', '1.31']) {
      for (const jobsAs of ['job', 'cronjob'] as const) {
        const r = convert([raw, { ...raw, id: 'other', schedules: [] }], { kubeVersion, jobsAs, secretStubs: true });
        for (const o of r.objects) expect([o.kind, validateObject(o)]).toEqual([o.kind, []]);
      }
    }
  });

  test('Metronome\'s own example jobs convert to valid objects', () => {
    const dir = join(import.meta.dirname, '..', '..', '..', 'shared', 'reference', 'marathon-api', 'metronome-de4174d', 'api', 'src', 'main', 'resources', 'public', 'api', 'v1', 'examples');
    if (!existsSync(dir)) return; // the shared reference is not in every clone
    const files = readdirSync(dir).filter((f) => f.startsWith('job')).sort();
    expect(files.length).toBeGreaterThanOrEqual(5);
    for (const file of files) {
      const r = convertSources([{ file, text: readFileSync(join(dir, file), 'utf8') }], DEFAULT_OPTIONS);
      expect([file, r.failed, r.findings.filter((f) => f.code === 'invalid-object' || f.code === 'internal-error')]).toEqual([file, 0, []]);
      expect(r.objects.some((o) => o.kind === 'Job' || o.kind === 'CronJob')).toBe(true);
    }
  });

  test('a job without id fails alone', () => {
    const r = convert([{ run: { cpus: 1, mem: 32, cmd: 'x' } }, job()]);
    expect(r.failed).toBe(1);
    expect(r.units.map((u) => `${u.kind} ${u.status}`)).toEqual(['job failed', 'job converted']);
  });

  test('--jobs-as reaches the options', () => {
    const flags = {
      kubeVersion: '1.31', defaultImage: 'x', keepHostPorts: false, hostNetwork: false, gpuResource: 'g', nodeLabelPrefix: 'p/',
      ingressClass: 'nginx', secretStubs: false, fetchImage: 'f', namespaceStrategy: 'group' as const, includePackages: false, jobsAs: 'cronjob' as const,
    };
    expect(conversionOptions(flags).jobsAs).toBe('cronjob');
  });
});
