import { describe, expect, it } from 'vitest';
import { createI18n } from '@/lib/i18n';
import { profileErrorLines, profileFieldLabel } from './profile-errors';

describe('profile errors', () => {
  const de = createI18n('de').t;
  const en = createI18n('en').t;

  it('names fields of the document by their place in it', () => {
    expect(profileFieldLabel(de, 'profile')).toBe('Profil');
    expect(profileFieldLabel(de, 'profile.contact.email')).toBe('Kontakt › E-Mail');
    expect(profileFieldLabel(de, 'profile.tags.2')).toBe('Schlagworte › 3. Eintrag');
    expect(profileFieldLabel(de, 'profile.extra~1feld')).toBe('„extra/feld“');
    expect(profileFieldLabel(en, 'profile.results.kpis.0.direction')).toBe('Results › KPIs › entry 1 › Direction');
  });

  it('words the validator’s rules and the API’s own checks', () => {
    const lines = profileErrorLines(de, [
      { field: 'profile', message: "additional properties 'foo', 'bar' not allowed" },
      { field: 'profile.format', message: "value must be 'ideenwerk.reuse-profile'" },
      { field: 'profile.version', message: "'2.0' does not match pattern '^1\\\\.[0-9]+$'" },
      { field: 'profile.publishedAt', message: "'gestern' is not valid 'date-time': cannot parse" },
      { field: 'profile.targetGroups.0', message: "value must be one of 'citizens', 'businesses', 'staff'" },
      { field: 'profile.results.budgetEur', message: 'minimum: got -1, want 0' },
      { field: 'title', message: "the profile's title is too short" },
      { field: 'profile.summary', message: 'something new' },
    ]);
    expect(lines).toEqual([
      'Profil: Nicht vorgesehen: foo, bar.',
      'Formatkennung: Muss „ideenwerk.reuse-profile“ lauten.',
      'Formatversion: Hat nicht das erwartete Format.',
      'Veröffentlicht am: Bitte ein gültiges Datum.',
      'Zielgruppen › 1. Eintrag: Bitte wählen Sie einen der vorgesehenen Werte.',
      'Ergebnisse › Budget: Mindestens 0.',
      'Titel: Der Titel ist zu kurz.',
      'Kurzfassung: something new',
    ]);
    expect(profileErrorLines(en, [{ field: 'profile', message: "missing properties 'format', 'id'" }])).toEqual([
      'Format identifier: Missing.',
      'Profile ID: Missing.',
    ]);
  });
});
