/** Pods → Kubernetes: what the golden fixtures do not pin down, case by case. */
import { readFileSync } from 'node:fs';
import type { Finding } from '../../src/findings.js';
import type { KubeObject } from '../../src/kube/types.js';
import { DEFAULT_OPTIONS, type ConvertOptions } from '../../src/options.js';
import { convertSources } from '../../src/pipeline.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
interface Converted {
  objects: KubeObject[];
  findings: Finding[];
  workload: KubeObject;
  pod: Record<string, any>;
  containers: Record<string, any>[];
  codes: string[];
}

function convert(input: unknown, options: Partial<ConvertOptions> = {}): Converted {
  const result = convertSources([{ file: 'pod.json', text: JSON.stringify(input) }], { ...DEFAULT_OPTIONS, ...options });
  const workload = result.objects.find((o) => o.kind === 'Deployment' || o.kind === 'StatefulSet');
  if (!workload) throw new Error(`no workload: ${result.findings.map((f) => f.message).join('; ')}`);
  const pod = (workload.spec as any).template.spec;
  return { objects: result.objects, findings: result.findings, workload, pod, containers: pod.containers, codes: result.findings.map((f) => `${f.code} ${f.pointer}`) };
}

const c = (name: string, extra: Record<string, unknown> = {}) => ({ name, image: { kind: 'DOCKER', id: 'alpine:3' }, resources: { cpus: 0.1, mem: 32 }, ...extra });
const envOf = (container: Record<string, any>) => Object.fromEntries((container.env ?? []).map((e: any) => [e.name, e.value ?? e.valueFrom]));

