/**
 * The app the secret-store tests convert: one Marathon app reading DC/OS secrets every way it
 * can — an env variable, a secret file, and the docker pull config — from three store paths.
 */
export const SECRETS_APP = {
  id: '/shop/web', instances: 1, cpus: 0.1, mem: 64,
  container: {
    type: 'MESOS', docker: { image: 'registry.example.com/web:1', pullConfig: { secret: 'pull' } },
    volumes: [{ containerPath: '/etc/tls/key.p12', secret: 'keystore' }],
  },
  env: { DB_PASSWORD: { secret: 'db' } } as Record<string, { secret: string }>,
  secrets: { db: { source: 'shop/db-password' }, keystore: { source: 'shop/keystore' }, pull: { source: 'shop/registry-config' } },
};
