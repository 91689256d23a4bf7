/**
 * Discovery: which Kubernetes version a cluster runs and which API versions it serves. The
 * version ("1.20") becomes the conversion's `kubeVersion`, so the objects use API versions the
 * cluster has (batch/v1beta1 CronJobs on 1.20, batch/v1 from 1.21, ...).
 */
import { ApisApi, VersionApi, type KubeConfig } from '@kubernetes/client-node';
import { minorOf, unsupportedTarget } from '../kube/versions.js';
import { ClusterError, describeTransportError } from './errors.js';

export interface ClusterInfo {
  /** "1.20": major.minor, what `kubeVersion` takes. */
  kubeVersion: string;
  /** The server's own version string, e.g. "v1.20.2". */
  gitVersion: string;
  /** Served group versions ("v1", "apps/v1", "batch/v1beta1", ...). */
  groupVersions: string[];
  /** Preferred version per API group ("" for the core group): { batch: "batch/v1", ... }. */
  preferred: Record<string, string>;
}

/**
 * major.minor from /version. Managed clusters report minor as "20+" or "20-gke.1"; gitVersion
 * ("v1.20.2-eks-...") is the fallback.
 */
export function kubeVersionOf(info: { major?: string; minor?: string; gitVersion?: string }): string | undefined {
  const major = /^\d+/.exec(info.major ?? '')?.[0];
  const minor = /^\d+/.exec(info.minor ?? '')?.[0];
  if (major && minor) return `${Number(major)}.${Number(minor)}`;
  const m = /^v?(\d+)\.(\d+)/.exec(info.gitVersion ?? '');
  return m ? `${Number(m[1])}.${Number(m[2])}` : undefined;
}

export async function discoverCluster(kc: KubeConfig): Promise<ClusterInfo> {
  const server = kc.getCurrentCluster()?.server ?? '?';
  let version;
  let groups;
  try {
    version = await kc.makeApiClient(VersionApi).getCode();
    groups = await kc.makeApiClient(ApisApi).getAPIVersions();
  } catch (e) {
    throw new ClusterError(`cannot reach the Kubernetes API at ${server}: ${describeTransportError(e)}`);
  }
  const kubeVersion = kubeVersionOf(version);
  if (!kubeVersion) throw new ClusterError(`the API server at ${server} reports no usable version (${version.gitVersion})`);
  const unsupported = unsupportedTarget(kubeVersion);
  if (unsupported) throw new ClusterError(`the API server at ${server} runs ${version.gitVersion}: ${unsupported}`);
  const groupVersions = ['v1'];
  const preferred: Record<string, string> = { '': 'v1' };
  for (const g of groups.groups ?? []) {
    for (const v of g.versions ?? []) groupVersions.push(v.groupVersion);
    if (g.preferredVersion) preferred[g.name] = g.preferredVersion.groupVersion;
  }
  return { kubeVersion, gitVersion: version.gitVersion, groupVersions, preferred };
}

/** What `--apply-method` takes: `auto` chooses by the server's version. */
export type ApplyMethodChoice = 'auto' | 'server' | 'client';

/** Server-side apply is on by default from 1.16 (GA in 1.22; alpha behind a feature gate in 1.14–1.15). */
export const SERVER_SIDE_APPLY_SINCE = 16;
/** `dryRun=All` is served (beta, on by default) from 1.13. */
export const SERVER_DRY_RUN_SINCE = 13;

export interface ApplyCapabilities {
  /** `auto`: server-side apply, falling back to client-side on HTTP 415; or one method only. */
  method: ApplyMethodChoice;
  /** Why this method (for the one line diff and apply print). */
  reason: string;
  serverDryRun: boolean;
}

/** How diff and apply write to a server of this version ("1.15"), given --apply-method. */
export function applyCapabilities(kubeVersion: string, choice: ApplyMethodChoice = 'auto'): ApplyCapabilities {
  const minor = minorOf(kubeVersion);
  const serverDryRun = minor >= SERVER_DRY_RUN_SINCE;
  if (choice !== 'auto') return { method: choice, reason: `--apply-method ${choice}`, serverDryRun };
  return minor >= SERVER_SIDE_APPLY_SINCE
    ? { method: 'auto', reason: `server-side apply (Kubernetes ${kubeVersion})`, serverDryRun }
    : { method: 'client', reason: `Kubernetes ${kubeVersion} predates server-side apply (1.${SERVER_SIDE_APPLY_SINCE})`, serverDryRun };
}

/** Just the version string for `kubeVersion` ("1.20"). */
export async function discoverKubeVersion(kc: KubeConfig): Promise<string> {
  return (await discoverCluster(kc)).kubeVersion;
}
