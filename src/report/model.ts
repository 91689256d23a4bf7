/**
 * The migration report model: what became of every Marathon object of a conversion run, built
 * from a ConversionResult. Pure (no I/O, no clock), and deterministic: the same result gives the
 * same report, whatever order the inputs were named in. The renderers (text, json, markdown,
 * html) only format this model.
 *
 * Status of a Marathon object:
 * - `failed`: nothing was emitted for it;
 * - `needs-manual-work`: an error finding, or a finding whose code means a human must act
 *   (a Secret to create, data to copy, a field nothing migrated…), or the object was skipped on
 *   purpose (DC/OS packages);
 * - `migrated-with-approximations`: findings that say the output approximates Marathon's
 *   behaviour, nothing to act on;
 * - `migrated`: no finding, or only notes (a name sanitized, a label kept as annotation…).
 */
import { FINDING_CODES, SEVERITY_RANK, type Finding, type Severity } from '../findings.js';
import type { ConversionResult, ConvertedUnit } from '../pipeline.js';
import type { SecretStoreSummary } from '../secrets/run.js';
import { toReportRunbooks, type ReportRunbook } from '../runbook/report.js';

export type ReportStatus = 'migrated' | 'migrated-with-approximations' | 'needs-manual-work' | 'failed';

/** Best first; also the order of totals and sections. */
export const REPORT_STATUSES: readonly ReportStatus[] = ['migrated', 'migrated-with-approximations', 'needs-manual-work', 'failed'];

export const STATUS_LABELS: Record<ReportStatus, string> = {
  migrated: 'migrated',
  'migrated-with-approximations': 'migrated with approximations',
  'needs-manual-work': 'needs manual work',
  failed: 'failed',
};

/**
 * What a finding means for the migration of its object:
 * - `note`: informational, the object is migrated as it was;
 * - `approximation`: the output behaves close to, not exactly like, Marathon; nothing to do;
 * - `action`: a human must act before (or while) the object runs on Kubernetes.
 */
export type Impact = 'note' | 'approximation' | 'action';

const IMPACT_RANK: Record<Impact, number> = { note: 0, approximation: 1, action: 2 };

/**
 * The impact of each finding code. Keyed by plain strings on purpose: a code can be classified
 * before it exists in FINDING_CODES, and a code missing here falls back to IMPACT_BY_SEVERITY.
 * Whatever the table says, the severity sets a floor (see impactOf).
 */
