/**
 * What one app's translation may know about the other apps of the same run (across all input
 * files): their Kubernetes names and ports, e.g. to rewrite a Mesos-DNS name in an env value
 * into the Service DNS name of the converted app. Built in a first pass before any app is
 * translated, so the result does not depend on input order.
 */
import type { MarathonApp } from '../marathon/model.js';
import type { AppName } from './names.js';

export interface IndexedApp {
  app: MarathonApp;
  name: AppName;
}

export class RunIndex {
  private readonly byId = new Map<string, IndexedApp>();
  private readonly byName = new Map<string, IndexedApp>();

  add(entry: IndexedApp): void {
    if (!this.byId.has(entry.app.id)) this.byId.set(entry.app.id, entry);
    const key = `${entry.name.namespace}/${entry.name.name}`;
    if (!this.byName.has(key)) this.byName.set(key, entry);
  }

  /** How many apps the run holds (lets per-run caches tell whether they are current). */
  get size(): number {
    return this.byId.size;
  }

  /** The app that has this Kubernetes name in this namespace, if any. */
  named(namespace: string, name: string): IndexedApp | undefined {
    return this.byName.get(`${namespace}/${name}`);
  }

  get(marathonId: string): IndexedApp | undefined {
    return this.byId.get(marathonId);
  }

  all(): IterableIterator<IndexedApp> {
    return this.byId.values();
  }
}
