import { convertCron } from '../../src/translate/job/cron.js';

describe('Metronome cron → CronJob schedule', () => {
  test.each([
    ['*/15 * * * *', '*/15 * * * *'],
    ['0  2 *  * *', '0 2 * * *'],
    ['0 6 * * MON', '0 6 * * MON'],
    ['0 6 * JAN-MAR mon-fri', '0 6 * JAN-MAR mon-fri'],
    ['0 12 * * 7', '0 12 * * 0'],
    ['30 8 * * 6-7', '30 8 * * 6,0'],
    ['30 8 * * 1-7', '30 8 * * 1-6,0'],
    ['30 8 * * 0,7', '30 8 * * 0'],
    ['0 0 1 1 * *', '0 0 1 1 *'],
    ['0 0 1 1 ? ?', '0 0 1 1 ?'],
    ['@hourly', '@hourly'],
    ['0 0 ? * 1', '0 0 ? * 1'],
  ])('%s → %s', (input, schedule) => {
    const r = convertCron(input);
    expect(r).toMatchObject({ ok: true, schedule });
    expect(r.ok && r.warning).toBeFalsy();
  });

  test.each([
    ['', /empty/],
    ['0 0 L * *', /L, W or #/],
    ['0 0 15W * *', /L, W or #/],
    ['0 0 * * 5L', /L, W or #/],
    ['0 0 * * 1#2', /L, W or #/],
    ['0 0 1 1 * 2030', /year/],
    ['0 0 * *', /4 fields/],
    ['60 * * * *', /out of range/],
    ['0 24 * * *', /out of range/],
    ['0 0 0 * *', /out of range/],
    ['0 0 * 13 *', /out of range/],
    ['0 0 * * 8', /out of range/],
    ['0 0 * * 1-7/2', /steps over 7/],
    ['x * * * *', /not a valid cron field/],
    ['0 0 * FOO *', /not a valid cron field/],
    ['@reboot', /macro/],
  ])('%s cannot be converted', (input, reason) => {
    const r = convertCron(input);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.reason).toMatch(reason);
  });

  test('both day fields restricted: converted with a warning (AND in Metronome, OR in Kubernetes)', () => {
    const r = convertCron('0 7 1 * 1');
    expect(r).toMatchObject({ ok: true, schedule: '0 7 1 * 1' });
    expect(r.ok && r.warning).toMatch(/both/);
    // A star in either field makes robfig/cron AND them too: no difference, no warning.
    expect(convertCron('0 7 */2 * 1')).toEqual({ ok: true, schedule: '0 7 */2 * 1' });
    expect(convertCron('0 7 1 * *')).toEqual({ ok: true, schedule: '0 7 1 * *' });
  });
});