export const FINDING_IMPACT: Readonly<Record<string, Impact>> = {
  // Inputs that could not be read or converted.
  'json-syntax': 'action',
  'input-unreadable': 'action',
  'unknown-format': 'action',
  'schema-violation': 'action',
  'cmd-and-args': 'action',
  'invalid-object': 'action',
  'internal-error': 'action',
  // Nothing lost silently: a field no mapper consumed needs a person to look at it.
  'unmapped-field': 'action',
  // Edge-LB pools.
  'edgelb-pool-v1': 'action',
  'edgelb-route-not-mapped': 'action',
  'edgelb-route-approximated': 'approximation',
  'edgelb-backend-unresolved': 'action',
  'edgelb-backend-not-in-input': 'action',
  'edgelb-catch-all': 'action',
  'edgelb-certificate': 'action',
  'edgelb-tcp-service': 'note',
  'edgelb-frontend-not-translated': 'action',
  'edgelb-setting-not-mapped': 'action',
  'edgelb-pool-deployment': 'note',
  // Names, labels, ports, networks.
  'name-changed': 'note',
  'label-as-annotation': 'note',
  'random-host-port-dropped': 'note',
  'host-port-dropped': 'approximation',
  'container-port-dynamic': 'approximation',
  'host-network': 'approximation',
  'network-not-mapped': 'approximation',
  'service-port-clash': 'action',
  // Image, user, resources, strategies.
  'default-image': 'action',
  'user-not-mapped': 'action',
  'resource-limit-approximated': 'approximation',
  'upgrade-strategy-approximated': 'approximation',
  // Health checks.
  'health-check-extra': 'approximation',
  'health-check-approximated': 'approximation',
  'probe-port-unresolved': 'action',
  'readiness-status-codes': 'approximation',
  // Groups, dependencies, packages.
  'dcos-package': 'action',
  'dependency-missing': 'action',
  'dependency-cycle': 'action',
  // Secrets and registry credentials: the cluster must provide them.
  'secret-needed': 'action',
  'secret-undeclared': 'action',
  'secret-unused': 'note',
  'secret-from-store': 'note',
  'secret-missing': 'action',
  'secret-unreadable': 'action',
  'secret-invalid': 'action',
  'secret-file-in-sandbox': 'approximation',
  'secret-file-not-mounted': 'action',
  'registry-credential': 'action',
  // Volumes: data stays behind on the agents.
  'hostpath-volume': 'action',
  'sandbox-volume': 'approximation',
  'persistent-volume-data': 'action',
  'persistent-volume-option': 'approximation',
  'external-volume': 'action',
  'external-volume-option': 'approximation',
  'residency-ignored': 'note',
  // Where the tool for the copy (an action reported above) is: a note, not a second action.
  'data-runbook': 'note',
  // Placement.
  'constraint-approximated': 'approximation',
  'constraint-not-applied': 'action',
  'constraint-regex': 'action',
  'constraint-host-pinned': 'action',
  'node-label-sanitized': 'note',
  'resource-role-not-mapped': 'approximation',
  'public-node': 'approximation',
  'unreachable-strategy': 'approximation',
  // The admin router's /service/<name> URL is gone: an Ingress must replace it if people used it.
  'admin-router-path': 'action',
  // What Marathon ran could not have run as converted: a person must fix the input or the cluster.
  'user-not-applied': 'note',
  'unrendered-placeholder': 'action',
  'image-reference-invalid': 'action',
  'internal-registry-image': 'action',
  'registry-login-artifact': 'action',
  'mesos-framework': 'action',
  'fetch-tls-unverified': 'action',
};

/**
 * Codes not in FINDING_IMPACT (added later): an error or a warning asks for a person, an info is
 * a note. Erring towards "needs manual work" is the safe side: a report that under-states the
 * work is worse than one a reviewer downgrades.
 */
export const IMPACT_BY_SEVERITY: Record<Severity, Impact> = { error: 'action', warning: 'action', info: 'note' };

/** The least impact a severity allows: an error always needs a person, a warning is never a note. */
const SEVERITY_FLOOR: Record<Severity, Impact> = { error: 'action', warning: 'approximation', info: 'note' };

export function impactOf(f: Pick<Finding, 'code' | 'severity'>): Impact {
  const byCode = FINDING_IMPACT[f.code] ?? IMPACT_BY_SEVERITY[f.severity];
  const floor = SEVERITY_FLOOR[f.severity];
  return IMPACT_RANK[byCode] >= IMPACT_RANK[floor] ? byCode : floor;
}

/** A finding as the report shows it: the conversion's finding plus what it means for the migration. */
export interface ReportFinding extends Omit<Finding, 'code'> {
  /** A string, not FindingCode: a report may be built from findings of another version. */
  code: string;
  impact: Impact;
}

export interface ReportObjectRef {
  kind: string;
  namespace?: string;
  name: string;
}

/** One Marathon object (app, pod, job) and what became of it. */
export interface ReportItem {
  kind: string;
  id?: string;
  file: string;
  pointer: string;
  status: ReportStatus;
  /** The pipeline's own outcome: converted, failed, skipped… */
  conversion: string;
  objects: ReportObjectRef[];
  /** Most severe first, then in file order. */
  findings: ReportFinding[];
}

export interface ReportNeed {
  kind: string;
  name: string;
  namespace?: string;
  details: string[];
  apps: string[];
}

export interface CodeCount {
  code: string;
  /** The highest severity the code was reported with in this run. */
  severity: Severity;
  impact: Impact;
  count: number;
  /** FINDING_CODES' summary, when the code is known. */
  summary?: string;
}

