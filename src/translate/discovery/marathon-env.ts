/**
 * Variables Marathon set in every task, for apps that read them.
 *
 * Marathon always set HOST, MESOS_TASK_ID, MARATHON_APP_ID, … (the PORT variables come from
 * ports.ts). Adding all of them to every Deployment would be noise, so only those the app
 * visibly uses are provided: a `$NAME` or `${NAME}` in cmd, args, env values or COMMAND health
 * checks. An app that reads one from its own code (getenv) without naming it there is not
 * detected; set the variable by hand then (the mapping below says how).
 *
 *   HOST                       the pod IP (status.podIP): on the pod network that is the address
 *                              the app can bind to and that other pods reach it on — Marathon's
 *                              agent host name would be neither
 *   MESOS_TASK_ID              the pod name (metadata.name): unique per running instance
 *   MARATHON_APP_ID            the Marathon id, literally
 *   MARATHON_APP_VERSION       the pod-template-hash label (controller-revision-hash for a
 *                              StatefulSet): changes with every configuration change, as the
 *                              Marathon version did, but is not a timestamp
 *   MARATHON_APP_DOCKER_IMAGE  the image (only when the app has one, as in Marathon)
 *   MARATHON_APP_RESOURCE_*    cpus, mem, disk, gpus as Marathon printed them ("0.5", "128.0")
 *   MARATHON_APP_LABELS        the label names (sanitized, upper case) separated by spaces, and
 *   MARATHON_APP_LABEL_<NAME>  each label's value
 * MESOS_SANDBOX belongs to the fetch concern (which mounts the sandbox).
 */
import { escapePointerToken } from '../../findings.js';
import type { AppContext } from '../context.js';
import type { EnvVar } from '../parts.js';

/** `$NAME` / `${NAME}` / `${NAME:-default}` references in a text. */
const VAR_REFERENCE = /\$\{?([A-Za-z_][A-Za-z0-9_]*)/g;

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

/** Scala's Double.toString for the resource values Marathon printed (`1.0`, `0.25`, `128.0`). */
function scalaDouble(x: number): string {
  return Number.isInteger(x) ? `${x}.0` : String(x);
}

function fieldRef(fieldPath: string): Pick<EnvVar, 'valueFrom'> {
  return { valueFrom: { fieldRef: { fieldPath } } };
}

/** Every variable this module can provide, given the app. */
function providable(ctx: AppContext): Map<string, EnvVar> {
  const app = ctx.app;
  const vars = new Map<string, EnvVar>();
  const set = (name: string, v: Omit<EnvVar, 'name'>) => vars.set(name, { name, ...v });
  set('HOST', fieldRef('status.podIP'));
  set('MESOS_TASK_ID', fieldRef('metadata.name'));
  set('MARATHON_APP_ID', { value: app.id });
  const stateful = app.container?.volumes?.some((v) => v.kind === 'persistent') ?? false;
  set('MARATHON_APP_VERSION', fieldRef(`metadata.labels['${stateful ? 'controller-revision-hash' : 'pod-template-hash'}']`));
  const image = app.container?.docker?.image;
  if (image) set('MARATHON_APP_DOCKER_IMAGE', { value: image });
  set('MARATHON_APP_RESOURCE_CPUS', { value: scalaDouble(app.cpus ?? 1) });
  set('MARATHON_APP_RESOURCE_MEM', { value: scalaDouble(app.mem ?? 128) });
  set('MARATHON_APP_RESOURCE_DISK', { value: scalaDouble(app.disk ?? 0) });
  set('MARATHON_APP_RESOURCE_GPUS', { value: String(app.gpus ?? 0) });
  const labels = Object.entries(app.labels ?? {});
  set('MARATHON_APP_LABELS', { value: labels.map(([k]) => labelEnvName(k)).join(' ') });
  for (const [key, value] of labels) set(`MARATHON_APP_LABEL_${labelEnvName(key)}`, { value });
  return vars;
}

/** The Marathon-provided variables the app references, and where it first does. */
export function marathonEnv(ctx: AppContext): { env: EnvVar[]; firstPointer?: string } {
  const available = providable(ctx);
  const wanted = new Set<string>();
  let firstPointer: string | undefined;
  for (const { pointer, text } of runTexts(ctx)) {
    for (const m of text.matchAll(VAR_REFERENCE)) {
      const name = m[1]!;
      // A variable the app sets itself keeps the app's value.
      if (!available.has(name) || wanted.has(name) || ctx.app.env?.[name] !== undefined) continue;
      wanted.add(name);
      firstPointer ??= pointer;
      // An app that walks $MARATHON_APP_LABELS reads every MARATHON_APP_LABEL_<NAME> next.
      if (name === 'MARATHON_APP_LABELS') for (const n of available.keys()) if (n.startsWith('MARATHON_APP_LABEL_')) wanted.add(n);
    }
  }
  const env = [...available.values()].filter((v) => wanted.has(v.name));
  return firstPointer === undefined ? { env } : { env, firstPointer };
}
