/**
 * What clients and checks reached on DC/OS, kept on Kubernetes: probe ports, the numbers a
 * Service answers on, Service types, host networking, load balancer rules, shared VIPs, aliases.
 */
import type { KubeObject } from '../../src/kube/types.js';
import { DEFAULT_OPTIONS, type ConvertOptions } from '../../src/options.js';
import { convertSources } from '../../src/pipeline.js';

const IMAGE = { type: 'DOCKER', docker: { image: 'busybox:1.36' } };

function convert(input: unknown, options: Partial<ConvertOptions> = {}) {
  const result = convertSources([{ file: 'input.json', text: JSON.stringify(input) }], { ...DEFAULT_OPTIONS, ...options });
  const find = (kind: string, name?: string) => result.objects.find((o) => o.kind === kind && (name === undefined || o.metadata.name === name)) as KubeObject;
  const codes = result.findings.map((f) => `${f.severity} ${f.code} ${f.pointer}`);
  return { result, find, codes };
}

function bridge(id: string, mappings: Record<string, unknown>[], extra: Record<string, unknown> = {}) {
  return { id, container: { ...IMAGE, portMappings: mappings }, networks: [{ mode: 'container/bridge' }], ...extra };
}

function podSpec(workload: KubeObject): Record<string, unknown> {
  return (workload.spec as { template: { spec: Record<string, unknown> } }).template.spec;
}

function container(workload: KubeObject): Record<string, unknown> {
  return (podSpec(workload).containers as Record<string, unknown>[])[0]!;
}

function servicePorts(svc: KubeObject): { name: string; port: number; targetPort: string | number; nodePort?: number }[] {
  return (svc.spec as { ports: { name: string; port: number; targetPort: string | number; nodePort?: number }[] }).ports;
}

describe('health check ports', () => {
  // 8080 is port 0's fixed host port and port 1's container port.
  const mappings = [
    { containerPort: 80, hostPort: 8080, name: 'web' },
    { containerPort: 8080, hostPort: 0, name: 'admin' },
  ];

  test.each([
    ['HTTP', 'web'],
    ['TCP', 'web'],
    ['MESOS_HTTP', 'admin'],
    ['MESOS_TCP', 'admin'],
  ])('a %s check on port 8080 of a bridge app probes %s', (protocol, expected) => {
    const { find } = convert(bridge('/a/b', mappings, { healthChecks: [{ protocol, port: 8080 }] }));
    const probe = container(find('Deployment')).livenessProbe as { httpGet?: { port: string }; tcpSocket?: { port: string } };
    expect((probe.httpGet ?? probe.tcpSocket)!.port).toBe(expected);
  });

  test('on a container network a Marathon-level check reaches the container port', () => {
    const app = { ...bridge('/a/b', mappings, { healthChecks: [{ protocol: 'HTTP', port: 8080 }] }), networks: [{ mode: 'container', name: 'dcos' }] };
    const probe = container(convert(app).find('Deployment')).livenessProbe as { httpGet: { port: string } };
    expect(probe.httpGet.port).toBe('admin');
  });

  test('a second Mesos-level check never ran (info); a further Marathon-level one did (warning)', () => {
    const { codes } = convert(bridge('/a/b', mappings, { healthChecks: [
      { protocol: 'HTTP', portIndex: 0 },
      { protocol: 'MESOS_TCP', portIndex: 1 },
      { protocol: 'COMMAND', command: { value: 'true' } },
      { protocol: 'TCP', portIndex: 1 },
    ] }));
    expect(codes.filter((c) => c.includes('health-check-extra'))).toEqual([
      'warning health-check-extra /healthChecks/1',
      'info health-check-extra /healthChecks/2',
      'warning health-check-extra /healthChecks/3',
    ]);
  });
});

