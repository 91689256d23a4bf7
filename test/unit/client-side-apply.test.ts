/**
 * Client-side apply's patches (src/cluster/client-side-apply.ts, strategic-merge.ts): the
 * last-applied annotation as kubectl writes it, the three-way strategic merge patch on realistic
 * Deployments and Services, the JSON merge patch for kinds without patch metadata, and
 * properties over generated configurations with a simulated API server (defaults, status, fields
 * of other writers): applying twice sends nothing, a field dropped from the configuration
 * disappears, fields only the server or others set survive.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import type { KubeObject } from '../../src/kube/types.js';
import {
  applyLocally,
  clientSidePatch,
  createdLocally,
  JSON_MERGE_PATCH,
  LAST_APPLIED_ANNOTATION,
  lastAppliedOf,
  STRATEGIC_MERGE_PATCH,
  withLastApplied,
} from '../../src/cluster/client-side-apply.js';
import { applyCapabilities } from '../../src/cluster/discovery.js';
import { patchSchemaFor } from '../../src/cluster/patch-meta.js';
import { threeWayStrategicPatch, type JsonMap } from '../../src/cluster/strategic-merge.js';

const RUNS = Number(process.env.PROPERTY_RUNS ?? 100);

interface Env {
  name: string;
  value: string;
}
interface Container {
  name: string;
  image: string;
  env?: Env[];
  ports?: { containerPort: number; name?: string; protocol?: string }[];
  imagePullPolicy?: string;
}

function deployment(opts: { labels?: Record<string, string>; annotations?: Record<string, string>; replicas?: number; containers?: Container[]; strategy?: unknown } = {}): KubeObject {
  const selector = { 'app.kubernetes.io/name': 'web' };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: 'web',
      namespace: 'shop',
      labels: { ...selector, ...(opts.labels ?? {}) },
      ...(opts.annotations ? { annotations: opts.annotations } : {}),
    },
    spec: {
      replicas: opts.replicas ?? 2,
      selector: { matchLabels: selector },
      ...(opts.strategy ? { strategy: opts.strategy } : {}),
      template: {
        metadata: { labels: selector },
        spec: { containers: opts.containers ?? [{ name: 'web', image: 'nginx:1.25', env: [{ name: 'GREETING', value: 'hello' }], ports: [{ containerPort: 8080, name: 'http' }] }] },
      },
    },
  };
}

/** What an API server adds on write: defaults, bookkeeping, status (never in a configuration). */
function serverWrites(obj: KubeObject, generation = 1): KubeObject {
  const o = structuredClone(obj) as KubeObject & { spec: { template?: { spec: { containers: Container[] } }; strategy?: unknown } };
  (o.metadata as unknown as Record<string, unknown>).uid = 'a1b2';
  (o.metadata as unknown as Record<string, unknown>).resourceVersion = String(100 + generation);
  (o.metadata as unknown as Record<string, unknown>).generation = generation;
  if (o.kind === 'Deployment') {
    o.spec.strategy ??= { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } };
    (o.spec as Record<string, unknown>).revisionHistoryLimit ??= 10;
    for (const c of o.spec.template!.spec.containers) {
      c.imagePullPolicy ??= 'IfNotPresent';
      (c as unknown as Record<string, unknown>).terminationMessagePath ??= '/dev/termination-log';
      for (const p of c.ports ?? []) p.protocol ??= 'TCP';
    }
    o.status = { replicas: 2, observedGeneration: generation };
  }
  return o;
}

/** Another writer: a label of its own and an annotation (as `kubectl label`, `kubectl annotate`). */
function otherWriter(obj: KubeObject): KubeObject {
  const o = structuredClone(obj);
  o.metadata.labels = { ...o.metadata.labels, 'team.example.com/owner': 'payments' };
  o.metadata.annotations = { ...o.metadata.annotations, 'deployment.kubernetes.io/revision': '3' };
  return o;
}

/** The server's part of apply: create, or patch the live object. */
function serverApply(config: KubeObject, live: KubeObject | undefined): KubeObject {
  if (!live) return serverWrites(createdLocally(config));
  const p = clientSidePatch(config, live);
  return p.empty ? live : serverWrites(applyLocally(live, p), (live.metadata as unknown as { generation: number }).generation + 1);
}

