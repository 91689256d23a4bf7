/**
 * The chart's fixed files: Chart.yaml, .helmignore and templates/NOTES.txt.
 */
import yaml from 'js-yaml';
import { API_REMOVED_IN } from '../../kube/versions.js';
import type { AppPlan, ChartPlan } from './group.js';
import { escapeTemplate, DUMP_OPTIONS } from './tree.js';

export const GENERATED_ANNOTATION = 'marathon2k8s.io/generated';
export const CHART_VERSION = '0.1.0';

export function groupsText(plan: ChartPlan): string {
  if (plan.groups.length === 0) return 'Marathon apps';
  const label = plan.groups.length === 1 ? 'Marathon group' : 'Marathon groups';
  return `${label} ${plan.groups.join(', ')}`;
}

/** The image tag when every workload of the chart runs the same one, else the chart version. */
function appVersion(images: string[]): string {
  const tags = new Set(images.map((i) => /:([^:/@]+)(@|$)/.exec(i)?.[1] ?? ''));
  const [only] = [...tags];
  return tags.size === 1 && only !== '' && only !== undefined ? only : CHART_VERSION;
}

/** Chart.yaml's `version` and `appVersion` when the user sets them (`--chart-version`, `--app-version`). */
export interface ChartVersions {
  version?: string;
  appVersion?: string;
  /** The Kubernetes version the objects were converted for: Chart.yaml's kubeVersion range starts there. */
  kubeVersion?: string;
}

/**
 * The clusters a chart made for `target` installs on: from the target (older ones lack API
 * versions or fields it uses) to the first release that removed an API version it uses
 * (extensions/v1beta1 Ingress: 1.22). `-0` admits pre-release and vendor builds (1.20.2-eks-…).
 */
export function kubeVersionRange(plan: ChartPlan, target: string): string {
  const removed = plan.apps.flatMap((a) => a.objects).map((o) => API_REMOVED_IN[`${o.apiVersion}/${o.kind}`]).filter((m): m is number => m !== undefined);
  const from = `>= ${target}.0-0`;
  return removed.length > 0 ? `${from} < 1.${Math.min(...removed)}.0-0` : from;
}

export function chartYaml(plan: ChartPlan, images: string[], versions: ChartVersions = {}): string {
  const doc = {
    apiVersion: 'v2',
    name: plan.name,
    description: `The ${groupsText(plan)}, migrated to Kubernetes by marathon2k8s`,
    type: 'application',
    version: versions.version ?? CHART_VERSION,
    appVersion: versions.appVersion ?? appVersion(images),
    ...(versions.kubeVersion !== undefined ? { kubeVersion: kubeVersionRange(plan, versions.kubeVersion) } : {}),
    annotations: {
      [GENERATED_ANNOTATION]: 'true',
      'marathon2k8s.io/marathon-groups': plan.groups.join(','),
    },
  };
  // appVersion is always quoted (a tag like 1.10 must not become the number 1.1).
  return yaml.dump(doc, DUMP_OPTIONS).replace(/^appVersion: (.*)$/m, (_, v: string) => `appVersion: ${JSON.stringify(yaml.load(v))}`);
}

export const HELMIGNORE = `# Patterns to ignore when building packages.
# This supports shell glob matching, relative path matching, and
# negation (prefixed with !). Only one pattern per line.
.DS_Store
# Common VCS dirs
.git/
.gitignore
.bzr/
.bzrignore
.hg/
.hgignore
.svn/
# Common backup files
*.swp
*.bak
*.tmp
*.orig
*~
# Various IDEs
.project
.idea/
*.tmproj
.vscode/
`;

function appLine(app: AppPlan): string {
  const objects = app.objects.map((o) => `${o.kind}/${o.metadata.name}`).join(', ');
  return `  ${app.key}: ${app.marathonIds.join(', ') || app.name} → ${objects}`;
}

export function notesTxt(plan: ChartPlan): string {
  const selector = plan.apps.some((a) => a.partOf !== undefined) && new Set(plan.apps.map((a) => a.partOf)).size === 1
    ? ` -l app.kubernetes.io/part-of=${plan.apps[0].partOf}`
    : '';
  const text = [
    `${escapeTemplate(groupsText(plan))}, migrated by marathon2k8s, installed as release {{ .Release.Name }} in namespace {{ .Release.Namespace }}.`,
    '',
    'Apps (values key: Marathon id → objects):',
    ...plan.apps.map((a) => escapeTemplate(appLine(a))),
    '',
    'Watch them start:',
    `  kubectl --namespace {{ .Release.Namespace }} get all${escapeTemplate(selector)}`,
    '',
    'Before relying on this release, read the chart\'s README.md: it lists the Secrets that must exist',
    'and what the conversion approximated or could not migrate.',
  ].join('\n');
  return text + '\n';
}