export interface ReportTotals {
  /** Marathon objects met. */
  objects: number;
  byStatus: Record<ReportStatus, number>;
  /** Per Marathon kind (app, pod, job…), sorted by kind: the total and each status. */
  byKind: Record<string, { total: number } & Record<ReportStatus, number>>;
  /** Kubernetes objects emitted (Namespaces included), in all and per kind. */
  kubernetesObjects: { total: number; byKind: Record<string, number> };
  findings: { total: number; bySeverity: Record<Severity, number> };
  /** Most frequent first, then by code. */
  byCode: CodeCount[];
  /** Inputs (files or objects) that could not be converted at all (the pipeline's count). */
  failedInputs: number;
}

export interface MigrationReport {
  /** The Kubernetes version the objects were made for; what it lacked is in `needs` (kind kubernetes-feature). */
  kubeVersion?: string;
  totals: ReportTotals;
  items: ReportItem[];
  /** Cluster-level needs, in NEED_KINDS order, then by namespace and name. */
  needs: ReportNeed[];
  /** Findings about no single Marathon object: unreadable files, group-level problems. */
  otherFindings: ReportFinding[];
  /** Every finding of the run, in file and pointer order. */
  findings: ReportFinding[];
  /** With --secret-store-url: each Secret the apps read and what the DC/OS secret store held for it (never a value). */
  secretStore?: SecretStoreSummary;
  /** Apps whose volume data must be copied into new claims, and the runbook that does it (src/runbook/). */
  runbooks?: ReportRunbook[];
}

/** How needs are ordered and titled; kinds added later come after these, alphabetically. */
export const NEED_KINDS: readonly { kind: string; title: string; action: string }[] = [
  { kind: 'secret', title: 'Secrets to create', action: 'create Secret' },
  { kind: 'image-pull-secret', title: 'Image pull Secrets to create', action: 'create image pull Secret' },
  { kind: 'node-label', title: 'Node labels to set', action: 'label nodes with' },
  { kind: 'storage-class', title: 'Storage classes', action: 'provide storage class' },
  { kind: 'ingress-class', title: 'Ingress classes', action: 'provide ingress class' },
  { kind: 'external-volume', title: 'External volumes to re-create or migrate', action: 're-create or migrate external volume' },
  { kind: 'host-path', title: 'Host paths that must exist on the nodes', action: 'provide host path' },
  { kind: 'kubernetes-feature', title: 'Kubernetes features the target version lacks', action: 'approximated for lack of' },
];

export function needKindInfo(kind: string): { title: string; action: string } {
  return NEED_KINDS.find((k) => k.kind === kind) ?? { title: `Other needs: ${kind}`, action: `provide ${kind}` };
}

// ---------------------------------------------------------------------------------------------

export function buildReport(result: ConversionResult & { secretStore?: SecretStoreSummary }): MigrationReport {
  const units = result.units.map((unit) => ({ unit, findings: [] as ReportFinding[] }));
  const otherFindings: ReportFinding[] = [];
  const all: ReportFinding[] = [];
  const owners = new Owners(result.units);
  for (const f of result.findings) {
    const rf = toReportFinding(f);
    all.push(rf);
    const owner = owners.of(f);
    if (owner === undefined) otherFindings.push(rf);
    else units[owner]!.findings.push(rf);
  }

  const items = units.map(({ unit, findings }) => toItem(unit, findings)).sort(compareItems);
  const needs = result.needs
    .map((n): ReportNeed => ({
      kind: n.kind, name: n.name, ...(n.namespace !== undefined ? { namespace: n.namespace } : {}),
      details: [...new Set(n.details ?? [])].sort(), apps: [...new Set(n.apps)].sort(),
    }))
    .sort(compareNeeds);

  return {
    ...(result.kubeVersion !== undefined ? { kubeVersion: result.kubeVersion } : {}),
    totals: totalsOf(result, items, all),
    items,
    needs,
    otherFindings: otherFindings.sort(compareFlat),
    findings: all.sort(compareFlat),
    ...(result.secretStore !== undefined ? { secretStore: sortedSecretStore(result.secretStore) } : {}),
    runbooks: toReportRunbooks(result.runbooks ?? []),
  };
}

