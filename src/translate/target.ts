/**
 * Features the target Kubernetes version lacks, as the report lists them: a mapper that falls
 * back because of the target calls `lacks` next to its finding, so the report can say per run
 * "made for 1.12, which lacks startupProbe (1.18): 40 apps" without parsing messages.
 */
import { featureLabel, type FeatureName } from '../kube/versions.js';
import type { AppContext } from './context.js';

/** Records that the app needed `feature`, which the target lacks; `instead` says what was done. */
export function lacks(ctx: AppContext, feature: FeatureName, instead: string): void {
  ctx.need('kubernetes-feature', featureLabel(feature), [instead]);
}
