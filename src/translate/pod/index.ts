/**
 * Marathon pod → Kubernetes objects: one Deployment (a StatefulSet with persistent volumes)
 * whose pod has a container per pod container, one Service for the endpoints, and what the
 * concerns add (Secrets, VIP Services, an Ingress, claims).
 *
 * The pod is projected onto the app model (normalize-pod.ts) so the app translator's pieces
 * serve it: the pod-level concerns (placement, discovery, the remaining runtime fields, ports,
 * Service, workload and rollout) run on the pod's projection, the container mappers (image,
 * command, resources, probes, fetch, user, seccomp) on each container's projection, in a scope
 * of its own (scopes.ts). What only pods have lives here: volumes shared by name, endpoints by
 * container, ENDPOINT_<NAME> variables, the merged environment.
 */
import { finding, Ledger, type Finding } from '../../findings.js';
import type { KubeObject } from '../../kube/types.js';
import type { GroupMember } from '../../marathon/groups.js';
import { isObject, type JsonObject } from '../../marathon/json.js';
import { normalizePod } from '../../marathon/normalize-pod.js';
import { POD_RESPONSE_FIELDS, type MarathonPod } from '../../marathon/pod-model.js';
import { issueFinding, type SchemaIssue } from '../../marathon/validate.js';
import type { ConvertOptions } from '../../options.js';
import { reportUnconsumed } from '../app.js';
import { AppContext } from '../context.js';
import { consumeDefaults } from '../defaults.js';
import { describeEnv, reportDnsNames, serviceDiscovery } from '../discovery/index.js';
import { runDirectory } from '../discovery/run-directory.js';
import type { NameRegistry } from '../names.js';
import { mergeParts, type EnvVar, type PodParts } from '../parts.js';
import { mapPlacement } from '../placement/index.js';
import { resolvePorts, type PortWording, type ResolvedPort } from '../ports.js';
import type { RunIndex } from '../run-index.js';
import { mapLinuxInfo } from '../runtime/linux-info.js';
import { mapMisc } from '../runtime/misc.js';
import { SHM_VOLUME, sharedMemory } from '../runtime/shm.js';
import { SECRET_FILES_VOLUME } from '../secrets/files.js';
import { mapService } from '../service.js';
import { VolumeNames } from '../storage/paths.js';
import { mapWorkload } from '../workload.js';
import { mapPodContainer } from './container.js';
import { endpointEnv, endpointEnvName, providedEnv } from './env.js';
import { containerRuntime, sharesPodShm } from './runtime.js';
import { containerScopes, foldFindings, foldLedgers, type ContainerScope } from './scopes.js';
import { mapPodSecrets } from './secrets.js';
import { mapPodVolumes } from './volumes.js';

/** Annotation on the workload: the labels of each container (Kubernetes containers have none). */
export const CONTAINER_LABELS_ANNOTATION = 'marathon2k8s.io/container-labels';

/** Findings name a pod's ports by endpoint, and the variable Marathon gave them. */
const ENDPOINT_WORDING: PortWording = {
  port: (index, name) => (name !== undefined ? `endpoint "${name}"` : `endpoint ${index}`),
  variable: (index, name) => (name !== undefined ? `$ENDPOINT_${endpointEnvName(name)}` : `endpoint ${index} (it has no name, so no variable)`),
};

export type PreparedPod =
  | { ctx: AppContext; translate: (ctx: AppContext) => KubeObject[]; error?: undefined }
  /** Nothing to translate (no containers): the error says why. */
  | { error: Finding };

/** Loads a pod for the run: normalized, named and indexed now, translated with the others. */
export function preparePod(args: {
  member: GroupMember; file: string; options: ConvertOptions; names: NameRegistry; run: RunIndex; issues: SchemaIssue[];
}): PreparedPod {
  const { member, file, options, names, run, issues } = args;
  const ledger = new Ledger(member.raw, POD_RESPONSE_FIELDS);
  const pod = normalizePod(member.raw, ledger, member.groupId);
  if (pod.containers.length === 0) {
    return { error: finding('schema-violation', `${member.pointer}/containers`, 'the pod has no containers, so there is nothing to run',
      { app: pod.app.id, file, hint: 'give the pod at least one container' }) };
  }
  if (member.inheritedDependencies.length > 0) pod.app.inheritedDependencies = member.inheritedDependencies;
  const name = names.nameFor(pod.app.id);
  const ctx = new AppContext(pod.app, name, options, ledger, member.pointer, file, member.raw, run);
  for (const issue of issues) {
    ctx.findings.push(issueFinding(issue, member.pointer + issue.pointer, { app: pod.app.id, file }));
  }
  run.add({ app: pod.app, name });
  return { ctx, translate: (c) => translatePod(c, pod) };
}

