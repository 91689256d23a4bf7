/**
 * The real single-node Kubernetes 1.20 of the runtime suite (scripts/cluster/up.sh --node:
 * control plane + containerd + kubelet + kube-scheduler + kube-proxy, the test images imported).
 *
 * getTestNode() starts it on first use (or reuses the running one) and returns its kubeconfig.
 * When it cannot be had: with CI set it throws (the runtime suite must run in CI); otherwise it
 * prints a loud notice and describeIfNode skips. The node is left running for the next test
 * file and the next run (`npm run cluster:down` stops it and restores the host).
 */
import { execa } from 'execa';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const UP = path.join(REPO, 'scripts/cluster/up.sh');
/** A cold provisioning builds the five binaries from source (15-30 minutes on 2 cores). */
const START_TIMEOUT_MS = 45 * 60_000;

let pending: Promise<string | undefined> | undefined;

export function getTestNode(): Promise<string | undefined> {
  pending ??= start();
  return pending;
}

async function start(): Promise<string | undefined> {
  const inCI = Boolean(process.env.CI);
  if (process.env.MARATHON2K8S_SKIP_NODE && !inCI) {
    shout('MARATHON2K8S_SKIP_NODE is set');
    return undefined;
  }
  if (process.getuid?.() !== 0 && !inCI) {
    shout('the node needs root (containerd, iptables, cgroups)');
    return undefined;
  }
  try {
    const { stdout } = await execa('bash', [UP, '--node'], {
      cwd: REPO,
      stdin: 'ignore',
      stderr: 'inherit',
      timeout: START_TIMEOUT_MS,
    });
    const kubeconfig = stdout.trim().split('\n').pop();
    if (!kubeconfig) throw new Error('up.sh --node printed no kubeconfig path');
    return kubeconfig;
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    if (inCI) throw new Error(`CI is set but the real test node could not be started: ${reason}`);
    shout(reason);
    return undefined;
  }
}

function shout(reason: string): void {
  const bar = '!'.repeat(78);
  console.warn(
    [
      bar,
      '!! THE RUNTIME SUITE (converted apps running on a real Kubernetes node) IS SKIPPED',
      `!! reason: ${reason}`,
      '!! run `npm run cluster:up -- --node` (root, Debian bookworm) to see why;',
      '!! with CI set these tests fail instead of being skipped.',
      bar,
    ].join('\n'),
  );
}

/** `describe` when the node is available, `describe.skip` otherwise (use with top-level await). */
export async function describeIfNode(name: string, fn: (kubeconfig: string) => void): Promise<void> {
  const kubeconfig = await getTestNode();
  if (kubeconfig) describe(name, () => fn(kubeconfig));
  else describe.skip(name, () => fn(''));
}
