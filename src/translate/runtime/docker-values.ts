/**
 * Parsers for the values of `docker run` options as Marathon apps pass them in
 * `container.docker.parameters`: option names, sizes, users, capabilities, host entries.
 */
import { isIP } from 'node:net';

/** Short `docker run` flags and old spellings → the long option name. */
const ALIASES: Record<string, string> = {
  w: 'workdir', u: 'user', e: 'env', h: 'hostname', l: 'label', v: 'volume', m: 'memory', c: 'cpu-shares',
  t: 'tty', i: 'interactive', p: 'publish', P: 'publish-all', net: 'network', 'net-alias': 'network-alias',
  'dns-option': 'dns-opt',
};

/**
 * The option a parameter key names: keys come with or without leading dashes, in any case,
 * and old Docker spelled some with `_` (`volumes_from`). One-letter flags keep their case
 * (`-p` is not `-P`).
 */
export function optionName(key: string): string {
  const bare = key.trim().replace(/^-+/, '');
  const name = bare.length === 1 ? bare : bare.toLowerCase().replace(/_/g, '-');
  return ALIASES[name] ?? name;
}

/** A boolean flag's value: `--tty`, `--tty=true` and `--tty=1` are on. */
export function flagOn(value: string): boolean {
  return ['', 'true', '1', 'yes'].includes(value.trim().toLowerCase());
}

const BINARY_UNITS = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi'];

/**
 * A Docker size (`350m`, `1g`, `64MB`, `1.5g`, bytes without unit; Docker's units are binary)
 * → a Kubernetes quantity in the largest binary unit that keeps it exact (`350Mi`, `1536Mi`).
 */
export function dockerSizeToQuantity(value: string): string | undefined {
  const m = /^(\d+(?:\.\d+)?)\s*([kmgtp]?)(?:i?b)?$/i.exec(value.trim());
  if (!m) return undefined;
  const power = m[2] ? 'kmgtp'.indexOf(m[2].toLowerCase()) + 1 : 0;
  const bytes = Math.round(Number(m[1]) * 1024 ** power);
  if (bytes <= 0 || !Number.isSafeInteger(bytes)) return undefined;
  let unit = 0;
  while (unit < BINARY_UNITS.length - 1 && bytes % 1024 ** (unit + 1) === 0) unit++;
  return `${bytes / 1024 ** unit}${BINARY_UNITS[unit]}`;
}

/** `--user uid[:gid]`: the numeric ids, and the parts that are names (which need a human). */
export function parseUser(value: string): { uid?: number; gid?: number; names: string[] } {
  const [user = '', group] = value.trim().split(':', 2);
  const out: { uid?: number; gid?: number; names: string[] } = { names: [] };
  const id = (part: string) => (/^\d+$/.test(part) ? Number(part) : part === 'root' ? 0 : undefined);
  const uid = id(user);
  if (uid !== undefined) out.uid = uid;
  else out.names.push(user);
  if (group !== undefined) {
    const gid = id(group);
    if (gid !== undefined) out.gid = gid;
    else out.names.push(group);
  }
  return out;
}

/** `NET_ADMIN`, `cap_net_admin`, `SYS_TIME,SYS_NICE` → Kubernetes capability names (and what isn't one). */
export function capabilities(value: string): { valid: string[]; invalid: string[] } {
  const out = { valid: [] as string[], invalid: [] as string[] };
  for (const raw of value.split(',')) {
    const c = raw.trim().toUpperCase().replace(/^CAP_/, '');
    if (/^[A-Z_]+$/.test(c)) out.valid.push(c);
    else if (raw.trim() !== '') out.invalid.push(raw.trim());
  }
  return out;
}

/** `--add-host name:ip` (or `name=ip`) → its parts, when the address is an IP address. */
export function parseHostEntry(value: string): { host: string; ip: string } | undefined {
  const cut = value.search(/[:=]/);
  if (cut <= 0) return undefined;
  const host = value.slice(0, cut).trim();
  const ip = value.slice(cut + 1).trim().replace(/^\[(.*)\]$/, '$1');
  return isIP(ip) !== 0 && /^[A-Za-z0-9]([-A-Za-z0-9.]*[A-Za-z0-9])?$/.test(host) ? { host, ip } : undefined;
}

/** `--env NAME=value` → the pair; `--env NAME` alone (copied from the Docker host) → undefined. */
export function parseEnvEntry(value: string): { name: string; value: string } | undefined {
  const cut = value.indexOf('=');
  if (cut <= 0) return undefined;
  return { name: value.slice(0, cut), value: value.slice(cut + 1) };
}

export { isIP };
