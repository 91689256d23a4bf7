/**
 * The Helm chart writer: converted objects → one chart per namespace (Marathon top-level group),
 * or one chart named by the caller, laid out as `helm create` does:
 *
 *   <name>/Chart.yaml  values.yaml  values.schema.json  README.md  .helmignore
 *   <name>/templates/_helpers.tpl  NOTES.txt  <app>-<kind>[-<object>].yaml
 *
 * With default values the templates render exactly the input objects, apart from Helm's own
 * labels (helm.sh/chart, managed-by: Helm on object metadata) and the namespace, which is the
 * release's. Namespace objects are left out (install with --create-namespace).
 */
import { readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { makeDirectory } from '../files.js';
import { join, resolve } from 'node:path';
import type { Finding } from '../../findings.js';
import type { KubeObject } from '../../kube/types.js';
import { chartYaml, GENERATED_ANNOTATION, groupsText, HELMIGNORE, notesTxt, type ChartVersions } from './chart-files.js';
import { newAppContext } from './context.js';
import { isValidChartName, planCharts, type ChartPlan } from './group.js';
import { helpersTpl } from './helpers.js';
import { readme } from './readme.js';
import { valuesSchema } from './schema.js';
import { appTemplates } from './templates.js';
import { ValuesTree, renderValues } from './values.js';
import { addToList } from '../../collections.js';

export { planCharts, type ChartPlan } from './group.js';
export type { ChartVersions } from './chart-files.js';

export interface WriteChartsOptions {
  outDir: string;
  /** One chart with this name for everything, instead of one per namespace. */
  name?: string;
  /** Chart.yaml's version and appVersion (defaults: 0.1.0, and the common image tag), and the target behind its kubeVersion range. */
  versions?: ChartVersions;
}

export interface WrittenChart {
  name: string;
  dir: string;
  /** Paths relative to the chart directory. */
  files: string[];
  plan: ChartPlan;
}

export interface ChartFiles {
  plan: ChartPlan;
  /** Relative path → content. */
  files: Map<string, string>;
}

function templateFileName(kind: string, objectName: string, appName: string, taken: Set<string>): string {
  const safe = (s: string): string => s.toLowerCase().replace(/[^a-z0-9.-]+/g, '-').replace(/^[.-]+/, '') || 'x';
  const base = `${safe(appName)}-${safe(kind)}${objectName === appName ? '' : `-${safe(objectName)}`}`;
  let name = base;
  for (let n = 2; taken.has(name); n++) name = `${base}-${n}`;
  taken.add(name);
  return `templates/${name}.yaml`;
}

/** Builds one chart's files in memory (pure; `writeCharts` puts them on disk). */
export function buildChart(plan: ChartPlan, findings: readonly Finding[], versions: ChartVersions = {}): ChartFiles {
  const values = new ValuesTree();
  const files = new Map<string, string>();
  const taken = new Set<string>();
  const secrets = new Map<string, Map<string, Set<string>>>();
  const images: string[] = [];
  for (const app of plan.apps) {
    const ctx = newAppContext(plan.name, app, values);
    const kinds = app.objects.map((o) => `${o.kind} ${o.metadata.name}`).join(', ');
    values.comment([app.key], `${app.name}: ${app.marathonIds.map((id) => `Marathon ${id}`).join(', ') || 'converted objects'} → ${kinds}`);
    const texts = appTemplates(ctx);
    app.objects.forEach((obj, i) => files.set(templateFileName(obj.kind, obj.metadata.name, app.name, taken), texts[i]));
    secrets.set(app.key, ctx.secrets);
    images.push(...collectImages(app.objects));
  }
  const ids = new Set(plan.apps.flatMap((a) => a.marathonIds));
  const byApp = new Map<string, Finding[]>();
  const other: Finding[] = [];
  for (const f of findings) {
    if (f.app !== undefined && ids.has(f.app)) addToList(byApp, f.app, f);
    else if (f.app === undefined) other.push(f);
  }
  const title = `${plan.name}: ${groupsText(plan)}`;
  files.set('Chart.yaml', chartYaml(plan, images, versions));
  files.set('values.yaml', renderValues(values, `Default values for ${title}, migrated by marathon2k8s.\nEach app's settings are under its key; comments name the Marathon field each one came from.`));
  files.set('values.schema.json', valuesSchema(values.root, `Values of the ${plan.name} chart`));
  files.set('.helmignore', HELMIGNORE);
  files.set('README.md', readme({ plan, findings: byApp, other, secrets }));
  files.set('templates/_helpers.tpl', helpersTpl(plan.name));
  files.set('templates/NOTES.txt', notesTxt(plan));
  return { plan, files };
}

function collectImages(objects: KubeObject[]): string[] {
  const out: string[] = [];
  const walk = (v: unknown, key: string): void => {
    if (Array.isArray(v)) v.forEach((x) => walk(x, key));
    else if (typeof v === 'object' && v !== null) {
      for (const [k, x] of Object.entries(v)) {
        if (k === 'containers' && Array.isArray(x)) x.forEach((c) => typeof c?.image === 'string' && out.push(c.image));
        else walk(x, k);
      }
    }
  };
  objects.forEach((o) => walk(o, ''));
  return out;
}

/** Refuses to replace a directory that marathon2k8s did not write. */
async function clearChartDir(dir: string): Promise<void> {
  let entries: string[];
  try {
    entries = await readdir(dir);
  } catch {
    return;
  }
  if (entries.length === 0) return;
  const chartYamlText = await readFile(join(dir, 'Chart.yaml'), 'utf8').catch(() => '');
  if (!chartYamlText.includes(GENERATED_ANNOTATION)) {
    throw new Error(`${dir} exists and is not a chart written by marathon2k8s; choose another --out`);
  }
  // A previous run's templates for apps that no longer exist must not linger and render.
  await rm(dir, { recursive: true, force: true });
}

export async function writeCharts(objects: KubeObject[], findings: Finding[], opts: WriteChartsOptions): Promise<WrittenChart[]> {
  if (opts.name !== undefined && !isValidChartName(opts.name)) {
    throw new Error(`chart name "${opts.name}" is not valid: lowercase letters, digits and '-', starting and ending with a letter or digit`);
  }
  const written: WrittenChart[] = [];
  for (const plan of planCharts(objects, opts.name !== undefined ? { name: opts.name } : {})) {
    if (!isValidChartName(plan.name)) throw new Error(`cannot name a chart "${plan.name}"; use --name`);
    const { files } = buildChart(plan, findings, opts.versions);
    const dir = resolve(opts.outDir, plan.name);
    await clearChartDir(dir);
    for (const [rel, text] of files) {
      makeDirectory(join(dir, rel, '..'));
      await writeFile(join(dir, rel), text);
    }
    written.push({ name: plan.name, dir, files: [...files.keys()], plan });
  }
  return written;
}
