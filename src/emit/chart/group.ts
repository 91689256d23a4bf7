/**
 * Which objects go into which chart, and which app inside it.
 *
 * A chart per namespace (the converter maps each top-level Marathon group to a namespace, so this
 * is a chart per group), or one chart for everything when a name is given. Inside a chart an
 * app is the set of objects sharing `app.kubernetes.io/name` in one namespace; each app gets a
 * values key that templates can address as `.Values.<key>` (a Go identifier, so camelCase).
 *
 * Namespace objects are not put into charts: Helm installs a release into a namespace it is
 * given (`helm install -n team --create-namespace`), and a chart that creates its own namespace
 * cannot be installed that way.
 */
import { LABEL_NAME, LABEL_PART_OF, MARATHON_ID_ANNOTATION, type KubeObject } from '../../kube/types.js';
import { addToList } from '../../collections.js';

export interface AppPlan {
  /** Key in values.yaml and Go identifier (`web`, `orderService`). */
  key: string;
  /** The Kubernetes app name (app.kubernetes.io/name). */
  name: string;
  namespace?: string;
  /** app.kubernetes.io/part-of, when the objects carry it. */
  partOf?: string;
  /** Marathon ids the app's objects came from. */
  marathonIds: string[];
  objects: KubeObject[];
}

export interface ChartPlan {
  name: string;
  /** Namespaces the objects came from (one, unless a single chart spans several). */
  namespaces: string[];
  /** Top-level Marathon groups ("/team"; "/" for apps at the root). */
  groups: string[];
  apps: AppPlan[];
  /** Namespace objects left out of the chart. */
  namespaceObjects: KubeObject[];
  /** What a reviewer must know about the grouping (e.g. names colliding across namespaces). */
  warnings: string[];
}

const CHART_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/** Top-level values keys that mean something to Helm or to the chart itself. */
const RESERVED_KEYS = new Set(['global', 'nameOverride', 'fullnameOverride', 'enabled', 'Values', 'Release', 'Chart']);

export function isValidChartName(name: string): boolean {
  return name.length <= 63 && CHART_NAME.test(name);
}

/** "order-service.v2" → "orderServiceV2"; identifiers start with a letter. */
export function camelKey(text: string): string {
  const parts = text.split(/[^A-Za-z0-9]+/).filter((p) => p !== '');
  if (parts.length === 0) return 'app';
  const key = parts.map((p, i) => (i === 0 ? p.charAt(0).toLowerCase() + p.slice(1) : p.charAt(0).toUpperCase() + p.slice(1))).join('');
  return /^[A-Za-z]/.test(key) ? key : `app${key}`;
}

/** A key not yet in `taken` (adds it): `key`, `key2`, `key3`, … */
export function uniqueKey(key: string, taken: Set<string>): string {
  let k = key;
  for (let n = 2; taken.has(k) || RESERVED_KEYS.has(k); n++) k = `${key}${n}`;
  taken.add(k);
  return k;
}

function groupOf(marathonId: string): string {
  const segments = marathonId.split('/').filter((s) => s !== '');
  return segments.length > 1 ? `/${segments[0]}` : '/';
}

export function planCharts(objects: KubeObject[], opts: { name?: string } = {}): ChartPlan[] {
  const byChart = new Map<string, KubeObject[]>();
  const namespaceObjects = new Map<string, KubeObject[]>();
  for (const obj of objects) {
    if (obj.kind === 'Namespace' && obj.apiVersion === 'v1') {
      const key = opts.name ?? obj.metadata.name;
      addToList(namespaceObjects, key, obj);
      continue;
    }
    const key = opts.name ?? obj.metadata.namespace ?? obj.metadata.labels?.[LABEL_PART_OF] ?? 'default';
    addToList(byChart, key, obj);
  }
  return [...byChart.entries()].map(([name, objs]) => planChart(name, objs, namespaceObjects.get(name) ?? []));
}

function planChart(name: string, objects: KubeObject[], namespaceObjects: KubeObject[]): ChartPlan {
  const namespaces = [...new Set(objects.map((o) => o.metadata.namespace).filter((n): n is string => n !== undefined))].sort();
  const apps = new Map<string, AppPlan>();
  const multiNs = namespaces.length > 1;
  for (const obj of objects) {
    const appName = obj.metadata.labels?.[LABEL_NAME] ?? obj.metadata.name;
    const id = `${obj.metadata.namespace ?? ''}\u0000${appName}`;
    let app = apps.get(id);
    if (!app) {
      app = { key: '', name: appName, marathonIds: [], objects: [] };
      if (obj.metadata.namespace !== undefined) app.namespace = obj.metadata.namespace;
      apps.set(id, app);
    }
    app.objects.push(obj);
    const partOf = obj.metadata.labels?.[LABEL_PART_OF];
    if (partOf !== undefined && app.partOf === undefined) app.partOf = partOf;
    const marathonId = obj.metadata.annotations?.[MARATHON_ID_ANNOTATION];
    if (marathonId !== undefined && !app.marathonIds.includes(marathonId)) app.marathonIds.push(marathonId);
  }
  // Keys: the app name, or namespace + name when the chart spans namespaces and names repeat.
  const nameCount = new Map<string, number>();
  for (const app of apps.values()) nameCount.set(app.name, (nameCount.get(app.name) ?? 0) + 1);
  const taken = new Set<string>();
  for (const app of apps.values()) {
    const base = multiNs && (nameCount.get(app.name) ?? 0) > 1 ? `${app.namespace ?? ''}-${app.name}` : app.name;
    app.key = uniqueKey(camelKey(base), taken);
  }
  const groups = [...new Set([...apps.values()].flatMap((a) => a.marathonIds.map(groupOf)))].sort();
  return { name, namespaces, groups, apps: [...apps.values()], namespaceObjects, warnings: collisionWarnings(objects, multiNs) };
}

/** One release installs into one namespace: objects of the same kind and name would collide. */
function collisionWarnings(objects: KubeObject[], multiNs: boolean): string[] {
  if (!multiNs) return [];
  const seen = new Map<string, string[]>();
  for (const o of objects) {
    const k = `${o.kind}/${o.metadata.name}`;
    addToList(seen, k, o.metadata.namespace ?? '');
  }
  return [...seen.entries()]
    .filter(([, nss]) => nss.length > 1)
    .map(([k, nss]) => `${k} exists in namespaces ${nss.join(', ')}; one release installs into one namespace, so these collide (convert with --namespace, or make one chart per namespace)`);
}
