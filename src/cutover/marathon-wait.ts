/**
 * Waiting on Marathon: until a deployment is finished (Marathon's own rule: it is gone from
 * GET /v2/deployments), and until an app or pod runs its instances healthy again (rollback).
 */
import { appIsUp, type MarathonApi } from '../marathon/marathon-api.js';
import type { UnitKind } from './plan.js';

export interface PollOptions {
  timeoutMs: number;
  pollMs: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** True when the deployment finished within the timeout. */
export async function waitForDeployment(api: MarathonApi, deploymentId: string, poll: PollOptions): Promise<boolean> {
  const deadline = Date.now() + poll.timeoutMs;
  for (;;) {
    if (!(await api.deploymentIds()).has(deploymentId)) return true;
    const left = deadline - Date.now();
    if (left <= 0) return false;
    await sleep(Math.min(poll.pollMs, left));
  }
}

/**
 * Waits until the app or pod runs `instances` as Marathon counts healthy: for an app with health
 * checks `tasksHealthy`, without any `tasksRunning` (Marathon never calls those healthy); for a
 * pod, STABLE instances. Returns undefined when it is, else what was last seen.
 */
export async function waitUntilUp(api: MarathonApi, kind: Exclude<UnitKind, 'job'>, id: string, instances: number, poll: PollOptions): Promise<string | undefined> {
  const deadline = Date.now() + poll.timeoutMs;
  for (;;) {
    let seen: string;
    if (kind === 'app') {
      const app = await api.app(id);
      if (appIsUp(app, instances)) return undefined;
      seen = app.hasHealthChecks
        ? `${app.tasksHealthy} of ${instances} tasks healthy${app.tasksUnhealthy > 0 ? `, ${app.tasksUnhealthy} unhealthy` : ''}`
        : `${app.tasksRunning} of ${instances} tasks running`;
      if (app.deployments.length > 0) seen += `, deployment ${app.deployments.join(', ')} running`;
    } else {
      const health = await api.podHealth(id);
      if (instances === 0 || (health.status === 'STABLE' && health.stable >= instances)) return undefined;
      seen = `pod ${health.status}, ${health.stable} of ${instances} instances stable`;
    }
    const left = deadline - Date.now();
    if (left <= 0) return seen;
    await sleep(Math.min(poll.pollMs, left));
  }
}
