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
