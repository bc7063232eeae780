import { describe, expect, it } from 'vitest';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderWithProviders } from '@/test/utils';
import { BarChart, LineChart, kpiProgress } from './Charts';

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
});
