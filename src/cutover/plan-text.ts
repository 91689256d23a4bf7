/** What `cutover --dry-run` prints: the order, what would be applied, what would be recorded. */
import { objectRef } from '../cluster/normalize.js';
import { describeRecord } from './cutover.js';
import { objectsToApply, type CutoverPlan } from './plan.js';
import type { UnitRecord } from './record.js';

export function planText(plan: CutoverPlan, records: ReadonlyMap<string, UnitRecord>): string {
  const lines: string[] = [];
  if (plan.shared.length > 0) lines.push(`first: apply ${plan.shared.map(objectRef).join(', ')}`);
  plan.units.forEach((unit, i) => {
    const r = records.get(unit.id)!;
    const after = unit.dependencies.length > 0 ? `, after ${unit.dependencies.join(', ')}` : '';
    lines.push(`${i + 1}. ${unit.id} (${unit.kind}${after})`);
    lines.push(`   record ${describeRecord(r)}`);
    lines.push(`   apply ${objectsToApply(unit, r).map((o) => `${objectRef(o)}${replicasNote(o)}`).join(', ')}`);
    if (unit.workloads.some((w) => ['Deployment', 'StatefulSet', 'DaemonSet'].includes(w.kind))) lines.push('   wait until Ready');
    if (unit.kind === 'job') {
      const on = Object.entries(r.live.schedules ?? {}).filter(([, e]) => e).map(([id]) => id);
      lines.push(on.length > 0 ? `   disable Metronome schedule${on.length === 1 ? '' : 's'} ${on.join(', ')}` : '   Metronome: no enabled schedule to disable');
    } else {
      lines.push(r.live.instances === 0 ? '   Marathon: already at 0' : `   scale Marathon ${r.live.instances} → 0`);
    }
  });
  for (const s of plan.skipped) lines.push(`left on Marathon: ${s.id} (${s.kind}): ${s.reason}`);
  return lines.join('\n') + '\n';
}

function replicasNote(obj: { kind: string; spec?: unknown }): string {
  const spec = obj.spec as { replicas?: number; suspend?: boolean } | undefined;
  if ((obj.kind === 'Deployment' || obj.kind === 'StatefulSet') && spec?.replicas !== undefined) return ` (${spec.replicas} replica${spec.replicas === 1 ? '' : 's'})`;
  if (obj.kind === 'CronJob') return spec?.suspend ? ' (suspended)' : '';
  return '';
}
