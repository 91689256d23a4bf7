/**
 * External volumes (DVDI / REX-Ray, CSI) → a PersistentVolumeClaim per volume name.
 *
 * An external volume lives outside the agents and follows the task; Marathon identifies it by
 * `external.name`, and apps that name the same volume share it. So the claim is named after
 * the volume, not the app, and is emitted once per namespace: by the first app of the run (in
 * input order) that names it; the others only mount it. A claim cannot reach across namespaces,
 * so apps of different namespaces naming one volume each get their own claim (and are told).
 */
import { joinPointer } from '../../findings.js';
import type { KubeObject } from '../../kube/types.js';
import { supports } from '../../kube/versions.js';
import type { AppVolume, MarathonApp } from '../../marathon/model.js';
import type { RunIndex } from '../run-index.js';
import type { AppContext } from '../context.js';
import { objectMeta } from '../metadata.js';
import { MAX_NAME, sanitizeLabel, withHash, type AppName } from '../names.js';
import type { PodParts } from '../parts.js';
import { lacks } from '../target.js';
import { claimSpec, storageClassFor } from './claims.js';
import { mountPathFor, type VolumeNames } from './paths.js';
import { addToList } from '../../collections.js';

export type ExternalVolume = Extract<AppVolume, { kind: 'external' }>;

/** Annotation on the claim: the external volume's name as Marathon knew it. */
export const EXTERNAL_VOLUME_ANNOTATION = 'marathon2k8s.io/external-volume';

/** REX-Ray and most DVDI drivers create volumes of 16 GiB when no size is given. */
const DEFAULT_SIZE_GIB = 16;

/** CSI access modes → Kubernetes access modes (the mapping the Kubernetes CSI sidecars use). */
const CSI_ACCESS_MODES: Record<string, string> = {
  SINGLE_NODE_WRITER: 'ReadWriteOnce',
  SINGLE_NODE_READER_ONLY: 'ReadWriteOnce',
  MULTI_NODE_READER_ONLY: 'ReadOnlyMany',
  MULTI_NODE_SINGLE_WRITER: 'ReadWriteMany',
  MULTI_NODE_MULTI_WRITER: 'ReadWriteMany',
};

/** DVDI options the mapping itself uses; every other option is reported. */
const DVDI_DRIVER = 'dvdi/driver';

interface Use {
  app: MarathonApp;
  name: AppName;
}

/**
 * Claim names for the external volumes of one namespace, in run order: the sanitized volume
 * name, with a hash of the original when two different names sanitize alike.
 */
function claimNames(uses: readonly Use[]): Map<string, string> {
  const out = new Map<string, string>();
  const taken = new Set<string>();
  for (const u of uses) {
    for (const v of u.app.container?.volumes ?? []) {
      if (v.kind !== 'external' || v.external.name === undefined || out.has(v.external.name)) continue;
      const raw = v.external.name;
      let name = sanitizeLabel(raw) || 'volume';
      if (name.length > MAX_NAME || taken.has(name)) name = withHash(name, raw);
      taken.add(name);
      out.set(raw, name);
    }
  }
  return out;
}

/**
 * Who names which external volume, in run order, per namespace: built once per run, so that
 * planning a claim is a few lookups (scanning every app that names a volume, for every volume,
 * was quadratic: seconds at 100,000 apps).
 */
interface ExternalIndex {
  /** The apps indexed (their own volumes are in the maps). */
  apps: Set<MarathonApp>;
  /** namespace → raw volume name → claim name. */
  claimNames: Map<string, Map<string, string>>;
  /** `namespace NUL raw name` → the apps naming that volume there, each once, in run order. */
  users: Map<string, Use[]>;
  /** raw name → the namespaces where apps name it. */
  namespaces: Map<string, Set<string>>;
}

function indexUses(uses: readonly Use[]): ExternalIndex {
  const byNamespace = new Map<string, Use[]>();
  const index: ExternalIndex = { apps: new Set(), claimNames: new Map(), users: new Map(), namespaces: new Map() };
  for (const u of uses) {
    index.apps.add(u.app);
    const ns = u.name.namespace;
    addToList(byNamespace, ns, u);
    for (const raw of new Set(names(u))) {
      addToList(index.users, `${ns}\u0000${raw}`, u);
      index.namespaces.set(raw, (index.namespaces.get(raw) ?? new Set<string>()).add(ns));
    }
  }
  for (const [ns, nsUses] of byNamespace) index.claimNames.set(ns, claimNames(nsUses));
  return index;
}

/** The external volume names an app uses (with repeats when it mounts one twice). */
function names(u: Use): string[] {
  return (u.app.container?.volumes ?? []).flatMap((v) => (v.kind === 'external' && v.external.name !== undefined ? [v.external.name] : []));
}

