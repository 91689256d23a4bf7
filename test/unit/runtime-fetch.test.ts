/**
 * fetch / uris → the init container. Beyond the shape of the output, the generated script is
 * run: with a stub wget (always) to prove that no URI or destPath can inject shell, and with
 * real busybox (when installed) against a local HTTP server to prove downloads, extraction,
 * chmod and destPath work with busybox's own tools.
 */
import { execFile, execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { quote, sandboxRelative } from '../../src/translate/runtime/fetch.js';
import { codes, convertApp, kubeExpand } from './runtime-support.js';

const run = promisify(execFile);
const SANDBOX = '/mnt/mesos/sandbox';

function app(extra: Record<string, unknown>): Record<string, unknown> {
  return { id: '/t/app', cmd: 'sleep 1', container: { type: 'DOCKER', docker: { image: 'alpine:3' } }, ...extra };
}

/** The init container's script as the shell receives it, with the sandbox moved to `dir`. */
function scriptOf(converted: ReturnType<typeof convertApp>, dir: string): string {
  const init = converted.pod.initContainers[0];
  expect(init.command.slice(0, 2)).toEqual(['/bin/sh', '-c']);
  return kubeExpand(init.command[2] as string).split(SANDBOX).join(dir);
}

describe('fetch → init container', () => {
  test('an empty fetch or uris adds nothing (no volume at /, no init container)', () => {
    for (const extra of [{ fetch: [] }, { uris: [] }, { fetch: [], uris: [] }]) {
      const c = convertApp(app(extra));
      expect(c.pod.initContainers).toBeUndefined();
      expect(c.pod.volumes).toBeUndefined();
      expect(c.container.volumeMounts).toBeUndefined();
      expect(c.findings).toEqual([]);
    }
  });

  test('artifacts land in an emptyDir at the sandbox, shared with the app; a Docker image keeps its WORKDIR', () => {
    const c = convertApp(app({ fetch: [{ uri: 'http://h/x.tgz', cache: true }] }));
    const init = c.pod.initContainers[0];
    expect(init.image).toBe('busybox:1.36');
    expect(init.volumeMounts).toEqual([{ name: 'mesos-sandbox', mountPath: SANDBOX }]);
    expect(init.resources.requests).toEqual({ cpu: '50m', memory: '64Mi' });
    expect(c.pod.volumes).toEqual([{ name: 'mesos-sandbox', emptyDir: {} }]);
    expect(c.container.volumeMounts).toEqual([{ name: 'mesos-sandbox', mountPath: SANDBOX }]);
    // The Docker containerizer passed no -w to docker run: the image's WORKDIR applied.
    expect(c.container.workingDir).toBeUndefined();
    expect(c.container.env).toContainEqual({ name: 'MESOS_SANDBOX', value: SANDBOX });
    expect(init.command[2]).toContain(`tar -x -z -o -f '${SANDBOX}/x.tgz' -C '${SANDBOX}'`);
    expect(c.findings).toEqual([]);
  });

  test('the sandbox is the working directory where Mesos ran the task there', () => {
    const fetch = [{ uri: 'http://h/run.sh', executable: true }];
    // A command without image ran in its sandbox on the agent.
    expect(convertApp({ id: '/t/cmd', cmd: './run.sh', fetch }).container.workingDir).toBe(SANDBOX);
    // The Mesos containerizer used the image's WorkingDir, the sandbox when the image set none:
    // a relative reference to a fetched file shows the app relied on the sandbox.
    const ucr = (cmd: string) => convertApp(app({ cmd, fetch, container: { type: 'MESOS', docker: { image: 'alpine:3' } } })).container.workingDir;
    expect(ucr('./run.sh --once')).toBe(SANDBOX);
    expect(ucr('sh run.sh')).toBe(SANDBOX);
    expect(ucr('$MESOS_SANDBOX/run.sh')).toBeUndefined();
    expect(ucr('/opt/bin/start')).toBeUndefined();
    // An unpacked archive holds unknown names: a relative path in the command points into it.
    const archive = [{ uri: 'http://h/app-1.0.tgz' }];
    const unpacked = (cmd: string) => convertApp(app({ cmd, fetch: archive, container: { type: 'MESOS', docker: { image: 'alpine:3' } } })).container.workingDir;
    expect(unpacked('python app/main.py')).toBe(SANDBOX);
    expect(unpacked('exec /usr/bin/app --data $MESOS_SANDBOX')).toBeUndefined();
  });

  test('https artifacts: busybox wget verifies no certificate, said once per app', () => {
    const c = convertApp(app({ fetch: [{ uri: 'http://h/a' }, { uri: 'https://h/b' }, { uri: 'https://h/c' }] }));
    expect(codes(c.findings)).toEqual(['fetch-tls-unverified /fetch/1/uri']);
    expect(c.findings[0]!.message).toContain('does not validate certificates');
    // Another fetch image may verify: nothing can be said about it.
    expect(convertApp(app({ fetch: [{ uri: 'https://h/b' }] }), { fetchImage: 'registry.local/tools/curl-wget:2' }).findings).toEqual([]);
  });

  test('a .dockercfg or docker.tar.gz is the registry login: not downloaded, an imagePullSecret instead', () => {
    const c = convertApp(app({ uris: ['https://h/.dockercfg', 'http://h/data.txt'] }));
    expect(codes(c.findings)).toEqual(['registry-login-artifact /uris/0']);
    expect(c.pod.initContainers[0].command[2]).not.toContain('dockercfg');
    expect(c.pod.imagePullSecrets).toEqual([{ name: 'app-pull-secret' }]);
    const only = convertApp(app({ fetch: [{ uri: 'file:///etc/docker.tar.gz' }] }));
    expect(codes(only.findings)).toEqual(['registry-login-artifact /fetch/0/uri']);
    expect(only.pod.initContainers).toBeUndefined();
    expect(only.pod.imagePullSecrets).toEqual([{ name: 'app-pull-secret' }]);
  });

  test('the fetch image is an option; the task user fetches, as with Mesos', () => {
    const c = convertApp(app({ user: '1000', fetch: [{ uri: 'https://h/f' }] }), { fetchImage: 'registry.local/busybox:1' });
    expect(c.pod.initContainers[0].image).toBe('registry.local/busybox:1');
    expect(c.pod.initContainers[0].securityContext).toEqual({ runAsUser: 1000 });
  });

  test('legacy uris: archives are extracted (as Marathon converts them), findings point at /uris', () => {
    const c = convertApp(app({ uris: ['http://h/a.tar.bz2', 'http://h/b.jar', 'hdfs:///c'] }));
    const script = c.pod.initContainers[0].command[2] as string;
    expect(script).toContain(`tar -x -j -o -f '${SANDBOX}/a.tar.bz2'`);
    expect(script).not.toContain('b.jar\' -C');
    expect(codes(c.findings)).toEqual(['fetch-uri-unsupported /uris/2']);
  });

  test('executable wins over extract, extract false keeps the archive, the extension of destPath decides', () => {
    const c = convertApp(app({
      fetch: [
        { uri: 'https://h/t.tgz', executable: true },
        { uri: 'https://h/z.zip', extract: false },
        { uri: 'https://h/download?id=1', destPath: 'lib/pack.tar.xz' },
        { uri: 'https://h/data.gz' },
      ],
    }));
    const script = c.pod.initContainers[0].command[2] as string;
    expect(script).toContain(`chmod 755 '${SANDBOX}/t.tgz'`);
    expect(script).not.toContain('tar -x -z');
    expect(script).not.toContain('unzip -o');
    expect(script).toContain(`mkdir -p '${SANDBOX}/lib'`);
    expect(script).toContain(`tar -x -J -o -f '${SANDBOX}/lib/pack.tar.xz' -C '${SANDBOX}'`);
    expect(script).toContain(`gunzip -c '${SANDBOX}/data.gz' > '${SANDBOX}/data'`);
  });

  test('unsupported URIs are skipped with a finding; the rest is still fetched', () => {
    const c = convertApp(app({ fetch: [{ uri: 's3://b/k' }, { uri: 'file:///etc/settings.yml' }, { uri: 'http://h/ok' }] }));
    expect(codes(c.findings)).toEqual(['fetch-uri-unsupported /fetch/0/uri', 'fetch-uri-unsupported /fetch/1/uri']);
    expect(c.findings[1]!.hint).toContain('ConfigMap');
    const script = c.pod.initContainers[0].command[2] as string;
    expect(script.match(/wget/g)).toHaveLength(1);
  });

  test('nothing downloadable: no init container, no sandbox', () => {
    const c = convertApp(app({ fetch: [{ uri: 'hdfs:///x' }] }));
    expect(c.pod.initContainers).toBeUndefined();
    expect(c.pod.volumes).toBeUndefined();
  });

  test('an app that mentions $MESOS_SANDBOX gets the sandbox without fetching anything', () => {
    const c = convertApp(app({ cmd: 'echo hi > $MESOS_SANDBOX/out' }));
    expect(c.pod.initContainers).toBeUndefined();
    expect(c.pod.volumes).toEqual([{ name: 'mesos-sandbox', emptyDir: {} }]);
    expect(c.container.env).toContainEqual({ name: 'MESOS_SANDBOX', value: SANDBOX });
    expect(c.container.workingDir).toBeUndefined();
  });

  test('destPath must stay inside the sandbox', () => {
    expect(sandboxRelative('a/b')).toBe('a/b');
    expect(sandboxRelative('./a//b')).toBe('a/b');
    for (const bad of ['/etc/passwd', '../x', 'a/../../x', 'a/..', '..', '', '.', 'dir/', 'a\nb']) expect(sandboxRelative(bad)).toBeUndefined();
    const c = convertApp(app({ fetch: [{ uri: 'http://h/f.txt', destPath: '../../etc/f.txt' }] }));
    expect(codes(c.findings)).toEqual(['fetch-dest-path-invalid /fetch/0/destPath']);
    expect(c.pod.initContainers[0].command[2]).toContain(`-O '${SANDBOX}/f.txt'`);
  });

  test('quote() survives every byte sh treats specially', () => {
    expect(quote(`a'b`)).toBe(`'a'\\''b'`);
    expect(quote('$(x) `y` ; | & > < * ? ~ \\ " \n')).toBe(`'$(x) \`y\` ; | & > < * ? ~ \\ " \n'`);
  });
});

describe('fetch script runs safely', () => {
  let dir: string;
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'm2k-fetch-')); });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test('hostile URIs and destPaths reach wget verbatim and run nothing', async () => {
    const sandbox = join(dir, 'sandbox');
    const bin = join(dir, 'bin');
    mkdirSync(sandbox);
    mkdirSync(bin);
    const log = join(dir, 'wget.log');
    // A stub wget: records the URI (its 4th argument) and creates the output file.
    writeFileSync(join(bin, 'wget'), `#!/bin/sh\nprintf '%s\\n' "$4" >> '${log}'\n: > "$3"\n`);
    chmodSync(join(bin, 'wget'), 0o755);
    const pwned = (n: number) => join(dir, `pwned${n}`);
    const uris = [
      `https://e.com/$(touch ${pwned(1)})/a.txt`,
      `https://e.com/x\`touch ${pwned(2)}\`y.txt`,
      `https://e.com/q'; touch ${pwned(3)}; echo 'r.txt`,
      `https://e.com/v.txt?a=$HOME&b=$$&c=\${PATH}|touch ${pwned(4)}`,
    ];
    const fetch = [...uris.map((uri) => ({ uri })), { uri: 'https://e.com/d.txt', destPath: `x'; touch ${pwned(5)}; echo 'y` }];
    const c = convertApp(app({ fetch }));
    // `${PATH}` is an unrendered placeholder to validation; the https URIs are not verified by busybox.
    expect(codes(c.findings)).toEqual(['unrendered-placeholder /fetch/3/uri', 'fetch-tls-unverified /fetch/0/uri']);
    await run('/bin/sh', ['-c', scriptOf(c, sandbox)], { env: { PATH: `${bin}:/usr/bin:/bin` } });
    expect(readFileSync(log, 'utf8')).toBe([...uris, 'https://e.com/d.txt'].join('\n') + '\n');
    for (let n = 1; n <= 5; n++) expect(existsSync(pwned(n))).toBe(false);
  });

  const busybox = (() => {
    try {
      return execFileSync('/bin/sh', ['-c', 'command -v busybox'], { encoding: 'utf8' }).trim() || undefined;
    } catch {
      return undefined;
    }
  })();
  const withBusybox = busybox ? test : test.skip;

  withBusybox('with busybox tools only: download, extract (tar.gz, zip, gz), chmod, destPath', async () => {
    const www = join(dir, 'www');
    const sandbox = join(dir, 'sandbox');
    const bin = join(dir, 'bin');
    for (const d of [www, sandbox, bin, join(www, 'src')]) mkdirSync(d);
    for (const tool of ['sh', 'wget', 'tar', 'unzip', 'gunzip', 'chmod', 'mkdir']) symlinkSync(busybox!, join(bin, tool));
    writeFileSync(join(www, 'src', 'index.html'), '<h1>site</h1>\n');
    execFileSync('tar', ['-czf', join(www, 'site.tar.gz'), '-C', join(www, 'src'), 'index.html']);
    writeFileSync(join(www, 'tool'), '#!/bin/sh\necho tool\n');
    writeFileSync(join(www, 'data.gz'), gzipSync('hello\n'));
    writeFileSync(join(www, "it's.txt"), 'quoted\n');
    const hasZip = (() => { try { execFileSync('zip', ['-q', '-j', join(www, 'bundle.zip'), join(www, 'src', 'index.html')]); return true; } catch { return false; } })();

    const server: Server = createServer((req, res) => {
      const file = join(www, decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname));
      if (!file.startsWith(www) || !existsSync(file)) { res.writeHead(404).end(); return; }
      res.writeHead(200).end(readFileSync(file));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    try {
      const c = convertApp(app({
        fetch: [
          { uri: `${base}/site.tar.gz` },
          { uri: `${base}/tool`, executable: true, destPath: 'bin/tool' },
          { uri: `${base}/data.gz` },
          { uri: `${base}/it's.txt` },
          ...(hasZip ? [{ uri: `${base}/bundle.zip`, destPath: 'z/bundle.zip' }] : []),
        ],
      }));
      await run(busybox!, ['sh', '-c', scriptOf(c, sandbox)], { env: { PATH: bin } });
    } finally {
      server.close();
    }
    expect(readFileSync(join(sandbox, 'index.html'), 'utf8')).toBe('<h1>site</h1>\n');
    expect(existsSync(join(sandbox, 'site.tar.gz'))).toBe(true);
    expect(statSync(join(sandbox, 'bin', 'tool')).mode & 0o777).toBe(0o755);
    expect(readFileSync(join(sandbox, 'data'), 'utf8')).toBe('hello\n');
    expect(readFileSync(join(sandbox, "it's.txt"), 'utf8')).toBe('quoted\n');
    // Like Mesos, archives unpack into the sandbox root whatever their destPath.
    if (hasZip) expect(existsSync(join(sandbox, 'z', 'bundle.zip'))).toBe(true);
  });
});
