/** Service discovery: DC/OS names, VIPs, Mesos-DNS rewriting, Ingress shapes, Marathon's env. */
import type { KubeObject } from '../../src/kube/types.js';
import { DEFAULT_OPTIONS, type ConvertOptions } from '../../src/options.js';
import { convertSources } from '../../src/pipeline.js';
import { dcosLabel, dottedTaskName, taskLabel, vipDnsPart } from '../../src/translate/discovery/dcos-names.js';
import { labelEnvName, scalaDouble } from '../../src/translate/discovery/marathon-env.js';
import { parseVip, vipServiceName } from '../../src/translate/discovery/vip.js';

const IMAGE = { type: 'DOCKER', docker: { image: 'busybox:1.36' } };

function bridgeApp(id: string, port: number, extra: Record<string, unknown> = {}, portExtra: Record<string, unknown> = {}) {
  return {
    id,
    container: { ...IMAGE, portMappings: [{ containerPort: port, hostPort: 0, name: 'main', ...portExtra }] },
    networks: [{ mode: 'container/bridge' }],
    ...extra,
  };
}

function convert(input: unknown, options: Partial<ConvertOptions> = {}) {
  const result = convertSources([{ file: 'input.json', text: JSON.stringify(input) }], { ...DEFAULT_OPTIONS, ...options });
  const find = (kind: string, name?: string) => result.objects.find((o) => o.kind === kind && (name === undefined || o.metadata.name === name)) as KubeObject;
  const codes = result.findings.map((f) => `${f.code} ${f.pointer}`);
  return { result, find, codes };
}

function containerOf(workload: KubeObject): Record<string, unknown> {
  return (workload.spec as { template: { spec: { containers: Record<string, unknown>[] } } }).template.spec.containers[0]!;
}

function envOf(workload: KubeObject): Record<string, unknown> {
  const env = (containerOf(workload).env ?? []) as { name: string; value?: string; valueFrom?: unknown }[];
  return Object.fromEntries(env.map((e) => [e.name, e.value ?? e.valueFrom]));
}

describe('DC/OS DNS naming rules (dcos-net mesos_state:label / domain_frag)', () => {
  test('task labels reverse the path and turn dots into dashes', () => {
    expect(taskLabel('/shop/db')).toBe('db-shop');
    expect(taskLabel('/a/b/c')).toBe('c-b-a');
    expect(taskLabel('/statsd.exporter')).toBe('statsd-exporter');
    expect(dottedTaskName('/prom/redis')).toBe('redis.prom');
  });

  test('VIP names lose their slashes but keep their dots', () => {
    expect(vipDnsPart('/shop/db')).toBe('shopdb');
    expect(vipDnsPart('/api.kafka')).toBe('api.kafka');
    expect(vipDnsPart('nginx')).toBe('nginx');
    expect(vipDnsPart('/My_Service')).toBe('my-service');
  });

  test('a label never starts or ends with a dash and has at most 63 characters', () => {
    expect(dcosLabel('-_x-')).toBe('x');
    expect(dcosLabel('a'.repeat(70))).toHaveLength(63);
  });
});

