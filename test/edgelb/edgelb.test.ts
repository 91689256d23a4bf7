/**
 * Edge-LB pools as an input kind: detection (one pool, the {"pools": […]} file, V1 vs V2),
 * validation, the route and backend mapping on realistic pools modelled on the Edge-LB V2 pool
 * examples, and the Ingress shape per target version (1.13 … current).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { detect } from '../../src/marathon/detect.js';
import { poolVersion } from '../../src/edgelb/detect.js';
import { hostOfRegex, literalPrefix } from '../../src/edgelb/routes.js';
import { validatePool } from '../../src/edgelb/validate.js';
import { DEFAULT_OPTIONS, type ConvertOptions } from '../../src/options.js';
import { convertSources } from '../../src/pipeline.js';
import { validateInputs } from '../../src/validate-inputs.js';
import type { KubeObject } from '../../src/kube/types.js';
import { FIXTURES, fixtureSources } from '../support/golden.js';

const SHOP = join(FIXTURES, 'edgelb', '01-shop-pool-with-apps');

const app = (id: string, ports: { name: string; containerPort: number }[]) => ({
  id, cmd: 'serve', container: { type: 'DOCKER', docker: { image: 'nginx:1.25' }, portMappings: ports.map((p) => ({ ...p, protocol: 'tcp' })) },
  networks: [{ mode: 'container/bridge' }],
});

const pool = (haproxy: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({ apiVersion: 'V2', name: 'web-pool', ...extra, haproxy });

const backend = (name: string, serviceID: string, portName = 'http') => ({ name, protocol: 'HTTP', services: [{ marathon: { serviceID }, endpoint: { portName } }] });

function convert(objects: unknown[], options: Partial<ConvertOptions> = {}) {
  return convertSources(objects.map((o, i) => ({ file: `in${i}.json`, text: JSON.stringify(o) })), { ...DEFAULT_OPTIONS, ...options });
}

const ingresses = (objects: KubeObject[]) => objects.filter((o) => o.kind === 'Ingress');

describe('detection', () => {
  test('a pool, and the {"pools": [...]} configuration file, are Edge-LB pools', () => {
    const one = detect(pool({ frontends: [], backends: [] }));
    expect(one).toEqual({ ok: true, objects: [{ kind: 'edgelb-pool', pointer: '', raw: expect.any(Object) }] });
    const list = detect({ pools: [pool({}), pool({}, { name: 'b' })] });
    expect(list.ok && list.objects.map((o) => `${o.kind} ${o.pointer}`)).toEqual(['edgelb-pool /pools/0', 'edgelb-pool /pools/1']);
  });

  test('V1: declared, or backends with "servers"; no apiVersion and "services" is V2 (Edge-LB\'s default)', () => {
    expect(poolVersion({ apiVersion: 'V1', haproxy: {} })).toBe('V1');
    expect(poolVersion({ haproxy: { backends: [{ name: 'b', servers: [{ framework: { value: 'marathon' } }] }] } })).toBe('V1');
    expect(poolVersion({ haproxy: { backends: [{ name: 'b', services: [] }] } })).toBe('V2');
  });

  test('a V1 pool is skipped with a finding that says what to do, not silently', () => {
    const r = convertSources([{ file: 'input.json', text: readFileSync(join(FIXTURES, 'edgelb', '03-v1-pool-list', 'input.json'), 'utf8') }], DEFAULT_OPTIONS);
    expect(r.objects).toEqual([]);
    expect(r.units).toEqual([expect.objectContaining({ kind: 'edgelb-pool', id: '/dcos-edgelb/pools/app-lb', status: 'skipped' })]);
    expect(r.findings).toEqual([expect.objectContaining({ code: 'edgelb-pool-v1', pointer: '/pools/0', hint: expect.stringContaining('V2 pool') })]);
  });
});

describe('validation', () => {
  test('links to missing backends and rules without condition are reported with their pointers', () => {
    const issues = validatePool(pool({
      frontends: [{ bindPort: 80, protocol: 'HTTPX', linkBackend: { defaultBackend: 'nope', map: [{ backend: 'web' }] } }],
      backends: [backend('web', '/web')],
    }));
    expect(issues.map((i) => `${i.pointer}: ${i.message}`)).toEqual(expect.arrayContaining([
      '/haproxy/frontends/0/protocol: must be HTTP, HTTPS, TCP or TLS (got "HTTPX")',
      '/haproxy/frontends/0/linkBackend/defaultBackend: names the backend "nope", which the pool does not define',
      '/haproxy/frontends/0/linkBackend/map/0: a map rule needs at least one condition (hostEq, hostReg, pathBeg, pathEnd or pathReg)',
    ]));
  });

  test('the validate command checks pools too', async () => {
    const result = await validateInputs([join(FIXTURES, 'edgelb', '02-pool-apps-not-in-input', 'input.json'), join(FIXTURES, 'edgelb', '03-v1-pool-list', 'input.json')]);
    expect(result.checked).toBe(2);
    expect(result.findings.map((f) => f.code)).toEqual(['edgelb-pool-v1']);
  });
});

describe('routes to the converted apps', () => {
  test('the shop pool routes to the Services and port names the converter gave the apps', () => {
    const r = convertSources(fixtureSources(SHOP), DEFAULT_OPTIONS);
    const services = new Map(r.objects.filter((o) => o.kind === 'Service').map((o) => [`${o.metadata.namespace}/${o.metadata.name}`, o]));
    const [ingress] = ingresses(r.objects);
    const backends = ((ingress!.spec as { rules: { http: { paths: { backend: { service: { name: string; port: { name: string } } } }[] } }[] }).rules)
      .flatMap((rule) => rule.http.paths.map((p) => p.backend.service));
    expect(backends.length).toBeGreaterThan(0);
    for (const b of backends) {
      const svc = services.get(`${ingress!.metadata.namespace}/${b.name}`);
      expect(svc).toBeDefined();
      expect((svc!.spec as { ports: { name: string }[] }).ports.map((p) => p.name)).toContain(b.port.name);
    }
    // The TCP frontend: a LoadBalancer Service selecting postgres's pods on its container port.
    const tcp = services.get('shop/shop-pool-5432')!;
    expect(tcp.spec).toEqual({
      type: 'LoadBalancer',
      selector: { 'app.kubernetes.io/name': 'postgres', 'app.kubernetes.io/instance': 'postgres' },
      ports: [{ name: 'tcp-5432', port: 5432, targetPort: 'pg', protocol: 'TCP' }],
    });
    expect(r.needs).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'secret', name: 'shop-tls-www', namespace: 'shop' })]));
  });

  test('--service-type NodePort makes the TCP frontend a NodePort Service', () => {
    const r = convertSources(fixtureSources(SHOP), { ...DEFAULT_OPTIONS, serviceType: 'NodePort' });
    expect(r.objects.find((o) => o.metadata.name === 'shop-pool-5432')!.spec).toMatchObject({ type: 'NodePort' });
  });

  test('backends in two namespaces: one Ingress per namespace, each routing to Services of its own namespace', () => {
    const r = convert([
      app('/shop/web', [{ name: 'http', containerPort: 80 }]),
      app('/blog/site', [{ name: 'web', containerPort: 8080 }]),
      pool({
        frontends: [{ bindPort: 80, protocol: 'HTTP', linkBackend: { map: [{ hostEq: 'shop.example.com', backend: 'shop' }, { hostEq: 'blog.example.com', backend: 'blog' }] } }],
        backends: [backend('shop', '/shop/web'), backend('blog', '/blog/site', 'web')],
      }),
    ]);
    expect(ingresses(r.objects).map((o) => `${o.metadata.namespace}/${o.metadata.name}`)).toEqual(['shop/web-pool', 'blog/web-pool']);
    expect(r.findings.filter((f) => f.severity !== 'info')).toEqual([]);
  });

  test('a pool named like an app of the namespace gets a name of its own', () => {
    const r = convert([
      app('/shop/web', [{ name: 'http', containerPort: 80 }]),
      pool({ frontends: [{ bindPort: 80, protocol: 'HTTP', linkBackend: { map: [{ hostEq: 'shop.example.com', backend: 'b' }] } }], backends: [backend('b', '/shop/web')] }, { name: 'web' }),
    ]);
    const [ingress] = ingresses(r.objects);
    expect(ingress!.metadata.name).toMatch(/^web-[0-9a-f]{8}$/);
  });

  test('an endpoint port name the app lacks is reported and gets no route', () => {
    const r = convert([
      app('/shop/web', [{ name: 'http', containerPort: 80 }]),
      pool({ frontends: [{ bindPort: 80, protocol: 'HTTP', linkBackend: { map: [{ hostEq: 'shop.example.com', backend: 'b' }] } }], backends: [backend('b', '/shop/web', 'https')] }),
    ]);
    expect(ingresses(r.objects)).toEqual([]);
    expect(r.findings).toEqual(expect.arrayContaining([expect.objectContaining({
      code: 'edgelb-backend-unresolved', app: '/dcos-edgelb/pools/web-pool', pointer: '/haproxy/backends/0/services/0/endpoint/portName',
    })]));
  });

  test('a serviceIDPattern matching two apps cannot be one Ingress backend', () => {
    const r = convert([
      app('/shop/web-blue', [{ name: 'http', containerPort: 80 }]),
      app('/shop/web-green', [{ name: 'http', containerPort: 80 }]),
      pool({
        frontends: [{ bindPort: 80, protocol: 'HTTP', linkBackend: { map: [{ hostEq: 'shop.example.com', backend: 'b' }] } }],
        backends: [{ name: 'b', services: [{ marathon: { serviceIDPattern: '^/shop/web-' }, endpoint: { portName: 'http' } }] }],
      }),
    ]);
    expect(ingresses(r.objects)).toEqual([]);
    expect(r.findings.find((f) => f.code === 'edgelb-backend-unresolved')!.message).toContain('matches 2 apps of this run (/shop/web-blue, /shop/web-green)');
  });
});

describe('the Ingress per target version', () => {
  const input = () => [
    app('/shop/web', [{ name: 'http', containerPort: 80 }]),
    pool({ frontends: [{ bindPort: 80, protocol: 'HTTP', linkBackend: { map: [{ hostEq: 'shop.example.com', pathBeg: '/web', backend: 'b' }] } }], backends: [backend('b', '/shop/web')] }),
  ];

  test.each([
    ['1.9', 'extensions/v1beta1', undefined, { serviceName: 'web', servicePort: 'http' }],
    ['1.13', 'extensions/v1beta1', undefined, { serviceName: 'web', servicePort: 'http' }],
    ['1.16', 'networking.k8s.io/v1beta1', undefined, { serviceName: 'web', servicePort: 'http' }],
    ['1.18', 'networking.k8s.io/v1beta1', 'Prefix', { serviceName: 'web', servicePort: 'http' }],
    ['1.19', 'networking.k8s.io/v1', 'Prefix', { service: { name: 'web', port: { name: 'http' } } }],
    [DEFAULT_OPTIONS.kubeVersion, 'networking.k8s.io/v1', 'Prefix', { service: { name: 'web', port: { name: 'http' } } }],
  ])('%s → %s', (kubeVersion, apiVersion, pathType, backendShape) => {
    const r = convert(input(), { kubeVersion });
    expect(r.findings.filter((f) => f.code === 'invalid-object' || f.severity === 'error')).toEqual([]);
    const [ingress] = ingresses(r.objects);
    expect(ingress!.apiVersion).toBe(apiVersion);
    const spec = ingress!.spec as { ingressClassName?: string; rules: { http: { paths: Record<string, unknown>[] } }[] };
    expect(spec.rules[0]!.http.paths[0]).toEqual({ path: '/web', ...(pathType ? { pathType } : {}), backend: backendShape });
    if (pathType) expect(spec.ingressClassName).toBe('nginx');
    else expect(ingress!.metadata.annotations).toMatchObject({ 'kubernetes.io/ingress.class': 'nginx' });
  });
});

describe('regular expressions of map rules', () => {
  test.each([
    ['^shop\\.example\\.com$', 'shop.example.com'],
    ['.*.httpd.example.com', '*.httpd.example.com'],
    ['^.*\\.example\\.com$', '*.example.com'],
    ['^(www|shop)\\.example\\.com$', undefined],
    ['shop[0-9]\\.example\\.com', undefined],
  ])('hostReg %s → %s', (regex, host) => {
    expect(hostOfRegex(regex)).toBe(host);
  });

  test.each([
    ['^/api/', '/api/'],
    ['^/api/.*', '/api/'],
    ['^\\/static', '/static'],
    ['^/v[0-9]+/', undefined],
    ['/api', undefined],
    ['^/file.txt', undefined],
  ])('pathReg %s → prefix %s', (regex, prefix) => {
    expect(literalPrefix(regex)).toBe(prefix);
  });
});