function sortedSecretStore(s: SecretStoreSummary): SecretStoreSummary {
  const secrets = [...s.secrets].sort((a, b) => cmp(a.namespace, b.namespace) || cmp(a.name, b.name));
  return { ...s, secrets };
}

function toReportFinding(f: Finding): ReportFinding {
  return {
    severity: f.severity,
    code: f.code,
    impact: impactOf(f),
    ...(f.app !== undefined ? { app: f.app } : {}),
    ...(f.file !== undefined ? { file: f.file } : {}),
    pointer: f.pointer,
    ...(f.line !== undefined ? { line: f.line } : {}),
    ...(f.column !== undefined ? { column: f.column } : {}),
    message: f.message,
    ...(f.hint !== undefined ? { hint: f.hint } : {}),
  };
}

/**
 * The unit a finding is about: same file, and the unit's pointer is the finding's pointer or a
 * prefix of it (the deepest such unit wins). Findings without a file fall back to the Marathon id.
 */
class Owners {
  private readonly byFile = new Map<string, number[]>();
  private readonly byId = new Map<string, number[]>();

  constructor(private readonly units: readonly ConvertedUnit[]) {
    units.forEach((u, i) => {
      push(this.byFile, u.file, i);
      if (u.id !== undefined) push(this.byId, u.id, i);
    });
  }

  of(f: Finding): number | undefined {
    const candidates = f.file !== undefined ? this.byFile.get(f.file) : f.app !== undefined ? this.byId.get(f.app) : undefined;
    let best: number | undefined;
    for (const i of candidates ?? []) {
      const u = this.units[i]!;
      if (f.file !== undefined && !within(f.pointer, u.pointer)) continue;
      if (best === undefined || u.pointer.length > this.units[best]!.pointer.length) best = i;
    }
    return best;
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function within(pointer: string, prefix: string): boolean {
  return prefix === '' || pointer === prefix || pointer.startsWith(prefix + '/');
}

function toItem(unit: ConvertedUnit, findings: ReportFinding[]): ReportItem {
  const conversion: string = unit.status;
  return {
    kind: unit.kind,
    ...(unit.id !== undefined ? { id: unit.id } : {}),
    file: unit.file,
    pointer: unit.pointer,
    status: statusOf(conversion, findings),
    conversion,
    objects: unit.objects.map(parseObjectRef),
    findings: findings.sort(compareInItem),
  };
}

function statusOf(conversion: string, findings: readonly ReportFinding[]): ReportStatus {
  if (conversion === 'failed') return 'failed';
  // Skipped on purpose (DC/OS packages) or any outcome added later: a person decides.
  if (conversion !== 'converted') return 'needs-manual-work';
  let worst: Impact = 'note';
  for (const f of findings) if (IMPACT_RANK[f.impact] > IMPACT_RANK[worst]) worst = f.impact;
  return worst === 'action' ? 'needs-manual-work' : worst === 'approximation' ? 'migrated-with-approximations' : 'migrated';
}

/** `Deployment shop/web` → { kind, namespace, name }; a cluster-scoped object has no namespace. */
export function parseObjectRef(text: string): ReportObjectRef {
  const space = text.indexOf(' ');
  const kind = space < 0 ? '' : text.slice(0, space);
  const rest = space < 0 ? text : text.slice(space + 1);
  const slash = rest.indexOf('/');
  if (slash < 0) return { kind, name: rest };
  const namespace = rest.slice(0, slash);
  return { kind, ...(namespace !== '' ? { namespace } : {}), name: rest.slice(slash + 1) };
}

export function formatObjectRef(o: ReportObjectRef): string {
  return `${o.kind} ${o.namespace !== undefined ? o.namespace + '/' : ''}${o.name}`;
}

function totalsOf(result: ConversionResult, items: readonly ReportItem[], findings: readonly ReportFinding[]): ReportTotals {
  const byStatus = zeroStatuses();
  const byKind: ReportTotals['byKind'] = {};
  for (const item of items) {
    byStatus[item.status]++;
    const k = (byKind[item.kind] ??= { total: 0, ...zeroStatuses() });
    k.total++;
    k[item.status]++;
  }

  const kubeKinds: Record<string, number> = {};
  for (const o of result.objects) kubeKinds[o.kind] = (kubeKinds[o.kind] ?? 0) + 1;

  const bySeverity: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  const codes = new Map<string, CodeCount>();
  for (const f of findings) {
    bySeverity[f.severity]++;
    const c = codes.get(f.code);
    if (!c) {
      const summary = (FINDING_CODES as Record<string, { summary: string } | undefined>)[f.code]?.summary;
      codes.set(f.code, { code: f.code, severity: f.severity, impact: f.impact, count: 1, ...(summary !== undefined ? { summary } : {}) });
      continue;
    }
    c.count++;
    if (SEVERITY_RANK[f.severity] > SEVERITY_RANK[c.severity]) c.severity = f.severity;
    if (IMPACT_RANK[f.impact] > IMPACT_RANK[c.impact]) c.impact = f.impact;
  }

  return {
    objects: items.length,
    byStatus,
    byKind: sortKeys(byKind),
    kubernetesObjects: { total: result.objects.length, byKind: sortKeys(kubeKinds) },
    findings: { total: findings.length, bySeverity },
    byCode: [...codes.values()].sort((a, b) => b.count - a.count || cmp(a.code, b.code)),
    failedInputs: result.failed,
  };
}

function zeroStatuses(): Record<ReportStatus, number> {
  return { migrated: 0, 'migrated-with-approximations': 0, 'needs-manual-work': 0, failed: 0 };
}

function sortKeys<T>(o: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => cmp(a, b)));
}

