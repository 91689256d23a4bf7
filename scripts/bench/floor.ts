/**
 * Child process of the benchmark: the floor for the work `convert --out` does — read and
 * JSON.parse the export, then js-yaml dump the very objects convert emits into the same files
 * (same paths, same directories). Node's start-up is part of the floor (the parent times the
 * whole process); loading the plan (the objects to dump) is not, so this reports how long that
 * took and the parent subtracts it.
 *
 *   node dist/scripts/bench/floor.js EXPORT PLAN.v8 OUTDIR
 *
 * Prints one JSON line: {loadPlanMs, files}.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { deserialize } from 'node:v8';
import yaml from 'js-yaml';

const [exportFile, planFile, outDir] = process.argv.slice(2) as [string, string, string];

const t0 = performance.now();
const plan = deserialize(readFileSync(planFile)) as { path: string; objects: unknown[] }[];
const loadPlanMs = performance.now() - t0;

JSON.parse(readFileSync(exportFile, 'utf8'));
const made = new Set<string>();
for (const file of plan) {
  const target = join(outDir, file.path);
  const dir = dirname(target);
  if (!made.has(dir)) {
    mkdirSync(dir, { recursive: true });
    made.add(dir);
  }
  const text = file.objects.length === 1
    ? yaml.dump(file.objects[0], { noRefs: true, lineWidth: -1 })
    : file.objects.map((o) => '---\n' + yaml.dump(o, { noRefs: true, lineWidth: -1 })).join('');
  writeFileSync(target, text);
}
process.stdout.write(JSON.stringify({ loadPlanMs, files: plan.length }) + '\n');
