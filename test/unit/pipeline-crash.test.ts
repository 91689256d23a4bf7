/**
 * A bug that crashes one app's translation or the validation of one of its objects fails that
 * app only: an internal-error finding at its place, the rest of the run converted, in order.
 * (The mappers and validation are replaced here by stand-ins that crash on purpose.)
 */
import { jest } from '@jest/globals';
import type { AppContext } from '../../src/translate/context.js';

jest.unstable_mockModule('../../src/translate/app.js', () => ({
  reportUnconsumed: () => undefined,
  translateApp: (ctx: AppContext) => {
    if (ctx.app.id === '/mapper-bug') throw new Error('mapper exploded');
    ctx.report('default-image', '/cmd', `translated ${ctx.app.id}`);
    return [{ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: ctx.name.name, namespace: ctx.name.namespace } }];
  },
}));
jest.unstable_mockModule('../../src/kube/validate.js', () => ({
  validateObject: (obj: { metadata: { name: string } }) => {
    if (obj.metadata.name === 'validation-bug') throw new Error('validator exploded');
    return [];
  },
}));

const { convertSources } = await import('../../src/pipeline.js');
const { DEFAULT_OPTIONS } = await import('../../src/options.js');

test('each crash fails its own app, at its place in the findings; the others convert', () => {
  const apps = ['/first', '/mapper-bug', '/validation-bug', '/last'].map((id) => ({ id, cmd: 'run' }));
  const result = convertSources([{ file: 'apps.json', text: JSON.stringify({ apps }) }], DEFAULT_OPTIONS);
  expect(result.converted).toBe(2);
  expect(result.failed).toBe(2);
  expect(result.units.map((u) => `${u.id} ${u.status} ${u.objects.length}`)).toEqual([
    '/first converted 1', '/mapper-bug failed 0', '/validation-bug failed 0', '/last converted 1',
  ]);
  expect(result.objects.map((o) => o.metadata.name)).toEqual(['first', 'last']);
  expect(result.findings.map((f) => `${f.code} ${f.pointer} ${f.message}`)).toEqual([
    'default-image /apps/0/cmd translated /first',
    'internal-error /apps/1 conversion failed: mapper exploded',
    // The app's own findings stay, followed by the crash.
    'default-image /apps/2/cmd translated /validation-bug',
    'internal-error /apps/2 conversion failed: validator exploded',
    'default-image /apps/3/cmd translated /last',
  ]);
});
