/**
 * The same Marathon id twice in one run (two exports of the same cluster, an app copied into
 * two files, one id twice in a list): Marathon itself never held both, so one of them is stale
 * or misnamed. Both are converted (the second under a name made unique with a hash) and a
 * warning names the id and where each definition is, so the user picks the right one.
 */
import { finding, type Finding } from '../findings.js';
import type { ConvertedUnit } from '../pipeline.js';

export function duplicateIdFindings(units: readonly ConvertedUnit[]): Finding[] {
  const first = new Map<string, ConvertedUnit>();
  const out: Finding[] = [];
  for (const unit of units) {
    if (unit.id === undefined) continue;
    const key = `${unit.kind === 'job' ? 'job' : 'app'} ${unit.id}`; // apps and pods share Marathon's id space, jobs have their own
    const earlier = first.get(key);
    if (!earlier) {
      first.set(key, unit);
      continue;
    }
    const where = (u: ConvertedUnit) => `${u.file}${u.pointer === '' ? '' : ` ${u.pointer}`}`;
    const became = (u: ConvertedUnit) => (u.objects.length > 0 ? ` (→ ${u.objects[0]})` : '');
    out.push(finding('duplicate-id', `${unit.pointer}/id`,
      `${unit.id} is defined twice: in ${where(earlier)}${became(earlier)} and in ${where(unit)}${became(unit)}; both were converted`,
      { app: unit.id, file: unit.file, hint: 'keep one of the two: remove the other file or entry, or give it an id of its own' }));
  }
  return out;
}
