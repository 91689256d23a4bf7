/**
 * A pod container's environment, in the order the app translator uses (the first entry of a
 * name wins, so nothing Marathon provided overrides what the pod sets itself):
 *
 * 1. the pod's `environment` merged with the container's (the container wins), plain values;
 * 2. `{secret}` values as secretKeyRefs (secrets.ts);
 * 3. what the concerns add (MESOS_SANDBOX…), then the variables Marathon set in every task that
 *    the container's texts reference: those of apps (HOST, MESOS_TASK_ID, MARATHON_APP_ID…,
 *    discovery/marathon-env.ts) and the pod ones (MARATHON_CONTAINER_ID,
 *    MARATHON_CONTAINER_RESOURCE_*, MESOS_EXECUTOR_ID, EP_HOST_<NAME>, EP_CONTAINER_<NAME>);
 * 4. ENDPOINT_<NAME> for every endpoint of the pod, always, as apps get PORTn: Marathon gave
 *    each task the port of every endpoint to listen on or connect to; all containers share the
 *    pod's network, so it is the endpoint's container port.
 */
import type { MarathonPod } from '../../marathon/pod-model.js';
import { marathonEnv, runTexts } from '../discovery/marathon-env.js';
import type { EnvVar } from '../parts.js';
import type { ResolvedPort } from '../ports.js';
import type { ContainerScope } from './scopes.js';

const VAR_REFERENCE = /\$\{?([A-Za-z_][A-Za-z0-9_]*)/g;

/** Marathon's env name of an endpoint (TaskGroupBuilder): upper case, other runs → `_`. */
export function endpointEnvName(name: string): string {
  return name.toUpperCase().replace(/[^A-Z0-9_]+/g, '_');
}

/** ENDPOINT_<NAME> = the endpoint's container port, for every named endpoint of the pod. */
export function endpointEnv(pod: MarathonPod, ports: readonly ResolvedPort[]): EnvVar[] {
  return pod.endpoints.flatMap((e) => {
    const port = ports.find((p) => p.index === e.index);
    return e.name !== undefined && port ? [{ name: `ENDPOINT_${endpointEnvName(e.name)}`, value: String(port.containerPort) }] : [];
  });
}

/** The Marathon-provided variables the container references, and where it first does. */
export function providedEnv(scope: ContainerScope, pod: MarathonPod, ports: readonly ResolvedPort[]): { env: EnvVar[]; firstPointer?: string } {
  const fromApp = marathonEnv(scope.ctx);
  const stateful = pod.volumes.some((v) => v.kind === 'persistent');
  const env = fromApp.env.map((e) => (e.name === 'MARATHON_APP_VERSION' && stateful
    ? { name: e.name, valueFrom: { fieldRef: { fieldPath: "metadata.labels['controller-revision-hash']" } } }
    : e));
  let firstPointer = fromApp.firstPointer;
  const available = podVariables(scope, pod, ports);
  const own = scope.ctx.app.env ?? {};
  const wanted = new Set<string>();
  for (const { pointer, text } of runTexts(scope.ctx)) {
    for (const m of text.matchAll(VAR_REFERENCE)) {
      const name = m[1]!;
      if (!available.has(name) || wanted.has(name) || own[name] !== undefined) continue;
      wanted.add(name);
      firstPointer ??= pointer;
    }
  }
  env.push(...[...available.values()].filter((v) => wanted.has(v.name)));
  return firstPointer === undefined ? { env } : { env, firstPointer };
}

/** The variables Marathon set in pod tasks only (TaskGroupBuilder.taskContextEnv, endpointEnvVars). */
function podVariables(scope: ContainerScope, pod: MarathonPod, ports: readonly ResolvedPort[]): Map<string, EnvVar> {
  const app = scope.ctx.app;
  const vars = new Map<string, EnvVar>();
  const set = (name: string, v: Omit<EnvVar, 'name'>) => vars.set(name, { name, ...v });
  set('MARATHON_CONTAINER_ID', { value: scope.container.name });
  set('MARATHON_CONTAINER_RESOURCE_CPUS', { value: scalaDouble(app.cpus ?? 1) });
  set('MARATHON_CONTAINER_RESOURCE_MEM', { value: scalaDouble(app.mem ?? 128) });
  set('MARATHON_CONTAINER_RESOURCE_DISK', { value: scalaDouble(app.disk ?? 0) });
  set('MARATHON_CONTAINER_RESOURCE_GPUS', { value: String(app.gpus ?? 0) });
  // One executor ran the pod's tasks: its id is one per pod instance, like the pod name.
  set('MESOS_EXECUTOR_ID', { valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } });
  const host = app.networks[0]?.mode === 'host';
  for (const e of pod.endpoints) {
    const port = ports.find((p) => p.index === e.index);
    if (e.name === undefined || !port) continue;
    const name = endpointEnvName(e.name);
    // The pod listens on its own IP: the "host" port it bound is the container port (or the kept host port).
    if (host || e.hostPort !== undefined) set(`EP_HOST_${name}`, { value: String(port.hostPort ?? port.containerPort) });
    if (e.containerPort !== undefined) set(`EP_CONTAINER_${name}`, { value: String(port.containerPort) });
  }
  return vars;
}

/** Scala's Double.toString for the resource values Marathon printed (`1.0`, `0.25`, `128.0`). */
function scalaDouble(x: number): string {
  return Number.isInteger(x) ? `${x}.0` : String(x);
}
