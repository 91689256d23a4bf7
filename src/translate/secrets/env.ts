/**
 * env `{"secret": name}` → `valueFrom.secretKeyRef` into the app Secret. (Plain string values
 * are mapped by container.ts, which leaves these to this module.)
 */
import { escapePointerToken } from '../../findings.js';
import type { AppContext } from '../context.js';
import type { EnvVar } from '../parts.js';
import type { SecretRefs } from './refs.js';

export function secretEnv(ctx: AppContext, refs: SecretRefs, secretName: string): EnvVar[] {
  const env: EnvVar[] = [];
  for (const [name, value] of Object.entries(ctx.app.env ?? {})) {
    if (typeof value === 'string') continue;
    const pointer = `/env/${escapePointerToken(name)}`;
    ctx.use(pointer);
    const key = refs.valueRef(value.secret, `${pointer}/secret`, secretName);
    // Not optional: DC/OS does not start a task whose secret is missing, and neither should Kubernetes.
    env.push({ name, valueFrom: { secretKeyRef: { name: secretName, key } } });
  }
  return env;
}
