/**
 * kubectl and helm habits that need no cluster, through the built binary: -n, -f, -o name,
 * --dry-run spelled as kubectl does, selector and prune usage errors (before any connection),
 * chart rendered to stdout like `helm template`, --chart-version / --app-version, durations in help.
 */
import { execa } from 'execa';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { helmBin, parseRendered } from '../support/helm.js';
import { normalizeDryRun } from '../../src/cli/apply.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'dist', 'src', 'cli', 'main.js');

let tmp: string;
beforeEach(() => {
  tmp = mkdtempSync(join(tmpdir(), 'm2k-kubectl-'));
  writeFileSync(join(tmp, 'shop.json'), JSON.stringify([
    { id: '/shop/web', instances: 2, container: { type: 'DOCKER', docker: { image: 'nginx:1.25.3' } }, portDefinitions: [{ port: 80, name: 'http' }] },
    { id: '/shop/api', container: { type: 'DOCKER', docker: { image: 'nginx:1.25.3' } } },
  ]));
  // A kubeconfig naming a closed port: any usage error must come before a connection is tried.
  writeFileSync(join(tmp, 'kubeconfig'), [
    'apiVersion: v1', 'kind: Config', 'current-context: c',
    'clusters: [{name: c, cluster: {server: "https://127.0.0.1:9"}}]',
    'contexts: [{name: c, context: {cluster: c, user: u}}]', 'users: [{name: u, user: {token: t}}]', '',
  ].join('\n'));
});
afterEach(() => rmSync(tmp, { recursive: true, force: true }));

function run(args: string[], env: Record<string, string> = {}) {
  return execa('node', [BIN, ...args], { reject: false, cwd: tmp, env });
}

test('-n is --namespace; -f names the input; -o name lists the objects', async () => {
  const r = await run(['convert', '-f', 'shop.json', '-n', 'prod', '-o', 'name', '-q']);
  expect(r.exitCode).toBe(0);
  expect(r.stdout).toBe('namespace/prod\ndeployment.apps/shop-web\nservice/shop-web\ndeployment.apps/shop-api');
});

test('a bare --dry-run is client, wherever it stands; a mode after it is kept', () => {
  expect(normalizeDryRun(['apply', '--dry-run', 'a.json'])).toEqual(['apply', '--dry-run=client', 'a.json']);
  expect(normalizeDryRun(['apply', 'a.json', '--dry-run'])).toEqual(['apply', 'a.json', '--dry-run=client']);
  expect(normalizeDryRun(['apply', '--dry-run', 'server', 'a.json'])).toEqual(['apply', '--dry-run', 'server', 'a.json']);
  expect(normalizeDryRun(['apply', '--', '--dry-run'])).toEqual(['apply', '--', '--dry-run']);
});

test('selector and prune mistakes are usage errors (exit 2) before any connection', async () => {
  const kc = ['--kubeconfig', 'kubeconfig'];
  const noScope = await run(['apply', 'shop.json', '--prune', ...kc]);
  expect(noScope.exitCode).toBe(2);
  expect(noScope.stderr).toContain('say which may go: -l SELECTOR, --select ID-PREFIX, or --all');
  const badSelector = await run(['diff', 'shop.json', '-l', 'a in (b', ...kc]);
  expect(badSelector.exitCode).toBe(2);
  expect(badSelector.stderr).toContain('-l a in (b: unbalanced "(" in "a in (b"');
  expect((await run(['apply', 'shop.json', '--all', ...kc])).stderr).toContain('--all only scopes --prune');
  const badMode = await run(['apply', 'shop.json', '--dry-run=maybe', ...kc]);
  expect(badMode.exitCode).toBe(2);
  expect(badMode.stderr).toContain('Allowed choices are client, server, none');
  // A closed port after the usage checks: the cluster error, exit 2 for apply.
  const unreachable = await run(['apply', 'shop.json', '--dry-run', ...kc]);
  expect(unreachable.exitCode).toBe(2);
  expect(unreachable.stderr).toMatch(/^error: /m);
});

test('apply --help shows the --timeout default as a duration', async () => {
  const r = await run(['apply', '--help']);
  expect(r.stdout).toMatch(/--timeout <duration>\s+how long --wait waits, e\.g\. 90s, 5m, 1h \(default: 5m\)/);
  expect(r.stdout).toContain('--dry-run [mode]');
});

test('chart --out - renders like helm template; --chart-version and --app-version set Chart.yaml', async () => {
  const helm = await helmBin();
  const r = await run(['chart', 'shop.json', '--out', '-', '--chart-version', '2.3.4', '--app-version', '2024.11'], { HELM_BIN: helm });
  expect(r.exitCode).toBe(0);
  expect(r.stdout).toContain('# Source: shop/templates/web-deployment.yaml');
  const docs = parseRendered(r.stdout);
  expect(docs.map((d) => `${d.kind}/${d.metadata.name}`).sort()).toEqual(['Deployment/api', 'Deployment/web', 'Service/web']);
  expect(docs.every((d) => d.metadata.labels?.['helm.sh/chart'] === 'shop-2.3.4')).toBe(true);
  expect(r.stderr).toMatch(/rendered 1 chart: shop \(2 apps\); 0 failed$/m);

  expect((await run(['chart', 'shop.json', '--out', 'charts', '--chart-version', '2.3.4', '--app-version', '2024.11', '-q'])).exitCode).toBe(0);
  const chartYaml = readFileSync(join(tmp, 'charts', 'shop', 'Chart.yaml'), 'utf8');
  expect(chartYaml).toMatch(/^version: 2\.3\.4$/m);
  expect(chartYaml).toMatch(/^appVersion: "2024\.11"$/m);
  const defaults = readFileSync(join(tmp, 'charts', 'shop', 'Chart.yaml'), 'utf8');
  expect(defaults).toContain('version: 2.3.4');

  const bad = await run(['chart', 'shop.json', '--out', 'charts', '--chart-version', '2.3']);
  expect(bad.exitCode).toBe(2);
  expect(bad.stderr).toContain('is not a SemVer 2 version');
  expect((await run(['chart', 'shop.json'])).stderr).toContain("error: required option '--out <dir>' not specified");
  const noHelm = await run(['chart', 'shop.json', '--out', '-'], { HELM_BIN: join(tmp, 'no-helm') });
  expect(noHelm.exitCode).toBe(1);
  expect(noHelm.stderr).toContain('error: --out - renders the charts with helm template: helm not found');
}, 60_000);
