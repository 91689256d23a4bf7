/**
 * Fields of Marathon API responses that describe the running state, not the definition.
 * Exports from GET /v2/apps and /v2/groups carry them; they are ignored on purpose.
 */
export const APP_RESPONSE_FIELDS: ReadonlySet<string> = new Set([
  'version', 'versionInfo', 'tasks', 'deployments', 'tasksRunning', 'tasksStaged', 'tasksHealthy',
  'tasksUnhealthy', 'lastTaskFailure', 'tasksStats', 'taskStats', 'readinessCheckResults', 'counts',
  // The state of an app's persistent volumes (embed=group.apps…): `{containerPath, status, persistenceId}`.
  'volumes',
]);
