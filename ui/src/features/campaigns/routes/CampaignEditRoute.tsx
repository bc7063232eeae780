import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { dayToInstant, instantToDay } from '@/lib/dates';
import { useBlocker, useNavigate, useParams, type BlockerFunction } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Button, ConfirmDialog, ErrorSummary, Field, Input, PageHeader, Select, Skeleton, TextArea, fieldError, useToast } from '@/components/ui';
import { departmentLabel, useCriteriaSets, useDepartments } from '@/lib/shared-queries';
import { useContentLang } from '@/lib/content-language';
import { useCampaign, useSaveCampaign, type CampaignInput } from '../api';

type Form = Required<CampaignInput>;
type Status = Form['status'];

/**
 * The statuses a campaign stored in `from` can take: it moves forward only (draft → open →
 * closed; a draft may also close at once), as the API's SetStatus, which refuses any other
 * move with the reason campaign_status. Staying is always possible.
 */
const NEXT_STATUSES: Record<Status, readonly Status[]> = {
  draft: ['draft', 'open', 'closed'],
  open: ['open', 'closed'],
  closed: ['closed'],
};
const blank: Form = {
  title: '',
  question: '',
  description: '',
  audience: 'public',
  opensAt: '',
  closesAt: '',
  criteriaSetId: '',
  reviewersPerIdea: 2,
  sponsorDepartmentId: '',
  status: 'draft',
};

/**
 * Asks before an in-app navigation (a link, the browser's Back) leaves the page while
 * `shouldBlock()` says there are unsaved changes. useBlocker needs a data router, as the
 * app's (createBrowserRouter).
 */
function LeaveGuard({ shouldBlock }: { shouldBlock: () => boolean }) {
  const { t } = useTranslation();
  const block = useCallback<BlockerFunction>(
    ({ currentLocation, nextLocation }) => currentLocation.pathname !== nextLocation.pathname && shouldBlock(),
    [shouldBlock],
  );
  const blocker = useBlocker(block);
  return (
    <ConfirmDialog
      open={blocker.state === 'blocked'}
      title={t('campaigns.leaveTitle')}
      message={t('campaigns.leaveMessage')}
      confirmLabel={t('campaigns.leaveConfirm')}
      onCancel={() => blocker.reset?.()}
      onConfirm={() => blocker.proceed?.()}
    />
  );
}

