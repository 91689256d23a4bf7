/**
 * A progress bar on stderr for long runs: only on a terminal, only without --quiet, and only
 * once a run has taken more than a couple of seconds (short runs stay silent). Each long
 * command shows one for each long phase: converting, diffing, applying, reading a live Marathon.
 */
import type { RunHooks } from '../pipeline.js';

const SHOW_AFTER_MS = 2000;

export interface Progress {
  hooks: Required<RunHooks>;
  stop(): void;
}

export interface ProgressOptions {
  stream?: NodeJS.WriteStream;
  /** What is going on: `converting`, `diffing`… */
  label?: string;
  /** What is counted. */
  unit?: string;
  /** Shown after this many milliseconds (tests set 0). */
  after?: number;
}

export async function progressFor(quiet: boolean, options: ProgressOptions | NodeJS.WriteStream = {}): Promise<Progress> {
  const o: ProgressOptions = 'write' in options ? { stream: options as NodeJS.WriteStream } : options;
  const stream = o.stream ?? process.stderr;
  if (quiet || stream.isTTY !== true) return { hooks: { onProgress: () => undefined }, stop: () => undefined };
  const { SingleBar, Presets } = (await import('cli-progress')).default;
  const started = Date.now();
  const after = o.after ?? SHOW_AFTER_MS;
  let bar: InstanceType<typeof SingleBar> | undefined;
  return {
    hooks: {
      onProgress(done, total) {
        if (!bar && Date.now() - started < after) return;
        if (!bar) {
          bar = new SingleBar({ stream, format: `${o.label ?? 'converting'} [{bar}] {value}/{total} ${o.unit ?? 'Marathon objects'}`, hideCursor: true, clearOnComplete: true }, Presets.shades_classic);
          bar.start(total, done);
        }
        bar.update(done);
      },
    },
    stop: () => {
      bar?.stop();
      bar = undefined;
    },
  };
}

/**
 * A status line for a long step without countable parts (reading a live Marathon): `text… 12s`
 * on one line, rewritten every second, cleared when done. On a terminal only, and only once the
 * step has taken a second.
 */
export function statusFor(quiet: boolean, text: string, stream: NodeJS.WriteStream = process.stderr, after = 1000): { stop(): void } {
  if (quiet || stream.isTTY !== true) return { stop: () => undefined };
  const started = Date.now();
  let shown = false;
  const timer = setInterval(() => {
    const elapsed = Date.now() - started;
    if (elapsed < after) return;
    shown = true;
    stream.write(`\r\x1b[K${text}… ${Math.round(elapsed / 1000)}s`.slice(0, (stream.columns ?? 120) + 4));
  }, 250);
  timer.unref();
  return {
    stop: () => {
      clearInterval(timer);
      if (shown) stream.write('\r\x1b[K');
    },
  };
}
