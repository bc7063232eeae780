import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useContentLang } from '@/lib/content-language';
import {
  Alert,
  Button,
  ConfirmDialog,
  ErrorSummary,
  fieldError,
  Field,
  Input,
  PageHeader,
  Select,
  Skeleton,
  TextArea,
  useErrorMessage,
  useToast,
} from '@/components/ui';
import { Markdown } from '@/components/ui/Markdown';
import { useAuth } from '@/lib/auth';
import { localeTag, useFormat } from '@/lib/format';
import { departmentLabel, useCampaignOptions, useDepartments } from '@/lib/shared-queries';
import { ApiError, api, unwrap } from '@/lib/api-client';
import type { Idea, TargetGroup, Visibility } from '@/types/api';
import { createIdea, fetchIdea, ideaKeys, updateIdea, useDeleteIdea, useIdea, type IdeaInput } from '../api';
import { useAutosave } from '../components/useAutosave';
import { SimilarIdeas } from '../components/SimilarIdeas';
import { CoAuthorsField, type CoAuthor } from '../components/CoAuthorsField';
import { useMediaQuery } from '@/hooks/useMediaQuery';
import { IN_PLACE } from '@/lib/navigation-state';
import { AttachmentsEditor } from '../components/AttachmentsEditor';

const TARGET_GROUPS: TargetGroup[] = ['citizens', 'businesses', 'staff'];
const EDITABLE = new Set(['draft', 'submitted']);

interface FormValues {
  title: string;
  summary: string;
  description: string;
  problem: string;
  expectedBenefit: string;
  targetGroups: TargetGroup[];
  tags: string;
  departmentId: string;
  campaignId: string;
  visibility: Visibility;
  coAuthors: CoAuthor[];
}

/** The texts a stale edit keeps for the writer to take over after loading the current version. */
const TEXT_FIELDS = ['title', 'summary', 'description', 'problem', 'expectedBenefit'] as const;
/** …and the other fields it keeps, shown as one line each. */
const CHOICE_FIELDS = ['targetGroups', 'tags', 'coAuthors', 'departmentId', 'campaignId', 'visibility'] as const;
type KeptField = (typeof TEXT_FIELDS)[number] | (typeof CHOICE_FIELDS)[number];
const KEPT_FIELDS: KeptField[] = [...TEXT_FIELDS, ...CHOICE_FIELDS];
const isText = (k: KeptField) => (TEXT_FIELDS as readonly string[]).includes(k);

const tagList = (tags: string) =>
  tags
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
const sameSet = (a: string[], b: string[]) => a.length === b.length && [...a].sort().join('\u0000') === [...b].sort().join('\u0000');

/** Whether the writer's value of a field says something else than the current version's. */
function differs(k: KeptField, mine: FormValues, current: FormValues): boolean {
  switch (k) {
    case 'tags':
      return !sameSet(tagList(mine.tags), tagList(current.tags));
    case 'targetGroups':
      return !sameSet(mine.targetGroups, current.targetGroups);
    case 'coAuthors':
      return !sameSet(
        mine.coAuthors.map((c) => c.id),
        current.coAuthors.map((c) => c.id),
      );
    case 'departmentId':
    case 'campaignId':
    case 'visibility':
      return mine[k] !== current[k];
    default:
      return mine[k].trim() !== current[k].trim();
  }
}

const empty = (visibility: Visibility): FormValues => ({
  title: '',
  summary: '',
  description: '',
  problem: '',
  expectedBenefit: '',
  targetGroups: [],
  tags: '',
  departmentId: '',
  campaignId: '',
  visibility,
  coAuthors: [],
});

function fromIdea(i: Idea): FormValues {
  return {
    title: i.title ?? '',
    summary: i.summary ?? '',
    description: i.description ?? '',
    problem: i.problem ?? '',
    expectedBenefit: i.expectedBenefit ?? '',
    targetGroups: i.targetGroups ?? [],
    tags: (i.tags ?? []).join(', '),
    departmentId: i.departmentId ?? '',
    campaignId: i.campaignId ?? '',
    visibility: i.visibility,
    coAuthors: (i.coAuthors ?? []).map((c) => ({ id: c.id, displayName: c.displayName ?? '' })),
  };
}

