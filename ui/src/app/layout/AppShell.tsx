import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { Link, NavLink, Outlet, useLocation, useNavigationType } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useAuth } from '@/lib/auth';
import { useBranding, useTenant } from '@/lib/tenant';
import { ButtonLink } from '@/components/ui/Button';
import { Alert } from '@/components/ui/Alert';
import { LanguageSwitch } from './LanguageSwitch';
import { UserMenu } from './UserMenu';
import { navItems } from './nav';
import { isInPlace } from '@/lib/navigation-state';

export function AppShell() {
  const { t } = useTranslation();
  const { user, status, sessionEnded } = useAuth();
  const tenant = useTenant();
  useBranding(tenant.data);
  const location = useLocation();
  const mainRef = useRef<HTMLElement>(null);
  const first = useRef(true);
  const [navOpen, setNavOpen] = useState(false);
  const navToggleRef = useRef<HTMLButtonElement>(null);
  const showSessionEnded = sessionEnded && location.pathname !== '/login';
  const sessionEndedRef = useRef<HTMLDivElement>(null);

  // The session ended under the user's hands (a comment sent, a form saved): what they were in
  // may be gone with it (the comment form is for the signed-in), and focus with it – to <body>,
  // where keyboard and screen reader users are lost. Focus then goes to the note that says why
  // and leads back in; focus the user still has stays where it is. What unmounts only after the
  // next load (the page turning into its anonymous view) is watched until focus moves on.
  useEffect(() => {
    if (!showSessionEnded) return;
    const held = document.activeElement;
    const lost = () => {
      const now = document.activeElement;
      return !now || now === document.body || !now.isConnected;
    };
    const toNote = () => sessionEndedRef.current?.focus();
    if (lost()) {
      toNote();
      return;
    }
    const main = mainRef.current;
    if (!main || !held || held === document.body) return;
    const observer = new MutationObserver(() => {
      if (!held.isConnected && lost()) {
        stop();
        toNote();
      }
    });
    const onFocusIn = () => stop();
    const stop = () => {
      observer.disconnect();
      document.removeEventListener('focusin', onFocusIn);
    };
    observer.observe(main, { childList: true, subtree: true });
    document.addEventListener('focusin', onFocusIn);
    return stop;
  }, [showSessionEnded]);

  // Escape closes the phone menu and returns focus to its button, as the user menu does.
  useEffect(() => {
    if (!navOpen) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        setNavOpen(false);
        navToggleRef.current?.focus();
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [navOpen]);

  // Where each history entry was scrolled to, so Back and Forward return there (a list the
  // user had scrolled through and loaded more of comes back at the same place).
  const navigationType = useNavigationType();
  const scrolled = useRef(new Map<string, number>());
  // A layout effect: the old entry stops listening before the new page's (shorter) content
  // can make the browser report a scroll that is not the user's.
  useLayoutEffect(() => {
    const key = location.key;
    const remember = () => scrolled.current.set(key, window.scrollY);
    window.addEventListener('scroll', remember, { passive: true });
    return () => window.removeEventListener('scroll', remember);
  }, [location.key]);

  // After client-side navigation, move focus to the new page's heading so screen reader
  // and keyboard users start at the content (the first load keeps the browser's default);
  // a new page starts at the top, a page revisited by Back or Forward where it was left.
  // An address update in place (a new draft's first save, see IN_PLACE) is no new page: focus
  // and scroll stay, or the writer's next keystrokes would land on the heading.
  // A layout whose sub-pages share the h1 (the admin area) marks the heading that names the
  // new sub-page with data-route-focus: that one takes the focus instead.
  const inPlace = navigationType === 'REPLACE' && isInPlace(location.state);
  useEffect(() => {
    setNavOpen(false);
    if (first.current) {
      first.current = false;
      return;
    }
    if (location.hash || inPlace) return;
    const back = navigationType === 'POP' ? scrolled.current.get(location.key) : undefined;
    let tries = 0;
    const focus = () => {
      const heading = mainRef.current?.querySelector<HTMLElement>('[data-route-focus]') ?? mainRef.current?.querySelector<HTMLElement>('h1');
      if (heading) {
        heading.setAttribute('tabindex', '-1');
        heading.focus({ preventScroll: true });
        window.scrollTo(0, back ?? 0);
      } else if (tries++ < 20) {
        requestAnimationFrame(focus);
      } else {
        mainRef.current?.focus({ preventScroll: true });
      }
    };
    requestAnimationFrame(focus);
    window.scrollTo(0, back ?? 0);
  }, [location.pathname, location.hash]);

  const items = navItems(user);
  const branding = tenant.data?.branding;
  const tenantName = tenant.data?.name ?? '';

  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        {t('nav.skip')}
      </a>
      <header className="site-header">
        <div className="site-header__inner">
          <Link to="/" className="brand">
            {branding?.logoUrl ? (
              <img className="brand__logo" src={branding.logoUrl} alt="" />
            ) : (
              <span className="brand__mark" aria-hidden="true">
                IW
              </span>
            )}
            <span className="brand__text">
              <span className="brand__product">{t('app.name')}</span>
              {tenantName && <span className="brand__tenant">{tenantName}</span>}
            </span>
          </Link>
          <div className="header-tools">
            <LanguageSwitch />
            {status === 'authenticated' && <UserMenu />}
            <button
              ref={navToggleRef}
              type="button"
              className="btn btn--ghost nav-toggle"
              aria-expanded={navOpen}
              aria-controls="main-nav"
              onClick={() => setNavOpen((o) => !o)}
            >
              <span aria-hidden="true">☰</span>
              <span className="visually-hidden">{t('nav.menu')}</span>
            </button>
          </div>
          {/* After the menu button in the DOM: on phones these take a row of their own below it
              (see .header-auth in global.css), so focus order follows the visual order. */}
          {status === 'anonymous' && (
            <div className="header-auth">
              <ButtonLink to="/login" variant="ghost" size="small">
                {t('nav.login')}
              </ButtonLink>
              <ButtonLink to="/register" variant="primary" size="small">
                {t('nav.register')}
              </ButtonLink>
            </div>
          )}
        </div>
      </header>
      <nav id="main-nav" className="main-nav" aria-label={t('nav.label')} data-open={navOpen}>
        <ul className="main-nav__list">
          {items.map((item) => (
            <li key={item.to}>
              <NavLink to={item.to} end={item.end} className="main-nav__link">
                {t(`nav.${item.label}`)}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <main id="main" className="page" ref={mainRef} tabIndex={-1}>
        {/* A page open when the session ended (expired, account deactivated): say so, rather
            than let it turn into the anonymous view of the same page without a word. */}
        {showSessionEnded && (
          // Focusable from script (Alert has tabIndex -1): focus comes here when it was lost with the session.
          <Alert ref={sessionEndedRef} kind="warning" live>
            <p className="mb-0">
              {t('auth.login.sessionExpired')}{' '}
              <Link to={`/login?next=${encodeURIComponent(location.pathname + location.search)}&expired=1`}>{t('auth.login.submit')}</Link>
            </p>
          </Alert>
        )}
        <Outlet />
      </main>
      <footer className="site-footer" aria-label={t('footer.label')}>
        <div className="site-footer__inner">
          <span>
            © {new Date().getFullYear()} {tenantName || t('app.name')}
          </span>
          <ul>
            {branding?.imprintUrl && (
              <li>
                <a href={branding.imprintUrl}>{t('footer.imprint')}</a>
              </li>
            )}
            {branding?.privacyUrl && (
              <li>
                <a href={branding.privacyUrl}>{t('footer.privacy')}</a>
              </li>
            )}
            <li>
              <Link to="/accessibility">{t('footer.accessibility')}</Link>
            </li>
            {branding?.contactEmail && (
              <li>
                <a href={`mailto:${branding.contactEmail}`}>{t('footer.contact')}</a>
              </li>
            )}
            <li>
              <a href="/api/v1/public/export.json">{t('footer.openData')}</a>
            </li>
          </ul>
        </div>
      </footer>
    </div>
  );
}