describe('VIP labels', () => {
  test.each([
    ['/shop/db:5432', { kind: 'named', address: '/shop/db', port: 5432 }],
    ['nginx:80', { kind: 'named', address: 'nginx', port: 80 }],
    ['10.0.0.1:80', { kind: 'ip', address: '10.0.0.1', port: 80 }],
    ['tcp://1.2.3.4:5000', { kind: 'ip', address: '1.2.3.4', port: 5000 }],
  ])('%s parses', (value, expected) => {
    expect(parseVip(value)).toEqual(expected);
  });

  test.each(['nginx', ':80', '/x:0', '/x:70000', '/x:http'])('%s is not a VIP', (value) => {
    expect(parseVip(value)).toBeUndefined();
  });

  test('a VIP name maps to a Service the way app ids map to names, in the app\'s namespace', () => {
    const app = { namespace: 'shop', name: 'postgres', group: 'shop' };
    expect(vipServiceName('/shop/db', app, {})).toEqual({ namespace: 'shop', name: 'db' });
    expect(vipServiceName('/db', app, {})).toEqual({ namespace: 'shop', name: 'db', wouldBeNamespace: 'default' });
    expect(vipServiceName('/other/x/db', app, {})).toEqual({ namespace: 'shop', name: 'other-x-db', wouldBeNamespace: 'other' });
    expect(vipServiceName('/shop/db', { namespace: 'all', name: 'shop-postgres' }, { namespace: 'all' })).toEqual({ namespace: 'all', name: 'shop-db' });
  });

  test('the VIP port is the Service port; PORT0 stays the container port', () => {
    const { find } = convert(bridgeApp('/shop/db', 5433, {}, { servicePort: 10000, labels: { VIP_0: '/shop/db:5432' } }));
    const service = find('Service', 'db');
    // The VIP port first; then the numbers clients may have kept: the container and service ports.
    expect((service.spec as { ports: unknown[] }).ports).toEqual([
      { name: 'main', port: 5432, targetPort: 'main', protocol: 'TCP' },
      { name: 'main-5433', port: 5433, targetPort: 'main', protocol: 'TCP' },
      { name: 'main-10000', port: 10000, targetPort: 'main', protocol: 'TCP' },
    ]);
    expect(envOf(find('Deployment')).PORT0).toBe('5433');
  });

  test('a VIP named differently gets its own Service selecting the same pods', () => {
    const { result, find, codes } = convert(bridgeApp('/shop/postgres', 5432, {}, { labels: { VIP_0: '/shop/db:5432' } }));
    const vipService = find('Service', 'db');
    expect(vipService.metadata.namespace).toBe('shop');
    expect((vipService.spec as { selector: unknown }).selector).toEqual((find('Service', 'postgres').spec as { selector: unknown }).selector);
    expect(codes).toContain('vip-mapped /container/portMappings/0/labels/VIP_0');
    expect(result.findings.filter((f) => f.code === 'unmapped-field')).toEqual([]);
  });

  test('a VIP whose name is another app\'s Service does not shadow it', () => {
    const { result, codes } = convert({ apps: [
      bridgeApp('/shop/db', 5432),
      bridgeApp('/shop/postgres', 5432, {}, { labels: { VIP_0: '/shop/db:5432' } }),
    ] });
    expect(result.objects.filter((o) => o.kind === 'Service' && o.metadata.name === 'db')).toHaveLength(1);
    expect(codes).toContain('vip-conflict /apps/1/container/portMappings/0/labels/VIP_0');
  });

  test('two definitions of one id in a run never emit the same VIP Service twice', () => {
    const text = JSON.stringify(bridgeApp('/payments/api', 8080, {}, { labels: { VIP_0: '/payments/gateway:80' } }));
    const result = convertSources([{ file: 'a.json', text }, { file: 'b.json', text }], DEFAULT_OPTIONS);
    expect(result.objects.filter((o) => o.kind === 'Service' && o.metadata.name === 'gateway')).toHaveLength(1);
    expect(result.findings.filter((f) => f.code === 'vip-conflict').map((f) => f.file)).toEqual(['b.json']);
  });

  test('with one namespace for everything the VIP Service keeps the group in its name', () => {
    const { find } = convert(bridgeApp('/shop/postgres', 5432, {}, { labels: { VIP_0: '/shop/db:5432' } }), { namespace: 'migrated' });
    expect(find('Service', 'shop-db').metadata.namespace).toBe('migrated');
  });
});

