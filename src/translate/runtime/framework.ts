/**
 * Apps that need a Mesos master. A Mesos framework (Marathon on Marathon, Jenkins with its
 * Mesos plugin, a Spark dispatcher, every DC/OS SDK service scheduler…) registers with the
 * master and launches tasks of its own through it; tools like Mesos-DNS read the master's
 * state. Marathon ran them like any other app, and they converted without an error, but on
 * Kubernetes there is no master to find: the pod starts and the software never works. The
 * conversion cannot fix that (the software needs its Kubernetes mode or distribution), so it
 * says so once per app, at the first field that shows it.
 *
 * The signs, each specific to Mesos:
 * - the package label DCOS_PACKAGE_FRAMEWORK_NAME (Cosmos sets it on framework schedulers);
 * - env MESOS_MASTER / MARATHON_MASTER (the master a framework registers with) and
 *   MESOS_NATIVE_JAVA_LIBRARY / MESOS_NATIVE_LIBRARY (libmesos, the scheduler driver);
 * - in cmd, args, env values and fetched URIs: a ZooKeeper URL of the masters (`zk://…/mesos`),
 *   a `mesos://` URL, the master's API on the DC/OS names (`leader.mesos:5050`,
 *   `master.mesos:5050`), `--master` given a host:5050, or the DC/OS SDK's `libmesos-bundle`.
 * A Marathon client (`http://marathon.mesos:8080`, marathon-lb) is not one: it needs Marathon,
 * which the DNS findings report.
 */
import { escapePointerToken } from '../../findings.js';
import type { AppContext } from '../context.js';

const FRAMEWORK_LABEL = 'DCOS_PACKAGE_FRAMEWORK_NAME';
const FRAMEWORK_ENV = new Set(['MESOS_MASTER', 'MARATHON_MASTER', 'MESOS_NATIVE_JAVA_LIBRARY', 'MESOS_NATIVE_LIBRARY']);

/** The Mesos-only forms in text; the match is quoted in the finding. */
const MESOS_TEXT = new RegExp([
  String.raw`\bzk://[^\s"'` + '`' + String.raw`]+/mesos(?![\w.-])`,
  String.raw`\bmesos://[^\s"'` + '`' + String.raw`]+`,
  String.raw`\b(?:leader|master)\.mesos:5050\b`,
  String.raw`--master[=\s]+[^\s"'` + '`' + String.raw`]+:5050\b`,
  String.raw`\blibmesos-bundle\b`,
].join('|'));

interface Sign {
  pointer: string;
  what: string;
}

export function reportMesosFramework(ctx: AppContext): void {
  const sign = frameworkSign(ctx);
  if (!sign) return;
  ctx.use(sign.pointer);
  ctx.report('mesos-framework', sign.pointer,
    `the app talks to a Mesos master (${sign.what}): a Mesos framework or tool, which cannot work as-is on Kubernetes (there is no Mesos master)`,
    { hint: 'use the software\'s Kubernetes distribution (operator or Helm chart) or a mode that needs no Mesos; a framework\'s own tasks must be migrated with it' });
}

function frameworkSign(ctx: AppContext): Sign | undefined {
  const { labels, env, cmd, args, fetch } = ctx.app;
  if (labels?.[FRAMEWORK_LABEL] !== undefined) {
    return { pointer: `/labels/${FRAMEWORK_LABEL}`, what: `${FRAMEWORK_LABEL} "${labels[FRAMEWORK_LABEL]}"` };
  }
  for (const name of Object.keys(env ?? {})) {
    if (FRAMEWORK_ENV.has(name)) return { pointer: `/env/${escapePointerToken(name)}`, what: `env ${name}` };
  }
  const texts: [string, string | undefined][] = [
    ['/cmd', cmd],
    ...(args ?? []).map((a, i): [string, string] => [`/args/${i}`, a]),
    ...Object.entries(env ?? {}).map(([name, v]): [string, string | undefined] => [`/env/${escapePointerToken(name)}`, typeof v === 'string' ? v : undefined]),
    ...(fetch ?? []).map((a, i): [string, string] => [`/fetch/${i}/uri`, a.uri]),
  ];
  for (const [pointer, text] of texts) {
    const match = text !== undefined ? MESOS_TEXT.exec(text) : null;
    if (match) return { pointer, what: `"${match[0]}"` };
  }
  return undefined;
}