describe('the last-applied-configuration annotation', () => {
  test('is the configuration without the annotation, as kubectl serializes it (keys sorted, annotations {}, newline)', () => {
    const svc: KubeObject = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'shop' }, spec: { selector: { app: 'web' }, ports: [{ port: 80, name: 'http' }] } };
    const applied = withLastApplied(svc);
    expect(applied.metadata.annotations![LAST_APPLIED_ANNOTATION]).toBe(
      '{"apiVersion":"v1","kind":"Service","metadata":{"annotations":{},"name":"web","namespace":"shop"},"spec":{"ports":[{"name":"http","port":80}],"selector":{"app":"web"}}}\n',
    );
    // Re-applying an object that carries an annotation already does not nest it.
    expect(withLastApplied(applied).metadata.annotations).toEqual(applied.metadata.annotations);
    expect(lastAppliedOf(applied)).toEqual({ ...svc, metadata: { ...svc.metadata, annotations: {} } });
    expect(svc.metadata.annotations).toBeUndefined(); // the input is not modified
  });

  test('an unreadable annotation counts as none', () => {
    expect(lastAppliedOf({ ...deployment(), metadata: { name: 'x', annotations: { [LAST_APPLIED_ANNOTATION]: '{not json' } } })).toBeUndefined();
  });
});

describe('the three-way patch of a Deployment', () => {
  const v1 = deployment({ annotations: { 'marathon2k8s.io/marathon-id': '/shop/web', note: 'first' } });
  const live = otherWriter(serverApply(v1, undefined));

  test('nothing to send when the configuration is what was applied (defaults, status and others’ fields are not ours)', () => {
    const p = clientSidePatch(v1, live);
    expect(p).toEqual({ contentType: STRATEGIC_MERGE_PATCH, patch: {}, empty: true });
  });

  test('a changed env value: only that element, matched by its merge key, and the element order', () => {
    const v2 = deployment({ annotations: { 'marathon2k8s.io/marathon-id': '/shop/web', note: 'first' }, containers: [{ name: 'web', image: 'nginx:1.25', env: [{ name: 'GREETING', value: 'bonjour' }], ports: [{ containerPort: 8080, name: 'http' }] }] });
    const { patch } = clientSidePatch(v2, live);
    expect(patch).toEqual({
      metadata: { annotations: { [LAST_APPLIED_ANNOTATION]: withLastApplied(v2).metadata.annotations![LAST_APPLIED_ANNOTATION]! } },
      spec: {
        template: {
          spec: {
            containers: [{ name: 'web', env: [{ name: 'GREETING', value: 'bonjour' }], '$setElementOrder/env': [{ name: 'GREETING' }] }],
            '$setElementOrder/containers': [{ name: 'web' }],
          },
        },
      },
    });
  });

  test('removed fields are deleted: an annotation (null), an env var and a container ($patch: delete); others’ fields are kept', () => {
    const two = deployment({
      annotations: { 'marathon2k8s.io/marathon-id': '/shop/web', note: 'first' },
      containers: [
        { name: 'web', image: 'nginx:1.25', env: [{ name: 'GREETING', value: 'hello' }, { name: 'DEBUG', value: '1' }] },
        { name: 'sidecar', image: 'busybox:1.36' },
      ],
    });
    const live2 = otherWriter(serverApply(two, serverApply(v1, undefined)));
    const one = deployment({ annotations: { 'marathon2k8s.io/marathon-id': '/shop/web' }, containers: [{ name: 'web', image: 'nginx:1.25', env: [{ name: 'GREETING', value: 'hello' }] }] });
    const p = clientSidePatch(one, live2);
    const spec = (p.patch.spec as JsonMap).template as JsonMap;
    expect((p.patch.metadata as JsonMap).annotations).toMatchObject({ note: null });
    expect((spec.spec as JsonMap).containers).toEqual([
      { name: 'web', env: [{ name: 'DEBUG', $patch: 'delete' }], '$setElementOrder/env': [{ name: 'GREETING' }] },
      { name: 'sidecar', $patch: 'delete' },
    ]);
    const merged = serverWrites(applyLocally(live2, p), 3);
    expect(merged.metadata.annotations).not.toHaveProperty('note');
    expect(merged.metadata.labels).toHaveProperty(['team.example.com/owner'], 'payments');
    const containers = ((merged.spec as JsonMap).template as unknown as { spec: { containers: Container[] } }).spec.containers;
    expect(containers.map((c) => c.name)).toEqual(['web']);
    expect(containers[0]!.env).toEqual([{ name: 'GREETING', value: 'hello' }]);
    expect(containers[0]!.imagePullPolicy).toBe('IfNotPresent'); // the server's default survives
    expect(clientSidePatch(one, merged).empty).toBe(true);
  });

  test('replicas changed by another writer are set back (kubectl overwrite), a label it added is kept', () => {
    const scaled = structuredClone(live);
    (scaled.spec as { replicas: number }).replicas = 5;
    const p = clientSidePatch(v1, scaled);
    expect(p.patch).toEqual({ spec: { replicas: 2 } });
  });

  test('a union with retainKeys: RollingUpdate → Recreate clears rollingUpdate', () => {
    const recreate = deployment({ annotations: { 'marathon2k8s.io/marathon-id': '/shop/web', note: 'first' }, strategy: { type: 'Recreate' } });
    const p = clientSidePatch(recreate, live);
    expect((p.patch.spec as JsonMap).strategy).toEqual({ type: 'Recreate', $retainKeys: ['type'] });
    const merged = applyLocally(live, p);
    expect((merged.spec as JsonMap).strategy).toEqual({ type: 'Recreate' });
  });

  test('a container added by someone else (an injected sidecar) keeps its place; only the order directive is sent', () => {
    const injected = structuredClone(live) as KubeObject & { spec: { template: { spec: { containers: Container[] } } } };
    injected.spec.template.spec.containers.push({ name: 'mesh-proxy', image: 'envoy:1' });
    const p = clientSidePatch(v1, injected);
    expect(p.patch).toEqual({ spec: { template: { spec: { '$setElementOrder/containers': [{ name: 'web' }] } } } });
    const merged = applyLocally(injected, p) as typeof injected;
    expect(merged.spec.template.spec.containers.map((c) => c.name)).toEqual(['web', 'mesh-proxy']);
  });
});

