/**
 * The `helm` binary, invoked through execa with argument arrays (never a shell), so chart paths
 * and --set values with spaces or quotes reach helm exactly as given.
 *
 * Which binary: `--helm-bin`, else $HELM_BIN, else `helm` on PATH. marathon2k8s writes charts
 * for Helm 3 and later (apiVersion v2 charts); Helm 2 and a missing binary give a HelmError that
 * says what to do.
 */
import { execa } from 'execa';

export class HelmError extends Error {
  override readonly name = 'HelmError';
  constructor(message: string, readonly output = '') {
    super(message);
  }
}

export interface HelmVersion {
  major: number;
  minor: number;
  patch: number;
  /** As helm printed it, e.g. "v3.15.2+g1a500d5". */
  text: string;
}

/** A located, version-checked helm. */
export interface Helm {
  bin: string;
  version: HelmVersion;
  /** `helm lint --strict DIR`. */
  lint(chartDir: string, opts?: { kubeVersion?: string }): Promise<LintResult>;
  /** `helm template` → the rendered multi-document YAML; throws HelmError when rendering fails. */
  template(chartDir: string, opts?: TemplateOptions): Promise<string>;
}

const INSTALL_HINT =
  'install Helm 3 or newer (https://helm.sh/docs/intro/install/) and put it on PATH, or pass --helm-bin PATH / set HELM_BIN';

/** The helm command to run: an explicit path, $HELM_BIN, or `helm` looked up on PATH. */
export function resolveHelmBin(explicit?: string, env: NodeJS.ProcessEnv = process.env): string {
  if (explicit !== undefined && explicit !== '') return explicit;
  if (env.HELM_BIN !== undefined && env.HELM_BIN !== '') return env.HELM_BIN;
  return 'helm';
}

/** Parses `helm version --short` output ("v3.15.2+g1a500d5", Helm 2: "Client: v2.17.0+g…"). */
export function parseHelmVersion(output: string): HelmVersion | undefined {
  const m = /v(\d+)\.(\d+)\.(\d+)\S*/.exec(output);
  if (!m) return undefined;
  return { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3]), text: m[0] };
}

/** Finds helm and checks that it is Helm 3 or newer. */
export async function findHelm(explicit?: string, env: NodeJS.ProcessEnv = process.env): Promise<Helm> {
  const bin = resolveHelmBin(explicit, env);
  let out: string;
  try {
    // Helm 2's `version` contacts Tiller and fails without one, after printing the client
    // version: so the exit code is ignored and only the printed version counts.
    const r = await execa(bin, ['version', '--short'], { reject: false, env, timeout: 30_000 });
    if (r.failed && r.exitCode === undefined) throw r;
    out = `${r.stdout}\n${r.stderr}`;
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'ENOENT') throw new HelmError(`helm not found (looked for "${bin}"): ${INSTALL_HINT}`);
    if (code === 'EACCES') throw new HelmError(`helm at "${bin}" is not executable: ${INSTALL_HINT}`);
    throw new HelmError(`could not run "${bin} version": ${(err as Error).message}`);
  }
  const version = parseHelmVersion(out);
  if (!version) throw new HelmError(`"${bin}" did not report a helm version: ${INSTALL_HINT}`, out);
  if (version.major < 3) {
    throw new HelmError(`helm ${version.text} at "${bin}" is too old: charts need Helm 3 or newer; ${INSTALL_HINT}`, out);
  }
  return {
    bin,
    version,
    lint: (chartDir, opts) => lintWith(bin, chartDir, opts),
    template: (chartDir, opts) => templateWith(bin, chartDir, opts),
  };
}

export interface LintResult {
  ok: boolean;
  /** helm's own report ([INFO]/[WARNING]/[ERROR] lines). */
  output: string;
}

/** `helm lint --strict`: warnings count as failures, as a reviewer would treat them. */
async function lintWith(bin: string, chartDir: string, opts: { kubeVersion?: string } = {}): Promise<LintResult> {
  const args = ['lint', '--strict', chartDir];
  if (opts.kubeVersion) args.push('--kube-version', opts.kubeVersion);
  const r = await execa(bin, args, { reject: false, all: true });
  return { ok: r.exitCode === 0, output: r.all ?? '' };
}

export interface TemplateOptions {
  /** `--set key=value` items, passed one per flag so commas in values stay literal. */
  set?: string[];
  /** Release name (default "release"; object names do not depend on it). */
  releaseName?: string;
  /** Release namespace, rendered wherever templates use .Release.Namespace. */
  namespace?: string;
  kubeVersion?: string;
}

/** `helm template`: the rendered manifests as one multi-document YAML string. */
async function templateWith(bin: string, chartDir: string, opts: TemplateOptions = {}): Promise<string> {
  const args = ['template', opts.releaseName ?? 'release', chartDir];
  if (opts.namespace) args.push('--namespace', opts.namespace);
  if (opts.kubeVersion) args.push('--kube-version', opts.kubeVersion);
  for (const s of opts.set ?? []) args.push('--set', s);
  const r = await execa(bin, args, { reject: false });
  if (r.exitCode !== 0) {
    throw new HelmError(`helm template ${chartDir} failed:\n${r.stderr.trim()}`, r.stderr);
  }
  return r.stdout;
}