describe('Mesos-DNS and DC/OS names in what the app runs', () => {
  const db = bridgeApp('/shop/db', 5432, {}, { servicePort: 15432 });
  const env = (value: string) => bridgeApp('/shop/web', 8080, { env: { TARGET: value } });

  test.each([
    // The Service answers on the container port too, so a port number after the name is kept.
    ['db-shop.marathon.mesos', 'db.shop.svc'],
    ['db-shop.marathon.mesos:5432', 'db.shop.svc:5432'],
    ['DB-SHOP.Marathon.Mesos:15432', 'db.shop.svc:15432'],
    ['db.shop.marathon.mesos:5432', 'db.shop.svc:5432'],
    ['db-shop.marathon.containerip.dcos.thisdcos.directory:5432', 'db.shop.svc:5432'],
    ['_db-shop._tcp.marathon.mesos', '_main._tcp.db.shop.svc'],
    ['jdbc:postgresql://db-shop.marathon.mesos:5432/app?ssl=true', 'jdbc:postgresql://db.shop.svc:5432/app?ssl=true'],
    ['a.db-shop.marathon.mesos', 'a.db-shop.marathon.mesos'],
    ['spark.mesos.coarse=true', 'spark.mesos.coarse=true'],
    ['master.mesos:2181', 'master.mesos:2181'],
  ])('%s → %s', (value, expected) => {
    const { find } = convert({ apps: [env(value), db] });
    expect(envOf(find('Deployment', 'web')).TARGET).toBe(expected);
  });

  test('the order of apps in the run does not matter', () => {
    const { find } = convert({ apps: [db, env('db-shop.marathon.mesos')] });
    expect(envOf(find('Deployment', 'web')).TARGET).toBe('db.shop.svc');
  });

  test('apps of different files of one run see each other', () => {
    const result = convertSources([
      { file: 'web.json', text: JSON.stringify(env('shopdb.marathon.l4lb.thisdcos.directory:5432')) },
      { file: 'db.json', text: JSON.stringify(bridgeApp('/shop/db', 5432, {}, { labels: { VIP_0: '/shop/db:5432' } })) },
    ], DEFAULT_OPTIONS);
    const web = result.objects.find((o) => o.kind === 'Deployment' && o.metadata.name === 'web')!;
    expect(envOf(web).TARGET).toBe('db.shop.svc:5432');
    expect(result.findings.map((f) => `${f.code} ${f.file} ${f.pointer}`)).toContain('dns-name-rewritten web.json /env/TARGET');
  });

  test('a name that is not in the run is reported and kept', () => {
    const { find, codes } = convert(env('billing.marathon.mesos:9000'));
    expect(envOf(find('Deployment')).TARGET).toBe('billing.marathon.mesos:9000');
    expect(codes).toContain('dns-name-not-rewritten /env/TARGET');
  });

  test('$(…) and $$ survive next to a rewritten name', () => {
    const { find } = convert({ apps: [bridgeApp('/shop/web', 8080, { cmd: 'curl http://db-shop.marathon.mesos/$(date +%s) && echo $$' }), db] });
    const command = containerOf(find('Deployment', 'web')).command as string[];
    expect(command[2]).toBe('curl http://db.shop.svc/$$(date +%s) && echo $$$');
  });
});

describe('Ingress from marathon-lb and Traefik labels', () => {
  const lb = bridgeApp('/web/site', 8080, { labels: { HAPROXY_GROUP: 'external', HAPROXY_0_VHOST: 'site.example.com' } });

  test.each([
    ['1.16', 'networking.k8s.io/v1beta1', false, false],
    ['1.18', 'networking.k8s.io/v1beta1', true, true],
    ['1.19', 'networking.k8s.io/v1', true, true],
    ['1.31', 'networking.k8s.io/v1', true, true],
  ])('target %s: %s', (kubeVersion, apiVersion, className, pathType) => {
    const ingress = convert(lb, { kubeVersion }).find('Ingress');
    expect(ingress.apiVersion).toBe(apiVersion);
    const spec = ingress.spec as { ingressClassName?: string; rules: { http: { paths: Record<string, unknown>[] } }[] };
    expect(spec.ingressClassName !== undefined).toBe(className);
    expect(ingress.metadata.annotations?.['kubernetes.io/ingress.class'] !== undefined).toBe(!className);
    expect('pathType' in spec.rules[0]!.http.paths[0]!).toBe(pathType);
  });

  test('the ingress class is an option and a cluster need', () => {
    const { find, result } = convert(lb, { ingressClass: 'public' });
    expect((find('Ingress').spec as { ingressClassName: string }).ingressClassName).toBe('public');
    expect(result.needs.map((n) => `${n.kind} ${n.name}`)).toContain('ingress-class public');
  });

  test('TLS asks for a Secret the cluster must provide', () => {
    const { result } = convert(bridgeApp('/web/site', 8080, { labels: { HAPROXY_GROUP: 'external', HAPROXY_0_VHOST: 'a.example.com', HAPROXY_0_SSL_CERT: '/etc/ssl/a.pem' } }));
    expect(result.needs.find((n) => n.kind === 'secret')).toMatchObject({ name: 'site-tls', namespace: 'web' });
  });

  test('HAPROXY_n_ENABLED false and traefik.enable false make no Ingress', () => {
    expect(convert(bridgeApp('/web/site', 8080, { labels: { HAPROXY_0_VHOST: 'a.example.com', HAPROXY_0_ENABLED: 'false' } })).find('Ingress')).toBeUndefined();
    expect(convert(bridgeApp('/web/site', 8080, { labels: { 'traefik.frontend.rule': 'Host:a.example.com', 'traefik.enable': 'false' } })).find('Ingress')).toBeUndefined();
  });

  test('every HAPROXY and traefik label is consumed', () => {
    const { result } = convert(bridgeApp('/web/site', 8080, { labels: {
      HAPROXY_0_VHOST: 'a.example.com', HAPROXY_0_FRONTEND_HEAD: '', HAPROXY_0_AUTH: 'realm:user:pw', 'traefik.frontend.auth.basic': 'x', 'traefik.frontend.rule': 'Host:b.example.com',
    } }));
    expect(result.findings.filter((f) => f.code === 'unmapped-field')).toEqual([]);
  });
});

