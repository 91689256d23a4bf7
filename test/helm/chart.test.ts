/**
 * The chart writer against a real helm: hand-made converted objects → charts → `helm lint
 * --strict`, `helm template`, and the rendered objects compared with the input object by object.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import yaml from 'js-yaml';
import { writeCharts, type WrittenChart } from '../../src/emit/chart/index.js';
import { findHelm, type Helm } from '../../src/helm/helm.js';
import { finding } from '../../src/findings.js';
import type { KubeObject } from '../../src/kube/types.js';
import { validateObject } from '../../src/kube/validate.js';
import { helmBin, objectKey, parseRendered, sampleObjects, withoutHelmLabels } from '../support/helm.js';

import { jest } from '@jest/globals';

jest.setTimeout(60_000);

let helm: Helm;
let out: string;
let charts: WrittenChart[];
const objects = sampleObjects();
const findings = [
  finding('probe-port-unresolved', '/healthChecks/1', 'health check names port index 3, which the app does not declare', { app: '/team/web', hint: 'add the port or fix portIndex' }),
  finding('unmapped-field', '/backoffFactor', 'backoffFactor has no Kubernetes equivalent', { app: '/team/worker' }),
  finding('unmapped-field', '/foo', 'not in this chart', { app: '/elsewhere/app' }),
];

function chart(name: string): WrittenChart {
  const c = charts.find((x) => x.name === name);
  if (!c) throw new Error(`no chart ${name}`);
  return c;
}

async function render(name: string, set: string[] = []): Promise<Map<string, KubeObject>> {
  const c = chart(name);
  const text = await helm.template(c.dir, { namespace: c.plan.namespaces[0], set });
  return new Map(parseRendered(text).map((o) => [objectKey(o), o]));
}

beforeAll(async () => {
  helm = await findHelm(await helmBin());
  out = await mkdtemp(path.join(tmpdir(), 'm2k-chart-'));
  charts = await writeCharts(objects, findings, { outDir: out });
});

afterAll(async () => {
  if (out) await rm(out, { recursive: true, force: true });
});

describe('writeCharts', () => {
  test('one chart per namespace, laid out like helm create', () => {
    expect(charts.map((c) => c.name).sort()).toEqual(['default', 'team']);
    const files = chart('team').files;
    for (const f of ['Chart.yaml', 'values.yaml', 'values.schema.json', 'README.md', '.helmignore', 'templates/_helpers.tpl', 'templates/NOTES.txt']) {
      expect(files).toContain(f);
    }
    expect(files).toContain('templates/web-deployment.yaml');
    expect(files).toContain('templates/db-statefulset.yaml');
  });

  test('helm lint --strict passes', async () => {
    for (const c of charts) {
      const r = await helm.lint(c.dir);
      expect(r.output).not.toMatch(/\[(WARNING|ERROR)\]/);
      expect(r.ok).toBe(true);
    }
  });

  test('default values render exactly the input objects (modulo Helm labels and Namespaces)', async () => {
    for (const c of charts) {
      const rendered = await render(c.name);
      const expected = objects.filter((o) => o.kind !== 'Namespace' && o.metadata.namespace === c.plan.namespaces[0]);
      expect([...rendered.keys()].sort()).toEqual(expected.map(objectKey).sort());
      for (const o of expected) {
        expect(withoutHelmLabels(rendered.get(objectKey(o))!)).toEqual(o);
        expect(validateObject(rendered.get(objectKey(o))!)).toEqual([]);
      }
    }
  });

  test('object metadata carries helm.sh/chart and managed-by Helm; selectors and pod labels stay as converted', async () => {
    const rendered = await render('team');
    for (const o of rendered.values()) {
      expect(o.metadata.labels?.['helm.sh/chart']).toBe('team-0.1.0');
      expect(o.metadata.labels?.['app.kubernetes.io/managed-by']).toBe('Helm');
    }
    const d = rendered.get('apps/v1 Deployment team/web') as any;
    expect(d.spec.template.metadata.labels['app.kubernetes.io/managed-by']).toBe('marathon2k8s');
    expect(d.spec.template.metadata.labels['helm.sh/chart']).toBeUndefined();
  });

  test('templates hold no namespace of their own', async () => {
    const text = await helm.template(chart('team').dir, { namespace: 'elsewhere' });
    for (const o of parseRendered(text)) expect(o.metadata.namespace).toBe('elsewhere');
    for (const f of chart('team').files.filter((f) => f.startsWith('templates/'))) {
      expect(await readFile(path.join(chart('team').dir, f), 'utf8')).not.toMatch(/namespace: ['"]?team/);
    }
  });

  test('--set of replicas, an image tag and an env value renders the change', async () => {
    const rendered = await render('team', ['web.replicas=5', 'web.image.tag=2.0.1', 'web.env.DB_URL=postgres://other:5432/app', 'web.env.NEW_VAR=1', 'web.env.PORTS=null']);
    const d = rendered.get('apps/v1 Deployment team/web') as any;
    expect(d.spec.replicas).toBe(5);
    const c = d.spec.template.spec.containers[0];
    expect(c.image).toBe('registry.example.com:5000/team/web:2.0.1');
    expect(c.env.find((e: any) => e.name === 'DB_URL').value).toBe('postgres://other:5432/app');
    // Converted order kept (DSN refers to DB_PASSWORD), added names after it, null removes one.
    expect(c.env.map((e: any) => e.name)).toEqual(['PORT0', 'DB_URL', 'FEATURE_ON', 'EMPTY', 'HOST', 'DB_PASSWORD', 'DSN', 'NEW_VAR']);
    expect(c.env.at(-1)).toEqual({ name: 'NEW_VAR', value: '1' });
  });

  test('probes, ingress and scheduling can be switched and changed from values', async () => {
    const rendered = await render('team', [
      'web.probes.startup.enabled=false',
      'web.probes.liveness.periodSeconds=30',
      'web.ingress.enabled=false',
      'web.nodeSelector=null',
      'db.tolerations[0].key=dedicated',
      'db.tolerations[0].operator=Exists',
      'db.persistence.data.size=20Gi',
      'db.service.type=LoadBalancer',
      'backup.schedule=0 4 * * *',
      'worker.containers.logShipper.image.tag=3.0',
    ]);
    expect(rendered.has('networking.k8s.io/v1 Ingress team/web')).toBe(false);
    const web = rendered.get('apps/v1 Deployment team/web') as any;
    expect(web.spec.template.spec.containers[0].startupProbe).toBeUndefined();
    expect(web.spec.template.spec.containers[0].livenessProbe.periodSeconds).toBe(30);
    expect(web.spec.template.spec.nodeSelector).toBeUndefined();
    const db = rendered.get('apps/v1 StatefulSet team/db') as any;
    expect(db.spec.template.spec.tolerations).toEqual([{ key: 'dedicated', operator: 'Exists' }]);
    expect(db.spec.volumeClaimTemplates[0].spec.resources.requests.storage).toBe('20Gi');
    expect((rendered.get('v1 Service team/db') as any).spec.type).toBe('LoadBalancer');
    expect((rendered.get('batch/v1 CronJob team/backup') as any).spec.schedule).toBe('0 4 * * *');
    const worker = rendered.get('apps/v1 Deployment team/worker') as any;
    expect(worker.spec.template.spec.containers[1].image).toBe('fluent/fluent-bit:3.0');
  });

  test('existingSecrets maps Secret names in env and volumes', async () => {
    const rendered = await render('team', ['web.existingSecrets.team-db=prod-db', 'web.existingSecrets.team-tls=prod-tls']);
    const spec = (rendered.get('apps/v1 Deployment team/web') as any).spec.template.spec;
    const pw = spec.containers[0].env.find((e: any) => e.name === 'DB_PASSWORD');
    expect(pw.valueFrom.secretKeyRef).toEqual({ name: 'prod-db', key: 'password' });
    expect(spec.volumes[0].secret.secretName).toBe('prod-tls');
    // The default render is untouched by the previous one (helpers copy before changing).
    const again = (await render('team')).get('apps/v1 Deployment team/web') as any;
    expect(again.spec.template.spec.volumes[0].secret.secretName).toBe('team-tls');
  });

  test('ingress hosts and TLS come from values', async () => {
    const rendered = await render('team', ['web.ingress.hosts[0].host=new.example.com', 'web.ingress.hosts[0].paths[0].pathType=Exact',
      'web.ingress.hosts[0].paths[0].service=web', 'web.ingress.hosts[0].paths[0].port=8080', 'web.ingress.className=']);
    const ing = rendered.get('networking.k8s.io/v1 Ingress team/web') as any;
    expect(ing.spec.rules).toEqual([{ host: 'new.example.com', http: { paths: [{ pathType: 'Exact', backend: { service: { name: 'web', port: { number: 8080 } } } }] } }]);
    expect(ing.spec.ingressClassName).toBeUndefined();
  });

  test('values.schema.json rejects values of the wrong type', async () => {
    await expect(helm.template(chart('team').dir, { set: ['web.replicas=three'] })).rejects.toThrow(/replicas/);
  });

  test('values.yaml says where each key came from', async () => {
    const text = await readFile(path.join(chart('team').dir, 'values.yaml'), 'utf8');
    expect(text).toMatch(/# Number of pods\. Marathon: instances\n {2}replicas: 3/);
    expect(text).toMatch(/# Container image\. Marathon: container\.docker\.image/);
    expect(text).toMatch(/Marathon: healthChecks/);
    expect(text).toMatch(/# web: Marathon \/team\/web → Deployment web/);
    expect(yaml.load(text)).toMatchObject({ web: { image: { repository: 'registry.example.com:5000/team/web', tag: '1.10' } } });
  });

  test('Chart.yaml follows helm create and names the Marathon group', async () => {
    const text = await readFile(path.join(chart('team').dir, 'Chart.yaml'), 'utf8');
    expect(yaml.load(text)).toMatchObject({ apiVersion: 'v2', name: 'team', type: 'application', version: '0.1.0' });
    expect(text).toMatch(/^appVersion: "[^"]+"$/m);
    expect(text).toMatch(/description: .*\/team/);
    const helpers = await readFile(path.join(chart('team').dir, 'templates/_helpers.tpl'), 'utf8');
    for (const h of ['name', 'fullname', 'chart', 'labels', 'selectorLabels']) expect(helpers).toContain(`define "team.${h}"`);
    expect(helpers).toMatch(/trunc 63/);
  });

  test('README lists the chart\'s findings and the Secrets to create', async () => {
    const text = await readFile(path.join(chart('team').dir, 'README.md'), 'utf8');
    expect(text).toContain('probe-port-unresolved');
    expect(text).toContain('add the port or fix portIndex');
    expect(text).toContain('backoffFactor');
    expect(text).not.toContain('not in this chart');
    expect(text).toMatch(/`team-db`/);
    const other = await readFile(path.join(chart('default').dir, 'README.md'), 'utf8');
    expect(other).not.toContain('probe-port-unresolved');
  });

  test('one chart named by --name holds everything', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'm2k-chart-one-'));
    try {
      const team = objects.filter((o) => o.metadata.namespace === 'team' || o.kind === 'Namespace');
      const [one, ...more] = await writeCharts(team, [], { outDir: dir, name: 'everything' });
      expect(more).toEqual([]);
      expect(one.name).toBe('everything');
      expect((await helm.lint(one.dir)).ok).toBe(true);
      const rendered = parseRendered(await helm.template(one.dir, { namespace: 'team' }));
      expect(rendered.map(objectKey).sort()).toEqual(team.filter((o) => o.kind !== 'Namespace').map(objectKey).sort());
      // Writing again replaces the chart it wrote.
      await writeCharts(team.slice(0, 3), [], { outDir: dir, name: 'everything' });
      expect(parseRendered(await helm.template(one.dir, { namespace: 'team' })).length).toBeLessThan(rendered.length);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('refuses an invalid chart name and a directory it did not write', async () => {
    await expect(writeCharts(objects, [], { outDir: out, name: 'Bad_Name' })).rejects.toThrow(/not valid/);
    const dir = await mkdtemp(path.join(tmpdir(), 'm2k-chart-foreign-'));
    try {
      const { mkdir, writeFile } = await import('node:fs/promises');
      await mkdir(path.join(dir, 'team'));
      await writeFile(path.join(dir, 'team', 'Chart.yaml'), 'apiVersion: v2\nname: team\nversion: 1.0.0\n');
      await expect(writeCharts(objects, [], { outDir: dir })).rejects.toThrow(/not a chart written by marathon2k8s/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
