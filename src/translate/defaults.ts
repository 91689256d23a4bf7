/**
 * Fields that carry Marathon's default value say nothing a Kubernetes object needs: every
 * GET /v2/apps export spells them out (backoff, killSelection, executor…), and reporting them
 * would bury the findings that matter. They are consumed here. A non-default value is left to
 * its mapper or, where there is none, to the ledger, which reports it.
 */
import type { JsonObject } from '../marathon/json.js';
import type { AppContext } from './context.js';

/** Field → the values Marathon treats as its default (several where defaults changed by version). */
const APP_DEFAULTS: Record<string, readonly unknown[]> = {
  backoffSeconds: [1],
  backoffFactor: [1.15],
  // 3600 up to Marathon 1.7, 300 from 1.8 (MARATHON-FIELDS.md §2.1).
  maxLaunchDelaySeconds: [3600, 300],
  killSelection: ['YOUNGEST_FIRST'],
  executor: ['', '//cmd'],
  requirePorts: [false],
  // '*' is Mesos' default role: nothing to place the app by.
  role: ['*'],
};

export function consumeDefaults(ctx: AppContext, raw: JsonObject): void {
  for (const [field, defaults] of Object.entries(APP_DEFAULTS)) {
    if (field in raw && defaults.includes(raw[field])) ctx.use(`/${field}`);
  }
  // Frameworks set this label; it only makes Marathon enforce instances ≤ 1 and upgrade {0, 0},
  // which the app's own instances and upgradeStrategy already carry.
  const labels = raw.labels as Record<string, unknown> | undefined;
  if (labels && typeof labels === 'object' && labels.MARATHON_SINGLE_INSTANCE_APP !== undefined) ctx.use('/labels/MARATHON_SINGLE_INSTANCE_APP');
  const roles = raw.acceptedResourceRoles;
  // ["*"] accepts offers of any role: the Kubernetes default of no node restriction.
  if (Array.isArray(roles) && roles.length === 1 && roles[0] === '*') ctx.use('/acceptedResourceRoles');
}