/** Per run: the index of the apps that name external volumes. */
const externalIndexes = new WeakMap<RunIndex, { size: number; index: ExternalIndex; uses: Use[] }>();

/** The run's index, with the app itself in it even when the run index lacks it (another app has its id). */
function runIndex(ctx: AppContext): ExternalIndex {
  let hit = externalIndexes.get(ctx.run);
  if (!hit || hit.size !== ctx.run.size) {
    const uses = [...ctx.run.all()].filter((u) => names(u).length > 0);
    hit = { size: ctx.run.size, index: indexUses(uses), uses };
    externalIndexes.set(ctx.run, hit);
  }
  if (hit.index.apps.has(ctx.app)) return hit.index;
  return indexUses([...hit.uses, { app: ctx.app, name: ctx.name }]);
}

/** Which claim an external volume of this app uses, and whether this app emits it. */
interface ClaimPlan {
  rawName: string;
  claimName: string;
  /** This app and volume emit the claim (the first use in the namespace). */
  owner: boolean;
  /** Apps of the namespace naming the volume, in run order. */
  users: Use[];
  /** Other namespaces where apps name the same volume. */
  elsewhere: string[];
}

function planClaim(ctx: AppContext, v: ExternalVolume): ClaimPlan {
  // Marathon requires a name; without one (a schema violation) the claim is the app's own.
  const rawName = v.external.name ?? `${ctx.name.name}-volume-${v.index}`;
  const index = v.external.name !== undefined ? runIndex(ctx) : indexUses([{ app: ctx.app, name: ctx.name }]);
  const ns = ctx.name.namespace;
  const claimName = index.claimNames.get(ns)?.get(rawName) ?? withHash(sanitizeLabel(rawName), rawName);
  const users = index.users.get(`${ns}\u0000${rawName}`) ?? [];
  // The first app naming it emits the claim, once, even if it mounts the volume twice.
  const firstInApp = (ctx.app.container?.volumes ?? []).find((x) => x.kind === 'external' && x.external.name === v.external.name) === v;
  const owner = (users.length === 0 || users[0]!.app === ctx.app) && (v.external.name === undefined || firstInApp);
  const elsewhere = [...(index.namespaces.get(rawName) ?? [])].filter((n) => n !== ns).sort();
  return { rawName, claimName, owner, users, elsewhere };
}

function describeSharing(ctx: AppContext, plan: ClaimPlan): string {
  const others = plan.users.filter((u) => u.app !== ctx.app).map((u) => u.app.id);
  return [
    others.length > 0 ? `the claim is shared with ${others.join(', ')}${plan.users[0]!.app === ctx.app ? '' : ` and emitted with ${plan.users[0]!.app.id}`}` : undefined,
    plan.elsewhere.length > 0 ? `apps in namespace ${plan.elsewhere.join(', ')} name the same volume and get a separate claim there (a claim belongs to one namespace)` : undefined,
  ].filter(Boolean).map((s) => `; ${s}`).join('');
}

