/**
 * One Secret of the secret store step in words, for every report format: what the store said
 * (found with N keys / missing in the store / unreadable with the HTTP status / unusable / no
 * DC/OS path), which keys and paths that concerns, and what became of the Secret. Key names and
 * DC/OS paths only: values never reach this module.
 */
import type { KeyStatus, SecretStatus } from './fill.js';

export interface SecretStatusText {
  /** `shop/web-secrets` */
  subject: string;
  /** `found, 2 keys` · `missing in the store` · `unreadable (403)` · `unusable` · `no DC/OS path` */
  state: string;
  /** The keys behind a state other than found: `db (DC/OS shop/db): 403 Forbidden: …`. */
  details: string[];
  /** `values applied or written` · `stub with empty values` · `not emitted: the cluster must provide it` */
  outcome: string;
  /** For the app(s): `/shop/web`. */
  app?: string;
}

export function describeSecretStatus(s: SecretStatus, write: boolean): SecretStatusText {
  const problems = s.keys.filter((k) => k.state !== 'found');
  return {
    subject: `${s.namespace}/${s.name}`,
    state: stateText(s),
    details: problems.map(keyText),
    outcome: s.outcome === 'filled' ? 'made with these values'
      : s.outcome === 'stub' ? `stub with empty values${s.state === 'found' && !write ? ' (values not written)' : ''}`
      : `not emitted${s.state === 'found' && !write ? ' (values not written)' : ''}: the cluster must provide it`,
    ...(s.app !== undefined ? { app: s.app } : {}),
  };
}

function stateText(s: SecretStatus): string {
  switch (s.state) {
    case 'found':
      return `found, ${s.keys.length} key${s.keys.length === 1 ? '' : 's'}`;
    case 'missing':
      return 'missing in the store';
    case 'unreadable': {
      const statuses = [...new Set(s.keys.map((k) => k.status).filter((n): n is number => n !== undefined))];
      return `unreadable${statuses.length > 0 ? ` (${statuses.join(', ')})` : ''}`;
    }
    case 'invalid':
      return 'unusable';
    default:
      return 'no DC/OS path';
  }
}

function keyText(k: KeyStatus): string {
  const where = k.path !== undefined ? `DC/OS ${k.path}` : (k.origin ?? 'no DC/OS path');
  const why = k.state === 'missing' ? 'not in the store' : k.state === 'no-path' ? 'nothing to read' : k.reason ?? k.state;
  return `${k.key} (${where}): ${why}`;
}

/** `shop/web-secrets: found, 2 keys; made with these values` plus detail lines, for plain text. */
export function secretStatusLines(s: SecretStatus, write: boolean): string[] {
  const t = describeSecretStatus(s, write);
  return [`${t.subject}${t.app !== undefined ? ` (${t.app})` : ''}: ${t.state}; ${t.outcome}`, ...t.details.map((d) => `  ${d}`)];
}
