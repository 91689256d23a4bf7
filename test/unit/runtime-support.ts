/** Shared by the runtime unit tests: convert one app and look into its pod. */
import type { Finding } from '../../src/findings.js';
import type { KubeObject } from '../../src/kube/types.js';
import { DEFAULT_OPTIONS, type ConvertOptions } from '../../src/options.js';
import { convertSources } from '../../src/pipeline.js';

export interface Converted {
  objects: KubeObject[];
  findings: Finding[];
  workload: KubeObject;
  pod: Record<string, any>;
  container: Record<string, any>;
}

export function convertApp(app: Record<string, unknown>, options: Partial<ConvertOptions> = {}): Converted {
  const result = convertSources([{ file: 'app.json', text: JSON.stringify(app) }], { ...DEFAULT_OPTIONS, ...options });
  const workload = result.objects.find((o) => o.kind === 'Deployment' || o.kind === 'StatefulSet');
  if (!workload) throw new Error(`no workload: ${result.findings.map((f) => f.message).join('; ')}`);
  const pod = (workload.spec as any).template.spec;
  return { objects: result.objects, findings: result.findings, workload, pod, container: pod.containers[0] };
}

/** `code pointer` of each finding, for compact assertions. */
export function codes(findings: readonly Finding[]): string[] {
  return findings.map((f) => `${f.code} ${f.pointer}`);
}

/** What Kubernetes makes of a command/args string: `$$` → `$`; unknown `$(VAR)` stays as is. */
export function kubeExpand(text: string): string {
  return text.replace(/\$\$/g, '$');
}
