/**
 * convert --out writes each app's files as soon as the app is translated (AppFileWriter) instead
 * of planning every object at the end. The files must be exactly the same: compared here, byte
 * for byte, on the fixtures, a generated group export, and the corpus when it exists.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { writeExport } from '../../scripts/bench/generate.js';
import { AppFileWriter, planFiles, writeFiles } from '../../src/emit/files.js';
import type { Source } from '../../src/marathon/load.js';
import { DEFAULT_OPTIONS } from '../../src/options.js';
import { convertSources, convertSourcesEach } from '../../src/pipeline.js';
import type { KubeObject } from '../../src/kube/types.js';
import { corpusFiles, HAS_CORPUS } from '../support/corpus.js';

const FIXTURES = join(import.meta.dirname, '..', '..', 'fixtures');

function filesUnder(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.set(relative(dir, p), readFileSync(p, 'utf8'));
    }
  };
  walk(dir);
  return out;
}

function fixtureSources(): Source[] {
  const sources: Source[] = [];
  for (const kind of readdirSync(FIXTURES)) {
    if (!statSync(join(FIXTURES, kind)).isDirectory()) continue;
    for (const dir of readdirSync(join(FIXTURES, kind))) {
      const file = join(FIXTURES, kind, dir, 'input.json');
      try {
        sources.push({ file, text: readFileSync(file, 'utf8') });
      } catch {
        // a fixture folder without input.json (none today) has nothing to compare
      }
    }
  }
  return sources;
}

/** Both ways of writing one run; returns the two trees and the writer's collisions. */
function writeBothWays(sources: Source[], format: 'yaml' | 'json', layout: 'tree' | 'flat') {
  const root = mkdtempSync(join(tmpdir(), 'm2k-stream-'));
  try {
    const whole = convertSources(sources, DEFAULT_OPTIONS);
    writeFiles(join(root, 'whole'), planFiles(whole.objects, format, layout), format);
    const writer = new AppFileWriter(join(root, 'each'), format, layout);
    const streamed = convertSourcesEach(sources, DEFAULT_OPTIONS, (outcome) => {
      writer.writeApp(outcome.objects);
      outcome.objects = [];
    });
    const namespaces: KubeObject[] = writer.finish();
    return {
      whole: filesUnder(join(root, 'whole')), each: filesUnder(join(root, 'each')), collisions: writer.collisions,
      count: writer.count, namespaces, wholeResult: whole, streamedResult: streamed,
    };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

describe('writing app by app gives the files of writing everything at the end', () => {
  test.each([['yaml', 'tree'], ['json', 'flat']] as const)('fixtures, %s %s', (format, layout) => {
    const r = writeBothWays(fixtureSources(), format, layout);
    expect(r.whole.size).toBeGreaterThan(100);
    expect([...r.each.keys()].sort()).toEqual([...r.whole.keys()].sort());
    for (const [path, text] of r.whole) expect(r.each.get(path)).toBe(text);
    expect(r.collisions).toEqual([]);
    expect(r.count).toBe(r.whole.size);
    // Findings, units and needs do not depend on how the objects are written.
    expect(r.streamedResult.findings).toEqual(r.wholeResult.findings);
    expect(r.streamedResult.units).toEqual(r.wholeResult.units);
    expect(r.streamedResult.needs).toEqual(r.wholeResult.needs);
    expect(r.namespaces).toEqual(r.wholeResult.objects.filter((o) => o.kind === 'Namespace'));
  });

  test('a generated group export of 300 apps', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'm2k-gen-'));
    try {
      const file = join(dir, 'groups.json');
      await writeExport(file, { n: 300, seed: 11, shape: 'groups', exportNoise: 0.3 });
      const r = writeBothWays([{ file, text: readFileSync(file, 'utf8') }], 'yaml', 'tree');
      expect(r.whole.size).toBeGreaterThan(300);
      expect(r.each).toEqual(r.whole);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  (HAS_CORPUS ? test : test.skip)('the corpus, all files in one run', () => {
    const sources = ['apps', 'groups', 'pods', 'jobs', 'exports'].flatMap(corpusFiles)
      .filter((f) => f.endsWith('.json')).map((file) => ({ file, text: readFileSync(file, 'utf8') }));
    const r = writeBothWays(sources, 'yaml', 'tree');
    expect(r.whole.size).toBeGreaterThan(500);
    expect(r.each).toEqual(r.whole);
    expect(r.collisions).toEqual([]);
  });
});

test('two apps planned into the same file are reported, never silently overwritten', () => {
  const root = mkdtempSync(join(tmpdir(), 'm2k-clash-'));
  try {
    const deployment = (name: string): KubeObject => ({
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace: 'shop', labels: { 'app.kubernetes.io/instance': 'web' } },
    });
    const writer = new AppFileWriter(root, 'yaml', 'tree');
    writer.writeApp([deployment('web')]);
    writer.writeApp([deployment('web-2')]);
    expect(writer.collisions).toEqual(['shop/web/deployment.yaml']);
    expect(writer.finish().map((n) => n.metadata.name)).toEqual(['shop']);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
