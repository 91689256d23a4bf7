/**
 * The placement concern: where an app's pods may run. It alone contributes the pod fields
 * nodeSelector, affinity, tolerations and topologySpreadConstraints, built from constraints,
 * acceptedResourceRoles and unreachableStrategy; it also reports the launch back-off and kill
 * order settings, which have no Kubernetes counterpart.
 */
import type { AppContext } from '../context.js';
import type { PodParts } from '../parts.js';
import { applyConstraints } from './constraints.js';
import { applyAcceptedRoles } from './roles.js';
import { PlacementRules } from './rules.js';
import { reportSchedulingSettings } from './scheduling.js';
import { applyUnreachableStrategy } from './unreachable.js';

export function mapPlacement(ctx: AppContext): PodParts {
  const rules = new PlacementRules();
  applyConstraints(ctx, rules);
  applyAcceptedRoles(ctx, rules);
  applyUnreachableStrategy(ctx, rules);
  reportSchedulingSettings(ctx);
  return { podFields: rules.toPodFields() };
}
