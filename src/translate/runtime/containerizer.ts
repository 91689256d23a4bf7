/**
 * Which Mesos containerizer ran an app's task, because several task settings meant different
 * things under each:
 *
 * - `docker`: the Docker containerizer (`container.type` DOCKER, or a legacy `container.docker`
 *   without a type). Mesos built one `docker run` (src/docker/docker.cpp, RunOptions::create)
 *   with neither `--user` nor `-w`: the image's USER and WORKDIR applied, whatever `user` said.
 * - `mesos`: the Mesos containerizer (UCR) with an image. It ran the task as `user`, in the
 *   image's WorkingDir, or in the sandbox when the image sets none (isolators/docker/runtime.cpp
 *   getWorkingDirectory returns none, and the launcher stays in the sandbox). Which one cannot
 *   be known without the image; see sandboxIsWorkingDir.
 * - `command`: no image at all (a bare command, or a MESOS container without image). The task
 *   ran on the agent's own filesystem, as `user`, with the sandbox as working directory.
 */
import type { MarathonApp } from '../../marathon/model.js';

export type Containerizer = 'docker' | 'mesos' | 'command';

export function containerizerOf(app: MarathonApp): Containerizer {
  const container = app.container;
  // An empty image string (a template rendered without its value) runs the --default-image,
  // like a command without image.
  if (!container?.docker?.image) return 'command';
  return container.type === 'DOCKER' ? 'docker' : 'mesos';
}

/**
 * Whether the main container should get the sandbox as working directory, given the names of
 * what sits in the sandbox (fetched files, volumes with a relative containerPath). Mesos ran a
 * command without image there; the Docker containerizer never did (no `-w`). Under the Mesos
 * containerizer it depended on the image: the app's own text tells. A command that refers to a
 * sandbox file by a relative path (`mv default.conf /etc/nginx/conf.d/`, `PGDATA=pgdata`)
 * only worked on Mesos because the image set no WorkingDir, so the sandbox was the working
 * directory; without such a reference the image's WORKDIR is kept.
 */
export function sandboxIsWorkingDir(app: MarathonApp, sandboxNames: readonly string[], unpacked = false): boolean {
  const kind = containerizerOf(app);
  if (kind !== 'mesos') return kind === 'command';
  const texts = [app.cmd, ...(app.args ?? []), ...Object.values(app.env ?? {})].filter((t): t is string => typeof t === 'string');
  if (sandboxNames.some((name) => name !== '' && texts.some((t) => refersRelatively(t, name)))) return true;
  // An archive unpacked into the sandbox holds names no one can list here; a relative path in
  // the command (`python app/render.py`) points into it the same way.
  return unpacked && texts.some((t) => RELATIVE_PATH.test(t));
}

/** A word that is a relative path with a directory part: `./run.sh`, `app/render.py` (not `/x/y`, `$X/y`, `a://b`). */
const RELATIVE_PATH = /(?:^|[\s;&|'"=(,])(?:\.\/[\w.-]|[\w-][\w.-]*\/[\w.-])/;

/** `name` (or `./name`) standing as a word of its own: not after `/` (absolute, `$MESOS_SANDBOX/name`), not inside a longer word. */
function refersRelatively(text: string, name: string): boolean {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(?:^|[\\s;&|'"=(,])(?:\\./)?${escaped}(?=$|[\\s;&|'")/,])`).test(text);
}
