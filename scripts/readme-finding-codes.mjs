#!/usr/bin/env node
// Rewrites the finding-code table of README.md from FINDING_CODES (src/findings.ts), the one
// source of truth. Run after `npm run build`: `node scripts/readme-finding-codes.mjs`.
// test/readme.test.ts fails when a code is missing from the README.
import { readFileSync, writeFileSync } from 'node:fs';
import { FINDING_CODES } from '../dist/src/findings.js';

const START = '<!-- finding-codes:start -->';
const END = '<!-- finding-codes:end -->';
const rows = Object.entries(FINDING_CODES)
  .sort(([a], [b]) => a.localeCompare(b))
  .map(([code, { severity, summary }]) => `| \`${code}\` | ${severity} | ${summary.replace(/\|/g, '\\|')} |`);
const table = ['| code | default severity | meaning |', '|---|---|---|', ...rows].join('\n');
const readme = readFileSync('README.md', 'utf8');
const start = readme.indexOf(START);
const end = readme.indexOf(END);
if (start < 0 || end < 0) throw new Error(`README.md lacks the ${START} … ${END} markers`);
writeFileSync('README.md', readme.slice(0, start + START.length) + '\n' + table + '\n' + readme.slice(end));
console.log(`README.md: ${rows.length} finding codes`);
