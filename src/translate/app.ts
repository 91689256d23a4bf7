/**
 * app → Kubernetes objects: the entry point of the app translator (pure, no I/O).
 * Each concern lives in its own module; this one only wires them and closes the ledger.
 */
import type { KubeObject } from '../kube/types.js';
import { CONCERNS } from './concerns.js';
import type { AppContext } from './context.js';
import { consumeDefaults } from './defaults.js';
import { mergeParts } from './parts.js';
import { resolvePorts } from './ports.js';
import { mapService } from './service.js';
import { mapWorkload } from './workload.js';

export function translateApp(ctx: AppContext): KubeObject[] {
  if (ctx.name.changed) {
    ctx.report('name-changed', '/id', `"${ctx.app.id}" is named ${ctx.name.namespace}/${ctx.name.name}: ${ctx.name.changed}`);
  }
  consumeDefaults(ctx, ctx.raw);
  const ports = resolvePorts(ctx);
  const parts = mergeParts(CONCERNS.map((concern) => concern(ctx, ports)));
  const objects: KubeObject[] = [mapWorkload(ctx, ports, parts)];
  const service = mapService(ctx, ports);
  if (service) objects.push(service);
  objects.push(...(parts.objects ?? []));
  reportUnconsumed(ctx);
  return objects;
}

/** Every input leaf no mapper read becomes an `unmapped-field` finding: nothing is lost silently. */
export function reportUnconsumed(ctx: AppContext): void {
  for (const pointer of ctx.ledger.unconsumed()) {
    ctx.findings.push({
      severity: 'warning',
      code: 'unmapped-field',
      app: ctx.app.id,
      ...(ctx.file ? { file: ctx.file } : {}),
      pointer: ctx.basePointer + pointer,
      message: 'not migrated: no mapping for this field yet',
      hint: 'check whether the app relies on it',
    });
  }
}
