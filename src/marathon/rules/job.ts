/**
 * Metronome job rules: the cross-field checks of a job's run section that its JSON Schema cannot
 * express simply. See rules/common.ts for the helpers and the rules shared with apps.
 */
import type { SchemaIssue } from '../validate.js';
import { cmdWithArgs, envSecretRefs, obj, type Obj, ptr, type Rule, volumeSecretRefs } from './common.js';

function jobCmdWithArgs(job: Obj, at: string): SchemaIssue[] {
  return cmdWithArgs(obj(job.run), ptr(at, 'run'));
}

function jobSecretRefs(job: Obj, at: string): SchemaIssue[] {
  const run = obj(job.run);
  const out = envSecretRefs(run.env, run.secrets, ptr(at, 'run', 'env'));
  out.push(...volumeSecretRefs(run.volumes, run.secrets, ptr(at, 'run', 'volumes')));
  return out;
}

const JOB_RULES: Rule[] = [jobCmdWithArgs, jobSecretRefs];

export function jobRules(job: Obj, at: string): SchemaIssue[] {
  return JOB_RULES.flatMap((rule) => rule(job, at));
}
