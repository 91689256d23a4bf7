/**
 * The run as a job's task sees it. A job reads the other objects of the run (the discovery
 * concern rewrites the DC/OS names of apps in its command and env), but is never one of them
 * for the others: nothing connects to a job, so it has no Service and no DNS name to offer.
 *
 * The discovery concern builds the run's directory once and reuses it for every member of the
 * run; a context whose own id the run does not know gets a directory built afresh (with itself
 * added), which for hundreds of jobs over thousands of apps costs seconds. This view lists the
 * same apps as the run but also knows the jobs, so all jobs of a run share one directory
 * (their own entries are computed apart, as for any app the directory does not hold).
 */
import { RunIndex, type IndexedApp } from '../run-index.js';

class JobRunView extends RunIndex {
  readonly jobs = new Map<string, IndexedApp>();

  constructor(private readonly base: RunIndex) {
    super();
  }

  override add(entry: IndexedApp): void {
    this.base.add(entry);
  }

  override get(id: string): IndexedApp | undefined {
    return this.base.get(id) ?? this.jobs.get(id);
  }

  override all(): IterableIterator<IndexedApp> {
    return this.base.all();
  }
}

const views = new WeakMap<RunIndex, JobRunView>();

/** The view of `run` shared by all jobs of the run, with `job` made known to it. */
export function jobRunView(run: RunIndex, job: IndexedApp): RunIndex {
  let view = views.get(run);
  if (!view) {
    view = new JobRunView(run);
    views.set(run, view);
  }
  if (!view.jobs.has(job.app.id)) view.jobs.set(job.app.id, job);
  return view;
}
