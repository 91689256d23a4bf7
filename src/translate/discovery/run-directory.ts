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
import { networkAliases, type NetworkAlias } from './network-alias.js';
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
  /** `namespace/name` of the Service named after the VIP (named VIPs that have or share one). */
  serviceKey?: string;
  /** The VIP's Service selects the pods of several apps that declare it (blue/green). */
  shared?: SharedVip;
}

/**
 * A VIP several apps of one namespace declare: dcos-net balanced it over all their tasks, so its
 * Service selects them all, by a label each app's pods carry. Its target ports are the apps'
 * common port names (per protocol), else their common container port numbers.
 */
export interface SharedVip {
  /** The pod label (value "true") that the Service selects. */
  label: string;
  /** The app that emits the Service (the first to declare the VIP). */
  owner: string;
  /** Every app whose pods it selects, in input order. */
  apps: string[];
  /** The target port of each protocol of the owner's port, in its order. */
  targetPorts: (string | number)[];
  /** The VIP ports the apps declare (usually one). */
  ports: number[];
}

/** The label of the pods behind a shared VIP's Service. */
export function sharedVipLabel(service: string): string {
  return `vip.marathon2k8s.io/${service}`;
}

export interface AppEntry {
  app: MarathonApp;
  name: AppName;
  ports: ResolvedPort[];
  /** The ports of the app's own Service (VIP ports applied). */
  servicePorts: ServicePort[];
  vips: VipResolution[];
  invalidVips: InvalidVip[];
  /** Docker network aliases, each with its Service or why it has none. */
  aliases: NetworkAlias[];
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
  /** A declared service port → the apps declaring it (marathon-lb served each on its service port). */
  readonly byServicePort = new Map<number, string[]>();
  /** `namespace/name` of each network alias Service → the app that got it. */
  readonly aliasClaims = new Map<string, string>();

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
    for (const p of entry.ports) {
      if (p.declaredServicePort === undefined) continue;
      const ids = dir.byServicePort.get(p.declaredServicePort) ?? [];
      if (!ids.includes(app.id)) dir.byServicePort.set(p.declaredServicePort, [...ids, app.id]);
    }
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
  shareVips(dir);
  // Aliases after every VIP: a VIP's Service keeps its name whatever the input order.
  for (const entry of dir.apps.values()) claimAliases(entry, appNames, dir.vipClaims, dir.aliasClaims);
  return dir;
}

/** Each network alias gets its Service name unless an app, a VIP or an earlier alias has it. */
function claimAliases(entry: AppEntry, appNames: ReadonlyMap<string, string>, vipClaims: ReadonlyMap<string, string>, aliasClaims: ClaimMap): void {
  const own = new Set<string>();
  for (const a of entry.aliases) {
    const key = `${entry.name.namespace}/${a.service}`;
    const app = appNames.get(key);
    const vip = vipClaims.get(key);
    const alias = aliasClaims.get(key);
    if (app === entry.app.id) {
      a.conflict = `${key} is the app's own Service, which answers on its container ports too`;
      a.ownService = true;
    } else if (app !== undefined) a.conflict = `${key} is the Service of app ${app}`;
    else if (vip !== undefined) a.conflict = `${key} is the Service of a VIP of ${vip === entry.app.id ? 'this app' : `app ${vip}`}`;
    else if (alias !== undefined) a.conflict = own.has(key) ? 'the app declares it twice' : `app ${alias} has the same alias and gets the Service ${key}`;
    else {
      aliasClaims.set(key, entry.app.id);
      own.add(key);
    }
  }
}

/**
 * Named VIPs declared by several apps of a namespace (blue/green pairs): the first app's Service
 * selects every one whose port can be reached by the same target port; the others keep a
 * conflict that says why.
 */
type Member = { entry: AppEntry; r: VipResolution };

function shareVips(dir: RunDirectory): void {
  const byKey = new Map<string, Member[]>();
  for (const entry of dir.apps.values()) {
    for (const r of entry.vips) if (r.serviceKey !== undefined && !r.conflict) addToList(byKey, r.serviceKey, { entry, r });
  }
  for (const [key, members] of byKey) {
    const owner = members.find((m) => m.r.ownService);
    if (!owner || new Set(members.map((m) => m.entry.app.id)).size < 2) continue;
    const portOf = (m: Member) => m.entry.ports.find((p) => p.index === m.r.vip.portIndex);
    const ownerPort = portOf(owner);
    if (!ownerPort) continue;
    const sameProtocols = (p: ResolvedPort) => p.protocols.join() === ownerPort.protocols.join();
    const byName = (m: Member) => { const p = portOf(m); return p !== undefined && sameProtocols(p) && p.names.join() === ownerPort.names.join(); };
    const byNumber = (m: Member) => { const p = portOf(m); return p !== undefined && sameProtocols(p) && p.containerPort === ownerPort.containerPort; };
    // One target port must fit every selected pod: the common name, else the common number,
    // whichever reaches more of the apps (the name on a tie: it survives a port change).
    const useNumber = members.filter(byNumber).length > members.filter(byName).length;
    const fits = useNumber ? byNumber : byName;
    const targetPorts: (string | number)[] = useNumber ? ownerPort.protocols.map(() => ownerPort.containerPort) : [...ownerPort.names];
    const inside = members.filter(fits);
    for (const m of members.filter((x) => !fits(x))) {
      const p = portOf(m);
      m.r.conflict = `app ${owner.entry.app.id} declares the same VIP and gets the Service ${key}, whose target port is ${useNumber ? `the number ${ownerPort.containerPort}` : `the name ${ownerPort.names[0]}`}; this app's port ${m.r.vip.portIndex} (${p ? `${p.names[0]}, ${p.containerPort}` : 'missing'}) has another, so the Service cannot select its pods too`;
      m.r.ref = { namespace: m.entry.name.namespace, service: m.entry.name.name };
      const own = servicePortOf(m.entry, m.r.vip.portIndex);
      if (own) m.r.port = own.port;
    }
    const apps = [...new Set(inside.map((m) => m.entry.app.id))];
    if (apps.length < 2) continue;
    const ports = [...new Set(inside.map((m) => m.r.vip.port))];
    const shared: SharedVip = { label: sharedVipLabel(owner.r.ref.service), owner: owner.entry.app.id, apps, targetPorts, ports };
    for (const m of inside) m.r.shared = shared;
  }
}

