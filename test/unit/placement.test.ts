/** Placement: constraints, roles, unreachableStrategy and scheduling settings. */
import type { KubeObject } from '../../src/kube/types.js';
import { DEFAULT_OPTIONS, type ConvertOptions } from '../../src/options.js';
import { convertSources } from '../../src/pipeline.js';
import { nodeLabelKey, sanitizeLabelKey } from '../../src/translate/placement/node-labels.js';
import { expandFiniteRegex } from '../../src/translate/placement/regex.js';
import { parseToleration } from '../../src/translate/placement/roles.js';

function convert(app: Record<string, unknown>, options: Partial<ConvertOptions> = {}) {
  const input = { id: '/team/app', cmd: 'sleep 1000', container: { type: 'DOCKER', docker: { image: 'busybox:1.36' } }, ...app };
  const result = convertSources([{ file: 'input.json', text: JSON.stringify(input) }], { ...DEFAULT_OPTIONS, ...options });
  const workload = result.objects.find((o) => o.kind === 'Deployment' || o.kind === 'StatefulSet') as KubeObject;
  const pod = (workload.spec as { template: { spec: Record<string, unknown> } }).template.spec;
  const codes = result.findings.map((f) => `${f.code} ${f.pointer}`);
  return { pod, codes, needs: result.needs, findings: result.findings };
}

describe('expandFiniteRegex', () => {
  test.each([
    ['rack-1', ['rack-1']],
    ['a|b', ['a', 'b']],
    ['^(a|b)$', ['a', 'b']],
    ['(?:x|y)-z', ['x-z', 'y-z']],
    ['db\\.example\\.com', ['db.example.com']],
    ['rack-[1-3]', ['rack-1', 'rack-2', 'rack-3']],
    ['node-\\d', ['node-0', 'node-1', 'node-2', 'node-3', 'node-4', 'node-5', 'node-6', 'node-7', 'node-8', 'node-9']],
    ['ab?', ['a', 'ab']],
    ['[ab]{2}', ['aa', 'ab', 'ba', 'bb']],
    ['[abc]{3}', 27],
    ['^a$|^b$', ['a', 'b']],
  ])('%s is finite', (source, expected) => {
    const result = expandFiniteRegex(source);
    expect(result).toBeDefined();
    if (typeof expected === 'number') expect(result!.values).toHaveLength(expected);
    else expect(result!.values).toEqual(expected);
    expect(result!.bareDot).toBe(false);
  });

  test.each(['srv2.*', 'a+', '[^0-3]', '(?i)rack', '\\w', 'a{2,}', '\\d{2}', 'a)', '(a', '[a-z]{2}', 'a*?'])('%s is not finite (or too large)', (source) => {
    expect(expandFiniteRegex(source)).toBeUndefined();
  });

  test('a bare dot is read as a literal dot and flagged', () => {
    expect(expandFiniteRegex('10.0.1.15')).toEqual({ values: ['10.0.1.15'], bareDot: true });
  });
});

describe('parseToleration', () => {
  test.each([
    ['k=v:NoSchedule', { key: 'k', operator: 'Equal', value: 'v', effect: 'NoSchedule' }],
    ['example.com/edge:noexecute', { key: 'example.com/edge', operator: 'Exists', effect: 'NoExecute' }],
    ['k=v', { key: 'k', operator: 'Equal', value: 'v' }],
    ['k', { key: 'k', operator: 'Exists' }],
  ])('%s', (spec, expected) => {
    expect(parseToleration(spec)).toEqual(expected);
  });
  test.each(['k=v:Sometimes', 'bad key=v', '=v:NoSchedule', 'k=a/b'])('%s is rejected', (spec) => {
    expect(parseToleration(spec)).toBeUndefined();
  });
});