// ---------------------------------------------------------------------------------------------
// Ordering: locale-independent, pointers token by token with numeric tokens as numbers.

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function comparePointers(a: string, b: string): number {
  const ta = a === '' ? [] : a.slice(1).split('/');
  const tb = b === '' ? [] : b.slice(1).split('/');
  for (let i = 0; i < Math.min(ta.length, tb.length); i++) {
    const x = ta[i]!;
    const y = tb[i]!;
    if (x === y) continue;
    const nx = /^\d+$/.test(x) ? Number(x) : NaN;
    const ny = /^\d+$/.test(y) ? Number(y) : NaN;
    if (!Number.isNaN(nx) && !Number.isNaN(ny) && nx !== ny) return nx - ny;
    return cmp(x, y);
  }
  return ta.length - tb.length;
}

function compareItems(a: ReportItem, b: ReportItem): number {
  if (a.id === undefined || b.id === undefined) {
    if (a.id !== b.id) return a.id === undefined ? 1 : -1;
  } else if (a.id !== b.id) {
    return cmp(a.id, b.id);
  }
  return cmp(a.file, b.file) || comparePointers(a.pointer, b.pointer) || cmp(a.kind, b.kind);
}

function compareInItem(a: ReportFinding, b: ReportFinding): number {
  return SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] || compareFlat(a, b);
}

function compareFlat(a: ReportFinding, b: ReportFinding): number {
  return cmp(a.file ?? '', b.file ?? '')
    || comparePointers(a.pointer, b.pointer)
    || (a.line ?? 0) - (b.line ?? 0)
    || SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity]
    || cmp(a.code, b.code)
    || cmp(a.app ?? '', b.app ?? '')
    || cmp(a.message, b.message);
}

function compareNeeds(a: ReportNeed, b: ReportNeed): number {
  const rank = (k: string) => {
    const i = NEED_KINDS.findIndex((n) => n.kind === k);
    return i < 0 ? NEED_KINDS.length : i;
  };
  return rank(a.kind) - rank(b.kind) || cmp(a.kind, b.kind) || cmp(a.namespace ?? '', b.namespace ?? '') || cmp(a.name, b.name);
}
