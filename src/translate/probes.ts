/**
 * Health and readiness checks → probes.
 *
 * - The first health check becomes the livenessProbe (Kubernetes has one per container; the
 *   others are reported: as a loss when Marathon ran them, as info when it did not — Mesos ran
 *   only the first Mesos-level check of a task).
 * - Marathon ignores failures during `gracePeriodSeconds`: a startupProbe with the same handler
 *   gives the container that long to come up before liveness counts.
 * - Marathon gates rollouts on health, so without a readinessCheck the first health check is
 *   also the readinessProbe; with one, the readinessCheck is.
 * Marathon's defaults (grace 300 s, interval 60 s, timeout 20 s, 3 failures) are applied.
 */
import { networkMode, type HealthCheck, type ReadinessCheck } from '../marathon/model.js';
import { supports } from '../kube/versions.js';
import { lacks } from './target.js';
import { INT32_MAX } from '../marathon/json.js';
import type { AppContext } from './context.js';
import type { ResolvedPort } from './ports.js';

export interface Probe {
  httpGet?: { path: string; port: string | number; scheme: 'HTTP' | 'HTTPS' };
  tcpSocket?: { port: string | number };
  exec?: { command: string[] };
  initialDelaySeconds?: number;
  periodSeconds: number;
  timeoutSeconds: number;
  failureThreshold: number;
  successThreshold?: number;
}

export interface Probes {
  livenessProbe?: Probe;
  readinessProbe?: Probe;
  startupProbe?: Probe;
}

const HEALTH_DEFAULTS = { gracePeriodSeconds: 300, intervalSeconds: 60, timeoutSeconds: 20, maxConsecutiveFailures: 3, delaySeconds: 15 };
const READINESS_DEFAULTS = { intervalSeconds: 30, timeoutSeconds: 10, path: '/', portName: 'http-api' };
/** The startup probe polls at most this far apart, so a fast starter is not held back a whole interval. */
const MAX_STARTUP_PERIOD = 10;

type Handler = Pick<Probe, 'httpGet' | 'tcpSocket' | 'exec'>;

export function mapProbes(ctx: AppContext, ports: ResolvedPort[], rewriteText?: (s: string) => string): Probes {
  const probes: Probes = {};
  const checks = ctx.app.healthChecks ?? [];
  const firstMesosLevel = checks.findIndex(isMesosLevel);
  checks.forEach((check, i) => {
    const pointer = `/healthChecks/${i}`;
    if (i > 0) {
      ctx.use(pointer);
      if (isMesosLevel(check) && i > firstMesosLevel) {
        // Mesos runs one health check per task: Marathon gave it the first Mesos-level check
        // and dropped the others (TaskBuilder logs "Task will run without n of its defined
        // health checks"). This check never ran, so leaving it out changes nothing.
        ctx.report('health-check-extra', pointer,
          `health check ${i} (${check.protocol}) never ran: Mesos runs one health check per task and Marathon gave it the first Mesos-level one (health check ${firstMesosLevel}); not converted`,
          { severity: 'info' });
        return;
      }
      ctx.report('health-check-extra', pointer, `health check ${i} (${check.protocol}) is not converted: a container has one liveness probe`,
        { hint: 'combine the checks into one endpoint or command' });
      return;
    }
    const handler = healthHandler(ctx, check, pointer, ports, rewriteText);
    if (!handler) {
      // Already reported as unusable: its timings have nothing left to say.
      ctx.use(pointer);
      return;
    }
    Object.assign(probes, healthProbes(ctx, check, pointer, handler));
  });
  const readiness = ctx.app.readinessChecks ?? [];
  readiness.forEach((check, i) => {
    const pointer = `/readinessChecks/${i}`;
    if (i > 0) {
      ctx.use(pointer);
      ctx.report('health-check-extra', pointer, 'Marathon allows one readiness check; this one is not converted', { severity: 'warning' });
      return;
    }
    const probe = readinessProbe(ctx, check, pointer, ports);
    if (!probe) return;
    // The readiness check takes the readinessProbe; a health check that made no livenessProbe
    // (maxConsecutiveFailures 0) is then in no probe at all, which must be said.
    if (probes.readinessProbe && !probes.livenessProbe) {
      ctx.report('health-check-approximated', '/healthChecks/0',
        'this health check never killed the task (maxConsecutiveFailures 0) and the readiness check takes the readinessProbe, so the health check is not in any probe',
        { hint: 'if the endpoint still matters, make it the readiness check or give the health check a maxConsecutiveFailures' });
    }
    probes.readinessProbe = probe;
  });
  return probes;
}

