/**
 * The DNS names DC/OS gave Marathon apps, computed the way DC/OS computed them, so that a name
 * found in an app's command or environment can be traced back to the app (or VIP) it meant.
 *
 * - Mesos-DNS and dcos-dns name a task after the Marathon task name (the app id with its path
 *   reversed and joined by dots: `/shop/db` → `db.shop`), made one DNS label: lower case, `.`
 *   and `_` become `-`, other characters dropped → `db-shop.marathon.mesos`,
 *   `db-shop.marathon.autoip.dcos.thisdcos.directory`. Mesos-DNS before 0.5 kept the dots
 *   (`db.shop.marathon.mesos`); both forms are recognized.
 * - dcos-net names a VIP `/shop/db:5432` after the VIP name split on dots, each part made a label
 *   the same way (so the slashes vanish): `shopdb.marathon.l4lb.thisdcos.directory`, while
 *   `/api.kafka` keeps its dot: `api.kafka.marathon.l4lb.thisdcos.directory`.
 * (dcos-net `mesos_state:label/1` and `domain_frag/1`; Mesos-DNS follows the same rule for tasks.)
 */
import { splitId } from '../../marathon/ids.js';

const MAX_LABEL = 63;

/** One DNS label from arbitrary text, as `mesos_state:label/1` makes it. */
export function dcosLabel(text: string): string {
  let out = '';
  for (const ch of text.toLowerCase()) {
    if (out.length >= MAX_LABEL) break;
    if (/[a-z0-9]/.test(ch)) out += ch;
    else if ((ch === '-' || ch === '_' || ch === '.') && out !== '') out += '-';
    // anything else (`/`, `%`, …) is dropped, and a label never starts with a dash
  }
  return out.replace(/-+$/, '');
}

/** Dot-separated labels, each made valid (dcos-net `domain_frag/1`). */
export function dcosDomainFragment(text: string): string {
  return text.split('.').filter((p) => p !== '').map(dcosLabel).filter((p) => p !== '').join('.');
}

/** The task label of a Marathon app: `/shop/db` → `db-shop`. */
export function taskLabel(appId: string): string {
  return dcosLabel([...splitId(appId)].reverse().join('.'));
}

/** The task name as Mesos-DNS before 0.5 served it, dots kept: `/shop/db` → `db.shop`. */
export function dottedTaskName(appId: string): string {
  return dcosDomainFragment([...splitId(appId)].reverse().join('.'));
}

/** The l4lb name part of a named VIP: `/shop/db` → `shopdb`. */
export function vipDnsPart(vipName: string): string {
  return dcosDomainFragment(vipName);
}
