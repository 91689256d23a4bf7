/**
 * The canonical model of a Marathon pod (`/v2/pods`, Marathon 1.4+).
 *
 * A pod is translated by the app concerns wherever the two agree, so normalization projects it
 * onto the app model twice over:
 * - `app`: the pod as one app, carrying the pod-level fields the concerns read (id, labels,
 *   secrets, scheduling as constraints/roles/backoff/upgradeStrategy/unreachableStrategy,
 *   scaling as instances, networks, every endpoint as a port, persistent volumes);
 * - each container's `app`: the container as an app of its own (exec as cmd/args, resources,
 *   image, environment merged with the pod's, user, health check, artifacts as fetch…).
 * Ledger aliases map each canonical pointer of a projection back to the field the user wrote
 * (`/constraints/0` → `/scheduling/placement/constraints/0`), so the app mappers mark and
 * report the pod's own fields. What has no app counterpart (volume mounts, endpoints by
 * container, exec argv with overrideEntrypoint…) stays in the pod types below.
 */
import type { KVLabels, MarathonApp } from './model.js';

/** `[canonical pointer, raw pointer]`: a ledger alias (both relative to the pod). */
export type Alias = readonly [string, string];

/** One endpoint of a container, in pod order (the index of its projected port). */
export interface PodEndpoint {
  /** Index among all the pod's endpoints (= the port index of the projection). */
  index: number;
  container: number;
  name?: string;
  containerPort?: number;
  hostPort?: number;
  /** Raw pointer, e.g. `/containers/1/endpoints/0`. */
  pointer: string;
}

/** `volumes[]`: one variant per kind; `index` is the position in the pod's list. */
export type PodVolume =
  | { kind: 'ephemeral'; index: number; name: string }
  | { kind: 'host'; index: number; name: string; host: string }
  | { kind: 'persistent'; index: number; name: string; persistent: { type?: string; size?: number; maxSize?: number; profileName?: string; constraints?: string[][] } }
  | { kind: 'secret'; index: number; name: string; secret: string }
  /** A volume none of the above matches (no name, or fields of several kinds): the ledger reports it. */
  | { kind: 'unknown'; index: number; name?: string };

export interface PodVolumeMount {
  /** Position in the container's `volumeMounts`. */
  index: number;
  name: string;
  mountPath: string;
  readOnly?: boolean;
}

/** Which handler a container's health check has (the first given of http, tcp, exec). */
export interface PodHealthCheck {
  /** Undefined when the check has none of them (Marathon rejects it). */
  kind?: 'http' | 'tcp' | 'exec';
  /** http/tcp: the endpoint named, and its position among the container's endpoints. */
  endpoint?: string;
  endpointIndex?: number;
  /** exec with argv: the probe runs it as is (the projection can only say `/bin/sh -c`). */
  argv?: string[];
  /** Handlers given beside the first (Marathon rejects this): not converted. */
  extra: ('http' | 'tcp' | 'exec')[];
}

/** `linuxInfo.ipcInfo` of a container (the pod's own is projected onto the pod app). */
export interface PodIpcInfo {
  mode?: 'PRIVATE' | 'SHARE_PARENT';
  shmSize?: number;
}

export interface PodContainer {
  index: number;
  /** The Marathon container name (unique in the pod). */
  name: string;
  /** The container projected onto the app model. */
  app: MarathonApp;
  aliases: Alias[];
  /** Its endpoints, in order: indexes into MarathonPod.endpoints. */
  endpoints: number[];
  /** `exec.command.argv` with `overrideEntrypoint: true`: argv replaces the image entrypoint. */
  overrideEntrypoint: boolean;
  volumeMounts: PodVolumeMount[];
  healthCheck?: PodHealthCheck;
  /** The container's own labels (Marathon put pod and container labels in its environment). */
  labels?: KVLabels;
  ipcInfo?: PodIpcInfo;
  /** `{secret}` values of the merged environment: name → secret name, with the raw pointer. */
  envSecrets: { name: string; secret: string; pointer: string }[];
  /** Plain values of the merged environment, container values winning, with raw pointers. */
  env: { name: string; value: string; pointer: string }[];
  /** Raw pointers of the pod's environment values this container sets itself (it wins). */
  shadowedEnv: string[];
  /** `image.pullConfig.secret`. */
  pullSecret?: string;
  /** `image.kind` when it is not DOCKER (APPC, Marathon ≤ 1.4). */
  otherImageKind?: string;
  /** `lifecycle.killGracePeriodSeconds`. */
  killGracePeriodSeconds?: number;
  /** `check` (1.8+): a Mesos check, which only reported a status. */
  check?: { kind?: 'http' | 'tcp' | 'exec'; endpoint?: string; path?: string; scheme?: string };
}

/** Fields of a pod definition that are server state, not definition (ignored by the ledger). */
export const POD_RESPONSE_FIELDS: ReadonlySet<string> = new Set(['version', 'versionInfo']);

export interface MarathonPod {
  /** The pod projected onto the app model (pod-level fields only). */
  app: MarathonApp;
  containers: PodContainer[];
  volumes: PodVolume[];
  endpoints: PodEndpoint[];
  /** `scaling.maxInstances`: an autoscaling bound. */
  maxInstances?: number;
  legacySharedCgroups?: boolean;
}
