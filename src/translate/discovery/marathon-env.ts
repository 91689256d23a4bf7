/**
 * Variables Marathon set in every task (TaskBuilder.taskContextEnv, EnvironmentHelper), given
 * to every container as Marathon gave them to every task: images read them in their own code
 * (getenv), where no look at the definition can tell, so they are always provided. The PORT
 * variables come from ports.ts; a variable the app sets itself keeps the app's value (Marathon
 * merged the app's env last).
 *
 *   HOST                       the pod IP (status.podIP): on the pod network that is the address
 *                              the app can bind to and that other pods reach it on — Marathon's
 *                              agent host name would be neither
 *   MESOS_TASK_ID              the pod name (metadata.name): unique per running instance
 *   MARATHON_APP_ID            the Marathon id, literally
 *   MARATHON_APP_VERSION       the pod-template-hash label (controller-revision-hash for a
 *                              StatefulSet): changes with every configuration change, as the
 *                              Marathon version did, but is not a timestamp
 *   MARATHON_APP_DOCKER_IMAGE  the image (only for the Docker containerizer, as in Marathon)
 *   MARATHON_APP_RESOURCE_*    cpus, mem, disk (Scala doubles: "0.5", "128.0") and gpus ("0")
 *   MARATHON_APP_LABELS        the label names (non-word runs → `_`, upper case) separated by
 *                              spaces, and
 *   MARATHON_APP_LABEL_<NAME>  each label's value (labels with a key of 493+ or a value of 512+
 *                              characters were left out by Marathon, and are here)
 * Not provided: MARATHON_APP_ENFORCE_GROUP_ROLE (1.9+, Mesos roles have no counterpart) and
 * MESOS_SANDBOX, which belongs to the fetch concern (it mounts the sandbox). Pods get their own
 * set (pod/env.ts), built from the same pieces.
 *
 * The `marathon-env-provided` finding is only made for an app that visibly reads one of them (a
 * `$NAME` in cmd, args, env values or COMMAND checks): it says what the value is now.
 */
import { escapePointerToken } from '../../findings.js';
import type { AppContext } from '../context.js';
import { escapeExpansion } from '../container.js';
import type { EnvVar } from '../parts.js';

