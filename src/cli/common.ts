/**
 * What the commands share: the conversion flags, turning them into ConvertOptions, printing
 * findings, and exit codes. Kept free of heavy imports so `marathon2k8s --version` starts fast.
 */
import { InvalidArgumentError, Option, type Command } from 'commander';
import pc from 'picocolors';
import { formatFinding, SEVERITY_RANK, type Finding, type Severity } from '../findings.js';
import { MIN_KUBE_MINOR, unsupportedTarget } from '../kube/versions.js';
import { DEFAULT_OPTIONS, type ConvertOptions } from '../options.js';

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

/** A usage error found after parsing (bad flag value): exit code 2 with this message. */
export class UsageError extends Error {}

export function parseKubeVersion(value: string): string {
  const m = /^v?(\d+)\.(\d+)(\.\d+)?$/.exec(value.trim());
  if (!m) throw new InvalidArgumentError('expected a Kubernetes version such as 1.29');
  const version = `${Number(m[1])}.${Number(m[2])}`;
  if (unsupportedTarget(version)) throw new InvalidArgumentError(`supported targets are Kubernetes 1.${MIN_KUBE_MINOR} and later`);
  return version;
}

/** The flags every converting command takes. */
export function addConversionOptions(cmd: Command): Command {
  return cmd
    .option('--kube-version <version>', 'target Kubernetes version; chooses API versions', parseKubeVersion, DEFAULT_OPTIONS.kubeVersion)
    .option('-n, --namespace <ns>', 'put every object into this namespace (default: one namespace per top-level Marathon group)')
    .option('--default-image <image>', 'image for apps without one (cmd-only apps, MESOS containers without image)', DEFAULT_OPTIONS.defaultImage)
    .option('--keep-host-ports', 'keep fixed host ports as hostPort (default: dropped, with a finding)', false)
    .option('--host-network', 'run apps that used host networking with hostNetwork: true', false)
    .option('--gpu-resource <name>', 'extended resource name for Marathon gpus', DEFAULT_OPTIONS.gpuResource)
    .option('--storage-class <name>', 'storage class for persistent and external volume claims (default: the cluster default)')
    .option('--node-label-prefix <prefix>', 'node label prefix for custom Mesos attributes in constraints', DEFAULT_OPTIONS.nodeLabelPrefix)
    .option('--public-node-selector <key=value...>', 'node selector for apps that ran on public agents (slave_public)', keyValues, undefined)
    .option('--public-node-toleration <key=value:Effect...>', 'tolerations for apps that ran on public agents', collect, undefined)
    .option('--ingress-class <name>', 'ingressClassName of Ingresses made from marathon-lb/Traefik labels', DEFAULT_OPTIONS.ingressClass)
    .option('--secret-stubs', 'emit Secret manifests with empty values for every referenced Secret', false)
    .option('--fetch-image <image>', 'image of the init container that downloads fetch URIs', DEFAULT_OPTIONS.fetchImage)
    .addOption(new Option('--namespace-strategy <strategy>', 'group: a namespace per top-level Marathon group; flat: everything in one namespace').choices(['group', 'flat']).default('group'))
    .option('--include-packages', 'also convert apps installed from DC/OS packages (DCOS_PACKAGE_* labels)', false)
    .addOption(new Option('--jobs-as <kind>', 'what an unscheduled Metronome job becomes: job (runs once when applied) or cronjob (suspended, run on demand)').choices(['job', 'cronjob']).default('job'))
    .addOption(new Option('--service-type <type>', 'Service type of apps that clients reached at their agents\' addresses (host networking on public agents, fixed host ports)').choices(['ClusterIP', 'NodePort', 'LoadBalancer']).default('ClusterIP'))
    .addOption(new Option('--haproxy-ungrouped <mode>', 'apps with HAPROXY_n_VHOST but no HAPROXY_GROUP: skip (marathon-lb --group external did not serve them) or external (your marathon-lb ran with --group \'*\')').choices(['skip', 'external']).default('skip'));
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

function keyValues(value: string, previous: Record<string, string> | undefined): Record<string, string> {
  const eq = value.indexOf('=');
  if (eq <= 0) throw new InvalidArgumentError('expected key=value');
  return { ...previous, [value.slice(0, eq)]: value.slice(eq + 1) };
}

/**
 * What commander hands over for the conversion flags: the options themselves, except the two
 * repeatable public-node flags, which arrive under their singular flag names and may be absent.
 */
export type ConversionFlags = Omit<ConvertOptions, 'publicNodeSelector' | 'publicNodeTolerations' | 'serviceType' | 'haproxyUngrouped'> & {
  publicNodeSelector?: Record<string, string>;
  publicNodeToleration?: string[];
  serviceType?: ConvertOptions['serviceType'];
  haproxyUngrouped?: ConvertOptions['haproxyUngrouped'];
};

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

export function conversionOptions(flags: ConversionFlags): ConvertOptions {
  if (flags.namespace !== undefined && (!DNS_LABEL.test(flags.namespace) || flags.namespace.length > 63)) {
    throw new UsageError(`--namespace "${flags.namespace}" is not a valid namespace name (lowercase letters, digits and '-', at most 63)`);
  }
  // Copy field by field rather than spread: commander's flag object carries other flags too.
  const options: ConvertOptions = {
    kubeVersion: flags.kubeVersion,
    defaultImage: flags.defaultImage,
    keepHostPorts: flags.keepHostPorts,
    hostNetwork: flags.hostNetwork,
    gpuResource: flags.gpuResource,
    nodeLabelPrefix: flags.nodeLabelPrefix,
    publicNodeSelector: flags.publicNodeSelector ?? DEFAULT_OPTIONS.publicNodeSelector,
    publicNodeTolerations: flags.publicNodeToleration ?? DEFAULT_OPTIONS.publicNodeTolerations,
    ingressClass: flags.ingressClass,
    secretStubs: flags.secretStubs,
    fetchImage: flags.fetchImage,
    namespaceStrategy: flags.namespaceStrategy,
    includePackages: flags.includePackages,
    jobsAs: flags.jobsAs,
    serviceType: flags.serviceType ?? DEFAULT_OPTIONS.serviceType,
    haproxyUngrouped: flags.haproxyUngrouped ?? DEFAULT_OPTIONS.haproxyUngrouped,
  };
  if (flags.namespace !== undefined) options.namespace = flags.namespace;
  if (flags.storageClass !== undefined) options.storageClass = flags.storageClass;
  return options;
}

export const failOnOption = new Option('--fail-on <severity>', 'exit 1 when a finding is at or above this severity')
  .choices(['info', 'warning', 'error', 'none'])
  .default('error');

/** Whether the findings should make the command exit 1. */
export function findingsFail(findings: readonly Finding[], failOn: string): boolean {
  if (failOn === 'none') return false;
  const threshold = SEVERITY_RANK[failOn as Severity];
  return findings.some((f) => SEVERITY_RANK[f.severity] >= threshold);
}

const COLOURS: Record<Severity, (s: string) => string> = { error: pc.red, warning: pc.yellow, info: pc.cyan };

/** Findings on stderr, one line each; the severity coloured on a terminal. */
export function printFindings(findings: readonly Finding[], stream: NodeJS.WriteStream = process.stderr): void {
  const colour = stream.isTTY === true;
  // Written in chunks: a large run has tens of thousands of findings, and one write (a syscall:
  // stderr is synchronous) per line cost ~3x as much as the formatting (30 ms vs 10 ms for 30,000).
  let chunk = '';
  for (const f of findings) {
    const line = formatFinding(f);
    chunk += (colour ? COLOURS[f.severity](f.severity) + line.slice(f.severity.length) : line) + '\n';
    if (chunk.length >= 65536) {
      stream.write(chunk);
      chunk = '';
    }
  }
  if (chunk !== '') stream.write(chunk);
}

export function countBySeverity(findings: readonly Finding[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const f of findings) counts[f.severity]++;
  return counts;
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/**
 * The summary of a run: what was converted, by kind, into how many objects, what failed or
 * was skipped, and the findings by severity.
 */
export function summaryLine(result: { units: { kind: string; status: string }[]; objects: unknown[]; findings: readonly Finding[]; failed: number }, where = ''): string {
  const converted = new Map<string, number>();
  let skipped = 0;
  for (const u of result.units) {
    if (u.status === 'converted') converted.set(u.kind, (converted.get(u.kind) ?? 0) + 1);
    else if (u.status === 'skipped') skipped++;
  }
  const kinds = ['app', 'pod', 'job', 'edgelb-pool'].filter((k) => converted.has(k)).map((k) => plural(converted.get(k)!, k === 'edgelb-pool' ? 'Edge-LB pool' : k));
  const c = countBySeverity(result.findings);
  // The same count of Marathon objects as validate and report: every app, pod and job (group
  // members one by one); inputs that failed before any object was found are counted apart.
  const failedObjects = result.units.filter((u) => u.status === 'failed').length;
  const failedInputs = Math.max(0, result.failed - failedObjects);
  return `${plural(result.units.length, 'Marathon object')}: converted ${kinds.length > 0 ? kinds.join(', ') : 'nothing'} to ${plural(result.objects.length, 'Kubernetes object')}${where}; ` +
    `${skipped > 0 ? `${skipped} skipped, ` : ''}${failedObjects} failed${failedInputs > 0 ? ` (and ${plural(failedInputs, 'input')} not converted)` : ''}; ` +
    `findings: ${plural(c.error, 'error')}, ${plural(c.warning, 'warning')}, ${c.info} info`;
}
