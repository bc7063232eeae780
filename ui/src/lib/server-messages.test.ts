import { describe, expect, it } from 'vitest';
import { createI18n } from './i18n';
import { fieldBase, localizeFieldMessage } from './server-messages';

describe('localizeFieldMessage', () => {
  it('translates the API validation messages and leaves others as they come', () => {
    const de = createI18n('de').t;
    expect(localizeFieldMessage(de, 'must have at most 40 characters')).toBe('Höchstens 40 Zeichen.');
    expect(localizeFieldMessage(de, 'must have at least 2 characters')).toBe('Mindestens 2 Zeichen.');
    expect(localizeFieldMessage(de, 'must have 2–120 characters')).toBe('2 bis 120 Zeichen.');
    expect(localizeFieldMessage(de, 'must have at most 1 entries')).toBe('Höchstens 1 Eintrag.');
    expect(localizeFieldMessage(de, 'is required')).toBe('Bitte ausfüllen.');
    expect(localizeFieldMessage(de, 'the current password is wrong')).toBe('Das aktuelle Passwort stimmt nicht.');
    expect(localizeFieldMessage(de, 'Bitte geben Sie einen Titel ein.')).toBe('Bitte geben Sie einen Titel ein.');
    expect(localizeFieldMessage(de, 'no such department')).toBe('no such department');
    const en = createI18n('en').t;
    expect(localizeFieldMessage(en, 'must have at most 80 characters')).toBe('At most 80 characters.');
  });

  it('names the entry of a list field', () => {
    expect(fieldBase('tags[3]')).toEqual({ base: 'tags', position: 4 });
    expect(fieldBase('pilotPlan.kpis[0].name')).toEqual({ base: 'pilotPlan', position: undefined });
    expect(fieldBase('title')).toEqual({ base: 'title', position: undefined });
  });
});
