/**
 * Child process of the benchmark: the floor for the work `convert --out` does — read and
 * JSON.parse the export, then js-yaml dump the very objects convert emits into the same files
 * (same paths, same directories). Node's start-up is part of the floor (the parent times the
 * whole process); loading the plan (the objects to dump) is not, so this reports how long that
 * took and the parent subtracts it.
 *
 *   node dist/scripts/bench/floor.js EXPORT PLAN.v8 OUTDIR
 *   node dist/scripts/bench/floor.js EXPORT PLAN.v8 -       the floor of `convert > out.yaml`: the
 *                                                           objects as one YAML stream on stdout
 *
 * Prints one JSON line: {loadPlanMs, files} (on stderr in the stdout mode).
 */
import { mkdirSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { deserialize } from 'node:v8';
import yaml from 'js-yaml';

const [exportFile, planFile, outDir] = process.argv.slice(2) as [string, string, string];

const t0 = performance.now();
const plan = deserialize(readFileSync(planFile)) as { path: string; objects: unknown[] }[];
const loadPlanMs = performance.now() - t0;

JSON.parse(readFileSync(exportFile, 'utf8'));
if (outDir === '-') {
  // As a stream, written as it is made (64 KB at a time), not one string of the whole output.
  let pending = '';
  for (const file of plan) {
    for (const o of file.objects) {
      pending += '---\n' + yaml.dump(o, { noRefs: true, lineWidth: -1 });
      if (pending.length >= 1 << 16) {
        writeSync(1, pending);
        pending = '';
      }
    }
  }
  writeSync(1, pending);
  process.stderr.write(JSON.stringify({ loadPlanMs, files: plan.length }) + '\n');
  process.exit(0);
}
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