describe('variables Marathon set', () => {
  test('all are added; the finding lists the referenced ones', () => {
    const { find, result } = convert(bridgeApp('/web/api', 8080, { cmd: 'serve --host $HOSTNAME --bind ${HOST} --cpus $MARATHON_APP_RESOURCE_CPUS', cpus: 0.25 }));
    const env = envOf(find('Deployment'));
    expect(env.HOST).toEqual({ fieldRef: { fieldPath: 'status.podIP' } });
    expect(env.MARATHON_APP_RESOURCE_CPUS).toBe('0.25');
    expect(env.MESOS_TASK_ID).toEqual({ fieldRef: { fieldPath: 'metadata.name' } });
    expect(env.MARATHON_APP_ID).toBe('/web/api');
    const provided = result.findings.filter((f) => f.code === 'marathon-env-provided');
    expect(provided.map((f) => f.pointer)).toEqual(['/cmd']);
    expect(provided[0]!.message).toMatch(/provided: HOST \(the pod IP\), MARATHON_APP_RESOURCE_CPUS \("0.25"\)$/);
  });

  test('resource values are printed as Marathon printed them (Scala doubles)', () => {
    expect(scalaDouble(1)).toBe('1.0');
    expect(scalaDouble(0.25)).toBe('0.25');
    expect(scalaDouble(128)).toBe('128.0');
    expect(scalaDouble(0)).toBe('0.0');
    expect(scalaDouble(10000000)).toBe('1.0E7');
    expect(scalaDouble(12345678.5)).toBe('1.23456785E7');
    expect(scalaDouble(0.0001)).toBe('1.0E-4');
  });

  test('MARATHON_APP_DOCKER_IMAGE only for the Docker containerizer; long labels left out as Marathon did', () => {
    const mesos = { id: '/web/api', cmd: 'x', container: { type: 'MESOS', docker: { image: 'busybox:1.36' } }, labels: { ok: 'y', long: 'x'.repeat(600) } };
    const env = envOf(convert(mesos).find('Deployment'));
    expect(env.MARATHON_APP_DOCKER_IMAGE).toBeUndefined();
    expect(env.MARATHON_APP_LABELS).toBe('OK');
    expect(env.MARATHON_APP_LABEL_LONG).toBeUndefined();
    expect(envOf(convert({ ...mesos, container: IMAGE }).find('Deployment')).MARATHON_APP_DOCKER_IMAGE).toBe('busybox:1.36');
  });

  test('$MARATHON_APP_LABELS brings every label variable with it', () => {
    const { find } = convert(bridgeApp('/web/api', 8080, { cmd: 'for l in $MARATHON_APP_LABELS; do :; done', labels: { team: 'web', 'cost.center': '7' } }));
    const env = envOf(find('Deployment'));
    expect(env.MARATHON_APP_LABELS).toBe('TEAM COST_CENTER');
    expect(env.MARATHON_APP_LABEL_COST_CENTER).toBe('7');
  });

  test('label env names follow Marathon', () => {
    expect(labelEnvName('cost-center')).toBe('COST_CENTER');
    expect(labelEnvName('a.b/c')).toBe('A_B_C');
  });

  test('an app that does not use them gets them all, without a finding', () => {
    const { find, codes } = convert(bridgeApp('/web/api', 8080, { cmd: 'serve' }));
    expect(Object.keys(envOf(find('Deployment'))).filter((n) => !n.startsWith('PORT'))).toEqual([
      'HOST', 'MESOS_TASK_ID', 'MARATHON_APP_ID', 'MARATHON_APP_VERSION', 'MARATHON_APP_DOCKER_IMAGE',
      'MARATHON_APP_RESOURCE_CPUS', 'MARATHON_APP_RESOURCE_MEM', 'MARATHON_APP_RESOURCE_DISK', 'MARATHON_APP_RESOURCE_GPUS', 'MARATHON_APP_LABELS',
    ]);
    expect(codes.filter((c) => c.startsWith('marathon-env'))).toEqual([]);
  });
});

