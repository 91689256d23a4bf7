/**
 * The Marathon and Metronome calls of cutover and rollback, on the one HTTP client of
 * remote.ts (same credentials, TLS, redirects, timeouts and scrubbing as the reads):
 *
 * | call                                   | Marathon / Metronome API                                   |
 * |----------------------------------------|------------------------------------------------------------|
 * | app state                              | GET /v2/apps/<id>?embed=app.counts&embed=app.deployments   |
 * | scale an app                           | PUT /v2/apps/<id> `{"instances": n}` → `{deploymentId}`    |
 * | pod definition / state                 | GET /v2/pods/<id>, GET /v2/pods/<id>::status               |
 * | scale a pod                            | PUT /v2/pods/<id> (the whole definition, scaling.instances)|
 * | running deployments                    | GET /v2/deployments                                        |
 * | a job's schedules / enable, disable one| GET /v1/jobs/<id>/schedules, PUT …/schedules/<sid>         |
 *
 * No `?force=true`: Marathon documents it as cancelling the deployment that holds the app, only
 * for deployments that are stuck. A 409 (the app is locked by a deployment) is reported with the
 * deployment ids so a person decides; the same run can be repeated once it has finished.
 *
 * The PUT of an app is a partial update (Marathon's default `partialUpdate=true` before 1.9 and
 * the PUT-with-only-instances that `dcos marathon app stop` sends): only `instances` changes.
 * A pod has no partial update: its definition is read, `scaling.instances` changed, and written
 * back without the response-only `version`.
 */
import { isObject } from './json.js';
import { Client, parseServiceUrl, RemoteError, type RemoteOptions } from './remote.js';

export type MarathonApiErrorKind = 'gone' | 'locked' | 'invalid' | 'unexpected' | RemoteError['kind'];

/** A Marathon/Metronome call that failed; the message names the app and says what to do. */
export class MarathonApiError extends Error {
  constructor(readonly kind: MarathonApiErrorKind, message: string, readonly hint?: string) {
    super(message);
    this.name = 'MarathonApiError';
  }
}

/** An app as GET /v2/apps/<id> reports it (the fields cutover and rollback read). */
export interface MarathonAppState {
  id: string;
  instances: number;
  tasksRunning: number;
  tasksHealthy: number;
  tasksUnhealthy: number;
  /** Whether the app has health checks: Marathon counts a task healthy only when they pass. */
  hasHealthChecks: boolean;
  /** Ids of the deployments that hold the app now. */
  deployments: string[];
}

/** A pod's definition (GET /v2/pods/<id>) and its instance count. */
export interface MarathonPodState {
  id: string;
  instances: number;
  definition: Record<string, unknown>;
}

/** GET /v2/pods/<id>::status, reduced: the pod status and how many instances are STABLE. */
export interface MarathonPodHealth {
  status: string;
  stable: number;
}

export interface MetronomeSchedule {
  id: string;
  enabled: boolean;
  /** The schedule as Metronome has it (PUT replaces it whole). */
  definition: Record<string, unknown>;
}

/** Whether the app runs its instances as Marathon would say "healthy" (see MarathonAppState). */
export function appIsUp(app: MarathonAppState, instances: number): boolean {
  const counted = app.hasHealthChecks ? app.tasksHealthy : app.tasksRunning;
  return app.deployments.length === 0 && app.instances === instances && counted >= instances;
}

/** `/shop/api` → `/shop/api` with every segment URL-encoded (ids are path segments in the API). */
function idPath(id: string): string {
  return id.split('/').map(encodeURIComponent).join('/');
}

export class MarathonApi {
  private readonly marathon: Client;
  private readonly metronome?: Client;

  /** Throws ServiceUrlError for an unusable URL (checked before any request). */
  constructor(options: RemoteOptions & { marathonUrl: string }) {
    this.marathon = new Client(parseServiceUrl(options.marathonUrl, 'marathon'), options);
    if (options.metronomeUrl !== undefined) this.metronome = new Client(parseServiceUrl(options.metronomeUrl, 'metronome'), options);
  }

