/**
 * Connecting to a cluster, as diff and apply both do: load the kubeconfig, ask the server for its
 * version (which also proves it is reachable and the credentials work), make the client.
 */
import type { KubeConfig } from '@kubernetes/client-node';
import { createClusterClient, type ClusterClient } from './client.js';
import { applyCapabilities, discoverCluster, type ApplyCapabilities, type ApplyMethodChoice, type ClusterInfo } from './discovery.js';
import { loadKubeconfig, type KubeconfigOptions } from './kubeconfig.js';

export interface ClusterSession {
  kc: KubeConfig;
  client: ClusterClient;
  info: ClusterInfo;
  /** How the client writes (server-side or client-side apply) and whether the server dry-runs. */
  apply: ApplyCapabilities;
  /** `https://host:port (context x)`, for messages; no credentials. */
  describe: string;
}

export interface ConnectOptions extends KubeconfigOptions {
  /** --apply-method (default auto: by the server's version). */
  applyMethod?: ApplyMethodChoice;
  /** One-line remarks while working (the fallback to client-side apply). */
  onNote?: (message: string) => void;
}

export async function connectCluster(options: ConnectOptions = {}): Promise<ClusterSession> {
  const loaded = loadKubeconfig(options);
  const info = await discoverCluster(loaded.kc);
  const apply = applyCapabilities(info.kubeVersion, options.applyMethod);
  return {
    kc: loaded.kc,
    client: createClusterClient(loaded.kc, { method: apply.method, serverDryRun: apply.serverDryRun, ...(options.onNote ? { onNote: options.onNote } : {}) }),
    info,
    apply,
    describe: `${loaded.server}${loaded.context ? ` (context ${loaded.context})` : ''}`,
  };
}

export { ClusterError } from './errors.js';
export { addDeletions, diffObjects, diffSummary, diffExitCode, formatDiff } from './diff.js';
export { planPrune, pruneObjects, type PrunePlan } from './prune.js';
export { applyObjects, applySummary } from './apply.js';
export { waitForRollouts, ROLLOUT_KINDS } from './wait.js';
