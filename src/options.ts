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
}

export const DEFAULT_KUBE_VERSION = '1.31';

export const DEFAULT_OPTIONS: ConvertOptions = {
  kubeVersion: DEFAULT_KUBE_VERSION,
  defaultImage: 'busybox:1.36',
  keepHostPorts: false,
  hostNetwork: false,
  gpuResource: 'nvidia.com/gpu',
};
