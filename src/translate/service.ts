/** One ClusterIP Service per app that declares ports, named like the app. */
import type { KubeObject } from '../kube/types.js';
import type { AppContext } from './context.js';
import { objectMeta, selectorLabels } from './metadata.js';
import { servicePorts, type ResolvedPort } from './ports.js';

export function mapService(ctx: AppContext, ports: ResolvedPort[]): KubeObject | undefined {
  const svcPorts = servicePorts(ctx, ports);
  if (svcPorts.length === 0) return undefined;
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: objectMeta(ctx),
    spec: { type: 'ClusterIP', selector: selectorLabels(ctx), ports: svcPorts },
  };
}
