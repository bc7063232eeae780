import { describe, expect, it } from 'vitest';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderWithProviders } from '@/test/utils';
import { BarChart, LineChart, kpiProgress } from './Charts';

describe('charts', () => {
  it('gives the bar chart a text alternative and a data table on request', async () => {
    const user = userEvent.setup();
    renderWithProviders(<BarChart title="Ideen je Phase" valueLabel="Anzahl" data={[{ label: 'Sichtung', value: 12 }, { label: 'Pilot', value: 3 }]} />);
    expect(screen.getByRole('img', { name: 'Ideen je Phase: Sichtung 12, Pilot 3' })).toBeInTheDocument();
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Als Tabelle anzeigen' }));
    expect(screen.getByRole('table')).toHaveTextContent('Sichtung12');
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
