/**
 * acceptedResourceRoles → where the pods may run.
 *
 * DC/OS public agents offer their resources under the role `slave_public` (and are usually
 * reachable from outside); on Kubernetes that becomes a labelled (and often tainted) node
 * pool, given by --public-node-selector and --public-node-toleration. `["*"]` alone is
 * Marathon's default and consumed with the defaults.
 */
import type { AppContext } from '../context.js';
import { isValidKey, isValidLabelValue } from '../metadata.js';
import type { PlacementRules, Toleration } from './rules.js';

const PUBLIC_ROLE = 'slave_public';
const EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'] as const;

export function applyAcceptedRoles(ctx: AppContext, rules: PlacementRules): void {
  const roles = ctx.app.acceptedResourceRoles;
  if (!roles || roles.length === 0) return;
  ctx.use('/acceptedResourceRoles');
  const anyRole = roles.includes('*');
  if (roles.includes(PUBLIC_ROLE)) publicNodes(ctx, rules, anyRole);
  roles.forEach((role, index) => {
    if (role === '*' || role === PUBLIC_ROLE) return;
    ctx.report('resource-role-not-mapped', `/acceptedResourceRoles/${index}`,
      anyRole
        ? `Mesos role "${role}": the app also accepted any role, so it may run on any node; resources reserved for "${role}" have no Kubernetes equivalent`
        : `Mesos role "${role}": the app ran only on resources reserved for this role, which has no Kubernetes equivalent; the pods may run on any node`,
      { ...(anyRole ? { severity: 'info' as const } : {}), hint: 'to keep dedicated nodes, label and taint them, then add a nodeSelector and a toleration' });
  });
}

function publicNodes(ctx: AppContext, rules: PlacementRules, alsoPrivate: boolean): void {
  const tolerations: string[] = [];
  for (const spec of ctx.options.publicNodeTolerations) {
    const toleration = parseToleration(spec);
    if (toleration) {
      rules.tolerate(toleration);
      tolerations.push(spec);
    } else {
      ctx.report('public-node', '/acceptedResourceRoles', `--public-node-toleration "${spec}" is not key=value:Effect, key:Effect or key=value; ignored`, { severity: 'warning' });
    }
  }
  const selector = Object.entries(ctx.options.publicNodeSelector);
  const tolerated = tolerations.length > 0 ? `tolerations ${tolerations.join(', ')}` : 'no tolerations';
  if (alsoPrivate) {
    // Accepting "*" too means any agent would do: allowed on the public nodes, not confined to them.
    ctx.report('public-node', '/acceptedResourceRoles',
      `the app accepted public (slave_public) and private agents: ${tolerated} let it run on the public nodes as well, without a nodeSelector`);
    return;
  }
  for (const [key, value] of selector) {
    rules.requireLabel(key, value);
    ctx.need('node-label', key, [value]);
  }
  const selected = selector.length > 0 ? `nodeSelector ${selector.map(([k, v]) => `${k}=${v}`).join(', ')}` : 'no nodeSelector';
  ctx.report('public-node', '/acceptedResourceRoles',
    `the app ran on public agents (slave_public): ${selected} and ${tolerated} place it on the public nodes`,
    { hint: 'set --public-node-selector and --public-node-toleration to match the cluster\'s edge nodes' });
}

/** `key=value:Effect`, `key:Effect`, `key=value` or `key`; no effect tolerates every effect. */
export function parseToleration(spec: string): Toleration | undefined {
  const m = /^([^=:]+)(?:=([^:]*))?(?::([A-Za-z]+))?$/.exec(spec.trim());
  if (!m) return undefined;
  const [, key, value, effectText] = m;
  if (!key || !isValidKey(key) || (value !== undefined && !isValidLabelValue(value))) return undefined;
  const effect = effectText === undefined ? undefined : EFFECTS.find((e) => e.toLowerCase() === effectText.toLowerCase());
  if (effectText !== undefined && effect === undefined) return undefined;
  return {
    key,
    operator: value === undefined ? 'Exists' : 'Equal',
    ...(value !== undefined ? { value } : {}),
    ...(effect ? { effect } : {}),
  };
}