describe('Services', () => {
  const dns = (ports: unknown[]): KubeObject => ({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'dns', namespace: 'shop' }, spec: { selector: { app: 'dns' }, ports } });
  const both = [{ name: 'dns-tcp', port: 53, protocol: 'TCP' }, { name: 'dns-udp', port: 53, protocol: 'UDP' }];
  const live = (() => {
    const l = createdLocally(dns(both));
    (l.spec as { ports: Record<string, unknown>[] }).ports.forEach((p) => (p.targetPort = 53));
    (l.spec as Record<string, unknown>).clusterIP = '10.0.0.10';
    return l;
  })();

  test('ports sharing the merge key `port` (53/TCP, 53/UDP): nothing when unchanged, replaced whole when changed', () => {
    expect(clientSidePatch(dns(both), live).empty).toBe(true);
    const tcpOnly = dns([both[0]]);
    const p = clientSidePatch(tcpOnly, live);
    expect((p.patch.spec as JsonMap).ports).toEqual([{ $patch: 'replace' }, both[0]]);
    expect((applyLocally(live, p).spec as JsonMap).ports).toEqual([both[0]]);
    expect((applyLocally(live, p).spec as JsonMap).clusterIP).toBe('10.0.0.10');
  });
});

describe('kinds without patch metadata', () => {
  test('get a three-way JSON merge patch: lists whole, removed fields null, others’ fields kept', () => {
    const cr = (spec: unknown): KubeObject => ({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w', namespace: 'shop' }, spec });
    const live: KubeObject = { ...createdLocally(cr({ size: 1, colors: ['red'], old: true })), status: { ok: true } };
    (live.spec as JsonMap).setByController = 'x';
    const p = clientSidePatch(cr({ size: 2, colors: ['red', 'blue'] }), live);
    expect(p.contentType).toBe(JSON_MERGE_PATCH);
    expect(p.patch.spec).toEqual({ size: 2, colors: ['red', 'blue'], old: null });
    expect(applyLocally(live, p).spec).toEqual({ size: 2, colors: ['red', 'blue'], setByController: 'x' });
  });
});

describe('choosing the method', () => {
  test('auto: server-side from 1.16, client-side below; server dry runs from 1.13', () => {
    expect(applyCapabilities('1.20')).toMatchObject({ method: 'auto', serverDryRun: true });
    expect(applyCapabilities('1.16')).toMatchObject({ method: 'auto', serverDryRun: true });
    expect(applyCapabilities('1.15')).toMatchObject({ method: 'client', serverDryRun: true, reason: 'Kubernetes 1.15 predates server-side apply (1.16)' });
    expect(applyCapabilities('1.12')).toMatchObject({ method: 'client', serverDryRun: false });
    expect(applyCapabilities('1.9', 'server')).toMatchObject({ method: 'server', serverDryRun: false });
    expect(applyCapabilities('1.20', 'client')).toMatchObject({ method: 'client', serverDryRun: true });
  });
});

describe('properties (simulated API server)', () => {
  const names = ['web', 'sidecar', 'log', 'proxy'];
  const envArb = fc.uniqueArray(fc.record({ name: fc.constantFrom('A', 'B', 'C', 'D', 'E'), value: fc.constantFrom('1', '2', 'x') }), { selector: (e) => e.name, maxLength: 4 });
  const portsArb = fc.uniqueArray(fc.record({ containerPort: fc.constantFrom(80, 443, 8080, 9090), name: fc.constantFrom('a', 'b', 'c') }), { selector: (p) => p.containerPort, maxLength: 3 });
  const containerArb = (name: string) =>
    fc.record(
      { name: fc.constant(name), image: fc.constantFrom('nginx:1.25', 'nginx:1.27'), env: envArb, ports: portsArb, imagePullPolicy: fc.constantFrom('Always', 'IfNotPresent') },
      { requiredKeys: ['name', 'image'] },
    );
  const configArb = fc.record({
    labels: fc.dictionary(fc.constantFrom('tier', 'team', 'env', 'version'), fc.constantFrom('a', 'b'), { maxKeys: 3 }),
    annotations: fc.dictionary(fc.constantFrom('note', 'owner', 'marathon2k8s.io/marathon-id'), fc.constantFrom('x', 'y'), { maxKeys: 3 }),
    replicas: fc.integer({ min: 0, max: 5 }),
    containers: fc.shuffledSubarray(names, { minLength: 1 }).chain((ns) => fc.tuple(...ns.map(containerArb))),
    strategy: fc.option(fc.constantFrom({ type: 'Recreate' }, { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1 } }), { nil: undefined }),
  }).map((o) => deployment({ ...o, containers: o.containers as Container[], ...(o.strategy ? { strategy: o.strategy } : {}) }));

  /** `b` is `a` with keys removed at any depth (lists element by element, in order). */
  function covers(a: unknown, b: unknown): boolean {
    if (Array.isArray(b)) return Array.isArray(a) && a.length === b.length && b.every((v, i) => covers(a[i], v));
    if (b !== null && typeof b === 'object') return a !== null && typeof a === 'object' && Object.entries(b).every(([k, v]) => covers((a as Record<string, unknown>)[k], v));
    return a === b;
  }

  test('applying a configuration again sends nothing', () => {
    fc.assert(
      fc.property(configArb, (config) => {
        const live = otherWriter(serverApply(config, undefined));
        expect(clientSidePatch(config, live).patch).toEqual({});
      }),
      { numRuns: RUNS },
    );
  });

  test('after an update the live object holds the new configuration, not what was dropped from it, and keeps what only the server or others set', () => {
    fc.assert(
      fc.property(configArb, configArb, (first, second) => {
        const live1 = otherWriter(serverApply(first, undefined));
        const live2 = serverApply(second, live1);
        // Everything the configuration says is live, in its order.
        expect(covers(live2, withLastApplied(second))).toBe(true);
        // A label or annotation dropped from the configuration is gone.
        for (const k of Object.keys(first.metadata.labels!)) if (!(k in second.metadata.labels!)) expect(live2.metadata.labels).not.toHaveProperty([k]);
        for (const k of Object.keys(first.metadata.annotations ?? {})) if (!(k in (second.metadata.annotations ?? {}))) expect(live2.metadata.annotations ?? {}).not.toHaveProperty([k]);
        // So is an env var dropped from a container that is still there.
        const containers = (o: KubeObject) => ((o.spec as JsonMap).template as unknown as { spec: { containers: Container[] } }).spec.containers;
        for (const c2 of containers(second)) {
          const c1 = containers(first).find((c) => c.name === c2.name);
          const now = containers(live2).find((c) => c.name === c2.name)!;
          for (const e of c1?.env ?? []) if (!(c2.env ?? []).some((x) => x.name === e.name)) expect((now.env ?? []).map((x) => x.name)).not.toContain(e.name);
          // Server defaults survive where the configuration does not set the field.
          if (c2.imagePullPolicy === undefined) expect(now.imagePullPolicy).toBe('IfNotPresent');
          expect(now).toHaveProperty('terminationMessagePath', '/dev/termination-log');
        }
        // Others' fields survive; what the server manages survives.
        expect(live2.metadata.labels).toHaveProperty(['team.example.com/owner'], 'payments');
        expect((live2.metadata as unknown as Record<string, unknown>).uid).toBe('a1b2');
        expect((live2.spec as JsonMap).revisionHistoryLimit).toBe(10);
        // And applying it again sends nothing.
        expect(clientSidePatch(second, live2).patch).toEqual({});
      }),
      { numRuns: RUNS },
    );
  });

  test('the three-way patch never deletes a field that neither configuration had', () => {
    const schema = patchSchemaFor('apps/v1', 'Deployment')!;
    fc.assert(
      fc.property(configArb, configArb, (first, second) => {
        const live = otherWriter(serverApply(first, undefined)) as unknown as JsonMap;
        const patch = threeWayStrategicPatch(withLastApplied(first) as unknown as JsonMap, withLastApplied(second) as unknown as JsonMap, live, schema);
        expect((patch.metadata as JsonMap | undefined)?.labels ?? {}).not.toHaveProperty(['team.example.com/owner']);
        expect(patch).not.toHaveProperty('status');
      }),
      { numRuns: RUNS },
    );
  });
});

describe('the same patch as kubectl (captured from kubectl 1.32 against kube-apiserver 1.20)', () => {
  const fixture = JSON.parse(readFileSync(new URL('../../fixtures/client-side-apply/kubectl-patch.json', import.meta.url), 'utf8')) as {
    live: KubeObject;
    config: KubeObject;
    patch: JsonMap;
    after: KubeObject;
  };

  test('env var and container removed, env value changed, RollingUpdate → Recreate, emptyDir → hostPath: byte for byte', () => {
    const p = clientSidePatch(fixture.config, fixture.live);
    expect(p.contentType).toBe(STRATEGIC_MERGE_PATCH);
    expect(p.patch).toEqual(fixture.patch);
    const sorted = (v: unknown): unknown =>
      Array.isArray(v) ? v.map(sorted) : v && typeof v === 'object' ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, sorted((v as Record<string, unknown>)[k])])) : v;
    expect(JSON.stringify(sorted(p.patch))).toBe(JSON.stringify(sorted(fixture.patch)));
  });

  test('merged here, it is what the server made of it (but for its bookkeeping, status and defaults of new fields)', () => {
    const merged = applyLocally(fixture.live, clientSidePatch(fixture.config, fixture.live));
    const clean = (o: KubeObject) => {
      const c = structuredClone(o) as KubeObject & { metadata: Record<string, unknown> };
      for (const k of ['resourceVersion', 'generation', 'managedFields']) delete c.metadata[k];
      delete (c.metadata.annotations as Record<string, string>)['deployment.kubernetes.io/revision']; // the controller's
      delete c.status;
      return c;
    };
    const after = clean(fixture.after);
    // The server defaults the new hostPath volume's type (""); nothing else differs.
    const volumes = ((after.spec as JsonMap).template as { spec: { volumes: { hostPath: Record<string, unknown> }[] } }).spec.volumes;
    delete volumes[0]!.hostPath.type;
    expect(clean(merged)).toEqual(after);
  });
});
