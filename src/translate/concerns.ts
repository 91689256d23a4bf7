/**
 * The concern mappers that contribute to an app's pod and objects, in the order they run.
 * Each is a pure function of the app context and its resolved ports; adding a concern is one
 * line here plus its own module.
 */
import type { AppContext } from './context.js';
import { discoveryConcern } from './discovery/index.js';
import type { PodParts } from './parts.js';
import { mapPackageLabels } from './package-labels.js';
import { mapPlacement } from './placement/index.js';
import type { ResolvedPort } from './ports.js';
import { mapRuntime } from './runtime/index.js';
import { mapSecrets } from './secrets/index.js';
import { mapStorage } from './storage/index.js';

export type Concern = (ctx: AppContext, ports: readonly ResolvedPort[]) => PodParts;

export const CONCERNS: readonly Concern[] = [
  mapPlacement,
  mapSecrets,
  mapStorage,
  discoveryConcern,
  mapRuntime,
  mapPackageLabels,
];
