/**
 * `DCOS_SERVICE_NAME` / `_PORT_INDEX` / `_SCHEME` (and `DCOS_SERVICE_WEB_PATH`) told the DC/OS
 * admin router to proxy `https://<cluster>/service/<name>/` to the app. Kubernetes has no
 * such built-in proxy: reported once, with an Ingress path as the replacement.
 * (The other DCOS_* labels — packages, SDK frameworks — belong to other mappers.)
 */
import { escapePointerToken } from '../../findings.js';
import type { AppContext } from '../context.js';

const ADMIN_ROUTER_LABELS = ['DCOS_SERVICE_NAME', 'DCOS_SERVICE_PORT_INDEX', 'DCOS_SERVICE_SCHEME', 'DCOS_SERVICE_WEB_PATH'];

export function mapAdminRouterLabels(ctx: AppContext): void {
  const labels = ctx.app.labels ?? {};
  const present = ADMIN_ROUTER_LABELS.filter((k) => labels[k] !== undefined);
  if (present.length === 0) return;
  for (const k of present) ctx.use(`/labels/${escapePointerToken(k)}`);
  const name = labels.DCOS_SERVICE_NAME;
  const where = name !== undefined ? `/service/${name}/` : 'the admin router';
  const port = labels.DCOS_SERVICE_PORT_INDEX ?? '0';
  ctx.report('admin-router-path', `/labels/${escapePointerToken(present[0]!)}`,
    `the DC/OS admin router proxied ${where} to the app's port index ${port} (${labels.DCOS_SERVICE_SCHEME ?? 'http'}); Kubernetes has no such proxy`,
    { hint: `add an Ingress path (e.g. ${name !== undefined ? `/service/${name}` : '/service/<name>'}) to the app's Service if users reach it that way` });
}