describe('node label keys', () => {
  test('well-known fields and the prefix', () => {
    expect(nodeLabelKey('hostname', 'p/', '1.31').key).toBe('kubernetes.io/hostname');
    expect(nodeLabelKey('@hostname', 'p/', '1.31').key).toBe('kubernetes.io/hostname');
    expect(nodeLabelKey('@zone', 'p/', '1.31').key).toBe('topology.kubernetes.io/zone');
    expect(nodeLabelKey('@region', 'p/', '1.16').key).toBe('failure-domain.beta.kubernetes.io/region');
    expect(nodeLabelKey('rack_id', 'example.com/', '1.31')).toEqual({ key: 'example.com/rack_id', automatic: false });
    expect(nodeLabelKey('rack', '', '1.31').key).toBe('rack');
  });
  test('invalid keys are sanitized', () => {
    expect(nodeLabelKey('Rack Name', 'm/', '1.31')).toMatchObject({ key: 'm/Rack-Name', sanitized: expect.any(String) });
    expect(nodeLabelKey('a/b', 'm/', '1.31').key).toBe('m/a-b');
    expect(sanitizeLabelKey('Bad_Prefix..x/_name_')).toBe('bad-prefix.x/name');
    expect(sanitizeLabelKey('x'.repeat(70))).toHaveLength(63);
  });
});

/** Marathon's default unreachableStrategy (0/0): a task on an unreachable agent was replaced at once. */
const UNREACHABLE_AT_ONCE = [
  { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 0 },
  { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 0 },
];

describe('constraints', () => {
  test('no placement input, no placement fields but the unreachable-node tolerations of Marathon\'s default', () => {
    const { pod, codes } = convert({});
    for (const f of ['nodeSelector', 'affinity', 'topologySpreadConstraints']) expect(pod[f]).toBeUndefined();
    expect(pod.tolerations).toEqual(UNREACHABLE_AT_ONCE);
    expect(codes).toEqual([]);
  });

  test('the node labels the cluster must carry are recorded', () => {
    const { needs } = convert({
      constraints: [['rack_id', 'IS', 'r1'], ['rack_id', 'LIKE', 'r2|r3'], ['@zone', 'GROUP_BY'], ['disk', 'UNLIKE', 'hdd'], ['hostname', 'UNIQUE']],
    });
    const labels = needs.filter((n) => n.kind === 'node-label').map((n) => [n.name, n.details]);
    expect(labels).toEqual([
      ['marathon.mesos/disk', ['not hdd']],
      ['marathon.mesos/rack_id', ['r1', 'r2', 'r3']],
      ['topology.kubernetes.io/zone', undefined],
    ]);
  });

  test('two values for one key: the second becomes a requirement (ANDed, as in Marathon)', () => {
    const { pod } = convert({ constraints: [['rack', 'IS', 'a'], ['rack', 'CLUSTER', 'b']] });
    expect(pod.nodeSelector).toEqual({ 'marathon.mesos/rack': 'a' });
    expect(JSON.stringify(pod.affinity)).toContain('"key":"marathon.mesos/rack","operator":"In","values":["b"]');
  });

  test('an Exists requirement is dropped when an In on the same key already requires the label', () => {
    const { pod } = convert({ constraints: [['rack', 'UNIQUE'], ['rack', 'LIKE', 'a|b']] });
    const terms = (pod.affinity as { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: { matchExpressions: unknown[] }[] } } })
      .nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms;
    expect(terms).toEqual([{ matchExpressions: [{ key: 'marathon.mesos/rack', operator: 'In', values: ['a', 'b'] }] }]);
  });

  test('MAX_PER on a target before 1.18 falls back to a preferred anti-affinity with one warning', () => {
    const { pod, findings } = convert({ constraints: [['rack', 'MAX_PER', '3']] }, { kubeVersion: '1.17' });
    expect(pod.topologySpreadConstraints).toBeUndefined();
    expect(JSON.stringify(pod.affinity)).toContain('preferredDuringSchedulingIgnoredDuringExecution');
    expect(findings.map((f) => [f.severity, f.code])).toEqual([['warning', 'constraint-approximated']]);
  });

  test('GROUP_BY minDomains from 1.27 only', () => {
    const spread = (v: string) => convert({ constraints: [['@zone', 'GROUP_BY', '3']] }, { kubeVersion: v }).pod.topologySpreadConstraints;
    expect(spread('1.27')).toEqual([expect.objectContaining({ minDomains: 3 })]);
    expect(spread('1.26')).toEqual([expect.not.objectContaining({ minDomains: 3 })]);
  });

  test('every constraint is consumed, applied or not', () => {
    const { codes } = convert({ constraints: [['hostname', 'LIKE', 'a.*'], ['x', 'WEIRD'], ['rack', 'IS', 'a b']] });
    expect(codes.filter((c) => c.startsWith('unmapped-field'))).toEqual([]);
    expect(codes).toEqual(expect.arrayContaining(['constraint-regex /constraints/0', 'constraint-not-applied /constraints/1', 'constraint-not-applied /constraints/2']));
  });
});

