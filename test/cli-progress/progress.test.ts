/**
 * Progress display: on a terminal only (never in pipes, files or CI logs, where it would be
 * noise), only once a step has been going a while, and cleared when done.
 */
import { progressFor, statusFor } from '../../src/cli/progress.js';

/** Enough of a terminal stream for cli-progress and the status line. */
function fakeStream(tty: boolean) {
  const out: string[] = [];
  const stream = {
    isTTY: tty,
    columns: 80,
    write: (s: string) => (out.push(s), true),
    cursorTo: () => true,
    moveCursor: () => true,
    clearLine: () => true,
    clearScreenDown: () => true,
    on: () => stream,
    removeListener: () => stream,
  };
  return { stream: stream as unknown as NodeJS.WriteStream, text: () => out.join('') };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('not a terminal: no bar and no status line, whatever the duration', async () => {
  const { stream, text } = fakeStream(false);
  const p = await progressFor(false, { stream, after: 0 });
  p.hooks.onProgress(1, 10);
  p.stop();
  const s = statusFor(false, 'reading', stream, 0);
  await sleep(400);
  s.stop();
  expect(text()).toBe('');
});

test('a terminal: a bar with the label and unit once the step is long; quiet shows none', async () => {
  const { stream, text } = fakeStream(true);
  const p = await progressFor(false, { stream, after: 0, label: 'diffing', unit: 'objects' });
  p.hooks.onProgress(3, 10);
  p.stop();
  expect(text()).toContain('diffing [');
  expect(text()).toContain('3/10 objects');

  const quiet = fakeStream(true);
  const q = await progressFor(true, { stream: quiet.stream, after: 0 });
  q.hooks.onProgress(3, 10);
  q.stop();
  expect(quiet.text()).toBe('');
});

test('short steps on a terminal stay silent', async () => {
  const { stream, text } = fakeStream(true);
  const p = await progressFor(false, { stream }); // default: after 2 s
  p.hooks.onProgress(1, 2);
  p.stop();
  const s = statusFor(false, 'reading', stream); // default: after 1 s
  s.stop();
  expect(text()).toBe('');
});

test('a long step without parts shows a status line with the elapsed time, cleared at the end', async () => {
  const { stream, text } = fakeStream(true);
  const s = statusFor(false, 'reading http://marathon.mesos:8080', stream, 0);
  await sleep(400);
  s.stop();
  expect(text()).toContain('reading http://marathon.mesos:8080… 0s');
  expect(text().endsWith('\r\x1b[K')).toBe(true);
});