/** `$NAME` / `${NAME}` / `${NAME:-default}` references in a text. */
const VAR_REFERENCE = /\$\{?([A-Za-z_][A-Za-z0-9_]*)/g;

/** EnvironmentHelper.maxEnvironmentVarLength and the room left after MARATHON_APP_LABEL_. */
const MAX_ENV_VALUE = 512;
const MAX_LABEL_KEY = MAX_ENV_VALUE - 'MARATHON_APP_LABEL_'.length;

/** The texts the app runs with, by canonical pointer. */
export function runTexts(ctx: AppContext): { pointer: string; text: string }[] {
  const app = ctx.app;
  const out: { pointer: string; text: string }[] = [];
  if (app.cmd !== undefined) out.push({ pointer: '/cmd', text: app.cmd });
  app.args?.forEach((text, i) => out.push({ pointer: `/args/${i}`, text }));
  for (const [name, value] of Object.entries(app.env ?? {})) {
    if (typeof value === 'string') out.push({ pointer: `/env/${escapePointerToken(name)}`, text: value });
  }
  app.healthChecks?.forEach((check, i) => {
    if (check.protocol === 'COMMAND' && check.command?.value !== undefined) out.push({ pointer: `/healthChecks/${i}/command/value`, text: check.command.value });
  });
  return out;
}

/** Marathon's env name for a label key (EnvironmentHelper): non-word runs → `_`, upper case. */
export function labelEnvName(key: string): string {
  return key.replace(/[^a-zA-Z0-9_]+/g, '_').toUpperCase();
}

/**
 * Java's Double.toString, which Marathon's resource values went through (`1.0`, `0.25`,
 * `128.0`; `1.0E7` from ten million, `1.0E-4` below a thousandth).
 */
export function scalaDouble(x: number): string {
  const abs = Math.abs(x);
  if (abs !== 0 && (abs >= 1e7 || abs < 1e-3)) {
    const [mantissa, exponent] = x.toExponential().split('e');
    return `${mantissa!.includes('.') ? mantissa : `${mantissa}.0`}E${Number(exponent)}`;
  }
  return Number.isInteger(x) ? `${x}.0` : String(x);
}

export function fieldRef(fieldPath: string): Pick<EnvVar, 'valueFrom'> {
  return { valueFrom: { fieldRef: { fieldPath } } };
}

/** A literal value, escaped so that Kubernetes does not expand `$(…)` in it. */
function literal(value: string): Pick<EnvVar, 'value'> {
  return { value: escapeExpansion(value) };
}

/** HOST, MESOS_TASK_ID, MARATHON_APP_ID, MARATHON_APP_VERSION: what every app and pod task had. */
export function taskContextEnv(ctx: AppContext, stateful: boolean): EnvVar[] {
  return [
    { name: 'HOST', ...fieldRef('status.podIP') },
    { name: 'MESOS_TASK_ID', ...fieldRef('metadata.name') },
    { name: 'MARATHON_APP_ID', ...literal(ctx.app.id) },
    { name: 'MARATHON_APP_VERSION', ...fieldRef(`metadata.labels['${stateful ? 'controller-revision-hash' : 'pod-template-hash'}']`) },
  ];
}

/** MARATHON_APP_LABELS and MARATHON_APP_LABEL_<NAME> (EnvironmentHelper.labelsToEnvVars). */
export function labelEnv(labels: Record<string, string>): EnvVar[] {
  const kept = Object.entries(labels).filter(([k, v]) => k.length < MAX_LABEL_KEY && v.length < MAX_ENV_VALUE);
  const byName = new Map(kept.map(([k, v]) => [labelEnvName(k), v]));
  return [
    { name: 'MARATHON_APP_LABELS', value: [...byName.keys()].join(' ') },
    ...[...byName].map(([name, value]) => ({ name: `MARATHON_APP_LABEL_${name}`, ...literal(value) })),
  ];
}

/** Every variable Marathon set in an app's task (the ports aside). */
function appTaskEnv(ctx: AppContext): EnvVar[] {
  const app = ctx.app;
  const stateful = app.container?.volumes?.some((v) => v.kind === 'persistent') ?? false;
  const env = taskContextEnv(ctx, stateful);
  // Only the Docker containerizer's image (TaskBuilder: `case c: Docker => c.image`).
  const image = app.container?.type === 'DOCKER' ? app.container.docker?.image : undefined;
  if (image) env.push({ name: 'MARATHON_APP_DOCKER_IMAGE', ...literal(image) });
  env.push(
    { name: 'MARATHON_APP_RESOURCE_CPUS', value: scalaDouble(app.cpus ?? 1) },
    { name: 'MARATHON_APP_RESOURCE_MEM', value: scalaDouble(app.mem ?? 128) },
    { name: 'MARATHON_APP_RESOURCE_DISK', value: scalaDouble(app.disk ?? 0) },
    { name: 'MARATHON_APP_RESOURCE_GPUS', value: String(app.gpus ?? 0) },
    ...labelEnv(app.labels ?? {}),
  );
  return env;
}

/**
 * Of `available`, the variables the texts the app runs with reference and do not set
 * themselves, and where the first reference is (for the finding).
 */
export function referencedEnv(ctx: AppContext, available: readonly EnvVar[]): { env: EnvVar[]; firstPointer?: string } {
  const byName = new Map(available.map((e) => [e.name, e]));
  const wanted = new Set<string>();
  let firstPointer: string | undefined;
  for (const { pointer, text } of runTexts(ctx)) {
    for (const m of text.matchAll(VAR_REFERENCE)) {
      const name = m[1]!;
      if (!byName.has(name) || wanted.has(name) || ctx.app.env?.[name] !== undefined) continue;
      wanted.add(name);
      firstPointer ??= pointer;
      // An app that walks $MARATHON_APP_LABELS reads every MARATHON_APP_LABEL_<NAME> next.
      if (name === 'MARATHON_APP_LABELS') for (const n of byName.keys()) if (n.startsWith('MARATHON_APP_LABEL_')) wanted.add(n);
    }
  }
  const env = available.filter((v) => wanted.has(v.name));
  return firstPointer === undefined ? { env } : { env, firstPointer };
}

/** Every Marathon-provided variable of the app, and those it visibly references. */
export function marathonEnv(ctx: AppContext): { env: EnvVar[]; referenced: EnvVar[]; firstPointer?: string } {
  const env = appTaskEnv(ctx);
  const referenced = referencedEnv(ctx, env);
  return { env, referenced: referenced.env, ...(referenced.firstPointer !== undefined ? { firstPointer: referenced.firstPointer } : {}) };
}
