/**
 * Credentials never leak into findings: env values (which may hold tokens: Marathon env is
 * plain configuration and goes to the manifests, but findings are printed and shared) and
 * legacy docker credentials (literal passwords, which go nowhere at all).
 */
import fc from 'fast-check';
import { formatFinding } from '../../src/findings.js';
import { toYamlStream } from '../../src/emit/serialize.js';
import { DEFAULT_OPTIONS } from '../../src/options.js';
import { convertSources } from '../../src/pipeline.js';
import { appArb, tokenArb, type Json } from '../support/arbitraries.js';

const TOKEN = /^(ghp_|xoxb-|eyJhbGciOi|AKIA|sk-live-|tok-)/;

test('env values that look like tokens never appear in findings', () => {
  fc.assert(fc.property(appArb, fc.array(tokenArb, { minLength: 1, maxLength: 3 }), (app, tokens) => {
    // Put tokens where findings are likely: names Kubernetes rejects, Marathon-provided names, $(…).
    const env: Json = { ...(app.env as Json | undefined) };
    tokens.forEach((t, i) => {
      env[['BAD-NAME', 'PORT0', '1X', 'MESOS_TASK_ID', 'a b'][i % 5]! + i] = t;
      env[`URL_${i}`] = `http://u:${t}@db.marathon.mesos:5432/$(X)`;
    });
    const doc = { apps: [{ ...app, env }] };
    const result = convertSources([{ file: 'e.json', text: JSON.stringify(doc) }], DEFAULT_OPTIONS);
    const text = result.findings.map(formatFinding).join('\n');
    const leaked = Object.values(env).filter((v): v is string => typeof v === 'string' && TOKEN.test(v)).concat(tokens).filter((t) => text.includes(t));
    expect(leaked).toEqual([]);
  }), { numRuns: 100 });
});

test('a legacy docker credential secret appears in no output and no finding', () => {
  fc.assert(fc.property(appArb, tokenArb, (app, secret) => {
    const container = (app.container as Json | undefined) ?? { type: 'MESOS' };
    const docker = { image: 'nginx', ...(container.docker as Json | undefined), credential: { principal: 'svc', secret } };
    const doc = { apps: [{ ...app, container: { ...container, docker } }] };
    const result = convertSources([{ file: 'c.json', text: JSON.stringify(doc) }], DEFAULT_OPTIONS);
    expect(toYamlStream(result.objects) + result.findings.map(formatFinding).join('\n') + JSON.stringify(result.needs)).not.toContain(secret);
  }), { numRuns: 100 });
});
