/**
 * Tenant colours come from the branding settings and are not checked for contrast there.
 * These helpers darken a colour until white text on it (and it as text on white) reaches
 * WCAG AA's 4.5:1, so a pale brand colour cannot break the UI's contrast.
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

/** Returns the colour, darkened just enough to reach `min` against white; null for invalid input. */
export function ensureContrastOnWhite(hex: string, min = 4.5): string | null {
  const rgb = parseHex(hex);
  if (!rgb) return null;
  let cur = rgb;
  for (let i = 0; i < 100 && contrastRatio(cur, WHITE) < min; i++) {
    cur = [cur[0] * 0.95, cur[1] * 0.95, cur[2] * 0.95];
  }
  return toHex(cur);
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
  const brand = ensureContrastOnWhite(primary);
  if (!brand) return null;
  return {
    '--brand': brand,
    '--brand-strong': mix(brand, '#000000', 0.25),
    '--brand-tint': mix(brand, '#ffffff', 0.9),
  };
}
