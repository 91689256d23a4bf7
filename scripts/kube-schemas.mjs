#!/usr/bin/env node
/**
 * Builds schemas/kubernetes/<major.minor>.json.gz: the OpenAPI definitions of one Kubernetes
 * release, as data, for the offline validation of objects converted for that release
 * (src/kube/openapi.ts). Run by hand when a release is added; the sources are not kept. The
 * files in the repository were made from:
 *
 *   1.9–1.13  `npm pack kubernetes-client@8.3.7`, lib/specs/swagger-1.N.json.gz:
 *             node scripts/kube-schemas.mjs swagger 1.9 /tmp/kc/package/lib/specs/swagger-1.9.json.gz "npm kubernetes-client@8.3.7, lib/specs/swagger-1.9.json.gz"
 *   1.14, 1.15, 1.19  `npm pack kubernetes-models@0.6.0 / 0.7.3 / 1.0.3` (Kubernetes 1.14.2, 1.15.3, 1.19.2):
 *             node scripts/kube-schemas.mjs models 1.15 /tmp/km/package/_schemas "npm kubernetes-models@0.7.3, _schemas (generated from Kubernetes 1.15.3)"
 *   1.20      the orig tarball of Debian's source package kubernetes=1.20.5+really1.20.2-1.1+deb12u1
 *             (apt-get source --download-only with a private deb-src list, as fetch_source in
 *             scripts/cluster/provision.sh does), kubernetes-1.20.2/api/openapi-spec/swagger.json:
 *             node scripts/kube-schemas.mjs swagger 1.20 …/swagger.json "Debian source package kubernetes 1.20.5+really1.20.2-1.1+deb12u1, orig tarball, api/openapi-spec/swagger.json (Kubernetes 1.20.2)"
 *
 * `swagger`: a swagger 2.0 document (the API server's /openapi/v2, api/openapi-spec/swagger.json
 * of a source tree), optionally gzipped. `models`: the _schemas folder of a kubernetes-models
 * package (the same definitions, already without descriptions, one CommonJS module each).
 *
 * What is kept: the definitions reachable from the kinds marathon2k8s emits (KINDS below), in
 * swagger 2.0 form, without descriptions and the x-kubernetes-* annotations the validation does
 * not read. So a file is small and its content is still exactly the release's schema.
 */
