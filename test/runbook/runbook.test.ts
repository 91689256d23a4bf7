/**
 * Data runbooks: the plan of realistic apps (two persistent volumes × 3 instances; a Docker app
 * with a host-paired persistent volume and an external volume; a pod), the generated scripts
 * (golden, `bash -n`, also for every corpus app with volumes), and the scripts run end to end
 * with stand-in `dcos` and `kubectl` (test/runbook/standins.ts) whose tar streams and checksums
 * are real: the exact sequence of commands, the data in the claims, failures.
 */
import { execa } from 'execa';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DEFAULT_OPTIONS } from '../../src/options.js';
import { convertInputs, convertSources } from '../../src/pipeline.js';
import type { RunbookPlan } from '../../src/runbook/plan.js';
import { renderRunbook } from '../../src/runbook/script.js';
import { CORPUS, describeCorpus } from '../support/corpus.js';
import { expectGolden } from '../support/golden.js';
import { makeStandins, makeTask, type Standins } from './standins.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
const FIXTURES = join(ROOT, 'fixtures', 'runbook');

function planOf(file: string): RunbookPlan {
  const text = readFileSync(join(FIXTURES, file), 'utf8');
  const result = convertSources([{ file: `fixtures/runbook/${file}`, text }], DEFAULT_OPTIONS);
  expect(result.runbooks).toHaveLength(1);
  return result.runbooks![0]!;
}

let tmp: string;
beforeEach(() => {
  tmp = mkdtempSync(join(tmpdir(), 'm2k-runbook-'));
});
afterEach(() => rmSync(tmp, { recursive: true, force: true }));

describe('the plan', () => {
  test('an app with two persistent volumes and 3 instances: a claim per volume and ordinal, read with dcos task exec', () => {
    const plan = planOf('cassandra.json');
    expect(plan).toMatchObject({
      kind: 'app', marathonId: '/data/cassandra', namespace: 'data', containerizer: 'MESOS', method: 'exec', path: 'runbooks/data/cassandra.sh',
      workload: { kind: 'StatefulSet', name: 'cassandra', replicas: 3 }, skipped: [],
    });
    expect(plan.volumes.map((v) => [v.name, v.kind, v.taskPath, v.size, v.claims])).toEqual([
      ['data', 'persistent', 'data', '10240Mi', ['data-cassandra-0', 'data-cassandra-1', 'data-cassandra-2']],
      ['commitlog', 'persistent', 'commitlog', '2048Mi', ['commitlog-cassandra-0', 'commitlog-cassandra-1', 'commitlog-cassandra-2']],
    ]);
  });

  test('a Docker app: dcos task download from the sandbox (not the host-paired /var/lib/mysql); its external volume once', () => {
    const plan = planOf('mariadb-docker.json');
    expect(plan).toMatchObject({ containerizer: 'DOCKER', method: 'download', workload: { kind: 'StatefulSet', name: 'mariadb', replicas: 2 } });
    expect(plan.volumes.map((v) => [v.name, v.kind, v.taskPath, v.mountPath, v.size, v.claims])).toEqual([
      ['mariadb-data', 'persistent', 'mariadb-data', '/var/lib/mysql', '2048Mi', ['mariadb-data-mariadb-0', 'mariadb-data-mariadb-1']],
      ['shop-backups', 'external', 'backups', '/mnt/mesos/sandbox/backups', '50Gi', ['shop-backups']],
    ]);
  });

  test('a pod: the volume is read in the task of the container that mounts it', () => {
    const plan = planOf('kv-pod.json');
    expect(plan).toMatchObject({ kind: 'pod', method: 'exec', workload: { kind: 'StatefulSet', name: 'kv-pod', replicas: 3 } });
    expect(plan.volumes.map((v) => [v.name, v.taskPath, v.container, v.claims.length])).toEqual([['kvdata', 'kvdata', 'server', 3]]);
  });

  test('apps without persistent or external volumes get none', () => {
    const text = readFileSync(join(ROOT, 'fixtures', 'apps', '01-id-nested', 'input.json'), 'utf8');
    expect(convertSources([{ file: 'x.json', text }], DEFAULT_OPTIONS).runbooks).toEqual([]);
  });
});

