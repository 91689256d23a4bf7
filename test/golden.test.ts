/** Golden tests: each fixture's input converts to exactly the reviewed output and findings. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatFinding } from '../src/findings.js';
import { toYamlStream } from '../src/emit/serialize.js';
import { DEFAULT_OPTIONS, type ConvertOptions } from '../src/options.js';
import { convertSources } from '../src/pipeline.js';
import { expectGolden, FIXTURES, fixtureCases } from './support/golden.js';

/** A fixture may set options in `options.json` (e.g. {"keepHostPorts": true}). */
function optionsFor(dir: string): ConvertOptions {
  try {
    return { ...DEFAULT_OPTIONS, ...(JSON.parse(readFileSync(join(dir, 'options.json'), 'utf8')) as Partial<ConvertOptions>) };
  } catch {
    return DEFAULT_OPTIONS;
  }
}

/** Fixture sets: one folder per input kind (apps, groups, pods, jobs…). */
const SETS = readdirSync(FIXTURES, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort();
const cases = SETS.flatMap((set) => fixtureCases(set).map((name) => `${set}/${name}`));

describe('golden fixtures', () => {
  test('there are at least 25 app fixtures', () => {
    expect(fixtureCases('apps').length).toBeGreaterThanOrEqual(25);
  });

  test.each(cases)('%s', (name) => {
    const dir = join(FIXTURES, name);
    const text = readFileSync(join(dir, 'input.json'), 'utf8');
    const result = convertSources([{ file: 'input.json', text }], optionsFor(dir));
    expectGolden(join(dir, 'expected.yaml'), toYamlStream(result.objects));
    expectGolden(join(dir, 'findings.txt'), result.findings.map(formatFinding).join('\n') + '\n');
    // No fixture may produce an object that fails offline validation.
    expect(result.findings.filter((f) => f.code === 'invalid-object' || f.code === 'internal-error')).toEqual([]);
  });
});