describe('the Service answers on every number clients knew', () => {
  test('container port, fixed host port, service port; names unique, at most 15 characters', () => {
    const { find } = convert(bridge('/a/b', [{ containerPort: 5432, hostPort: 31432, servicePort: 10001, name: 'postgres-primary' }]));
    const ports = servicePorts(find('Service'));
    expect(ports.map((p) => [p.name, p.port, p.targetPort])).toEqual([
      ['postgres-primar', 10001, 'postgres-primar'],
      ['postgres-p-5432', 5432, 'postgres-primar'],
      ['postgres-31432', 31432, 'postgres-primar'],
    ]);
    for (const p of ports) expect(p.name).toMatch(/^(?=.*[a-z])[a-z0-9]([a-z0-9-]{0,13}[a-z0-9])?$/);
  });

  test('a number that is another port\'s stays that port\'s, and the clash is reported', () => {
    const { find, codes } = convert(bridge('/a/b', [{ containerPort: 80, hostPort: 8080, name: 'web' }, { containerPort: 8080, hostPort: 0, name: 'admin' }]));
    expect(servicePorts(find('Service')).map((p) => `${p.port}>${p.targetPort}`)).toEqual(['80>web', '8080>admin']);
    expect(codes).toContain('warning service-port-clash ');
  });
});

describe('apps reached at their agents\' addresses', () => {
  const publicHost = { id: '/edge/lb', acceptedResourceRoles: ['slave_public'], container: IMAGE, networks: [{ mode: 'host' }], portDefinitions: [{ port: 0, name: 'http' }], cmd: 'serve $PORT0' };
  const internal = bridge('/edge/api', [{ containerPort: 8080, hostPort: 0, name: 'http' }]);

  test('ClusterIP by default, with a warning for public agents', () => {
    const { find, codes } = convert({ apps: [publicHost, internal] });
    expect((find('Service', 'lb').spec as { type: string }).type).toBe('ClusterIP');
    expect(codes).toContain('warning host-reachability-lost /apps/0/acceptedResourceRoles');
  });

  test('--service-type applies to those apps only', () => {
    const { find, codes } = convert({ apps: [publicHost, internal] }, { serviceType: 'LoadBalancer' });
    expect((find('Service', 'lb').spec as { type: string }).type).toBe('LoadBalancer');
    expect((find('Service', 'api').spec as { type: string }).type).toBe('ClusterIP');
    expect(codes).toContain('info service-type-changed /apps/0/acceptedResourceRoles');
    expect(codes.some((c) => c.includes('host-reachability-lost'))).toBe(false);
  });

  test('--host-network keeps the reachability: no warning', () => {
    expect(convert(publicHost, { hostNetwork: true }).codes.some((c) => c.includes('host-reachability-lost'))).toBe(false);
  });

  test('a node port is kept by the first app of the run that bound it', () => {
    const app = (id: string) => bridge(id, [{ containerPort: 80, hostPort: 30080, name: 'web' }]);
    const { find } = convert({ apps: [app('/a/one'), app('/a/two')] }, { serviceType: 'NodePort' });
    expect(servicePorts(find('Service', 'one')).some((p) => p.nodePort === 30080)).toBe(true);
    expect(servicePorts(find('Service', 'two')).some((p) => p.nodePort !== undefined)).toBe(false);
  });

  test('NodePort keeps a fixed host port of the node-port range; not one outside it', () => {
    const svc = convert(bridge('/a/b', [{ containerPort: 80, hostPort: 30080, name: 'web' }, { containerPort: 81, hostPort: 8081, name: 'alt' }]), { serviceType: 'NodePort' }).find('Service');
    expect(servicePorts(svc).filter((p) => p.nodePort !== undefined).map((p) => [p.port, p.nodePort])).toEqual([[30080, 30080]]);
  });
});

describe('--host-network', () => {
  const app = (extra: Record<string, unknown>) => ({ id: '/a/b', container: IMAGE, networks: [{ mode: 'host' }], portDefinitions: [{ port: 0 }], cmd: 'x', instances: 2, ...extra });

  test('{0, 0} stays Recreate; no ports, no anti-affinity and no finding', () => {
    const { find } = convert(app({ upgradeStrategy: { minimumHealthCapacity: 0, maximumOverCapacity: 0 } }), { hostNetwork: true });
    expect((find('Deployment').spec as { strategy: unknown }).strategy).toEqual({ type: 'Recreate' });
    const none = convert({ ...app({}), portDefinitions: [] }, { hostNetwork: true });
    expect(podSpec(none.find('Deployment')).affinity).toBeUndefined();
    expect(none.codes.some((c) => c.includes('host-network-ports'))).toBe(false);
  });

  test('the pod network is untouched', () => {
    const { find, codes } = convert(app({}));
    expect((find('Deployment').spec as { strategy: { rollingUpdate: unknown } }).strategy.rollingUpdate).toEqual({ maxUnavailable: '0%', maxSurge: '100%' });
    expect(codes.some((c) => c.includes('host-network-ports'))).toBe(false);
  });
});

