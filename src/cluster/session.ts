/**
 * Connecting to a cluster, as diff and apply both do: load the kubeconfig, ask the server for its
 * version (which also proves it is reachable and the credentials work), make the client.
 */
import type { KubeConfig } from '@kubernetes/client-node';
import { createClusterClient, type ClusterClient } from './client.js';
import { discoverCluster, type ClusterInfo } from './discovery.js';
import { loadKubeconfig, type KubeconfigOptions } from './kubeconfig.js';

export interface ClusterSession {
  kc: KubeConfig;
  client: ClusterClient;
  info: ClusterInfo;
  /** `https://host:port (context x)`, for messages; no credentials. */
  describe: string;
}

export async function connectCluster(options: KubeconfigOptions = {}): Promise<ClusterSession> {
  const loaded = loadKubeconfig(options);
  const info = await discoverCluster(loaded.kc);
  return {
    kc: loaded.kc,
    client: createClusterClient(loaded.kc),
    info,
    describe: `${loaded.server}${loaded.context ? ` (context ${loaded.context})` : ''}`,
  };
}

export { ClusterError } from './errors.js';
export { addDeletions, diffObjects, diffSummary, diffExitCode, formatDiff } from './diff.js';
export { planPrune, pruneObjects, type PrunePlan } from './prune.js';
export { applyObjects, applySummary } from './apply.js';
export { waitForRollouts, ROLLOUT_KINDS } from './wait.js';
