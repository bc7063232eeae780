import { useId, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '@/lib/format';

/**
 * Small SVG charts without a charting library. Every chart is a <figure> whose SVG is one
 * image with a text alternative, plus the same numbers as a table on request (WCAG 1.1.1).
 */
function ChartFrame({ title, lang, summary, table, children }: { title: string; lang?: string; summary: string; table: ReactNode; children: ReactNode }) {
  const { t } = useTranslation();
  const [showTable, setShowTable] = useState(false);
  const tableId = useId();
  return (
    <figure className="chart card">
      <figcaption lang={lang}>{title}</figcaption>
      <div role="img" aria-label={summary}>
        {children}
      </div>
      <button type="button" className="btn btn--ghost btn--small" aria-expanded={showTable} aria-controls={tableId} onClick={() => setShowTable((s) => !s)}>
        {showTable ? t('charts.hideTable') : t('charts.showTable')}
      </button>
      <div id={tableId} hidden={!showTable}>
        {table}
      </div>
    </figure>
  );
}

export interface BarDatum {
  label: string;
  value: number;
  /** The label's language where it differs from the UI's (a department's or campaign's name, see content-language). */
  lang?: string;
}

/**
 * Horizontal bars drawn with HTML, so labels keep their real size at any width; each row is
 * plain text ("Sichtung: 5") and the bar itself is decoration.
 */
export function BarChart({ title, data, valueLabel, format }: { title: string; data: BarDatum[]; valueLabel: string; format?: (v: number) => string }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const f = format ?? ((v: number) => fmt.number(v));
  const max = Math.max(0, ...data.map((d) => d.value));
  const id = useId();
  return (
    <figure className="chart card" aria-labelledby={id}>
      <figcaption id={id}>
        {title} <span className="visually-hidden">({valueLabel})</span>
      </figcaption>
      {data.length === 0 ? (
        <p className="meta mb-0">{t('charts.noData')}</p>
      ) : (
        <ul className="bars">
          {data.map((d) => (
            <li key={d.label} className="bars__row">
              <span className="bars__label" lang={d.lang}>
                {d.label}
              </span>
              <span className="bars__track" aria-hidden="true">
                <span className="bars__bar" style={{ width: `${max > 0 ? Math.max(1, (100 * d.value) / max) : 0}%` }} />
              </span>
              <span className="bars__value">
                <span className="visually-hidden">: </span>
                {f(d.value)}
              </span>
            </li>
          ))}
        </ul>
      )}
    </figure>
  );
}

/**
 * "Nice" axis ticks for the range lo..hi: round numbers 1, 2, 2.5 or 5 × 10^n apart, at most
 * maxTicks of them, the first at or below lo and the last at or above hi. The axis runs from
 * the first to the last tick, so a baseline of 60 and a target of 80 sit on the labels 60
 * and 80 (not between "60,4" and "79,6").
 */
export function niceTicks(lo: number, hi: number, maxTicks = 6): number[] {
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return [];
  if (lo > hi) [lo, hi] = [hi, lo];
  if (lo === hi) {
    // One value: a little room on both sides, in its own order of magnitude.
    const room = Math.abs(lo) / 10 || 1;
    lo -= room;
    hi += room;
  }
  const count = Math.max(2, Math.floor(maxTicks));
  const rough = (hi - lo) / (count - 1);
  const eps = 1e-9;
  for (let mag = 10 ** Math.floor(Math.log10(rough)); ; mag *= 10) {
    for (const m of [1, 2, 2.5, 5]) {
      const step = m * mag;
      const first = Math.floor(lo / step + eps);
      const last = Math.ceil(hi / step - eps);
      if (last - first + 1 > count) continue;
      // Decimals of the step (2.5 × 10^n has one more than 10^n), against float noise such as 0.30000000000000004.
      const decimals = Math.max(0, -Math.floor(Math.log10(step) + eps) + (m === 2.5 ? 1 : 0));
      const ticks: number[] = [];
      for (let i = first; i <= last; i++) ticks.push(Number((i * step).toFixed(decimals)));
      return ticks;
    }
  }
}

export interface Point {
  x: string; // ISO date or label
  y: number;
}

/** A line over time with optional dashed baseline and target lines (for KPIs). */
export function LineChart({
  title,
  titleLang,
  points,
  baseline,
  target,
  unit,
  xLabel,
  yLabel,
}: {
  title: string;
  /** The title's language where it differs from the UI's (a KPI's name and unit, see content-language). */
  titleLang?: string;
  points: Point[];
  baseline?: number;
  target?: number;
  unit?: string;
  xLabel: string;
  yLabel: string;
}) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const width = 560;
  const height = 220;
  const pad = { l: 48, r: 16, t: 12, b: 28 };
  const values = [...points.map((p) => p.y), ...(baseline !== undefined ? [baseline] : []), ...(target !== undefined ? [target] : [])];
  if (values.length === 0) return <p className="meta">{t('charts.noData')}</p>;
  // The axis spans round tick values that cover the points, the baseline and the target.
  const ticks = niceTicks(Math.min(...values), Math.max(...values));
  const min = ticks[0];
  const max = ticks[ticks.length - 1];
  // As many decimals as the ticks have (0,22 and 0,24 must not both read "0,2").
  const tickDigits = Math.max(0, ...ticks.map((v) => (String(v).split('.')[1] ?? '').length));
  const x = (i: number) => pad.l + (points.length <= 1 ? (width - pad.l - pad.r) / 2 : (i * (width - pad.l - pad.r)) / (points.length - 1));
  const y = (v: number) => pad.t + ((max - v) * (height - pad.t - pad.b)) / (max - min);
  const label = (p: Point) => (/^\d{4}-\d{2}-\d{2}/.test(p.x) ? fmt.date(p.x) : p.x);
  const u = unit ? ` ${unit}` : '';
  const summary = `${title}: ${points.map((p) => `${label(p)} ${fmt.number(p.y)}${u}`).join(', ')}${baseline !== undefined ? `; ${t('pilot.baseline')} ${fmt.number(baseline)}${u}` : ''}${target !== undefined ? `; ${t('pilot.target')} ${fmt.number(target)}${u}` : ''}`;
  const table = (
    <table className="table">
      <thead>
        <tr>
          <th scope="col">{xLabel}</th>
          <th scope="col" className="num">
            {yLabel}
          </th>
        </tr>
      </thead>
      <tbody>
        {points.map((p, i) => (
          <tr key={i}>
            <th scope="row">{label(p)}</th>
            <td className="num">
              {fmt.number(p.y)}
              {u}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
  return (
    <ChartFrame title={title} lang={titleLang} summary={summary} table={table}>
      <svg viewBox={`0 0 ${width} ${height}`} aria-hidden="true" focusable="false">
        {ticks.map((v) => (
          <g key={v}>
            <line x1={pad.l} x2={width - pad.r} y1={y(v)} y2={y(v)} className="chart__grid" />
            <text x={pad.l - 6} y={y(v) + 4} textAnchor="end" className="chart__label">
              {fmt.number(v, tickDigits)}
            </text>
          </g>
        ))}
        <line x1={pad.l} x2={pad.l} y1={pad.t} y2={height - pad.b} className="chart__axis" />
        <line x1={pad.l} x2={width - pad.r} y1={height - pad.b} y2={height - pad.b} className="chart__axis" />
        {baseline !== undefined && <line x1={pad.l} x2={width - pad.r} y1={y(baseline)} y2={y(baseline)} className="chart__baseline" />}
        {target !== undefined && <line x1={pad.l} x2={width - pad.r} y1={y(target)} y2={y(target)} className="chart__target" />}
        {points.length > 1 && <polyline className="chart__line" points={points.map((p, i) => `${x(i)},${y(p.y)}`).join(' ')} />}
        {points.map((p, i) => (
          <circle key={i} cx={x(i)} cy={y(p.y)} r={4} className="chart__point" />
        ))}
        {points.length > 0 && (
          <>
            <text x={x(0)} y={height - 8} className="chart__label">
              {label(points[0])}
            </text>
            {points.length > 1 && (
              <text x={x(points.length - 1)} y={height - 8} textAnchor="end" className="chart__label">
                {label(points[points.length - 1])}
              </text>
            )}
          </>
        )}
      </svg>
      <p className="meta mb-0">
        {baseline !== undefined && (
          <span>
            ┄ {t('pilot.baseline')}: {fmt.number(baseline)}
            {u}{' '}
          </span>
        )}
        {target !== undefined && (
          <span>
            ┈ {t('pilot.target')}: {fmt.number(target)}
            {u}
          </span>
        )}
      </p>
    </ChartFrame>
  );
}

/** How far a KPI has come from baseline towards target (0..1, clamped), whatever its direction. */
export function kpiProgress(baseline: number, target: number, latest: number | null | undefined): number | null {
  if (latest === null || latest === undefined || target === baseline) return null;
  return Math.max(0, Math.min(1, (latest - baseline) / (target - baseline)));
}
