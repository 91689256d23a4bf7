/**
 * Preloaded (`node --import`) into a measured process when /usr/bin/time is missing: writes
 * the process's peak RSS in kB to $BENCH_MAXRSS_FILE when it exits.
 */
import { writeFileSync } from 'node:fs';

const target = process.env.BENCH_MAXRSS_FILE;
if (target) process.on('exit', () => writeFileSync(target, String(process.resourceUsage().maxRSS)));
