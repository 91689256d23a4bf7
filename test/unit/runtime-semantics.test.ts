/**
 * What Marathon and Mesos did at run time, kept in the output: `user` and the working directory
 * per containerizer, images from DC/OS-internal registries, Mesos frameworks, unrendered
 * placeholders, invalid image references, the legacy `ports` mirror, recommended labels.
 */
import { placeholderIn, isValidImageReference } from '../../src/marathon/placeholders.js';
import { validateMarathon } from '../../src/marathon/validate.js';
import { internalRegistryHost } from '../../src/translate/runtime/internal-registry.js';
import { codes, convertApp } from './runtime-support.js';

function app(extra: Record<string, unknown>): Record<string, unknown> {
  return { id: '/t/app', cmd: 'sleep 1', container: { type: 'DOCKER', docker: { image: 'alpine:3' } }, ...extra };
}

describe('user, per containerizer', () => {
  test('the Docker containerizer never passed --user: no runAsUser, only a note', () => {
    for (const user of ['1000', 'root', 'deploy']) {
      const c = convertApp(app({ user }));
      expect(c.container.securityContext).toBeUndefined();
      expect(codes(c.findings)).toEqual(['user-not-applied /user']);
      expect(c.findings[0]!.severity).toBe('info');
    }
    // A legacy container.docker without type is the Docker containerizer too.
    const legacy = convertApp({ id: '/t/app', cmd: 'sleep 1', user: '1000', container: { docker: { image: 'alpine:3' } } });
    expect(legacy.container.securityContext).toBeUndefined();
  });

  test('the Mesos containerizer and commands without image ran as `user`', () => {
    const ucr = convertApp(app({ user: '1000', container: { type: 'MESOS', docker: { image: 'alpine:3' } } }));
    expect(ucr.container.securityContext).toEqual({ runAsUser: 1000 });
    const bare = convertApp({ id: '/t/app', cmd: 'sleep 1', user: 'root' });
    expect(bare.container.securityContext).toEqual({ runAsUser: 0 });
    const named = convertApp(app({ user: 'svc', container: { type: 'MESOS', docker: { image: 'alpine:3' } } }));
    expect(codes(named.findings)).toEqual(['user-not-mapped /user']);
  });

  test('a docker `user` parameter is what Docker ran as: still mapped', () => {
    const c = convertApp(app({ user: 'nobody', container: { type: 'DOCKER', docker: { image: 'alpine:3', parameters: [{ key: 'user', value: '4242' }] } } }));
    expect(c.container.securityContext).toMatchObject({ runAsUser: 4242 });
  });
});

describe('images', () => {
  test('registries under DC/OS-internal names', () => {
    expect(internalRegistryHost('registry.marathon.l4lb.thisdcos.directory:5000/a/b:1')).toBe('registry.marathon.l4lb.thisdcos.directory:5000');
    expect(internalRegistryHost('registry.marathon.mesos:5000/b')).toBe('registry.marathon.mesos:5000');
    expect(internalRegistryHost('master.mesos/b')).toBe('master.mesos');
    expect(internalRegistryHost('registry.example.com/b')).toBeUndefined();
    expect(internalRegistryHost('mesos/chronos:v3')).toBeUndefined(); // Docker Hub user "mesos"
    expect(internalRegistryHost('nginx')).toBeUndefined();
    const c = convertApp(app({ container: { type: 'DOCKER', docker: { image: 'registry.marathon.mesos:5000/t/app:1' } } }));
    expect(codes(c.findings)).toEqual(['internal-registry-image /container/docker/image']);
    expect(c.findings[0]!.severity).toBe('warning');
  });

  test('image references', () => {
    for (const ok of ['nginx', 'nginx:1.25', 'library/nginx', 'registry.example.com:5000/a/b-c_d.e:tag', 'localhost/x', 'a/b@sha256:' + 'a'.repeat(64), 'Registry.Example.com/a']) {
      expect([ok, isValidImageReference(ok)]).toEqual([ok, true]);
    }
    for (const bad of ['mesosphere:marathon/latest', ':stable-1.3.1', 'registry.example.com/Shop/Web:1', 'a b', 'x:', 'nginx ']) {
      expect([bad, isValidImageReference(bad)]).toEqual([bad, false]);
    }
  });

  test('an empty image string says so', () => {
    const c = convertApp(app({ container: { type: 'DOCKER', docker: { image: '' } } }));
    const f = c.findings.find((x) => x.code === 'default-image')!;
    expect(f.pointer).toBe('/container/docker/image');
    expect(f.message).toContain('empty string');
  });
});