describe('roles, unreachableStrategy, scheduling', () => {
  test('slave_public with empty options: no selector, no public tolerations, still reported', () => {
    const { pod, codes } = convert({ acceptedResourceRoles: ['slave_public'] }, { publicNodeSelector: {}, publicNodeTolerations: [] });
    expect(pod.nodeSelector).toBeUndefined();
    expect(pod.tolerations).toEqual(UNREACHABLE_AT_ONCE);
    expect(codes).toEqual(['public-node /acceptedResourceRoles']);
  });

  test('public tolerations and unreachable tolerations share the list', () => {
    const { pod } = convert({ acceptedResourceRoles: ['slave_public'], unreachableStrategy: { inactiveAfterSeconds: 30, expungeAfterSeconds: 30 } });
    expect((pod.tolerations as { key: string }[]).map((t) => t.key)).toEqual(['marathon.mesos/public', 'node.kubernetes.io/unreachable', 'node.kubernetes.io/not-ready']);
  });

  test('"disabled" on a resident app is quiet (Marathon requires it)', () => {
    const { pod, codes } = convert({
      container: { type: 'DOCKER', docker: { image: 'postgres:16' }, volumes: [{ containerPath: 'data', mode: 'RW', persistent: { size: 1024 } }] },
      unreachableStrategy: 'disabled',
    });
    expect(pod.tolerations).toEqual([
      { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' },
      { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' },
    ]);
    expect(codes.filter((c) => c.startsWith('unreachable-strategy'))).toEqual([]);
  });

  test('unreachableStrategy: Marathon\'s default when absent; tolerations whenever the cluster\'s 300 s would differ', () => {
    const seconds = (strategy?: unknown) => (convert(strategy === undefined ? {} : { unreachableStrategy: strategy }).pod.tolerations as { tolerationSeconds?: number }[] | undefined)
      ?.map((t) => t.tolerationSeconds);
    expect(seconds()).toEqual([0, 0]);
    expect(seconds({ inactiveAfterSeconds: 0, expungeAfterSeconds: 0 })).toEqual([0, 0]);
    expect(seconds({ inactiveAfterSeconds: 60, expungeAfterSeconds: 60 })).toEqual([60, 60]);
    expect(seconds({ inactiveAfterSeconds: 300, expungeAfterSeconds: 600 })).toBeUndefined();
    expect(seconds({ inactiveAfterSeconds: 300, expungeAfterSeconds: 300 })).toBeUndefined();
    // A resident app without the field: Marathon's default for it is "disabled" (never evicted), quietly.
    const resident = convert({ container: { type: 'DOCKER', docker: { image: 'postgres:16' }, volumes: [{ containerPath: 'data', mode: 'RW', persistent: { size: 1024 } }] } });
    expect(resident.pod.tolerations).toEqual(UNREACHABLE_AT_ONCE.map(({ tolerationSeconds: _, ...t }) => t));
    expect(resident.codes.filter((c) => c.startsWith('unreachable-strategy'))).toEqual([]);
  });

  test('default scheduling values in any spelling are quiet; others reported once each', () => {
    expect(convert({ killSelection: 'Youngest_First', backoffSeconds: 1, backoffFactor: 1.15, maxLaunchDelaySeconds: 3600 }).codes).toEqual([]);
    expect(convert({ backoffFactor: 2, maxLaunchDelaySeconds: 60 }).codes).toEqual(['scheduling-not-mapped /backoffFactor', 'scheduling-not-mapped /maxLaunchDelaySeconds']);
  });
});
