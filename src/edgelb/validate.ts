/**
 * Validation of Edge-LB V2 pools: the shapes and types of the fields the pool reference
 * (DC/OS Edge-LB 1.x, "V2 Pool Reference") defines, plus the rules Edge-LB's API applied that
 * matter for the translation (a name, backends named, frontends linked to backends that exist,
 * map rules with a backend and a condition). Unknown fields are not rejected: the field ledger
 * reports each one as not migrated.
 *
 * The schema lives here (not under schemas/) because it is small and only this module reads it.
 * Like the Marathon schemas, optional fields accept null (Edge-LB's "nullable" fields).
 */
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import { isObject, type JsonObject } from '../marathon/json.js';
import { issuesFromAjv } from '../marathon/schema-messages.js';
import type { SchemaIssue } from '../marathon/validate.js';

const nullable = (type: string | string[]) => ({ type: [...(Array.isArray(type) ? type : [type]), 'null'] });
const port = { ...nullable('integer'), minimum: 0, maximum: 65535 };
const strings = { ...nullable('array'), items: { type: 'string' } };
const protocol = { ...nullable('string'), 'x-message': 'must be HTTP, HTTPS, TCP or TLS', pattern: '^(HTTP|HTTPS|TCP|TLS|http|https|tcp|tls)$' };

const SCHEMA = {
  type: 'object',
  required: ['name'],
  properties: {
    apiVersion: nullable('string'),
    name: { type: 'string', minLength: 1, pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]*$', 'x-message': 'must be a pool name (letters, digits, "-", "_" and ".")' },
    namespace: nullable('string'),
    packageName: nullable('string'),
    packageVersion: nullable('string'),
    role: nullable('string'),
    cpus: { ...nullable('number'), minimum: 0 },
    cpusAdminOverhead: { ...nullable('number'), minimum: 0 },
    mem: { ...nullable('number'), minimum: 0 },
    memAdminOverhead: { ...nullable('number'), minimum: 0 },
    disk: { ...nullable('number'), minimum: 0 },
    count: { ...nullable('integer'), minimum: 0 },
    constraints: nullable('string'),
    ports: { ...nullable('array'), items: port },
    secrets: { ...nullable('array'), items: { type: 'object', properties: { secret: { type: 'string' }, file: { type: 'string' } } } },
    environmentVariables: { ...nullable('object'), additionalProperties: { type: 'string' } },
    autoCertificate: nullable('boolean'),
    virtualNetworks: { ...nullable('array'), items: { type: 'object', properties: { name: { type: 'string' }, labels: nullable('object') } } },
    poolHealthcheckGracePeriod: nullable('integer'),
    poolHealthcheckInterval: nullable('integer'),
    poolHealthcheckMaxFail: nullable('integer'),
    poolHealthcheckTimeout: nullable('integer'),
    haproxy: {
      type: 'object',
      properties: {
        stats: { ...nullable('object'), properties: { bindAddress: nullable('string'), bindPort: port } },
        frontends: {
          ...nullable('array'),
          items: {
            type: 'object',
            properties: {
              name: nullable('string'),
              bindAddress: nullable('string'),
              bindPort: port,
              bindModifier: nullable('string'),
              certificates: strings,
              redirectToHttps: nullable('object'),
              miscStrs: strings,
              protocol,
              linkBackend: {
                ...nullable('object'),
                properties: {
                  defaultBackend: nullable('string'),
                  map: {
                    ...nullable('array'),
                    items: {
                      type: 'object',
                      properties: Object.fromEntries(['backend', 'hostEq', 'hostReg', 'pathBeg', 'pathEnd', 'pathReg', 'pathExp'].map((k) => [k, nullable('string')])),
                    },
                  },
                },
              },
            },
          },
        },
        backends: {
          ...nullable('array'),
          items: {
            type: 'object',
            required: ['name'],
            properties: {
              name: { type: 'string', minLength: 1 },
              protocol,
              rewriteHttp: nullable('object'),
              balance: nullable('string'),
              customCheck: nullable('object'),
              miscStrs: strings,
              services: {
                ...nullable('array'),
                items: {
                  type: 'object',
                  properties: {
                    marathon: nullable('object'),
                    mesos: nullable('object'),
                    endpoint: {
                      ...nullable('object'),
                      properties: {
                        type: { ...nullable('string'), pattern: '^(AUTO_IP|AGENT_IP|CONTAINER_IP|ADDRESS|auto_ip|agent_ip|container_ip|address)$', 'x-message': 'must be AUTO_IP, AGENT_IP, CONTAINER_IP or ADDRESS' },
                        port: { ...nullable('integer'), minimum: 0, maximum: 65535 },
                        portName: nullable('string'),
                        allPorts: nullable('boolean'),
                        address: nullable('string'),
                        miscStr: nullable('string'),
                        check: nullable('object'),
                      },
                    },
                  },
                },
              },
            },
          },
        },
      },
    },
  },
};

