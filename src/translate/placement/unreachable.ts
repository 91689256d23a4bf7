/**
 * unreachableStrategy → tolerations of the taints Kubernetes puts on unreachable and not-ready
 * nodes.
 *
 * Marathon launches a replacement once a task has been unreachable for inactiveAfterSeconds
 * and forgets (kills, if it ever returns) the old task after expungeAfterSeconds. Kubernetes
 * evicts a pod from such a node when its toleration runs out, and the Deployment replaces it at
 * once; the old containers are killed when the node returns. So tolerationSeconds is
 * inactiveAfterSeconds, and expunge has no counterpart: reported when it differs from inactive.
 *
 * Without tolerations of its own a pod gets 300 s from the cluster (the DefaultTolerationSeconds
 * admission plugin), so the tolerations are written whenever Marathon's timing was another:
 * also when the field is absent, since Marathon's default replaced an unreachable task at once.
 */
import type { Severity } from '../../findings.js';
import { supports } from '../../kube/versions.js';
import type { AppContext } from '../context.js';
import { lacks } from '../target.js';
import type { PlacementRules, Toleration } from './rules.js';

const NODE_TAINTS = ['node.kubernetes.io/unreachable', 'node.kubernetes.io/not-ready'];

/** What a pod gets without tolerations of its own (kube-apiserver's DefaultTolerationSeconds). */
const KUBERNETES_DEFAULT_SECONDS = 300;

/**
 * Marathon's default when the field is absent: enabled with 0/0 (UnreachableEnabled.default in
 * every release from 1.4.x on; 300/600 only in 1.4.0–1.5.0, and DC/OS UIs still write 300/600),
 * `disabled` for resident apps and pods (persistent volumes), which Marathon requires.
 */
const MARATHON_DEFAULT = { inactiveAfterSeconds: 0, expungeAfterSeconds: 0 } as const;

/** 300/600: the cluster default already evicts at 300 s, and the expunge gap is not worth a note. */
const QUIET_PAIR = [300, 600] as const;

export function applyUnreachableStrategy(ctx: AppContext, rules: PlacementRules): void {
  const given = ctx.app.unreachableStrategy;
  // Metronome jobs have no unreachableStrategy and are not Marathon's: the cluster default stays.
  if (given === undefined && isJob(ctx)) return;
  const resident = (ctx.app.container?.volumes ?? []).some((v) => v.kind === 'persistent');
  const strategy = given ?? (resident ? 'disabled' : MARATHON_DEFAULT);
  // The leaves, not the object: an unknown key inside must still be reported.
  ctx.use('/unreachableStrategy/inactiveAfterSeconds', '/unreachableStrategy/expungeAfterSeconds');
  if (strategy === 'disabled') {
    ctx.use('/unreachableStrategy');
    for (const key of NODE_TAINTS) rules.tolerate(toleration(key));
    withoutTaintEvictions(ctx, 'Marathon never replaced tasks of an unreachable agent', 'warning');
    // Resident apps (persistent volumes) must use "disabled": nothing to tell their owners.
    if (!resident) {
      ctx.report('unreachable-strategy', '/unreachableStrategy',
        'unreachableStrategy "disabled": pods on an unreachable or not-ready node are never evicted nor replaced (tolerations without tolerationSeconds), as Marathon never replaced such tasks');
    }
    return;
  }
  const inactive = strategy.inactiveAfterSeconds ?? 0;
  const expunge = strategy.expungeAfterSeconds ?? inactive;
  if (inactive !== KUBERNETES_DEFAULT_SECONDS) {
    for (const key of NODE_TAINTS) rules.tolerate(toleration(key, inactive));
    withoutTaintEvictions(ctx, `Marathon replaced tasks of an unreachable agent ${inactive === 0 ? 'at once' : `after ${inactive} s`}`, 'info');
  }
  if (expunge !== inactive && !(inactive === QUIET_PAIR[0] && expunge === QUIET_PAIR[1])) {
    ctx.report('unreachable-strategy', '/unreachableStrategy/expungeAfterSeconds',
      `expungeAfterSeconds ${expunge} has no Kubernetes equivalent: a pod evicted after inactiveAfterSeconds (${inactive} s, the tolerationSeconds) is deleted at once, and its containers are killed when the node returns`);
  }
}

/** A Metronome job's task (the job translator projects `run` onto the app model). */
function isJob(ctx: AppContext): boolean {
  return typeof ctx.raw.run === 'object' && ctx.raw.run !== null;
}

function toleration(key: string, seconds?: number): Toleration {
  return { key, operator: 'Exists', effect: 'NoExecute', ...(seconds !== undefined ? { tolerationSeconds: seconds } : {}) };
}

/**
 * Before 1.13 the node controller evicts the pods of an unreachable node itself, after its
 * --pod-eviction-timeout (5 minutes by default), instead of tainting the node (TaintBasedEvictions
 * is off): the tolerations are written for clusters that enabled the gate, and have no effect on
 * a default one.
 */
function withoutTaintEvictions(ctx: AppContext, marathon: string, severity: Severity): void {
  if (supports('taintBasedEvictions', ctx.options.kubeVersion)) return;
  ctx.report('unreachable-strategy', '/unreachableStrategy',
    `${marathon}; Kubernetes ${ctx.options.kubeVersion} evicts pods from an unreachable node after the controller manager's --pod-eviction-timeout (5 minutes by default): the tolerations take effect only with taint-based evictions, on from 1.13`,
    { severity });
  lacks(ctx, 'taintBasedEvictions', 'unreachable nodes: pods evicted after --pod-eviction-timeout');
}
