/**
 * Labels Cosmos and the DC/OS SDK set on apps installed from a package (`DCOS_PACKAGE_*`,
 * `DCOS_MIGRATION_*`, `DCOS_COMMONS_*`, `DCOS_METRICS_FORMAT`). Such apps are skipped unless
 * --include-packages (the pipeline reports `dcos-package`); when they are converted, the labels
 * are package bookkeeping with no Kubernetes meaning: the package name and version are kept in
 * one annotation, the rest (base64 definitions, options) is dropped on purpose.
 */
import { escapePointerToken } from '../findings.js';
import type { AppContext } from './context.js';
import type { PodParts } from './parts.js';

const PACKAGE_LABEL = /^DCOS_(PACKAGE_|MIGRATION_|COMMONS_|METRICS_FORMAT$)/;
export const DCOS_PACKAGE_ANNOTATION = 'marathon2k8s.io/dcos-package';

export function mapPackageLabels(ctx: AppContext): PodParts {
  const labels = ctx.app.labels ?? {};
  const keys = Object.keys(labels).filter((k) => PACKAGE_LABEL.test(k));
  if (keys.length === 0) return {};
  for (const key of keys) ctx.use(`/labels/${escapePointerToken(key)}`);
  const name = labels.DCOS_PACKAGE_NAME;
  if (name === undefined) return {};
  const version = labels.DCOS_PACKAGE_VERSION;
  return { annotations: { [DCOS_PACKAGE_ANNOTATION]: version ? `${name} ${version}` : name } };
}
