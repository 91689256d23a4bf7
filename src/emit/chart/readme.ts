/**
 * The chart's README.md: how to install it, which apps it holds, and — the part a reviewer needs
 * before installing — the Secrets that must exist and the findings of the conversion.
 */
import { SEVERITY_RANK, type Finding } from '../../findings.js';
import type { ChartPlan } from './group.js';
import { groupsText } from './chart-files.js';

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function findingLine(f: Finding): string {
  const where = f.pointer === '' ? '' : ` \`${f.pointer}\``;
  const file = f.file !== undefined && f.app === undefined ? ` (${f.file})` : '';
  return `- **${f.severity}** \`${f.code}\`${where}${file}: ${f.message}${f.hint ? ` — ${f.hint}` : ''}`;
}

export interface ReadmeInput {
  plan: ChartPlan;
  /** Findings of this chart's apps, by Marathon id. */
  findings: Map<string, Finding[]>;
  /** Findings not tied to an app of this chart (e.g. unreadable files). */
  other: Finding[];
  /** Secrets (name → keys, '*' = all) per values key. */
  secrets: Map<string, Map<string, Set<string>>>;
}

export function readme({ plan, findings, other, secrets }: ReadmeInput): string {
  const ns = plan.namespaces.length === 1 ? plan.namespaces[0] : plan.name;
  const out: string[] = [
    `# ${plan.name}`,
    '',
    `Helm chart for the ${groupsText(plan)}, migrated from Marathon by marathon2k8s.`,
    '',
    '## Install',
    '',
    '```sh',
    `helm lint --strict ./${plan.name}`,
    `helm install ${plan.name} ./${plan.name} --namespace ${ns} --create-namespace`,
    '```',
    '',
    `The chart does not create its namespace (${plan.namespaces.join(', ') || ns} in the conversion): Helm installs into the`,
    'release namespace. Object names are the converted ones and do not depend on the release name, because',
    'other apps reach these Services by the DNS names the conversion wrote into their environment.',
    '',
    '## Apps',
    '',
    '| values key | Marathon id | objects |',
    '|---|---|---|',
    ...plan.apps.map((a) => `| \`${a.key}\` | ${cell(a.marathonIds.join(', ') || '-')} | ${cell(a.objects.map((o) => `${o.kind}/${o.metadata.name}`).join(', '))} |`),
    '',
    'Each app\'s settings are under its key in `values.yaml`, with a comment naming the Marathon field each one',
    'came from: image (repository, tag), replicas, resources, env (a NAME: value map), probes (enabled and',
    'timings), service type and ports, ingress (enabled, className, hosts, tls), nodeSelector, affinity,',
    'tolerations, volumes, persistence sizes and existingSecrets. For example:',
    '',
    '```sh',
    `helm upgrade ${plan.name} ./${plan.name} --namespace ${ns} --set ${plan.apps[0]?.key ?? 'app'}.replicas=3`,
    '```',
    '',
    '## Labels',
    '',
    'Objects carry the converted recommended labels (`app.kubernetes.io/name`, `instance` = the app name,',
    '`part-of` = the Marathon group) plus Helm\'s `helm.sh/chart`, and `app.kubernetes.io/managed-by: Helm`.',
    'Selectors and pod template labels are exactly the converted ones, so moving from `marathon2k8s convert`',
    'output to this chart changes no selector and restarts no pod.',
    '',
    '## Before installing: what to check',
    '',
  ];
  const secretApps = [...secrets.entries()].filter(([, names]) => names.size > 0);
  if (secretApps.length > 0) {
    out.push(
      '### Secrets that must exist',
      '',
      'Marathon secret values live in the DC/OS secret store and are never copied. Create these Secrets in the',
      'release namespace, or map the names to Secrets you have with `<app>.existingSecrets`:',
      '',
      '| app | Secret | keys |',
      '|---|---|---|',
    );
    for (const [key, names] of secretApps) {
      for (const [name, keys] of [...names.entries()].sort(([a], [b]) => a.localeCompare(b))) {
        const list = keys.has('*') ? 'all keys' : [...keys].sort().map((k) => `\`${k}\``).join(', ');
        out.push(`| \`${key}\` | \`${cell(name)}\` | ${list} |`);
      }
    }
    out.push('');
  }
  if (plan.warnings.length > 0) {
    out.push('### Chart layout', '', ...plan.warnings.map((w) => `- ${w}`), '');
  }
  out.push('### Findings of the conversion', '');
  let any = false;
  for (const app of plan.apps) {
    const list = app.marathonIds.flatMap((id) => findings.get(id) ?? []);
    if (list.length === 0) continue;
    any = true;
    list.sort((a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity]);
    out.push(`#### ${app.marathonIds.join(', ')} (\`${app.key}\`)`, '', ...list.map(findingLine), '');
  }
  if (other.length > 0) {
    any = true;
    out.push('#### Other findings of the run', '', ...other.map(findingLine), '');
  }
  if (!any) out.push('None: every Marathon field of these apps was migrated.', '');
  return out.join('\n');
}