export function translatePod(ctx: AppContext, pod: MarathonPod): KubeObject[] {
  if (ctx.name.changed) {
    ctx.report('name-changed', '/id', `"${ctx.app.id}" is named ${ctx.name.namespace}/${ctx.name.name}: ${ctx.name.changed}`);
  }
  consumeDefaults(ctx, defaultsView(ctx.raw));
  consumePodFields(ctx, pod);
  const ports = resolvePorts(ctx, ENDPOINT_WORDING);
  const scopes = containerScopes(ctx, pod.containers);
  const shared = mergeParts([mapPlacement(ctx), serviceDiscovery(ctx, ports), mapMisc(ctx), podLinuxInfo(ctx)]);
  const names = new VolumeNames([SECRET_FILES_VOLUME, SHM_VOLUME]);
  const storage = mapPodVolumes(ctx, pod, ports, names);
  const secrets = mapPodSecrets(ctx, pod);
  const dir = runDirectory(ctx);
  const endpoints = endpointEnv(pod, ports);
  const initNames = new Set(scopes.map((s) => s.name));
  const podParts: PodParts[] = [podLevel(shared), storage.parts, secrets.parts];

  const containers = scopes.map((scope) => {
    const c = scope.container;
    const runtime = containerRuntime(scope, names, initNames);
    reportDnsNames(scope.ctx, dir);
    const provided = providedEnv(scope, pod, ports);
    reportProvided(scope, provided.referenced, provided.firstPointer);
    const container = mapPodContainer(scope, {
      ports: c.endpoints.map((k) => ports.find((p) => p.index === k)).filter((p): p is ResolvedPort => p !== undefined),
      secretEnv: secrets.env.get(c.index) ?? [],
      providedEnv: [...provided.env, ...endpoints],
      mounts: [...(storage.mounts.get(c.index) ?? []), ...(secrets.mounts.get(c.index) ?? [])],
      parts: mergeParts([containerLevel(shared, sharesPodShm(c)), containerLevel(runtime, true)]),
      sandboxed: storage.sandboxed.has(c.index) || secrets.sandboxed.has(c.index),
      ...(shared.rewriteText ? { rewriteText: shared.rewriteText } : {}),
    });
    podParts.push(podLevel(runtime));
    foldFindings(ctx, scope);
    return container;
  });

  podParts.push(containerLabels(ctx, scopes));
  const parts = mergeParts(podParts);
  const objects: KubeObject[] = [mapWorkload(ctx, ports, parts, containers)];
  const service = mapService(ctx, ports);
  if (service) objects.push(service);
  objects.push(...(parts.objects ?? []));
  foldLedgers(ctx, scopes);
  reportUnconsumed(ctx);
  return objects;
}

/** The parts that belong to the pod as a whole. */
function podLevel(p: PodParts): PodParts {
  const { volumes, initContainers, podFields, annotations, podLabels, podAnnotations, objects, statefulSet } = p;
  return { ...(volumes ? { volumes } : {}), ...(initContainers ? { initContainers } : {}), ...(podFields ? { podFields } : {}),
    ...(annotations ? { annotations } : {}), ...(podLabels ? { podLabels } : {}), ...(podAnnotations ? { podAnnotations } : {}),
    ...(objects ? { objects } : {}), ...(statefulSet ? { statefulSet } : {}) };
}

/** The parts that belong to a container; the pod's /dev/shm only where the container shares it. */
function containerLevel(p: PodParts, withShm: boolean): PodParts {
  const { env, containerFields, containerSecurityContext } = p;
  const volumeMounts = p.volumeMounts?.filter((m) => withShm || m.name !== SHM_VOLUME);
  return { ...(env ? { env } : {}), ...(volumeMounts ? { volumeMounts } : {}), ...(containerFields ? { containerFields } : {}),
    ...(containerSecurityContext ? { containerSecurityContext } : {}) };
}