describe('the scripts', () => {
  test.each(['cassandra', 'mariadb-docker', 'kv-pod'])('%s: golden, and bash -n accepts it', async (name) => {
    const text = renderRunbook(planOf(`${name}.json`));
    expectGolden(join(FIXTURES, `${name}.runbook.sh`), text);
    const file = join(tmp, `${name}.sh`);
    writeFileSync(file, text);
    await execa('bash', ['-n', file]);
  });
});

describeCorpus('the scripts of the corpus', () => {
  test('bash -n accepts the runbook of every corpus app and pod with volumes to copy', async () => {
    const result = await convertInputs([CORPUS], DEFAULT_OPTIONS);
    const plans = (result.runbooks ?? []).filter((p) => p.volumes.length > 0);
    expect(plans.length).toBeGreaterThanOrEqual(5);
    for (const [i, plan] of plans.entries()) writeFileSync(join(tmp, `${i}.sh`), renderRunbook(plan));
    // One bash for all: `bash -n` checks one file per run.
    const check = plans.map((_, i) => `bash -n ${i}.sh || { echo "${i}.sh"; exit 1; }`).join('\n');
    const r = await execa('bash', ['-c', check], { cwd: tmp, reject: false });
    expect(r.stdout).toBe('');
    expect(r.exitCode).toBe(0);
  }, 60000);
});

// ---------------------------------------------------------------------------------------------
// Running them.

const CASSANDRA_TASKS = ['data_cassandra.a1', 'data_cassandra.b2', 'data_cassandra.c3'];

function write(plan: RunbookPlan): string {
  const file = join(tmp, 'runbook.sh');
  writeFileSync(file, renderRunbook(plan));
  chmodSync(file, 0o755);
  return file;
}

function runScript(file: string, s: Standins, args: string[], env: Record<string, string> = {}) {
  return execa(file, args, { reject: false, cwd: tmp, env: { ...s.env, WORK_DIR: join(tmp, 'work'), ...env }, extendEnv: true });
}

/** Calls as one string each, with the scripts run inside containers named. */
function simplified(s: Standins): string[] {
  const name = (a: string) => (a.includes('exec tar -cf') ? '<tar-out>' : a.includes('tar -xf') ? '<tar-in>' : a.includes('printf "files=') ? '<summary>'
    : a.includes('lost+found$') ? '<list>' : a);
  return s.calls().map((c) => c.map(name).join(' '));
}

function cassandraTasks(s: Standins): void {
  writeFileSync(join(s.root, 'task-list'), `${CASSANDRA_TASKS[2]}\n${CASSANDRA_TASKS[0]}\n${CASSANDRA_TASKS[1]}\n`);
  CASSANDRA_TASKS.forEach((t, i) => makeTask(s, t, {
    [`data/ks${i}/table-${i}.db`]: `rows of ${t}\n`.repeat(100 + i),
    'data/system/peers.db': `peers ${i}`,
    'data/empty.db': '',
    [`commitlog/CommitLog-${i}.log`]: Buffer.alloc(4096, i + 1).toString('latin1'),
  }));
}

function filesUnder(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string, rel: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name), `${rel}${e.name}/`);
      else out[`${rel}${e.name}`] = readFileSync(join(d, e.name), 'latin1');
    }
  };
  walk(dir, '');
  return out;
}

