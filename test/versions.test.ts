/**
 * Target versions (issue 16): every golden fixture converts for each supported target with no
 * object invalid under that release's own OpenAPI schema; the schema data and the version table
 * agree; the validation really refuses what a release lacks.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseKubeVersion } from '../src/cli/common.js';
import { formatFinding } from '../src/findings.js';
import { loadRelease, releaseMinors, schemaPlanFor } from '../src/kube/openapi.js';
import type { KubeObject } from '../src/kube/types.js';
import { validateObject } from '../src/kube/validate.js';
import { ALL_FEATURES, apiVersionFor, unsupportedTarget } from '../src/kube/versions.js';
import { DEFAULT_OPTIONS, type ConvertOptions } from '../src/options.js';
import { convertSources } from '../src/pipeline.js';
import { buildReport } from '../src/report/model.js';
import { renderText } from '../src/report/text.js';
import { FIXTURES, fixtureCases } from './support/golden.js';

const TARGETS = ['1.9', '1.12', '1.13', '1.15', '1.16', '1.20', DEFAULT_OPTIONS.kubeVersion];

function fixtureOptions(dir: string): Partial<ConvertOptions> {
  try {
    return JSON.parse(readFileSync(join(dir, 'options.json'), 'utf8')) as Partial<ConvertOptions>;
  } catch {
    return {};
  }
}

describe('golden fixtures on every target', () => {
  const dirs = ['apps', 'pods', 'groups', 'jobs'].flatMap((set) => fixtureCases(set).map((c) => join(FIXTURES, set, c)));
  const sources = dirs.map((dir) => ({ dir, text: readFileSync(join(dir, 'input.json'), 'utf8'), options: fixtureOptions(dir) }));

  test.each(TARGETS)('Kubernetes %s: every object valid under its schema', (kubeVersion) => {
    let objects = 0;
    const problems: string[] = [];
    for (const s of sources) {
      const result = convertSources([{ file: 'input.json', text: s.text }], { ...DEFAULT_OPTIONS, ...s.options, kubeVersion });
      for (const f of result.findings) if (f.code === 'invalid-object' || f.code === 'internal-error') problems.push(`${s.dir}: ${formatFinding(f)}`);
      for (const o of result.objects) for (const p of validateObject(o, kubeVersion, true)) problems.push(`${s.dir}: ${o.kind} ${o.metadata.name}: ${p}`);
      objects += result.objects.length;
    }
    expect(problems).toEqual([]);
    expect(objects).toBeGreaterThan(500);
  });
});

describe('schema data (schemas/kubernetes)', () => {
  test('the releases from 1.9 to 1.20 that checks need', () => {
    expect(releaseMinors()).toEqual(expect.arrayContaining([9, 12, 13, 15, 20]));
    for (const m of releaseMinors()) {
      const r = loadRelease(m);
      expect(r.kubernetes).toMatch(new RegExp(`^1\\.${m}\\.\\d+$`));
      expect(r.source).not.toBe('');
      // Every API version the table picks for this release is one the release serves.
      for (const kind of ['Deployment', 'StatefulSet', 'Ingress', 'CronJob', 'Job', 'PodDisruptionBudget']) {
        expect([kind, Object.hasOwn(r.kinds, `${apiVersionFor(kind, `1.${m}`)}/${kind}`)]).toEqual([kind, true]);
      }
      // Descriptions are stripped: the data stays small.
      expect(JSON.stringify(r.definitions)).not.toContain('"description":"');
    }
  });

  test('a target without a file of its own is checked by the next newer one and bounded by the older', () => {
    expect(schemaPlanFor('1.12')).toEqual({ structure: 12 });
    expect(schemaPlanFor('1.16')).toEqual({ structure: 19, floor: 15 });
    expect(schemaPlanFor('1.31')).toEqual({ floor: 20 });
  });

  test('every field of the version table names a property some release has', () => {
    const props = new Set<string>();
    for (const m of releaseMinors()) {
      for (const [name, def] of Object.entries(loadRelease(m).definitions)) {
        for (const p of Object.keys((def.properties ?? {}) as object)) props.add(`${name.slice(name.lastIndexOf('.') + 1)}.${p}`);
      }
    }
    // Fields newer than the newest file (minDomains, timeZone) are checked through the floor only.
    const newest = Math.max(...releaseMinors());
    for (const f of ALL_FEATURES.filter((f) => f.since <= newest)) for (const field of f.fields) expect([field, props.has(field)]).toEqual([field, true]);
  });
});

describe('validation refuses what the target lacks', () => {
  function deployment(container: Record<string, unknown> = {}, pod: Record<string, unknown> = {}): KubeObject {
    return {
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'shop' },
      spec: {
        selector: { matchLabels: { app: 'web' } },
        template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx', ...container }], ...pod } },
      },
    };
  }
  const probe = { httpGet: { path: '/', port: 80 } };

  test('a valid object is valid everywhere', () => {
    for (const v of TARGETS) expect(validateObject(deployment(), v)).toEqual([]);
  });

  test('startupProbe: absent from the 1.12 schema, gated off in 1.16 and 1.17, fine from 1.18', () => {
    const d = deployment({ startupProbe: probe });
    expect(validateObject(d, '1.12').join()).toMatch(/startupProbe needs Kubernetes 1.18 \(target 1.12\)/);
    expect(validateObject(d, '1.16').join()).toMatch(/startupProbe needs Kubernetes 1.18/);
    expect(validateObject(d, '1.17').join()).toMatch(/startupProbe needs Kubernetes 1.18/);
    expect(validateObject(d, '1.18')).toEqual([]);
    expect(validateObject(d, '1.20')).toEqual([]);
  });

  test('an unknown field is an error (the API server would drop it silently)', () => {
    expect(validateObject(deployment({ colour: 'blue' }), '1.13').join()).toMatch(/unknown field "colour"/);
    expect(validateObject(deployment({}, { colour: 'blue' }), '1.20').join()).toMatch(/unknown field "colour"/);
  });

  test('a field of a later release that the version table does not know is an error on a target between files', () => {
    // ephemeralContainers: in the 1.19 schema, not in 1.15's, and not in the table.
    const problems = validateObject(deployment({}, { ephemeralContainers: [] }), '1.17').join();
    expect(problems).toMatch(/ephemeralContainers: not in the Kubernetes 1.15.3 schema/);
  });

  test('fields newer than the newest file: the table decides (minDomains from 1.27)', () => {
    const spread = { topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'DoNotSchedule', minDomains: 2 }] };
    expect(validateObject(deployment({}, spread), '1.26').join()).toMatch(/minDomains needs Kubernetes 1.27/);
    expect(validateObject(deployment({}, spread), '1.27')).toEqual([]);
  });

  test('map keys and values that a target refuses: ephemeral-storage and dnsPolicy None before 1.10', () => {
    const storage = deployment({ resources: { requests: { cpu: '1', 'ephemeral-storage': '1Gi' } } });
    expect(validateObject(storage, '1.9').join()).toMatch(/ephemeral-storage requests and limits needs Kubernetes 1.10/);
    expect(validateObject(storage, '1.10')).toEqual([]);
    const dns = deployment({}, { dnsPolicy: 'None', dnsConfig: { nameservers: ['10.0.0.53'] } });
    expect(validateObject(dns, '1.9').join()).toMatch(/dnsPolicy None needs Kubernetes 1.10/);
    expect(validateObject(dns, '1.9').join()).toMatch(/pod dnsConfig needs Kubernetes 1.10/);
    expect(validateObject(dns, '1.10')).toEqual([]);
  });

  test('an API version the release does not serve, and required fields', () => {
    const ingress: KubeObject = { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'web' }, spec: {} };
    expect(validateObject(ingress, '1.13').join()).toMatch(/Kubernetes 1.13.\d+ serves no networking.k8s.io\/v1 Ingress/);
    const noSelector = deployment();
    delete (noSelector.spec as Record<string, unknown>).selector;
    expect(validateObject(noSelector, '1.12').join()).toMatch(/must have required property 'selector'/);
  });
});

describe('targets', () => {
  test('1.9 and later are accepted; older ones are refused with the reason', () => {
    expect(parseKubeVersion('1.9')).toBe('1.9');
    expect(parseKubeVersion('v1.12.3')).toBe('1.12');
    expect(() => parseKubeVersion('1.8')).toThrow(/1\.9 and later/);
    expect(unsupportedTarget('1.8')).toMatch(/apps\/v1/);
    expect(unsupportedTarget('1.9')).toBeUndefined();
  });

  test('the API versions of each range', () => {
    expect(['1.9', '1.13', '1.14', '1.18', '1.19'].map((v) => apiVersionFor('Ingress', v)))
      .toEqual(['extensions/v1beta1', 'extensions/v1beta1', 'networking.k8s.io/v1beta1', 'networking.k8s.io/v1beta1', 'networking.k8s.io/v1']);
    expect(['1.9', '1.20', '1.21'].map((v) => apiVersionFor('CronJob', v))).toEqual(['batch/v1beta1', 'batch/v1beta1', 'batch/v1']);
    expect(['1.9', '1.20', '1.21'].map((v) => apiVersionFor('PodDisruptionBudget', v))).toEqual(['policy/v1beta1', 'policy/v1beta1', 'policy/v1']);
    expect(apiVersionFor('Deployment', '1.9')).toBe('apps/v1');
  });

  test('the report says which target it was made for and what the target lacked', () => {
    const text = readFileSync(join(FIXTURES, 'apps', '260-kube-1-9-late-fields', 'input.json'), 'utf8');
    const result = convertSources([{ file: 'input.json', text }], { ...DEFAULT_OPTIONS, kubeVersion: '1.9' });
    const report = buildReport(result);
    expect(report.kubeVersion).toBe('1.9');
    const lacked = report.needs.filter((n) => n.kind === 'kubernetes-feature').map((n) => n.name);
    expect(lacked).toEqual(expect.arrayContaining([
      'startupProbe (Kubernetes 1.18)', 'topologySpreadConstraints (Kubernetes 1.18)', 'runAsGroup (Kubernetes 1.14)',
      'pod dnsConfig (Kubernetes 1.10)', 'ephemeral-storage requests and limits (Kubernetes 1.10)', 'Ingress ingressClassName (Kubernetes 1.18)',
      'securityContext.seccompProfile (Kubernetes 1.19)', 'topology.kubernetes.io node labels (Kubernetes 1.17)',
    ]));
    const rendered = renderText(report);
    expect(rendered).toMatch(/^Migration report: 1 Marathon object → \d+ Kubernetes objects for Kubernetes 1\.9$/m);
    expect(rendered).toContain('Kubernetes features the target version lacks');
    // A current target lacks nothing these apps use.
    const current = buildReport(convertSources([{ file: 'input.json', text }], DEFAULT_OPTIONS));
    expect(current.needs.filter((n) => n.kind === 'kubernetes-feature')).toEqual([]);
  });
});
