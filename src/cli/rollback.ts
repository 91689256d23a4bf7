/**
 * `marathon2k8s rollback INPUT… --marathon-url URL`: undoes `cutover` in reverse dependency
 * order — scales each Marathon app back to its recorded instances, waits until Marathon reports
 * them healthy, then scales its Kubernetes workloads to 0 (unless --keep-kubernetes).
 * Exit codes as cutover's.
 */
import type { Command } from 'commander';
import { addCutoverOptions, prepare, runGuarded, type CutoverCommonFlags } from './cutover.js';
import type { RollbackContext } from '../cutover/rollback.js';

interface RollbackFlags extends CutoverCommonFlags {
  keepKubernetes: boolean;
}

export function registerRollbackCommand(program: Command): void {
  const cmd = program
    .command('rollback')
    .description('undo cutover in reverse dependency order: scale each Marathon app back to its recorded instances, wait until healthy, then scale its Kubernetes workloads to 0')
    .option('--keep-kubernetes', 'leave the Kubernetes workloads running (only Marathon is scaled back up)', false);
  addCutoverOptions(cmd, 'rollback').action(async (inputs: string[], flags: RollbackFlags) => {
    process.exitCode = await runGuarded(async () => {
      // Jobs are planned too: a job whose schedules a cutover disabled gets them back.
      const prepared = await prepare(inputs, flags, 'rollback', true, 'none');
      if (typeof prepared === 'number') return prepared;
      const ctx: RollbackContext = { ...prepared.ctx, keepKubernetes: flags.keepKubernetes, log: (line) => process.stderr.write(`${line}\n`) };
      const [{ runRollback }, { outcomeSummary, outcomeTable }] = await Promise.all([import('../cutover/rollback.js'), import('../cutover/outcome.js')]);
      process.stderr.write(`rollback: ${prepared.describe}\n`);
      const result = await runRollback(prepared.plan, ctx);
      process.stdout.write(outcomeTable(result.outcomes));
      process.stdout.write(`${outcomeSummary(result.outcomes, 'rolled back', 'already rolled back')}\n`);
      return result;
    });
  });
}
