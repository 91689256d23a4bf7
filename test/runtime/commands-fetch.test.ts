/**
 * Runtime: what runs in the container, as Marathon ran it — `cmd` (a shell that replaces the
 * image's entrypoint) vs `args` (handed to the entrypoint), the image's USER and WorkingDir for
 * Docker apps, `user` for UCR apps, the sandbox for command tasks — and `fetch` artifacts
 * downloaded by the init container from an HTTP server on the node.
 */
import { execa } from 'execa';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describeIfNode } from '../support/cluster.js';
import { applyCase, clients, deleteNamespace, expectExit, httpGet, readyPod, testNamespace, type Clients } from './support.js';

const NS = testNamespace('cmd');
const MINUTES = 60_000;
/** fixtures/runtime/07-fetch-artifacts fetches from here: the node's bridge address. */
const ARTIFACT_HOST = '10.244.0.1';
const ARTIFACT_PORT = 18086;

/** Serves the files of `dir` over HTTP on the node's bridge address, where pods can reach it. */
async function serveArtifacts(dir: string): Promise<http.Server> {
  const { readFile } = await import('node:fs/promises');
  const server = http.createServer((req, res) => {
    const name = path.basename(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname));
    readFile(path.join(dir, name)).then(
      (body) => res.writeHead(200, { 'Content-Type': 'application/octet-stream' }).end(body),
      () => res.writeHead(404).end('not found'),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(ARTIFACT_PORT, ARTIFACT_HOST, resolve);
  });
  return server;
}

await describeIfNode('runtime: commands, users, working directories and fetched artifacts on a real node', (kubeconfig) => {
  let c: Clients;
  beforeAll(() => {
    c = clients(kubeconfig);
  });
  afterAll(() => deleteNamespace(c, NS), MINUTES);

  describe('cmd vs args with an ENTRYPOINT image; user; working directory', () => {
    beforeAll(async () => {
      expectExit(await applyCase(kubeconfig, '06-cmd-args-entrypoint-user-workdir', NS, ['--wait', '--timeout', '120s']), 0);
    }, 3 * MINUTES);

    async function get(app: string, file: string, port = 8080) {
      const pod = await readyPod(c, NS, app);
      return httpGet(`http://${pod.status?.podIP}:${port}/${file}`);
    }

    test('args go to the image ENTRYPOINT, which runs as the image USER in the image WorkingDir', async () => {
      const answer = await get('rt-with-args', 'entrypoint.txt');
      expect(answer.status).toBe(200);
      // Mesos never passed `user` to `docker run`: the image's USER 4242 applied, not root.
      expect(answer.body).toBe('args=httpd -f -p 8080 -h /www\nuid=4242\npwd=/app\n');
    });

    test('cmd replaces the ENTRYPOINT with a shell; a Docker app keeps the image USER and WorkingDir', async () => {
      expect((await get('rt-with-cmd', 'entrypoint.txt')).status).toBe(404);
      expect((await get('rt-with-cmd', 'cmd.txt')).body).toBe('uid=4242\npwd=/app\n');
    });

    test('a UCR (MESOS) container ran as `user`; the image WorkingDir applies', async () => {
      expect((await get('rt-ucr-user', 'cmd.txt')).body).toBe('uid=0\npwd=/app\n');
    });

    test('a command task without image ran in the Mesos sandbox', async () => {
      const pod = await readyPod(c, NS, 'rt-command-only');
      const port = pod.spec?.containers[0]?.ports?.[0]?.containerPort;
      const answer = await httpGet(`http://${pod.status?.podIP}:${port}/cmd.txt`);
      expect(answer.body).toBe('uid=0\npwd=/mnt/mesos/sandbox\n');
    });
  });

  describe('fetch artifacts', () => {
    let server: http.Server | undefined;
    let dir: string;
    beforeAll(async () => {
      dir = mkdtempSync(path.join(tmpdir(), 'm2k-artifacts-'));
      writeFileSync(path.join(dir, 'serve.sh'), '#!/bin/sh\nexec httpd -f -p "$PORT0" -h "$MESOS_SANDBOX"\n', { mode: 0o644 });
      writeFileSync(path.join(dir, 'motd.txt'), 'fetched with a destPath\n');
      const site = path.join(dir, 'site');
      mkdirSync(site);
      writeFileSync(path.join(site, 'index.html'), '<p>extracted from site.tar.gz</p>\n');
      await execa('tar', ['-czf', path.join(dir, 'site.tar.gz'), '-C', site, 'index.html']);
      await execa('tar', ['-czf', path.join(dir, 'raw.tar.gz'), '-C', site, 'index.html']);
      server = await serveArtifacts(dir);
      expectExit(await applyCase(kubeconfig, '07-fetch-artifacts', NS, ['--wait', '--timeout', '120s']), 0);
    }, 3 * MINUTES);
    afterAll(() => {
      server?.close();
      rmSync(dir, { recursive: true, force: true });
    });

    test('the fetched executable script runs from the sandbox and every artifact is where Mesos put it', async () => {
      const pod = await readyPod(c, NS, 'rt-fetcher');
      const port = pod.spec?.containers[0]?.ports?.[0]?.containerPort;
      const base = `http://${pod.status?.podIP}:${port}`;
      expect((await httpGet(`${base}/index.html`)).body).toBe('<p>extracted from site.tar.gz</p>\n');
      expect((await httpGet(`${base}/conf/motd.txt`)).body).toBe('fetched with a destPath\n');
      expect((await httpGet(`${base}/raw.tar.gz`)).status).toBe(200);
      expect((await httpGet(`${base}/site.tar.gz`)).status).toBe(200); // the archive stays, as with Mesos
    });
  });
});
