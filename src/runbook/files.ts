/**
 * Writing the runbooks of a run under an output directory (`convert --out DIR`, `chart --out
 * DIR`): `DIR/runbooks/<namespace>/<workload>.sh`, executable. kubectl apply -R and helm skip
 * them (not .yaml/.json; not in a chart directory).
 */
import { chmodSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { finding, type Finding } from '../findings.js';
import { makeDirectory } from '../emit/files.js';
import type { RunbookPlan } from './plan.js';
import { renderRunbook } from './script.js';

export interface WrittenRunbook {
  plan: RunbookPlan;
  /** Relative to the output directory, '/'-separated. */
  path: string;
  text: string;
}

/** The plans that get a script: those with something to copy (the rest the report explains). */
export function runbooksToWrite(plans: readonly RunbookPlan[]): RunbookPlan[] {
  return plans.filter((p) => p.volumes.length > 0);
}

/** Writes one executable script per plan (mode 0755, also over an existing file). */
export function writeRunbooks(outDir: string, plans: readonly RunbookPlan[]): WrittenRunbook[] {
  const root = resolve(outDir);
  return runbooksToWrite(plans).map((plan) => {
    const target = resolve(root, plan.path);
    if (!target.startsWith(root + '/')) throw new Error(`refusing to write outside ${outDir}: ${plan.path}`);
    const text = renderRunbook(plan);
    makeDirectory(dirname(target));
    writeFileSync(target, text, { mode: 0o755 });
    chmodSync(target, 0o755);
    return { plan, path: plan.path, text };
  });
}

/**
 * The finding that points at a written runbook. Info: the action (copy the data) is already
 * reported by persistent-volume-data / external-volume; this says where the tool for it is.
 */
export function runbookFinding(written: WrittenRunbook, outDir: string): Finding {
  const { plan } = written;
  const names = plan.volumes.map((v) => v.name).join(', ');
  const claims = plan.volumes.reduce((n, v) => n + v.claims.length, 0);
  return finding('data-runbook', `${plan.pointer}${plan.kind === 'pod' ? '/volumes' : '/container/volumes'}`,
    `the runbook ${outDir.replace(/\/+$/, '')}/${written.path} copies the data of ${plan.volumes.length === 1 ? 'volume' : 'volumes'} ${names} `
    + `from the Marathon tasks into ${claims === 1 ? 'its claim' : `${claims} claims`} and verifies it`,
    { app: plan.marathonId, file: plan.file, hint: 'read it, run it with --dry-run, then run it before switching over' });
}
