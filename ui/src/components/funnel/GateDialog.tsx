import { useEffect, useId, useMemo, useRef, useState, type FormEvent } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { TextWithContent, useContentLang } from '@/lib/content-language';
import { Button } from '@/components/ui/Button';
import { Alert } from '@/components/ui/Alert';
import { Dialog } from '@/components/ui/Dialog';
import { ErrorSummary, fieldError } from '@/components/ui/ErrorSummary';
import { localizeFieldError } from '@/lib/server-messages';
import { Field, FieldErrorText, Input, Select, TextArea } from '@/components/ui/Field';
import { ApiError, api, unwrap } from '@/lib/api-client';
import { useAuth } from '@/lib/auth';
import { movesFrom, type Move } from '@/lib/funnel';
import { DEFAULT_CHECKLIST, buildTransition, checklistItemLabel, emptyGateData, validateGate, type ChecklistDef, type GateData, type GateErrors } from '@/lib/gate';
import { formatNumber } from '@/lib/format';
import { addDays, dayToInstant, localDay } from '@/lib/dates';
import { departmentLabel, useDepartments, useUsersWithRole } from '@/lib/shared-queries';
import type { Kpi, Stage } from '@/types/api';
import { MergeTargetField } from './MergeTargetField';
import { ReviewerPicker } from './ReviewerPicker';
import { OwnerField } from './OwnerField';

export interface GateIdea {
  id: string;
  title: string;
  stage: Stage;
  author?: { id: string; displayName?: string } | null;
  source?: string;
  coAuthors?: { id: string }[];
  campaignId?: string | null;
}

/** The API's names of the fields the form asks for (where they differ or are nested). */
const API_FIELDS: Record<string, string> = {
  reason: 'reason',
  mergeTarget: 'mergeInto',
  revisitAt: 'revisitAt',
  newEndDate: 'newEndDate',
  ownerId: 'pilotPlan.ownerId',
  departmentId: 'pilotPlan.departmentId',
  startDate: 'pilotPlan.startDate',
  endDate: 'pilotPlan.endDate',
  budget: 'pilotPlan.budgetEur',
  lessons: 'results.lessonsLearned',
  rolloutDepartmentIds: 'departments',
  reviewerIds: 'reviewers',
};

/** A KPI's fields as the API names them, the form's name of the field, and its label (gate.*). */
const KPI_FIELDS = [
  ['key', 'name', 'kpiName'],
  ['name', 'name', 'kpiName'],
  ['unit', 'unit', 'kpiUnit'],
  ['direction', 'dir', 'kpiDirection'],
  ['baseline', 'baseline', 'kpiBaseline'],
  ['target', 'target', 'kpiTarget'],
] as const;

/**
 * Sends a gate: reviewer assignments first where the gate needs them, then the transition —
 * with the ETag of the idea as the page shows it, when given, so a decision on data that
 * changed meanwhile is refused (412). Assigning reviewers leaves the idea's version as it is.
 */
export async function performGate(
  idea: GateIdea,
  move: Move,
  data: GateData,
  kpis: Pick<Kpi, 'key' | 'target' | 'direction'>[],
  checklist: ChecklistDef[],
  lng: string,
  etag?: string | null,
) {
  if (move.needs.includes('reviewers')) {
    await unwrap(
      api.PUT('/ideas/{id}/reviewers', {
        params: { path: { id: idea.id } },
        body: { reviewers: data.reviewerIds.map((reviewerId) => ({ reviewerId, dueAt: dayToInstant(data.dueAt, true) })) },
      }),
    );
  }
  return unwrap(
    api.POST('/ideas/{id}/transitions', {
      params: { path: { id: idea.id }, header: etag ? { 'If-Match': etag } : undefined },
      body: buildTransition(move, data, kpis, checklist, lng),
    }),
  );
}

/**
 * The gate dialog: pick where the idea goes, then answer exactly what that gate needs
 * (reason, reviewers, pilot plan and checklist, KPI results, departments …).
 */