  /** The Marathon base URL (no credentials), for messages and the state file. */
  get marathonBase(): string {
    return this.marathon.base;
  }

  get metronomeBase(): string | undefined {
    return this.metronome?.base;
  }

  async app(id: string): Promise<MarathonAppState> {
    const json = await this.call(this.marathon, 'GET', `/v2/apps${idPath(id)}?embed=app.counts&embed=app.deployments`, undefined, { app: id });
    // Marathon wraps one app as {"app": {...}}.
    const app = isObject(json) && isObject(json.app) ? json.app : json;
    if (!isObject(app) || typeof app.instances !== 'number') {
      throw new MarathonApiError('unexpected', `Marathon at ${this.marathon.base} answered GET /v2/apps${id} with something that is not an app`);
    }
    const count = (v: unknown) => (typeof v === 'number' ? v : 0);
    return {
      id,
      instances: app.instances,
      tasksRunning: count(app.tasksRunning),
      tasksHealthy: count(app.tasksHealthy),
      tasksUnhealthy: count(app.tasksUnhealthy),
      hasHealthChecks: Array.isArray(app.healthChecks) && app.healthChecks.length > 0,
      deployments: (Array.isArray(app.deployments) ? app.deployments : []).map((d) => (isObject(d) ? String(d.id) : String(d))),
    };
  }

  /** Sets the app's instances; returns the id of the deployment Marathon started. */
  async scaleApp(id: string, instances: number): Promise<string> {
    const answer = await this.marathon.request('PUT', `/v2/apps${idPath(id)}`, { instances }).catch((e: unknown) => {
      throw this.explain(e, this.marathon, 'PUT', `/v2/apps${id}`, { app: id });
    });
    const deploymentId = isObject(answer.json) && typeof answer.json.deploymentId === 'string'
      ? answer.json.deploymentId
      : answer.headers.get('marathon-deployment-id');
    if (!deploymentId) throw new MarathonApiError('unexpected', `Marathon at ${this.marathon.base} accepted PUT /v2/apps${id} but named no deployment`);
    return deploymentId;
  }

  async pod(id: string): Promise<MarathonPodState> {
    const json = await this.call(this.marathon, 'GET', `/v2/pods${idPath(id)}`, undefined, { pod: id });
    if (!isObject(json) || !Array.isArray(json.containers)) {
      throw new MarathonApiError('unexpected', `Marathon at ${this.marathon.base} answered GET /v2/pods${id} with something that is not a pod`);
    }
    return { id, instances: podInstances(json), definition: json };
  }

  /** Writes the pod back with `scaling.instances` set; returns the deployment id. */
  async scalePod(pod: MarathonPodState, instances: number): Promise<string> {
    const { version: _version, ...definition } = pod.definition;
    const scaling = isObject(definition.scaling) ? definition.scaling : { kind: 'fixed' };
    const body = { ...definition, id: pod.id, scaling: { ...scaling, instances } };
    const answer = await this.marathon.request('PUT', `/v2/pods${idPath(pod.id)}`, body).catch((e: unknown) => {
      throw this.explain(e, this.marathon, 'PUT', `/v2/pods${pod.id}`, { pod: pod.id });
    });
    const deploymentId = answer.headers.get('marathon-deployment-id');
    if (!deploymentId) throw new MarathonApiError('unexpected', `Marathon at ${this.marathon.base} accepted PUT /v2/pods${pod.id} but sent no Marathon-Deployment-Id`);
    return deploymentId;
  }

  async podHealth(id: string): Promise<MarathonPodHealth> {
    const json = await this.call(this.marathon, 'GET', `/v2/pods${idPath(id)}::status`, undefined, { pod: id });
    if (!isObject(json)) throw new MarathonApiError('unexpected', `Marathon at ${this.marathon.base} answered GET /v2/pods${id}::status with something that is not a pod status`);
    const instances = Array.isArray(json.instances) ? json.instances : [];
    return {
      status: typeof json.status === 'string' ? json.status : 'UNKNOWN',
      stable: instances.filter((i) => isObject(i) && i.status === 'STABLE').length,
    };
  }

