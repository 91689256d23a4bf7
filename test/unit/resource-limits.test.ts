/**
 * Resources beyond any machine (cpus 1e308, mem 1e400 …) are reported as schema violations and
 * dropped, never silently replaced and never written as an invalid Kubernetes quantity. The
 * schemas and the model (MAX_RESOURCES) must agree on the limits.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateObject } from '../../src/kube/validate.js';
import { MAX_RESOURCES } from '../../src/marathon/json.js';
import { DEFAULT_OPTIONS } from '../../src/options.js';
import { convertSources } from '../../src/pipeline.js';

const SCHEMAS = join(import.meta.dirname, '..', '..', 'schemas');
const schema = (file: string) => JSON.parse(readFileSync(join(SCHEMAS, file), 'utf8')) as Record<string, any>;

test('the schemas cap resources where the model does', () => {
  const app = schema('marathon-app.schema.json');
  const pod = schema('marathon-pod.schema.json');
  const job = schema('metronome-job.schema.json');
  const podResources = JSON.stringify(pod).match(/"cpus":\{"type":"number","minimum":0.001,"maximum":(\d+)\}/);
  expect({
    app: [app.properties.cpus.maximum, app.properties.mem.maximum, app.properties.disk.maximum, app.properties.gpus.maximum, app.$defs.resourceLimit.else.maximum],
    pod: Number(podResources?.[1]),
    job: JSON.stringify(job).includes(`"mem":{"type":"number","minimum":32,"maximum":${MAX_RESOURCES.mib}}`),
  }).toEqual({
    app: [MAX_RESOURCES.cpus, MAX_RESOURCES.mib, MAX_RESOURCES.mib, MAX_RESOURCES.gpus, MAX_RESOURCES.mib],
    pod: MAX_RESOURCES.cpus,
    job: true,
  });
});

const huge = { cpus: 1e308, mem: 1e308, disk: 1e308, gpus: 1e300 };

test.each([
  ['app', { apps: [{ id: '/big/app', cmd: 'run', ...huge, resourceLimits: { mem: 1e308 } }] }, ['/apps/0/cpus', '/apps/0/mem', '/apps/0/disk', '/apps/0/gpus', '/apps/0/resourceLimits/mem']],
  ['pod', { id: '/big/pod', containers: [{ name: 'c', resources: huge, exec: { command: { shell: 'run' } } }] }, ['/containers/0/resources/cpus', '/containers/0/resources/mem', '/containers/0/resources/disk', '/containers/0/resources/gpus']],
  ['job', [{ id: 'big.job', run: { cmd: 'run', ...huge } }], ['/0/run/cpus', '/0/run/mem', '/0/run/disk', '/0/run/gpus']],
] as const)('%s: huge resources are schema violations, and the objects stay valid', (_kind, doc, pointers) => {
  const result = convertSources([{ file: 'big.json', text: JSON.stringify(doc) }], DEFAULT_OPTIONS);
  const violations = result.findings.filter((f) => f.code === 'schema-violation').map((f) => f.pointer);
  expect(violations).toEqual(expect.arrayContaining([...pointers]));
  expect(result.objects.length).toBeGreaterThan(0);
  for (const obj of result.objects) expect([obj.kind, validateObject(obj)]).toEqual([obj.kind, []]);
  expect(result.findings.filter((f) => f.code === 'internal-error' || f.code === 'invalid-object')).toEqual([]);
});

describe('integers beyond int32 (instances, seconds, counts)', () => {
  test.each([
    ['app', { apps: [{ id: '/big/app', cmd: 'run', instances: 1e308, taskKillGracePeriodSeconds: 1e20, healthChecks: [{ protocol: 'TCP', gracePeriodSeconds: 1e308, maxConsecutiveFailures: 3e9 }] }] },
      ['/apps/0/instances', '/apps/0/taskKillGracePeriodSeconds', '/apps/0/healthChecks/0/gracePeriodSeconds', '/apps/0/healthChecks/0/maxConsecutiveFailures']],
    ['pod', { id: '/big/pod', scaling: { kind: 'fixed', instances: 1e308 }, containers: [{ name: 'c', resources: { cpus: 1, mem: 64 }, exec: { command: { shell: 'run' } } }] },
      ['/scaling/instances']],
    ['job', [{ id: 'big.job', run: { cmd: 'run', cpus: 1, mem: 64, disk: 0, taskKillGracePeriodSeconds: 1e308, restart: { policy: 'ON_FAILURE', activeDeadlineSeconds: 1e308 } }, schedules: [{ id: 'nightly', cron: '0 0 * * *', startingDeadlineSeconds: 1e308 }] }],
      ['/0/run/taskKillGracePeriodSeconds', '/0/run/restart/activeDeadlineSeconds', '/0/schedules/0/startingDeadlineSeconds']],
  ] as const)('%s: reported as schema violations, never written', (_kind, doc, pointers) => {
    const result = convertSources([{ file: 'big.json', text: JSON.stringify(doc) }], DEFAULT_OPTIONS);
    const violations = result.findings.filter((f) => f.code === 'schema-violation');
    for (const pointer of pointers) expect(violations.find((f) => f.pointer === pointer)?.message).toMatch(/^must be at most 2147483647 \(got /);
    const yaml = JSON.stringify(result.objects);
    expect(yaml).not.toMatch(/e\+\d|\d{11,}/); // no 1e+308, no number of 11+ digits anywhere
    for (const obj of result.objects) expect([obj.kind, validateObject(obj)]).toEqual([obj.kind, []]);
  });

  test('negative seconds of a job are reported and not written', () => {
    const doc = [{ id: 'neg.job', run: { cmd: 'run', cpus: 1, mem: 64, disk: 0, taskKillGracePeriodSeconds: -1, restart: { policy: 'ON_FAILURE', activeDeadlineSeconds: -3 } }, schedules: [{ id: 'nightly', cron: '0 0 * * *', startingDeadlineSeconds: -9 }] }];
    const result = convertSources([{ file: 'neg.json', text: JSON.stringify(doc) }], DEFAULT_OPTIONS);
    expect(result.findings.filter((f) => f.code === 'schema-violation').map((f) => f.pointer)).toEqual(expect.arrayContaining([
      '/0/run/taskKillGracePeriodSeconds', '/0/run/restart/activeDeadlineSeconds', '/0/schedules/0/startingDeadlineSeconds',
    ]));
    expect(JSON.stringify(result.objects)).not.toMatch(/":-\d/);
  });

  test('fractional kill grace seconds of a job are rounded up to whole seconds', () => {
    const doc = [{ id: 'frac.job', run: { cmd: 'run', cpus: 1, mem: 64, disk: 0, taskKillGracePeriodSeconds: 2.5 } }];
    const result = convertSources([{ file: 'frac.json', text: JSON.stringify(doc) }], DEFAULT_OPTIONS);
    expect(JSON.stringify(result.objects)).toContain('"terminationGracePeriodSeconds":3');
    expect(result.findings.filter((f) => f.code === 'invalid-object')).toEqual([]);
  });
});
