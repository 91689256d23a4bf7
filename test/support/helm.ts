/**
 * Helm for the tests: the real binary from the npm dev dependency (scripts/helm-bin.mjs extracts
 * it into .cache/helm on first use), plus hand-made converted objects shaped like the
 * converter's output and helpers to compare what helm renders with them.
 */
import { execa } from 'execa';
import yaml from 'js-yaml';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { KubeObject } from '../../src/kube/types.js';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

let pending: Promise<string> | undefined;

/** Path of the helm binary (extracted from layer.zip once per run). */
export function helmBin(): Promise<string> {
  pending ??= execa('node', [path.join(REPO, 'scripts/helm-bin.mjs')], { cwd: REPO }).then((r) => r.stdout.trim());
  return pending;
}

/**
 * The documents of `helm template` output (comments and empty documents dropped). The core
 * schema, as the API server's YAML reader: "2019-01-04T18:50:41.43" stays a string, not a Date.
 */
export function parseRendered(text: string): KubeObject[] {
  return yaml.loadAll(text, undefined, { schema: yaml.CORE_SCHEMA }).filter((d): d is KubeObject => typeof d === 'object' && d !== null);
}

/**
 * An object as the chart renders it, minus Helm's own labels on the object's metadata:
 * helm.sh/chart is dropped and managed-by: Helm put back to the converted value (pod templates
 * and selectors are not touched: the chart keeps them exactly).
 */
export function withoutHelmLabels(obj: KubeObject, managedBy = 'marathon2k8s'): KubeObject {
  const copy = structuredClone(obj);
  const labels = copy.metadata.labels;
  if (labels) {
    delete labels['helm.sh/chart'];
    if (labels['app.kubernetes.io/managed-by'] === 'Helm') labels['app.kubernetes.io/managed-by'] = managedBy;
    // An object that had no labels got only helm.sh/chart.
    if (Object.keys(labels).length === 0) delete copy.metadata.labels;
  }
  return copy;
}

export function objectKey(o: KubeObject): string {
  return `${o.apiVersion} ${o.kind} ${o.metadata.namespace ?? ''}/${o.metadata.name}`;
}

const std = (name: string, group: string | undefined): Record<string, string> => ({
  'app.kubernetes.io/name': name,
  'app.kubernetes.io/instance': name,
  ...(group !== undefined ? { 'app.kubernetes.io/part-of': group } : {}),
  'app.kubernetes.io/managed-by': 'marathon2k8s',
});
const sel = (name: string): Record<string, string> => ({ 'app.kubernetes.io/name': name, 'app.kubernetes.io/instance': name });
const meta = (name: string, ns: string, group: string | undefined, id: string, extra: Record<string, string> = {}) => ({
  name,
  namespace: ns,
  labels: { ...extra, ...std(name, group) },
  annotations: { 'marathon2k8s.io/marathon-id': id },
});

/**
 * Converted objects of the Marathon group /team (an app with everything, a Marathon pod, a
 * database with persistent volumes, a Metronome job) and of a root-level app (namespace default).
 */
