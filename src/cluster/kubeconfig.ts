/**
 * Kubeconfig loading: --kubeconfig, else KUBECONFIG (colon-separated, merged), else
 * ~/.kube/config, else the in-cluster service account; then --context.
 *
 * Credentials are never put in a message: errors name only files, contexts and server URLs.
 */
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { ClusterError } from './errors.js';

export interface KubeconfigOptions {
  /** --kubeconfig: one file; wins over KUBECONFIG. */
  kubeconfig?: string;
  /** --context: a context of the loaded configuration instead of its current-context. */
  context?: string;
}

export interface LoadedKubeconfig {
  kc: KubeConfig;
  /** The context in use (empty for in-cluster configuration). */
  context: string;
  /** The API server URL, for messages. */
  server: string;
  /** Where the configuration came from, for messages. */
  source: string;
}

export function loadKubeconfig(options: KubeconfigOptions = {}, env: NodeJS.ProcessEnv = process.env): LoadedKubeconfig {
  const kc = new KubeConfig();
  let source: string;
  try {
    if (options.kubeconfig !== undefined) {
      if (!existsSync(options.kubeconfig)) throw new ClusterError(`kubeconfig ${options.kubeconfig} does not exist`);
      kc.loadFromFile(options.kubeconfig);
      source = options.kubeconfig;
    } else if (env.KUBECONFIG) {
      const files = env.KUBECONFIG.split(path.delimiter).filter(Boolean);
      const missing = files.filter((f) => !existsSync(f));
      if (missing.length === files.length) {
        throw new ClusterError(`KUBECONFIG names no existing file (${env.KUBECONFIG})`);
      }
      // The library merges the list but fails on a missing file; kubectl skips those.
      kc.loadFromFile(files.find((f) => existsSync(f))!);
      for (const f of files.filter((f) => existsSync(f)).slice(1)) {
        const more = new KubeConfig();
        more.loadFromFile(f);
        kc.mergeConfig(more);
      }
      source = `KUBECONFIG (${env.KUBECONFIG})`;
    } else if (existsSync(path.join(os.homedir(), '.kube', 'config'))) {
      source = path.join(os.homedir(), '.kube', 'config');
      kc.loadFromFile(source);
    } else if (env.KUBERNETES_SERVICE_HOST) {
      kc.loadFromCluster();
      source = 'in-cluster service account';
    } else {
      throw new ClusterError('no kubeconfig: pass --kubeconfig, set KUBECONFIG, or create ~/.kube/config');
    }
  } catch (e) {
    if (e instanceof ClusterError) throw e;
    // Parse errors of the library quote the file name, not its content.
    throw new ClusterError(`cannot read the kubeconfig: ${(e as Error).message}`);
  }

  if (options.context !== undefined) {
    if (!kc.getContextObject(options.context)) {
      const known = kc.getContexts().map((c) => c.name);
      throw new ClusterError(
        `context "${options.context}" is not in ${source}` + (known.length ? ` (contexts: ${known.join(', ')})` : ''),
      );
    }
    kc.setCurrentContext(options.context);
  }
  const cluster = kc.getCurrentCluster();
  if (!cluster) {
    const ctx = kc.getCurrentContext();
    throw new ClusterError(ctx ? `context "${ctx}" in ${source} names no cluster` : `${source} has no current-context; pass --context`);
  }
  return { kc, context: kc.getCurrentContext(), server: cluster.server, source };
}