/** A check Mesos ran on the agent (COMMAND, MESOS_*), as opposed to one Marathon ran itself. */
function isMesosLevel(check: HealthCheck): boolean {
  return check.protocol.startsWith('MESOS_') || check.protocol === 'COMMAND';
}

function healthProbes(ctx: AppContext, check: HealthCheck, pointer: string, handler: Handler): Probes {
  const fields = ['gracePeriodSeconds', 'intervalSeconds', 'timeoutSeconds', 'maxConsecutiveFailures', 'delaySeconds', 'protocol', 'ipProtocol', 'ignoreHttp1xx'];
  ctx.use(...fields.map((f) => `${pointer}/${f}`));
  const mesosLevel = isMesosLevel(check);
  const grace = check.gracePeriodSeconds ?? HEALTH_DEFAULTS.gracePeriodSeconds;
  const period = Math.max(1, check.intervalSeconds ?? HEALTH_DEFAULTS.intervalSeconds);
  const timeout = Math.max(1, check.timeoutSeconds ?? HEALTH_DEFAULTS.timeoutSeconds);
  const failures = check.maxConsecutiveFailures ?? HEALTH_DEFAULTS.maxConsecutiveFailures;
  // Mesos-level checks start after delaySeconds; Marathon-level checks right away.
  const delay = mesosLevel ? (check.delaySeconds ?? HEALTH_DEFAULTS.delaySeconds) : 0;
  const probes: Probes = {};
  if (failures === 0 && !mesosLevel) {
    ctx.report('health-check-approximated', `${pointer}/maxConsecutiveFailures`,
      'maxConsecutiveFailures 0: Marathon never killed the task for this check, so there is no livenessProbe (the check gates readiness, unless a readiness check does)');
  } else {
    // For Mesos-level checks 0 means "kill after the first failure".
    probes.livenessProbe = { ...handler, periodSeconds: period, timeoutSeconds: timeout, failureThreshold: Math.max(1, failures) };
  }
  const readiness: Probe = { ...handler, periodSeconds: period, timeoutSeconds: timeout, failureThreshold: 1 };
  if (delay > 0) readiness.initialDelaySeconds = delay;
  probes.readinessProbe = readiness;
  if (probes.livenessProbe && (grace > 0 || delay > 0) && !supports('startupProbe', ctx.options.kubeVersion)) {
    // Before 1.18 there is no startupProbe: delay liveness by the grace period instead.
    probes.livenessProbe.initialDelaySeconds = grace + delay;
    lacks(ctx, 'startupProbe', 'grace period as the liveness probe\'s initialDelaySeconds');
    ctx.report('health-check-approximated', `${pointer}/gracePeriodSeconds`,
      `Kubernetes ${ctx.options.kubeVersion} has no startupProbe: liveness starts after the ${grace + delay} s grace period instead of as soon as the app is up`);
  } else if (probes.livenessProbe && (grace > 0 || delay > 0)) {
    // Marathon kills a task that is still unhealthy after the grace period *and* then
    // maxConsecutiveFailures more checks; the startup window covers both.
    const startupPeriod = Math.min(period, MAX_STARTUP_PERIOD);
    const window = grace + Math.max(1, failures) * period;
    const startup: Probe = { ...handler, periodSeconds: startupPeriod, timeoutSeconds: timeout, failureThreshold: Math.min(INT32_MAX, Math.max(1, Math.ceil(window / startupPeriod))) };
    if (delay > 0) startup.initialDelaySeconds = delay;
    probes.startupProbe = startup;
  }
  if (check.ignoreHttp1xx) {
    ctx.report('health-check-approximated', `${pointer}/ignoreHttp1xx`, 'ignoreHttp1xx: Kubernetes counts 1xx responses as failures');
  }
  if (check.ipProtocol === 'IPv6') {
    ctx.report('health-check-approximated', `${pointer}/ipProtocol`, 'ipProtocol IPv6: the probe uses the pod IP of the cluster\'s IP family');
  }
  return probes;
}