export function sampleObjects(): KubeObject[] {
  return [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team', labels: { 'app.kubernetes.io/managed-by': 'marathon2k8s' } } },
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: meta('web', 'team', 'team', '/team/web', { tier: 'frontend', canary: 'true' }),
      spec: {
        replicas: 3,
        selector: { matchLabels: sel('web') },
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '0%', maxSurge: '100%' } },
        template: {
          metadata: { labels: { tier: 'frontend', canary: 'true', ...std('web', 'team') } },
          spec: {
            terminationGracePeriodSeconds: 30,
            imagePullSecrets: [{ name: 'registry-cred' }],
            containers: [
              {
                name: 'web',
                image: 'registry.example.com:5000/team/web:1.10',
                imagePullPolicy: 'Always',
                command: ['/bin/sh', '-c', "exec nginx -g 'daemon off;' -c /etc/web/{{conf}}.conf"],
                env: [
                  { name: 'PORT0', value: '8080' },
                  { name: 'PORTS', value: '8080,8081' },
                  { name: 'DB_URL', value: 'postgres://db.team.svc.cluster.local:5432/app' },
                  { name: 'FEATURE_ON', value: 'yes' },
                  { name: 'EMPTY', value: '' },
                  { name: 'HOST', valueFrom: { fieldRef: { fieldPath: 'status.hostIP' } } },
                  { name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'team-db', key: 'password' } } },
                  { name: 'DSN', value: 'user:$(DB_PASSWORD)@db' },
                ],
                ports: [
                  { name: 'http', containerPort: 8080, protocol: 'TCP' },
                  { name: 'admin', containerPort: 8081, protocol: 'TCP' },
                ],
                resources: { requests: { cpu: '500m', memory: '256Mi', 'ephemeral-storage': '1024Mi' }, limits: { memory: '256Mi' } },
                livenessProbe: { httpGet: { path: '/health', port: 'http', scheme: 'HTTP' }, periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 3 },
                readinessProbe: { httpGet: { path: '/ready', port: 'http' }, periodSeconds: 5 },
                startupProbe: { httpGet: { path: '/health', port: 'http' }, periodSeconds: 10, failureThreshold: 30 },
                volumeMounts: [
                  { name: 'tls', mountPath: '/etc/tls', readOnly: true },
                  { name: 'cache', mountPath: '/var/cache/web' },
                ],
              },
            ],
            volumes: [
              { name: 'tls', secret: { secretName: 'team-tls', items: [{ key: 'crt', path: 'tls.crt' }] } },
              { name: 'cache', emptyDir: {} },
            ],
            nodeSelector: { 'node.example.com/rack': 'r1' },
            affinity: {
              podAntiAffinity: {
                requiredDuringSchedulingIgnoredDuringExecution: [
                  { labelSelector: { matchLabels: sel('web') }, topologyKey: 'kubernetes.io/hostname' },
                ],
              },
            },
            tolerations: [
              { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
            ],
          },
        },
      },
    },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: meta('web', 'team', 'team', '/team/web'),
      spec: {
        type: 'ClusterIP',
        selector: sel('web'),
        ports: [
          { name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' },
          { name: 'admin', port: 10001, targetPort: 'admin', protocol: 'TCP' },
        ],
      },
    },
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: {
        ...meta('web', 'team', 'team', '/team/web'),
        annotations: { 'marathon2k8s.io/marathon-id': '/team/web', 'nginx.ingress.kubernetes.io/ssl-redirect': 'true' },
      },
      spec: {
        ingressClassName: 'nginx',
        rules: [
          {
            host: 'web.example.com',
            http: {
              paths: [
                { path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 80 } } } },
                { path: '/admin', pathType: 'Prefix', backend: { service: { name: 'web', port: { name: 'admin' } } } },
              ],
            },
          },
        ],
        tls: [{ hosts: ['web.example.com'], secretName: 'web-tls' }],
      },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: meta('db', 'team', 'team', '/team/db'),
      spec: {
        replicas: 1,
        serviceName: 'db',
        selector: { matchLabels: sel('db') },
        template: {
          metadata: { labels: std('db', 'team') },
          spec: {
            containers: [
              {
                name: 'db',
                image: 'postgres:15',
                env: [{ name: 'PGDATA', value: '/var/lib/postgresql/data/pgdata' }],
                ports: [{ name: 'pg', containerPort: 5432, protocol: 'TCP' }],
                resources: { requests: { cpu: '1', memory: '1024Mi' }, limits: { memory: '1024Mi' } },
                livenessProbe: { tcpSocket: { port: 'pg' }, initialDelaySeconds: 300, periodSeconds: 60, timeoutSeconds: 20 },
                volumeMounts: [{ name: 'data', mountPath: '/var/lib/postgresql/data' }],
              },
            ],
          },
        },
        volumeClaimTemplates: [
          { metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '2048Mi' } } } },
        ],
      },
    },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: meta('db', 'team', 'team', '/team/db'),
      spec: { clusterIP: 'None', selector: sel('db'), ports: [{ name: 'pg', port: 5432, targetPort: 'pg', protocol: 'TCP' }] },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: meta('worker', 'team', 'team', '/team/worker'),
      spec: {
        replicas: 2,
        selector: { matchLabels: sel('worker') },
        template: {
          metadata: { labels: std('worker', 'team'), annotations: { 'marathon2k8s.io/labels': '{"bad key":"x"}' } },
          spec: {
            initContainers: [
              {
                name: 'fetch',
                image: 'busybox:1.36',
                command: ['/bin/sh', '-c', 'wget -O /mnt/mesos/sandbox/app.tgz https://example.com/app.tgz'],
                volumeMounts: [{ name: 'sandbox', mountPath: '/mnt/mesos/sandbox' }],
              },
            ],
            containers: [
              {
                name: 'main',
                image: 'example/worker@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef',
                args: ['--queue', 'jobs'],
                env: [{ name: 'MESOS_SANDBOX', value: '/mnt/mesos/sandbox' }],
                resources: { requests: { cpu: '0.25', memory: '128Mi' }, limits: { memory: '128Mi' } },
                volumeMounts: [
                  { name: 'sandbox', mountPath: '/mnt/mesos/sandbox' },
                  { name: 'shared', mountPath: '/shared' },
                ],
              },
              {
                name: 'log-shipper',
                image: 'fluent/fluent-bit',
                volumeMounts: [{ name: 'shared', mountPath: '/shared', readOnly: true }],
              },
            ],
            volumes: [
              { name: 'sandbox', emptyDir: {} },
              { name: 'shared', persistentVolumeClaim: { claimName: 'worker-shared' } },
            ],
          },
        },
      },
    },
    {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { ...meta('worker-shared', 'team', 'team', '/team/worker'), labels: std('worker', 'team') },
      spec: { accessModes: ['ReadWriteMany'], storageClassName: 'nfs', resources: { requests: { storage: '10Gi' } } },
    },
    {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: meta('web', 'team', 'team', '/team/web'),
      spec: { maxUnavailable: '50%', selector: { matchLabels: sel('web') } },
    },
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { ...meta('web-config', 'team', 'team', '/team/web'), labels: std('web', 'team') },
      data: {
        'nginx.conf': 'server {\n  listen 8080;\n  # {{ a comment that looks like a template }}\n}\n',
        'trailing.txt': 'two trailing newlines\n\n',
        on: 'yes',
      },
    },
    {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: meta('team-db', 'team', 'team', '/team/web'),
      type: 'Opaque',
      stringData: { password: 'CHANGE-ME {{ not a template }}' },
    },
    {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: meta('backup', 'team', 'team', '/team/backup'),
      spec: {
        schedule: '0 3 * * *',
        suspend: false,
        concurrencyPolicy: 'Forbid',
        startingDeadlineSeconds: 60,
        jobTemplate: {
          spec: {
            backoffLimit: 2,
            template: {
              metadata: { labels: std('backup', 'team') },
              spec: {
                restartPolicy: 'Never',
                containers: [
                  {
                    name: 'backup',
                    image: 'busybox:1.36',
                    command: ['/bin/sh', '-c', 'pg_dump -h db > /backup/$(date +%F).sql'],
                    resources: { requests: { cpu: '0.1', memory: '64Mi' }, limits: { memory: '64Mi' } },
                  },
                ],
              },
            },
          },
        },
      },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: meta('hello', 'default', undefined, '/hello'),
      spec: {
        replicas: 1,
        selector: { matchLabels: sel('hello') },
        template: {
          metadata: { labels: std('hello', undefined) },
          spec: { containers: [{ name: 'hello', image: 'nginx', ports: [{ containerPort: 80, protocol: 'TCP' }] }] },
        },
      },
    },
  ];
}
