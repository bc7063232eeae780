import { useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Alert, Button, ButtonLink, Field, Input, PageHeader, Skeleton, StageBadge, TextArea, useErrorMessage, useToast } from '@/components/ui';
import { ApiError, type ServerMessage } from '@/lib/api-client';
import { TextWithContent, useContentLang } from '@/lib/content-language';
import { LineChart, kpiProgress } from '@/components/charts/Charts';
import { useAuth } from '@/lib/auth';
import { useFormat } from '@/lib/format';
import { localDay } from '@/lib/dates';
import { parseNumber } from '@/lib/gate';
import { personName } from '@/lib/people';
import { departmentLabel, useDepartments } from '@/lib/shared-queries';
import type { PilotKpi, PilotUpdate } from '@/types/api';
import { useAddPilotUpdate, usePilot, usePilotIdea, useRollout } from '../api';
import { RolloutSection } from '../components/RolloutSection';
import { valueWithUnit } from '@/features/reuse/units';

/**
 * The measurement's day (Stichtag) as the calendar day it names: the API keeps a day as that
 * day's start in UTC, which must not read as the day before west of Greenwich.
 */
function measurementDay(iso: string, date: (v: Date | string) => string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  return m ? date(new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : date(iso);
}

/** The refusals of a measurement's day (the API names it "measurements[n].date"): shown at the Stichtag field. */
const DATE_REASONS = ['date_before_pilot', 'date_in_future'];

/** The API's error about the measurements' day, if the refusal is one. */
function measurementDateError(err: unknown): ServerMessage | undefined {
  if (!(err instanceof ApiError)) return undefined;
  return err.fields.find((f) => /^measurements\[\d+\]\.date$/.test(f.field) && !!f.reason && DATE_REASONS.includes(f.reason));
}

/** The stages after the pilot: it has ended, with results. */
const AFTER_PILOT = ['rollout', 'implemented', 'stopped'];

function series(kpi: PilotKpi) {
  return [...kpi.measurements].sort((a, b) => a.date.localeCompare(b.date)).map((m) => ({ x: m.date, y: m.value }));
}

export function PilotRoute() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const fmt = useFormat();
  const toast = useToast();
  const errorMessage = useErrorMessage();
  const { user, hasRole } = useAuth();
  // The idea's title, the KPIs' names, notes, lessons and departments are people's words (the municipality's language).
  const lang = useContentLang();
  const idea = usePilotIdea(id);
  const pilot = usePilot(id);
  const departments = useDepartments();
  const inRollout = !!idea.data && ['rollout', 'implemented'].includes(idea.data.stage);
  // Once the pilot has ended (it has results), its results are what counts, not where the
  // measurements stood while it ran.
  const ended = !!pilot.data?.results || (!!idea.data && AFTER_PILOT.includes(idea.data.stage));
  const rollout = useRollout(id, inRollout);
  const addUpdate = useAddPilotUpdate(id);
  const [note, setNote] = useState('');
  const [date, setDate] = useState(() => localDay());
  const [values, setValues] = useState<Record<string, string>>({});
  const [noteError, setNoteError] = useState<string>();
  // The API refused the measurements' day (before the pilot's start, in the future).
  const [dateError, setDateError] = useState<ServerMessage>();
  const [valueErrors, setValueErrors] = useState<Record<string, string>>({});

  if (idea.isPending || pilot.isPending) return <Skeleton lines={8} />;
  if (idea.isError) {
    return (
      <>
        <h1>{t('ideas.title')}</h1>
        <Alert kind="error">{errorMessage(idea.error)}</Alert>
        <ButtonLink to="/ideas">{t('idea.back')}</ButtonLink>
      </>
    );
  }
  const i = idea.data;
  const p = pilot.data;
  const canUpdate = !!p && i.stage === 'pilot' && (p.canManage || hasRole('cdo') || p.plan?.ownerId === user?.id);
  const deptName = (id: string) => departmentLabel(departments.data?.find((d) => d.id === id)) || id;
  // The API names the owner to the cdo and the owner only; others see the owning department,
  // not an "unknown" owner.
  const nameOf = (who: PilotUpdate['author']) => personName(who, t('common.deletedAccount'));
  const ownerName = personName(p?.plan?.owner, t('common.deletedAccount'));
  const withUnit = (v: number, unit: string) => valueWithUnit(t, fmt, v, unit);
  const day = (iso: string) => measurementDay(iso, fmt.date);

  const onAdd = (e: FormEvent) => {
    e.preventDefault();
    // Measurements are read the way the UI's language writes numbers (de 12.500,5; en 12,500.5).
    const parsed = (p?.kpis ?? []).filter((k) => values[k.key]?.trim()).map((k) => ({ key: k.key, n: parseNumber(values[k.key], fmt.lng) }));
    const bad: Record<string, string> = {};
    for (const { key, n } of parsed) if (!n.ok) bad[key] = t(n.error === 'numberFormat' ? 'gate.numberFormat' : 'gate.number');
    setNoteError(note.trim() ? undefined : t('gate.required'));
    setValueErrors(bad);
    setDateError(undefined);
    const firstBad = !note.trim() ? 'update-note' : Object.keys(bad).length ? `m-${Object.keys(bad)[0]}` : null;
    if (firstBad) {
      document.getElementById(firstBad)?.focus();
      return;
    }
    const measurements = parsed.flatMap(({ key, n }) => (n.ok ? [{ kpiKey: key, date, value: n.value }] : []));
    addUpdate.mutate(
      { note: note.trim(), measurements },
      {
        onSuccess: () => {
          toast.success(t('pilot.added'));
          setNote('');
          setValues({});
        },
        onError: (err) => {
          // A refused day belongs to the Stichtag field, with the pilot's start in the UI's date format.
          const refused = measurementDateError(err);
          if (!refused) {
            toast.error(errorMessage(err));
            return;
          }
          setDateError({ ...refused, params: refused.params?.start ? { ...refused.params, start: day(refused.params.start) } : refused.params });
          document.getElementById('update-date')?.focus();
        },
      },
    );
  };

  return (
    <>
      <p>
        <Link to={`/ideas/${i.id}`}>
          ← <span lang={lang}>{i.title}</span>
        </Link>
      </p>
      <PageHeader
        title={t('pilot.title', { title: i.title })}
        heading={<TextWithContent text={(v) => t('pilot.title', { title: v.title })} content={{ title: i.title }} />}
      />
      <div className="row" style={{ marginTop: '-1rem', marginBottom: '1rem' }}>
        <StageBadge stage={i.stage} />
      </div>
      {!p || !p.plan ? (
        <Alert>{pilot.isError ? errorMessage(pilot.error) : t('pilot.noPilot')}</Alert>
      ) : (
        <div className="stack">
          <section className="card" aria-labelledby="plan-h">
            <h2 id="plan-h">{t('pilot.plan')}</h2>
            <dl className="dl">
              {ownerName && (
                <>
                  <dt>{t('pilot.owner')}</dt>
                  <dd>{ownerName}</dd>
                </>
              )}
              <dt>{t('pilot.department')}</dt>
              <dd lang={lang}>{deptName(p.plan.departmentId)}</dd>
              <dt>{t('pilot.period')}</dt>
              <dd>{t('campaigns.period', { from: fmt.date(p.plan.startDate), to: fmt.date(p.plan.endDate) })}</dd>
              <dt>{t('pilot.budget')}</dt>
              <dd>{fmt.currency(p.plan.budgetEur)}</dd>
            </dl>
          </section>

          <section aria-labelledby="kpi-h">
            <h2 id="kpi-h">{t('pilot.kpis')}</h2>
            <div className="grid grid--2">
              {p.kpis.map((k) => {
                const pts = series(k);
                const last = k.latest ?? (pts.length ? { value: pts[pts.length - 1].y, date: pts[pts.length - 1].x } : null);
                const latest = last?.value ?? null;
                const prog = k.progress !== null && k.progress !== undefined ? Math.max(0, Math.min(1, k.progress / 100)) : kpiProgress(k.baseline, k.target, latest);
                const outcome = p.results?.outcomes.find((o) => o.kpiKey === k.key);
                return (
                  <div key={k.key} className="stack stack--sm">
                    <LineChart
                      title={t('pilot.chartTitle', { name: k.name, unit: k.unit })}
                      titleLang={lang}
                      points={pts}
                      baseline={k.baseline}
                      target={k.target}
                      unit={k.unit}
                      xLabel={t('pilot.date')}
                      yLabel={t('pilot.value')}
                    />
                    {ended ? (
                      <>
                        {/* The result leads; the measurements are history, named as such. */}
                        {outcome ? (
                          <p className="mb-0">
                            <strong>
                              {t('pilot.results')}: {withUnit(outcome.value, k.unit)}
                            </strong>{' '}
                            <span className={`badge ${outcome.met ? 'stage--implemented' : 'stage--rejected'}`}>{outcome.met ? t('pilot.met') : t('pilot.notMet')}</span>
                          </p>
                        ) : (
                          <p className="mb-0">
                            <strong>{t('pilot.results')}:</strong> {t('pilot.noResult')}
                          </p>
                        )}
                        <p className="meta mb-0">
                          {last
                            ? `${t('pilot.lastInPilot', { date: day(last.date) })}: ${withUnit(last.value, k.unit)}`
                            : t('pilot.noMeasurementsInPilot')}
                        </p>
                      </>
                    ) : (
                      <>
                        <p className="meta mb-0">
                          {t('pilot.latest')}: {latest === null ? t('pilot.noMeasurements') : withUnit(latest, k.unit)}
                        </p>
                        {prog !== null && (
                          <div>
                            <label className="meta" htmlFor={`prog-${k.key}`}>
                              {t('pilot.progress')}: {fmt.percent(prog)}
                            </label>
                            <progress id={`prog-${k.key}`} className="progress" max={1} value={prog} />
                          </div>
                        )}
                      </>
                    )}
                  </div>
                );
              })}
            </div>
          </section>

          {p.results?.lessonsLearned && (
            <section className="card" aria-labelledby="lessons-h">
              <h2 id="lessons-h">{t('pilot.lessons')}</h2>
              <p style={{ whiteSpace: 'pre-line' }} lang={lang}>
                {p.results.lessonsLearned}
              </p>
            </section>
          )}

          <section className="card" aria-labelledby="updates-h">
            <h2 id="updates-h">{t('pilot.updates')}</h2>
            {p.updates.length === 0 ? (
              <p className="meta">{t('pilot.noUpdates')}</p>
            ) : (
              <ol className="timeline">
                {[...p.updates].reverse().map((u) => (
                  <li key={u.id}>
                    <p className="meta mb-0">
                      {/* When the report was written; each measurement says the day it was taken. */}
                      <time dateTime={u.at}>{t('pilot.recordedAt', { date: fmt.dateTime(u.at) })}</time>
                      {nameOf(u.author) && <> · {nameOf(u.author)}</>}
                    </p>
                    <p className="mb-0" style={{ whiteSpace: 'pre-line' }} lang={lang}>
                      {u.note}
                    </p>
                    {u.measurements.length > 0 && (
                      <div>
                        {u.measurements.map((m, n) => {
                          const k = p.kpis.find((x) => x.key === m.kpiKey);
                          return (
                            <p key={`${m.kpiKey}-${n}`} className="meta mb-0">
                              <TextWithContent
                                text={(v) => t('pilot.measurementOn', { kpi: v.kpi, value: withUnit(m.value, k?.unit ?? ''), date: day(m.date) })}
                                content={{ kpi: k?.name ?? m.kpiKey }}
                              />
                            </p>
                          );
                        })}
                      </div>
                    )}
                  </li>
                ))}
              </ol>
            )}
            {canUpdate && (
              <form className="mt-4" noValidate onSubmit={onAdd}>
                <h3>{t('pilot.addUpdate')}</h3>
                <Field label={t('pilot.note')} error={noteError} required id="update-note">
                  <TextArea rows={3} value={note} onChange={(e) => setNote(e.target.value)} />
                </Field>
                <div className="grid grid--3">
                  {/* From the pilot's first day (the API keeps it as that day's start in UTC) to today. */}
                  <Field label={t('pilot.measuredAt')} id="update-date" error={dateError}>
                    <Input
                      type="date"
                      min={p.plan.startDate.slice(0, 10)}
                      max={localDay()}
                      value={date}
                      onChange={(e) => {
                        setDate(e.target.value);
                        setDateError(undefined);
                      }}
                    />
                  </Field>
                  {p.kpis.map((k) => (
                    <Field
                      key={k.key}
                      label={<TextWithContent text={(v) => t('pilot.measurement', { name: v.name, unit: v.unit })} content={{ name: k.name, unit: k.unit }} />}
                      id={`m-${k.key}`}
                      error={valueErrors[k.key]}
                    >
                      <Input inputMode="decimal" value={values[k.key] ?? ''} onChange={(e) => setValues((v) => ({ ...v, [k.key]: e.target.value }))} />
                    </Field>
                  ))}
                </div>
                <Button type="submit" variant="primary" loading={addUpdate.isPending}>
                  {t('pilot.addUpdate')}
                </Button>
              </form>
            )}
          </section>

          {inRollout && rollout.data && (
            <RolloutSection
              ideaId={i.id}
              rollout={rollout.data}
              departments={departments.data ?? []}
              canManage={hasRole('cdo')}
              internal={i.visibility === 'internal'}
            />
          )}
        </div>
      )}
    </>
  );
}
