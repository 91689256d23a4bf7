/**
 * Genericity of the chart writer: object shapes the extractors do not expect (unknown kinds,
 * duplicate env names, odd ingress rules, explicit empty fields, tricky scalars) must still
 * render exactly, and the small pure helpers behave.
 */
import { jest } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { camelKey, planCharts, uniqueKey } from '../../src/emit/chart/group.js';
import { writeCharts } from '../../src/emit/chart/index.js';
import { rulesAsHosts } from '../../src/emit/chart/network.js';
import { splitImage } from '../../src/emit/chart/pod.js';
import { escapeTemplate } from '../../src/emit/chart/tree.js';
import { findHelm } from '../../src/helm/helm.js';
import type { KubeObject } from '../../src/kube/types.js';
import { helmBin, objectKey, parseRendered, withoutHelmLabels } from '../support/helm.js';

jest.setTimeout(60_000);

const NS = 'odd';
const labels = (name: string) => ({
  'app.kubernetes.io/name': name,
  'app.kubernetes.io/instance': name,
  'app.kubernetes.io/part-of': NS,
  'app.kubernetes.io/managed-by': 'marathon2k8s',
});
const sel = (name: string) => ({ 'app.kubernetes.io/name': name, 'app.kubernetes.io/instance': name });
const m = (name: string, app = name) => ({ name, namespace: NS, labels: labels(app), annotations: { 'marathon2k8s.io/marathon-id': `/${NS}/${app}` } });
const pod = (containers: unknown[], extra: Record<string, unknown> = {}) => ({ metadata: { labels: labels('x') }, spec: { containers, ...extra } });

function oddObjects(): KubeObject[] {
  return [
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: m('big'),
      spec: {
        replicas: 2000000,
        selector: { matchLabels: sel('big') },
        template: {
          metadata: { labels: { ...labels('big'), 'example.com/team': 'a' } },
          spec: {
            tolerations: [],
            nodeSelector: {},
            containers: [
              {
                name: 'c',
                image: 'localhost:5000/img',
                env: [
                  { name: 'A', value: '1' },
                  { name: 'A', value: '2' },
                  { name: 'B' },
                ],
              },
              {
                name: 'bare-env',
                image: 'x:1',
                env: [{ name: 'B' }, { name: '__proto__', value: 'p' }, { name: 'constructor', value: 'c' }, { name: 'X', value: '1', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }],
              },
              {
                name: 'c2',
                image: 'x:2',
                env: [{ name: 'B' }, { name: 'C', value: '1e3' }],
                livenessProbe: { exec: { command: ['/bin/true'] }, initialDelaySeconds: 1200000 },
                resources: { requests: { cpu: 0.5, memory: '1e3' } },
              },
              { name: 'no-image', env: [] },
            ],
          },
        },
      },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: m('agent'),
      spec: { selector: { matchLabels: sel('agent') }, template: { ...pod([{ name: 'agent', image: 'agent:1', args: [] }], { hostNetwork: true }), metadata: { labels: labels('agent') } } },
    },
    {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: m('once'),
      spec: { backoffLimit: 0, template: { spec: { restartPolicy: 'Never', containers: [{ name: 'once', image: 'busybox' }] } } },
    },
    {
      apiVersion: 'batch/v1beta1',
      kind: 'CronJob',
      metadata: m('nightly'),
      spec: {
        schedule: '@daily',
        suspend: true,
        jobTemplate: { spec: { template: { metadata: { labels: labels('nightly') }, spec: { restartPolicy: 'OnFailure', containers: [{ name: 'n', image: 'busybox:1' }] } } } },
      },
    },
    { apiVersion: 'v1', kind: 'Pod', metadata: m('lonely'), spec: { containers: [{ name: 'p', image: 'nginx:1' }] } },
    { apiVersion: 'v1', kind: 'Service', metadata: m('ext'), spec: { type: 'ExternalName', externalName: 'db.example.com' } },
    { apiVersion: 'v1', kind: 'Service', metadata: m('big'), spec: { selector: sel('big'), ports: [{ port: 80 }] } },
    { apiVersion: 'v1', kind: 'Service', metadata: m('big-admin', 'big'), spec: { type: 'NodePort', selector: { ...sel('big'), extra: 'x' }, ports: [{ port: 81, nodePort: 30081 }] } },
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { ...m('big'), annotations: { 'marathon2k8s.io/marathon-id': '/odd/big' } },
      spec: {
        ingressClassName: '',
        defaultBackend: { service: { name: 'big', port: { number: 80 } } },
        rules: [
          { http: { paths: [{ path: '/a', pathType: 'Prefix', backend: { resource: { apiGroup: 'example.com', kind: 'Bucket', name: 'b' } } }] } },
        ],
      },
    },
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { name: 'plain', namespace: NS, labels: { 'app.kubernetes.io/name': 'agent', custom: 'yes' } },
      spec: { rules: [{ http: { paths: [{ pathType: 'ImplementationSpecific', backend: { service: { name: 'agent', port: { number: 8080 } } } }] } }] },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: m('store'),
      spec: {
        serviceName: 'store',
        selector: { matchLabels: sel('store') },
        template: { metadata: { labels: labels('store') }, spec: { containers: [{ name: 's', image: 's:1' }] } },
        volumeClaimTemplates: [
          { metadata: { name: 'a' }, spec: { storageClassName: '', accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } },
          { metadata: { name: 'b' }, spec: { storageClassName: 'fast', accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '2Gi' } } } },
        ],
      },
    },
    {
      apiVersion: 'example.com/v1',
      kind: 'Widget',
      metadata: { name: 'w', namespace: NS },
      spec: {
        numbers: [0, -1, 1.5, 1e6, 12345678901, 0.000001],
        strings: ['1e3', '0x1F', '~', 'null', 'true', 'no', 'y', '012', '', ' lead', 'trail ', 'üñí', 'a: b', '- x', '# c', '{{ x }}', '}}', "it's", 'multi\nline\n', 'tab\there'],
        'dotted.key/with-slash': { 'on': 'off' },
        nested: { empty: {}, list: [], nil: null },
      },
    },
  ];
}

