/**
 * What a target Kubernetes version offers: the API version of each kind and the fields that
 * arrived late. Mappers ask here instead of comparing version numbers themselves, and the offline
 * validation (openapi.ts) reads the same table, so the knowledge lives in one place.
 */

/** The oldest target: apps/v1 (Deployment, StatefulSet, DaemonSet) is served from 1.9 on. */
export const MIN_KUBE_MINOR = 9;

/** "1.20" → [1, 20]. Versions are validated by the CLI and discovery (1.9 and later). */
export function parseVersion(version: string): [number, number] {
  const m = /^v?(\d+)\.(\d+)/.exec(version);
  return m ? [Number(m[1]), Number(m[2])] : [1, 99];
}

export function minorOf(version: string): number {
  const [major, minor] = parseVersion(version);
  return major > 1 ? 99 : minor;
}

export function atLeast(version: string, minor: number): boolean {
  return minorOf(version) >= minor;
}

/** Why a version cannot be a target, or undefined when it can. */
export function unsupportedTarget(version: string): string | undefined {
  const [major, minor] = parseVersion(version);
  if (major !== 1) return `Kubernetes ${version} is not a 1.x release`;
  if (minor < MIN_KUBE_MINOR) return `Kubernetes ${version} is older than 1.${MIN_KUBE_MINOR}, the oldest supported target (the first to serve apps/v1)`;
  return undefined;
}