export function GateDialog({
  idea,
  etag,
  open,
  initialTarget,
  onClose,
  onDone,
}: {
  idea: GateIdea;
  /**
   * The ETag of the idea as the page shows it (GET /ideas/{id}): the transition is made only
   * if the idea is still that version. The page must show the idea anew after every change of
   * its version (edits, transitions, pilot and rollout), or the next move is refused.
   */
  etag?: string | null;
  open: boolean;
  initialTarget?: Stage;
  onClose(): void;
  onDone(to: Stage): void;
}) {
  const { t, i18n } = useTranslation();
  // Department names are the municipality's words (its language).
  const lang = useContentLang();
  const lng = i18n.language;
  const { user } = useAuth();
  const qc = useQueryClient();
  const uid = useId();
  // The author's move offered here (withdrawing) is the main author's alone; the API refuses co-authors.
  const isAuthor = !!user && idea.author?.id === user.id;
  const moves = useMemo(() => movesFrom(idea.stage, { roles: user?.roles ?? [], isAuthor }), [idea.stage, user, isAuthor]);
  const [target, setTarget] = useState<Stage | ''>('');
  const [data, setData] = useState<GateData>(() => emptyGateData());
  const [errors, setErrors] = useState<GateErrors>({});
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  // Each opening starts afresh. While the dialog is open, the idea may move on (another tab or
  // person; the page shows it anew after a 412): what was entered and the warning stay, but the
  // move chosen was one from the stage before, so nothing is chosen for the user then.
  const openedAt = useRef<Stage | null>(null);
  const [movedOn, setMovedOn] = useState(false);
  useEffect(() => {
    if (!open) {
      openedAt.current = null;
      return;
    }
    if (openedAt.current === null) {
      openedAt.current = idea.stage;
      setTarget(initialTarget && moves.some((m) => m.to === initialTarget) ? initialTarget : moves.length === 1 ? moves[0].to : '');
      setData(emptyGateData());
      setErrors({});
      setFailure(null);
      setMovedOn(false);
    } else if (openedAt.current !== idea.stage) {
      openedAt.current = idea.stage;
      setTarget('');
      setMovedOn(true);
    }
  }, [open, initialTarget, moves, idea.stage]);

  const move = moves.find((m) => m.to === target);
  const needs = move?.needs ?? [];
  const need = (r: (typeof needs)[number]) => needs.includes(r);
  // The reviewers per idea the idea's campaign asks for: the API refuses fewer at this gate
  // (too_few_reviewers); without a campaign one is enough.
  const campaignReviewers = useQuery({
    queryKey: ['campaigns', 'reviewers-per-idea', idea.campaignId],
    queryFn: async () => (await unwrap(api.GET('/campaigns/{id}', { params: { path: { id: idea.campaignId! } } }))).reviewersPerIdea,
    enabled: open && need('reviewers') && !!idea.campaignId,
    staleTime: 60_000,
  });
  const minReviewers = campaignReviewers.data ?? 1;
  const departments = useDepartments();
  // Active departments only: the API refuses an inactive one for the pilot plan and the rollout
  // (inactive_department) – also one the idea names itself, so none is kept here.
  const activeDepartments = (departments.data ?? []).filter((d) => d.active !== false);
  // Before a decision: how many of the assigned reviews are in.
  const reviewState = useQuery({
    queryKey: ['ideas', idea.id, 'review-state'],
    queryFn: async () => {
      const rv = await unwrap(api.GET('/ideas/{id}/reviewers', { params: { path: { id: idea.id } } }));
      const active = rv.items.filter((a) => a.status === 'assigned');
      return { assigned: active.length, submitted: active.filter((a) => a.reviewStatus === 'submitted').length };
    },
    enabled: open && need('reviewsOrOverride'),
  });
  // Owners at hand: the CDO, the active reviewers (the API refuses an inactive owner) and a
  // staff idea's author; anyone else is found in the staff directory (OwnerField).
  const staffList = useUsersWithRole('reviewer', open && need('pilotPlan'));
  const atHand = [
    ...(user ? [user] : []),
    ...(idea.author?.displayName && idea.source === 'staff' ? [{ id: idea.author.id, displayName: idea.author.displayName }] : []),
    ...(staffList.data ?? []).filter((u) => u.status === 'active'),
  ];
  const staff = { data: atHand.filter((u, n) => atHand.findIndex((o) => o.id === u.id) === n) };
  const pilot = useQuery({
    queryKey: ['ideas', 'pilot', idea.id],
    queryFn: () => unwrap(api.GET('/ideas/{id}/pilot', { params: { path: { id: idea.id } } })),
    enabled: open && need('kpiResults'),
  });
  const kpis: Kpi[] = pilot.data?.kpis ?? pilot.data?.plan?.kpis ?? [];
  const checklistQ = useQuery({
    queryKey: ['settings', 'checklist'],
    queryFn: () => unwrap(api.GET('/settings/checklist')),
    enabled: open && need('checklist'),
    staleTime: 5 * 60_000,
  });
  // The tenant's list as the API has it (the default until the cdo saves one; possibly empty):
  // the API refuses answers to items not on it. The default only stands in until it is loaded.
  const checklist: ChecklistDef[] = checklistQ.data ? checklistQ.data.items : DEFAULT_CHECKLIST;

  const set = <K extends keyof GateData>(k: K, v: GateData[K]) => setData((d) => ({ ...d, [k]: v }));
  const fid = (name: string) => `${uid}-${name.replace(/\./g, '-')}`;
  // A field shows the form's own check first, else what the API said about it (by its name there).
  // The API names a due date as "reviewers[n].dueAt": it belongs to the due date field, not
  // to the reviewer list.
  const serverDueAt = failure instanceof ApiError ? failure.fields.find((f) => f.field.endsWith('.dueAt')) : undefined;
  const err = (name: string) => {
    if (errors[name]) return t(`gate.${errors[name]}` as 'gate.required', { count: minReviewers });
    if (name === 'dueAt') return serverDueAt;
    const e = fieldError(failure, API_FIELDS[name] ?? name);
    return e === serverDueAt ? undefined : e;
  };
  const errText = (name: string) => localizeFieldError(t, err(name));
  const serverFieldIds = Object.fromEntries(Object.entries(API_FIELDS).map(([form, apiName]) => [apiName, fid(form)]));
  const serverLabels: Record<string, string> = {
    reason: t('gate.reason'), mergeInto: t('gate.mergeTarget'), revisitAt: t('gate.revisitAt'), newEndDate: t('gate.newEndDate'),
    'pilotPlan.ownerId': t('gate.owner'), 'pilotPlan.departmentId': t('gate.ownerDepartment'), 'pilotPlan.startDate': t('gate.startDate'),
    'pilotPlan.endDate': t('gate.endDate'), 'pilotPlan.budgetEur': t('gate.budget'), 'results.lessonsLearned': t('gate.lessons'),
    departments: t('gate.rolloutDepartments'), reviewers: t('gate.reviewers'),
  };
  // The API names a KPI's fields by position. The key is made from the name, so a key it
  // refuses (e.g. twice) is marked at the name.
  data.kpis.forEach((_, i) => {
    for (const [apiName, form, label] of KPI_FIELDS) {
      serverFieldIds[`pilotPlan.kpis[${i}].${apiName}`] = fid(`kpi-${i}-${form}`);
      serverLabels[`pilotPlan.kpis[${i}].${apiName}`] = `${t('gate.kpiN', { n: i + 1 })} – ${t(`gate.${label}`)}`;
    }
  });

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    setFailure(null); // an earlier refusal does not stand beside the checks of this attempt
    if (!move) {
      setErrors({ target: 'required' });
      document.getElementById(fid('target-0'))?.focus();
      return;
    }
    const next = validateGate(move.needs, data, kpis, checklist, lng, minReviewers);
    setErrors(next);
    const first = Object.keys(next)[0];
    if (first) {
      const el = document.getElementById(fid(first)) ?? document.querySelector<HTMLElement>(`[data-field="${first}"] input, [data-field="${first}"] select`);
      el?.focus();
      return;
    }
    setBusy(true);
    setFailure(null);
    try {
      await performGate(idea, move, data, kpis, checklist, lng, etag);
      await qc.invalidateQueries({ queryKey: ['ideas'] });
      onDone(move.to);
    } catch (ex) {
      setFailure(ex);
      // The idea changed since the page showed it (an edit, another decision, a pilot update): the
      // summary says so, and the page shows the current idea behind the dialog; what was
      // entered here stays, to confirm again once the current state is seen.
      if (ex instanceof ApiError && ex.isStale) void qc.invalidateQueries({ queryKey: ['ideas'] });
    } finally {
      setBusy(false);
    }
  };

  const toggle = (list: string[], id: string, on: boolean) => (on ? [...list, id] : list.filter((x) => x !== id));
  const authorIds = new Set([idea.author?.id, ...(idea.coAuthors ?? []).map((c) => c.id)].filter(Boolean));
  const num = (v: number) => formatNumber(v, lng, 6);

  return (
    <Dialog
      open={open}
      wide
      title={<TextWithContent text={(v) => t('gate.title', { title: v.title })} content={{ title: idea.title }} />}
      onClose={onClose}
      footer={
        <>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button variant="primary" type="submit" form={`${uid}-form`} loading={busy} disabled={moves.length === 0}>
            {t('gate.confirm')}
          </Button>
        </>
      }
    >
      <form id={`${uid}-form`} noValidate onSubmit={onSubmit}>
        {failure instanceof ApiError && failure.isStale ? (
          // The page behind has loaded the current idea already, and what was entered here
          // stays: the general advice (reload, copy first) would lose it.
          <Alert kind="warning" live>
            <p className="mb-0">{t('gate.staleDialog')}</p>
            {movedOn && <p className="mb-0">{t('gate.stageChanged', { stage: t(`stage.${idea.stage}`) })}</p>}
          </Alert>
        ) : (
          <ErrorSummary error={failure} fieldIds={serverFieldIds} labels={serverLabels} />
        )}
        {moves.length === 0 ? (
          <p>{t('gate.noMoves')}</p>
        ) : (
          <fieldset>
            <legend>{t('gate.chooseTarget')}</legend>
            {errors.target && <FieldErrorText as="p">{t('gate.chooseMove')}</FieldErrorText>}
            {moves.map((m, i) => (
              <div className="choice" key={m.to + i}>
                <input
                  type="radio"
                  id={fid(`target-${i}`)}
                  name={`${uid}-target`}
                  checked={target === m.to}
                  onChange={() => {
                    setTarget(m.to);
                    setErrors({});
                  }}
                />
                <label htmlFor={fid(`target-${i}`)}>
                  {m.to === idea.stage ? (
                    // The one move within a stage: a running pilot gets a later end date.
                    <strong>{t('gate.extendPilot')}</strong>
                  ) : m.needs.includes('questions') ? (
                    // Back to the author with questions: a request, not a step forward.
                    <strong>{t('gate.askAuthor')}</strong>
                  ) : (
                    <>
                      {t(`stage.${idea.stage}`)} → <strong>{t(`stage.${m.to}`)}</strong>
                    </>
                  )}
                </label>
              </div>
            ))}
          </fieldset>
        )}

        {need('reviewers') && (
          <ReviewerPicker
            id={fid('reviewerIds')}
            enabled={open}
            authorIds={authorIds}
            selected={data.reviewerIds}
            onChange={(ids) => set('reviewerIds', ids)}
            error={errText('reviewerIds')}
            hint={minReviewers > 1 ? t('gate.reviewersHintCampaign', { count: minReviewers }) : undefined}
            min={minReviewers}
          >
            <Field label={t('gate.dueAt')} error={err('dueAt')} required id={fid('dueAt')}>
              <Input type="date" min={localDay()} value={data.dueAt} onChange={(e) => set('dueAt', e.target.value)} />
            </Field>
          </ReviewerPicker>
        )}

        {need('reviewsOrOverride') && reviewState.data && (
          // The override only where reviews are outstanding (as the API counts them).
          reviewState.data.assigned > 0 && reviewState.data.submitted >= reviewState.data.assigned ? (
            <p className="meta">{t('gate.reviewsComplete', { count: reviewState.data.assigned })}</p>
          ) : (
            <>
              <p className="meta">{t('gate.reviewsMissing', { submitted: reviewState.data.submitted, assigned: reviewState.data.assigned })}</p>
              <div className="choice">
                <input type="checkbox" id={fid('override')} checked={data.override} onChange={(e) => set('override', e.target.checked)} />
                <label htmlFor={fid('override')}>{t('gate.override')}</label>
              </div>
            </>
          )
        )}

        {need('mergeTarget') && (
          <MergeTargetField
            id={fid('mergeTarget')}
            ideaId={idea.id}
            label={t('gate.mergeTarget')}
            hint={t('gate.mergeTargetHint')}
            error={err('mergeTarget')}
            value={data.mergeTarget}
            onChange={(v) => set('mergeTarget', v)}
          />
        )}

        {need('revisitDate') && (
          <Field label={t('gate.revisitAt')} error={err('revisitAt')} required id={fid('revisitAt')}>
            <Input type="date" min={localDay(addDays(new Date(), 1))} value={data.revisitAt} onChange={(e) => set('revisitAt', e.target.value)} />
          </Field>
        )}

        {need('newEndDate') && (
          <Field label={t('gate.newEndDate')} error={err('newEndDate')} required id={fid('newEndDate')}>
            <Input type="date" value={data.newEndDate} onChange={(e) => set('newEndDate', e.target.value)} />
          </Field>
        )}

        {need('pilotPlan') && (
          <fieldset>
            <legend>{t('gate.pilotPlan')}</legend>
            <div className="grid grid--2">
              <OwnerField id={fid('ownerId')} value={data.ownerId} onChange={(v) => set('ownerId', v)} options={staff.data} error={err('ownerId')} />
              <Field label={t('gate.ownerDepartment')} error={err('departmentId')} required id={fid('departmentId')}>
                <Select value={data.departmentId} onChange={(e) => set('departmentId', e.target.value)}>
                  <option value="" />
                  {activeDepartments.map((d) => (
                    <option key={d.id} value={d.id} lang={lang}>
                      {departmentLabel(d)}
                    </option>
                  ))}
                </Select>
              </Field>
              <Field label={t('gate.startDate')} error={err('startDate')} required id={fid('startDate')}>
                <Input type="date" value={data.startDate} onChange={(e) => set('startDate', e.target.value)} />
              </Field>
              <Field label={t('gate.endDate')} error={err('endDate')} required id={fid('endDate')}>
                <Input type="date" value={data.endDate} onChange={(e) => set('endDate', e.target.value)} />
              </Field>
              <Field label={t('gate.budget')} hint={t('gate.budgetHint')} error={err('budget')} required id={fid('budget')}>
                <Input inputMode="decimal" value={data.budget} onChange={(e) => set('budget', e.target.value)} />
              </Field>
            </div>
            <h3 id={fid('kpis')} tabIndex={-1}>
              {t('gate.kpis')}
            </h3>
            {errText('kpis') && <FieldErrorText as="p">{errText('kpis')}</FieldErrorText>}
            {data.kpis.map((k, i) => {
              const upd = (patch: Partial<typeof k>) => set('kpis', data.kpis.map((x, j) => (j === i ? { ...x, ...patch } : x)));
              return (
                <fieldset key={i}>
                  <legend>{t('gate.kpiN', { n: i + 1 })}</legend>
                  <div className="grid grid--3">
                    <Field
                      label={t('gate.kpiName')}
                      required
                      id={fid(`kpi-${i}-name`)}
                      error={fieldError(failure, `pilotPlan.kpis[${i}].name`) ?? fieldError(failure, `pilotPlan.kpis[${i}].key`)}
                    >
                      <Input value={k.name} onChange={(e) => upd({ name: e.target.value })} />
                    </Field>
                    <Field label={t('gate.kpiUnit')} required id={fid(`kpi-${i}-unit`)} error={fieldError(failure, `pilotPlan.kpis[${i}].unit`)}>
                      <Input value={k.unit} onChange={(e) => upd({ unit: e.target.value })} />
                    </Field>
                    <Field label={t('gate.kpiDirection')} id={fid(`kpi-${i}-dir`)}>
                      <Select value={k.direction} onChange={(e) => upd({ direction: e.target.value as 'increase' | 'decrease' })}>
                        <option value="increase">{t('gate.direction.increase')}</option>
                        <option value="decrease">{t('gate.direction.decrease')}</option>
                      </Select>
                    </Field>
                    <Field
                      label={t('gate.kpiBaseline')}
                      required
                      id={fid(`kpi-${i}-baseline`)}
                      error={err(`kpi.${i}.baseline`) ?? fieldError(failure, `pilotPlan.kpis[${i}].baseline`)}
                    >
                      <Input inputMode="decimal" value={k.baseline} onChange={(e) => upd({ baseline: e.target.value })} />
                    </Field>
                    <Field
                      label={t('gate.kpiTarget')}
                      required
                      id={fid(`kpi-${i}-target`)}
                      error={err(`kpi.${i}.target`) ?? fieldError(failure, `pilotPlan.kpis[${i}].target`)}
                    >
                      <Input inputMode="decimal" value={k.target} onChange={(e) => upd({ target: e.target.value })} />
                    </Field>
                  </div>
                  {data.kpis.length > 1 && (
                    <Button size="small" variant="ghost" onClick={() => set('kpis', data.kpis.filter((_, j) => j !== i))}>
                      {t('gate.removeKpi', { n: i + 1 })}
                    </Button>
                  )}
                </fieldset>
              );
            })}
            <Button size="small" onClick={() => set('kpis', [...data.kpis, { name: '', unit: '', baseline: '', target: '', direction: 'increase' }])}>
              {t('gate.addKpi')}
            </Button>
          </fieldset>
        )}

        {need('checklist') && checklist.length > 0 && (
          <fieldset>
            <legend>{t('gate.checklist')}</legend>
            <p className="field__hint">{t('gate.checklistHint')}</p>
            {checklist.map(({ key: k, label, required }) => (
              <fieldset key={k} data-field={`check.${k}`}>
                <legend>
                  {checklistItemLabel(t, k, label, true)}
                  {required && (
                    <span className="field__required" aria-hidden="true">
                      *
                    </span>
                  )}
                </legend>
                {errText(`check.${k}`) && <FieldErrorText as="p">{errText(`check.${k}`)}</FieldErrorText>}
                <div className="choices--inline">
                  {(['yes', 'no', 'not_applicable'] as const).map((a, i) => (
                    <div className="choice" key={a}>
                      <input
                        type="radio"
                        name={`${uid}-check-${k}`}
                        id={i === 0 ? fid(`check.${k}`) : fid(`check-${k}-${a}`)}
                        checked={data.checklist[k]?.answer === a}
                        onChange={() => set('checklist', { ...data.checklist, [k]: { note: data.checklist[k]?.note ?? '', answer: a } })}
                      />
                      <label htmlFor={i === 0 ? fid(`check.${k}`) : fid(`check-${k}-${a}`)}>{t(`gate.answer.${a}`)}</label>
                    </div>
                  ))}
                </div>
                <Field label={t('gate.note')} id={fid(`check-${k}-note`)}>
                  <Input
                    value={data.checklist[k]?.note ?? ''}
                    onChange={(e) => set('checklist', { ...data.checklist, [k]: { answer: data.checklist[k]?.answer ?? '', note: e.target.value } })}
                  />
                </Field>
              </fieldset>
            ))}
          </fieldset>
        )}

        {need('kpiResults') && (
          <fieldset>
            <legend>{t('gate.results')}</legend>
            {kpis.map((k) => (
              <Field
                key={k.key}
                label={t('gate.resultValue', { unit: k.unit })}
                hint={t('gate.resultFor', { name: k.name, baseline: num(k.baseline), target: num(k.target) })}
                error={err(`result.${k.key}`)}
                required
                id={fid(`result.${k.key}`)}
              >
                <Input inputMode="decimal" value={data.results[k.key] ?? ''} onChange={(e) => set('results', { ...data.results, [k.key]: e.target.value })} />
              </Field>
            ))}
          </fieldset>
        )}

        {need('lessons') && (
          <Field label={t('gate.lessons')} error={err('lessons')} required id={fid('lessons')}>
            <TextArea rows={4} value={data.lessons} onChange={(e) => set('lessons', e.target.value)} />
          </Field>
        )}

        {need('rolloutDepartments') && (
          <fieldset data-field="rolloutDepartmentIds">
            <legend>{t('gate.rolloutDepartments')}</legend>
            {errText('rolloutDepartmentIds') && <FieldErrorText as="p">{errText('rolloutDepartmentIds')}</FieldErrorText>}
            {activeDepartments.map((d, i) => (
              <div className="choice" key={d.id}>
                <input
                  type="checkbox"
                  id={i === 0 ? fid('rolloutDepartmentIds') : fid(`dep-${d.id}`)}
                  checked={data.rolloutDepartmentIds.includes(d.id)}
                  onChange={(e) => set('rolloutDepartmentIds', toggle(data.rolloutDepartmentIds, d.id, e.target.checked))}
                />
                <label htmlFor={i === 0 ? fid('rolloutDepartmentIds') : fid(`dep-${d.id}`)} lang={lang}>
                  {departmentLabel(d)}
                </label>
              </div>
            ))}
          </fieldset>
        )}

        {(need('reason') || need('questions') || need('reviewsOrOverride') || (move && !need('reason') && move.to !== 'submitted')) && (
          <Field
            label={need('questions') ? t('gate.questions') : t('gate.reason')}
            hint={need('questions') ? t('gate.questionsHint') : t('gate.reasonHint')}
            error={err('reason')}
            required={need('reason') || need('questions') || (need('reviewsOrOverride') && data.override)}
            id={fid('reason')}
          >
            <TextArea rows={3} value={data.reason} onChange={(e) => set('reason', e.target.value)} />
          </Field>
        )}
      </form>
    </Dialog>
  );
}
