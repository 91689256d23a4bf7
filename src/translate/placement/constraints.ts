/**
 * Marathon constraints → node selection, pod (anti-)affinity and topology spread.
 *
 * | operator | Kubernetes |
 * |---|---|
 * | UNIQUE, MAX_PER 1 | required pod anti-affinity on the field's node label |
 * | MAX_PER n > 1 | topology spread, maxSkew 1 (approximation: "at most n" is not expressible) |
 * | GROUP_BY [n] | topology spread, maxSkew 1, DoNotSchedule, minDomains n |
 * | CLUSTER v, IS v | nodeSelector field=v |
 * | CLUSTER (no value) | required pod affinity to the app's own pods on the field's label |
 * | LIKE / UNLIKE regex | node affinity In / NotIn the values a finite regex matches; else reported |
 *
 * Marathon declines agents that lack the attribute for every operator but UNLIKE, so the
 * operators that only name a field also require the node label to exist.
 */
import { supports } from '../../kube/versions.js';
import { lacks } from '../target.js';
import type { AppContext } from '../context.js';
import { selectorLabels } from '../metadata.js';
import { HOSTNAME_LABEL, invalidLabelValues, nodeLabelKey, type NodeLabelKey } from './node-labels.js';
import { expandFiniteRegex, MAX_VALUES } from './regex.js';
import type { PlacementRules, PodAffinityTerm } from './rules.js';

interface Constraint {
  pointer: string;
  /** As the user would recognise it: `rack_id GROUP_BY 3`. */
  text: string;
  label: NodeLabelKey;
  value?: string;
}

export function applyConstraints(ctx: AppContext, rules: PlacementRules): void {
  (ctx.app.constraints ?? []).forEach((parts, index) => {
    const pointer = `/constraints/${index}`;
    ctx.use(pointer);
    const [field, operator] = parts;
    // A legacy "field:OP:value" string whose value held ':' was split once too often.
    const rawValue = parts.length > 3 ? parts.slice(2).join(':') : parts[2];
    const text = [field, operator, rawValue].filter((p) => p !== undefined).join(' ');
    if (!field || !operator) {
      ctx.report('constraint-not-applied', pointer, `constraint "${text}" has no field or operator; not applied`);
      return;
    }
    const label = nodeLabelKey(field, ctx.options.nodeLabelPrefix, ctx.options.kubeVersion);
    if (label.key.startsWith('failure-domain.beta.kubernetes.io/')) lacks(ctx, 'topologyLabels', `${field} matched by ${label.key}`);
    if (label.sanitized) {
      ctx.report('node-label-sanitized', pointer, `attribute "${field}" is matched by the node label ${label.key} (${label.sanitized})`);
    }
    // Marathon treats an empty value as no value (`["hostname", "UNIQUE", ""]` is common).
    const constraint: Constraint = { pointer, text, label, ...(rawValue ? { value: rawValue } : {}) };
    const op = operator.toUpperCase();
    switch (op) {
      case 'UNIQUE':
        return unique(ctx, rules, constraint);
      case 'MAX_PER':
        return maxPer(ctx, rules, constraint);
      case 'GROUP_BY':
        return groupBy(ctx, rules, constraint);
      case 'CLUSTER':
        return constraint.value === undefined ? clusterTogether(ctx, rules, constraint) : equals(ctx, rules, constraint);
      case 'IS':
        return equals(ctx, rules, constraint);
      case 'LIKE':
      case 'UNLIKE':
        return like(ctx, rules, constraint, op === 'UNLIKE');
      default:
        ctx.report('constraint-not-applied', pointer, `constraint "${text}": unknown operator ${operator}; not applied`);
    }
  });
}

function unique(ctx: AppContext, rules: PlacementRules, c: Constraint): void {
  rules.requirePodAntiAffinity(ownPods(ctx, c.label.key));
  // Anti-affinity lets a pod onto a node WITHOUT the label; Marathon would decline that agent.
  requireLabelKey(rules, c.label);
  needNodeLabel(ctx, c);
}

function maxPer(ctx: AppContext, rules: PlacementRules, c: Constraint): void {
  const max = c.value !== undefined && /^\d+$/.test(c.value) ? Number(c.value) : undefined;
  if (max === undefined || max === 0) {
    ctx.report('constraint-not-applied', c.pointer, `constraint "${c.text}" needs a positive number of tasks per value; not applied`);
    return;
  }
  if (max === 1) return unique(ctx, rules, c);
  const spread = spreadOver(ctx, rules, c);
  if (spread === 'spread') {
    ctx.report('constraint-approximated', c.pointer,
      `"at most ${max} per ${c.label.key}" cannot be expressed; pods are spread evenly instead (topologySpreadConstraints maxSkew 1, DoNotSchedule), which keeps every domain at ${max} or fewer as long as instances ≤ ${max} × domains, but does not stop more pods per domain when there are fewer domains`,
      { hint: 'check that the cluster has enough domains for the replicas' });
  }
  needNodeLabel(ctx, c);
}

function groupBy(ctx: AppContext, rules: PlacementRules, c: Constraint): void {
  const groups = c.value !== undefined && /^\d+$/.test(c.value) ? Number(c.value) : undefined;
  // Marathon's expected number of groups makes it wait for that many distinct values before it
  // counts the spread as even: exactly minDomains (fewer domains count as a global minimum of 0).
  const minDomains = groups !== undefined && groups > 1 && supports('topologySpreadMinDomains', ctx.options.kubeVersion) ? groups : undefined;
  const spread = spreadOver(ctx, rules, c, minDomains);
  if (spread === 'spread' && groups !== undefined && groups > 1 && minDomains === undefined) {
    lacks(ctx, 'topologySpreadMinDomains', 'expected number of GROUP_BY values not enforced');
    ctx.report('constraint-approximated', c.pointer,
      `the expected number of ${c.label.key} values (${groups}) is not enforced: minDomains needs Kubernetes 1.27; pods are spread over the domains that exist`);
  }
  needNodeLabel(ctx, c);
}

