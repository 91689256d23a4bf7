/**
 * The canonical Marathon model: one TypeScript type per Marathon concept, in the 1.5+ form.
 *
 * Loading normalizes every legacy form into these shapes (see normalize.ts), so translators
 * deal with one form only. Fields keep Marathon's names; a field is absent when the input did
 * not give it (defaults are applied by the translators, which know Marathon's defaults and
 * need to tell "given" from "defaulted" for the ledger).
 */

export type KVLabels = Record<string, string>;

/** Env values are strings or a reference to a secret declared in `secrets`. */
export type EnvValue = string | { secret: string };

export type NetworkProtocol = 'tcp' | 'udp' | 'udp,tcp';

export interface Network {
  mode: 'host' | 'container' | 'container/bridge';
  name?: string;
  labels?: KVLabels;
}

/** `container.portMappings[]` (bridge and container networks). */
export interface PortMapping {
  containerPort?: number;
  hostPort?: number;
  servicePort?: number;
  protocol?: NetworkProtocol;
  name?: string;
  labels?: KVLabels;
  networkNames?: string[];
}

/** `portDefinitions[]` (host networking). */
export interface PortDefinition {
  port?: number;
  protocol?: NetworkProtocol;
  name?: string;
  labels?: KVLabels;
}

export type HealthCheckProtocol = 'HTTP' | 'HTTPS' | 'TCP' | 'COMMAND' | 'MESOS_HTTP' | 'MESOS_HTTPS' | 'MESOS_TCP';

export interface HealthCheck {
  protocol: HealthCheckProtocol;
  path?: string;
  portIndex?: number;
  port?: number;
  command?: { value: string };
  gracePeriodSeconds?: number;
  intervalSeconds?: number;
  timeoutSeconds?: number;
  maxConsecutiveFailures?: number;
  delaySeconds?: number;
  ignoreHttp1xx?: boolean;
  ipProtocol?: 'IPv4' | 'IPv6';
}

export interface ReadinessCheck {
  name?: string;
  protocol?: 'HTTP' | 'HTTPS';
  path?: string;
  portName?: string;
  intervalSeconds?: number;
  timeoutSeconds?: number;
  httpStatusCodesForReady?: number[];
  preserveLastResponse?: boolean;
}

export interface DockerContainer {
  image?: string;
  forcePullImage?: boolean;
  privileged?: boolean;
  parameters?: { key: string; value: string }[];
  /** 1.5+, MESOS containerizer: a secret (name in `secrets`) holding a docker config.json. */
  pullConfig?: { secret: string };
  /** ≤ 1.4, deprecated: Mesos containerizer registry credential. */
  credential?: { principal?: string; secret?: string };
}

/**
 * `container.volumes[]` (and the legacy `container.docker.volumes[]`), one variant per kind.
 * `index` is the position in the canonical list, for pointers (`/container/volumes/<index>`).
 */
export type AppVolume =
  | { kind: 'host'; index: number; containerPath: string; hostPath: string; mode?: 'RO' | 'RW' }
  | { kind: 'persistent'; index: number; containerPath: string; mode?: 'RO' | 'RW'; persistent: { type?: string; size?: number; maxSize?: number; profileName?: string; constraints?: string[][] } }
  | { kind: 'external'; index: number; containerPath: string; mode?: 'RO' | 'RW'; external: { name?: string; provider?: string; size?: number; shared?: boolean; options?: Record<string, unknown> } }
  | { kind: 'secret'; index: number; containerPath: string; secret: string }
  /**
   * A volume none of the above matches: a bare `{containerPath, mode?}` is an ephemeral (sandbox /
   * anonymous docker) volume; anything else the ledger reports.
   */
  | { kind: 'unknown'; index: number; containerPath?: string; mode?: 'RO' | 'RW' };

/** `container.linuxInfo` (1.8+, Mesos containerizer): seccomp profile and IPC namespace. */
export interface LinuxInfo {
  seccomp?: { profileName?: string; unconfined?: boolean };
  ipcInfo?: { mode?: 'PRIVATE' | 'SHARE_PARENT'; shmSize?: number };
}

export interface Container {
  type: 'DOCKER' | 'MESOS';
  docker?: DockerContainer;
  portMappings?: PortMapping[];
  volumes?: AppVolume[];
  linuxInfo?: LinuxInfo;
}

/** `check` (1.8+): a Mesos check. It only reports a status; it never kills nor gates anything. */
export interface AppCheck {
  http?: { portIndex?: number; port?: number; path?: string; scheme?: string };
  tcp?: { portIndex?: number; port?: number };
  exec?: { command?: { shell?: string; argv?: string[] } };
  intervalSeconds?: number;
  timeoutSeconds?: number;
  delaySeconds?: number;
}

export interface UpgradeStrategy {
  minimumHealthCapacity?: number;
  maximumOverCapacity?: number;
}

export interface ResourceLimits {
  cpus?: number | 'unlimited';
  mem?: number | 'unlimited';
}

export interface Artifact {
  uri: string;
  extract?: boolean;
  executable?: boolean;
  cache?: boolean;
  destPath?: string;
}

/** A Marathon app after normalization. */
export interface MarathonApp {
  /** Absolute id, e.g. `/team/sub/app`. */
  id: string;
  cmd?: string;
  args?: string[];
  cpus?: number;
  mem?: number;
  disk?: number;
  gpus?: number;
  instances?: number;
  env?: Record<string, EnvValue>;
  labels?: KVLabels;
  user?: string;
  container?: Container;
  /** Always present after normalization (Marathon's default is host networking). */
  networks: Network[];
  /** Host mode only: the declared ports are also the host ports. */
  requirePorts?: boolean;
  /** Present in host mode only (Marathon's rule); after normalization never from `ports`. */
  portDefinitions?: PortDefinition[];
  healthChecks?: HealthCheck[];
  readinessChecks?: ReadinessCheck[];
  upgradeStrategy?: UpgradeStrategy;
  resourceLimits?: ResourceLimits;
  taskKillGracePeriodSeconds?: number;
  fetch?: Artifact[];
  /** `[field, OPERATOR, value?]`; the legacy `"field:OPERATOR:value"` string form is split. */
  constraints?: string[][];
  acceptedResourceRoles?: string[];
  unreachableStrategy?: 'disabled' | { inactiveAfterSeconds?: number; expungeAfterSeconds?: number };
  killSelection?: string;
  backoffSeconds?: number;
  backoffFactor?: number;
  maxLaunchDelaySeconds?: number;
  /** name → DC/OS secret store path. */
  secrets?: Record<string, { source: string }>;
  /** Absolute ids (resolved against the app's group). */
  dependencies?: string[];
  /**
   * Dependencies of the enclosing groups, which Marathon applies to every member: absolute ids,
   * with the pointer (in the file) where the group declares each.
   */
  inheritedDependencies?: { id: string; pointer: string }[];
  role?: string;
  executor?: string;
  /** 1.6.590+: resources of a custom executor. */
  executorResources?: { cpus?: number; mem?: number; disk?: number };
  /** 1.5+: allocate a TTY. */
  tty?: boolean;
  check?: AppCheck;
  /** Removed after 1.4 (artifact store). */
  storeUrls?: string[];
}

/** The network mode an app runs in, derived from `networks`. */
export function networkMode(app: MarathonApp): Network['mode'] {
  return app.networks[0]?.mode ?? 'host';
}
