/**
 * What service discovery needs to know about every app of the run (across all input files):
 * the Service each app's ports and VIPs end up on, and the DC/OS names that pointed at them.
 * Built once per run from the RunIndex, in input order, so the same inputs always give the same
 * answers whichever app is being translated — e.g. which of two apps declaring the VIP `/db`
 * gets the Service `db` (the first one).
 */
import { Ledger } from '../../findings.js';
import type { MarathonApp } from '../../marathon/model.js';
import type { ConvertOptions } from '../../options.js';
import { AppContext } from '../context.js';
import type { AppName } from '../names.js';
import { resolvePorts, type ResolvedPort, type ServicePort } from '../ports.js';
import type { RunIndex } from '../run-index.js';
import { appServicePorts } from '../service.js';
import { dottedTaskName, taskLabel, vipDnsPart } from './dcos-names.js';
import { appVips, vipServiceName, type InvalidVip, type Vip } from './vip.js';
import { addToList } from '../../collections.js';

export interface ServiceRef {
  namespace: string;
  service: string;
}

/** Where a VIP's clients connect now. */
export interface VipResolution {
  vip: Vip;
  appId: string;
  ref: ServiceRef;
  /** The Service port that replaces the VIP port. */
  port: number;
  /** The VIP has a Service of its own (named after it), beside the app's. */
  ownService: boolean;
  /** The namespace the VIP name maps to when that is not the app's. */
  wouldBeNamespace?: string;
  /** Why a named VIP did not get a Service of its own. */
  conflict?: string;
}

export interface AppEntry {
  app: MarathonApp;
  name: AppName;
  ports: ResolvedPort[];
  /** The ports of the app's own Service (VIP ports applied). */
  servicePorts: ServicePort[];
  vips: VipResolution[];
  invalidVips: InvalidVip[];
}

export class RunDirectory {
  readonly apps = new Map<string, AppEntry>();
  /** Mesos-DNS / dcos-dns task label (`db-shop`) → app id. */
  readonly byTask = new Map<string, string>();
  /** Older Mesos-DNS kept the dots of the task name (`db.shop.marathon.mesos`) → app id. */
  readonly byDottedTask = new Map<string, string>();
  /** l4lb name part (`shopdb`) → the resolutions of that VIP name, first declaration first. */
  readonly byVipName = new Map<string, VipResolution[]>();
  /** `10.0.0.5:80` → the resolution of that IP VIP. */
  readonly byIpVip = new Map<string, VipResolution>();
  /** `namespace/name` of each VIP Service → the app that got it. */
  readonly vipClaims = new Map<string, string>();

  entry(appId: string): AppEntry | undefined {
    return this.apps.get(appId);
  }
}

const cache = new WeakMap<RunIndex, { size: number; options: ConvertOptions; directory: RunDirectory }>();

/** The directory of the context's run (the context's own app always included). */
export function runDirectory(ctx: AppContext): RunDirectory {
  if (!ctx.run.get(ctx.app.id)) return buildDirectory([...ctx.run.all(), { app: ctx.app, name: ctx.name }], ctx.options);
  // Checked before anything is copied: the directory is built once per run, not per app.
  const hit = cache.get(ctx.run);
  if (hit && hit.size === ctx.run.size && hit.options === ctx.options) return hit.directory;
  const directory = buildDirectory([...ctx.run.all()], ctx.options);
  cache.set(ctx.run, { size: ctx.run.size, options: ctx.options, directory });
  return directory;
}

export function buildDirectory(apps: readonly { app: MarathonApp; name: AppName }[], options: ConvertOptions): RunDirectory {
  const dir = new RunDirectory();
  const appNames = new Map(apps.map(({ app, name }) => [`${name.namespace}/${name.name}`, app.id]));
  for (const { app, name } of apps) {
    if (dir.apps.has(app.id)) continue;
    const entry = appEntry(app, name, options, appNames, dir.vipClaims);
    dir.apps.set(app.id, entry);
    if (!dir.byTask.has(taskLabel(app.id))) dir.byTask.set(taskLabel(app.id), app.id);
    if (!dir.byDottedTask.has(dottedTaskName(app.id))) dir.byDottedTask.set(dottedTaskName(app.id), app.id);
    for (const resolution of entry.vips) {
      const vip = resolution.vip;
      if (vip.kind === 'ip') {
        const key = `${vip.address}:${vip.port}`;
        if (!dir.byIpVip.has(key)) dir.byIpVip.set(key, resolution);
      } else {
        const key = vipDnsPart(vip.address);
        addToList(dir.byVipName, key, resolution);
      }
    }
  }
  return dir;
}

