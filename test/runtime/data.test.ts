/**
 * Runtime: env and secrets (through stub Secrets filled afterwards), volumes (persistent local
 * → StatefulSet claim bound to a static PersistentVolume, host, secret files) and a Marathon
 * pod whose containers share an ephemeral volume, on the real node.
 */
import { StorageV1Api, KubeConfig } from '@kubernetes/client-node';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { describeIfNode } from '../support/cluster.js';
import {
  applyCase, clients, deleteNamespace, eventually, expectExit, httpGet, isReady, parseEnv, podsOf,
  readyPod, serviceAnswers, testNamespace, type Clients,
} from './support.js';

const NS = testNamespace('data');
const MINUTES = 60_000;
/** fixtures/runtime/09-volumes mounts this node directory (read-only) and claims this class. */
const HOST_DIR = '/tmp/m2k-rt-host';
const STORAGE_CLASS = 'm2k-rt-local';

await describeIfNode('runtime: env, secrets, volumes and pods on a real node', (kubeconfig) => {
  let c: Clients;
  let storage: StorageV1Api;
  const pvName = `${NS}-pv`;
  const pvDir = `/tmp/m2k-rt-pv-${NS}`;
  beforeAll(() => {
    c = clients(kubeconfig);
    const kc = new KubeConfig();
    kc.loadFromFile(kubeconfig);
    storage = kc.makeApiClient(StorageV1Api);
  });
  afterAll(async () => {
    await deleteNamespace(c, NS);
    await c.core.deletePersistentVolume({ name: pvName }).catch(() => undefined);
    rmSync(pvDir, { recursive: true, force: true });
    rmSync(HOST_DIR, { recursive: true, force: true });
  }, MINUTES);

  /** GET a file the app serves on the pod's first container port. */
  async function fromPod(podIP: string | undefined, port: number | undefined, file: string) {
    return httpGet(`http://${podIP}:${port}/${file}`);
  }

  test('env and secrets: stub Secrets applied, filled with values, seen by the task as env and file', async () => {
    expectExit(await applyCase(kubeconfig, '08-env-secrets', NS, ['--wait', '--timeout', '120s']), 0);
    const secret = await c.core.readNamespacedSecret({ name: 'rt-secrets-secrets', namespace: NS });
    expect(Object.keys(secret.data ?? {}).sort()).toEqual(['cert', 'dbpass']);
    // What an operator does with the stub: fill in the values from the DC/OS secret store.
    secret.data = {
      dbpass: Buffer.from('db-pa55word').toString('base64'),
      cert: Buffer.from('-----BEGIN CERTIFICATE-----\ntest\n').toString('base64'),
    };
    await c.core.replaceNamespacedSecret({ name: 'rt-secrets-secrets', namespace: NS, body: secret });
    const [old] = await podsOf(c, NS, 'rt-secrets');
    await c.core.deleteNamespacedPod({ name: old!.metadata!.name!, namespace: NS, gracePeriodSeconds: 0 });
    const pod = await eventually('a new Ready pod of rt-secrets', async () =>
      (await podsOf(c, NS, 'rt-secrets')).find((p) => isReady(p) && p.metadata?.uid !== old!.metadata?.uid), 90_000);
    const env = parseEnv((await fromPod(pod.status?.podIP, 8080, 'env.txt')).body);
    expect(env).toMatchObject({ PLAIN: 'plain-value', DB_PASSWORD: 'db-pa55word' });
    expect((await fromPod(pod.status?.podIP, 8080, 'cert.txt')).body).toBe('-----BEGIN CERTIFICATE-----\ntest\n');
  }, 4 * MINUTES);

  test('persistent local volume: the StatefulSet claim binds, and the data survives a pod restart; host volume read', async () => {
    mkdirSync(HOST_DIR, { recursive: true });
    writeFileSync(`${HOST_DIR}/hello`, 'from the node\n');
    mkdirSync(pvDir, { recursive: true });
    await storage.createStorageClass({
      body: { metadata: { name: STORAGE_CLASS }, provisioner: 'kubernetes.io/no-provisioner', volumeBindingMode: 'Immediate' },
    }).catch(() => undefined); // shared by runs; it may exist
    await c.core.createPersistentVolume({
      body: {
        metadata: { name: pvName },
        spec: {
          storageClassName: STORAGE_CLASS, capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'],
          persistentVolumeReclaimPolicy: 'Retain', hostPath: { path: pvDir, type: 'Directory' },
          // Only this run's claim may bind it.
          claimRef: { namespace: NS, name: 'data-rt-stateful-0' },
        },
      },
    });
    expectExit(await applyCase(kubeconfig, '09-volumes', NS, ['--wait', '--timeout', '120s']), 0);
    const first = await readyPod(c, NS, 'rt-stateful');
    const port = first.spec?.containers[0]?.ports?.[0]?.containerPort;
    const written = (await fromPod(first.status?.podIP, port, 'first.txt')).body;
    expect(written).toMatch(/\d/);
    expect((await fromPod(first.status?.podIP, port, 'host.txt')).body).toBe('from the node\n');

    await c.core.deleteNamespacedPod({ name: first.metadata!.name!, namespace: NS, gracePeriodSeconds: 0 });
    const second = await eventually('the StatefulSet pod back and Ready', async () =>
      (await podsOf(c, NS, 'rt-stateful')).find((p) => isReady(p) && p.metadata?.uid !== first.metadata?.uid), 90_000);
    expect((await fromPod(second.status?.podIP, port, 'first.txt')).body).toBe(written);
  }, 4 * MINUTES);

  test('a Marathon pod: two containers share an ephemeral volume; the Service answers from it', async () => {
    expectExit(await applyCase(kubeconfig, '10-pod-shared-volume', NS, ['--wait', '--timeout', '120s']), 0);
    await readyPod(c, NS, 'rt-pod');
    const answers = await eventually('the pod Service', async () => {
      const all = await serviceAnswers(c, NS, 'rt-pod', '/hello.txt');
      return all.length > 0 && all.every((a) => a.answer.status === 200) ? all : undefined;
    }, 30_000);
    for (const a of answers) expect(a.answer.body).toBe('hello-from-writer\n');
  }, 3 * MINUTES);
});
