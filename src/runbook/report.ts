/**
 * The data runbooks as the migration report shows them (every format): per app, its volumes,
 * the claims they go into with their sizes, and the runbook that copies them. The renderers
 * take the same lines from here, so text, Markdown and HTML say the same.
 */
import type { RunbookPlan } from './plan.js';

export interface ReportRunbook {
  app: string;
  kind: string;
  namespace: string;
  workload: { kind: string; name: string; replicas: number };
  /** exec (dcos task exec) or download (dcos task download): the runbook's default. */
  method: string;
  /** Relative to the directory `convert --out DIR` / `chart --out DIR` writes; null when there is nothing to copy. */
  path: string | null;
  volumes: { name: string; kind: string; marathon: string; size: string; taskPath: string; claims: string[] }[];
  skipped: { name: string; marathon: string; reason: string }[];
}

export function toReportRunbooks(plans: readonly RunbookPlan[]): ReportRunbook[] {
  return plans
    .map((p): ReportRunbook => ({
      app: p.marathonId,
      kind: p.kind,
      namespace: p.namespace,
      workload: { kind: p.workload.kind, name: p.workload.name, replicas: p.workload.replicas },
      method: p.method,
      path: p.volumes.length > 0 ? p.path : null,
      volumes: p.volumes.map((v) => ({ name: v.name, kind: v.kind, marathon: v.marathon, size: v.size, taskPath: v.taskPath, claims: [...v.claims] })),
      skipped: p.skipped.map((s) => ({ ...s })),
    }))
    .sort((a, b) => (a.app < b.app ? -1 : a.app > b.app ? 1 : 0) || (a.path ?? '').localeCompare(b.path ?? ''));
}

/** What the section says before the list. */
export const RUNBOOKS_INTRO = 'convert --out DIR and chart --out DIR write each runbook under DIR; it stops the writes, copies each volume from the Marathon tasks into the claims, verifies, then scales the workload up. Run it with --dry-run first.';

/** One runbook as lines: a head line, then one per volume (and per volume not copied). */
export function runbookLines(r: ReportRunbook): { head: string; details: string[] } {
  const method = r.method === 'exec' ? 'dcos task exec' : 'dcos task download';
  const head = `${r.app} → ${r.workload.kind} ${r.namespace}/${r.workload.name}: `
    + (r.path !== null ? `runbook ${r.path} (${method})` : 'no runbook: nothing it could copy');
  const details = [
    ...r.volumes.map((v) => `${v.name}: ${v.kind} volume "${v.marathon}" → ${v.claims.length === 1 ? 'claim' : 'claims'} ${claimList(v.claims)} (${v.size}${v.claims.length > 1 ? ' each' : ''})`),
    ...r.skipped.map((s) => `not copied: ${s.name} (Marathon "${s.marathon}"): ${s.reason}`),
  ];
  return { head, details };
}

function claimList(claims: readonly string[]): string {
  return claims.length > 3 ? `${claims[0]}, ${claims[1]} … ${claims[claims.length - 1]}` : claims.join(', ');
}
