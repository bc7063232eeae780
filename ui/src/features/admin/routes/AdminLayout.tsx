import { useEffect, useRef } from 'react';
import { NavLink, Outlet, useLocation } from 'react-router';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '@/components/ui';
import { useAuth } from '@/lib/auth';
import { useModerationCount } from '../api';

export function AdminLayout() {
  const { t } = useTranslation();
  const { hasRole } = useAuth();
  const { pathname } = useLocation();
  const nav = useRef<HTMLElement>(null);
  // On a narrow screen the tabs scroll sideways: keep the current one in view.
  useEffect(() => {
    nav.current?.querySelector<HTMLElement>('[aria-current="page"]')?.scrollIntoView?.({ block: 'nearest', inline: 'nearest' });
  }, [pathname]);
  // Comments waiting for the cdo's decision, counted on the tab.
  const waiting = useModerationCount(hasRole('cdo')).data ?? 0;
  const tabs = [
    ...(hasRole('cdo') ? [{ to: '/admin/moderation', label: waiting > 0 ? t('moderation.tabCount', { count: waiting }) : t('moderation.tab') }] : []),
    ...(hasRole('admin') ? [{ to: '/admin/users', label: t('admin.users') }] : []),
    ...(hasRole('admin') ? [{ to: '/admin/departments', label: t('admin.departments') }] : []),
    ...(hasRole('cdo') ? [{ to: '/admin/criteria', label: t('admin.criteria') }] : []),
    ...(hasRole('cdo') ? [{ to: '/admin/checklist', label: t('admin.checklist') }] : []),
    ...(hasRole('admin') ? [{ to: '/admin/outbox', label: t('admin.outbox') }] : []),
    ...(hasRole('admin') ? [{ to: '/admin/webhooks', label: t('admin.webhooks') }] : []),
    ...(hasRole('admin') ? [{ to: '/admin/branding', label: t('admin.tenant') }] : []),
    { to: '/admin/audit', label: t('audit.title') },
  ];
  return (
    <>
      <PageHeader title={t('admin.title')} />
      <nav aria-label={t('admin.title')} className="tabs" ref={nav}>
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
