/**
 * Findings and the field ledger: how marathon2k8s makes sure nothing is lost silently.
 *
 * A finding says what happened to a piece of input that could not be migrated exactly:
 * approximated, dropped, or needing a human. Codes are stable kebab-case strings; each one is
 * documented in FINDING_CODES (and in the README, which a test keeps in step).
 *
 * The ledger records which input leaves the translator read. After translation every leaf that
 * no mapper consumed becomes an `unmapped-field` finding, so a Marathon field that no mapper
 * knows can never vanish.
 */

export type Severity = 'info' | 'warning' | 'error';

export const SEVERITY_RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

export interface Finding {
  severity: Severity;
  /** Stable kebab-case code, a key of FINDING_CODES. */
  code: FindingCode;
  /** The Marathon id of the app/pod/job concerned, when there is one. */
  app?: string;
  /** The input file ('-' for stdin). */
  file?: string;
  /** JSON pointer into the input file ('' for the whole document). */
  pointer: string;
  /** Line and column in the file, for syntax errors. */
  line?: number;
  column?: number;
  message: string;
  /** What the user can do about it. */
  hint?: string;
}

/** Every finding code, its default severity and what it means (documented in the README). */
export const FINDING_CODES = {
  'json-syntax': { severity: 'error', summary: 'The input is not valid JSON; the file is skipped.' },
  'input-unreadable': { severity: 'error', summary: 'A file or directory could not be read.' },
  'unknown-format': { severity: 'error', summary: 'The JSON is not a Marathon app, app list, group, pod or Metronome job.' },
  'unsupported-kind': { severity: 'error', summary: 'A Marathon pod, group or Metronome job: detected but not converted yet.' },
  'schema-violation': { severity: 'error', summary: 'A field breaks the Marathon schema or one of Marathon\'s own validation rules; the app is converted where it safely can be.' },
  'unmapped-field': { severity: 'warning', summary: 'An input field that no mapper consumed: it has no Kubernetes counterpart in this version of the tool and is not in the output.' },
  'name-changed': { severity: 'info', summary: 'The Kubernetes name differs from the Marathon id beyond the usual mapping (sanitized, shortened with a hash, or made unique).' },
  'label-as-annotation': { severity: 'info', summary: 'A Marathon label is not valid Kubernetes label syntax and became an annotation.' },
  'default-image': { severity: 'warning', summary: 'The app has no container image (it ran in the Mesos sandbox on the agent); the --default-image is used and the command may need tools that image lacks.' },
  'random-host-port-dropped': { severity: 'info', summary: 'A dynamically assigned host port (hostPort 0) is not needed on Kubernetes and was dropped.' },
  'host-port-dropped': { severity: 'warning', summary: 'A fixed host port was dropped (pod networking is used); use --keep-host-ports to keep it.' },
  'container-port-dynamic': { severity: 'warning', summary: 'The container port is 0 (assigned by Mesos at launch); a fixed port was chosen and exported as $PORTn.' },
  'host-network': { severity: 'info', summary: 'The app asked for host networking; it runs on the pod network (its ports are given as $PORTn) unless --host-network is given.' },
  'network-not-mapped': { severity: 'info', summary: 'Container network labels (CNI arguments) have no pod-level equivalent; the pod uses the cluster network.' },
  'service-port-clash': { severity: 'warning', summary: 'Two ports of an app map to the same Service port and protocol; the second is not exposed by the Service.' },
  'health-check-extra': { severity: 'warning', summary: 'Kubernetes has one liveness probe per container; additional health checks are not converted.' },
  'health-check-approximated': { severity: 'info', summary: 'A health check option has no exact probe equivalent (e.g. ignoreHttp1xx, ipProtocol IPv6, maxConsecutiveFailures 0).' },
  'probe-port-unresolved': { severity: 'warning', summary: 'A health or readiness check names a port index or port name that the app does not declare; the probe was not created.' },
  'readiness-status-codes': { severity: 'warning', summary: 'A readiness check accepts status codes a Kubernetes httpGet probe cannot express (it treats 200–399 as ready).' },
  'resource-limit-approximated': { severity: 'info', summary: 'A resource setting was approximated (e.g. GPUs as an extended resource, "unlimited" limits).' },
  'upgrade-strategy-approximated': { severity: 'info', summary: 'Marathon\'s upgradeStrategy was approximated as a RollingUpdate or Recreate strategy.' },
  'user-not-mapped': { severity: 'warning', summary: 'The app\'s `user` is a name, which Kubernetes cannot run as; set runAsUser to its numeric id.' },
  'invalid-object': { severity: 'error', summary: 'An emitted object fails offline Kubernetes validation. This is a bug in marathon2k8s: please report it.' },
  'internal-error': { severity: 'error', summary: 'Converting one Marathon object failed unexpectedly (a bug); the other inputs are converted.' },
  'cmd-and-args': { severity: 'error', summary: 'The app has both cmd and args, which Marathon rejects; cmd is used.' },
} as const satisfies Record<string, { severity: Severity; summary: string }>;

export type FindingCode = keyof typeof FINDING_CODES;

