import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Alert, Button, Field, PageHeader, Select, Skeleton, useErrorMessage, useToast } from '@/components/ui';
import { BarChart } from '@/components/charts/Charts';
import { download } from '@/lib/api-client';
import { useFormat } from '@/lib/format';
import { TextWithContent, useContentLang } from '@/lib/content-language';
import { ALL_STAGES } from '@/lib/funnel';
import { analyticsFilter, useAnalytics, type Breakdown } from '../api';

/** A count the response may lack (an older shape): a dash, not a zero. */
const count = (v: number | undefined) => (v === undefined ? '–' : String(v));

const EXPORT_DATASETS = ['figures', 'ideas', 'decisions', 'reviews', 'pilots'] as const;
type ExportDataset = (typeof EXPORT_DATASETS)[number];

export function AnalyticsRoute() {
  const { t, i18n } = useTranslation();
  const fmt = useFormat();
  const toast = useToast();
  const errorMessage = useErrorMessage();
  // Names of departments and campaigns and the ideas' titles are the municipality's words (its
  // language); the stand-ins for none are the UI's.
  const lang = useContentLang();
  const [days, setDays] = useState('365');
  // What the export buttons download: the figures of this page, or the records behind them.
  const [dataset, setDataset] = useState<ExportDataset>('figures');
  // One filter for the figures and the exports, so a download holds the ideas on the screen.
  const filter = useMemo(() => analyticsFilter(days), [days]);
  const q = useAnalytics(filter);
  const a = q.data;
  const sourceLabel = (b: { label: string; key?: string | null }) =>
    b.key && ['citizen', 'staff', 'other_municipality'].includes(b.key) ? t(`ideas.sourceValue.${b.key as 'citizen'}`) : b.label || t('common.none');
  // How far the ideas of each department, call and source got: the counts behind the bars, with
  // the ideas that reached the pilot, the rollout and implementation.
  const breakdownTable = (id: string, caption: string, column: string, rows: Breakdown[], label: (b: Breakdown) => string, labelLang?: (b: Breakdown) => string | undefined) => (
    <div className="table-wrap" tabIndex={0}>
      <table className="table" id={id}>
        <caption style={{ textAlign: 'start', fontWeight: 600 }}>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{column}</th>
            <th scope="col" className="num">
              {t('analytics.ideas')}
            </th>
            <th scope="col" className="num">
              {t('analytics.piloted')}
            </th>
            <th scope="col" className="num">
              {t('analytics.rolledOut')}
            </th>
            <th scope="col" className="num">
              {t('analytics.implemented')}
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((b) => (
            <tr key={`${b.key ?? ''}-${b.label}`}>
              <th scope="row" lang={labelLang?.(b)}>
                {label(b)}
              </th>
              <td className="num">{b.count}</td>
              <td className="num">{count(b.piloted)}</td>
              <td className="num">{count(b.rolledOut)}</td>
              <td className="num">{count(b.implemented)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );

  // German Excel opens a CSV by semicolons with decimal commas: the German UI asks for that.
  const csvSep = i18n.language.startsWith('de') ? { sep: 'semicolon' } : {};
  const exportFile = (kind: 'csv' | 'json') =>
    download(kind === 'csv' ? '/analytics/export.csv' : '/analytics/export.json', `ideenwerk-${dataset}.${kind}`, {
      ...filter,
      dataset,
      ...(kind === 'csv' ? csvSep : {}),
    }).catch((err) => toast.error(errorMessage(err)));

  return (
    <>
      <PageHeader
        title={t('analytics.title')}
        intro={t('analytics.intro')}
        actions={
          <>
            <Button onClick={() => void exportFile('csv')}>{t('analytics.exportCsv')}</Button>
            <Button onClick={() => void exportFile('json')}>{t('analytics.exportJson')}</Button>
          </>
        }
      />
      <div style={{ maxWidth: '20rem' }}>
        <Field label={t('analytics.period')} id="an-period">
          <Select value={days} onChange={(e) => setDays(e.target.value)}>
            {(['90', '365', 'all'] as const).map((d) => (
              <option key={d} value={d}>
                {t(`analytics.periodValue.${d}`)}
              </option>
            ))}
          </Select>
        </Field>
        <Field label={t('analytics.exportWhat')} id="an-dataset">
          <Select value={dataset} onChange={(e) => setDataset(e.target.value as ExportDataset)}>
            {EXPORT_DATASETS.map((d) => (
              <option key={d} value={d}>
                {t(`analytics.dataset.${d}`)}
              </option>
            ))}
          </Select>
        </Field>
      </div>
      {q.isPending ? (
        <Skeleton lines={8} />
      ) : q.isError || !a ? (
        <Alert kind="warning">
          <p>{t('analytics.unavailable')}</p>
          <p className="meta mb-0">{errorMessage(q.error)}</p>
        </Alert>
      ) : (
        <div className="stack">
          <div className="grid grid--3">
            <div className="stat">
              <div className="stat__value">{fmt.number(a.counts.reduce((s, c) => s + c.count, 0), 0)}</div>
              <div className="stat__label">{t('analytics.total')}</div>
            </div>
            <div className="stat">
              <div className="stat__value">{fmt.percent(a.pilotSuccessRate)}</div>
              <div className="stat__label">{t('analytics.pilotSuccess')}</div>
            </div>
            <div className="stat">
              <div className="stat__value">{fmt.number(a.sla.length, 0)}</div>
              <div className="stat__label">{t('analytics.sla')}</div>
            </div>
          </div>
          <div className="grid grid--2">
            <BarChart
              title={t('analytics.funnel')}
              valueLabel={t('analytics.count')}
              data={[...a.counts]
                .sort((x, y) => ALL_STAGES.indexOf(x.stage) - ALL_STAGES.indexOf(y.stage))
                .map((c) => ({ label: t(`stage.${c.stage}`, { defaultValue: c.stage }), value: c.count }))}
            />
            <BarChart
              title={t('analytics.conversion')}
              valueLabel="%"
              format={(v) => fmt.percent(v)}
              data={a.conversion.map((c) => ({ label: `${t(`stage.${c.from}`)} → ${t(`stage.${c.to}`)}`, value: c.rate }))}
            />
          </div>
          {a.timeInStage.length > 0 && (
            <section className="card" aria-labelledby="tis-h">
              <h2 id="tis-h">{t('analytics.timeInStage')}</h2>
              <div className="table-wrap" tabIndex={0}>
                <table className="table">
                  <caption className="visually-hidden">{t('analytics.timeInStage')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('analytics.stage')}</th>
                      <th scope="col" className="num">
                        {t('analytics.median')}
                      </th>
                      <th scope="col" className="num">
                        {t('analytics.p90')}
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {a.timeInStage.map((r) => (
                      <tr key={r.stage}>
                        <th scope="row">{t(`stage.${r.stage}`, { defaultValue: r.stage })}</th>
                        <td className="num">{fmt.days(r.medianDays)}</td>
                        <td className="num">{fmt.days(r.p90Days)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </section>
          )}
          <section className="card" aria-labelledby="sla-h">
            <h2 id="sla-h">{t('analytics.sla')}</h2>
            {a.sla.length === 0 ? (
              <p className="meta">{t('analytics.slaNone')}</p>
            ) : (
              <ul>
                {a.sla.map((s) => (
                  <li key={s.ideaId}>
                    <Link to={`/ideas/${s.ideaId}`}>
                      <TextWithContent
                        text={(v) => t('analytics.slaRow', { title: v.title, stage: t(`stage.${s.stage}`), count: Math.floor(s.days) })}
                        content={{ title: s.title }}
                      />
                    </Link>
                  </li>
                ))}
              </ul>
            )}
          </section>
          {a.throughput.length > 0 && (
            <section className="card" aria-labelledby="tp-h">
              <h2 id="tp-h">{t('analytics.throughput')}</h2>
              <div className="table-wrap" tabIndex={0}>
                <table className="table">
                  <caption className="visually-hidden">{t('analytics.throughput')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('analytics.month')}</th>
                      <th scope="col" className="num">
                        {t('analytics.submitted')}
                      </th>
                      <th scope="col" className="num">
                        {t('analytics.decided')}
                      </th>
                      <th scope="col" className="num">
                        {t('analytics.piloted')}
                      </th>
                      <th scope="col" className="num">
                        {t('analytics.rolledOut')}
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {/* Every month of the period, quiet ones too: a gap in the rows would read as missing data. */}
                    {a.throughput.map((m) => (
                      <tr key={m.month}>
                        <th scope="row">{m.month}</th>
                        <td className="num">{m.submitted}</td>
                        <td className="num">{m.decided}</td>
                        <td className="num">{m.piloted}</td>
                        <td className="num">{m.rolledOut}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </section>
          )}
          <div className="grid grid--2">
            <BarChart
              title={t('analytics.byDepartment')}
              valueLabel={t('analytics.count')}
              data={a.byDepartment.map((d) => ({ label: d.label || t('analytics.noDepartment'), value: d.count, lang: d.label ? lang : undefined }))}
            />
            <BarChart
              title={t('analytics.byCampaign')}
              valueLabel={t('analytics.count')}
              data={a.byCampaign.map((d) => ({ label: d.label || t('editor.noCampaign'), value: d.count, lang: d.label ? lang : undefined }))}
            />
            <BarChart title={t('analytics.bySource')} valueLabel={t('analytics.count')} data={a.bySource.map((d) => ({ label: sourceLabel(d), value: d.count }))} />
          </div>
          {a.byDepartment.length + a.byCampaign.length + a.bySource.length > 0 && (
            <section className="card stack" aria-labelledby="outcomes-h">
              <h2 id="outcomes-h">{t('analytics.outcomes')}</h2>
              <p className="meta mb-0">{t('analytics.outcomesHint')}</p>
              {a.byDepartment.length > 0 &&
                breakdownTable('outcomes-department', t('analytics.byDepartment'), t('analytics.department'), a.byDepartment, (d) => d.label || t('analytics.noDepartment'), (d) => (d.label ? lang : undefined))}
              {a.byCampaign.length > 0 &&
                breakdownTable('outcomes-campaign', t('analytics.byCampaign'), t('analytics.campaign'), a.byCampaign, (d) => d.label || t('editor.noCampaign'), (d) => (d.label ? lang : undefined))}
              {a.bySource.length > 0 && breakdownTable('outcomes-source', t('analytics.bySource'), t('analytics.source'), a.bySource, sourceLabel)}
            </section>
          )}
          {a.reviewers.length > 0 && (
            <section className="card" aria-labelledby="rev-h">
              <h2 id="rev-h">{t('analytics.reviewers')}</h2>
              <p className="meta">{t('analytics.reviewersHint')}</p>
              <div className="table-wrap" tabIndex={0}>
                <table className="table">
                  <caption className="visually-hidden">{t('analytics.reviewers')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('analytics.reviewer')}</th>
                      <th scope="col" className="num">
                        {t('analytics.assigned')}
                      </th>
                      <th scope="col" className="num">
                        {t('analytics.done')}
                      </th>
                      <th scope="col" className="num">
                        {t('analytics.reviewOpen')}
                      </th>
                      <th scope="col" className="num">
                        {t('analytics.reviewOverdue')}
                      </th>
                      <th scope="col" className="num">
                        {t('analytics.reviewMissed')}
                      </th>
                      <th scope="col" className="num">
                        {t('analytics.onTime')}
                      </th>
                      <th scope="col" className="num">
                        {t('analytics.medianToSubmit')}
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {a.reviewers.map((r) => (
                      <tr key={r.name}>
                        <th scope="row">{r.name}</th>
                        <td className="num">{r.assigned}</td>
                        <td className="num">{r.done}</td>
                        <td className="num">{count(r.open)}</td>
                        <td className="num">{count(r.overdue)}</td>
                        <td className="num">{count(r.missed)}</td>
                        <td className="num">{fmt.percent(r.onTimeRate)}</td>
                        <td className="num">{fmt.days(r.medianDaysToSubmit)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </section>
          )}
          {a.agreement.length > 0 && (
            <section className="card" aria-labelledby="agr-h">
              <h2 id="agr-h">{t('analytics.agreement')}</h2>
              <p className="meta">{t('analytics.agreementHint')}</p>
              <ul>
                {a.agreement.map((g) => (
                  <li key={g.label}>
                    {g.label ? <span lang={lang}>{g.label}</span> : t('editor.noCampaign')}: <strong>{fmt.number(g.alpha, 2)}</strong>
                    {/* What the figure rests on: a few reviews make a shaky alpha. */}
                    {g.ideas !== undefined && g.reviews !== undefined && (
                      <>
                        {' '}
                        {t('analytics.agreementBasis', {
                          reviews: t('analytics.agreementReviews', { count: g.reviews }),
                          ideas: t('analytics.agreementIdeas', { count: g.ideas }),
                        })}
                      </>
                    )}
                  </li>
                ))}
              </ul>
            </section>
          )}
        </div>
      )}
    </>
  );
}
