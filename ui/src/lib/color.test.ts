import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BRAND_TEXT_SURFACES, brandVariables, contrastRatio, ensureContrastOn, ensureContrastOnWhite, parseHex } from './color';

const ratio = (a: string, b: string) => contrastRatio(parseHex(a)!, parseHex(b)!);

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

describe('brand colour on the surfaces it is shown on', () => {
  // The tokens of styles/global.css: --bg (header, navigation, cards) and --bg-subtle (page).
  const WHITE = '#ffffff';
  const PAGE = '#f4f6f8';

  it('checks the surfaces the stylesheet defines', () => {
    const css = readFileSync(resolve(process.cwd(), 'src/styles/global.css'), 'utf8');
    const token = (name: string) => new RegExp(`--${name}:\\s*(#[0-9a-f]{3,6})`, 'i').exec(css)?.[1].toLowerCase();
    expect(token('bg')).toBe(WHITE);
    expect(token('bg-subtle')).toBe(PAGE);
    expect(BRAND_TEXT_SURFACES).toEqual([WHITE, PAGE]);
  });

  // White was the reported case (#767676 on #f4f6f8 is 4.19:1); yellow and grey are pale too,
  // the rest span hues and lightness; the default blue already passes.
  const colours = ['#FFFFFF', '#fff', '#FFFF00', '#808080', '#777777', '#767676', '#7fc6ff', '#ffcc00', '#00ff00', '#ff0000', '#0000ff', '#0b5394', '#000000'];

  it.each(colours)('%s: --brand reaches 4.5:1 on white and on the page background, and white text on it too', (c) => {
    const brand = brandVariables(c)!['--brand'];
    expect(ratio(brand, WHITE), `${brand} on ${WHITE}`).toBeGreaterThanOrEqual(4.5);
    expect(ratio(brand, PAGE), `${brand} on ${PAGE}`).toBeGreaterThanOrEqual(4.5);
  });

  it.each(colours)('%s: --brand-strong (hover, tags, pressed buttons) reaches 4.5:1 on the surfaces and on --brand-tint', (c) => {
    const v = brandVariables(c)!;
    for (const bg of [WHITE, PAGE, v['--brand-tint']]) {
      expect(ratio(v['--brand-strong'], bg), `${v['--brand-strong']} on ${bg}`).toBeGreaterThanOrEqual(4.5);
    }
  });

  it('darkens no more than needed: white ends just above 4.5:1 on the page background', () => {
    const brand = brandVariables('#FFFFFF')!['--brand'];
    expect(brand).not.toBe('#767676');
    expect(ratio(brand, PAGE)).toBeLessThan(5);
  });

  it('keeps a colour that already has enough contrast on every surface', () => {
    expect(brandVariables('#0b5394')!['--brand']).toBe('#0b5394');
    expect(ensureContrastOn('#0b5394', BRAND_TEXT_SURFACES)).toBe('#0b5394');
  });

  it('checks the colour as written (rounded to hex), for any surface and threshold', () => {
    for (const c of colours) {
      for (const min of [3, 4.5, 7]) {
        const out = ensureContrastOn(c, ['#ffffff', '#eaeef2'], min)!;
        expect(ratio(out, '#ffffff'), `${c} → ${out}`).toBeGreaterThanOrEqual(min);
        expect(ratio(out, '#eaeef2'), `${c} → ${out}`).toBeGreaterThanOrEqual(min);
      }
    }
    expect(ensureContrastOn('nonsense', BRAND_TEXT_SURFACES)).toBeNull();
  });
});