describe('running a runbook with stand-in dcos and kubectl', () => {
  const SEL = 'app.kubernetes.io/name=cassandra,app.kubernetes.io/instance=cassandra';

  test('the whole run: writes stopped, claims made, each volume of each instance copied and verified, then scaled up', async () => {
    const s = makeStandins(tmp);
    cassandraTasks(s);
    const r = await runScript(write(planOf('cassandra.json')), s, ['--yes']);
    expect(r.stderr).not.toMatch(/error/);
    expect(r.exitCode).toBe(0);

    const k = (...a: string[]) => ['kubectl -n data', ...a].join(' ');
    const expected = [
      k('get statefulset/cassandra -o name'),
      'dcos marathon app show /data/cassandra',
      'dcos marathon app update /data/cassandra',
      'dcos marathon deployment list --json',
      k('scale statefulset/cassandra --replicas=0'),
      k(`get pods -l ${SEL} -o name`),
      ...['data', 'commitlog'].flatMap((v) => [0, 1, 2].flatMap((i) => [k(`get pvc ${v}-cassandra-${i} -o name`), k('create -f -')])),
      'dcos marathon task list --quiet /data/cassandra',
      ...[0, 1, 2].flatMap((i) => [
        k(`delete pod cassandra-copy-${i} --ignore-not-found --wait=true`), k('create -f -'), k(`wait --for=condition=Ready pod/cassandra-copy-${i} --timeout=600s`),
        ...['data', 'commitlog'].flatMap((v) => [
          k(`exec cassandra-copy-${i} -- sh -c <list> sh /data/${v}`),
          `dcos task exec ${CASSANDRA_TASKS[i]} sh -c <tar-out> sh ${v}`,
          k(`exec -i cassandra-copy-${i} -- sh -c <tar-in> sh /data/${v}`),
        ]),
      ]),
      ...[0, 1, 2].flatMap((i) => ['data', 'commitlog'].flatMap((v) => [
        `dcos task exec ${CASSANDRA_TASKS[i]} sh -c <summary> sh ${v}`,
        k(`exec cassandra-copy-${i} -- sh -c <summary> sh /data/${v}`),
      ])),
      k('delete pod -l marathon2k8s.io/runbook=cassandra --ignore-not-found'),
      k('scale statefulset/cassandra --replicas=3'),
      k('rollout status statefulset/cassandra --timeout=600s'),
    ];
    expect(simplified(s)).toEqual(expected);

    // The sleeping version of the app, and the saved version for rollback.
    expect(JSON.parse(readFileSync(join(s.root, 'marathon-update.json'), 'utf8'))).toEqual({ cmd: 'sleep 2147483647', healthChecks: [], readinessChecks: [] });
    expect(readFileSync(join(tmp, 'work', 'original-version'), 'utf8')).toBe('2024-05-01T10:00:00.000Z\n');
    // Task i (sorted by id) → ordinal i, every byte.
    CASSANDRA_TASKS.forEach((t, i) => {
      for (const v of ['data', 'commitlog']) {
        expect(filesUnder(join(s.root, 'claims', `${v}-cassandra-${i}`))).toEqual(filesUnder(join(s.root, 'tasks', t, v)));
      }
    });
    expect(r.stdout).toContain('==> ordinal 2, volume commitlog: same on both sides (files=1 bytes=4096 sha256=');
    expect(readdirSync(join(s.root, 'pods'))).toEqual([]);
  }, 120000);

  test('a copy that fails stops the run, the helper pods are removed (trap), the StatefulSet stays at 0', async () => {
    const s = makeStandins(tmp);
    cassandraTasks(s);
    const r = await runScript(write(planOf('cassandra.json')), s, ['--yes'], { DCOS_FAIL_EXEC: CASSANDRA_TASKS[1]! });
    expect(r.exitCode).not.toBe(0);
    expect(r.stderr).toContain(`task ${CASSANDRA_TASKS[1]} is not running`);
    const calls = simplified(s);
    const failedAt = calls.indexOf(`dcos task exec ${CASSANDRA_TASKS[1]} sh -c <tar-out> sh data`);
    expect(failedAt).toBeGreaterThan(0);
    expect(calls.slice(failedAt + 1).filter((c) => c.includes('delete pod')).sort()).toEqual([
      'kubectl -n data delete pod cassandra-copy-0 --ignore-not-found --wait=false',
      'kubectl -n data delete pod cassandra-copy-1 --ignore-not-found --wait=false',
    ]);
    expect(calls.some((c) => c.includes('--replicas=3'))).toBe(false);
    expect(calls.some((c) => c.includes('<summary>'))).toBe(false);
    expect(readdirSync(join(s.root, 'pods'))).toEqual([]);
  }, 120000);

  test('verify compares both sides: data changed in a task after the copy fails it, naming the volume', async () => {
    const s = makeStandins(tmp);
    cassandraTasks(s);
    const file = write(planOf('cassandra.json'));
    expect((await runScript(file, s, ['--step', 'prepare'])).exitCode).toBe(0);
    expect((await runScript(file, s, ['--step', 'copy'])).exitCode).toBe(0);
    writeFileSync(join(s.root, 'tasks', CASSANDRA_TASKS[0]!, 'data', 'system', 'peers.db'), 'written after the copy');
    const r = await runScript(file, s, ['--step', '5']);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/MISMATCH ordinal 0, volume data:\n {2}Marathon: files=3 bytes=\d+ sha256=\w+\n {2}claim data-cassandra-0: files=3 bytes=\d+ sha256=\w+/);
    expect(r.stderr).not.toContain('volume commitlog');
    expect(r.stderr).toContain('error: 1 volume(s) differ');
    // Copying again into claims that hold files needs OVERWRITE=1.
    const again = await runScript(file, s, ['--step', 'copy']);
    expect(again.exitCode).toBe(1);
    expect(again.stderr).toContain('error: claim data-cassandra-0 is not empty');
    expect((await runScript(file, s, ['--step', 'copy'], { OVERWRITE: '1' })).exitCode).toBe(0);
    expect((await runScript(file, s, ['--step', 'verify'])).exitCode).toBe(0);
  }, 120000);

  test('--dry-run runs neither dcos nor kubectl and prints the commands', async () => {
    const s = makeStandins(tmp);
    const r = await runScript(write(planOf('cassandra.json')), s, ['--dry-run']);
    expect(r.exitCode).toBe(0);
    expect(s.calls()).toEqual([]);
    expect(r.stderr).toContain("+ dcos task exec '<task-2>' sh -c 'cd \"${MESOS_SANDBOX:-.}\" && exec tar -cf - -C \"$1\" .' sh commitlog");
    expect(r.stderr).toContain('+ kubectl -n data scale statefulset/cassandra --replicas=3');
  }, 120000);

  test('without --yes and without a terminal it stops before changing the Marathon app', async () => {
    const s = makeStandins(tmp);
    const r = await runScript(write(planOf('cassandra.json')), s, ['--from', 'stop-writes']);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('confirm by running with --yes');
    expect(s.calls()).toEqual([]);
  }, 120000);

  test('a Docker app: dcos task download, TASKS order, the external volume copied once', async () => {
    const s = makeStandins(tmp);
    for (const t of ['shop_mariadb.x', 'shop_mariadb.y']) {
      makeTask(s, t, { 'mariadb-data/ibdata1': `innodb of ${t}`, 'mariadb-data/shop/orders.ibd': `orders of ${t}`, 'backups/2024-05-01.sql.gz': `dump from ${t}` });
    }
    const r = await runScript(write(planOf('mariadb-docker.json')), s, ['--yes', '--from', '3'], { TASKS: 'shop_mariadb.y shop_mariadb.x' });
    expect(r.stderr).not.toMatch(/error/);
    expect(r.exitCode).toBe(0);
    const work = join(tmp, 'work', 'download');
    expect(simplified(s).filter((c) => c.startsWith('dcos'))).toEqual([
      `dcos task download shop_mariadb.y mariadb-data --target-dir=${work}/0/mariadb-data`,
      `dcos task download shop_mariadb.y backups --target-dir=${work}/0/shop-backups`,
      `dcos task download shop_mariadb.x mariadb-data --target-dir=${work}/1/mariadb-data`,
    ]);
    expect(filesUnder(join(s.root, 'claims', 'mariadb-data-mariadb-0'))).toEqual({ ibdata1: 'innodb of shop_mariadb.y', 'shop/orders.ibd': 'orders of shop_mariadb.y' });
    expect(filesUnder(join(s.root, 'claims', 'mariadb-data-mariadb-1'))).toEqual({ ibdata1: 'innodb of shop_mariadb.x', 'shop/orders.ibd': 'orders of shop_mariadb.x' });
    expect(filesUnder(join(s.root, 'claims', 'shop-backups'))).toEqual({ '2024-05-01.sql.gz': 'dump from shop_mariadb.y' });
    // The helper of ordinal 0 mounts both claims, that of ordinal 1 its own only.
    expect(simplified(s)).toContain('kubectl -n shop exec -i mariadb-copy-1 -- sh -c <tar-in> sh /data/mariadb-data');
    expect(simplified(s)).not.toContain('kubectl -n shop exec -i mariadb-copy-1 -- sh -c <tar-in> sh /data/shop-backups');
  }, 120000);

  test('a pod: instances listed from the pod, each read in its container task; the writes are stopped by hand', async () => {
    const s = makeStandins(tmp);
    for (const id of ['a1', 'b2', 'c3']) makeTask(s, `data_kv-pod.instance-${id}.server`, { 'kvdata/wal/000001.log': `wal ${id}`, 'kvdata/CURRENT': id });
    const r = await runScript(write(planOf('kv-pod.json')), s, ['--yes']);
    expect(r.stderr).not.toMatch(/error/);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain('make /data/kv-pod stop writing while keeping its instances running');
    const calls = simplified(s);
    expect(calls.some((c) => c.startsWith('dcos marathon pod update') || c.startsWith('dcos marathon app update'))).toBe(false);
    expect(calls.filter((c) => c.includes('<tar-out>'))).toEqual(['a1', 'b2', 'c3'].map((id) => `dcos task exec data_kv-pod.instance-${id}.server sh -c <tar-out> sh kvdata`));
    ['a1', 'b2', 'c3'].forEach((id, i) => expect(filesUnder(join(s.root, 'claims', `kvdata-kv-pod-${i}`))).toEqual({ 'wal/000001.log': `wal ${id}`, CURRENT: id }));
  }, 120000);
});

