/**
 * DC/OS layer-4 VIPs (`VIP_n` port labels) → Kubernetes Service names and ports.
 *
 * A VIP is the address clients used: `/shop/db:5432` (a named VIP, reached as
 * `shopdb.marathon.l4lb.thisdcos.directory:5432`) or `10.0.0.5:80` (a fixed IP). On Kubernetes
 * the app's Service takes the place of the VIP, so the Service port of a port with a VIP is the
 * VIP port (the first VIP of that port), never the container port — and $PORTn stays the
 * container port. A named VIP whose name maps to another Service name than the app's gets its
 * own Service (same pods, same ports), so the address clients knew keeps a counterpart.
 *
 * This module only parses and names; the run-wide decisions (which app owns a VIP name that
 * two apps declare) live in run-directory.ts.
 */
import type { MarathonApp } from '../../marathon/model.js';
import { networkMode } from '../../marathon/model.js';
import { escapePointerToken } from '../../findings.js';
import type { ConvertOptions } from '../../options.js';
import { DEFAULT_NAMESPACE, toDns1035, toNamespace, type AppName } from '../names.js';

/** Port label keys that declare a VIP: `VIP_0`, `VIP_12`, and the lower-case `vip` / `vip0` seen in the wild. */
const VIP_PORT_LABEL = /^vip(_?\d+)?$/i;
/** Minuteman's original app-level form: `"vip_PORT0": "tcp://1.2.3.4:5000"`. */
const LEGACY_APP_VIP_LABEL = /^vip_PORT(\d+)$/;
const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

export interface Vip {
  /** The port it belongs to (the n of $PORTn). */
  portIndex: number;
  /** Canonical pointer of the label. */
  pointer: string;
  /** The label value as written. */
  value: string;
  kind: 'named' | 'ip';
  /** The VIP name (`/shop/db`) or IP address. */
  address: string;
  port: number;
}

export interface InvalidVip {
  portIndex: number;
  pointer: string;
  value: string;
}

export interface AppVips {
  vips: Vip[];
  invalid: InvalidVip[];
}

/** Every VIP label of the app, in port order. Pure: no ledger marks, no findings. */
export function appVips(app: MarathonApp): AppVips {
  const out: AppVips = { vips: [], invalid: [] };
  const host = networkMode(app) === 'host';
  const portLabels = host
    ? (app.portDefinitions ?? []).map((p, i) => ({ labels: p.labels, base: `/portDefinitions/${i}/labels` }))
    : (app.container?.portMappings ?? []).map((p, i) => ({ labels: p.labels, base: `/container/portMappings/${i}/labels` }));
  portLabels.forEach(({ labels, base }, portIndex) => {
    for (const [key, value] of Object.entries(labels ?? {})) {
      if (VIP_PORT_LABEL.test(key)) add(out, portIndex, `${base}/${escapePointerToken(key)}`, value);
    }
  });
  for (const [key, value] of Object.entries(app.labels ?? {})) {
    const m = LEGACY_APP_VIP_LABEL.exec(key);
    if (m) add(out, Number(m[1]), `/labels/${escapePointerToken(key)}`, value);
  }
  return out;
}

/** Whether a port label is a VIP label (the rest are kept as annotations). */
export function isVipPortLabel(key: string): boolean {
  return VIP_PORT_LABEL.test(key);
}

function add(out: AppVips, portIndex: number, pointer: string, value: string): void {
  const vip = parseVip(value);
  if (vip) out.vips.push({ portIndex, pointer, value, ...vip });
  else out.invalid.push({ portIndex, pointer, value });
}

/** `[tcp://|udp://]address:port` with a port in 1..65535, as dcos-net splits it (at the last colon). */
export function parseVip(value: string): Pick<Vip, 'kind' | 'address' | 'port'> | undefined {
  const text = value.trim().replace(/^(tcp|udp):\/\//i, '');
  const colon = text.lastIndexOf(':');
  if (colon <= 0) return undefined;
  const address = text.slice(0, colon);
  const portText = text.slice(colon + 1);
  if (!/^\d{1,5}$/.test(portText)) return undefined;
  const port = Number(portText);
  if (port < 1 || port > 65535) return undefined;
  if (IPV4.test(address)) return { kind: 'ip', address, port };
  if (!/[A-Za-z0-9]/.test(address)) return undefined;
  return { kind: 'named', address, port };
}

export interface VipServiceName {
  namespace: string;
  name: string;
  /** The namespace the VIP name itself maps to, when that is not the app's (the Service stays with its pods). */
  wouldBeNamespace?: string;
}

/**
 * The Service a named VIP maps to, by the same rule as app ids (`/shop/db` → `db` in `shop`).
 * A Service can only select pods of its own namespace, so it is always in the app's namespace;
 * when the VIP name points at another one, the name keeps every segment (`/other/db` →
 * `other-db`) and `wouldBeNamespace` says where clients may look for it.
 */
export function vipServiceName(vipName: string, app: AppName, options: Pick<ConvertOptions, 'namespace'>): VipServiceName {
  const segments = vipName.split('/').filter((s) => s !== '' && s !== '.');
  const nested = segments.length > 1;
  const namespace = options.namespace ?? (nested ? toNamespace(segments[0]!) : DEFAULT_NAMESPACE);
  const sameNamespace = namespace === app.namespace;
  const rest = sameNamespace && nested && options.namespace === undefined ? segments.slice(1) : segments;
  const name = toDns1035(rest.join('-'), vipName).name;
  return sameNamespace ? { namespace, name } : { namespace: app.namespace, name, wouldBeNamespace: namespace };
}
