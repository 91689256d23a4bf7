/**
 * A whole corpus group file plus Metronome jobs, converted for the Kubernetes version the real
 * kube-apiserver 1.20 reports (discovery → batch/v1beta1 CronJobs, no timeZone) and applied as
 * `marathon2k8s apply` does it: server-side dry run first, then for real, in dependency order.
 * Everything goes into one namespace of its own (--namespace), deleted at the end.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { KubernetesObjectApi } from '@kubernetes/client-node';
import { describeIfCluster } from '../support/cluster.js';
import { CORPUS, describeCorpus, HAS_CORPUS } from '../support/corpus.js';
import { connectCluster, applyObjects, type ClusterSession } from '../../src/cluster/session.js';
import { DEFAULT_OPTIONS, type ConvertOptions } from '../../src/options.js';
import { convertSources, type ConversionResult } from '../../src/pipeline.js';

const NS = `m2k-jobs-${Date.now().toString(36)}-${Math.floor(Math.random() * 1e4)}`;
/** Nested groups with app dependencies: service-b → service-a → service-common. */
const GROUP_FILE = 'groups/mesosphere__marathon__v1.6.352__examples_Group-1.json';

const JOBS = [
  {
    id: 'department-a.reports.nightly',
    description: 'Nightly report',
    labels: { team: 'reports' },
    run: {
      cpus: 0.1, mem: 32, disk: 0,
      cmd: 'echo report',
      docker: { image: 'busybox:1.36' },
      restart: { policy: 'ON_FAILURE', activeDeadlineSeconds: 600 },
      taskKillGracePeriodSeconds: 5,
      artifacts: [{ uri: 'https://example.com/report.tgz' }],
      env: { TOKEN: { secret: 'token' } },
      secrets: { token: { source: 'reports/token' } },
    },
    schedules: [
      { id: 'nightly', cron: '0 2 * * 7', timezone: 'Europe/Berlin', concurrencyPolicy: 'FORBID', startingDeadlineSeconds: 120 },
      { id: 'paused', cron: '0 3 1 * *', enabled: false },
    ],
  },
  { id: 'department-a.migrate', run: { cpus: 0.1, mem: 32, disk: 0, cmd: 'echo migrate', docker: { image: 'busybox:1.36' } } },
];

const SUITE = 'a corpus group and Metronome jobs against kube-apiserver 1.20';

const suite = (kubeconfig: string): void => {
  let session: ClusterSession;
  let result: ConversionResult;

  beforeAll(async () => {
    session = await connectCluster({ kubeconfig });
    // As `apply` does: the target version is the cluster's own.
    const options: ConvertOptions = { ...DEFAULT_OPTIONS, kubeVersion: session.info.kubeVersion, namespace: NS, secretStubs: true };
    result = convertSources([
      { file: GROUP_FILE, text: readFileSync(join(CORPUS, GROUP_FILE), 'utf8') },
      { file: 'jobs.json', text: JSON.stringify(JOBS) },
    ], options);
  });

  afterAll(async () => {
    // Test cleanup only: marathon2k8s itself never deletes.
    const raw = KubernetesObjectApi.makeApiClient(session.kc);
    await raw.delete({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } }).catch(() => undefined);
  });

  test('discovery gives 1.20: CronJobs are batch/v1beta1 without timeZone', () => {
    expect(session.info.kubeVersion).toBe('1.20');
    expect(result.failed).toBe(0);
    expect(result.findings.filter((f) => f.severity === 'error')).toEqual([]);
    const cronJobs = result.objects.filter((o) => o.kind === 'CronJob');
    expect(cronJobs.map((o) => `${o.apiVersion} ${o.metadata.name}`)).toEqual([
      'batch/v1beta1 department-a-reports-nightly-nightly',
      'batch/v1beta1 department-a-reports-nightly-paused',
    ]);
    for (const c of cronJobs) expect((c.spec as Record<string, unknown>).timeZone).toBeUndefined();
    expect(result.findings.map((f) => f.code)).toContain('job-timezone-not-supported');
    expect(result.units.map((u) => `${u.kind} ${u.status}`)).toEqual(['app converted', 'app converted', 'app converted', 'job converted', 'job converted']);
  });

  test('the server accepts everything in a dry run, in dependency order', async () => {
    const report = await applyObjects(session.client, result.objects, { dryRun: true });
    expect(report.entries.filter((e) => e.outcome === 'failed').map((e) => `${e.ref}: ${e.message}`)).toEqual([]);
    expect(report.ok).toBe(true);
    const deployments = report.entries.filter((e) => e.object.kind === 'Deployment').map((e) => e.ref);
    expect(deployments).toEqual([
      `Deployment ${NS}/department-a-service-common`,
      `Deployment ${NS}/department-a-product-a-service-a`,
      `Deployment ${NS}/department-a-product-a-service-b`,
    ]);
    const refs = report.entries.map((e) => e.ref);
    expect(refs[0]).toBe(`Namespace ${NS}`);
    // The job's Secret (a stub) comes before the workloads that read it.
    expect(refs.indexOf(`Secret ${NS}/department-a-reports-nightly-secrets`)).toBeLessThan(refs.indexOf(`CronJob ${NS}/department-a-reports-nightly-nightly`));
  });

  test('apply creates everything; applying again changes nothing', async () => {
    const first = await applyObjects(session.client, result.objects);
    expect(first.entries.filter((e) => e.outcome !== 'created').map((e) => `${e.ref}: ${e.outcome} ${e.message ?? ''}`)).toEqual([]);
    const live = await session.client.get({ apiVersion: 'batch/v1beta1', kind: 'CronJob', metadata: { name: 'department-a-reports-nightly-paused', namespace: NS } });
    expect(live?.spec).toMatchObject({ schedule: '0 3 1 * *', suspend: true, concurrencyPolicy: 'Allow', startingDeadlineSeconds: 900 });
    const nightly = await session.client.get({ apiVersion: 'batch/v1beta1', kind: 'CronJob', metadata: { name: 'department-a-reports-nightly-nightly', namespace: NS } });
    expect(nightly?.spec).toMatchObject({ schedule: '0 2 * * 0', concurrencyPolicy: 'Forbid', startingDeadlineSeconds: 120 });
    const second = await applyObjects(session.client, result.objects);
    expect(second.entries.filter((e) => e.outcome !== 'unchanged').map((e) => `${e.ref}: ${e.outcome}`)).toEqual([]);
  });

  test('with --jobs-as cronjob the unscheduled job is a suspended CronJob the server accepts', async () => {
    const options: ConvertOptions = { ...DEFAULT_OPTIONS, kubeVersion: session.info.kubeVersion, namespace: NS, jobsAs: 'cronjob' };
    const onDemand = convertSources([{ file: 'jobs.json', text: JSON.stringify([JOBS[1]]) }], options);
    const cron = onDemand.objects.find((o) => o.kind === 'CronJob');
    expect(cron).toMatchObject({ apiVersion: 'batch/v1beta1', metadata: { name: 'department-a-migrate' }, spec: { suspend: true } });
    const report = await applyObjects(session.client, onDemand.objects, { dryRun: true });
    expect(report.entries.filter((e) => e.outcome === 'failed').map((e) => `${e.ref}: ${e.message}`)).toEqual([]);
  });
};

// A corpus file is the input: without the corpus, skipped with a notice (as every corpus test).
if (HAS_CORPUS) await describeIfCluster(SUITE, suite);
else describeCorpus(SUITE, () => suite(''));