/**
 * Even spread, a hard rule as in Marathon (it declines offers that would unbalance the groups);
 * DoNotSchedule also keeps pods off nodes without the label, as Marathon does.
 * Targets before 1.18 lack topologySpreadConstraints: a preferred anti-affinity is the nearest.
 */
function spreadOver(ctx: AppContext, rules: PlacementRules, c: Constraint, minDomains?: number): 'spread' | 'fallback' {
  if (supports('topologySpreadConstraints', ctx.options.kubeVersion)) {
    rules.spreadOver({
      maxSkew: 1,
      ...(minDomains !== undefined ? { minDomains } : {}),
      topologyKey: c.label.key,
      whenUnsatisfiable: 'DoNotSchedule',
      labelSelector: { matchLabels: selectorLabels(ctx) },
    });
    return 'spread';
  }
  rules.preferPodAntiAffinity(ownPods(ctx, c.label.key));
  requireLabelKey(rules, c.label);
  lacks(ctx, 'topologySpreadConstraints', 'even spread as a preferred pod anti-affinity');
  ctx.report('constraint-approximated', c.pointer,
    `constraint "${c.text}": topologySpreadConstraints need Kubernetes 1.18 (target ${ctx.options.kubeVersion}); pods prefer different ${c.label.key} values (preferred pod anti-affinity), a preference rather than a rule`,
    { severity: 'warning', hint: 'target Kubernetes 1.18 or later to spread pods as a rule' });
  return 'fallback';
}

/** CLUSTER without a value: all tasks on agents sharing the first task's value. */
function clusterTogether(ctx: AppContext, rules: PlacementRules, c: Constraint): void {
  // A pod whose affinity term matches itself may go anywhere when no such pod runs yet: the first
  // pod picks the domain, as Marathon's first task picks the agent.
  rules.requirePodAffinity(ownPods(ctx, c.label.key));
  requireLabelKey(rules, c.label);
  needNodeLabel(ctx, c);
}

/** CLUSTER value / IS value: the node label must have this value. */
function equals(ctx: AppContext, rules: PlacementRules, c: Constraint): void {
  const value = c.value;
  if (value === undefined) {
    ctx.report('constraint-not-applied', c.pointer, `constraint "${c.text}" needs a value; not applied`);
    return;
  }
  if (!validValues(ctx, c, [value])) return;
  rules.requireLabel(c.label.key, value);
  needNodeLabel(ctx, c, [value]);
}

function like(ctx: AppContext, rules: PlacementRules, c: Constraint, negated: boolean): void {
  if (c.value === undefined) {
    ctx.report('constraint-not-applied', c.pointer, `constraint "${c.text}" needs a regular expression; not applied`);
    return;
  }
  const finite = expandFiniteRegex(c.value);
  if (!finite) {
    ctx.report('constraint-regex', c.pointer,
      `constraint "${c.text}": the regular expression is not a list of at most ${MAX_VALUES} literal values, which is all node affinity can express; not applied`,
      { hint: `label the matching nodes (e.g. ${c.label.key}) and add a nodeSelector or node affinity by hand` });
    return;
  }
  if (!validValues(ctx, c, finite.values)) return;
  if (finite.bareDot) {
    ctx.report('constraint-approximated', c.pointer, `constraint "${c.text}": the unescaped "." (any character) is read as a literal dot`);
  }
  rules.requireExpression({ key: c.label.key, operator: negated ? 'NotIn' : 'In', values: finite.values });
  // An UNLIKE accepts nodes without the label: the cluster only needs it where values are excluded.
  if (negated) {
    if (!c.label.automatic) ctx.need('node-label', c.label.key, finite.values.map((v) => `not ${v}`));
  } else {
    needNodeLabel(ctx, c, finite.values);
  }
}

function validValues(ctx: AppContext, c: Constraint, values: string[]): boolean {
  const invalid = invalidLabelValues(values);
  if (invalid.length === 0) return true;
  ctx.report('constraint-not-applied', c.pointer,
    `constraint "${c.text}": ${invalid.map((v) => `"${v}"`).join(', ')} cannot be a Kubernetes label value; not applied`,
    { hint: 'label the nodes with a valid value and add a nodeSelector by hand' });
  return false;
}

/** Marathon never places a task on an agent lacking the attribute (every node has a hostname). */
function requireLabelKey(rules: PlacementRules, label: NodeLabelKey): void {
  if (!label.automatic) rules.requireKey(label.key);
}

/**
 * Records the node label the cluster must carry (the kubelet sets the hostname label itself).
 * Specific host names are worth a warning: a new cluster's nodes are named differently.
 */
function needNodeLabel(ctx: AppContext, c: Constraint, values?: string[]): void {
  const { key, automatic } = c.label;
  if (!automatic) {
    ctx.need('node-label', key, values);
  } else if (values && key === HOSTNAME_LABEL) {
    ctx.need('node-label', key, values);
    ctx.report('constraint-host-pinned', c.pointer,
      `constraint "${c.text}" pins the app to Mesos agent host names (${values.join(', ')}); the pods stay Pending unless Kubernetes nodes have these names`,
      { hint: 'label the intended nodes and select them by that label instead' });
  }
}

function ownPods(ctx: AppContext, topologyKey: string): PodAffinityTerm {
  return { labelSelector: { matchLabels: selectorLabels(ctx) }, topologyKey };
}