export function toInput(v: FormValues): IdeaInput {
  return {
    title: v.title.trim(),
    summary: v.summary.trim(),
    description: v.description,
    problem: v.problem,
    expectedBenefit: v.expectedBenefit,
    targetGroups: v.targetGroups,
    tags: tagList(v.tags),
    departmentId: v.departmentId || undefined,
    campaignId: v.campaignId || undefined,
    visibility: v.visibility,
    coAuthorIds: v.coAuthors.map((c) => c.id),
  };
}

const ids = {
  title: 'idea-title',
  summary: 'idea-summary',
  description: 'idea-description',
  problem: 'idea-problem',
  expectedBenefit: 'idea-benefit',
  tags: 'idea-tags',
  departmentId: 'idea-department',
  campaignId: 'idea-campaign',
};

/** Focus the control that holds a field (after its value was taken over). */
function focusField(k: KeptField, v: Partial<FormValues>) {
  const target =
    k === 'targetGroups'
      ? document.getElementById(`tg-${v.targetGroups?.[0] ?? TARGET_GROUPS[0]}`)
      : k === 'visibility'
        ? document.getElementById(`vis-${v.visibility ?? 'internal'}`)
        : k === 'coAuthors'
          ? document.querySelector<HTMLElement>('[data-field="coAuthorIds"] input')
          : document.getElementById(ids[k]);
  target?.focus();
}

/**
 * The idea editor: drafts save themselves a moment after typing stops (the first save
 * creates the draft), similar ideas appear while writing, and "Submit" validates, saves
 * and moves the draft to "submitted".
 */
