/**
 * Format detection on content, not file names: which Marathon (or Metronome) objects a parsed
 * JSON document holds, and where each sits in the file (a JSON pointer).
 */
import { isEdgeLbPool, isPoolList } from '../edgelb/detect.js';
import { isObject } from './json.js';

/** The input kinds: Marathon apps, pods and groups, Metronome jobs, and DC/OS Edge-LB pools. */
export type MarathonKind = 'app' | 'pod' | 'group' | 'job' | 'edgelb-pool';

export interface DetectedObject {
  kind: MarathonKind;
  /** Pointer of the object in its file, e.g. `/apps/2` or `` for the whole document. */
  pointer: string;
  raw: Record<string, unknown>;
}

export type Detection = { ok: true; objects: DetectedObject[] } | { ok: false; message: string };

const APP_HINT_KEYS = ['cmd', 'args', 'container', 'instances', 'cpus', 'mem', 'portDefinitions', 'ports', 'healthChecks', 'env', 'uris', 'fetch'];

export function detect(doc: unknown): Detection {
  if (Array.isArray(doc)) {
    // A bare array: PUT /v2/apps bodies, or lists people assemble by hand.
    const objects: DetectedObject[] = [];
    for (const [i, item] of doc.entries()) {
      const kind = isObject(item) ? kindOf(item) : undefined;
      if (!kind || !isObject(item)) return { ok: false, message: `element ${i} of the array is not a Marathon app, pod or job` };
      objects.push(detected(kind, `/${i}`, item));
    }
    return { ok: true, objects };
  }
  if (!isObject(doc)) return { ok: false, message: 'expected a JSON object or array' };
  // GET /v2/apps/{id} → {"app": …}
  if (isObject(doc.app) && Object.keys(doc).length === 1) return { ok: true, objects: [{ kind: 'app', pointer: '/app', raw: doc.app }] };
  // GET /v2/apps → {"apps": […]} without a group id
  if (Array.isArray(doc.apps) && doc.id === undefined && doc.groups === undefined) {
    return listOf(doc.apps, 'apps', 'app');
  }
  // GET /v2/pods → {"pods": […]} without a group id (not a Marathon response, but exported so)
  if (Array.isArray(doc.pods) && doc.id === undefined && doc.groups === undefined && doc.apps === undefined) {
    return listOf(doc.pods, 'pods', 'pod');
  }
  // The Edge-LB (0.x / V1) configuration file: {"pools": [pool, …]}
  if (isPoolList(doc)) return listOf(doc.pools as unknown[], 'pools', 'edgelb-pool');
  const kind = kindOf(doc);
  if (!kind) return { ok: false, message: 'not a Marathon app, app list, group, pod, Metronome job or Edge-LB pool (no id with app, pod, group or job fields, nor a pool\'s haproxy section)' };
  return { ok: true, objects: [detected(kind, '', doc)] };
}

function listOf(items: unknown[], key: string, kind: MarathonKind): Detection {
  const objects: DetectedObject[] = [];
  for (const [i, item] of items.entries()) {
    if (!isObject(item)) return { ok: false, message: `${key}[${i}] is not an object` };
    objects.push(detected(kind, `/${key}/${i}`, item));
  }
  return { ok: true, objects };
}

/**
 * A pod status (GET /v2/pods/{id}::status, `{id, spec, status, instances…}`) carries the
 * definition under `spec`: the definition is what converts, so the object found is the spec.
 */
function detected(kind: MarathonKind, pointer: string, raw: Record<string, unknown>): DetectedObject {
  if (kind === 'pod' && !Array.isArray(raw.containers) && isObject(raw.spec)) return { kind, pointer: `${pointer}/spec`, raw: raw.spec };
  return { kind, pointer, raw };
}

/** The kind of a single object, from the fields only that kind has. */
export function kindOf(o: Record<string, unknown>): MarathonKind | undefined {
  if (isObject(o.run)) return 'job';
  if (isEdgeLbPool(o)) return 'edgelb-pool';
  if (Array.isArray(o.containers) || (isObject(o.spec) && Array.isArray(o.spec.containers))) return 'pod';
  if (Array.isArray(o.groups) || (Array.isArray(o.apps) && typeof o.id === 'string') || (Array.isArray(o.pods) && typeof o.id === 'string')) return 'group';
  if (typeof o.id === 'string' && APP_HINT_KEYS.some((k) => k in o)) return 'app';
  return undefined;
}
