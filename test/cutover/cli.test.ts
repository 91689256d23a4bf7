/**
 * The cutover and rollback command lines (built CLI) against the control-plane test cluster and
 * the stateful fake Marathon: usage errors, --dry-run (reads only), the live definitions with
 * --select, and Marathon's refusals as a person sees them.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describeIfCluster } from '../support/cluster.js';
import { FakeMarathon, type MarathonState } from '../support/fake-marathon.js';
import { cli, clients, deleteNamespace, testNamespace } from '../runtime/support.js';
import { NIGHTLY, SHOP, shopMarathon } from './support.js';

const NS = testNamespace('cutover-cli');
const TOKEN = 'eyJhbGciOiJSUzI1NiJ9.Y3V0b3Zlci10b2tlbg.sig-CUT-123';

await describeIfCluster('cutover / rollback command line', (kubeconfig) => {
  let fake: FakeMarathon;
  let marathon: MarathonState;
  let dir: string;
  beforeEach(async () => {
    marathon = shopMarathon();
    fake = await FakeMarathon.stateful(marathon);
    dir = mkdtempSync(path.join(tmpdir(), 'm2k-cutover-cli-'));
  });
  afterEach(async () => {
    await fake.close();
    rmSync(dir, { recursive: true, force: true });
  });
  afterAll(() => deleteNamespace(clients(kubeconfig), NS));

  const args = (...more: string[]) => ['--kubeconfig', kubeconfig, '--namespace', NS, '--state', path.join(dir, 'state.json'), ...more];

  test('usage errors: no --marathon-url; neither INPUT nor --select; jobs without --metronome-url', async () => {
    const noUrl = await cli(['cutover', SHOP, ...args()]);
    expect([noUrl.exitCode, noUrl.stderr]).toEqual([2, 'error: cutover needs --marathon-url: the Marathon whose apps are scaled down']);
    const noInput = await cli(['rollback', '--marathon-url', fake.url, ...args()]);
    expect(noInput.exitCode).toBe(2);
    expect(noInput.stderr).toBe('error: give INPUT… (the definitions of the apps to roll back), or --select ID-PREFIX to take them from the live Marathon');
    const jobs = await cli(['cutover', NIGHTLY, '--suspend-jobs', '--marathon-url', fake.url, ...args()]);
    expect(jobs.exitCode).toBe(2);
    expect(jobs.stderr).toContain('error: the jobs (shop.nightly-report) are scheduled by Metronome: give --metronome-url');
    expect(marathon.writes).toHaveLength(0);
  });

  test('--dry-run prints the order, the objects and the counts it would record, and changes nothing', async () => {
    const r = await cli(['cutover', SHOP, NIGHTLY, '--dry-run', '--marathon-url', fake.url, ...args()]);
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    expect(r.stdout.replace(/https:\/\/127\.0\.0\.1:\d+/, 'https://K8S').replace(/http:\/\/127\.0\.0\.1:\d+/, 'http://MARATHON').replace(/v1\.\d+\.\d+/, 'v1.X').replace(path.join(dir, 'state.json'), 'STATE')).toBe(
      `cutover plan, Marathon http://MARATHON → Kubernetes https://K8S (context marathon2k8s-test) (Kubernetes v1.X) (dry run: nothing is changed; the counts would be recorded in STATE)
first: apply Namespace ${NS}
1. /shop/db (app)
   record 1 instance
   apply Service ${NS}/shop-db, Deployment ${NS}/shop-db (1 replica)
   wait until Ready
   scale Marathon 1 → 0
2. /shop/web (app, after /shop/db)
   record 3 instances
   apply Service ${NS}/shop-web, Deployment ${NS}/shop-web (3 replicas)
   wait until Ready
   scale Marathon 3 → 0
3. /shop/back/worker (pod, after /shop/db)
   record 1 instance
   apply Deployment ${NS}/shop-back-worker (1 replica)
   wait until Ready
   scale Marathon 1 → 0
left on Marathon: shop.nightly-report (job): not cut over: use --suspend-jobs`);
    expect(marathon.writes).toHaveLength(0);
    expect(existsSync(path.join(dir, 'state.json'))).toBe(false);
    const ns = await clients(kubeconfig).core.readNamespace({ name: NS }).catch(() => undefined);
    expect(ns).toBeUndefined();
  });

  test('without INPUT, --select takes the definitions from the live Marathon', async () => {
    const r = await cli(['cutover', '--select', '/shop/web', '--dry-run', '--marathon-url', fake.url, ...args()]);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain('1. /shop/web (app)\n   record 3 instances\n');
    expect(r.stdout).not.toContain('/shop/db (app)');
    expect(fake.requests[0]!.path).toBe('/v2/groups');
  });

  test('Marathon refuses the token: said with the hint, nothing changed, never the token', async () => {
    marathon.token = 'the-right-token';
    const r = await cli(['cutover', SHOP, '--marathon-url', fake.url, ...args()], undefined);
    const withToken = await cli(['cutover', SHOP, '--marathon-url', fake.url, '--dcos-token', TOKEN, ...args()]);
    for (const result of [r, withToken]) {
      expect(result.exitCode).toBe(1);
      expect(result.stderr).toMatch(/error: Marathon at http:\/\/127\.0\.0\.1:\d+ answered GET \/v2\/apps\/shop\/db with 401 Unauthorized: Authentication is required for this request\nhint: .*dcos config show core\.dcos_acs_token.*\nnothing was changed$/);
      expect(result.stdout + result.stderr).not.toContain(TOKEN);
    }
    expect(withToken.stderr).toContain('the DC/OS token was refused');
    expect(marathon.writes).toHaveLength(0);
  });

  test('an app Marathon no longer has: named, nothing changed', async () => {
    marathon.apps.delete('/shop/db');
    const r = await cli(['rollback', SHOP, '--marathon-url', fake.url, ...args()]);
    // Rollback reads Marathon only for apps with a recorded count: none here.
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/^3 left on Marathon$/m);
    const cut = await cli(['cutover', SHOP, '--marathon-url', fake.url, ...args()]);
    expect(cut.exitCode).toBe(1);
    expect(cut.stderr).toMatch(/error: Marathon at http:\/\/127\.0\.0\.1:\d+ has no app \/shop\/db \(GET \/v2\/apps\/shop\/db answered 404\)\nhint: was it removed or renamed\?.*\nnothing was changed$/);
  });
});
