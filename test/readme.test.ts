/** The README is the user's manual: it must document every finding code and every flag. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FINDING_CODES } from '../src/findings.js';
import { buildProgram } from '../src/cli/program.js';

const README = readFileSync(join(import.meta.dirname, '..', 'README.md'), 'utf8');

test.each(Object.keys(FINDING_CODES))('finding code %s is documented in the README', (code) => {
  expect(README).toMatch(new RegExp(`^\\| \`${code}\` \\|`, 'm'));
});

test('every command and flag is documented in the README', () => {
  const missing: string[] = [];
  for (const cmd of buildProgram().commands) {
    if (!README.includes(`marathon2k8s ${cmd.name()}`)) missing.push(cmd.name());
    for (const opt of cmd.options) if (!README.includes(opt.long!)) missing.push(`${cmd.name()} ${opt.long}`);
  }
  expect(missing).toEqual([]);
});
