import { describe, expect, it } from 'vitest';
import { de } from './de';
import { en } from './en';

function flatten(obj: object, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(obj)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') out[key] = v;
    else Object.assign(out, flatten(v as object, key));
  }
  return out;
}

describe('catalogues', () => {
  const fde = flatten(de);
  const fen = flatten(en);

  it('have the same keys in German and English', () => {
    expect(Object.keys(fen).sort()).toEqual(Object.keys(fde).sort());
  });

  it('have no empty texts', () => {
    for (const [k, v] of [...Object.entries(fde), ...Object.entries(fen)]) expect(v.trim(), k).not.toBe('');
  });

  it('use the same interpolation variables in both languages', () => {
    const vars = (s: string) => (s.match(/{{\s*\w+\s*}}/g) ?? []).sort().join(',');
    for (const k of Object.keys(fde)) expect(vars(fen[k]), k).toBe(vars(fde[k]));
  });
});
