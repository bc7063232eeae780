/// <reference types="node" />
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { de } from '@/locales/de';
import { en } from '@/locales/en';
import { createI18n } from './i18n';
import { fieldBase, localizeFieldMessage, localizeServerMessage } from './server-messages';

describe('localizeFieldMessage', () => {
  it('translates the API validation messages and leaves others as they come', () => {
    const de = createI18n('de').t;
    expect(localizeFieldMessage(de, 'must have at most 40 characters')).toBe('Höchstens 40 Zeichen.');
    expect(localizeFieldMessage(de, 'must have at least 2 characters')).toBe('Mindestens 2 Zeichen.');
    expect(localizeFieldMessage(de, 'must have 2–120 characters')).toBe('2 bis 120 Zeichen.');
    expect(localizeFieldMessage(de, 'must have at most 1 entry')).toBe('Höchstens 1 Eintrag.');
    expect(localizeFieldMessage(de, 'must have at least 1 entry')).toBe('Mindestens 1 Eintrag.');
    expect(localizeFieldMessage(de, 'is required')).toBe('Bitte ausfüllen.');
    expect(localizeFieldMessage(de, 'the current password is wrong')).toBe('Das aktuelle Passwort stimmt nicht.');
    expect(localizeFieldMessage(de, 'Bitte geben Sie einen Titel ein.')).toBe('Bitte geben Sie einen Titel ein.');
    expect(localizeFieldMessage(de, 'no such department')).toBe('no such department');
    expect(localizeFieldMessage(de, 'must be a colour like #005ca9')).toBe('Bitte eine Farbe wie #005ca9.');
    expect(localizeFieldMessage(de, 'must be an absolute http(s) URL')).toBe('Bitte eine vollständige Adresse, die mit https:// beginnt.');
    expect(localizeFieldMessage(de, 'must be at least 1')).toBe('Mindestens 1.');
    expect(localizeFieldMessage(de, 'must be one of: go, no_go')).toBe('Bitte wählen Sie einen der vorgesehenen Werte.');
    expect(localizeFieldMessage(de, 'must be in the future')).toBe('Das Datum muss in der Zukunft liegen.');
    expect(localizeFieldMessage(de, 'must be 2–40 lower-case letters, digits or underscores, starting with a letter')).toMatch(/^Bitte 2 bis 40 Kleinbuchstaben/);
    expect(localizeFieldMessage(de, 'must be unique within the set')).toBe('Bitte jeden Eintrag nur einmal.');
    const en = createI18n('en').t;
    expect(localizeFieldMessage(en, 'must have at most 80 characters')).toBe('At most 80 characters.');
  });

  it('names the entry of a list field', () => {
    expect(fieldBase('tags[3]')).toEqual({ base: 'tags', position: 4 });
    expect(fieldBase('pilotPlan.kpis[0].name')).toEqual({ base: 'pilotPlan', position: undefined });
    expect(fieldBase('title')).toEqual({ base: 'title', position: undefined });
  });
});

describe('reasons', () => {
  // The contract's ErrorReason enum, read from api/openapi.yaml as it is written (tests run in ui/).
  const openapi = readFileSync(resolve(process.cwd(), '../api/openapi.yaml'), 'utf8');
  const block = openapi.match(/\n {4}ErrorReason:\n[\s\S]*?\n {6}enum:\s*\[([^\]]*)\]/);
  const reasons = (block?.[1] ?? '').split(',').map((r: string) => r.trim()).filter(Boolean);

  it('has wording in both languages for every reason of the contract, and no other', () => {
    expect(reasons.length).toBeGreaterThan(50);
    expect(Object.keys(de.errors.reason).sort()).toEqual([...reasons].sort());
    expect(Object.keys(en.errors.reason).sort()).toEqual([...reasons].sort());
  });

  it('words a reason with its params, stages and statuses by their names', () => {
    const t = createI18n('de').t;
    expect(localizeServerMessage(t, { message: 'an idea in stage "screening" cannot move to "pilot"', reason: 'transition_not_allowed', params: { stage: 'screening', to: 'pilot' } }))
      .toBe('Eine Idee in der Phase „Sichtung“ kann nicht nach „Pilot“ wechseln.');
    expect(localizeServerMessage(t, { message: '…', reason: 'campaign_status', params: { status: 'closed', next: 'open' } }))
      .toBe('Ein Ideenaufruf im Status „Beendet“ kann nicht in den Status „Offen“ wechseln.');
    expect(localizeServerMessage(t, { message: '…', reason: 'reviews_outstanding', params: { submitted: '1', assigned: '3' } }))
      .toBe('Abgegeben sind 1 von 3 Bewertungen. Warten Sie auf die übrigen oder entscheiden Sie mit Begründung vorab.');
    const enT = createI18n('en').t;
    expect(localizeServerMessage(enT, { message: '…', reason: 'reviewer_is_author', params: { name: 'Erika <b>' } }))
      .toBe('Erika <b> wrote or co-wrote this idea and cannot review it.');
  });

  it('falls back to the known wording, then to the message, for a reason it does not know', () => {
    const t = createI18n('de').t;
    expect(localizeServerMessage(t, { message: 'is required', reason: 'from_a_later_version' })).toBe('Bitte ausfüllen.');
    expect(localizeServerMessage(t, { message: 'something new', reason: 'errors.title' })).toBe('something new');
    expect(localizeServerMessage(t, { message: 'something new' })).toBe('something new');
  });
});
