/**
 * A real kube-apiserver for the integration tests (scripts/cluster/up.sh: etcd + kube-apiserver
 * 1.20 + kube-controller-manager on 127.0.0.1, built from Debian's source on first use).
 *
 * getTestCluster() starts the cluster on first use (provisioning it if needed, which builds the
 * binaries once, ~4-10 minutes) or reuses the one already running, and returns its kubeconfig
 * path. When the cluster cannot be had:
 *   - with CI set, it throws, so the integration tests fail (CI must run them);
 *   - otherwise it prints a loud message and returns undefined, and describeIfCluster skips.
 * The cluster is left running for the next test file and the next run (`npm run cluster:down`).
 */
import { execa } from 'execa';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const UP = path.join(REPO, 'scripts/cluster/up.sh');
/** Provisioning builds kube-apiserver from source on a fresh machine. */
const START_TIMEOUT_MS = 40 * 60_000;

let pending: Promise<string | undefined> | undefined;

export function getTestCluster(): Promise<string | undefined> {
  pending ??= start();
  return pending;
}

async function start(): Promise<string | undefined> {
  const inCI = Boolean(process.env.CI);
  if (process.env.MARATHON2K8S_SKIP_CLUSTER && !inCI) {
    shout('MARATHON2K8S_SKIP_CLUSTER is set');
    return undefined;
  }
  try {
    // Progress (apt, the build) goes to our stderr so a long first provisioning is visible.
    const { stdout } = await execa('bash', [UP], {
      cwd: REPO,
      stdin: 'ignore',
      stderr: 'inherit',
      timeout: START_TIMEOUT_MS,
    });
    const kubeconfig = stdout.trim().split('\n').pop();
    if (!kubeconfig) throw new Error('up.sh printed no kubeconfig path');
    return kubeconfig;
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    if (inCI) throw new Error(`CI is set but the test cluster could not be started: ${reason}`);
    shout(reason);
    return undefined;
  }
}

function shout(reason: string): void {
  const bar = '!'.repeat(78);
  console.warn(
    [
      bar,
      '!! INTEGRATION TESTS AGAINST A REAL KUBE-APISERVER ARE SKIPPED',
      `!! reason: ${reason}`,
      '!! run `bash scripts/cluster/provision.sh` (root, Debian bookworm) to provision it;',
      '!! with CI set these tests fail instead of being skipped.',
      bar,
    ].join('\n'),
  );
}

/**
 * `describe` when the cluster is available, `describe.skip` otherwise (the tests then show as
 * skipped). Use with top-level await: `await describeIfCluster('apply', (kubeconfig) => {...})`.
 */
export async function describeIfCluster(name: string, fn: (kubeconfig: string) => void): Promise<void> {
  const kubeconfig = await getTestCluster();
  if (kubeconfig) describe(name, () => fn(kubeconfig));
  else describe.skip(name, () => fn(''));
}
