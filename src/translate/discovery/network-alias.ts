/**
 * Docker `--network-alias` (`--net-alias`) parameters → Services named after the alias.
 *
 * On a user-defined Docker network other containers reached the app by its alias, on its
 * container ports (`db:5432`). Like a named VIP, the alias becomes a Service of that name in the
 * app's namespace that selects the app's pods, with a port per container port, so `db:5432`
 * keeps working from pods of the same namespace. The name is claimed run-wide in input order
 * (run-directory.ts): an alias that is already an app's Service, a VIP's Service or another
 * app's alias gets no Service and is reported.
 */
import type { KubeObject } from '../../kube/types.js';
import type { MarathonApp } from '../../marathon/model.js';
import { optionName } from '../runtime/docker-values.js';
import type { AppContext } from '../context.js';
import { objectMeta, selectorLabels } from '../metadata.js';
import { toDns1035 } from '../names.js';
import type { ResolvedPort, ServicePort } from '../ports.js';

export interface NetworkAlias {
  /** The alias as written. */
  alias: string;
  /** The parameter's pointer. */
  pointer: string;
  /** The Service name it maps to. */
  service: string;
  /** Why it gets no Service of its own (set by the run directory). */
  conflict?: string;
  /** The alias is the app's own Service name: nothing is lost. */
  ownService?: boolean;
}

/** The app's network aliases, in parameter order. Pure. */
export function networkAliases(app: MarathonApp): NetworkAlias[] {
  const out: NetworkAlias[] = [];
  (app.container?.docker?.parameters ?? []).forEach(({ key, value }, i) => {
    if (optionName(key) !== 'network-alias') return;
    const alias = value.trim();
    if (alias === '') return;
    out.push({ alias, pointer: `/container/docker/parameters/${i}`, service: toDns1035(alias, alias).name });
  });
  return out;
}

/** The Services of the app's network aliases, and a finding for each alias. */
export function mapNetworkAliases(ctx: AppContext, aliases: readonly NetworkAlias[], ports: readonly ResolvedPort[]): KubeObject[] {
  const objects: KubeObject[] = [];
  for (const a of aliases) {
    const renamed = a.service !== a.alias ? ` (the alias is not a valid Service name; clients must use ${a.service})` : '';
    if (a.conflict) {
      ctx.report('network-alias-mapped', a.pointer, `docker --network-alias=${a.alias} gets no Service of its own: ${a.conflict}`,
        a.ownService ? {} : { severity: 'warning', hint: 'point its clients at the app\'s Service' });
      continue;
    }
    if (ports.length === 0) {
      ctx.report('network-alias-mapped', a.pointer, `docker --network-alias=${a.alias}: the app declares no ports, so no Service is made for the alias`, { severity: 'warning' });
      continue;
    }
    const svcPorts: ServicePort[] = ports.flatMap((p) => p.protocols.map((protocol, i) => ({ name: p.names[i]!, port: p.containerPort, targetPort: p.names[i]!, protocol })));
    objects.push({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { ...objectMeta(ctx), name: a.service },
      spec: { type: 'ClusterIP', selector: selectorLabels(ctx), ports: svcPorts },
    });
    ctx.report('network-alias-mapped', a.pointer,
      `docker --network-alias=${a.alias}: the Service ${a.service} selects the app's pods on its container ports (${[...new Set(ports.map((p) => p.containerPort))].join(', ')}), so clients in the namespace ${ctx.name.namespace} that used the alias reach it${renamed}`);
  }
  return objects;
}
