/**
 * Service discovery and traffic: how clients found the app on DC/OS, and what finds it now.
 *
 *   VIP labels              → the Service ports, plus Services named after the VIPs   (vip*.ts)
 *   docker --network-alias  → Services named after the aliases                        (network-alias.ts)
 *   marathon-lb / Traefik   → an Ingress                                              (haproxy.ts, traefik.ts, ingress.ts)
 *   admin router labels     → reported                                                (admin-router.ts)
 *   Mesos-DNS / DC/OS names → Service DNS names in cmd, args, env, COMMAND checks     (dns-rewrite.ts)
 *   Marathon's task env     → HOST, MESOS_TASK_ID, MARATHON_APP_*, always             (marathon-env.ts)
 */
import type { KubeObject } from '../../kube/types.js';
import type { Concern } from '../concerns.js';
import type { AppContext } from '../context.js';
import type { PodParts } from '../parts.js';
import type { ResolvedPort } from '../ports.js';
import { mapAdminRouterLabels } from './admin-router.js';
import { findDnsNames, rewriteDnsNames } from './dns-rewrite.js';
import { haproxyPlan } from './haproxy.js';
import { buildIngress, type IngressPlan } from './ingress.js';
import { marathonEnv, runTexts } from './marathon-env.js';
import { mapNetworkAliases } from './network-alias.js';
import { entryFor, runDirectory, type RunDirectory } from './run-directory.js';
import { traefikPlan } from './traefik.js';
import { mapVips } from './vip-concern.js';

/** An app's discovery: the Services, Ingress and rewrites, and the variables Marathon set. */
export const discoveryConcern: Concern = (ctx, ports) => ({ ...serviceDiscovery(ctx, ports), ...appTaskEnv(ctx) });

/** What finds the app (pods use it too; their task variables differ: pod/env.ts). */
export function serviceDiscovery(ctx: AppContext, ports: readonly ResolvedPort[]): PodParts {
  const dir = runDirectory(ctx);
  const entry = entryFor(ctx, dir);
  const vips = mapVips(ctx, entry, ports);
  const objects: KubeObject[] = [...vips.objects, ...mapNetworkAliases(ctx, entry.aliases, ports)];
  const ingress = mapIngress(ctx, ports);
  if (ingress) objects.push(ingress);
  mapAdminRouterLabels(ctx);
  reportDnsNames(ctx, dir);
  const parts: PodParts = { objects, rewriteText: (text) => rewriteDnsNames(text, dir) };
  if (Object.keys(vips.podLabels).length > 0) parts.podLabels = vips.podLabels;
  return parts;
}

/**
 * The variables Marathon set in every task, always; said in a finding where the app visibly
 * reads them. A Metronome job's run (the job translator runs these concerns too) keeps to the
 * variables it visibly reads: Metronome launched each run as a Marathon app of its own id
 * (`/<job path>/<run id>`, version unset), which has no counterpart to give every run.
 */
function appTaskEnv(ctx: AppContext): PodParts {
  const provided = marathonEnv(ctx);
  if (provided.referenced.length > 0) {
    ctx.report('marathon-env-provided', provided.firstPointer ?? '',
      `the app uses variables Marathon set; provided: ${provided.referenced.map((e) => `${e.name} (${describeEnv(e)})`).join(', ')}`);
  }
  return { env: isMetronomeJob(ctx) ? provided.referenced : provided.env };
}

/** A Metronome job definition (its task is under `run`), as opposed to a Marathon app. */
function isMetronomeJob(ctx: AppContext): boolean {
  const run = ctx.raw.run;
  return typeof run === 'object' && run !== null && !Array.isArray(run);
}

export function describeEnv(e: { value?: string; valueFrom?: Record<string, unknown> }): string {
  if (e.value !== undefined) return JSON.stringify(e.value);
  const field = (e.valueFrom?.fieldRef as { fieldPath?: string } | undefined)?.fieldPath;
  return field === 'status.podIP' ? 'the pod IP' : field === 'metadata.name' ? 'the pod name' : `field ${field}`;
}

function mapIngress(ctx: AppContext, ports: readonly ResolvedPort[]): KubeObject | undefined {
  const plans = [haproxyPlan(ctx, ports), traefikPlan(ctx, ports)];
  const plan: IngressPlan = {
    routes: plans.flatMap((p) => p.routes),
    annotations: Object.assign({}, ...plans.map((p) => p.annotations)) as Record<string, string>,
    certificates: [...new Set(plans.flatMap((p) => p.certificates))],
  };
  return plan.routes.length > 0 ? buildIngress(ctx, plan) : undefined;
}

/** One finding per DC/OS name in the texts the app runs with: rewritten, or left and why. */
export function reportDnsNames(ctx: AppContext, dir: RunDirectory): void {
  for (const { pointer, text } of runTexts(ctx)) {
    const seen = new Set<string>();
    for (const m of findDnsNames(text, dir)) {
      if (seen.has(m.original)) continue;
      seen.add(m.original);
      if (m.replacement !== undefined) {
        ctx.report('dns-name-rewritten', pointer, `"${m.original}" → "${m.replacement}" (${m.note})`,
          m.doubtful ? { severity: 'warning', hint: m.hint ?? 'check the port the client connects to' } : {});
      } else {
        ctx.report('dns-name-not-rewritten', pointer, `"${m.original}" left as is: ${m.note}`, m.hint ? { hint: m.hint } : {});
      }
    }
  }
}
