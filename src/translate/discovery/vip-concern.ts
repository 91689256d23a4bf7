/**
 * The VIP part of service discovery as seen from one app: mark its VIP labels, report how
 * each VIP is served now, and emit the Services named after its VIPs (see vip.ts and
 * run-directory.ts for the rules). A VIP that several apps declare (blue/green) is one Service
 * selecting all their pods by a label: the first app emits the Service, every app labels its pods.
 */
import type { KubeObject } from '../../kube/types.js';
import type { AppContext } from '../context.js';
import { objectMeta, selectorLabels } from '../metadata.js';
import type { ResolvedPort, ServicePort } from '../ports.js';
import { serviceHost } from './dns-rewrite.js';
import type { AppEntry, VipResolution } from './run-directory.js';

export interface VipParts {
  objects: KubeObject[];
  /** Labels the app's pods carry for the Services of shared VIPs. */
  podLabels: Record<string, string>;
}

export function mapVips(ctx: AppContext, entry: AppEntry, ports: readonly ResolvedPort[]): VipParts {
  for (const bad of entry.invalidVips) {
    ctx.use(bad.pointer);
    ctx.report('vip-invalid', bad.pointer, `"${bad.value}" is not a VIP of this app (expected /name:port or ip:port on a port the app has); ignored`);
  }
  const podLabels: Record<string, string> = {};
  const services = new Map<string, { name: string; ports: ServicePort[]; selector: Record<string, string> }>();
  for (const r of entry.vips) {
    ctx.use(r.vip.pointer);
    reportVip(ctx, r);
    if (r.shared) podLabels[r.shared.label] = 'true';
    if (!r.ownService) continue;
    const selector = r.shared ? { [r.shared.label]: 'true' } : selectorLabels(ctx);
    const svc = services.get(r.ref.service) ?? { name: r.ref.service, ports: [], selector };
    services.set(r.ref.service, svc);
    const port = ports.find((p) => p.index === r.vip.portIndex);
    for (const number of r.shared ? r.shared.ports : [r.vip.port]) {
      port?.protocols.forEach((protocol, i) => {
        if (svc.ports.some((p) => p.port === number && p.protocol === protocol)) return;
        let name = port.names[i]!;
        for (let k = 1; svc.ports.some((p) => p.name === name); k++) name = `${port.names[i]!.slice(0, 12).replace(/-+$/, '')}-${k}`;
        // A shared VIP's target port is what all its apps' pods have in common (name or number).
        const targetPort = r.shared ? r.shared.targetPorts[i]! : port.names[i]!;
        svc.ports.push({ name, port: number, targetPort, protocol });
      });
    }
  }
  const objects = [...services.values()].filter((s) => s.ports.length > 0).map((s) => ({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { ...objectMeta(ctx), name: s.name },
    spec: { type: 'ClusterIP', selector: s.selector, ports: s.ports },
  }));
  return { objects, podLabels };
}

function reportVip(ctx: AppContext, r: VipResolution): void {
  const address = `${serviceHost(r.ref)}:${r.port}`;
  if (r.vip.kind === 'ip') {
    ctx.report('vip-ip-not-kept', r.vip.pointer,
      `clients of the fixed VIP ${r.vip.address}:${r.vip.port} must use ${address} (the Service's cluster IP is assigned by Kubernetes)`,
      { hint: 'point clients at the Service name; spec.clusterIP can be set only to a free address inside the cluster\'s service CIDR' });
    return;
  }
  if (r.conflict) {
    ctx.report('vip-conflict', r.vip.pointer, `the VIP ${r.vip.address} gets no Service of its own: ${r.conflict}; this app is reached at ${address}`);
    return;
  }
  const moved = r.wouldBeNamespace ? ` (in the app's namespace, not ${r.wouldBeNamespace}: a Service selects pods of its own namespace only)` : '';
  if (r.shared) {
    const others = r.shared.apps.filter((a) => a !== ctx.app.id);
    ctx.report('vip-mapped', r.vip.pointer,
      `the VIP ${r.vip.value} is served by the Service ${r.ref.service}${moved}, which selects the pods of this app and of ${others.join(', ')} (label ${r.shared.label}), as dcos-net balanced it over all their tasks: clients use ${address}`);
    return;
  }
  const kind = r.ownService ? `the Service ${r.ref.service}` : 'the app\'s Service';
  ctx.report('vip-mapped', r.vip.pointer, `the VIP ${r.vip.value} is served by ${kind}${moved}: clients use ${address}`);
}
