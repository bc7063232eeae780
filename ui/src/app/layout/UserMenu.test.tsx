import { describe, expect, it } from 'vitest';
import { initialsOf } from './UserMenu';

describe('initialsOf', () => {
  it('takes the first letters of the first two words that have one', () => {
    expect(initialsOf('Erika Mustermann')).toBe('EM');
    expect(initialsOf('<b>Erika</b> {Muster}')).toBe('BM');
    expect(initialsOf('Ödön von Horváth')).toBe('ÖV');
    expect(initialsOf('  Anna  ')).toBe('A');
    expect(initialsOf('— Anna — Bauer')).toBe('AB');
    expect(initialsOf('***')).toBe('');
  });
});
