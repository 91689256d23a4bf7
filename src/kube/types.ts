/**
 * The Kubernetes side of the pipeline. The translator builds plain JSON objects (what the API
 * server receives); this module gives them one shared shape and the conventions every emitted
 * object follows, so the emitters, the chart writer and the cluster code can rely on them.
 */

export interface ObjectMeta {
  name: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

/** Any Kubernetes object as emitted. `spec`, `data` etc. are kind-specific. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  [field: string]: unknown;
}

/** Annotation holding the Marathon id (app/pod/job) an object was converted from. */
export const MARATHON_ID_ANNOTATION = 'marathon2k8s.io/marathon-id';
/** Annotation listing the Marathon dependencies (comma separated ids) of the source. */
export const MARATHON_DEPENDENCIES_ANNOTATION = 'marathon2k8s.io/dependencies';

/** Marks a Secret emitted by --secret-stubs: its values are empty and must be filled in. */
export const SECRET_STUB_ANNOTATION = 'marathon2k8s.io/secret-stub';

/** Recommended labels (https://kubernetes.io/docs/concepts/overview/working-with-objects/common-labels/). */
export const LABEL_NAME = 'app.kubernetes.io/name';
export const LABEL_INSTANCE = 'app.kubernetes.io/instance';
export const LABEL_PART_OF = 'app.kubernetes.io/part-of';
export const LABEL_MANAGED_BY = 'app.kubernetes.io/managed-by';
export const MANAGED_BY = 'marathon2k8s';
