import { NavLink, Outlet } from 'react-router';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '@/components/ui';
import { useAuth } from '@/lib/auth';

export function AdminLayout() {
  const { t } = useTranslation();
  const { hasRole } = useAuth();
  const tabs = [
    ...(hasRole('admin') ? [{ to: '/admin/users', label: t('admin.users') }] : []),
    ...(hasRole('admin') ? [{ to: '/admin/departments', label: t('admin.departments') }] : []),
    ...(hasRole('cdo') ? [{ to: '/admin/criteria', label: t('admin.criteria') }] : []),
    ...(hasRole('cdo') ? [{ to: '/admin/checklist', label: t('admin.checklist') }] : []),
    ...(hasRole('admin') ? [{ to: '/admin/outbox', label: t('admin.outbox') }] : []),
    ...(hasRole('admin') ? [{ to: '/admin/webhooks', label: t('admin.webhooks') }] : []),
    ...(hasRole('admin') ? [{ to: '/admin/branding', label: t('admin.tenant') }] : []),
  ];
  return (
    <>
      <PageHeader title={t('admin.title')} />
      <nav aria-label={t('admin.title')} className="tabs">
        {tabs.map((tab) => (
          <NavLink key={tab.to} to={tab.to}>
            {tab.label}
          </NavLink>
        ))}
      </nav>
      <Outlet />
    </>
  );
}