  /** Ids of every deployment Marathon is running now. */
  async deploymentIds(): Promise<Set<string>> {
    const json = await this.call(this.marathon, 'GET', '/v2/deployments');
    if (!Array.isArray(json)) throw new MarathonApiError('unexpected', `Marathon at ${this.marathon.base} answered GET /v2/deployments with something that is not a list`);
    return new Set(json.filter(isObject).map((d) => String(d.id)));
  }

  async schedules(jobId: string): Promise<MetronomeSchedule[]> {
    const metronome = this.needMetronome();
    const path = `/v1/jobs/${encodeURIComponent(jobId)}/schedules`;
    const json = await this.call(metronome, 'GET', path, undefined, { job: jobId });
    if (!Array.isArray(json)) throw new MarathonApiError('unexpected', `Metronome at ${metronome.base} answered GET ${path} with something that is not a list of schedules`);
    return json.filter(isObject).map((s) => ({ id: String(s.id), enabled: s.enabled !== false, definition: s }));
  }

  /** Replaces the schedule with `enabled` set (Metronome's PUT replaces a schedule whole). */
  async setScheduleEnabled(jobId: string, schedule: MetronomeSchedule, enabled: boolean): Promise<void> {
    const metronome = this.needMetronome();
    const path = `/v1/jobs/${encodeURIComponent(jobId)}/schedules/${encodeURIComponent(schedule.id)}`;
    const { nextRunAt: _next, ...definition } = schedule.definition;
    await this.call(metronome, 'PUT', path, { ...definition, id: schedule.id, enabled }, { job: jobId });
  }

  private needMetronome(): Client {
    if (!this.metronome) throw new MarathonApiError('invalid', 'jobs live in Metronome: give --metronome-url');
    return this.metronome;
  }

  private async call(client: Client, method: 'GET' | 'PUT', path: string, body?: unknown, what?: { app?: string; pod?: string; job?: string }): Promise<unknown> {
    try {
      return (await client.request(method, path, body)).json;
    } catch (e) {
      throw this.explain(e, client, method, path.replace(/\?.*$/, ''), what);
    }
  }

  /**
   * A RemoteError in the words of this task: a 404 means the app (pod, job) is gone, a 409 that
   * a deployment holds it, 422 that Marathon refused the change; other errors (401, 403, 5xx,
   * timeouts, TLS) keep the client's message and hint, which already say what to do.
   */
  private explain(e: unknown, client: Client, method: string, path: string, what: { app?: string; pod?: string; job?: string } = {}): unknown {
    if (!(e instanceof RemoteError)) return e;
    const subject = what.app !== undefined ? `app ${what.app}` : what.pod !== undefined ? `pod ${what.pod}` : what.job !== undefined ? `job ${what.job}` : undefined;
    const where = `${client.name} at ${client.base}`;
    if (e.status === 404 && subject !== undefined) {
      return new MarathonApiError('gone', `${where} has no ${subject} (${method} ${path} answered 404)`,
        `was it removed or renamed? Check the id in the input; run with the inputs that describe what ${client.name} runs now`);
    }
    if (e.status === 409) {
      const ids = /deployments?\/([0-9a-f-]{8,})/i.exec(e.message)?.[1];
      return new MarathonApiError('locked', `${where}: ${subject ?? path} is locked by a running deployment${ids ? ` (${ids})` : ''}, so it cannot be scaled now`,
        'wait until the deployment has finished (GET /v2/deployments, or the DC/OS UI), or cancel it there if it is stuck; then run the same command again');
    }
    if (e.status === 422 || e.status === 400) {
      return new MarathonApiError('invalid', `${where} refused ${method} ${path}: ${e.message.replace(/^.*? with \d+[^:]*:?\s*/, '') || `status ${e.status}`}`, e.hint);
    }
    return new MarathonApiError(e.kind, e.message, e.hint);
  }
}

function podInstances(pod: Record<string, unknown>): number {
  const scaling = pod.scaling;
  return isObject(scaling) && typeof scaling.instances === 'number' ? scaling.instances : 1;
}
