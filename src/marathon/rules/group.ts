/**
 * Group rules (GroupNormalization / group validation): where apps, pods and sub-groups sit in
 * the tree. The rules of each app and pod (app.ts, pod.ts) apply inside the tree too.
 */
import { resolveId } from '../ids.js';
import type { SchemaIssue } from '../validate.js';
import { appRules } from './app.js';
import { isObj, issue, list, type Obj, ptr, str } from './common.js';
import { podRules, statusSpec } from './pod.js';

function parentOf(absolute: string): string {
  const parts = absolute.split('/').filter((s) => s !== '');
  parts.pop();
  return '/' + parts.join('/');
}

/** Apps, pods and sub-groups must be direct children of their group ("Identifier is not child
 * of …"); the rules of each app and pod apply inside the tree too. Relative ids ('.', '..')
 * resolve as Marathon's PathId does (ids.ts); `parent` is always absolute and normalised. */
export function groupRules(group: Obj, at: string, parent: string): SchemaIssue[] {
  const id = str(group.id);
  const self = id === undefined ? parent : resolveId(id, parent);
  const out: SchemaIssue[] = [];
  const childId = (child: Obj, pointer: string) => {
    const cid = str(child.id);
    if (cid === undefined || id === undefined) return;
    const abs = resolveId(cid, self);
    if (parentOf(abs) !== self) out.push(issue(ptr(pointer, 'id'), `${abs} is not a direct child of the group ${self}`));
  };
  list(group.apps).forEach((a, i) => {
    if (!isObj(a)) return;
    childId(a, ptr(at, 'apps', i));
    out.push(...appRules(a, ptr(at, 'apps', i)));
  });
  list(group.pods).forEach((p, i) => {
    if (!isObj(p)) return;
    const spec = statusSpec(p);
    childId(spec ?? p, spec ? ptr(at, 'pods', i, 'spec') : ptr(at, 'pods', i));
    out.push(...podRules(p, ptr(at, 'pods', i)));
  });
  list(group.groups).forEach((g, i) => {
    if (!isObj(g)) return;
    childId(g, ptr(at, 'groups', i));
    out.push(...groupRules(g, ptr(at, 'groups', i), self));
  });
  return out;
}