describe('pods → a workload with a container per pod container', () => {
  test('the pod is a unit of kind pod, converted into its objects', () => {
    const result = convertSources([{ file: 'p.json', text: JSON.stringify({ id: '/t/p', containers: [c('a', { endpoints: [{ name: 'w', hostPort: 0 }] })] }) }], DEFAULT_OPTIONS);
    expect(result.units).toEqual([{ kind: 'pod', id: '/t/p', file: 'p.json', pointer: '', status: 'converted', objects: ['Deployment t/p', 'Service t/p'] }]);
    expect(result.converted).toBe(1);
  });

  test('a pod without id fails with a clear error, the others convert', () => {
    const result = convertSources([{ file: 'p.json', text: JSON.stringify({ pods: [{ containers: [c('a')] }, { id: '/ok', containers: [c('a')] }] }) }], DEFAULT_OPTIONS);
    expect(result.failed).toBe(1);
    expect(result.findings[0]).toMatchObject({ code: 'schema-violation', pointer: '/pods/0/id' });
    expect(result.units.map((u) => u.status)).toEqual(['failed', 'converted']);
  });

  test('argv goes to the entrypoint, or replaces it with overrideEntrypoint; a shell runs through /bin/sh -c', () => {
    const { containers } = convert({
      id: '/p',
      containers: [
        c('a', { exec: { command: { argv: ['serve', '--port', '80'] } } }),
        c('b', { exec: { command: { argv: ['/bin/app', 'x'] }, overrideEntrypoint: true } }),
        c('d', { exec: { command: { shell: 'echo hi' }, overrideEntrypoint: true } }),
      ],
    });
    expect(containers.map((x) => [x.command, x.args])).toEqual([
      [undefined, ['serve', '--port', '80']],
      [['/bin/app', 'x'], undefined],
      [['/bin/sh', '-c', 'echo hi'], undefined],
    ]);
  });

  test('every container gets ENDPOINT_<NAME> for every endpoint; a value the pod sets itself wins', () => {
    const { containers } = convert({
      id: '/p',
      networks: [{ mode: 'container' }],
      environment: { ENDPOINT_ADMIN: '1234' },
      containers: [c('a', { endpoints: [{ name: 'http-api', containerPort: 8080 }] }), c('b', { endpoints: [{ name: 'admin', containerPort: 9000 }] })],
    });
    for (const x of containers) expect(envOf(x)).toMatchObject({ ENDPOINT_ADMIN: '1234', ENDPOINT_HTTP_API: '8080' });
    // Every pod task got Marathon's variables (TaskGroupBuilder), referenced or not; no app-only ones.
    expect(Object.keys(envOf(containers[0]!))).toEqual([
      'ENDPOINT_ADMIN', 'HOST', 'MESOS_TASK_ID', 'MARATHON_APP_ID', 'MARATHON_APP_VERSION', 'MESOS_EXECUTOR_ID', 'MARATHON_CONTAINER_ID',
      'MARATHON_CONTAINER_RESOURCE_CPUS', 'MARATHON_CONTAINER_RESOURCE_MEM', 'MARATHON_CONTAINER_RESOURCE_DISK', 'MARATHON_CONTAINER_RESOURCE_GPUS',
      'EP_CONTAINER_HTTP_API', 'EP_CONTAINER_ADMIN', 'MARATHON_APP_LABELS', 'ENDPOINT_HTTP_API',
    ]);
    expect(containers.map((x) => x.ports.map((p: any) => p.containerPort))).toEqual([[8080], [9000]]);
  });

  test('pod variables Marathon set are provided, and reported where a container references them', () => {
    const { containers, codes } = convert({
      id: '/p',
      containers: [c('worker', {
        resources: { cpus: 0.5, mem: 64 },
        exec: { command: { shell: 'echo $MARATHON_CONTAINER_ID $MARATHON_CONTAINER_RESOURCE_MEM $MESOS_EXECUTOR_ID ${EP_CONTAINER_WEB} $MARATHON_APP_ID' } },
        endpoints: [{ name: 'web', containerPort: 80 }],
      })],
      networks: [{ mode: 'container' }],
    });
    expect(envOf(containers[0]!)).toMatchObject({
      MARATHON_APP_ID: '/p', MARATHON_CONTAINER_ID: 'worker', MARATHON_CONTAINER_RESOURCE_MEM: '64.0',
      MESOS_EXECUTOR_ID: { fieldRef: { fieldPath: 'metadata.name' } }, EP_CONTAINER_WEB: '80', ENDPOINT_WEB: '80',
    });
    expect(codes).toContain('marathon-env-provided /containers/0/exec/command/shell');
  });

  test('--keep-host-ports keeps fixed host ports; --host-network runs host-mode pods on the host network', () => {
    const input = { id: '/p', containers: [c('a', { endpoints: [{ name: 'w', hostPort: 31000 }] })] };
    expect(convert(input, { keepHostPorts: true }).containers[0]!.ports).toEqual([{ name: 'w', containerPort: 31000, protocol: 'TCP', hostPort: 31000 }]);
    const host = convert(input, { hostNetwork: true }).pod;
    expect(host).toMatchObject({ hostNetwork: true, dnsPolicy: 'ClusterFirstWithHostNet' });
    expect(convert({ ...input, networks: [{ mode: 'container' }] }, { hostNetwork: true }).pod.hostNetwork).toBeUndefined();
  });

  test('a health check on an endpoint of another container makes no probe', () => {
    const { containers, codes } = convert({
      id: '/p',
      containers: [c('a', { endpoints: [{ name: 'web', hostPort: 0 }] }), c('b', { healthCheck: { http: { endpoint: 'web' } } })],
    });
    expect(containers[1]!.livenessProbe).toBeUndefined();
    expect(codes).toContain('probe-port-unresolved /containers/1/healthCheck/http/endpoint');
  });

  test('a pod-level secret read by two containers is one key and one finding; different pull configs are two Secrets', () => {
    const { containers, pod, findings } = convert({
      id: '/p',
      secrets: { pw: { source: 'p/pw' }, r1: { source: 'p/r1' }, r2: { source: 'p/r2' } },
      environment: { PW: { secret: 'pw' } },
      containers: [
        c('a', { image: { kind: 'DOCKER', id: 'r1.example.com/a', pullConfig: { secret: 'r1' } } }),
        c('b', { image: { kind: 'DOCKER', id: 'r2.example.com/b', pullConfig: { secret: 'r2' } } }),
      ],
    });
    for (const x of containers) expect(envOf(x).PW).toEqual({ secretKeyRef: { name: 'p-secrets', key: 'pw' } });
    expect(pod.imagePullSecrets).toEqual([{ name: 'p-pull-secret' }, { name: 'p-pull-secret-2' }]);
    expect(findings.filter((f) => f.code === 'secret-needed')).toHaveLength(1);
    expect(findings.filter((f) => f.code === 'unmapped-field')).toEqual([]);
  });

  test('a finding about a pod-level field is made once, however many containers read it', () => {
    const { findings } = convert({
      id: '/p',
      environment: { UPSTREAM: 'http://elsewhere.marathon.mesos:80' },
      containers: [c('a'), c('b'), c('d')],
    });
    expect(findings.filter((f) => f.code === 'dns-name-not-rewritten').map((f) => f.pointer)).toEqual(['/environment/UPSTREAM']);
  });

  test('container names are made valid and unique; fetch init containers do not take a container\'s name', () => {
    const { containers, pod, codes } = convert({
      id: '/p',
      containers: [
        c('Web_1'),
        c('web-1'),
        c('fetch-web-1', { artifacts: [{ uri: 'https://example.com/x' }] }),
        c('web', { artifacts: [{ uri: 'https://example.com/y' }] }),
      ],
    });
    expect(containers.map((x) => x.name)).toEqual(['web-1', 'web-1-2', 'fetch-web-1', 'web']);
    expect(pod.initContainers.map((x: any) => x.name)).toEqual(['fetch-fetch-web-1', 'fetch-web']);
    expect(codes).toContain('name-changed /containers/0/name');
    expect(codes).toContain('name-changed /containers/1/name');
  });

  test('a full definition from the Marathon docs leaves nothing unaccounted for', () => {
    const docs = JSON.parse(readFileSync(new URL('../../fixtures/pods/02-shared-ephemeral-volume/input.json', import.meta.url), 'utf8'));
    const everything = {
      ...docs,
      user: '1000',
      role: '*',
      secrets: { s: { source: 'a/s' } },
      scaling: { kind: 'fixed', instances: 2, maxInstances: null },
      scheduling: {
        backoff: { backoff: 1, backoffFactor: 1.15, maxLaunchDelay: 300 },
        upgrade: { minimumHealthCapacity: 1, maximumOverCapacity: 1 },
        placement: { constraints: [{ fieldName: 'hostname', operator: 'UNIQUE' }], acceptedResourceRoles: ['*'] },
        killSelection: 'YOUNGEST_FIRST',
        unreachableStrategy: { inactiveAfterSeconds: 0, expungeAfterSeconds: 0 },
      },
      executorResources: { cpus: 0.1, mem: 32, disk: 10 },
      linuxInfo: { ipcInfo: { mode: 'PRIVATE', shmSize: 64 } },
      legacySharedCgroups: false,
      containers: docs.containers.map((x: Record<string, unknown>, i: number) => ({
        ...x,
        user: i === 0 ? '1001' : undefined,
        environment: { ...(x.environment as object), S: { secret: 's' } },
        labels: { role: x.name },
        artifacts: [{ uri: 'https://example.com/a.tgz', extract: true, executable: false, cache: true, destPath: 'a.tgz' }],
        lifecycle: { killGracePeriodSeconds: 20 },
        healthCheck: { exec: { command: { shell: 'true' } }, gracePeriodSeconds: 10, intervalSeconds: 5, timeoutSeconds: 2, maxConsecutiveFailures: 3, delaySeconds: 1 },
        check: { exec: { command: { shell: 'true' } }, intervalSeconds: 5, timeoutSeconds: 2, delaySeconds: 1 },
        linuxInfo: { seccomp: { unconfined: true }, ipcInfo: { mode: 'SHARE_PARENT' } },
        tty: false,
      })),
    };
    const { findings } = convert(everything);
    expect(findings.filter((f) => f.code === 'unmapped-field' || f.severity === 'error').map((f) => `${f.code} ${f.pointer} ${f.message}`)).toEqual([]);
  });
});
