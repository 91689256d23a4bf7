/** The type of the main Service of apps that clients reached at their agents' addresses. */
export type ServiceType = 'ClusterIP' | 'NodePort' | 'LoadBalancer';

/** Options of a conversion run, shared by every command that converts. */
export interface ConvertOptions {
  /** Target Kubernetes version ("1.29"), chooses API versions. */
  kubeVersion: string;
  /** Put every object into this namespace instead of one per top-level group. */
  namespace?: string;
  /** Image for apps that have none (cmd-only or MESOS containers without an image). */
  defaultImage: string;
  /** Keep fixed host ports as hostPort (default: dropped with a finding). */
  keepHostPorts: boolean;
  /** Run apps with host networking as hostNetwork: true (default: pod network). */
  hostNetwork: boolean;
  /** Extended resource name for Marathon `gpus`. */
  gpuResource: string;
  /** Storage class for claims (persistent and external volumes); the cluster default when unset. */
  storageClass?: string;
  /** Node label prefix for custom Mesos attributes in constraints (`rack` → `<prefix>rack`). */
  nodeLabelPrefix: string;
  /** Node selector for apps that ran on public agents (acceptedResourceRoles slave_public). */
  publicNodeSelector: Record<string, string>;
  /** Tolerations for apps that ran on public agents, as `key=value:Effect` or `key:Effect`. */
  publicNodeTolerations: string[];
  /** ingressClassName of the Ingresses made from marathon-lb / Traefik labels. */
  ingressClass: string;
  /** Emit Secret manifests with empty values for every Secret the apps reference. */
  secretStubs: boolean;
  /** Image of the init container that downloads `fetch` URIs. */
  fetchImage: string;
  /** `group`: a namespace per top-level group; `flat`: everything in one namespace (`default` or --namespace). */
  namespaceStrategy: 'group' | 'flat';
  /** Convert apps installed from DC/OS packages too (default: report and skip them). */
  includePackages: boolean;
  /** An unscheduled Metronome job becomes a Job (runs once when applied) or a suspended CronJob (run on demand). */
  jobsAs: 'job' | 'cronjob';
  /**
   * The main Service type of apps that clients reached at their agents' addresses (host
   * networking on public agents, fixed host ports); every other app gets a ClusterIP Service.
   */
  serviceType: ServiceType;
  /**
   * Apps with marathon-lb virtual hosts but no HAPROXY_GROUP: `skip` (marathon-lb, run with
   * `--group external` as DC/OS did, never served them) or `external` (treat them as in the
   * default group, as a marathon-lb run with `--group '*'` did).
   */
  haproxyUngrouped: 'skip' | 'external';
}

export const DEFAULT_KUBE_VERSION = '1.31';

export const DEFAULT_OPTIONS: ConvertOptions = {
  kubeVersion: DEFAULT_KUBE_VERSION,
  defaultImage: 'busybox:1.36',
  keepHostPorts: false,
  hostNetwork: false,
  gpuResource: 'nvidia.com/gpu',
  nodeLabelPrefix: 'marathon.mesos/',
  publicNodeSelector: { 'marathon.mesos/public': 'true' },
  publicNodeTolerations: ['marathon.mesos/public=true:NoSchedule'],
  ingressClass: 'nginx',
  secretStubs: false,
  fetchImage: 'busybox:1.36',
  namespaceStrategy: 'group',
  includePackages: false,
  jobsAs: 'job',
  serviceType: 'ClusterIP',
  haproxyUngrouped: 'skip',
};
