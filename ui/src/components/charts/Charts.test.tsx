import { describe, expect, it } from 'vitest';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderWithProviders } from '@/test/utils';
import { BarChart, LineChart, kpiProgress, niceTicks } from './Charts';

describe('charts', () => {
  it('draws bars as readable rows scaled to the largest value', () => {
    renderWithProviders(<BarChart title="Ideen je Phase" valueLabel="Anzahl" data={[{ label: 'Sichtung', value: 12 }, { label: 'Pilot', value: 3 }]} />);
    const rows = screen.getAllByRole('listitem');
    expect(rows.map((r) => r.textContent)).toEqual(['Sichtung: 12', 'Pilot: 3']);
    const bars = document.querySelectorAll<HTMLElement>('.bars__bar');
    expect(bars[0].style.width).toBe('100%');
    expect(bars[1].style.width).toBe('25%');
    expect(screen.getByRole('figure', { name: /Ideen je Phase/ })).toBeInTheDocument();
  });

  it('shows the line chart numbers as a table on request', async () => {
    const user = userEvent.setup();
    renderWithProviders(<LineChart title="Wartezeit" unit="min" xLabel="Datum" yLabel="Wert" points={[{ x: '2026-04-01', y: 40 }]} />);
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Als Tabelle anzeigen' }));
    expect(screen.getByRole('table')).toHaveTextContent('01.04.202640 min');
  });

  it('describes a KPI line with baseline and target in German number format', () => {
    renderWithProviders(
      <LineChart title="Wartezeit" unit="min" xLabel="Datum" yLabel="Wert" baseline={45} target={20} points={[{ x: '2026-04-01', y: 40.5 }, { x: '2026-05-01', y: 31 }]} />,
    );
    expect(screen.getByRole('img')).toHaveAccessibleName('Wartezeit: 01.04.2026 40,5 min, 01.05.2026 31 min; Ausgangswert 45 min; Ziel 20 min');
  });

  it('computes KPI progress for both directions', () => {
    expect(kpiProgress(45, 20, 32.5)).toBeCloseTo(0.5);
    expect(kpiProgress(10, 50, 30)).toBeCloseTo(0.5);
    expect(kpiProgress(10, 50, 70)).toBe(1);
    expect(kpiProgress(10, 50, null)).toBeNull();
  });
  it('chooses nice y-axis ticks that cover the data, baseline and target', () => {
    expect(niceTicks(60, 80)).toEqual([60, 65, 70, 75, 80]);
    expect(niceTicks(20, 45)).toEqual([20, 25, 30, 35, 40, 45]);
    expect(niceTicks(61.3, 79.2)).toEqual([60, 65, 70, 75, 80]);
    expect(niceTicks(0, 1)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(0.3, 0.31)).toEqual([0.3, 0.302, 0.304, 0.306, 0.308, 0.31]);
    expect(niceTicks(0, 10)).toEqual([0, 2, 4, 6, 8, 10]);
    expect(niceTicks(0, 12)).toEqual([0, 2.5, 5, 7.5, 10, 12.5]);
    expect(niceTicks(-7, 13)).toEqual([-10, -5, 0, 5, 10, 15]);
    expect(niceTicks(1200, 4800)).toEqual([1000, 2000, 3000, 4000, 5000]);
    // One value only: centred, with round neighbours.
    expect(niceTicks(40, 40)).toEqual([36, 38, 40, 42, 44]);
    expect(niceTicks(0, 0)).toEqual([-1, -0.5, 0, 0.5, 1]);
    for (const [lo, hi] of [[3, 97], [0.013, 0.95], [-250, 1250], [99, 101], [45, 20]]) {
      const ticks = niceTicks(lo, hi);
      expect(ticks.length).toBeGreaterThanOrEqual(2);
      expect(ticks.length).toBeLessThanOrEqual(6);
      expect(ticks[0]).toBeLessThanOrEqual(Math.min(lo, hi));
      expect(ticks.at(-1)).toBeGreaterThanOrEqual(Math.max(lo, hi));
      const step = ticks[1] - ticks[0];
      const mantissa = step / 10 ** Math.floor(Math.log10(step));
      expect([1, 2, 2.5, 5].some((m) => Math.abs(mantissa - m) < 1e-9)).toBe(true);
    }
  });

  it('labels the KPI axis with round numbers on which the baseline and target lines sit', () => {
    renderWithProviders(
      <LineChart title="Zufriedenheit" unit="%" xLabel="Datum" yLabel="Wert" baseline={60} target={80} points={[{ x: '2026-04-01', y: 63 }, { x: '2026-05-01', y: 71.5 }]} />,
    );
    const svg = document.querySelector('svg')!;
    const labels = [...svg.querySelectorAll('text')].map((el) => el.textContent);
    expect(labels).toEqual(['60', '65', '70', '75', '80', '01.04.2026', '01.05.2026']);
    const gridAt = (label: string) => {
      const text = [...svg.querySelectorAll('text')].find((el) => el.textContent === label)!;
      return text.previousElementSibling!.getAttribute('y1');
    };
    expect(svg.querySelector('.chart__baseline')!.getAttribute('y1')).toBe(gridAt('60'));
    expect(svg.querySelector('.chart__target')!.getAttribute('y1')).toBe(gridAt('80'));
  });
  it('gives small tick steps the decimals they need', () => {
    renderWithProviders(<LineChart title="Quote" xLabel="Datum" yLabel="Wert" baseline={0.2} target={0.3} points={[{ x: '2026-04-01', y: 0.25 }]} />);
    const labels = [...document.querySelectorAll('svg text')].map((el) => el.textContent);
    expect(labels.slice(0, 6)).toEqual(['0,2', '0,22', '0,24', '0,26', '0,28', '0,3']);
  });
});
