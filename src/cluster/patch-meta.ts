/**
 * Strategic-merge-patch metadata: for each field of a built-in kind, how a patch merges it. Lists
 * with strategy `merge` are merged element by element, matched by their merge key (containers by
 * `name`, container ports by `containerPort`, Service ports by `port`, volumeMounts by
 * `mountPath`, …); `retainKeys` clears the keys of a union (Deployment `strategy`, a volume's
 * source) that the patch does not keep; every other list is replaced whole; maps are merged.
 *
 * The data (patch-meta-data.ts) is generated from the OpenAPI documents of Kubernetes 1.9 to 1.20
 * by scripts/kube-patch-meta.mjs; it is the same in every one of them (the API compatibility
 * rules forbid changing a field's patch strategy), so one table serves every target. kubectl
 * before server-side apply read the same metadata, from its compiled-in Go types or the server's
 * OpenAPI document.
 */
import { PATCH_META } from './patch-meta-data.js';

export interface FieldPatchMeta {
  /** The definition of the field's value (a struct, or the elements of a list). */
  ref?: string;
  /** x-kubernetes-patch-strategy: "merge", "retainKeys", "merge,retainKeys" or "replace". */
  strategy?: string;
  /** x-kubernetes-patch-merge-key. */
  key?: string;
}

export interface PatchMetaData {
  /** "apps/v1/Deployment" → its definition. */
  kinds: Record<string, string>;
  /** Per definition, the fields that carry metadata or lead to some. */
  definitions: Record<string, Record<string, FieldPatchMeta>>;
}

/** How one field merges, and the schema of what is below it. */
export interface FieldMerge {
  /** Lists: merged element by element (`merge`), or replaced whole (undefined). Maps: `replace` replaces. */
  strategy?: 'merge' | 'replace';
  /** Clear the keys the patch does not keep (the `$retainKeys` directive). */
  retainKeys: boolean;
  /** The key that matches list elements (`merge` lists of maps). */
  mergeKey?: string;
  schema: PatchSchema;
}

/** The metadata at one place of an object. A schema without a definition knows nothing: maps merge, lists are replaced. */
export class PatchSchema {
  constructor(
    private readonly data: PatchMetaData,
    private readonly definition?: string,
  ) {}

  field(name: string): FieldMerge {
    const meta = this.definition ? this.data.definitions[this.definition]?.[name] : undefined;
    const strategies = (meta?.strategy ?? '').split(',').filter(Boolean);
    return {
      strategy: strategies.includes('merge') ? 'merge' : strategies.includes('replace') ? 'replace' : undefined,
      retainKeys: strategies.includes('retainKeys'),
      ...(meta?.key ? { mergeKey: meta.key } : {}),
      schema: new PatchSchema(this.data, meta?.ref),
    };
  }
}

/**
 * The schema of a built-in kind, or undefined for a kind outside the table (a custom resource):
 * such objects are patched with a JSON merge patch, as kubectl did for types it did not know.
 */
export function patchSchemaFor(apiVersion: string, kind: string, data: PatchMetaData = PATCH_META): PatchSchema | undefined {
  const definition = data.kinds[`${apiVersion}/${kind}`];
  return definition ? new PatchSchema(data, definition) : undefined;
}
