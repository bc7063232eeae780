import { describe, expect, it } from 'vitest';
import { createI18n } from '@/lib/i18n';

describe('counted texts', () => {
  it('say "today", one and many in both languages', () => {
    const de = createI18n('de').t;
    expect([0, 1, 5].map((count) => de('board.waiting', { count }))).toEqual(['seit heute', 'seit 1 Tag', 'seit 5 Tagen']);
    expect(de('errors.rate_limited_wait', { count: 1 })).toBe('Zu viele Versuche. Bitte warten Sie 1 Sekunde.');
    const en = createI18n('en').t;
    expect([0, 1, 5].map((count) => en('board.waiting', { count }))).toEqual(['since today', 'for 1 day', 'for 5 days']);
    expect(en('auth.login.locked', { count: 2 })).toBe('Too many failed attempts. Please wait 2 seconds and try again.');
  });
});