/** Pod-level linuxInfo: the pod's parent is the agent, so the app mapping holds (hostIPC, /dev/shm). */
function podLinuxInfo(ctx: AppContext): PodParts {
  const linux = mapLinuxInfo(ctx, 'pod');
  return mergeParts([linux.parts, sharedMemory(ctx, [linux.shm])]);
}

/** The scheduling fields where the app defaults mapper looks for them. */
function defaultsView(raw: JsonObject): JsonObject {
  const obj = (v: unknown): JsonObject => (isObject(v) ? v : {});
  const scheduling = obj(raw.scheduling);
  const backoff = obj(scheduling.backoff);
  const view: JsonObject = {
    backoffSeconds: backoff.backoff,
    backoffFactor: backoff.backoffFactor,
    maxLaunchDelaySeconds: backoff.maxLaunchDelay,
    killSelection: scheduling.killSelection,
    role: raw.role,
    labels: raw.labels,
    acceptedResourceRoles: obj(scheduling.placement).acceptedResourceRoles,
  };
  for (const key of Object.keys(view)) if (view[key] === undefined) delete view[key];
  return view;
}

/** Pod fields with no app counterpart. */
function consumePodFields(ctx: AppContext, pod: MarathonPod): void {
  ctx.use('/scaling/kind'); // only "fixed" exists
  if (pod.maxInstances !== undefined) {
    ctx.use('/scaling/maxInstances');
    ctx.report('max-instances-not-mapped', '/scaling/maxInstances',
      `maxInstances ${pod.maxInstances} bounded scaling; a Deployment has no such bound`,
      { hint: `a HorizontalPodAutoscaler with maxReplicas ${pod.maxInstances} can take it` });
  }
  ctx.use('/legacySharedCgroups');
  if (pod.legacySharedCgroups) {
    ctx.report('resource-limit-approximated', '/legacySharedCgroups',
      'legacySharedCgroups: the containers shared one cgroup with the pod\'s total resources; each container is now limited to its own');
  }
  // Every container setting its own user overrides the pod's.
  const raw = Array.isArray(ctx.raw.containers) ? (ctx.raw.containers as unknown[]) : [];
  if (pod.containers.length > 0 && pod.containers.every((c) => { const rc = raw[c.index]; return isObject(rc) && typeof rc.user === 'string'; })) {
    ctx.use('/user');
  }
  const graces = pod.containers.filter((c) => c.killGracePeriodSeconds !== undefined);
  for (const c of graces) ctx.use(`/containers/${c.index}/lifecycle/killGracePeriodSeconds`);
  const distinct = new Set(graces.map((c) => c.killGracePeriodSeconds));
  if (distinct.size > 1 || (graces.length > 0 && graces.length < pod.containers.length)) {
    ctx.report('kill-grace-period-max', '/taskKillGracePeriodSeconds',
      `the containers had different kill grace periods (${pod.containers.map((c) => `${c.name}: ${c.killGracePeriodSeconds ?? 'default'}`).join(', ')}); `
      + `a Kubernetes pod has one, the longest: ${ctx.app.taskKillGracePeriodSeconds} s`);
  }
}

/** Container labels → one workload annotation (Marathon also put them in the task environment). */
function containerLabels(ctx: AppContext, scopes: readonly ContainerScope[]): PodParts {
  const kept: Record<string, Record<string, string>> = {};
  for (const { container, name } of scopes) {
    if (!container.labels || Object.keys(container.labels).length === 0) continue;
    const pointer = `/containers/${container.index}/labels`;
    ctx.use(pointer);
    kept[name] = container.labels;
    ctx.report('label-as-annotation', pointer,
      `labels of container "${container.name}" (${Object.keys(container.labels).join(', ')}): Kubernetes containers have no labels; kept in the annotation ${CONTAINER_LABELS_ANNOTATION}`);
  }
  return Object.keys(kept).length > 0 ? { annotations: { [CONTAINER_LABELS_ANNOTATION]: JSON.stringify(kept) } } : {};
}

function reportProvided(scope: ContainerScope, env: EnvVar[], firstPointer: string | undefined): void {
  if (env.length === 0) return;
  scope.ctx.report('marathon-env-provided', firstPointer ?? `/containers/${scope.container.index}`,
    `container "${scope.container.name}" uses variables Marathon set; provided: ${env.map((e) => `${e.name} (${describeEnv(e)})`).join(', ')}`);
}
