/**
 * Runtime: ports of every form and health checks of every protocol, on the real node. Each app
 * is converted and applied by the tool's own `apply --wait`; then the pod must be Ready through
 * the migrated probes, see the PORT variables it listens on, and its Service must answer on
 * every port (from the node, through kube-proxy).
 */
import { describeIfNode } from '../support/cluster.js';
import {
  applyCase, clients, deleteNamespace, eventually, expectExit, httpGet, isReady, parseEnv, podsOf,
  readyEndpoints, readyPod, serviceAnswers, testNamespace, type Clients,
} from './support.js';

const NS = testNamespace('ports');
const MINUTES = 60_000;

await describeIfNode('runtime: ports and probes on a real node', (kubeconfig) => {
  let c: Clients;
  beforeAll(() => {
    c = clients(kubeconfig);
  });
  afterAll(() => deleteNamespace(c, NS), MINUTES);

  /** The env dump the test app serves on its first container port. */
  async function taskEnv(name: string, port: number): Promise<Record<string, string>> {
    const pod = await readyPod(c, NS, name);
    const answer = await httpGet(`http://${pod.status?.podIP}:${port}/env.txt`);
    expect(answer.status).toBe(200);
    return parseEnv(answer.body);
  }

  /** Every Service port answers 200 on /health. */
  async function expectServiceAnswersEverywhere(service: string): Promise<number[]> {
    const answers = await eventually(`every port of service ${service}`, async () => {
      const all = await serviceAnswers(c, NS, service, '/health');
      return all.every((a) => a.answer.status === 200) ? all : undefined;
    }, 30_000);
    return answers.map((a) => a.port);
  }

  test('container/bridge portMappings, MESOS_HTTP check, readiness check on another port, Marathon task variables', async () => {
    expectExit(await applyCase(kubeconfig, '01-bridge-port-mappings', NS, ['--wait', '--timeout', '120s']), 0);
    const env = await taskEnv('rt-bridge', 8080);
    expect(env).toMatchObject({ PORT0: '8080', PORT1: '9090', PORT_HTTP: '8080', PORT_ADMIN: '9090', PORTS: '8080,9090' });
    // What Marathon set in every task (images read these in their own code).
    expect(env.MARATHON_APP_ID).toBe('/rt/bridge');
    for (const name of ['HOST', 'MESOS_TASK_ID', 'MARATHON_APP_VERSION', 'MARATHON_APP_DOCKER_IMAGE', 'MARATHON_APP_RESOURCE_CPUS', 'MARATHON_APP_RESOURCE_MEM']) {
      expect(env[name]).toBeTruthy();
    }
    const ports = await expectServiceAnswersEverywhere('rt-bridge');
    // The servicePort and every number a client could have used (container port, fixed host port).
    expect(ports).toEqual(expect.arrayContaining([10101, 9090, 31090]));
    // Marathon's default unreachableStrategy (0/0) replaced a task of a lost agent at once.
    const pod = await readyPod(c, NS, 'rt-bridge');
    const unreachable = pod.spec?.tolerations?.find((t) => t.key === 'node.kubernetes.io/unreachable');
    expect(unreachable?.tolerationSeconds).toBe(0);
  }, 3 * MINUTES);

  test('legacy docker BRIDGE portMappings: a health check naming the fixed host port probes the container port', async () => {
    expectExit(await applyCase(kubeconfig, '02-legacy-docker-bridge-host-port-check', NS, ['--wait', '--timeout', '120s']), 0);
    const env = await taskEnv('rt-legacy-bridge', 8000);
    expect(env).toMatchObject({ PORT0: '8000', PORT1: '8001' });
    const ports = await expectServiceAnswersEverywhere('rt-legacy-bridge');
    expect(ports).toEqual(expect.arrayContaining([8000, 31000]));
  }, 3 * MINUTES);

  test('host networking with portDefinitions port 0: the task listens on $PORT0/$PORT1, MESOS_TCP check', async () => {
    expectExit(await applyCase(kubeconfig, '03-host-port-definitions', NS, ['--wait', '--timeout', '120s']), 0);
    const pod = await readyPod(c, NS, 'rt-host');
    const declared = pod.spec?.containers[0]?.ports?.map((p) => p.containerPort) ?? [];
    expect(declared).toHaveLength(2);
    const env = await taskEnv('rt-host', declared[0]!);
    expect([env.PORT0, env.PORT1]).toEqual(declared.map(String));
    expect([env.PORT_WEB, env.PORT_METRICS]).toEqual(declared.map(String));
    await expectServiceAnswersEverywhere('rt-host');
    const unreachable = pod.spec?.tolerations?.find((t) => t.key === 'node.kubernetes.io/unreachable');
    expect(unreachable?.tolerationSeconds).toBe(60);
  }, 3 * MINUTES);

  test('legacy ports [0], no container (default image), COMMAND check', async () => {
    expectExit(await applyCase(kubeconfig, '04-legacy-ports-command-check', NS, ['--wait', '--timeout', '120s']), 0);
    const pod = await readyPod(c, NS, 'rt-legacy-ports');
    const port = pod.spec?.containers[0]?.ports?.[0]?.containerPort ?? 0;
    expect((await taskEnv('rt-legacy-ports', port)).PORT0).toBe(String(port));
    await expectServiceAnswersEverywhere('rt-legacy-ports');
  }, 3 * MINUTES);

  test('HTTPS and MESOS_HTTPS checks and an HTTPS readiness check against a self-signed TLS server', async () => {
    expectExit(await applyCase(kubeconfig, '14-https-checks', NS, ['--wait', '--timeout', '120s']), 0);
    for (const name of ['rt-https-mesos', 'rt-https-marathon']) {
      const pod = await readyPod(c, NS, name);
      const probes = pod.spec?.containers[0];
      expect(probes?.livenessProbe?.httpGet?.scheme).toBe('HTTPS');
      expect(probes?.readinessProbe?.httpGet?.scheme).toBe('HTTPS');
    }
  }, 3 * MINUTES);

  describe('failing checks', () => {
    let applied: Awaited<ReturnType<typeof applyCase>>;
    beforeAll(async () => {
      applied = await applyCase(kubeconfig, '05-failing-checks', NS, ['--wait', '--timeout', '25s']);
    }, 2 * MINUTES);

    test('apply --wait fails at its timeout, naming each workload and why', () => {
      expectExit(applied, 1);
      expect(applied.stderr).toMatch(/timed out after 25s/);
      expect(applied.stderr).toMatch(/Deployment \S*rt-never-ready[^\n]*Readiness probe failed: HTTP probe failed with statuscode: 404/);
      expect(applied.stderr).toMatch(/Deployment \S*rt-liveness-fails[^\n]*(Liveness|Startup|Readiness) probe failed/);
    });

    test('a failing health check restarts the container', async () => {
      await eventually('a restart of rt-liveness-fails', async () => {
        const [pod] = await podsOf(c, NS, 'rt-liveness-fails');
        return (pod?.status?.containerStatuses?.[0]?.restartCount ?? 0) >= 1 ? true : undefined;
      }, 90_000);
    }, 2 * MINUTES);

    test('a failing readiness check keeps the running pod out of the Service', async () => {
      const [pod] = await podsOf(c, NS, 'rt-never-ready');
      expect(pod?.status?.phase).toBe('Running');
      expect(pod && isReady(pod)).toBe(false);
      expect(await readyEndpoints(c, NS, 'rt-never-ready')).toEqual([]);
    });
  });
});
