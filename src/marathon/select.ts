/**
 * `--select /team` (repeatable): a subset of a big export by Marathon id prefix. The whole input
 * is still read and converted, so names and cross-app references (Mesos-DNS rewrites, VIPs,
 * dependencies) come out exactly as in a run over everything — a migration done wave by wave
 * gets the same objects as one done at once — and only the selected objects, their findings and
 * cluster needs are kept.
 */
import { MARATHON_ID_ANNOTATION } from '../kube/types.js';
import type { Finding } from '../findings.js';
import type { ConversionResult } from '../pipeline.js';

/** `team`, `/team/` → `/team`; `/` selects everything. */
export function normalizeSelector(prefix: string): string {
  const trimmed = prefix.trim().replace(/\/+$/, '');
  return trimmed === '' ? '/' : trimmed.startsWith('/') ? trimmed : `/${trimmed}`;
}

/**
 * Whether a Marathon id lies under one of the prefixes: the id itself or below it, segment-wise
 * (`/team` selects `/team/web`, not `/teamster`). Metronome ids are dotted (`team.nightly`) and
 * compared as paths (`/team/nightly`).
 */
export function selects(prefixes: readonly string[], id: string): boolean {
  const path = id.startsWith('/') ? id : `/${id.replace(/\./g, '/')}`;
  return prefixes.some((p) => p === '/' || path === p || path.startsWith(p + '/'));
}

export interface Selection {
  result: ConversionResult;
  /** Marathon objects (units) in the input before selecting. */
  before: number;
}

/**
 * The selected part of a run. Kept: units whose id is selected (and units without id, which
 * failed and must stay visible); objects whose Marathon id annotation is selected (Namespaces
 * when a kept object is in them, objects without annotation always); findings about a selected
 * id or about no id (unreadable files); needs with their app lists cut to the selection.
 */
export function selectResult(result: ConversionResult, rawPrefixes: readonly string[]): Selection {
  const prefixes = rawPrefixes.map(normalizeSelector);
  const keep = (id: string | undefined) => id === undefined || selects(prefixes, id);
  const units = result.units.filter((u) => keep(u.id));
  const droppedFailures = result.units.filter((u) => !keep(u.id) && u.status === 'failed').length;
  const objects = result.objects.filter((o) => o.kind !== 'Namespace' && keep(o.metadata.annotations?.[MARATHON_ID_ANNOTATION]));
  const namespaces = new Set(objects.map((o) => o.metadata.namespace));
  const kept = [...result.objects.filter((o) => o.kind === 'Namespace' && namespaces.has(o.metadata.name)), ...objects];
  const findings: Finding[] = result.findings.filter((f) => keep(f.app));
  const needs = result.needs
    .map((n) => ({ ...n, apps: n.apps.filter((a) => selects(prefixes, a)) }))
    .filter((n) => n.apps.length > 0);
  return {
    before: result.units.length,
    result: {
      units,
      objects: kept,
      findings,
      needs,
      failed: result.failed - droppedFailures,
      converted: units.filter((u) => u.status === 'converted').length,
      ...(result.kubeVersion !== undefined ? { kubeVersion: result.kubeVersion } : {}),
      ...(result.runbooks !== undefined ? { runbooks: result.runbooks.filter((r) => keep(r.marathonId)) } : {}),
    },
  };
}