export function mapExternalVolume(ctx: AppContext, v: ExternalVolume, volumeNames: VolumeNames): PodParts {
  const at = `/container/volumes/${v.index}`;
  const e = v.external;
  ctx.use(`${at}/containerPath`, `${at}/mode`, `${at}/external/name`, `${at}/external/provider`, `${at}/external/size`, `${at}/external/shared`);
  const plan = planClaim(ctx, v);
  const { rawName, claimName, owner } = plan;

  const csi = e.provider === 'csi';
  const accessMode = accessModeFor(ctx, v, at, csi);
  let block = csi && capability(e.options).accessType === 'block';
  if (block && !supports('blockVolumes', ctx.options.kubeVersion)) {
    // BlockVolume is alpha (off) before 1.13: the claim would get a filesystem anyway.
    block = false;
    ctx.report('external-volume-option', joinPointer(at, 'external', 'options'),
      `external volume "${e.name ?? ''}": raw block access becomes a filesystem mounted at ${v.containerPath}: Kubernetes ${ctx.options.kubeVersion} has no raw block volumes (from 1.13)`,
      { severity: 'warning', hint: 'target Kubernetes 1.13 or later to keep block access' });
    lacks(ctx, 'blockVolumes', 'block volume mounted as a filesystem');
  }
  const sizeGiB = e.size !== undefined && e.size > 0 ? e.size : undefined;
  const storage = `${sizeGiB ?? DEFAULT_SIZE_GIB}Gi`;
  const driver = csi ? stringOption(e.options, 'pluginName') : stringOption(e.options, DVDI_DRIVER);
  ctx.use(joinPointer(at, 'external', 'options', csi ? 'pluginName' : DVDI_DRIVER));

  const objects: KubeObject[] = [];
  if (owner) {
    const storageClass = storageClassFor(ctx, undefined, `${claimName} (${storage}, external volume "${rawName}")`);
    const spec = claimSpec(accessMode, storage, storageClass);
    if (block) spec.volumeMode = 'Block';
    const meta = objectMeta(ctx);
    objects.push({
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { ...meta, name: claimName, annotations: { ...meta.annotations, [EXTERNAL_VOLUME_ANNOTATION]: rawName } },
      spec,
    });
  }
  ctx.need('external-volume', claimName, [rawName, [e.provider ?? '?', driver].filter(Boolean).join(' ')], ctx.name.namespace);

  const what = [e.provider ?? 'unknown provider', driver ? `driver ${driver}` : undefined, sizeGiB !== undefined ? `${sizeGiB} GiB` : `no size given: ${storage} requested`]
    .filter(Boolean).join(', ');
  ctx.report('external-volume', at,
    `external volume "${rawName}" (${what}) becomes the PersistentVolumeClaim ${claimName}${describeSharing(ctx, plan)}: `
    + 'the cluster provisions a new, empty volume; the existing volume\'s data is not migrated',
    { hint: csi && driver
      ? `re-create or migrate the volume in the cluster's storage; to reuse it, pre-create a PersistentVolume with csi.driver ${driver} and volumeHandle ${rawName}, and bind the claim to it with spec.volumeName`
      : 're-create or migrate the volume in the cluster\'s storage: copy the data, or pre-create a PersistentVolume for the existing disk and bind the claim to it with spec.volumeName' });

  reportOtherOptions(ctx, v, at, csi);

  const name = volumeNames.take('', claimName);
  const volume = { name, persistentVolumeClaim: { claimName, ...(v.mode === 'RO' ? { readOnly: true } : {}) } };
  const path = mountPathFor(v.containerPath);
  if (block) {
    return { volumes: [volume], objects, containerFields: { volumeDevices: [{ name, devicePath: path }] } };
  }
  return { volumes: [volume], objects, volumeMounts: [{ name, mountPath: path, ...(v.mode === 'RO' ? { readOnly: true } : {}) }] };
}

/** DVDI: `shared` → ReadWriteMany (read-only: ReadOnlyMany); CSI: from capability.accessMode. */
function accessModeFor(ctx: AppContext, v: ExternalVolume, at: string, csi: boolean): string {
  const readOnly = v.mode === 'RO';
  if (csi) {
    const given = capability(v.external.options).accessMode;
    ctx.use(joinPointer(at, 'external', 'options', 'capability', 'accessMode'), joinPointer(at, 'external', 'options', 'capability', 'accessType'));
    const mode = typeof given === 'string' ? CSI_ACCESS_MODES[given] : undefined;
    if (mode !== undefined) {
      if (given === 'MULTI_NODE_SINGLE_WRITER') {
        ctx.report('external-volume-option', joinPointer(at, 'external', 'options', 'capability', 'accessMode'),
          'MULTI_NODE_SINGLE_WRITER has no Kubernetes access mode; ReadWriteMany is used: make sure only one pod writes');
      }
      return mode;
    }
  }
  if (v.external.shared) return readOnly ? 'ReadOnlyMany' : 'ReadWriteMany';
  return 'ReadWriteOnce';
}

function capability(options: Record<string, unknown> | undefined): Record<string, unknown> {
  const c = options?.capability;
  return typeof c === 'object' && c !== null && !Array.isArray(c) ? (c as Record<string, unknown>) : {};
}

function stringOption(options: Record<string, unknown> | undefined, key: string): string | undefined {
  const value = options?.[key];
  return typeof value === 'string' ? value : undefined;
}

/**
 * Driver options other than the driver and the access mode (DVDI `dvdi/volumetype`,
 * `dvdi/iops`…; CSI fsType, mountFlags, secrets, volumeContext) configure how the storage
 * system creates and mounts the volume: on Kubernetes that is the storage class's business.
 */
function reportOtherOptions(ctx: AppContext, v: ExternalVolume, at: string, csi: boolean): void {
  const options = v.external.options ?? {};
  const listed: string[] = [];
  for (const [key, value] of Object.entries(options)) {
    if (key === (csi ? 'pluginName' : DVDI_DRIVER)) continue;
    if (csi && key === 'capability') {
      for (const [ck, cv] of Object.entries(capability(options))) {
        if (ck !== 'accessMode' && ck !== 'accessType') listed.push(`capability.${ck}=${JSON.stringify(cv)}`);
      }
      continue;
    }
    listed.push(`${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`);
  }
  ctx.use(joinPointer(at, 'external', 'options'));
  if (listed.length === 0) return;
  ctx.report('external-volume-option', joinPointer(at, 'external', 'options'),
    `driver options not carried over: ${listed.join(', ')}`,
    { hint: 'set them as parameters, mountOptions or secrets of the storage class the claim uses' });
}