describe('unrendered placeholders', () => {
  test('what counts depends on what Marathon did with the field', () => {
    // Shell text: only {{ name }}; Go templates and shell variables are not placeholders.
    expect(placeholderIn('run --port $PORT0 --name ${HOST}', 'shell')).toBeUndefined();
    expect(placeholderIn('run --workers {{ workers }}', 'shell')).toBe('{{ workers }}');
    expect(placeholderIn("docker inspect -f '{{.State.Running}}' x", 'shell')).toBeUndefined();
    expect(placeholderIn('sed -i s/__PORT__/$PORT0/ conf', 'shell')).toBeUndefined();
    // Text for the app: `$X` stays (the app may expand it), other forms only as the whole value.
    expect(placeholderIn('$MESOS_SANDBOX/data', 'text')).toBeUndefined();
    expect(placeholderIn('-Dport={{ port }}', 'text')).toBe('{{ port }}');
    expect(placeholderIn('CHANGEME', 'text')).toBe('CHANGEME');
    expect(placeholderIn('changeme', 'text')).toBeUndefined();
    expect(placeholderIn('please CHANGEME later', 'text')).toBeUndefined();
    expect(placeholderIn('<your-region>', 'text')).toBe('<your-region>');
    expect(placeholderIn('tag={{.Name}}', 'text')).toBeUndefined();
    // Everything else is read as written.
    expect(placeholderIn('registry.example.com/web:${TAG}', 'plain')).toBe('${TAG}');
    expect(placeholderIn('$RUN_AS', 'plain')).toBe('$RUN_AS');
    expect(placeholderIn('img:__VERSION__', 'plain')).toBe('__VERSION__');
    expect(placeholderIn('https://h/export?$filter=x', 'plain')).toBeUndefined();
    expect(placeholderIn('https://h/${RELEASE}/a.tgz', 'plain')).toBe('${RELEASE}');
    expect(placeholderIn('rack-[0-9]$', 'plain')).toBeUndefined();
    expect(placeholderIn('/var/lib/data', 'plain')).toBeUndefined();
  });

  test('errors at the field, one per field, from validation', () => {
    const issues = validateMarathon('app', {
      id: '/t/${NAME}', cmd: 'run $X {{ y }}', instances: '{{ n }}', env: { A: '$HOME/a', B: '{{ b }}', PASSWORD: 'x{{ p }}' },
      container: { type: 'DOCKER', docker: { image: 'web:{{ v }}' } },
    });
    const mine = issues.filter((i) => i.code === 'unrendered-placeholder');
    expect(mine.map((i) => i.pointer).sort()).toEqual(['/cmd', '/container/docker/image', '/env/B', '/env/PASSWORD', '/id', '/instances']);
    // No schema message beside a placeholder at the same field.
    expect(issues.filter((i) => i.code === undefined && ['/id', '/instances'].includes(i.pointer))).toEqual([]);
    // A credential's value is never quoted.
    expect(mine.find((i) => i.pointer === '/env/PASSWORD')!.message).not.toContain('x{{');
    expect(validateMarathon('app', { id: '/t/a', cmd: 'x', container: { type: 'DOCKER', docker: { image: 'Bad/Image' } } }))
      .toEqual([expect.objectContaining({ pointer: '/container/docker/image', code: 'image-reference-invalid' })]);
  });
});

describe('Mesos frameworks', () => {
  test('one warning at the first sign', () => {
    expect(codes(convertApp(app({ cmd: 'start --master zk://zk:2181/mesos' })).findings)).toContain('mesos-framework /cmd');
    expect(codes(convertApp(app({ env: { MESOS_MASTER: 'x' } })).findings)).toContain('mesos-framework /env/MESOS_MASTER');
    expect(codes(convertApp(app({ cmd: 'spark-submit --master mesos://leader.mesos:5050 x' })).findings)).toContain('mesos-framework /cmd');
    expect(codes(convertApp(app({ cmd: 'watch --zk zk://master.mesos:2181/mesosphere' })).findings)).not.toContain('mesos-framework /cmd');
    expect(codes(convertApp(app({ cmd: 'lb --marathon http://marathon.mesos:8080' })).findings)).not.toContain('mesos-framework /cmd');
  });
});

describe('legacy ports and recommended labels', () => {
  test('a ports mirror of portDefinitions is consumed; other ports are reported', () => {
    const base = { id: '/t/app', cmd: 'x', container: { type: 'DOCKER', docker: { image: 'alpine:3' } } };
    expect(codes(convertApp({ ...base, ports: [10000], portDefinitions: [{ port: 10000 }] }).findings)).not.toContain('unmapped-field /ports/0');
    expect(codes(convertApp({ ...base, ports: [10001], portDefinitions: [{ port: 10000 }] }).findings)).toContain('unmapped-field /ports/0');
  });

  test('app.kubernetes.io/* labels are labels; the ones the tool sets are quiet when equal', () => {
    const c = convertApp(app({ labels: { 'app.kubernetes.io/name': 'app', 'app.kubernetes.io/version': '1.0', 'app.kubernetes.io/instance': 'other' } }));
    const meta = c.workload.metadata as { labels: Record<string, string>; annotations: Record<string, string> };
    expect(meta.labels['app.kubernetes.io/version']).toBe('1.0');
    expect(meta.labels['app.kubernetes.io/instance']).toBe('app');
    expect(meta.annotations['app.kubernetes.io/instance']).toBe('other');
    expect(codes(c.findings)).toEqual(['label-as-annotation /labels/app.kubernetes.io~1instance']);
  });
});