describe('unusual shapes', () => {
  let out: string;
  beforeAll(async () => {
    out = await mkdtemp(path.join(tmpdir(), 'm2k-shapes-'));
  });
  afterAll(async () => {
    await rm(out, { recursive: true, force: true });
  });

  test('render exactly and pass helm lint --strict', async () => {
    const helm = await findHelm(await helmBin());
    const objects = oddObjects();
    const [chart] = await writeCharts(objects, [], { outDir: out });
    const lint = await helm.lint(chart.dir, { kubeVersion: '1.20.0' });
    expect(lint.output).not.toMatch(/\[(WARNING|ERROR)\]/);
    const rendered = new Map(parseRendered(await helm.template(chart.dir, { namespace: NS })).map((o) => [objectKey(o), o]));
    expect([...rendered.keys()].sort()).toEqual(objects.map(objectKey).sort());
    for (const o of objects) expect(withoutHelmLabels(rendered.get(objectKey(o))!)).toEqual(o);
  });
});

describe('helpers', () => {
  test('splitImage', () => {
    expect(splitImage('nginx')).toEqual({ repository: 'nginx', tag: '' });
    expect(splitImage('nginx:1.25')).toEqual({ repository: 'nginx', tag: '1.25' });
    expect(splitImage('localhost:5000/team/app')).toEqual({ repository: 'localhost:5000/team/app', tag: '' });
    expect(splitImage('localhost:5000/team/app:v2')).toEqual({ repository: 'localhost:5000/team/app', tag: 'v2' });
    expect(splitImage('app:v2@sha256:abc')).toEqual({ repository: 'app', tag: 'v2', digest: 'sha256:abc' });
    expect(splitImage(':stable')).toEqual({ repository: '', tag: 'stable' });
  });

  test('camelKey and uniqueKey give Go identifiers', () => {
    expect(camelKey('order-service.v2')).toBe('orderServiceV2');
    expect(camelKey('9lives')).toBe('app9lives');
    expect(camelKey('---')).toBe('app');
    const taken = new Set<string>();
    expect([uniqueKey('web', taken), uniqueKey('web', taken), uniqueKey('global', taken)]).toEqual(['web', 'web2', 'global2']);
  });

  test('rulesAsHosts only takes the usual shape', () => {
    const backend = { service: { name: 's', port: { number: 80 } } };
    expect(rulesAsHosts([{ host: 'h', http: { paths: [{ path: '/', pathType: 'Prefix', backend }] } }])).toEqual([
      { host: 'h', paths: [{ path: '/', pathType: 'Prefix', service: 's', port: 80 }] },
    ]);
    expect(rulesAsHosts([{ host: 'h' }])).toBeUndefined();
    expect(rulesAsHosts([{ host: '', http: { paths: [{ pathType: 'Prefix', backend }] } }])).toBeUndefined();
    expect(rulesAsHosts([{ http: { paths: [{ path: '/', backend }] } }])).toBeUndefined();
    expect(rulesAsHosts([{ http: { paths: [{ pathType: 'Prefix', backend: { serviceName: 's', servicePort: 80 } }] } }])).toBeUndefined();
  });

  test('literal text never becomes a template action', () => {
    expect(escapeTemplate('a {{ b }} {{- c }}')).toBe('a {{ "{{" }} b }} {{ "{{" }}- c }}');
  });

  test('a chart spanning namespaces keys colliding apps by namespace and warns', () => {
    const d = (ns: string): KubeObject => ({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: ns, labels: sel('web') } });
    const [plan] = planCharts([d('a'), d('b')], { name: 'all' });
    expect(plan.apps.map((a) => a.key)).toEqual(['aWeb', 'bWeb']);
    expect(plan.warnings[0]).toMatch(/Service\/web exists in namespaces a, b/);
  });
});
