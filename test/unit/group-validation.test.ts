/**
 * A run validates a group's tree once (validateGroupTree) and each member when it translates it
 * (validateMarathon('app' | 'pod')). Together they must report what validating the whole group
 * at once reports (`validate` still does that): the same messages at the same pointers.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { detect } from '../../src/marathon/detect.js';
import { flattenGroup } from '../../src/marathon/groups.js';
import { validateGroupTree, validateMarathon, type SchemaIssue } from '../../src/marathon/validate.js';
import { corpusFiles, HAS_CORPUS } from '../support/corpus.js';

const FIXTURES = join(import.meta.dirname, '..', '..', 'fixtures');

/** pointer → its messages, each message once (joined messages split again), sorted. */
function byPointer(issues: readonly SchemaIssue[]): Record<string, string[]> {
  const out: Record<string, Set<string>> = {};
  for (const i of issues) for (const m of i.message.split('; ')) (out[i.pointer] ??= new Set()).add(m);
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b)).map(([p, s]) => [p, [...s].sort()]));
}

function splitValidation(group: Record<string, unknown>): SchemaIssue[] {
  const issues = [...validateGroupTree(group)];
  for (const member of flattenGroup(group, '', 'x.json').members) {
    const root = member.schemaRoot ?? member;
    for (const i of validateMarathon(member.kind, root.raw)) issues.push({ pointer: root.pointer + i.pointer, message: i.message });
  }
  return issues;
}

function groupsIn(files: string[]): [string, Record<string, unknown>][] {
  const out: [string, Record<string, unknown>][] = [];
  for (const file of files) {
    let doc: unknown;
    try {
      doc = JSON.parse(readFileSync(file, 'utf8'));
    } catch {
      continue; // broken files are the parser's tests
    }
    const detection = detect(doc);
    if (!detection.ok) continue;
    for (const o of detection.objects) if (o.kind === 'group') out.push([`${file}#${o.pointer}`, o.raw]);
  }
  return out;
}

const fixtureFiles = readdirSync(join(FIXTURES, 'groups'))
  .map((d) => join(FIXTURES, 'groups', d, 'input.json'))
  .filter((f) => statSync(f, { throwIfNoEntry: false })?.isFile());

test.each(groupsIn(fixtureFiles))('fixture %s: tree + members = the whole group', (_, group) => {
  expect(byPointer(splitValidation(group))).toEqual(byPointer(validateMarathon('group', group)));
});

test('a group with issues at every level: members, pod status wrappers, non-objects, misplaced children', () => {
  const group = {
    id: '/shop',
    apps: [{ id: '/shop/web', cmd: 'run', instances: 'two' }, 'not an app', { id: '/elsewhere/api', cmd: 'x' }],
    groups: [{ id: '/other/x' }, { id: '/shop/db', pods: [{ id: '/shop/db/PodA', spec: { id: '/shop/db/PodA', containers: 'none' } }] }],
  };
  const split = byPointer(splitValidation(group));
  expect(split).toEqual(byPointer(validateMarathon('group', group)));
  expect(Object.keys(split)).toEqual(expect.arrayContaining([
    '/apps/0/instances', '/apps/1', '/apps/2/id', '/groups/0/id', '/groups/1/pods/0/id', '/groups/1/pods/0/spec/containers',
  ]));
});

(HAS_CORPUS ? test : test.skip)('every corpus group: tree + members = the whole group', () => {
  const groups = groupsIn(corpusFiles('groups'));
  // Some corpus groups have issues in their members, so the comparison means something.
  expect(groups.filter(([, g]) => validateMarathon('group', g).length > 0).length).toBeGreaterThan(0);
  for (const [, group] of groups) expect(byPointer(splitValidation(group))).toEqual(byPointer(validateMarathon('group', group)));
});
