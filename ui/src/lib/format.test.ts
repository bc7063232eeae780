import { describe, expect, it } from 'vitest';
import { formatCurrency, formatDate, formatNumber, formatRelative } from './format';

describe('locale formatting', () => {
  it('formats dates per language', () => {
    expect(formatDate('2026-03-05T10:00:00Z', 'de')).toBe('05.03.2026');
    expect(formatDate('2026-03-05T10:00:00Z', 'en')).toBe('5 Mar 2026');
    expect(formatDate('not a date', 'de')).toBe('');
  });

  it('formats numbers and euros per language', () => {
    expect(formatNumber(1234.56, 'de')).toBe('1.234,6');
    expect(formatNumber(1234.56, 'en')).toBe('1,234.6');
    expect(formatCurrency(25000, 'de')).toBe('25.000\u00a0€');
    expect(formatCurrency(25000, 'en')).toBe('€25,000');
    expect(formatNumber(null, 'de')).toBe('–');
  });

  it('shows cents when an amount has them, never rounding them away', () => {
    expect(formatCurrency(12.5, 'de')).toBe('12,50\u00a0€');
    expect(formatCurrency(12500.5, 'de')).toBe('12.500,50\u00a0€');
    expect(formatCurrency(12500.5, 'en')).toBe('€12,500.50');
    expect(formatCurrency(0.99, 'de')).toBe('0,99\u00a0€');
    expect(formatCurrency(12500, 'de')).toBe('12.500\u00a0€');
  });

  it('formats relative times', () => {
    const now = new Date('2026-03-10T12:00:00Z');
    expect(formatRelative('2026-03-07T12:00:00Z', 'de', now)).toBe('vor 3 Tagen');
    expect(formatRelative('2026-03-07T12:00:00Z', 'en', now)).toBe('3 days ago');
  });
});
