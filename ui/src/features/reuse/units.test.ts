import { describe, expect, it } from 'vitest';
import { createI18n } from '@/lib/i18n';
import { formatNumber } from '@/lib/format';
import { isDayUnit, valueWithUnit } from './units';

describe('valueWithUnit', () => {
  const say = (lng: 'de' | 'en', v: number, unit: string, digits?: number) =>
    valueWithUnit(createI18n(lng).t, { lng, number: (x, d) => formatNumber(x, lng, d) }, v, unit, digits);

  it('says a count of days with the language’s plural', () => {
    expect([0, 1, 0.8, 1.5, 4].map((v) => say('de', v, 'Tage'))).toEqual(['0 Tage', '1 Tag', '0,8 Tage', '1,5 Tage', '4 Tage']);
    expect([0, 1, 0.8, 1.5, 4].map((v) => say('en', v, 'days'))).toEqual(['0 days', '1 day', '0.8 days', '1.5 days', '4 days']);
    // The plural of the value as shown: 0,999 shown with one decimal reads "1".
    expect(say('de', 0.999, 'Tag')).toBe('1 Tag');
    expect(say('de', 0.999, 'Tag', 3)).toBe('0,999 Tage');
  });

  it('knows the day units and leaves other units as written', () => {
    expect(['Tag', 'Tage', 'tagen', ' Days ', 'day'].every(isDayUnit)).toBe(true);
    expect(['min', 'Anzahl', '€', 'Arbeitstage', ''].some(isDayUnit)).toBe(false);
    expect(say('de', 1, 'Anzahl')).toBe('1 Anzahl');
    expect(say('de', 2, '')).toBe('2');
  });

  it('writes "%" as the UI language does: after a (no-break) space in German, right after the number in English', () => {
    expect(say('de', 74, '%')).toBe('74\u00a0%');
    expect(say('en', 74, '%')).toBe('74%');
    expect(say('en', 12.5, ' % ')).toBe('12.5%');
    // Other units keep their space in both.
    expect(say('en', 74, 'min')).toBe('74 min');
    expect(say('de', 74, 'min')).toBe('74 min');
  });
});
