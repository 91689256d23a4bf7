/**
 * Golden tests of Edge-LB pools converted together with the apps they route to (multi-input
 * fixtures under fixtures/edgelb/<case>/inputs/; single-file pool fixtures run in
 * test/golden.test.ts with the other sets). UPDATE_GOLDEN=1 rewrites the expectations.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatFinding } from '../../src/findings.js';
import { toYamlStream } from '../../src/emit/serialize.js';
import { DEFAULT_OPTIONS, type ConvertOptions } from '../../src/options.js';
import { convertSources } from '../../src/pipeline.js';
import { expectGolden, FIXTURES, fixtureSources, multiInputCases } from '../support/golden.js';

function optionsFor(dir: string): ConvertOptions {
  try {
    return { ...DEFAULT_OPTIONS, ...(JSON.parse(readFileSync(join(dir, 'options.json'), 'utf8')) as Partial<ConvertOptions>) };
  } catch {
    return DEFAULT_OPTIONS;
  }
}

const cases = multiInputCases('edgelb');

describe('edgelb golden fixtures (pool + apps)', () => {
  test('there are multi-input pool fixtures', () => {
    expect(cases.length).toBeGreaterThanOrEqual(2);
  });

  test.each(cases)('edgelb/%s', (name) => {
    const dir = join(FIXTURES, 'edgelb', name);
    const result = convertSources(fixtureSources(dir), optionsFor(dir));
    expectGolden(join(dir, 'expected.yaml'), toYamlStream(result.objects));
    expectGolden(join(dir, 'findings.txt'), result.findings.map(formatFinding).join('\n') + '\n');
    expect(result.findings.filter((f) => f.code === 'invalid-object' || f.code === 'internal-error' || f.code === 'unmapped-field')).toEqual([]);
  });
});