let validator: ValidateFunction | undefined;

function compiled(): ValidateFunction {
  if (validator) return validator;
  const ajv = new Ajv2020({ allErrors: true, verbose: true, strict: true, strictTypes: false, strictRequired: false, allowUnionTypes: true, validateSchema: false, code: { optimize: false } });
  ajv.addKeyword({ keyword: 'x-message', schemaType: 'string' });
  validator = ajv.compile(SCHEMA);
  return validator;
}

/** The issues of a V2 pool (pointers relative to the pool). */
export function validatePool(raw: JsonObject): SchemaIssue[] {
  const validate = compiled();
  const issues = validate(raw) ? [] : issuesFromAjv(validate.errors ?? []);
  return [...issues, ...linkIssues(raw)];
}

/**
 * Edge-LB's own checks on links: every backend a frontend names exists, map rules name a
 * backend and at least one condition, backend names are unique.
 */
function linkIssues(raw: JsonObject): SchemaIssue[] {
  const out: SchemaIssue[] = [];
  const haproxy = isObject(raw.haproxy) ? raw.haproxy : {};
  const backends = Array.isArray(haproxy.backends) ? haproxy.backends : [];
  const names = new Set<string>();
  backends.forEach((b, i) => {
    if (!isObject(b) || typeof b.name !== 'string') return;
    if (names.has(b.name)) out.push({ pointer: `/haproxy/backends/${i}/name`, message: `another backend is already named "${b.name}"` });
    names.add(b.name);
  });
  const frontends = Array.isArray(haproxy.frontends) ? haproxy.frontends : [];
  frontends.forEach((f, i) => {
    if (!isObject(f) || !isObject(f.linkBackend)) return;
    const link = f.linkBackend;
    const at = `/haproxy/frontends/${i}/linkBackend`;
    if (typeof link.defaultBackend === 'string' && link.defaultBackend !== '' && !names.has(link.defaultBackend)) {
      out.push({ pointer: `${at}/defaultBackend`, message: `names the backend "${link.defaultBackend}", which the pool does not define` });
    }
    (Array.isArray(link.map) ? link.map : []).forEach((m, j) => {
      if (!isObject(m)) return;
      if (typeof m.backend !== 'string' || m.backend === '') out.push({ pointer: `${at}/map/${j}`, message: 'a map rule needs a "backend"' });
      else if (!names.has(m.backend)) out.push({ pointer: `${at}/map/${j}/backend`, message: `names the backend "${m.backend}", which the pool does not define` });
      if (!['hostEq', 'hostReg', 'pathBeg', 'pathEnd', 'pathReg', 'pathExp'].some((k) => typeof m[k] === 'string' && m[k] !== '')) {
        out.push({ pointer: `${at}/map/${j}`, message: 'a map rule needs at least one condition (hostEq, hostReg, pathBeg, pathEnd or pathReg)' });
      }
    });
  });
  return out;
}
