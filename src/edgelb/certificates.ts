/**
 * The certificates of an HTTPS frontend → Ingress TLS.
 *
 * Edge-LB read them from files in the pool's tasks: `$SECRETS/<file>` (a DC/OS secret the pool
 * declares in `secrets`, holding the certificate and key as one PEM), `$ENVFILE/<VAR>` (the
 * PEM in the pool's environment variable VAR, in clear) or `$AUTOCERT` (a self-signed
 * certificate Edge-LB generated). A DC/OS secret becomes a TLS Secret named after the secret
 * path, which must be created from its value (the values never leave the DC/OS secret store);
 * `$AUTOCERT` becomes a TLS entry without secretName: the ingress controller's default
 * certificate (self-signed too, unless the controller is given one).
 */
import type { AppContext } from '../translate/context.js';
import { sanitizeLabel, withHash } from '../translate/names.js';
import type { EdgeLbPool, Frontend } from './model.js';

export interface FrontendCertificate {
  /** The Secret to reference; none: the controller's default certificate. */
  secretName?: string;
  /** What the Secret is made from (for the report's list of Secrets to create). */
  from?: string;
  /** The certificate in the pool file. */
  pointer: string;
}

/** The certificates of a frontend, each reported; those that cannot be used are left out. */
export function frontendCertificates(ctx: AppContext, pool: EdgeLbPool, frontend: Frontend): FrontendCertificate[] {
  const out: FrontendCertificate[] = [];
  for (const cert of frontend.certificates) {
    const pointer = `/haproxy/frontends/${frontend.index}/certificates/${cert.index}`;
    ctx.use(pointer);
    const value = cert.value.trim();
    if (value === '$AUTOCERT') {
      ctx.use('/autoCertificate');
      ctx.report('edgelb-certificate', pointer,
        '$AUTOCERT: Edge-LB generated a self-signed certificate; the TLS entry names no Secret, so the ingress controller\'s default certificate is used',
        { severity: 'info', hint: 'issue a real certificate (e.g. with cert-manager) and set its Secret as secretName' });
      out.push({ pointer });
      continue;
    }
    const secretFile = /^\$SECRETS\/(.+)$/.exec(value);
    if (secretFile) {
      const declared = pool.secrets.find((s) => s.file === secretFile[1]);
      if (!declared?.secret) {
        ctx.report('edgelb-certificate', pointer, `${value}: the pool declares no secret written to the file "${secretFile[1]}"; no TLS Secret can be named for it`,
          { hint: 'declare the secret in the pool\'s "secrets" (secret + file), or create a TLS Secret and add it to the Ingress' });
        continue;
      }
      ctx.use(`/secrets/${declared.index}`);
      const secretName = tlsSecretName(declared.secret);
      ctx.report('edgelb-certificate', pointer,
        `${value} is the DC/OS secret "${declared.secret}": it becomes the TLS Secret ${secretName}, which must be created from it (certificate as tls.crt, key as tls.key)`,
        { hint: `split the PEM of the DC/OS secret into certificate and key: kubectl create secret tls ${secretName} --cert=… --key=…` });
      out.push({ secretName, from: `DC/OS secret ${declared.secret}`, pointer });
      continue;
    }
    const envFile = /^\$ENVFILE\/(.+)$/.exec(value);
    if (envFile) {
      const variable = envFile[1]!;
      ctx.use(`/environmentVariables/${variable.replace(/~/g, '~0').replace(/\//g, '~1')}`);
      const secretName = tlsSecretName(`${pool.name}-${variable}`);
      ctx.report('edgelb-certificate', pointer,
        `${value}: the certificate and key were in the pool's environment variable ${variable}, in clear; the Ingress uses the TLS Secret ${secretName}, which must be created from that value (it is not copied)`,
        { hint: `kubectl create secret tls ${secretName} --cert=… --key=…, and remove the key from the pool definition` });
      out.push({ secretName, from: `pool environment variable ${variable}`, pointer });
      continue;
    }
    ctx.report('edgelb-certificate', pointer, `the certificate "${value}" is a file of the load balancer's own container; no Secret can be named for it`,
      { hint: 'create a TLS Secret from that file and add it to the Ingress' });
  }
  return out;
}

/** A Secret name from a DC/OS secret path (`tls/shop` → `tls-shop`), valid and ≤ 63 characters. */
export function tlsSecretName(path: string): string {
  const base = sanitizeLabel(path.replace(/^\/+/, '')) || 'edgelb-tls';
  return base.length <= 63 ? base : withHash(base, path);
}
