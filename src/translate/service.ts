/**
 * One ClusterIP Service per app that declares ports, named like the app.
 *
 * A port with a DC/OS VIP keeps the VIP port as its Service port (clients connected to the VIP
 * port, so they keep connecting to the same number); the container port — and $PORTn — stay
 * what the container listens on. Port labels other than VIPs have no Kubernetes meaning and are
 * kept on the Service as one JSON annotation.
 */
import { escapePointerToken } from '../findings.js';
import type { KubeObject } from '../kube/types.js';
import { networkMode } from '../marathon/model.js';
import type { AppContext } from './context.js';
import { appVips, isVipPortLabel } from './discovery/vip.js';
import { objectMeta, selectorLabels } from './metadata.js';
import { servicePorts, type ResolvedPort, type ServicePort } from './ports.js';

export const PORT_LABELS_ANNOTATION = 'marathon2k8s.io/port-labels';

export function mapService(ctx: AppContext, ports: ResolvedPort[]): KubeObject | undefined {
  const svcPorts = appServicePorts(ctx, ports);
  if (svcPorts.length === 0) return undefined;
  const portLabels = keptPortLabels(ctx, ports);
  const annotations: Record<string, string> = {};
  if (Object.keys(portLabels).length > 0) annotations[PORT_LABELS_ANNOTATION] = JSON.stringify(portLabels);
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: objectMeta(ctx, { annotations }),
    spec: { type: 'ClusterIP', selector: selectorLabels(ctx), ports: svcPorts },
  };
}

/** The ports of the app's Service: the first VIP of a port gives its Service port. */
export function appServicePorts(ctx: AppContext, ports: readonly ResolvedPort[]): ServicePort[] {
  const vipPort = new Map<number, number>();
  for (const vip of appVips(ctx.app).vips) if (!vipPort.has(vip.portIndex)) vipPort.set(vip.portIndex, vip.port);
  return servicePorts(ctx, ports.map((p) => (vipPort.has(p.index) ? { ...p, servicePort: vipPort.get(p.index)! } : p)));
}

/** Port labels that are not VIPs, by Kubernetes port name (VIP labels are consumed by the discovery concern). */
function keptPortLabels(ctx: AppContext, ports: readonly ResolvedPort[]): Record<string, Record<string, string>> {
  const host = networkMode(ctx.app) === 'host';
  const declared = host
    ? (ctx.app.portDefinitions ?? []).map((p, i) => ({ labels: p.labels, base: `/portDefinitions/${i}/labels` }))
    : (ctx.app.container?.portMappings ?? []).map((p, i) => ({ labels: p.labels, base: `/container/portMappings/${i}/labels` }));
  const kept: Record<string, Record<string, string>> = {};
  declared.forEach(({ labels, base }, index) => {
    const portName = ports.find((p) => p.index === index)?.names[0] ?? `port${index}`;
    for (const [key, value] of Object.entries(labels ?? {})) {
      if (isVipPortLabel(key)) continue;
      const pointer = `${base}/${escapePointerToken(key)}`;
      ctx.use(pointer);
      (kept[portName] ??= {})[key] = value;
      ctx.report('port-label-kept', pointer, `port label "${key}" has no Kubernetes meaning; kept in the Service annotation ${PORT_LABELS_ANNOTATION}`);
    }
  });
  return kept;
}
