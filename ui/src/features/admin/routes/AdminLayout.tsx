import { useEffect, useRef } from 'react';
import { NavLink, Outlet, useLocation } from 'react-router';
import { useTranslation } from 'react-i18next';
import { LayoutHeadingLevel, PageHeader } from '@/components/ui';
import { useAuth } from '@/lib/auth';
import { useModerationCount } from '../api';

/** The admin area's sub-pages by path, with their names (also for a role the tab is not offered to). */
const SUB_PAGES = [
  { to: '/admin/moderation', label: 'moderation.tab' },
  { to: '/admin/users', label: 'admin.users' },
  { to: '/admin/departments', label: 'admin.departments' },
  { to: '/admin/criteria', label: 'admin.criteria' },
  { to: '/admin/checklist', label: 'admin.checklist' },
  { to: '/admin/outbox', label: 'admin.outbox' },
  { to: '/admin/webhooks', label: 'admin.webhooks' },
  { to: '/admin/branding', label: 'admin.tenant' },
  { to: '/admin/audit', label: 'audit.title' },
] as const;

/**
 * The admin area: the h1 "Administration", its tabs, and the current sub-page named by an h2
 * and in the document title ("Benutzer – Administration – Ideenwerk", WCAG 2.4.2). A change of
 * tab moves the focus to that h2, so screen readers announce the sub-page (the shell would
 * otherwise focus the same h1 each time).
 */
export function AdminLayout() {
  const { t } = useTranslation();
  const { hasRole } = useAuth();
  const { pathname } = useLocation();
  const nav = useRef<HTMLElement>(null);
  const subHeading = useRef<HTMLHeadingElement>(null);
  // On a narrow screen the tabs scroll sideways: keep the current one in view.
  useEffect(() => {
    nav.current?.querySelector<HTMLElement>('[aria-current="page"]')?.scrollIntoView?.({ block: 'nearest', inline: 'nearest' });
  }, [pathname]);
  const current = SUB_PAGES.find((p) => pathname === p.to || pathname.startsWith(`${p.to}/`));
  const subPage = current ? t(current.label) : undefined;
  // The sub-page the area was entered at (after /admin's redirect) keeps the shell's focus on
  // the h1; every later tab change focuses the sub-page's h2.
  const entry = useRef<string | null>(null);
  const tabChanged = useRef(false);
  if (current && entry.current === null) entry.current = current.to;
  if (current && entry.current !== current.to) tabChanged.current = true;
  useEffect(() => {
    if (tabChanged.current) subHeading.current?.focus({ preventScroll: true });
  }, [current?.to]);
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
      <PageHeader title={t('admin.title')} documentTitle={subPage ? `${subPage} – ${t('admin.title')}` : undefined} />
      <nav aria-label={t('admin.title')} className="tabs" ref={nav}>
        {tabs.map((tab) => (
          <NavLink key={tab.to} to={tab.to}>
            {tab.label}
          </NavLink>
        ))}
      </nav>
      {subPage && (
        // data-route-focus: the shell focuses this heading, not the h1, after a tab change.
        <h2 ref={subHeading} tabIndex={-1} className="admin__subpage" data-route-focus={tabChanged.current ? '' : undefined}>
          {subPage}
        </h2>
      )}
      {/* A sub-page's own headings start below this h2; a guard's "no access" is no second h1. */}
      <LayoutHeadingLevel.Provider value={3}>
        <Outlet />
      </LayoutHeadingLevel.Provider>
    </>
  );
}
