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

/** Which role a sub-page is for (as app/router.tsx guards them); the log is for both. */
const FOR_ROLE: Record<(typeof SUB_PAGES)[number]['to'], 'admin' | 'cdo' | undefined> = {
  '/admin/moderation': 'cdo',
  '/admin/users': 'admin',
  '/admin/departments': 'admin',
  '/admin/criteria': 'cdo',
  '/admin/checklist': 'cdo',
  '/admin/outbox': 'admin',
  '/admin/webhooks': 'admin',
  '/admin/branding': 'admin',
  '/admin/audit': undefined,
};

function offered(to: (typeof SUB_PAGES)[number]['to'], hasRole: (...roles: ('admin' | 'cdo')[]) => boolean) {
  const role = FOR_ROLE[to];
  return role === undefined || hasRole(role);
}

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
  const found = SUB_PAGES.find((p) => pathname === p.to || pathname.startsWith(`${p.to}/`));
  const current = found && offered(found.to, hasRole) ? found : undefined;
  const subPage = current ? t(current.label) : undefined;
  // A sub-page the role is not offered shows the guard's "no access" under the h1, and the
  // document title says that, not the page's name.
  const documentTitle = subPage ? `${subPage} – ${t('admin.title')}` : found ? `${t('guard.forbiddenTitle')} – ${t('admin.title')}` : undefined;
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
  const tabs = SUB_PAGES.filter((p) => offered(p.to, hasRole)).map((p) => ({
    to: p.to,
    label: p.to === '/admin/moderation' && waiting > 0 ? t('moderation.tabCount', { count: waiting }) : t(p.label),
  }));
  return (
    <>
      <PageHeader title={t('admin.title')} documentTitle={documentTitle} />
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
      <LayoutHeadingLevel.Provider value={subPage ? 3 : 2}>
        <Outlet />
      </LayoutHeadingLevel.Provider>
    </>
  );
}