/**
 * The entry of the context's app. Another app of the run may carry the same Marathon id (the
 * run index keeps the first): that app's entry is not this one's, so it is computed apart, its
 * VIP names checked against the run's app names only.
 */
export function entryFor(ctx: AppContext, dir: RunDirectory): AppEntry {
  const entry = dir.entry(ctx.app.id);
  if (entry && entry.app === ctx.app) return entry;
  const appNames = new Map([...dir.apps.values()].map((e) => [`${e.name.namespace}/${e.name.name}`, e.app.id]));
  const claims = new Map([...dir.vipClaims].map(([key, id]) => [key, id === ctx.app.id ? `${id} (another definition of this id)` : id]));
  return appEntry(ctx.app, ctx.name, ctx.options, appNames, claims);
}

function appEntry(app: MarathonApp, name: AppName, options: ConvertOptions, appNames: Map<string, string>, claims: Map<string, string>): AppEntry {
  // A scratch context: resolving ports reports and marks nothing that matters here.
  const scratch = new AppContext(app, name, options, new Ledger({}), '');
  const ports = resolvePorts(scratch);
  const servicePorts = appServicePorts(scratch, ports);
  const { vips, invalid } = appVips(app);
  const entry: AppEntry = { app, name, ports, servicePorts, vips: [], invalidVips: invalid };
  for (const vip of vips) {
    const resolution = resolveVip(vip, entry, options, appNames, claims);
    if (resolution) entry.vips.push(resolution);
    else entry.invalidVips.push({ portIndex: vip.portIndex, pointer: vip.pointer, value: vip.value });
  }
  return entry;
}

/** The Service port exposing Marathon port `index` of an app, if its Service exposes it. */
export function servicePortOf(entry: Pick<AppEntry, 'ports' | 'servicePorts'>, index: number): ServicePort | undefined {
  const port = entry.ports.find((p) => p.index === index);
  return port ? entry.servicePorts.find((s) => port.names.includes(s.name)) : undefined;
}

function resolveVip(
  vip: Vip, entry: AppEntry, options: ConvertOptions, appNames: Map<string, string>, claims: Map<string, string>,
): VipResolution | undefined {
  const own = servicePortOf(entry, vip.portIndex);
  // A VIP on a port the app does not have (legacy vip_PORTn) or that its Service cannot expose.
  if (!own) return undefined;
  const appRef: ServiceRef = { namespace: entry.name.namespace, service: entry.name.name };
  const base = { vip, appId: entry.app.id, ref: appRef, port: own.port, ownService: false };
  if (vip.kind === 'ip') return base;
  const target = vipServiceName(vip.address, entry.name, options);
  const extra = target.wouldBeNamespace ? { wouldBeNamespace: target.wouldBeNamespace } : {};
  if (target.name === appRef.service && target.namespace === appRef.namespace) return { ...base, ...extra };
  const key = `${target.namespace}/${target.name}`;
  const app = appNames.get(key);
  if (app !== undefined) return { ...base, ...extra, conflict: `the name ${key} is the Service of ${app === entry.app.id ? 'this app' : `app ${app}`}` };
  const claimant = claims.get(key);
  if (claimant !== undefined && claimant !== entry.app.id) {
    return { ...base, ...extra, conflict: `app ${claimant} declares the same VIP and gets the Service ${key}, which selects its pods only` };
  }
  claims.set(key, entry.app.id);
  return { ...base, ...extra, ref: { namespace: target.namespace, service: target.name }, port: vip.port, ownService: true };
}
