import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, dayToInstant, instantToDay, localDay } from './dates';

// A city in Germany: a due day must end there, not at midnight UTC (01:00 the next day in
// winter, 02:00 in summer).
describe('dates in the browser’s time zone (Europe/Berlin)', () => {
  const tz = process.env.TZ;
  beforeAll(() => {
    process.env.TZ = 'Europe/Berlin';
  });
  afterAll(() => {
    process.env.TZ = tz;
  });

  it('ends a day at 23:59:59 local time, and reads it back as the same day', () => {
    expect(dayToInstant('2026-11-27', true)).toBe('2026-11-27T22:59:59.000Z');
    expect(dayToInstant('2026-07-01', true)).toBe('2026-07-01T21:59:59.000Z');
    expect(dayToInstant('2026-11-27', false)).toBe('2026-11-26T23:00:00.000Z');
    expect(instantToDay(dayToInstant('2026-11-27', true))).toBe('2026-11-27');
    // What the SPA used to send: the end of the day in UTC is the next day here.
    expect(instantToDay('2026-11-27T23:59:59Z')).toBe('2026-11-28');
  });

  it('knows today as the local day, also just after midnight', () => {
    expect(localDay(new Date('2026-11-27T23:30:00Z'))).toBe('2026-11-28');
    expect(localDay(addDays(new Date('2026-03-28T12:00:00Z'), 14))).toBe('2026-04-11'); // across the change to summer time
  });
});
