import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Button, ErrorSummary, Field, Input, Skeleton, fieldError, useErrorMessage, useToast } from '@/components/ui';
import { ApiError } from '@/lib/api-client';
import type { Tenant } from '@/types/api';
import { usePatchTenant, useStoredTenant, type TenantPatch } from '../api';

type Form = Required<TenantPatch>;
type Key = keyof Form;

const formOf = (t: Tenant): Form => ({
  name: t.name,
  primaryColor: t.branding.primaryColor ?? '',
  logoUrl: t.branding.logoUrl ?? '',
  contactEmail: t.branding.contactEmail ?? '',
  imprintUrl: t.branding.imprintUrl ?? '',
  privacyUrl: t.branding.privacyUrl ?? '',
});

const same = (k: Key, a: string, b: string) => (k === 'primaryColor' ? a.toLowerCase() === b.toLowerCase() : a === b);

/** What the admin changed: only that is sent. An emptied web address is sent empty (it removes it). */
function changesOf(base: Form, v: Form): TenantPatch {
  const patch: TenantPatch = {};
  for (const k of Object.keys(v) as Key[]) {
    const value = v[k].trim();
    if (!same(k, value, base[k])) patch[k] = value;
  }
  return patch;
}

function isHttpsUrl(s: string): boolean {
  try {
    return /^https:\/\//i.test(s) && new URL(s).protocol === 'https:';
  } catch {
    return false;
  }
}

/** The form's own checks of what is about to be sent. */
function problemsOf(patch: TenantPatch): Partial<Record<Key, string>> {
  const p: Partial<Record<Key, string>> = {};
  // The name and the contact address can be changed, not removed.
  if (patch.name === '') p.name = 'errors.field.required';
  if (patch.contactEmail === '') p.contactEmail = 'errors.field.required';
  // The SPA shows no images from plain http (content security policy): the API refuses them.
  if (patch.logoUrl && !isHttpsUrl(patch.logoUrl)) p.logoUrl = 'admin.logoHttps';
  return p;
}

export function BrandingRoute() {
  const { t } = useTranslation();
  const toast = useToast();
  const errorMessage = useErrorMessage();
  const tenant = useStoredTenant();
  const save = usePatchTenant();
  /** The tenant the form was filled from: its version goes with the save (If-Match). */
  const [base, setBase] = useState<Tenant | null>(null);
  const [v, setV] = useState<Form>({ name: '', primaryColor: '', logoUrl: '', contactEmail: '', imprintUrl: '', privacyUrl: '' });
  const [problems, setProblems] = useState<Partial<Record<Key, string>>>({});
  /** Someone else changed the branding meanwhile: the form now shows the current state. */
  const [stale, setStale] = useState(false);
  const staleRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (stale) staleRef.current?.focus();
  }, [stale]);

  const fill = (data: Tenant) => {
    setBase(data);
    setV(formOf(data));
    setProblems({});
  };
  // A newer tenant (e.g. the fresh one asked for on opening) fills the form while the admin
  // has not changed anything; a form being edited keeps the version it was filled from.
  const pristine = !base || Object.keys(changesOf(formOf(base), v)).length === 0;
  useEffect(() => {
    if (tenant.data && tenant.data !== base && pristine) fill(tenant.data);
  }, [tenant.data]); // only when a newer tenant arrives

  if (tenant.isError && !base) return <Alert kind="error">{errorMessage(tenant.error)}</Alert>;
  if (tenant.isPending || (!tenant.isFetchedAfterMount && tenant.isFetching) || !base) return <Skeleton />;

  const fields = [
    ['name', t('admin.brandName'), 'text'],
    ['primaryColor', t('admin.primaryColor'), 'color'],
    ['logoUrl', t('admin.logoUrl'), 'url'],
    ['contactEmail', t('admin.contactEmail'), 'email'],
    ['imprintUrl', t('admin.imprintUrl'), 'url'],
    ['privacyUrl', t('admin.privacyUrl'), 'url'],
  ] as const;

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const patch = changesOf(formOf(base), v);
    const found = problemsOf(patch);
    setProblems(found);
    const first = fields.find(([k]) => found[k]);
    if (first) {
      document.getElementById(`b-${first[0]}`)?.focus();
      return;
    }
    if (Object.keys(patch).length === 0) {
      toast.success(t('admin.saved'));
      return;
    }
    setStale(false);
    save.mutate(
      { version: base.version, patch },
      {
        onSuccess: (data) => {
          fill(data);
          toast.success(t('admin.saved'));
        },
        onError: async (err) => {
          if (!(err instanceof ApiError && err.isStale)) return;
          // Show what is stored now, so the admin decides again on the current state.
          const r = await tenant.refetch();
          if (r.data) {
            fill(r.data);
            save.reset();
            setStale(true);
          }
        },
      },
    );
  };

  return (
    <form className="card page--medium" noValidate onSubmit={onSubmit}>
      {stale && (
        <Alert ref={staleRef} kind="error" title={t('errors.title')} live>
          <p>{t('admin.staleForm')}</p>
        </Alert>
      )}
      <ErrorSummary
        error={save.error instanceof ApiError && save.error.isStale ? null : save.error}
        fieldIds={Object.fromEntries(fields.map(([k]) => [k, `b-${k}`]))}
        labels={Object.fromEntries(fields.map(([k, label]) => [k, label]))}
      />
      {fields.map(([k, label, type]) => (
        <Field
          key={k}
          label={label}
          id={`b-${k}`}
          hint={k === 'primaryColor' ? t('admin.primaryColorHint') : undefined}
          error={problems[k] ? t(problems[k]) : fieldError(save.error, k)}
        >
          <Input
            type={type}
            value={v[k]}
            onChange={(e) => {
              setV((s) => ({ ...s, [k]: e.target.value }));
              if (problems[k]) setProblems((p) => ({ ...p, [k]: undefined }));
            }}
            style={type === 'color' ? { maxWidth: '6rem', padding: '0.2rem' } : undefined}
          />
        </Field>
      ))}
      <Button type="submit" variant="primary" loading={save.isPending}>
        {t('common.save')}
      </Button>
    </form>
  );
}
