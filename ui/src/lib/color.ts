/**
 * Tenant colours come from the branding settings and are not checked for contrast there.
 * These helpers darken a colour until white text on it (and it as text on each surface it is
 * shown on: white and the page background) reaches WCAG AA's 4.5:1, so a pale brand colour
 * cannot break the UI's contrast.
 */

export function parseHex(hex: string): [number, number, number] | null {
  const m = /^#?([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(hex.trim());
  if (!m) return null;
  let h = m[1];
  if (h.length === 3) h = h.split('').map((c) => c + c).join('');
  return [parseInt(h.slice(0, 2), 16), parseInt(h.slice(2, 4), 16), parseInt(h.slice(4, 6), 16)];
}

export function toHex([r, g, b]: [number, number, number]): string {
  return '#' + [r, g, b].map((v) => Math.round(Math.max(0, Math.min(255, v))).toString(16).padStart(2, '0')).join('');
}

function channel(v: number): number {
  const s = v / 255;
  return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
}

export function luminance(rgb: [number, number, number]): number {
  return 0.2126 * channel(rgb[0]) + 0.7152 * channel(rgb[1]) + 0.0722 * channel(rgb[2]);
}

export function contrastRatio(a: [number, number, number], b: [number, number, number]): number {
  const la = luminance(a);
  const lb = luminance(b);
  const [hi, lo] = la > lb ? [la, lb] : [lb, la];
  return (hi + 0.05) / (lo + 0.05);
}

const WHITE: [number, number, number] = [255, 255, 255];

/**
 * The surfaces --brand is used on as text colour (links, the active tab of the main and admin
 * navigation): white (--bg: header, navigation, cards, tables) and the page background
 * (--bg-subtle: body, table headings). Keep in step with the tokens in styles/global.css.
 * White text on --brand (primary buttons, the brand mark) is covered by the white entry.
 */
export const BRAND_TEXT_SURFACES = ['#ffffff', '#f4f6f8'] as const;

/**
 * Returns the colour, darkened just enough to reach `min` against every one of `surfaces`
 * (and so also as a background for white text); null for invalid input.
 */
export function ensureContrastOn(hex: string, surfaces: readonly string[], min = 4.5): string | null {
  const rgb = parseHex(hex);
  if (!rgb) return null;
  const bgs = surfaces.map((s) => parseHex(s)).filter((b): b is [number, number, number] => b !== null);
  const enough = (c: [number, number, number]) => bgs.every((b) => contrastRatio(c, b) >= min);
  // Compare the colour as it will be written (rounded to hex): darkening in fractions could
  // otherwise pass here and fall just short once rounded.
  let cur = rgb;
  for (let i = 0; i < 200 && !enough(parseHex(toHex(cur))!); i++) {
    cur = [cur[0] * 0.95, cur[1] * 0.95, cur[2] * 0.95];
  }
  return toHex(cur);
}

/** Returns the colour, darkened just enough to reach `min` against white; null for invalid input. */
export function ensureContrastOnWhite(hex: string, min = 4.5): string | null {
  return ensureContrastOn(hex, [toHex(WHITE)], min);
}

export function mix(hex: string, other: string, weight: number): string {
  const a = parseHex(hex);
  const b = parseHex(other);
  if (!a || !b) return hex;
  return toHex([0, 1, 2].map((i) => a[i] * (1 - weight) + b[i] * weight) as [number, number, number]);
}

/** The CSS variables for a tenant colour (brand, hover shade, pale tint). */
export function brandVariables(primary: string | null | undefined): Record<string, string> | null {
  if (!primary) return null;
  const brand = ensureContrastOn(primary, BRAND_TEXT_SURFACES);
  if (!brand) return null;
  return {
    '--brand': brand,
    '--brand-strong': mix(brand, '#000000', 0.25),
    '--brand-tint': mix(brand, '#ffffff', 0.9),
  };
}