/**
 * The entry of the context's app. Another app of the run may carry the same Marathon id (the
 * run index keeps the first): that app's entry is not this one's, so it is computed apart, its
 * VIP names checked against the run's app names only.
 */
export function entryFor(ctx: AppContext, dir: RunDirectory): AppEntry {
  const entry = dir.entry(ctx.app.id);
  if (entry && entry.app === ctx.app) return entry;
  const appNames = directoryAppNames(dir);
  // Overlays, not copies of the run's maps: a run may hold many stray definitions (the same
  // export given twice), and copying per stray made that apps × strays.
  const claims = new OverlayMap(dir.vipClaims, (id) => (id === ctx.app.id ? `${id} (another definition of this id)` : id));
  // The directory is complete: the VIPs of this stray definition are not shared with its apps,
  // and its aliases get no Service the run already gave out.
  const stray = appEntry(ctx.app, ctx.name, ctx.options, appNames, claims, false);
  claimAliases(stray, appNames, dir.vipClaims, new OverlayMap(dir.aliasClaims));
  return stray;
}

/** What resolving VIPs and aliases reads and writes of a name → app id map. */
interface ClaimMap {
  get(key: string): string | undefined;
  set(key: string, value: string): unknown;
}

/** A map read through to `base` (values seen through `view`), written locally: base is untouched. */
class OverlayMap implements ClaimMap {
  private readonly own = new Map<string, string>();
  constructor(private readonly base: ReadonlyMap<string, string>, private readonly view: (value: string) => string = (v) => v) {}
  get(key: string): string | undefined {
    const mine = this.own.get(key);
    if (mine !== undefined) return mine;
    const theirs = this.base.get(key);
    return theirs === undefined ? undefined : this.view(theirs);
  }
  set(key: string, value: string): this {
    this.own.set(key, value);
    return this;
  }
}

const appNamesOf = new WeakMap<RunDirectory, Map<string, string>>();

/** `namespace/name` → Marathon id of each app of the directory (made once per directory). */
function directoryAppNames(dir: RunDirectory): Map<string, string> {
  let names = appNamesOf.get(dir);
  if (!names) {
    names = new Map([...dir.apps.values()].map((e) => [`${e.name.namespace}/${e.name.name}`, e.app.id]));
    appNamesOf.set(dir, names);
  }
  return names;
}

function appEntry(
  app: MarathonApp, name: AppName, options: ConvertOptions, appNames: ReadonlyMap<string, string>, claims: ClaimMap, shareable = true,
): AppEntry {
  // A scratch context: resolving ports reports and marks nothing that matters here.
  const scratch = new AppContext(app, name, options, new Ledger({}), '');
  const ports = resolvePorts(scratch);
  const servicePorts = appServicePorts(scratch, ports);
  const { vips, invalid } = appVips(app);
  const entry: AppEntry = { app, name, ports, servicePorts, vips: [], invalidVips: invalid, aliases: networkAliases(app) };
  for (const vip of vips) {
    const resolution = resolveVip(vip, entry, options, appNames, claims, shareable);
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
  vip: Vip, entry: AppEntry, options: ConvertOptions, appNames: ReadonlyMap<string, string>, claims: ClaimMap, shareable: boolean,
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
  const ref = { namespace: target.namespace, service: target.name };
  if (claimant !== undefined && claimant !== entry.app.id) {
    // Another app has the VIP's Service: it may select this app's pods too (shareVips decides).
    if (!shareable) {
      return { ...base, ...extra, conflict: `app ${claimant} declares the same VIP and gets the Service ${key}, which selects its pods only` };
    }
    return { ...base, ...extra, ref, port: vip.port, serviceKey: key };
  }
  claims.set(key, entry.app.id);
  return { ...base, ...extra, ref, port: vip.port, ownService: true, serviceKey: key };
}