describe('marathon-lb and Traefik rules', () => {
  const lb = (labels: Record<string, string>) => bridge('/web/site', [{ containerPort: 8080, hostPort: 0, name: 'http' }], { labels });
  const paths = (ingress: KubeObject | undefined) =>
    ingress ? (ingress.spec as { rules: { http: { paths: { path: string }[] } }[] }).rules.flatMap((r) => r.http.paths.map((p) => p.path)) : undefined;

  test.each([
    ['/a /b', ['/a', '/b']],
    ['-i /a', ['/a']],
    ['-- -i', ['/-i']],
    ['-m beg /a', ['/a']],
    ['-n -u 7 /a', ['/a']],
    ['-m reg ^/a', undefined],
    ['-f /etc/paths', undefined],
  ])('HAPROXY_0_PATH %j → %j', (path, expected) => {
    expect(paths(convert(lb({ HAPROXY_GROUP: 'external', HAPROXY_0_VHOST: 'a.example.com', HAPROXY_0_PATH: path })).find('Ingress'))).toEqual(expected);
  });

  test.each([
    [{ HAPROXY_0_VHOST: 'a.example.com' }, false],
    [{ HAPROXY_GROUP: '', HAPROXY_0_VHOST: 'a.example.com' }, false],
    [{ HAPROXY_0_GROUP: 'external', HAPROXY_0_VHOST: 'a.example.com' }, true],
    [{ HAPROXY_GROUP: 'internal,external', HAPROXY_0_VHOST: 'a.example.com' }, true],
  ])('%j makes an Ingress: %s', (labels, expected) => {
    const { find, codes } = convert(lb(labels));
    expect(find('Ingress') !== undefined).toBe(expected);
    expect(codes.some((c) => c.includes('haproxy-no-group'))).toBe(!expected);
    expect(codes.some((c) => c.includes('haproxy-group'))).toBe(false);
  });

  test('--haproxy-ungrouped external serves apps without group', () => {
    expect(convert(lb({ HAPROXY_0_VHOST: 'a.example.com' }), { haproxyUngrouped: 'external' }).find('Ingress')).toBeDefined();
  });

  test.each([
    ['HostRegexp:a.example.com', ['a.example.com']],
    ['HostRegexp:{x}.example.com', ['*.example.com']],
    ['HostRegexp:{x:[a-z]+}.example.com', undefined],
    ['Path:/a', undefined],
    ['Host:b.example.com;HostRegexp:{x}.example.com', ['b.example.com']],
  ])('Traefik %s → hosts %j', (rule, expected) => {
    const ingress = convert(lb({ 'traefik.frontend.rule': rule })).find('Ingress');
    expect(ingress ? (ingress.spec as { rules: { host?: string }[] }).rules.map((r) => r.host) : undefined).toEqual(expected);
  });
});

describe('shared VIPs and network aliases', () => {
  const member = (id: string, name: string, port: number) => bridge(id, [{ containerPort: port, hostPort: 0, name, labels: { VIP_0: '/shop/cache:6379' } }]);

  test('apps of another namespace keep their own Services', () => {
    const { result } = convert({ apps: [member('/shop/cache-a', 'redis', 6379), member('/other/cache-b', 'redis', 6379)] });
    const labels = result.objects.filter((o) => o.kind === 'Deployment')
      .map((d) => Object.keys((d.spec as { template: { metadata: { labels: Record<string, string> } } }).template.metadata.labels).filter((k) => k.startsWith('vip.')));
    expect(labels).toEqual([[], []]);
  });

  test('an alias that names another app\'s Service gets none', () => {
    const aliased = { ...bridge('/data/a', [{ containerPort: 5432, hostPort: 0, name: 'pg' }]), container: { ...IMAGE, docker: { ...IMAGE.docker, parameters: [{ key: 'net-alias', value: 'b' }] }, portMappings: [{ containerPort: 5432, hostPort: 0, name: 'pg' }] } };
    const { result, codes } = convert({ apps: [aliased, bridge('/data/b', [{ containerPort: 80, hostPort: 0, name: 'http' }])] });
    expect(result.objects.filter((o) => o.kind === 'Service' && o.metadata.name === 'b')).toHaveLength(1);
    expect(codes).toContain('warning network-alias-mapped /apps/0/container/docker/parameters/0');
  });
});
