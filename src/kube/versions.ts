/**
 * What a target Kubernetes version offers: the API version of each kind and the fields that
 * arrived late. Mappers ask here instead of comparing version numbers themselves, so the
 * knowledge lives in one table.
 */

/** "1.20" → [1, 20]. Versions are validated by the CLI (1.16 and later). */
export function parseVersion(version: string): [number, number] {
  const m = /^v?(\d+)\.(\d+)/.exec(version);
  return m ? [Number(m[1]), Number(m[2])] : [1, 99];
}

export function atLeast(version: string, minor: number): boolean {
  const [major, m] = parseVersion(version);
  return major > 1 || m >= minor;
}

/** apiVersion for a kind on the target (the newest the target serves). */
export function apiVersionFor(kind: string, version: string): string {
  switch (kind) {
    case 'Deployment':
    case 'StatefulSet':
    case 'DaemonSet':
      return 'apps/v1';
    case 'Ingress':
      return atLeast(version, 19) ? 'networking.k8s.io/v1' : 'networking.k8s.io/v1beta1';
    case 'CronJob':
      return atLeast(version, 21) ? 'batch/v1' : 'batch/v1beta1';
    case 'Job':
      return 'batch/v1';
    case 'PodDisruptionBudget':
      return atLeast(version, 21) ? 'policy/v1' : 'policy/v1beta1';
    default:
      return 'v1';
  }
}

/** Fields that a target may lack (the version where they are on by default). */
export const FEATURE_SINCE = {
  /** startupProbe: beta and on by default from 1.18. */
  startupProbe: 18,
  /** topologySpreadConstraints: beta and on by default from 1.18. */
  topologySpreadConstraints: 18,
  /** topologySpreadConstraints[].minDomains: beta and on by default from 1.27 (GA 1.30). */
  topologySpreadMinDomains: 27,
  /** Node labels topology.kubernetes.io/zone and /region (failure-domain.beta.kubernetes.io/* before 1.17). */
  topologyLabels: 17,
  /** Ingress spec.ingressClassName (networking.k8s.io/v1beta1 from 1.18). */
  ingressClassName: 18,
  /** CronJob spec.timeZone: beta from 1.25, GA 1.27. */
  cronJobTimeZone: 25,
  /** securityContext.seccompProfile: GA from 1.19 (annotations before). */
  seccompProfile: 19,
  /** Pod spec.os, ephemeral containers… add here as mappers need them. */
} as const;

export function supports(feature: keyof typeof FEATURE_SINCE, version: string): boolean {
  return atLeast(version, FEATURE_SINCE[feature]);
}
