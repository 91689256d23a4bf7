/**
 * The placement rules of one pod, collected from constraints, roles and unreachableStrategy,
 * then written as the pod fields this concern owns: nodeSelector, affinity, tolerations and
 * topologySpreadConstraints.
 *
 * Everything added here is ANDed by Kubernetes, as Marathon ANDs an app's constraints: node
 * requirements go into ONE nodeSelectorTerm (several terms would be ORed).
 */

export interface NodeSelectorRequirement {
  key: string;
  operator: 'In' | 'NotIn' | 'Exists';
  values?: string[];
}

export interface PodAffinityTerm {
  labelSelector: { matchLabels: Record<string, string> };
  topologyKey: string;
}

export interface TopologySpreadConstraint {
  maxSkew: number;
  topologyKey: string;
  whenUnsatisfiable: 'DoNotSchedule' | 'ScheduleAnyway';
  labelSelector: { matchLabels: Record<string, string> };
  minDomains?: number;
}

export interface Toleration {
  key?: string;
  operator: 'Equal' | 'Exists';
  value?: string;
  effect?: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
  tolerationSeconds?: number;
}

export class PlacementRules {
  private readonly nodeSelector: Record<string, string> = {};
  private readonly requirements: NodeSelectorRequirement[] = [];
  private readonly podAffinity: PodAffinityTerm[] = [];
  private readonly podAntiAffinity: PodAffinityTerm[] = [];
  private readonly preferredAntiAffinity: PodAffinityTerm[] = [];
  private readonly spread: TopologySpreadConstraint[] = [];
  private readonly tolerations: Toleration[] = [];

  /** The node must carry `key=value`. A second value for the same key stays a requirement (ANDed). */
  requireLabel(key: string, value: string): void {
    const current = this.nodeSelector[key];
    if (current === undefined) this.nodeSelector[key] = value;
    else if (current !== value) this.requireExpression({ key, operator: 'In', values: [value] });
  }

  requireExpression(requirement: NodeSelectorRequirement): void {
    addUnique(this.requirements, requirement);
  }

  /** The node must have the label at all (Marathon declines agents lacking the attribute). */
  requireKey(key: string): void {
    addUnique(this.requirements, { key, operator: 'Exists' });
  }

  requirePodAffinity(term: PodAffinityTerm): void {
    addUnique(this.podAffinity, term);
  }

  requirePodAntiAffinity(term: PodAffinityTerm): void {
    addUnique(this.podAntiAffinity, term);
  }

  preferPodAntiAffinity(term: PodAffinityTerm): void {
    addUnique(this.preferredAntiAffinity, term);
  }

  spreadOver(constraint: TopologySpreadConstraint): void {
    addUnique(this.spread, constraint);
  }

  tolerate(toleration: Toleration): void {
    addUnique(this.tolerations, toleration);
  }

  /** The pod spec fields; empty ones are left out so an app without placement stays plain. */
  toPodFields(): Record<string, unknown> {
    const fields: Record<string, unknown> = {};
    if (Object.keys(this.nodeSelector).length > 0) fields.nodeSelector = { ...this.nodeSelector };
    const affinity: Record<string, unknown> = {};
    // An Exists requirement next to an In/NotIn on the same key adds nothing: drop it.
    const requirements = this.requirements.filter((r) => r.operator !== 'Exists'
      || (this.nodeSelector[r.key] === undefined && !this.requirements.some((o) => o.key === r.key && o.operator === 'In')));
    if (requirements.length > 0) {
      affinity.nodeAffinity = { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: requirements }] } };
    }
    if (this.podAffinity.length > 0) affinity.podAffinity = { requiredDuringSchedulingIgnoredDuringExecution: this.podAffinity };
    if (this.podAntiAffinity.length > 0 || this.preferredAntiAffinity.length > 0) {
      const anti: Record<string, unknown> = {};
      if (this.podAntiAffinity.length > 0) anti.requiredDuringSchedulingIgnoredDuringExecution = this.podAntiAffinity;
      if (this.preferredAntiAffinity.length > 0) {
        anti.preferredDuringSchedulingIgnoredDuringExecution = this.preferredAntiAffinity.map((podAffinityTerm) => ({ weight: 100, podAffinityTerm }));
      }
      affinity.podAntiAffinity = anti;
    }
    if (Object.keys(affinity).length > 0) fields.affinity = affinity;
    if (this.tolerations.length > 0) fields.tolerations = this.tolerations;
    if (this.spread.length > 0) fields.topologySpreadConstraints = this.spread;
    return fields;
  }
}

/** Identical rules from two constraints (`hostname UNIQUE` and `hostname MAX_PER 1`) appear once. */
function addUnique<T>(list: T[], item: T): void {
  const json = JSON.stringify(item);
  if (!list.some((x) => JSON.stringify(x) === json)) list.push(item);
}