import { createRequire } from 'node:module';
import { readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import { join, resolve } from 'node:path';

/** Kinds converted objects can have, with every API version a release may serve them in. */
const KINDS = ['Deployment', 'StatefulSet', 'DaemonSet', 'Service', 'Secret', 'ConfigMap', 'PersistentVolumeClaim',
  'Namespace', 'Ingress', 'CronJob', 'Job', 'PodDisruptionBudget'];
const GROUPS = new Set(['', 'core', 'apps', 'extensions', 'networking.k8s.io', 'batch', 'policy']);
/** The x-kubernetes-* annotations that say something about valid values; the others are dropped. */
const KEEP_EXTENSIONS = new Set(['x-kubernetes-group-version-kind', 'x-kubernetes-int-or-string', 'x-kubernetes-preserve-unknown-fields', 'x-kubernetes-embedded-resource']);

const [, , mode, minor, source, label] = process.argv;
if (!['swagger', 'models'].includes(mode) || !/^1\.\d+$/.test(minor ?? '') || !source || !label) {
  console.error('usage: kube-schemas.mjs swagger|models <major.minor> <source> "<where it came from>"');
  process.exit(2);
}

const { definitions, release } = mode === 'swagger' ? fromSwagger(source) : fromModels(source);
const kinds = {};
for (const [name, def] of Object.entries(definitions)) {
  for (const gvk of def['x-kubernetes-group-version-kind'] ?? []) {
    if (!KINDS.includes(gvk.kind) || !GROUPS.has(gvk.group)) continue;
    if (/List$/.test(name)) continue;
    kinds[`${gvk.group === '' || gvk.group === 'core' ? '' : `${gvk.group}/`}${gvk.version}/${gvk.kind}`] = name;
  }
}
const kept = {};
const queue = Object.values(kinds);
while (queue.length > 0) {
  const name = queue.pop();
  if (kept[name] || !definitions[name]) continue;
  kept[name] = strip(definitions[name]);
  JSON.stringify(kept[name], (k, v) => {
    if (k === '$ref' && typeof v === 'string') queue.push(v.replace('#/definitions/', ''));
    return v;
  });
}
const sorted = Object.fromEntries(Object.keys(kept).sort().map((k) => [k, kept[k]]));
const out = {
  kubernetes: release ?? minor,
  source: label,
  kinds: Object.fromEntries(Object.keys(kinds).sort().map((k) => [k, kinds[k]])),
  definitions: sorted,
};
const dir = resolve(import.meta.dirname, '..', 'schemas', 'kubernetes');
mkdirSync(dir, { recursive: true });
const file = join(dir, `${minor}.json.gz`);
const json = JSON.stringify(out);
// mtime 0 in the gzip header (level 9, no name): the same input gives the same bytes.
writeFileSync(file, gzipSync(json, { level: 9 }));
console.log(`${file}: Kubernetes ${out.kubernetes}, ${Object.keys(out.kinds).length} kinds, ${Object.keys(sorted).length} definitions, ${json.length} bytes of JSON`);

function fromSwagger(path) {
  const raw = readFileSync(path);
  const doc = JSON.parse((path.endsWith('.gz') ? gunzipSync(raw) : raw).toString('utf8'));
  return { definitions: doc.definitions, release: /^v?(\d+\.\d+\.\d+)/.exec(doc.info?.version ?? '')?.[1] ?? /Kubernetes (\d+\.\d+\.\d+)/.exec(label)?.[1] };
}

/**
 * kubernetes-models keeps each definition as a JSON Schema literal registered by addSchema();
 * loading the module with a stand-in for the register function collects them. Its changes to the
 * swagger form are undone: `$ref: "name#"` → `#/definitions/name`, IntOrString's oneOf → the
 * swagger `format: int-or-string`, and the apiVersion/kind enums it adds → the GVK annotation.
 */
function fromModels(dir) {
  const require = createRequire(join(resolve(dir), 'x.js'));
  const collected = {};
  const capture = (...args) => {
    const id = args.find((a) => typeof a === 'string');
    const schema = args.find((a) => a !== null && typeof a === 'object');
    if (id && schema) collected[id.replace(/#$/, '')] = schema;
  };
  const stub = new Proxy(function () {}, { get: (_t, key) => (key === '__esModule' ? true : stub), apply: (_t, _this, args) => capture(...args) });
  const Module = require('node:module');
  const load = Module._load;
  Module._load = function (request, ...rest) {
    if (request === '@kubernetes-models/validate' || /_src\/ajv$/.test(request)) return stub;
    return load.call(this, request, ...rest);
  };
  try {
    for (const f of readdirSync(dir).filter((f) => f.endsWith('.js'))) require(join(resolve(dir), f)).addSchema?.();
  } finally {
    Module._load = load;
  }
  const definitions = {};
  for (const [id, schema] of Object.entries(collected)) {
    const def = JSON.parse(JSON.stringify(schema), (k, v) => (k === '$ref' && typeof v === 'string' ? `#/definitions/${v.replace(/#$/, '')}` : v));
    if (id === 'io.k8s.apimachinery.pkg.util.intstr.IntOrString') {
      definitions[id] = { type: 'string', format: 'int-or-string' };
      continue;
    }
    const apiVersion = def.properties?.apiVersion?.enum;
    const kind = def.properties?.kind?.enum;
    if (apiVersion?.length === 1 && kind?.length === 1) {
      const [group, version] = apiVersion[0].includes('/') ? apiVersion[0].split('/') : ['', apiVersion[0]];
      def['x-kubernetes-group-version-kind'] = [{ group, kind: kind[0], version }];
      def.properties.apiVersion = { type: 'string' };
      def.properties.kind = { type: 'string' };
      def.required = (def.required ?? []).filter((r) => r !== 'apiVersion' && r !== 'kind');
      if (def.required.length === 0) delete def.required;
    }
    definitions[id] = def;
  }
  return { definitions, release: /Kubernetes (\d+\.\d+\.\d+)/.exec(label)?.[1] };
}

/** The definition without what validation does not read (descriptions, patch and list hints). */
function strip(def) {
  return JSON.parse(JSON.stringify(def), (k, v) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      const copy = {};
      for (const [key, value] of Object.entries(v)) {
        if (key === 'description' && typeof value === 'string') continue;
        if (key.startsWith('x-kubernetes-') && !KEEP_EXTENSIONS.has(key)) continue;
        copy[key] = value;
      }
      return copy;
    }
    return v;
  });
}
