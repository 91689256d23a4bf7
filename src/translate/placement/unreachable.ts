/**
 * unreachableStrategy → tolerations of the taints Kubernetes puts on unreachable and not-ready
 * nodes.
 *
 * Marathon launches a replacement once a task has been unreachable for inactiveAfterSeconds
 * and forgets (kills, if it ever returns) the old task after expungeAfterSeconds. Kubernetes
 * evicts a pod from such a node when its toleration runs out, and the Deployment replaces it at
 * once; the old containers are killed when the node returns. So tolerationSeconds is
 * inactiveAfterSeconds, and expunge has no counterpart: reported when it differs from inactive.
 */
import type { AppContext } from '../context.js';
import type { PlacementRules, Toleration } from './rules.js';

const NODE_TAINTS = ['node.kubernetes.io/unreachable', 'node.kubernetes.io/not-ready'];

/**
 * Marathon's defaults: 0/0 since 1.5, 300/600 in 1.4 and in the DC/OS UI. These leave the
 * cluster's own default in place (evict after 300 s, the DefaultTolerationSeconds admission
 * plugin), which is what ordinary apps expect, and stay quiet.
 */
const DEFAULT_PAIRS: readonly (readonly [number, number])[] = [[0, 0], [300, 600]];

export function applyUnreachableStrategy(ctx: AppContext, rules: PlacementRules): void {
  const strategy = ctx.app.unreachableStrategy;
  if (strategy === undefined) return;
  // The leaves, not the object: an unknown key inside must still be reported.
  ctx.use('/unreachableStrategy/inactiveAfterSeconds', '/unreachableStrategy/expungeAfterSeconds');
  if (strategy === 'disabled') ctx.use('/unreachableStrategy');
  if (strategy === 'disabled') {
    for (const key of NODE_TAINTS) rules.tolerate(toleration(key));
    // Resident apps (persistent volumes) must use "disabled": nothing to tell their owners.
    const resident = (ctx.app.container?.volumes ?? []).some((v) => v.kind === 'persistent');
    if (!resident) {
      ctx.report('unreachable-strategy', '/unreachableStrategy',
        'unreachableStrategy "disabled": pods on an unreachable or not-ready node are never evicted nor replaced (tolerations without tolerationSeconds), as Marathon never replaced such tasks');
    }
    return;
  }
  const inactive = strategy.inactiveAfterSeconds ?? 0;
  const expunge = strategy.expungeAfterSeconds ?? inactive;
  if (DEFAULT_PAIRS.some(([i, e]) => i === inactive && e === expunge)) return;
  for (const key of NODE_TAINTS) rules.tolerate(toleration(key, inactive));
  if (expunge !== inactive) {
    ctx.report('unreachable-strategy', '/unreachableStrategy/expungeAfterSeconds',
      `expungeAfterSeconds ${expunge} has no Kubernetes equivalent: a pod evicted after inactiveAfterSeconds (${inactive} s, the tolerationSeconds) is deleted at once, and its containers are killed when the node returns`);
  }
}

function toleration(key: string, seconds?: number): Toleration {
  return { key, operator: 'Exists', effect: 'NoExecute', ...(seconds !== undefined ? { tolerationSeconds: seconds } : {}) };
}