export function CampaignEditRoute() {
  const { id } = useParams();
  const { t } = useTranslation();
  // What the call says and the names of sets and departments are the municipality's words (its language).
  const lang = useContentLang();
  const toast = useToast();
  const navigate = useNavigate();
  const q = useCampaign(id);
  const sets = useCriteriaSets();
  const departments = useDepartments();
  const [v, setV] = useState<Form>(blank);
  // What the form showed when it was loaded (blank for a new campaign): other values are unsaved.
  const [initial, setInitial] = useState<Form>(blank);
  const [loaded, setLoaded] = useState(false);
  // The version the form was filled from: a save sends it, so a change someone else saved
  // meanwhile is refused (412) rather than overwritten.
  const [etag, setEtag] = useState<string | null>(null);
  const [missing, setMissing] = useState<Record<string, string>>({});
  const save = useSaveCampaign(id, etag);
  const dirtyNow = useRef(false);

  useEffect(() => {
    // A refetch (someone's save in this tab) refills the form only while it holds no edits.
    if (q.data && !dirtyNow.current) {
      const c = q.data.data;
      const form: Form = {
        title: c.title,
        question: c.question,
        description: c.description,
        audience: c.audience,
        status: c.status,
        opensAt: instantToDay(c.opensAt),
        closesAt: instantToDay(c.closesAt),
        criteriaSetId: c.criteriaSetId ?? '',
        reviewersPerIdea: c.reviewersPerIdea,
        sponsorDepartmentId: c.sponsorDepartmentId ?? '',
      };
      setV(form);
      setInitial(form);
      setEtag(q.data.etag);
      setLoaded(true);
    }
  }, [q.data]);

  // Unsaved changes are not lost without asking: in-app navigation asks (LeaveGuard), a reload
  // or closing the tab gets the browser's own question. Saving leaves without asking.
  const dirty = JSON.stringify(v) !== JSON.stringify(initial);
  dirtyNow.current = dirty;
  const saved = useRef(false);
  const shouldBlock = useCallback(() => dirtyNow.current && !saved.current, []);
  useEffect(() => {
    if (!dirty) return;
    const onBeforeUnload = (e: BeforeUnloadEvent) => {
      if (saved.current) return;
      e.preventDefault();
      e.returnValue = ''; // older browsers ask only with a return value
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, [dirty]);

  // Until the stored campaign is in the form (the effect above), show no blank form to type into.
  if (id && (q.isPending || (q.data && !loaded))) return <Skeleton lines={6} />;
  const set = <K extends keyof Form>(k: K, val: Form[K]) => {
    setV((s) => ({ ...s, [k]: val }));
    // A field's own error goes once it is changed (the dates' error sits at the end date).
    const field = k === 'opensAt' ? 'closesAt' : k;
    if (missing[field]) setMissing(({ [field]: _gone, ...rest }) => rest);
  };
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    // Every required field at once, before anything is sent.
    const missing: Record<string, string> = {};
    if (!v.title.trim()) missing.title = t('errors.field.required');
    if (!(v.question ?? '').trim()) missing.question = t('errors.field.required');
    if (v.opensAt && v.closesAt && v.closesAt < v.opensAt) missing.closesAt = t('errors.reason.end_after_start');
    const rpi = v.reviewersPerIdea ?? 2;
    if (!Number.isInteger(rpi) || rpi < 1 || rpi > 10) missing.reviewersPerIdea = t('errors.field.rangeNumber', { min: 1, max: 10 });
    setMissing(missing);
    const first = (['title', 'question', 'closesAt', 'reviewersPerIdea'] as const).find((f) => missing[f]);
    if (first) {
      document.getElementById({ title: 'c-title', question: 'c-question', closesAt: 'c-closes', reviewersPerIdea: 'c-rpi' }[first])?.focus();
      return;
    }
    // The form's days are the API's instants: a call opens at the start of its first day
    // and closes at the end of its last.
    const body = { ...v, opensAt: v.opensAt ? dayToInstant(v.opensAt, false) : '', closesAt: v.closesAt ? dayToInstant(v.closesAt, true) : '' };
    save.mutate(
      Object.fromEntries(Object.entries(body).filter(([, x]) => x !== '')) as CampaignInput,
      {
        onSuccess: (c) => {
          saved.current = true;
          toast.success(t('campaigns.saved'));
          navigate(`/campaigns/${c.id}`);
        },
      },
    );
  };
  const err = (f: string) => missing[f] ?? fieldError(save.error, f);
  return (
    <div className="page--medium">
      <PageHeader title={id ? t('campaigns.edit') : t('campaigns.new')} />
      <form className="card" noValidate onSubmit={onSubmit}>
        <ErrorSummary error={save.error} fieldIds={{ title: 'c-title', question: 'c-question', opensAt: 'c-opens', closesAt: 'c-closes' }}
          labels={{
            title: t('campaigns.fieldTitle'),
            question: t('campaigns.question'),
            description: t('campaigns.description'),
            opensAt: t('campaigns.opensAt'),
            closesAt: t('campaigns.closesAt'),
            reviewersPerIdea: t('campaigns.reviewersPerIdea'),
          }}
        />
        <Field label={t('campaigns.fieldTitle')} required id="c-title" error={err('title')}>
          <Input value={v.title} lang={lang} onChange={(e) => set('title', e.target.value)} />
        </Field>
        <Field label={t('campaigns.question')} required id="c-question" error={err('question')}>
          <Input value={v.question ?? ''} lang={lang} onChange={(e) => set('question', e.target.value)} />
        </Field>
        <Field label={t('campaigns.description')} id="c-desc" error={err('description')}>
          <TextArea rows={6} value={v.description ?? ''} lang={lang} onChange={(e) => set('description', e.target.value)} />
        </Field>
        <div className="grid grid--2">
          <Field label={t('campaigns.audienceLabel')} id="c-aud">
            <Select value={v.audience} onChange={(e) => set('audience', e.target.value as Form['audience'])}>
              <option value="public">{t('campaigns.audience.public')}</option>
              <option value="internal">{t('campaigns.audience.internal')}</option>
            </Select>
          </Field>
          <Field label={t('campaigns.statusLabel')} id="c-status" hint={t('campaigns.statusForward')}>
            <Select value={v.status} onChange={(e) => set('status', e.target.value as Form['status'])}>
              {/* Only the moves the stored status allows: a closed call offers no way back. */}
              {NEXT_STATUSES[initial.status].map((s) => (
                <option key={s} value={s}>
                  {t(`campaigns.status.${s}`)}
                </option>
              ))}
            </Select>
          </Field>
          <Field label={t('campaigns.opensAt')} id="c-opens" error={err('opensAt')}>
            <Input type="date" value={v.opensAt ?? ''} onChange={(e) => set('opensAt', e.target.value)} />
          </Field>
          <Field label={t('campaigns.closesAt')} id="c-closes" error={err('closesAt')}>
            <Input type="date" value={v.closesAt ?? ''} onChange={(e) => set('closesAt', e.target.value)} />
          </Field>
          <Field label={t('campaigns.criteriaSet')} id="c-crit">
            <Select value={v.criteriaSetId ?? ''} onChange={(e) => set('criteriaSetId', e.target.value)}>
              <option value="">{t('common.none')}</option>
              {(sets.data ?? []).map((s) => (
                <option key={s.id} value={s.id} lang={lang}>
                  {s.name}
                </option>
              ))}
            </Select>
          </Field>
          <Field label={t('campaigns.reviewersPerIdea')} id="c-rpi" error={err('reviewersPerIdea')}>
            <Input type="number" min={1} max={10} value={v.reviewersPerIdea ?? 2} onChange={(e) => set('reviewersPerIdea', Number(e.target.value))} />
          </Field>
          <Field label={t('campaigns.department')} id="c-dep" error={err('sponsorDepartmentId')}>
            <Select value={v.sponsorDepartmentId} onChange={(e) => set('sponsorDepartmentId', e.target.value)}>
              <option value="">{t('common.none')}</option>
              {/* An inactive department is given to no campaign anew; one the campaign already has stays shown. */}
              {(departments.data ?? []).filter((d) => d.active !== false || d.id === initial.sponsorDepartmentId).map((d) => (
                <option key={d.id} value={d.id} lang={lang}>
                  {departmentLabel(d)}
                </option>
              ))}
            </Select>
          </Field>
        </div>
        <Button type="submit" variant="primary" loading={save.isPending}>
          {t('common.save')}
        </Button>
      </form>
      <LeaveGuard shouldBlock={shouldBlock} />
    </div>
  );
}
