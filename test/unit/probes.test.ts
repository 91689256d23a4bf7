/** Health and readiness checks together: what each probe comes from, and what is said when a check ends up in none. */
import { DEFAULT_OPTIONS } from '../../src/options.js';
import { convertSources } from '../../src/pipeline.js';

function convert(app: unknown) {
  const result = convertSources([{ file: 'app.json', text: JSON.stringify(app) }], DEFAULT_OPTIONS);
  const deployment = result.objects.find((o) => o.kind === 'Deployment')!;
  const container = (deployment.spec as { template: { spec: { containers: Record<string, unknown>[] } } }).template.spec.containers[0]!;
  return { container, findings: result.findings.map((f) => `${f.code} ${f.pointer}`) };
}

const base = {
  id: '/shop/web', cmd: 'run', portDefinitions: [{ port: 0, name: 'http' }],
  healthChecks: [{ protocol: 'HTTP', path: '/health', portIndex: 0, maxConsecutiveFailures: 0 }],
};

test('a never-killing health check gates readiness when there is no readiness check', () => {
  const { container, findings } = convert(base);
  expect(container.livenessProbe).toBeUndefined();
  expect(container.readinessProbe).toMatchObject({ httpGet: { path: '/health' } });
  expect(findings).not.toContain('health-check-approximated /healthChecks/0');
});

test('with a readiness check too, the health check is in no probe, and a finding says so', () => {
  const { container, findings } = convert({ ...base, readinessChecks: [{ name: 'ready', protocol: 'HTTP', path: '/ready', portName: 'http' }] });
  expect(container.livenessProbe).toBeUndefined();
  expect(container.readinessProbe).toMatchObject({ httpGet: { path: '/ready' } });
  expect(findings).toContain('health-check-approximated /healthChecks/0');
});

test('a health check that kills keeps the livenessProbe beside the readiness check, with nothing extra to say', () => {
  const app = { ...base, healthChecks: [{ ...base.healthChecks[0], maxConsecutiveFailures: 3 }], readinessChecks: [{ name: 'ready', protocol: 'HTTP', path: '/ready', portName: 'http' }] };
  const { container, findings } = convert(app);
  expect(container.livenessProbe).toMatchObject({ httpGet: { path: '/health' } });
  expect(container.readinessProbe).toMatchObject({ httpGet: { path: '/ready' } });
  expect(findings).not.toContain('health-check-approximated /healthChecks/0');
});
