/**
 * Errors from the cluster, turned into messages a person can act on. The API server explains
 * itself in a Status object; we keep its words, and for the cases users hit most (conflicts with
 * another field manager, invalid objects, missing API versions) say what to do.
 *
 * Never include request headers or the kubeconfig in a message: they carry credentials.
 */

/** A problem with the setup (kubeconfig, connection): the command cannot start. */
export class ClusterError extends Error {
  override name = 'ClusterError';
}

/** The `Status` the API server returns with an error. */
export interface KubeStatus {
  kind?: string;
  status?: string;
  message?: string;
  reason?: string;
  code?: number;
  details?: {
    name?: string;
    group?: string;
    kind?: string;
    causes?: { type?: string; reason?: string; message?: string; field?: string }[];
  };
}

/** An HTTP error answer of the API server. */
export class KubeApiError extends Error {
  override name = 'KubeApiError';
  constructor(
    readonly statusCode: number,
    readonly status: KubeStatus | undefined,
  ) {
    super(status?.message ?? `the API server answered HTTP ${statusCode}`);
  }
}

export function isNotFound(e: unknown): boolean {
  return e instanceof KubeApiError && e.statusCode === 404;
}

/** One field owned by another manager, from a 409 of server-side apply. */
export interface FieldConflict {
  field: string;
  manager: string;
}

/**
 * The conflicts of a server-side apply 409. Each cause reads
 * `conflict with "kubectl-client-side-apply" using apps/v1` with `field: .spec.replicas`.
 */
export function conflictsOf(e: unknown): FieldConflict[] | undefined {
  if (!(e instanceof KubeApiError) || e.statusCode !== 409) return undefined;
  const causes = e.status?.details?.causes ?? [];
  const conflicts = causes
    .filter((c) => c.type === 'FieldManagerConflict' || /conflict with/.test(c.message ?? ''))
    .map((c) => ({
      field: c.field ?? '?',
      manager: /conflict with "([^"]*)"/.exec(c.message ?? '')?.[1] ?? 'another field manager',
    }));
  return conflicts.length > 0 ? conflicts : undefined;
}

/** A one-paragraph explanation of why applying `ref` failed, with what to do about it. */
export function describeApplyError(e: unknown, ref: string): string {
  const conflicts = conflictsOf(e);
  if (conflicts) {
    const list = conflicts.map((c) => `${c.field} (owned by "${c.manager}")`).join(', ');
    return (
      `${ref}: conflict: ${conflicts.length === 1 ? 'a field is' : 'fields are'} managed by another field manager: ${list}. ` +
      `Re-run with --force-conflicts to take ownership for marathon2k8s, or remove the field from the other manager's configuration.`
    );
  }
  if (e instanceof KubeApiError) {
    const s = e.status;
    if (e.statusCode === 422 || s?.reason === 'Invalid') {
      const causes = (s?.details?.causes ?? []).map((c) => `${c.field ?? '?'}: ${c.message ?? c.reason ?? ''}`);
      return `${ref}: rejected by the server as invalid: ${causes.length ? causes.join('; ') : e.message}`;
    }
    if (e.statusCode === 404 && /namespaces? "?[^ ]+"? not found/.test(e.message)) {
      return `${ref}: ${e.message} (the namespace must exist or be among the objects applied)`;
    }
    if (e.statusCode === 401) return `${ref}: not authenticated (HTTP 401): check the kubeconfig's credentials`;
    if (e.statusCode === 403) return `${ref}: forbidden: ${e.message}`;
    return `${ref}: ${e.message} (HTTP ${e.statusCode}${s?.reason ? `, ${s.reason}` : ''})`;
  }
  return `${ref}: ${describeTransportError(e)}`;
}

/** Connection-level failures (refused, TLS, DNS) and library errors, without credentials. */
export function describeTransportError(e: unknown): string {
  if (e instanceof KubeApiError) return e.message;
  const err = e as { message?: string; code?: string; cause?: { code?: string; message?: string } };
  const code = err.code ?? err.cause?.code;
  const message = err.message ?? String(e);
  // The library's own "Unrecognized API version and kind" is clear enough; keep it.
  return code && !message.includes(code) ? `${message} (${code})` : message;
}
