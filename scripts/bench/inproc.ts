/**
 * Child process of the benchmark: in-process conversion throughput (convertSources on the
 * export's text, JSON parse included) and, once, the plan of emitted files for the floor.
 *
 *   node dist/scripts/bench/inproc.js EXPORT --runs 5 [--plan PLAN.v8]
 *
 * Prints one JSON line: {parseMs[], convertMs[], converted, failed, objects, findings, files, byCode}.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { serialize } from 'node:v8';
import { planFiles } from '../../src/emit/files.js';
import { DEFAULT_OPTIONS } from '../../src/options.js';
import { convertSources, type ConversionResult } from '../../src/pipeline.js';
import { flag } from './generate.js';

const argv = process.argv.slice(2);
const file = argv[0]!;
const runs = Number(flag(argv, '--runs') ?? 5);
const planPath = flag(argv, '--plan');

const text = readFileSync(file, 'utf8');
const parseMs: number[] = [];
const convertMs: number[] = [];
let last: ConversionResult | undefined;
for (let r = 0; r < runs; r++) {
  last = undefined; // let the previous result be collected before the next run
  let t = performance.now();
  JSON.parse(text);
  parseMs.push(performance.now() - t);
  t = performance.now();
  last = convertSources([{ file, text }], DEFAULT_OPTIONS);
  convertMs.push(performance.now() - t);
}
const result = last!;
const planned = planFiles(result.objects, 'yaml');
if (planPath) writeFileSync(planPath, serialize(planned.map((p) => ({ path: p.path, objects: p.objects }))));
const byCode: Record<string, number> = {};
for (const f of result.findings) byCode[f.code] = (byCode[f.code] ?? 0) + 1;
process.stdout.write(JSON.stringify({
  parseMs, convertMs, converted: result.converted, failed: result.failed, objects: result.objects.length,
  findings: result.findings.length, files: planned.length, byCode,
}) + '\n');
