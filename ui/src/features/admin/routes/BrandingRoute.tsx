import { useEffect, useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Button, ErrorSummary, Field, Input, Skeleton, fieldError, useToast } from '@/components/ui';
import { api, unwrap } from '@/lib/api-client';
import { tenantQueryKey, useTenant } from '@/lib/tenant';

export function BrandingRoute() {
  const { t } = useTranslation();
  const toast = useToast();
  const qc = useQueryClient();
  const tenant = useTenant();
  const [v, setV] = useState({ name: '', primaryColor: '', logoUrl: '', contactEmail: '', imprintUrl: '', privacyUrl: '' });
  useEffect(() => {
    if (tenant.data) setV({ name: tenant.data.name, ...tenant.data.branding });
  }, [tenant.data]);
  const save = useMutation({
    mutationFn: () => {
      const body = Object.fromEntries(Object.entries(v).filter(([, x]) => x !== '')) as typeof v;
      return unwrap(api.PATCH('/tenant', { body }));
    },
    onSuccess: (data) => {
      qc.setQueryData(tenantQueryKey, data);
      toast.success(t('admin.saved'));
    },
  });
  if (tenant.isPending) return <Skeleton />;
  const fields = [
    ['name', t('admin.brandName'), 'text'],
    ['primaryColor', t('admin.primaryColor'), 'color'],
    ['logoUrl', t('admin.logoUrl'), 'url'],
    ['contactEmail', t('admin.contactEmail'), 'email'],
    ['imprintUrl', t('admin.imprintUrl'), 'url'],
    ['privacyUrl', t('admin.privacyUrl'), 'url'],
  ] as const;
  return (
    <form
      className="card page--medium"
      noValidate
      onSubmit={(e: FormEvent) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      <ErrorSummary
        error={save.error}
        fieldIds={Object.fromEntries(fields.map(([k]) => [k, `b-${k}`]))}
        labels={Object.fromEntries(fields.map(([k, label]) => [k, label]))}
      />
      {fields.map(([k, label, type]) => (
        <Field key={k} label={label} id={`b-${k}`} hint={k === 'primaryColor' ? t('admin.primaryColorHint') : undefined} error={fieldError(save.error, k)}>
          <Input type={type} value={v[k]} onChange={(e) => setV((s) => ({ ...s, [k]: e.target.value }))} style={type === 'color' ? { maxWidth: '6rem', padding: '0.2rem' } : undefined} />
        </Field>
      ))}
      <Button type="submit" variant="primary" loading={save.isPending}>
        {t('common.save')}
      </Button>
    </form>
  );
}
