/**
 * The real Kubernetes clusters of the integration tests (scripts/cluster/up.sh, built from
 * Debian's source on first use and cached):
 *   - the control plane only (etcd + kube-apiserver 1.20 + kube-controller-manager on 127.0.0.1):
 *     diff/apply tests, fast; pods stay Pending;
 *   - the real single node (`up.sh --node`: the same plus containerd, kubelet, kube-scheduler and
 *     kube-proxy, with the test images): the runtime suite, where pods run.
 *
 * Each starts on first use (or is reused when running) and its kubeconfig path is returned. When
 * it cannot be had: with CI set, it throws, so the tests fail (CI must run them); otherwise it
 * prints a loud message and returns undefined, and describeIfCluster/describeIfNode skip. The
 * clusters are left running for the next test file and run (`npm run cluster:down`).
 */
import { execa } from 'execa';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const UP = path.join(REPO, 'scripts/cluster/up.sh');
/** A cold provisioning builds the Kubernetes binaries from source (≈ 12 minutes on 2 cores). */
const START_TIMEOUT_MS = 45 * 60_000;

interface ClusterKind {
  /** up.sh arguments. */
  args: string[];
  /** The environment variable that skips it on purpose (outside CI). */
  skipVariable: string;
  /** What is skipped, for the notice. */
  skipped: string;
  /** How to see why it could not start. */
  howToCheck: string;
  needsRoot: boolean;
}

const CONTROL_PLANE: ClusterKind = {
  args: [],
  skipVariable: 'MARATHON2K8S_SKIP_CLUSTER',
  skipped: 'INTEGRATION TESTS AGAINST A REAL KUBE-APISERVER ARE SKIPPED',
  howToCheck: 'run `bash scripts/cluster/provision.sh` (root, Debian bookworm) to provision it;',
  needsRoot: false,
};

const NODE: ClusterKind = {
  args: ['--node'],
  skipVariable: 'MARATHON2K8S_SKIP_NODE',
  skipped: 'THE RUNTIME SUITE (converted apps running on a real Kubernetes node) IS SKIPPED',
  howToCheck: 'run `npm run cluster:up -- --node` (root, Debian bookworm) to see why;',
  needsRoot: true,
};

const pending = new Map<ClusterKind, Promise<string | undefined>>();

function startOnce(kind: ClusterKind): Promise<string | undefined> {
  let started = pending.get(kind);
  if (!started) {
    started = start(kind);
    pending.set(kind, started);
  }
  return started;
}

export const getTestCluster = (): Promise<string | undefined> => startOnce(CONTROL_PLANE);
export const getTestNode = (): Promise<string | undefined> => startOnce(NODE);

async function start(kind: ClusterKind): Promise<string | undefined> {
  const inCI = Boolean(process.env.CI);
  if (process.env[kind.skipVariable] && !inCI) {
    shout(kind, `${kind.skipVariable} is set`);
    return undefined;
  }
  if (kind.needsRoot && process.getuid?.() !== 0 && !inCI) {
    shout(kind, 'it needs root (containerd, iptables, cgroups)');
    return undefined;
  }
  try {
    // Progress (apt, the build) goes to our stderr so a long first provisioning is visible.
    const { stdout } = await execa('bash', [UP, ...kind.args], {
      cwd: REPO,
      stdin: 'ignore',
      stderr: 'inherit',
      timeout: START_TIMEOUT_MS,
    });
    const kubeconfig = stdout.trim().split('\n').pop();
    if (!kubeconfig) throw new Error(`up.sh ${kind.args.join(' ')} printed no kubeconfig path`);
    return kubeconfig;
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    if (inCI) throw new Error(`CI is set but the test cluster (up.sh ${kind.args.join(' ')}) could not be started: ${reason}`);
    shout(kind, reason);
    return undefined;
  }
}

function shout(kind: ClusterKind, reason: string): void {
  const bar = '!'.repeat(78);
  console.warn(
    [bar, `!! ${kind.skipped}`, `!! reason: ${reason}`, `!! ${kind.howToCheck}`, '!! with CI set these tests fail instead of being skipped.', bar].join('\n'),
  );
}

async function describeIf(get: () => Promise<string | undefined>, name: string, fn: (kubeconfig: string) => void): Promise<void> {
  const kubeconfig = await get();
  if (kubeconfig) describe(name, () => fn(kubeconfig));
  else describe.skip(name, () => fn(''));
}

/**
 * `describe` when the cluster is available, `describe.skip` otherwise (the tests then show as
 * skipped). Use with top-level await: `await describeIfCluster('apply', (kubeconfig) => {...})`.
 */
export const describeIfCluster = (name: string, fn: (kubeconfig: string) => void): Promise<void> => describeIf(getTestCluster, name, fn);

/** The same for the real node (the runtime suite). */
export const describeIfNode = (name: string, fn: (kubeconfig: string) => void): Promise<void> => describeIf(getTestNode, name, fn);