/** apiVersion for a kind on the target (the newest the target serves). */
export function apiVersionFor(kind: string, version: string): string {
  switch (kind) {
    case 'Deployment':
    case 'StatefulSet':
    case 'DaemonSet':
      return 'apps/v1';
    case 'Ingress':
      return atLeast(version, 19) ? 'networking.k8s.io/v1' : atLeast(version, 14) ? 'networking.k8s.io/v1beta1' : 'extensions/v1beta1';
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

/**
 * The first release that removed an API version (apiVersion/kind) marathon2k8s may emit: output
 * made for an older target stops working there (the chart's kubeVersion range ends before it).
 */
export const API_REMOVED_IN: Readonly<Record<string, number>> = {
  'extensions/v1beta1/Ingress': 22,
  'networking.k8s.io/v1beta1/Ingress': 22,
  'batch/v1beta1/CronJob': 25,
  'policy/v1beta1/PodDisruptionBudget': 25,
};

/**
 * Fields that a target may lack: the minor version from which each is served and on by default
 * (a field behind an alpha feature gate is in the schema earlier but dropped or refused by a
 * default API server). `fields` name the OpenAPI type and property ("Container.startupProbe"),
 * `key` a map key of that property, `value` one of its values; the offline validation refuses
 * each on older targets, so a mapper that forgets to ask here is caught by the tests.
 */
export const FEATURES = {
  /** emptyDir sizeLimit and ephemeral-storage requests: LocalStorageCapacityIsolation, beta (on) from 1.10. */
  emptyDirSizeLimit: { since: 10, fields: ['EmptyDirVolumeSource.sizeLimit'], what: 'emptyDir sizeLimit' },
  ephemeralStorage: { since: 10, fields: ['ResourceRequirements.requests', 'ResourceRequirements.limits'], key: 'ephemeral-storage', what: 'ephemeral-storage requests and limits' },
  /** Pod dnsConfig and dnsPolicy None: CustomPodDNS, beta (on) from 1.10. */
  dnsConfig: { since: 10, fields: ['PodSpec.dnsConfig'], what: 'pod dnsConfig' },
  dnsPolicyNone: { since: 10, fields: ['PodSpec.dnsPolicy'], value: 'None', what: 'dnsPolicy None' },
  /** volumeMounts[].mountPropagation: MountPropagation, beta (on) from 1.10. */
  mountPropagation: { since: 10, fields: ['VolumeMount.mountPropagation'], what: 'volume mount propagation' },
  /** Seccomp RuntimeDefault as an annotation: runtime/default from 1.11 (docker/default before). */
  seccompRuntimeDefaultAnnotation: { since: 11, fields: [], what: 'the runtime/default seccomp annotation' },
  /** shareProcessNamespace: PodShareProcessNamespace, beta (on) from 1.12. */
  shareProcessNamespace: { since: 12, fields: ['PodSpec.shareProcessNamespace'], what: 'shareProcessNamespace' },
  /** enableServiceLinks: a field from 1.13. */
  enableServiceLinks: { since: 13, fields: ['PodSpec.enableServiceLinks'], what: 'enableServiceLinks' },
  /** Raw block volumes (claim volumeMode Block): BlockVolume, beta (on) from 1.13. */
  blockVolumes: { since: 13, fields: ['PersistentVolumeClaimSpec.volumeMode', 'Container.volumeDevices'], what: 'raw block volumes' },
  /** Node taints for unreachable / not-ready nodes (so tolerationSeconds apply): TaintBasedEvictions, beta (on) from 1.13. */
  taintBasedEvictions: { since: 13, fields: [], what: 'taint-based evictions' },
  /** runAsGroup: RunAsGroup, beta (on) from 1.14. */
  runAsGroup: { since: 14, fields: ['PodSecurityContext.runAsGroup', 'SecurityContext.runAsGroup'], what: 'runAsGroup' },
  /** subPathExpr: VolumeSubpathEnvExpansion, beta (on) from 1.15. */
  subPathExpr: { since: 15, fields: ['VolumeMount.subPathExpr'], what: 'subPathExpr' },
  /** Node labels topology.kubernetes.io/zone and /region (failure-domain.beta.kubernetes.io/* before 1.17). */
  topologyLabels: { since: 17, fields: [], what: 'topology.kubernetes.io node labels' },
  /** startupProbe: beta and on by default from 1.18. */
  startupProbe: { since: 18, fields: ['Container.startupProbe'], what: 'startupProbe' },
  /** topologySpreadConstraints: beta and on by default from 1.18. */
  topologySpreadConstraints: { since: 18, fields: ['PodSpec.topologySpreadConstraints'], what: 'topologySpreadConstraints' },
  /** Ingress spec.ingressClassName (the kubernetes.io/ingress.class annotation before). */
  ingressClassName: { since: 18, fields: ['IngressSpec.ingressClassName'], what: 'Ingress ingressClassName' },
  /** Ingress paths' pathType (Exact and Prefix matching). */
  ingressPathType: { since: 18, fields: ['HTTPIngressPath.pathType'], what: 'Ingress pathType' },
  /** securityContext.seccompProfile: GA from 1.19 (annotations before). */
  seccompProfile: { since: 19, fields: ['PodSecurityContext.seccompProfile', 'SecurityContext.seccompProfile'], what: 'securityContext.seccompProfile' },
  /** Service ports' appProtocol: ServiceAppProtocol, beta (on) from 1.19. */
  appProtocol: { since: 19, fields: ['ServicePort.appProtocol'], what: 'Service appProtocol' },
  /** SCTP ports: SCTPSupport, beta (on) from 1.19. */
  sctp: { since: 19, fields: ['ContainerPort.protocol', 'ServicePort.protocol'], value: 'SCTP', what: 'SCTP ports' },
  /** Job ttlSecondsAfterFinished: TTLAfterFinished, beta (on) from 1.21. */
  jobTtl: { since: 21, fields: ['JobSpec.ttlSecondsAfterFinished'], what: 'Job ttlSecondsAfterFinished' },
  /** CronJob spec.timeZone: beta from 1.25, GA 1.27. */
  cronJobTimeZone: { since: 25, fields: ['CronJobSpec.timeZone'], what: 'CronJob timeZone' },
  /** topologySpreadConstraints[].minDomains: beta and on by default from 1.27 (GA 1.30). */
  topologySpreadMinDomains: { since: 27, fields: ['TopologySpreadConstraint.minDomains'], what: 'topology spread minDomains' },
} as const satisfies Record<string, Feature>;

export interface Feature {
  since: number;
  /** `Type.property` in the OpenAPI definitions (the type's short name, in every API group). */
  fields: readonly string[];
  /** Only this map key of the property is late (ResourceRequirements.requests: ephemeral-storage). */
  key?: string;
  /** Only this value of the property is late (dnsPolicy: None). */
  value?: string;
  what: string;
}

export type FeatureName = keyof typeof FEATURES;

export function supports(feature: FeatureName, version: string): boolean {
  return atLeast(version, FEATURES[feature].since);
}

/** "startupProbe (Kubernetes 1.18)": how the report names a feature the target lacks. */
export function featureLabel(feature: FeatureName): string {
  return `${FEATURES[feature].what} (Kubernetes 1.${FEATURES[feature].since})`;
}

/** Every feature of the table, for the validation. */
export const ALL_FEATURES: readonly Feature[] = Object.values(FEATURES);

/** The features of a field (`Type.property`), for the validation. */
export function featuresOfField(type: string, property: string): Feature[] {
  const field = `${type}.${property}`;
  return ALL_FEATURES.filter((f) => f.fields.includes(field));
}