describe('the command line', () => {
  const BIN = join(ROOT, 'dist', 'src', 'cli', 'main.js');
  const inputs = ['cassandra.json', 'mariadb-docker.json', 'kv-pod.json'].map((f) => join('fixtures', 'runbook', f));

  test('convert --out writes each runbook executable, in the manifest; the finding and the report point at it', async () => {
    const out = join(tmp, 'out');
    const report = join(tmp, 'report.json');
    const r = await execa('node', [BIN, 'convert', ...inputs, '--out', out, '--report', report], { cwd: ROOT, reject: false });
    expect(r.exitCode).toBe(0);
    for (const path of ['runbooks/data/cassandra.sh', 'runbooks/shop/mariadb.sh', 'runbooks/data/kv-pod.sh']) {
      expect(statSync(join(out, path)).mode & 0o777).toBe(0o755);
      expect(readFileSync(join(out, '.marathon2k8s-manifest'), 'utf8')).toContain(`  ${path}\n`);
    }
    expect(r.stderr).toContain(`info[data-runbook] /data/cassandra /container/volumes (fixtures/runbook/cassandra.json): the runbook ${out}/runbooks/data/cassandra.sh copies the data of volumes data, commitlog from the Marathon tasks into 6 claims and verifies it`);
    const json = JSON.parse(readFileSync(report, 'utf8'));
    expect(json.dataRunbooks.map((b: { app: string; path: string }) => [b.app, b.path])).toEqual([
      ['/data/cassandra', 'runbooks/data/cassandra.sh'], ['/data/kv-pod', 'runbooks/data/kv-pod.sh'], ['/shop/mariadb', 'runbooks/shop/mariadb.sh'],
    ]);
    expect(json.dataRunbooks[0].volumes[1]).toEqual({
      name: 'commitlog', kind: 'persistent', marathon: 'commitlog', size: '2048Mi', taskPath: 'commitlog', claims: ['commitlog-cassandra-0', 'commitlog-cassandra-1', 'commitlog-cassandra-2'],
    });
    // A second run without the app: its runbook is stale like its manifests, and --clean removes it.
    const again = await execa('node', [BIN, 'convert', inputs[0]!, '--out', out, '--clean', '-q'], { cwd: ROOT, reject: false });
    expect(again.exitCode).toBe(0);
    expect(existsSync(join(out, 'runbooks/shop/mariadb.sh'))).toBe(false);
    expect(existsSync(join(out, 'runbooks/data/cassandra.sh'))).toBe(true);
  }, 120000);

  test('chart --out writes the runbooks beside the charts; the report lists them in every format', async () => {
    const out = join(tmp, 'charts');
    const r = await execa('node', [BIN, 'chart', inputs[0]!, '--out', out], { cwd: ROOT, reject: false });
    expect(r.exitCode).toBe(0);
    expect(statSync(join(out, 'runbooks', 'data', 'cassandra.sh')).mode & 0o777).toBe(0o755);
    expect(r.stderr).toContain('info[data-runbook]');
    for (const [format, line] of [
      ['text', '  /data/cassandra → StatefulSet data/cassandra: runbook runbooks/data/cassandra.sh (dcos task exec)'],
      ['markdown', '- [ ] /data/cassandra → StatefulSet data/cassandra: runbook runbooks/data/cassandra.sh (dcos task exec)'],
      ['html', '<li>/data/cassandra → StatefulSet data/cassandra: runbook runbooks/data/cassandra.sh (dcos task exec)<ul><li>data: persistent volume &quot;data&quot; → claims data-cassandra-0, data-cassandra-1, data-cassandra-2 (10240Mi each)</li>'],
    ]) {
      const rep = await execa('node', [BIN, 'report', inputs[0]!, '--format', format!], { cwd: ROOT, reject: false });
      expect(rep.stdout).toContain(line);
    }
  }, 120000);
});