function healthHandler(ctx: AppContext, check: HealthCheck, pointer: string, ports: ResolvedPort[], rewriteText?: (s: string) => string): Handler | undefined {
  if (check.protocol === 'COMMAND') {
    ctx.use(`${pointer}/command/value`);
    if (!check.command?.value) {
      ctx.report('probe-port-unresolved', pointer, 'COMMAND health check without command.value; no probe created');
      return undefined;
    }
    // (Probe commands are not subject to Kubernetes' $(VAR) expansion: no escaping here.)
    const command = rewriteText ? rewriteText(check.command.value) : check.command.value;
    return { exec: { command: ['/bin/sh', '-c', command] } };
  }
  const port = healthPort(ctx, check, pointer, ports);
  if (port === undefined) return undefined;
  if (check.protocol === 'TCP' || check.protocol === 'MESOS_TCP') return { tcpSocket: { port } };
  ctx.use(`${pointer}/path`);
  const scheme = check.protocol === 'HTTPS' || check.protocol === 'MESOS_HTTPS' ? 'HTTPS' : 'HTTP';
  return { httpGet: { path: check.path || '/', port, scheme } };
}

/** The probe port: `port` (a literal port), else `portIndex` (default 0) → the port's name. */
function healthPort(ctx: AppContext, check: HealthCheck, pointer: string, ports: ResolvedPort[]): string | number | undefined {
  ctx.use(`${pointer}/port`, `${pointer}/portIndex`);
  if (check.port !== undefined && check.port > 0) {
    const match = portByNumber(ctx, check, check.port, ports);
    return match ? tcpName(match) : check.port;
  }
  const index = check.portIndex ?? 0;
  const target = ports[index];
  if (!target) {
    ctx.report('probe-port-unresolved', check.portIndex === undefined ? pointer : `${pointer}/portIndex`,
      ports.length === 0
        ? `${check.protocol} health check but the app declares no ports; no probe created`
        : `portIndex ${index} is out of range (the app has ${ports.length} port${ports.length === 1 ? '' : 's'}); no probe created`,
      { hint: 'fix the portIndex or give the check a port' });
    return undefined;
  }
  return tcpName(target);
}

/**
 * The port a literal health check `port` meant. Marathon ran HTTP/HTTPS/TCP checks itself,
 * against the task's address: the agent's for bridge apps, so there `port` is a host port
 * (a mapping's fixed `hostPort`); Mesos-level checks ran inside the container's network, so
 * there it is a container port. Either way the probe must target the container port of that
 * mapping: in the pod nothing listens on the old host port.
 */
function portByNumber(ctx: AppContext, check: HealthCheck, port: number, ports: readonly ResolvedPort[]): ResolvedPort | undefined {
  const marathonLevel = check.protocol === 'HTTP' || check.protocol === 'HTTPS' || check.protocol === 'TCP';
  const byHost = ports.find((p) => p.fixedHostPort === port);
  const byContainer = ports.find((p) => p.containerPort === port);
  const agentAddress = marathonLevel && networkMode(ctx.app) === 'container/bridge';
  return (agentAddress ? byHost ?? byContainer : byContainer ?? byHost) ?? ports.find((p) => p.servicePort === port);
}

function tcpName(port: ResolvedPort): string {
  const i = port.protocols.indexOf('TCP');
  return port.names[i >= 0 ? i : 0]!;
}

function readinessProbe(ctx: AppContext, check: ReadinessCheck, pointer: string, ports: ResolvedPort[]): Probe | undefined {
  const fields = ['name', 'protocol', 'path', 'portName', 'intervalSeconds', 'timeoutSeconds', 'httpStatusCodesForReady', 'preserveLastResponse'];
  ctx.use(...fields.map((f) => `${pointer}/${f}`));
  const portName = check.portName ?? READINESS_DEFAULTS.portName;
  const port = ports.find((p) => p.marathonName === portName);
  if (!port) {
    ctx.report('probe-port-unresolved', `${pointer}/portName`, `readiness check port "${portName}" is not a port name of the app; no readinessProbe from it`,
      { hint: 'name the port in portDefinitions/portMappings or fix portName' });
    return undefined;
  }
  const codes = check.httpStatusCodesForReady ?? [200];
  const outside = codes.filter((c) => c < 200 || c >= 400);
  if (outside.length > 0) {
    ctx.report('readiness-status-codes', `${pointer}/httpStatusCodesForReady`,
      `status ${outside.join(', ')} counted as ready by Marathon; a Kubernetes probe only accepts 200–399`);
  }
  return {
    httpGet: { path: check.path ?? READINESS_DEFAULTS.path, port: tcpName(port), scheme: check.protocol ?? 'HTTP' },
    periodSeconds: Math.max(1, check.intervalSeconds ?? READINESS_DEFAULTS.intervalSeconds),
    timeoutSeconds: Math.max(1, check.timeoutSeconds ?? READINESS_DEFAULTS.timeoutSeconds),
    failureThreshold: 1,
  };
}