/** Builds a finding with the code's default severity unless one is given. */
export function finding(
  code: FindingCode,
  pointer: string,
  message: string,
  extra: { hint?: string; severity?: Severity; app?: string; file?: string } = {},
): Finding {
  const f: Finding = { severity: extra.severity ?? FINDING_CODES[code].severity, code, pointer, message };
  if (extra.app !== undefined) f.app = extra.app;
  if (extra.file !== undefined) f.file = extra.file;
  if (extra.hint !== undefined) f.hint = extra.hint;
  return f;
}

/** The one-line form on stderr: `warning[code] /team/app /healthChecks/1: message (hint)`. */
export function formatFinding(f: Finding): string {
  const position = f.line !== undefined ? `:${f.line}:${f.column ?? 1}` : '';
  const subject = f.app ?? (f.file !== undefined ? f.file + position : '-');
  // (An empty pointer is the whole document: nothing to add; '/' would mean the key "".)
  const where = f.pointer === '' ? subject : `${subject} ${f.pointer}`;
  return `${f.severity}[${f.code}] ${where}: ${f.message}${f.hint ? ` (${f.hint})` : ''}`;
}

/** Highest severity among findings, or undefined when there are none. */
export function maxSeverity(findings: readonly Finding[]): Severity | undefined {
  let best: Severity | undefined;
  for (const f of findings) if (best === undefined || SEVERITY_RANK[f.severity] > SEVERITY_RANK[best]) best = f.severity;
  return best;
}

// ---------------------------------------------------------------------------------------------
// JSON pointers (RFC 6901)

export function escapePointerToken(token: string | number): string {
  return String(token).replace(/~/g, '~0').replace(/\//g, '~1');
}

export function joinPointer(base: string, ...tokens: (string | number)[]): string {
  let p = base;
  for (const t of tokens) p += '/' + escapePointerToken(t);
  return p;
}

export function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer.slice(1).split('/').map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

// ---------------------------------------------------------------------------------------------
// The ledger

/**
 * Tracks which leaves of one Marathon object (as the user wrote it) were consumed.
 *
 * Pointers given to `use` are *canonical* pointers: paths in the normalized model the mappers
 * read. Normalization moves legacy forms (`container.docker.portMappings` →
 * `container.portMappings`, `uris` → `fetch`, …) and registers an alias for each move, so a
 * mapper that reads the canonical field marks the leaf the user actually wrote. Canonical paths
 * that normalization invented (defaults) have no leaf behind them and marking them is harmless.
 *
 * All pointers here are relative to the object's own root; `basePointer` places the object in
 * its file for the findings.
 */
export class Ledger {
  private readonly leaves: string[] = [];
  private readonly used = new Set<string>();
  /** canonical prefix → raw prefix, longest match wins. */
  private readonly aliases = new Map<string, string>();

  constructor(raw: unknown, ignoredTopLevelKeys: ReadonlySet<string> = new Set()) {
    collectLeaves(raw, '', this.leaves, ignoredTopLevelKeys);
  }

  /** Normalization moved the raw subtree at `rawPrefix` to `canonicalPrefix`. */
  alias(canonicalPrefix: string, rawPrefix: string): void {
    this.aliases.set(canonicalPrefix, rawPrefix);
  }

  /** Marks the leaf or whole subtree at a canonical pointer as consumed. */
  use(...canonicalPointers: string[]): void {
    for (const p of canonicalPointers) {
      this.used.add(p);
      const raw = this.toRaw(p);
      if (raw !== p) this.used.add(raw);
    }
  }

  /** Marks a raw pointer directly (normalization consuming a legacy form it fully translated). */
  useRaw(rawPointer: string): void {
    this.used.add(rawPointer);
  }

  /** Raw leaf pointers that nothing consumed, in input order. */
  unconsumed(): string[] {
    return this.leaves.filter((leaf) => !this.isUsed(leaf));
  }

  private isUsed(leaf: string): boolean {
    let p = leaf;
    for (;;) {
      if (this.used.has(p)) return true;
      if (p === '') return false;
      p = p.slice(0, p.lastIndexOf('/'));
    }
  }

  /** The raw pointer (as the user wrote it) behind a canonical pointer. */
  toRaw(pointer: string): string {
    let p = pointer;
    for (;;) {
      const target = this.aliases.get(p);
      if (target !== undefined) return target + pointer.slice(p.length);
      if (p === '') return pointer;
      p = p.slice(0, p.lastIndexOf('/'));
    }
  }
}

/** Leaves are non-null primitives; null and empty arrays/objects carry nothing to migrate. */
function collectLeaves(value: unknown, pointer: string, out: string[], ignoredTop: ReadonlySet<string>): void {
  if (value === null || value === undefined) return;
  if (Array.isArray(value)) {
    value.forEach((v, i) => collectLeaves(v, pointer + '/' + i, out, ignoredTop));
  } else if (typeof value === 'object') {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (pointer === '' && ignoredTop.has(k)) continue;
      collectLeaves(v, pointer + '/' + escapePointerToken(k), out, ignoredTop);
    }
  } else {
    out.push(pointer);
  }
}
