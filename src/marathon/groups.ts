/**
 * Group trees (POST /v2/groups bodies, GET /v2/groups dumps) → the apps and pods they hold, at
 * any depth, each with the id of its group (to resolve relative ids) and the dependencies it
 * inherits (Marathon applies a group's dependencies to every transitive member).
 */
import { Ledger, escapePointerToken, finding, type Finding } from '../findings.js';
import { resolveId } from './ids.js';
import { arr, isObject, str, type JsonObject } from './json.js';

export interface InheritedDependency {
  id: string;
  /** Pointer of the dependency in the file (in the group that declares it). */
  pointer: string;
}

export interface GroupMember {
  kind: 'app' | 'pod';
  raw: JsonObject;
  /** Pointer of the member in its file, e.g. `/groups/0/apps/2`. */
  pointer: string;
  /** The absolute id of the group it belongs to (relative member ids resolve against it). */
  groupId: string;
  /** Dependencies inherited from the enclosing groups: absolute ids and where the group states them. */
  inheritedDependencies: InheritedDependency[];
}

/** Group fields that describe a running state or a one-off operation, not the definition. */
const GROUP_RESPONSE_FIELDS = new Set(['version', 'versionInfo', 'scaleBy']);
/** What a group's own ledger leaves out: response fields, and the members (each has its own ledger). */
const GROUP_LEDGER_SKIPPED = new Set([...GROUP_RESPONSE_FIELDS, 'apps', 'groups', 'pods']);

export interface FlattenedGroup {
  members: GroupMember[];
  /** Findings about the groups themselves (unknown fields, ignored settings). */
  findings: Finding[];
}

export function flattenGroup(raw: JsonObject, pointer: string, file: string): FlattenedGroup {
  const out: FlattenedGroup = { members: [], findings: [] };
  walk(raw, pointer, '/', [], file, out);
  return out;
}

function walk(group: JsonObject, pointer: string, parentId: string, inherited: InheritedDependency[], file: string, out: FlattenedGroup): void {
  const id = resolveId(str(group.id) ?? '/', parentId);
  const own: InheritedDependency[] = [];
  (arr(group.dependencies) ?? []).forEach((d, i) => {
    if (typeof d === 'string') own.push({ id: resolveId(d, id), pointer: `${pointer}/dependencies/${i}` });
  });
  const dependencies = [...inherited, ...own];

  // Members are accounted for by their own ledgers, so the group's ledger does not collect their
  // leaves (that walked every subtree once per enclosing group); id and dependencies are used here.
  const ledger = new Ledger(group, GROUP_LEDGER_SKIPPED);
  ledger.use('/id', '/dependencies');
  // enforceRole only chooses the Mesos role of the apps: nothing to place on Kubernetes.
  ledger.use('/enforceRole');
  for (const leaf of ledger.unconsumed()) {
    out.findings.push(finding('unmapped-field', pointer + leaf, 'group field not migrated: no mapping for it', { app: id, file }));
  }

  (arr(group.apps) ?? []).forEach((app, i) => {
    if (isObject(app)) out.members.push({ kind: 'app', raw: app, pointer: `${pointer}/apps/${i}`, groupId: id, inheritedDependencies: dependencies });
  });
  (arr(group.pods) ?? []).forEach((pod, i) => {
    // GET /v2/groups?embed=group.pods returns pod *status* objects with the definition under `spec`.
    if (!isObject(pod)) return;
    const isStatus = isObject(pod.spec) && !Array.isArray(pod.containers);
    out.members.push({
      kind: 'pod',
      raw: isStatus ? (pod.spec as JsonObject) : pod,
      pointer: isStatus ? `${pointer}/pods/${i}/spec` : `${pointer}/pods/${i}`,
      groupId: id,
      inheritedDependencies: dependencies,
    });
  });
  (arr(group.groups) ?? []).forEach((child, i) => {
    if (isObject(child)) walk(child, `${pointer}/groups/${i}`, id, dependencies, file, out);
  });
}

export { escapePointerToken };
