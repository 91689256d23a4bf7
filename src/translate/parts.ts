/**
 * How the concern modules (ports, probes, storage, placement, secrets, discovery, fetch…) add
 * to an app's output without knowing about each other: each returns PodParts, and the workload
 * module merges them into one pod template and one list of extra objects.
 *
 * Ownership keeps merging simple: a pod-level field (affinity, tolerations, …) is contributed
 * by one concern only; lists (env, volumes, mounts, init containers, objects) are concatenated
 * in the order the concerns run.
 */
import type { KubeObject } from '../kube/types.js';

/** A container env entry: a literal value or a reference (secretKeyRef, fieldRef…). */
export interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: Record<string, unknown>;
}

export interface VolumeMount {
  name: string;
  mountPath: string;
  readOnly?: boolean;
  subPath?: string;
}

/** A pod volume (`{name, hostPath: …}`, `{name, emptyDir: …}`, …). */
export type Volume = { name: string } & Record<string, unknown>;

export interface PodParts {
  /** Env entries added after the app's own env (a name the app sets itself is not overridden). */
  env?: EnvVar[];
  volumeMounts?: VolumeMount[];
  volumes?: Volume[];
  initContainers?: Record<string, unknown>[];
  /** Fields merged into the main container's securityContext. */
  containerSecurityContext?: Record<string, unknown>;
  /** Other fields of the main container (workingDir, tty, stdin, lifecycle…). */
  containerFields?: Record<string, unknown>;
  /** Fields of the pod spec (nodeSelector, affinity, tolerations, imagePullSecrets, hostAliases…). */
  podFields?: Record<string, unknown>;
  /** Annotations on the workload object. */
  annotations?: Record<string, string>;
  /** The app needs a StatefulSet: its headless Service name and claim templates. */
  statefulSet?: { serviceName: string; volumeClaimTemplates: Record<string, unknown>[] };
  /** Further objects of the app (Secrets, PVCs, Ingresses, a headless Service…). */
  objects?: KubeObject[];
  /**
   * Rewrites text the app runs with (cmd, args, env values, COMMAND checks) — e.g. Mesos-DNS
   * names → Service names. Applied before Kubernetes `$(...)` escaping.
   */
  rewriteText?: (text: string) => string;
}

/** Merges parts in order. Object fields merge key by key, later parts winning on a clash. */
export function mergeParts(parts: readonly PodParts[]): PodParts {
  const out: PodParts = {};
  const rewrites: ((s: string) => string)[] = [];
  for (const p of parts) {
    out.env = concat(out.env, p.env);
    out.volumeMounts = concat(out.volumeMounts, p.volumeMounts);
    out.volumes = concat(out.volumes, p.volumes);
    out.initContainers = concat(out.initContainers, p.initContainers);
    out.objects = concat(out.objects, p.objects);
    out.containerSecurityContext = assign(out.containerSecurityContext, p.containerSecurityContext);
    out.containerFields = assign(out.containerFields, p.containerFields);
    out.podFields = assign(out.podFields, p.podFields);
    out.annotations = assign(out.annotations, p.annotations);
    if (p.statefulSet) out.statefulSet = p.statefulSet;
    if (p.rewriteText) rewrites.push(p.rewriteText);
  }
  if (rewrites.length > 0) out.rewriteText = (s) => rewrites.reduce((acc, f) => f(acc), s);
  for (const key of Object.keys(out) as (keyof PodParts)[]) if (out[key] === undefined) delete out[key];
  return out;
}

function concat<T>(a: T[] | undefined, b: T[] | undefined): T[] | undefined {
  if (!b || b.length === 0) return a;
  return a ? [...a, ...b] : [...b];
}

function assign<T extends object>(a: T | undefined, b: T | undefined): T | undefined {
  if (!b || Object.keys(b).length === 0) return a;
  return a ? { ...a, ...b } : { ...b };
}
