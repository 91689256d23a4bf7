/**
 * The `validate` command's work: parse, detect and schema-check inputs without converting.
 * Counts and attributes as `convert` and `report` do: every app, pod and job is one Marathon
 * object (a group tree counts its members, not itself), and an issue inside a group is the
 * member's, under the member's absolute id.
 */
import { poolVersion } from './edgelb/detect.js';
import { poolId } from './edgelb/model.js';
import { validatePool } from './edgelb/validate.js';
import { finding, type Finding } from './findings.js';
import { readDocument } from './marathon/documents.js';
import { flattenGroup } from './marathon/groups.js';
import { resolveId } from './marathon/ids.js';
import { readInputs, type ReadResult } from './marathon/load.js';
import { issueFinding, validateMarathon, type SchemaIssue } from './marathon/validate.js';

export interface ValidationResult {
  findings: Finding[];
  /** Marathon objects checked (apps, pods, jobs; group members one by one). */
  checked: number;
  /** The absolute id of every object checked (undefined when it has none), in input order. */
  ids?: (string | undefined)[];
}

export async function validateInputs(inputs: string[], remote?: ReadResult): Promise<ValidationResult> {
  const read = await readInputs(inputs);
  const result: ValidationResult = { findings: [...(remote?.errors ?? []), ...read.errors], checked: 0, ids: [] };
  for (const source of [...(remote?.sources ?? []), ...read.sources]) {
    const doc = readDocument(source);
    if (!doc.ok) {
      result.findings.push(doc.error);
      continue;
    }
    for (const object of doc.objects) {
      if (object.kind === 'edgelb-pool') {
        poolFindings(result, source.file, object.raw, object.pointer);
        continue;
      }
      const issues = validateMarathon(object.kind, object.raw).map((i) => ({ ...i, pointer: object.pointer + i.pointer }));
      if (object.kind !== 'group') {
        const raw = object.raw.id;
        const id = typeof raw === 'string' && raw.trim() !== '' ? (object.kind === 'job' ? raw : resolveId(raw)) : undefined;
        count(result, id);
        for (const issue of issues) result.findings.push(issueFinding(issue, issue.pointer, { file: source.file, ...(id ? { app: id } : {}) }));
        continue;
      }
      groupFindings(result, source.file, object.raw, object.pointer, issues);
    }
  }
  return result;
}

/** A group tree: each member counted, each issue given to the deepest member that holds it. */
function groupFindings(result: ValidationResult, file: string, raw: Record<string, unknown>, pointer: string, issues: SchemaIssue[]): void {
  const members = flattenGroup(raw, pointer, file).members;
  const inside = (p: string, prefix: string) => p === prefix || p.startsWith(prefix + '/');
  const claimed = new Set<SchemaIssue>();
  for (const member of members) {
    const rawId = member.raw.id;
    const id = typeof rawId === 'string' && rawId.trim() !== '' ? resolveId(rawId, member.groupId) : undefined;
    count(result, id);
    for (const issue of issues) {
      if (claimed.has(issue) || !inside(issue.pointer, member.pointer)) continue;
      claimed.add(issue);
      result.findings.push(issueFinding(issue, issue.pointer, { file, ...(id ? { app: id } : {}) }));
    }
  }
  // What no member holds is the group's own (its id, its dependencies…).
  const groupId = typeof raw.id === 'string' ? resolveId(raw.id) : undefined;
  for (const issue of issues) {
    if (!claimed.has(issue)) result.findings.push(issueFinding(issue, issue.pointer, { file, ...(groupId ? { app: groupId } : {}) }));
  }
}

/** An Edge-LB pool: V2 pools checked against the pool reference; a V1 pool is said to be one. */
function poolFindings(result: ValidationResult, file: string, raw: Record<string, unknown>, pointer: string): void {
  const id = poolId(raw);
  count(result, id);
  const where = { file, ...(id ? { app: id } : {}) };
  if (poolVersion(raw) === 'V1') {
    result.findings.push(finding('edgelb-pool-v1', pointer, 'an Edge-LB pool of the V1 API: convert does not translate it', { ...where, hint: 'rewrite it as a V2 pool (backends with "services")' }));
    return;
  }
  for (const issue of validatePool(raw)) result.findings.push(issueFinding(issue, pointer + issue.pointer, where));
}

function count(result: ValidationResult, id: string | undefined): void {
  result.checked++;
  result.ids?.push(id);
}
