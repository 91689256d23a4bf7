/**
 * Offline validation of emitted objects: the OpenAPI schema of the kind for the target version
 * (the release's own definitions, openapi.ts; kubernetes-models for targets newer than the
 * newest of them) plus the API server's name and label rules that the schema does not carry. An
 * object that fails is a bug in marathon2k8s, reported as an `invalid-object` finding.
 */
import { createRequire } from 'node:module';
import { DEFAULT_KUBE_VERSION } from '../options.js';
import { hasUndefined, schemaPlanFor, validateForRelease } from './openapi.js';
import type { KubeObject } from './types.js';

interface Validatable { validate(): void }
type ModelClass = new (data: never) => Validatable;

/**
 * The kubernetes-models class of each kind: its module and export name. A class module pulls in
 * the compiled schemas of every type it refers to (a Deployment ≈ 90 modules): importing all
 * thirteen statically (ESM) cost ≈ 80 ms at every start-up, while most runs need two or three.
 * So each is loaded on first use, synchronously (validation is synchronous) through require,
 * which takes the package's CommonJS build of the same classes and loads it faster than the
 * ESM one (Deployment + Service ≈ 40 ms).
 */
const MODEL_MODULES: Record<string, [module: string, exportName: string]> = {
  'apps/v1/Deployment': ['kubernetes-models/apps/v1/Deployment', 'Deployment'],
  'apps/v1/StatefulSet': ['kubernetes-models/apps/v1/StatefulSet', 'StatefulSet'],
  'v1/Namespace': ['kubernetes-models/v1/Namespace', 'Namespace'],
  'v1/Service': ['kubernetes-models/v1/Service', 'Service'],
  'v1/Secret': ['kubernetes-models/v1/Secret', 'Secret'],
  'v1/ConfigMap': ['kubernetes-models/v1/ConfigMap', 'ConfigMap'],
  'v1/PersistentVolumeClaim': ['kubernetes-models/v1/PersistentVolumeClaim', 'PersistentVolumeClaim'],
  'networking.k8s.io/v1/Ingress': ['kubernetes-models/networking.k8s.io/v1/Ingress', 'Ingress'],
  'networking.k8s.io/v1beta1/Ingress': ['kubernetes-models/networking.k8s.io/v1beta1/Ingress', 'Ingress'],
  'batch/v1/CronJob': ['kubernetes-models/batch/v1/CronJob', 'CronJob'],
  'batch/v1beta1/CronJob': ['kubernetes-models/batch/v1beta1/CronJob', 'CronJob'],
  'batch/v1/Job': ['kubernetes-models/batch/v1/Job', 'Job'],
  'policy/v1/PodDisruptionBudget': ['kubernetes-models/policy/v1/PodDisruptionBudget', 'PodDisruptionBudget'],
};

const require = createRequire(import.meta.url);
const models = new Map<string, ModelClass>();

function modelFor(key: string): ModelClass | undefined {
  let model = models.get(key);
  if (!model) {
    if (!Object.hasOwn(MODEL_MODULES, key)) return undefined;
    const where = MODEL_MODULES[key]!;
    model = (require(where[0]) as Record<string, ModelClass>)[where[1]]!;
    models.set(key, model);
  }
  return model;
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_1035 = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const LABEL_VALUE = /^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$/;
const IANA_SVC_NAME = /^(?=.*[a-z])[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;

/**
 * Problems with an object made for the target `kubeVersion`; empty when it is valid.
 * `checkVersionTable`: also check, for targets above every feature of the version table, that
 * the table knows each field the newest release file lacks (a test of the table; see openapi.ts).
 */
export function validateObject(obj: KubeObject, kubeVersion: string = DEFAULT_KUBE_VERSION, checkVersionTable = false): string[] {
  const problems = validateForRelease(obj, kubeVersion, checkVersionTable);
  // Targets newer than the newest release file: the structure is checked by kubernetes-models.
  const byModels = schemaPlanFor(kubeVersion).structure === undefined;
  const model = byModels ? modelFor(`${obj.apiVersion}/${obj.kind}`) : undefined;
  if (!byModels) {
    // validateForRelease checked the structure against the release's own definitions.
  } else if (!model) problems.push(`no schema known for ${obj.apiVersion} ${obj.kind}`);
  else {
    try {
      // A model's constructor deep-copies the object only to drop undefined values; when there
      // are none, its validate() run on the object itself sees exactly the same data and skips
      // the copy (validating the 18,681 objects of 10,000 apps: 211 → 178 ms, and less garbage).
      if (hasUndefined(obj)) new model(obj as never).validate();
      else (model as unknown as { prototype: Validatable }).prototype.validate.call(obj);
    } catch (e) {
      problems.push((e as Error).message);
    }
  }
  const name = obj.metadata?.name ?? '';
  const nameRule = obj.kind === 'Service' ? DNS_1035 : DNS_LABEL;
  if (!nameRule.test(name) || name.length > 63) problems.push(`metadata.name "${name}" is not a valid ${obj.kind} name`);
  if (obj.metadata?.namespace !== undefined && !DNS_LABEL.test(obj.metadata.namespace)) problems.push(`namespace "${obj.metadata.namespace}" is invalid`);
  for (const [k, v] of Object.entries(obj.metadata?.labels ?? {})) {
    if (v.length > 63 || !LABEL_VALUE.test(v)) problems.push(`label ${k} has an invalid value "${v}"`);
  }
  for (const port of containerPortsOf(obj)) {
    if (port.name !== undefined && (port.name.length > 15 || !IANA_SVC_NAME.test(port.name))) problems.push(`port name "${port.name}" is invalid`);
  }
  return problems;
}


function containerPortsOf(obj: KubeObject): { name?: string }[] {
  const spec = obj.spec as { template?: { spec?: { containers?: { ports?: { name?: string }[] }[] } } } | undefined;
  return (spec?.template?.spec?.containers ?? []).flatMap((c) => c.ports ?? []);
}
