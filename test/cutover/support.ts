/** Shared by the cutover tests: the fixture inputs converted, and a stateful fake Marathon holding them. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { planCutover, type CutoverPlan } from '../../src/cutover/plan.js';
import { DEFAULT_OPTIONS } from '../../src/options.js';
import { convertSources } from '../../src/pipeline.js';
import { MarathonState } from '../support/fake-marathon.js';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const SHOP = path.join(REPO, 'fixtures/cutover/shop.json');
export const NIGHTLY = path.join(REPO, 'fixtures/cutover/nightly-job.json');

export function convertFixtures(files: string[], options: Partial<typeof DEFAULT_OPTIONS> = {}) {
  const sources = files.map((file) => ({ file, text: readFileSync(file, 'utf8') }));
  return convertSources(sources, { ...DEFAULT_OPTIONS, kubeVersion: '1.20', ...options });
}

export function shopPlan(options: { suspendJobs?: boolean; files?: string[]; namespace?: string } = {}): CutoverPlan {
  const result = convertFixtures(options.files ?? [SHOP], options.namespace !== undefined ? { namespace: options.namespace } : {});
  return planCutover(result.units, result.objects, { suspendJobs: options.suspendJobs ?? false });
}

/** A fake Marathon running every app and pod of a group file at its instances, and the jobs given. */
export function marathonRunning(file: string, jobs: string[] = []): MarathonState {
  type Group = { apps?: { id: string }[]; pods?: { id: string }[]; groups?: Group[] };
  const state = new MarathonState();
  const add = (g: Group): void => {
    for (const app of g.apps ?? []) state.addApp(app);
    for (const pod of g.pods ?? []) state.addPod(pod);
    for (const sub of g.groups ?? []) add(sub);
  };
  add(JSON.parse(readFileSync(file, 'utf8')) as Group);
  for (const jobFile of jobs) {
    const job = JSON.parse(readFileSync(jobFile, 'utf8')) as { id: string; schedules: { id: string; cron: string; enabled: boolean }[] };
    state.addJob(job.id, job.schedules);
  }
  state.deploymentMs = 100;
  return state;
}

/**
 * Marathon as it runs the shop: web scaled up by hand to 3 (its definition says 2), db 1, the
 * worker pod 1; the nightly job's schedule enabled.
 */
export function shopMarathon(): MarathonState {
  return marathonRunning(SHOP, [NIGHTLY]).setInstances('/shop/web', 3);
}