describe('marathon-lb booleans read as marathon-lb reads them (true, t, yes, y in any case)', () => {
  const lbApp = (labels: Record<string, string>) => bridgeApp('/shop/web', 8080, { labels: { HAPROXY_GROUP: 'external', HAPROXY_0_VHOST: 'shop.example.com', ...labels } });
  const redirectOf = (labels: Record<string, string>) =>
    (convert(lbApp(labels)).find('Ingress')?.metadata.annotations ?? {})['nginx.ingress.kubernetes.io/force-ssl-redirect'];

  test.each(['true', 'TRUE', 't', 'yes', 'Y'])('HAPROXY_0_REDIRECT_TO_HTTPS=%s redirects', (value) => {
    expect(redirectOf({ HAPROXY_0_REDIRECT_TO_HTTPS: value })).toBe('true');
  });

  test.each(['false', 'no', '0', '', ' true'])('HAPROXY_0_REDIRECT_TO_HTTPS=%j does not', (value) => {
    expect(redirectOf({ HAPROXY_0_REDIRECT_TO_HTTPS: value })).toBeUndefined();
  });

  test.each(['false', 'no', 'N', '0', ''])('HAPROXY_0_ENABLED=%j takes the port off the load balancer: no Ingress', (value) => {
    expect(convert(lbApp({ HAPROXY_0_ENABLED: value })).find('Ingress')).toBeUndefined();
  });

  test.each(['true', 'Yes', 't'])('HAPROXY_0_ENABLED=%s keeps it', (value) => {
    expect(convert(lbApp({ HAPROXY_0_ENABLED: value })).find('Ingress')).toBeDefined();
  });
});

describe('traefik.enable read as Traefik 1.x reads it (Go strconv.ParseBool)', () => {
  const traefikApp = (enable: string) => bridgeApp('/shop/web', 8080, { labels: { 'traefik.enable': enable, 'traefik.frontend.rule': 'Host:shop.example.com' } });

  test.each(['false', 'False', 'FALSE', 'f', 'F', '0'])('traefik.enable=%s: no Ingress', (value) => {
    expect(convert(traefikApp(value)).find('Ingress')).toBeUndefined();
  });

  test.each(['true', 'True', 't', '1'])('traefik.enable=%s: an Ingress, no finding about it', (value) => {
    const { find, codes } = convert(traefikApp(value));
    expect(find('Ingress')).toBeDefined();
    expect(codes).not.toContain('traefik-label-not-mapped /labels/traefik.enable');
  });

  test.each(['yes', 'A', '', ' false'])('traefik.enable=%j: Traefik ignored it (exposedByDefault): an Ingress, and a finding saying so', (value) => {
    const { find, codes } = convert(traefikApp(value));
    expect(find('Ingress')).toBeDefined();
    expect(codes).toContain('traefik-label-not-mapped /labels/traefik.enable');
  });
});

test('a marathon-lb port whose only virtual host is invalid: its other settings are said to be not applied', () => {
  const { find, codes } = convert(bridgeApp('/shop/web', 8080, { labels: { HAPROXY_GROUP: 'external', HAPROXY_0_VHOST: '$PORT0', HAPROXY_0_PATH: '/api', HAPROXY_0_REDIRECT_TO_HTTPS: 'true' } }));
  expect(find('Ingress')).toBeUndefined();
  expect(codes).toEqual(expect.arrayContaining([
    'ingress-host-invalid /labels/HAPROXY_0_VHOST',
    'haproxy-label-not-mapped /labels/HAPROXY_0_PATH',
    'haproxy-label-not-mapped /labels/HAPROXY_0_REDIRECT_TO_HTTPS',
  ]));
});
