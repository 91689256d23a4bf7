/**
 * A progress bar on stderr for long runs: only on a terminal, only without --quiet, and only
 * once a run has taken more than a couple of seconds (short runs stay silent).
 */
import type { RunHooks } from '../pipeline.js';

const SHOW_AFTER_MS = 2000;

export interface Progress {
  hooks: RunHooks;
  stop(): void;
}

export async function progressFor(quiet: boolean, stream: NodeJS.WriteStream = process.stderr): Promise<Progress> {
  if (quiet || stream.isTTY !== true) return { hooks: {}, stop: () => undefined };
  const { SingleBar, Presets } = (await import('cli-progress')).default;
  const started = Date.now();
  let bar: InstanceType<typeof SingleBar> | undefined;
  return {
    hooks: {
      onProgress(done, total) {
        if (!bar && Date.now() - started < SHOW_AFTER_MS) return;
        if (!bar) {
          bar = new SingleBar({ stream, format: 'converting [{bar}] {value}/{total} Marathon objects', hideCursor: true, clearOnComplete: true }, Presets.shades_classic);
          bar.start(total, done);
        }
        bar.update(done);
      },
    },
    stop: () => bar?.stop(),
  };
}
