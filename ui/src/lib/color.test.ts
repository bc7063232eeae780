import { describe, expect, it } from 'vitest';
import { brandVariables, contrastRatio, ensureContrastOnWhite, parseHex } from './color';

describe('colour contrast', () => {
  it('parses short and long hex', () => {
    expect(parseHex('#fff')).toEqual([255, 255, 255]);
    expect(parseHex('0b5394')).toEqual([11, 83, 148]);
    expect(parseHex('red')).toBeNull();
  });

  it('computes WCAG contrast ratios', () => {
    expect(contrastRatio([0, 0, 0], [255, 255, 255])).toBeCloseTo(21, 0);
    expect(contrastRatio([255, 255, 255], [255, 255, 255])).toBeCloseTo(1, 5);
  });

  it('keeps a colour that already has enough contrast', () => {
    expect(ensureContrastOnWhite('#0b5394')).toBe('#0b5394');
  });

  it('darkens a pale brand colour until it reaches 4.5:1', () => {
    const out = ensureContrastOnWhite('#7fc6ff')!;
    expect(out).not.toBe('#7fc6ff');
    expect(contrastRatio(parseHex(out)!, [255, 255, 255])).toBeGreaterThanOrEqual(4.5);
  });

  it('produces variables only for a valid colour', () => {
    expect(brandVariables('nonsense')).toBeNull();
    expect(brandVariables(undefined)).toBeNull();
    expect(brandVariables('#ffcc00')?.['--brand']).toMatch(/^#[0-9a-f]{6}$/);
  });
});