export function IdeaEditorRoute() {
  const { id: routeId } = useParams();
  const { t } = useTranslation();
  // Names of departments and campaigns are the municipality's words (its language).
  const lang = useContentLang();
  const fmt = useFormat();
  const besideForm = useMediaQuery('(min-width: 52.0625rem)'); // the two-column .split
  const navigate = useNavigate();
  const toast = useToast();
  const errorMessage = useErrorMessage();
  const qc = useQueryClient();
  const { user } = useAuth();
  const citizenOnly = !!user && user.roles.every((r) => r === 'citizen');
  const departments = useDepartments();
  const campaigns = useCampaignOptions();

  const [ideaId, setIdeaId] = useState<string | undefined>(routeId);
  // The id as of now, for code that runs on after a save in the same handler (submitting right
  // after typing: the flush creates the draft, the state above only has it on the next render).
  const ideaIdRef = useRef<string | undefined>(routeId);
  const etag = useRef<string | null>(null);
  const existing = useIdea(routeId);
  const [search] = useSearchParams();
  const [values, setValues] = useState<FormValues>(() => ({ ...empty(citizenOnly ? 'public' : 'internal'), campaignId: search.get('campaignId') ?? '' }));
  const [loaded, setLoaded] = useState(!routeId);
  const [errors, setErrors] = useState<Partial<Record<keyof FormValues, string>>>({});
  const [failure, setFailure] = useState<unknown>(null);
  const [tab, setTab] = useState<'write' | 'preview'>('write');
  const [confirmSubmit, setConfirmSubmit] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [submitting, setSubmitting] = useState(false);
  // After a stale write: the writer's own texts that differ from the current version.
  const [mine, setMine] = useState<Partial<FormValues>>({});
  const [reloading, setReloading] = useState(false);
  // A save by the button was refused as stale (412): the same banner as a stale autosave.
  const [staleSave, setStaleSave] = useState(false);
  const staleBanner = useRef<HTMLDivElement>(null);
  const minePanel = useRef<HTMLDivElement>(null);
  // Where focus goes once the next render is on screen (the element may only appear with it).
  const pendingFocus = useRef<(() => void) | null>(null);
  useEffect(() => {
    const focus = pendingFocus.current;
    pendingFocus.current = null;
    focus?.();
  });
  const remove = useDeleteIdea();

  // The author (and the CDO's office) choose the co-authors; co-authors see the form without it.
  const authorId = existing.data?.idea.author?.id;
  const mayChooseCoAuthors = !authorId || authorId === user?.id || !!user?.roles.includes('cdo');
  const canSave = values.title.trim().length >= 5 && values.title.trim().length <= 120 && values.summary.trim().length > 0;
  const stage = existing.data?.idea.stage ?? 'draft';

  const save = async (v: FormValues) => {
    const input = toInput(v);
    const id = ideaIdRef.current;
    if (!id) {
      const res = await createIdea(input);
      etag.current = res.etag;
      ideaIdRef.current = res.idea.id;
      setIdeaId(res.idea.id);
      qc.setQueryData(ideaKeys.detail(res.idea.id), res);
      // Keep the address bookmarkable without remounting the form, and without the shell
      // moving focus to the heading (the writer is still typing).
      navigate(`/ideas/${res.idea.id}/edit`, { replace: true, state: IN_PLACE });
    } else {
      const res = await updateIdea(id, input, etag.current);
      etag.current = res.etag;
      qc.setQueryData(ideaKeys.detail(id), res);
    }
    void qc.invalidateQueries({ queryKey: ['ideas', 'list'] });
  };

  const autosave = useAutosave({ value: values, enabled: loaded && canSave && stage === 'draft', save, delay: 1500 });

  useEffect(() => {
    if (routeId && existing.data && !loaded) {
      const v = fromIdea(existing.data.idea);
      etag.current = existing.data.etag;
      setValues(v);
      autosave.reset(v);
      setLoaded(true);
    }
  }, [routeId, existing.data, loaded, autosave]);

  const set = <K extends keyof FormValues>(k: K, v: FormValues[K]) => setValues((s) => ({ ...s, [k]: v }));

  // An internal call for ideas takes internal ideas only (the API refuses public ones): choosing
  // one makes the idea internal, and "public" cannot be chosen while it is the idea's campaign.
  const internalCampaign = !citizenOnly && (campaigns.data ?? []).some((c) => c.id === values.campaignId && c.audience === 'internal');
  useEffect(() => {
    if (internalCampaign && values.visibility === 'public') setValues((s) => ({ ...s, visibility: 'internal' }));
  }, [internalCampaign, values.visibility]);

  // The fields this writer can change here (and so may have changed): a stale edit keeps those.
  const keeps = (k: KeptField) => (k === 'visibility' ? !citizenOnly : k === 'coAuthors' ? !citizenOnly && mayChooseCoAuthors : true);
  const fieldLabel = (k: KeptField) =>
    ({
      title: t('editor.title'),
      summary: t('editor.summary'),
      description: t('editor.description'),
      problem: t('editor.problem'),
      expectedBenefit: t('editor.benefit'),
      targetGroups: t('editor.targetGroups'),
      tags: t('editor.tags'),
      coAuthors: t('idea.coAuthors'),
      departmentId: t('editor.department'),
      campaignId: t('editor.campaign'),
      visibility: t('editor.visibility'),
    })[k];
  /** A kept choice as one line of text (names, not ids). */
  const shown = (k: KeptField, v: Partial<FormValues>): string => {
    const none = t('common.none');
    switch (k) {
      case 'targetGroups':
        return (v.targetGroups ?? []).map((g) => t(`ideas.targetGroup.${g}`)).join(', ') || none;
      case 'tags':
        return tagList(v.tags ?? '').join(', ') || none;
      case 'coAuthors':
        return (v.coAuthors ?? []).map((c) => c.displayName).join(', ') || none;
      case 'departmentId': {
        const d = (departments.data ?? []).find((x) => x.id === v.departmentId);
        return d ? departmentLabel(d) : none;
      }
      case 'campaignId':
        return (campaigns.data ?? []).find((c) => c.id === v.campaignId)?.title ?? t('editor.noCampaign');
      case 'visibility':
        return v.visibility === 'public' ? t('editor.visibilityPublic') : t('editor.visibilityInternal');
      default:
        return (v[k] as string | undefined) ?? '';
    }
  };

  // Someone else saved in the meantime: load their version into the form, and keep what
  // this writer typed beside it, field by field, to take over or copy — nothing is lost.
  const loadCurrent = async () => {
    if (!ideaId) return;
    setReloading(true);
    try {
      const res = await fetchIdea(ideaId);
      qc.setQueryData(ideaKeys.detail(ideaId), res);
      const current = fromIdea(res.idea);
      const own: Partial<FormValues> = {};
      for (const k of KEPT_FIELDS) if (keeps(k) && differs(k, values, current)) Object.assign(own, { [k]: values[k] });
      etag.current = res.etag;
      setValues(current);
      autosave.reset(current);
      setMine(own);
      setStaleSave(false);
      setFailure(null);
      // The banner (and its button) is gone: on to the writer's texts, or the form.
      pendingFocus.current = Object.keys(own).length > 0 ? () => minePanel.current?.focus() : () => document.getElementById(ids.title)?.focus();
    } catch (err) {
      setFailure(err);
    } finally {
      setReloading(false);
    }
  };
  const takeOver = (k: KeptField) => {
    if (mine[k] === undefined) return;
    setValues((s) => ({ ...s, [k]: mine[k] }));
    setMine(({ [k]: _taken, ...rest }) => rest);
    // On to the field that received the value (the description may be in preview).
    if (k === 'description') setTab('write');
    pendingFocus.current = () => focusField(k, mine);
  };
  const discardMine = () => {
    setMine({});
    pendingFocus.current = () => document.getElementById(ids.title)?.focus();
  };
  const focusStaleBanner = () => {
    if (staleBanner.current) staleBanner.current.focus();
    else pendingFocus.current = () => staleBanner.current?.focus();
  };
  /** A stale write by the button: offer loading the current version, without losing the text. */
  const onStale = (err: unknown) => {
    if (!(err instanceof ApiError && err.isStale)) return false;
    setStaleSave(true);
    focusStaleBanner();
    return true;
  };
  const stale = staleSave || autosave.status === 'stale';

  const validate = (forSubmit: boolean) => {
    const next: Partial<Record<keyof FormValues, string>> = {};
    const title = values.title.trim();
    if (title.length < 5 || title.length > 120) next.title = t('editor.titleLength');
    if (!values.summary.trim()) next.summary = t('editor.summaryRequired');
    if (forSubmit && !values.description.trim()) next.description = t('editor.needDescription');
    setErrors(next);
    const first = (Object.keys(ids) as (keyof typeof ids)[]).find((k) => next[k]);
    if (first) document.getElementById(ids[first])?.focus();
    return !first;
  };

  const onSaveDraft = async (e?: FormEvent) => {
    e?.preventDefault();
    if (!validate(false)) return;
    // Nothing can be saved over a newer version (autosave stopped): the way out is the banner.
    if (stale) {
      focusStaleBanner();
      return;
    }
    setFailure(null);
    try {
      if (stage === 'draft') {
        await autosave.flush();
        toast.success(t('editor.saved'));
      } else {
        // A submitted idea (sent back with questions, or edited by the cdo's office): back to
        // its page, where the authors send their answer.
        await save(values);
        toast.success(t('editor.changesSaved'));
        navigate(`/ideas/${ideaId}`);
      }
    } catch (err) {
      if (!onStale(err)) setFailure(err);
    }
  };

  const onSubmit = async () => {
    setConfirmSubmit(false);
    if (stale) {
      // After the confirmation closed (it returns focus to its opener first).
      pendingFocus.current = () => staleBanner.current?.focus();
      return;
    }
    setSubmitting(true);
    setFailure(null);
    try {
      await autosave.flush();
      // Not `ideaId`: when this flush created the draft, this render's value is still empty.
      const id = ideaIdRef.current!;
      await unwrap(api.POST('/ideas/{id}/transitions', { params: { path: { id } }, body: { to: 'submitted' } }));
      await qc.invalidateQueries({ queryKey: ideaKeys.all });
      toast.success(t('editor.submitted'));
      navigate(`/ideas/${id}`);
    } catch (err) {
      if (!onStale(err)) setFailure(err);
    } finally {
      setSubmitting(false);
    }
  };

  const fieldErr = (k: keyof FormValues) => errors[k] ?? fieldError(failure, k);
  const autosaveText = useMemo(() => {
    if (stage !== 'draft') return '';
    if (!canSave) return t('editor.autosaveNeedsTitle');
    switch (autosave.status) {
      case 'waiting':
        return t('editor.autosaveWaiting');
      case 'saving':
        return t('editor.autosaveSaving');
      case 'saved':
        return t('editor.autosaveSaved', { time: autosave.savedAt ? new Intl.DateTimeFormat(localeTag(fmt.lng), { timeStyle: 'short' }).format(autosave.savedAt) : '' });
      case 'error':
        return t('editor.autosaveFailed');
      default:
        return t('editor.autosaveIdle');
    }
  }, [autosave.status, autosave.savedAt, canSave, stage, t, fmt.lng]);

  // The writer's own texts after a stale write, to take over field by field (or, when the idea
  // cannot be edited any more, to copy).
  const mineTexts = (canTake: boolean) => (
    <Alert ref={minePanel} kind="info" title={t('editor.mineTitle')}>
      <p>{canTake ? t('editor.mineText') : t('editor.mineCopy')}</p>
      {KEPT_FIELDS.filter((k) => mine[k] !== undefined).map((k) => (
        <div key={k} className="stack stack--sm mb-4">
          <Field label={t('editor.mineField', { field: fieldLabel(k) })} id={`mine-${k}`}>
            {isText(k) ? (
              <TextArea readOnly rows={k === 'description' ? 6 : 2} value={mine[k] as string} />
            ) : (
              <Input readOnly value={shown(k, mine)} />
            )}
          </Field>
          {canTake && (
            <div>
              <Button onClick={() => takeOver(k)}>
                {t('editor.mineTake')}
                <span className="visually-hidden"> – {fieldLabel(k)}</span>
              </Button>
            </div>
          )}
        </div>
      ))}
      {canTake && (
        <Button variant="ghost" onClick={discardMine}>
          {t('editor.mineDiscard')}
        </Button>
      )}
    </Alert>
  );

  // Until the stored idea is in the form (the effect above), show no empty form to type into.
  if (routeId && (existing.isPending || (existing.data && !loaded))) return <Skeleton lines={6} />;
  if (routeId && existing.isError) {
    return (
      <>
        <PageHeader title={t('editor.editTitle')} />
        <Alert kind="error">{errorMessage(existing.error)}</Alert>
      </>
    );
  }
  // The API says who may edit now (the CDO's office in every stage, authors a draft or an idea
  // sent back with questions); without that answer, the stages authors edit in.
  if (routeId && existing.data && !(existing.data.idea.permissions?.edit ?? EDITABLE.has(existing.data.idea.stage))) {
    return (
      <>
        <PageHeader title={t('editor.editTitle')} />
        <Alert kind="warning">{t('editor.notEditable')}</Alert>
        {/* Loaded after a stale write, the idea moved on meanwhile: the writer's texts stay to copy. */}
        {Object.keys(mine).length > 0 && mineTexts(false)}
      </>
    );
  }

  // Similar ideas stand beside the form on wide screens; on narrow ones (one column, see
  // .split) right below title and summary, where they are seen while typing, not after the
  // buttons at the end of the form.
  const similar = (
    <aside aria-label={t('editor.similarTitle')}>
      <SimilarIdeas title={values.title} summary={values.summary} excludeId={ideaId} />
    </aside>
  );

  return (
    <>
      <PageHeader title={routeId || ideaId ? t('editor.editTitle') : t('editor.newTitle')} intro={t('editor.intro')} />
      <div className="split">
        <form className="card" noValidate onSubmit={onSaveDraft}>
          {stale && (
            <Alert ref={staleBanner} kind="warning" live>
              <p>{t('editor.stale')}</p>
              <p>{t('editor.staleKept')}</p>
              <Button onClick={() => void loadCurrent()} loading={reloading}>
                {t('editor.reload')}
              </Button>
            </Alert>
          )}
          {Object.keys(mine).length > 0 && mineTexts(true)}
          <ErrorSummary
            error={failure}
            fieldIds={ids}
            labels={{
              title: t('editor.title'),
              summary: t('editor.summary'),
              description: t('editor.description'),
              problem: t('editor.problem'),
              expectedBenefit: t('editor.benefit'),
              tags: t('editor.tags'),
              departmentId: t('editor.department'),
              campaignId: t('editor.campaign'),
              coAuthorIds: t('idea.coAuthors'),
            }}
          />
          <p className="meta">{t('common.requiredNote')}</p>
          <Field label={t('editor.title')} hint={t('editor.titleHint')} error={fieldErr('title')} required id={ids.title} counter={{ value: values.title.length, max: 120 }}>
            <Input value={values.title} maxLength={120} onChange={(e) => set('title', e.target.value)} />
          </Field>
          <Field label={t('editor.summary')} hint={t('editor.summaryHint')} error={fieldErr('summary')} required id={ids.summary} counter={{ value: values.summary.length, max: 300 }}>
            <TextArea rows={3} style={{ minHeight: '5rem' }} maxLength={300} value={values.summary} onChange={(e) => set('summary', e.target.value)} />
          </Field>
          {!besideForm && similar}

          {/* Its own row above the description field (no overlap with the label or hint), so it can be clicked at any width. */}
          <div className="editor-view-toggle">
            <div className="lang-switch" role="group" aria-label={t('editor.descriptionView')}>
              <button type="button" className="btn btn--ghost" aria-pressed={tab === 'write'} onClick={() => setTab('write')}>
                {t('editor.write')}
              </button>
              <button type="button" className="btn btn--ghost" aria-pressed={tab === 'preview'} onClick={() => setTab('preview')}>
                {t('editor.preview')}
              </button>
            </div>
          </div>
          {tab === 'write' ? (
            // Required for submitting, not for a draft: marked "*" with the condition in the label.
            <Field
              label={
                <>
                  {t('editor.description')} <span className="field__qualifier">({t('editor.requiredToSubmit')})</span>
                </>
              }
              hint={t('editor.descriptionHint')}
              error={fieldErr('description')}
              required
              id={ids.description}
              counter={{ value: values.description.length, max: 20000 }}
            >
              <TextArea rows={10} maxLength={20000} value={values.description} onChange={(e) => set('description', e.target.value)} />
            </Field>
          ) : (
            <div className="card" style={{ marginBottom: '1rem', background: 'var(--bg-subtle)' }} aria-live="polite">
              {values.description.trim() ? <Markdown>{values.description}</Markdown> : <p className="meta">{t('editor.emptyPreview')}</p>}
            </div>
          )}

          <Field label={t('editor.problem')} id={ids.problem} error={fieldErr('problem')}>
            <TextArea rows={4} maxLength={5000} value={values.problem} onChange={(e) => set('problem', e.target.value)} />
          </Field>
          <Field label={t('editor.benefit')} id={ids.expectedBenefit} error={fieldErr('expectedBenefit')}>
            <TextArea rows={4} maxLength={5000} value={values.expectedBenefit} onChange={(e) => set('expectedBenefit', e.target.value)} />
          </Field>

          <fieldset>
            <legend>{t('editor.targetGroups')}</legend>
            <div className="choices--inline">
              {TARGET_GROUPS.map((g) => (
                <div className="choice" key={g}>
                  <input
                    type="checkbox"
                    id={`tg-${g}`}
                    checked={values.targetGroups.includes(g)}
                    onChange={(e) =>
                      set('targetGroups', e.target.checked ? [...values.targetGroups, g] : values.targetGroups.filter((x) => x !== g))
                    }
                  />
                  <label htmlFor={`tg-${g}`}>{t(`ideas.targetGroup.${g}`)}</label>
                </div>
              ))}
            </div>
          </fieldset>

          <Field label={t('editor.tags')} hint={t('editor.tagsHint')} id={ids.tags} error={fieldErr('tags')}>
            <Input value={values.tags} onChange={(e) => set('tags', e.target.value)} />
          </Field>

          {!citizenOnly && mayChooseCoAuthors && (
            <CoAuthorsField
              value={values.coAuthors}
              onChange={(next) => set('coAuthors', next)}
              excludeIds={[existing.data?.idea.author?.id ?? user?.id ?? '']}
              error={fieldError(failure, 'coAuthorIds')}
            />
          )}

          <div className="grid grid--2">
            <Field label={t('editor.department')} id={ids.departmentId} error={fieldErr('departmentId')}>
              <Select value={values.departmentId} onChange={(e) => set('departmentId', e.target.value)}>
                <option value="">{t('common.none')}</option>
                {/* Active departments (the API refuses an inactive one), and the idea's own even if it has been closed since (it keeps it). */}
                {(departments.data ?? []).filter((d) => d.active !== false || d.id === existing.data?.idea.departmentId).map((d) => (
                  <option key={d.id} value={d.id} lang={lang}>
                    {departmentLabel(d)}
                  </option>
                ))}
              </Select>
            </Field>
            <Field label={t('editor.campaign')} id={ids.campaignId} error={fieldErr('campaignId')}>
              <Select value={values.campaignId} onChange={(e) => set('campaignId', e.target.value)}>
                <option value="">{t('editor.noCampaign')}</option>
                {(campaigns.data ?? [])
                  // Those taking ideas now (open, opening day come, closing day not passed), and the
                  // idea's own campaign, which it keeps.
                  .filter((c) => c.acceptingIdeas || c.id === values.campaignId)
                  .map((c) => (
                    <option key={c.id} value={c.id} lang={lang}>
                      {c.title}
                    </option>
                  ))}
              </Select>
            </Field>
          </div>

          {citizenOnly ? (
            <Alert>{t('editor.citizenPublic')}</Alert>
          ) : (
            <fieldset aria-describedby={internalCampaign ? 'vis-hint' : undefined}>
              <legend>{t('editor.visibility')}</legend>
              {/* Said when it applies (choosing such a call changes the choice below, out of sight). */}
              <div aria-live="polite">
                {internalCampaign && (
                  <p id="vis-hint" className="field__hint">
                    {t('editor.visibilityInternalCampaign')}
                  </p>
                )}
              </div>
              {(['internal', 'public'] as Visibility[]).map((v) => (
                <div className="choice" key={v}>
                  <input
                    type="radio"
                    id={`vis-${v}`}
                    name="visibility"
                    checked={values.visibility === v}
                    disabled={v === 'public' && internalCampaign}
                    onChange={() => set('visibility', v)}
                  />
                  <label htmlFor={`vis-${v}`}>{v === 'public' ? t('editor.visibilityPublic') : t('editor.visibilityInternal')}</label>
                </div>
              ))}
            </fieldset>
          )}

          {ideaId ? <AttachmentsEditor ideaId={ideaId} /> : <p className="meta">{t('editor.attachmentsAfterSave')}</p>}

          <p className="autosave" role="status" aria-live="polite">
            {autosaveText}
          </p>
          <div className="row">
            <Button type="submit" loading={autosave.status === 'saving' && !submitting}>
              {stage === 'draft' ? t('editor.saveDraft') : t('editor.saveChanges')}
            </Button>
            {stage === 'draft' && (
              <Button
                variant="primary"
                loading={submitting}
                onClick={() => {
                  if (validate(true)) setConfirmSubmit(true);
                }}
              >
                {t('editor.submit')}
              </Button>
            )}
            {ideaId && stage === 'draft' && (
              <Button variant="ghost" onClick={() => setConfirmDelete(true)}>
                {t('editor.deleteDraft')}
              </Button>
            )}
          </div>
        </form>
        {besideForm && similar}
      </div>
      <ConfirmDialog
        open={confirmSubmit}
        destructive={false}
        title={t('editor.submitConfirmTitle')}
        message={t('editor.submitConfirm')}
        confirmLabel={t('editor.submit')}
        onCancel={() => setConfirmSubmit(false)}
        onConfirm={() => void onSubmit()}
      />
      <ConfirmDialog
        open={confirmDelete}
        title={t('editor.deleteConfirmTitle')}
        message={t('editor.deleteConfirm', { title: values.title })}
        confirmLabel={t('editor.deleteDraft')}
        busy={remove.isPending}
        onCancel={() => setConfirmDelete(false)}
        onConfirm={() =>
          remove.mutate(
            { id: ideaId!, etag: etag.current },
            {
              onSuccess: () => {
                toast.success(t('editor.deleted'));
                navigate('/my-ideas');
              },
              onError: (err) => {
                setConfirmDelete(false);
                toast.error(errorMessage(err));
              },
            },
          )
        }
      />
    </>
  );
}
