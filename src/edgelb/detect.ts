/**
 * Telling an Edge-LB pool from Marathon objects, and a V1 pool from a V2 one, on content.
 *
 * A pool is an object with an `haproxy` section and no Marathon `id` (no Marathon object has
 * `haproxy`). Pool files come as one pool (`dcos edgelb create pool.json`, the API's
 * GET /pools/<name>), or — the Edge-LB 0.x/V1 configuration file — as `{"pools": [...]}`.
 *
 * Edge-LB reads a pool without apiVersion as V2. A V1 pool says `"apiVersion": "V1"`, or has
 * the V1 backend shape: `servers` (framework/task/port selectors) where V2 has `services`, or
 * a marathon-lb-style `servicePort`.
 */
import { isObject, str } from '../marathon/json.js';

export type PoolVersion = 'V1' | 'V2';

export function isEdgeLbPool(o: Record<string, unknown>): boolean {
  return isObject(o.haproxy) && o.id === undefined;
}

/** `{"pools": [pool, …]}`, the Edge-LB configuration file holding several pools. */
export function isPoolList(o: Record<string, unknown>): boolean {
  return Array.isArray(o.pools) && o.id === undefined && o.pools.some((p) => isObject(p) && isEdgeLbPool(p));
}

export function poolVersion(o: Record<string, unknown>): PoolVersion {
  const declared = str(o.apiVersion)?.trim().toUpperCase();
  if (declared === 'V1') return 'V1';
  if (declared !== undefined && declared !== '') return 'V2';
  const haproxy = isObject(o.haproxy) ? o.haproxy : {};
  const backends = Array.isArray(haproxy.backends) ? haproxy.backends.filter(isObject) : [];
  const v1Shaped = backends.some((b) => (Array.isArray(b.servers) || b.servicePort !== undefined) && b.services === undefined);
  return v1Shaped ? 'V1' : 'V2';
}
