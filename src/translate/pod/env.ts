/**
 * A pod container's environment, in the order the app translator uses (the first entry of a
 * name wins, so nothing Marathon provided overrides what the pod sets itself):
 *
 * 1. the pod's `environment` merged with the container's (the container wins), plain values;
 * 2. `{secret}` values as secretKeyRefs (secrets.ts);
 * 3. what the concerns add (MESOS_SANDBOX…), then the variables Marathon set in every pod task
 *    (TaskGroupBuilder), always: HOST, MESOS_TASK_ID, MARATHON_APP_ID, MARATHON_APP_VERSION
 *    (discovery/marathon-env.ts), MESOS_EXECUTOR_ID, MARATHON_CONTAINER_ID,
 *    MARATHON_CONTAINER_RESOURCE_*, EP_HOST_<NAME>, EP_CONTAINER_<NAME>, MARATHON_APP_LABELS and
 *    MARATHON_APP_LABEL_<NAME> of the pod's and the container's labels (no
 *    MARATHON_APP_DOCKER_IMAGE nor MARATHON_APP_RESOURCE_*: Marathon set those for apps only);
 * 4. ENDPOINT_<NAME> for every endpoint of the pod, always, as apps get PORTn: Marathon gave
 *    each task the port of every endpoint to listen on or connect to; all containers share the
 *    pod's network, so it is the endpoint's container port.
 */
import type { MarathonPod } from '../../marathon/pod-model.js';
import { fieldRef, labelEnv, referencedEnv, scalaDouble, taskContextEnv } from '../discovery/marathon-env.js';
import type { EnvVar } from '../parts.js';
import type { ResolvedPort } from '../ports.js';
import type { ContainerScope } from './scopes.js';

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

/**
 * Every variable Marathon set in the container's task (TaskGroupBuilder: HOST, taskContextEnv,
 * the pod's and container's labels, endpointEnvVars), and those the container visibly uses.
 */
export function providedEnv(scope: ContainerScope, pod: MarathonPod, ports: readonly ResolvedPort[]): { env: EnvVar[]; referenced: EnvVar[]; firstPointer?: string } {
  const stateful = pod.volumes.some((v) => v.kind === 'persistent');
  const env = [...taskContextEnv(scope.ctx, stateful), ...podVariables(scope, pod, ports), ...labelEnv(scope.ctx.app.labels ?? {})];
  const referenced = referencedEnv(scope.ctx, env);
  return { env, referenced: referenced.env, ...(referenced.firstPointer !== undefined ? { firstPointer: referenced.firstPointer } : {}) };
}

/** The variables Marathon set in pod tasks only (TaskGroupBuilder.taskContextEnv, endpointEnvVars). */
function podVariables(scope: ContainerScope, pod: MarathonPod, ports: readonly ResolvedPort[]): EnvVar[] {
  const app = scope.ctx.app;
  const vars: EnvVar[] = [
    // One executor ran the pod's tasks: its id is one per pod instance, like the pod name.
    { name: 'MESOS_EXECUTOR_ID', ...fieldRef('metadata.name') },
    { name: 'MARATHON_CONTAINER_ID', value: scope.container.name },
    { name: 'MARATHON_CONTAINER_RESOURCE_CPUS', value: scalaDouble(app.cpus ?? 1) },
    { name: 'MARATHON_CONTAINER_RESOURCE_MEM', value: scalaDouble(app.mem ?? 128) },
    { name: 'MARATHON_CONTAINER_RESOURCE_DISK', value: scalaDouble(app.disk ?? 0) },
    { name: 'MARATHON_CONTAINER_RESOURCE_GPUS', value: String(app.gpus ?? 0) },
  ];
  const host = app.networks[0]?.mode === 'host';
  for (const e of pod.endpoints) {
    const port = ports.find((p) => p.index === e.index);
    if (e.name === undefined || !port) continue;
    const name = endpointEnvName(e.name);
    // The pod listens on its own IP: the "host" port it bound is the container port (or the kept host port).
    if (host || e.hostPort !== undefined) vars.push({ name: `EP_HOST_${name}`, value: String(port.hostPort ?? port.containerPort) });
    if (e.containerPort !== undefined) vars.push({ name: `EP_CONTAINER_${name}`, value: String(port.containerPort) });
  }
  return vars;
}
