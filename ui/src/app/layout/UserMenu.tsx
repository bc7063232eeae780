import { useEffect, useId, useRef, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useQuery } from '@tanstack/react-query';
import { useAuth } from '@/lib/auth';
import { api, unwrap } from '@/lib/api-client';
import { useToast } from '@/components/ui/Toast';

/** A disclosure (button + panel of links): Escape, clicks outside and focus moving out close it. */
export function UserMenu() {
  const { t } = useTranslation();
  const { user, logout } = useAuth();
  const toast = useToast();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const rootRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const inbox = useQuery({
    queryKey: ['notifications', 'unread'],
    queryFn: () => unwrap(api.GET('/me/notifications/unread')),
    enabled: !!user,
    refetchInterval: 60_000,
    retry: false,
  });
  const unread = inbox.data?.unreadCount ?? 0;

  useEffect(() => {
    if (!open) return;
    const onDown = (e: MouseEvent) => {
      if (!rootRef.current?.contains(e.target as Node)) setOpen(false);
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        setOpen(false);
        buttonRef.current?.focus();
      }
    };
    document.addEventListener('mousedown', onDown);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('mousedown', onDown);
      document.removeEventListener('keydown', onKey);
    };
  }, [open]);

  if (!user) return null;
  const initials = initialsOf(user.displayName);

  return (
    <div
      className="disclosure"
      ref={rootRef}
      // Tab past the last item (or Shift+Tab before the button) leaves the menu: it closes, not
      // to stay open over the page. Focus going nowhere (another window) leaves it as it is.
      onBlur={(e) => {
        const next = e.relatedTarget as Node | null;
        if (open && next && !rootRef.current?.contains(next)) setOpen(false);
      }}
    >
      <button
        ref={buttonRef}
        type="button"
        className="btn btn--ghost"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((o) => !o)}
      >
        <span className="brand__mark" aria-hidden="true" style={{ width: '2rem', height: '2rem', fontSize: '0.85rem' }}>
          {initials || '?'}
        </span>
        <span className="btn__label">{user.displayName}</span>
        <span className="visually-hidden">{t('header.userMenu')}</span>
        {unread > 0 && (
          <>
            <span className="count-badge" aria-hidden="true">
              {unread}
            </span>
            <span className="visually-hidden">{t('header.unread', { count: unread })}</span>
          </>
        )}
      </button>
      <div id={panelId} className="disclosure__panel" hidden={!open}>
        <p className="disclosure__meta">{t('header.signedInAs', { name: user.displayName })}</p>
        <ul>
          <li>
            <Link className="disclosure__item" to="/profile" onClick={() => setOpen(false)}>
              {t('header.profile')}
            </Link>
          </li>
          <li>
            <Link className="disclosure__item" to="/notifications" onClick={() => setOpen(false)}>
              {t('header.notifications')}
              {unread > 0 && <> ({unread})</>}
            </Link>
          </li>
          <li>
            <button
              type="button"
              className="disclosure__item"
              onClick={async () => {
                setOpen(false);
                await logout();
                toast.show(t('header.loggedOut'));
                navigate('/');
              }}
            >
              {t('header.logout')}
            </button>
          </li>
        </ul>
      </div>
    </div>
  );
}

/** The first letters (or digits) of the first two words of a name that have one: "<b>Erika</b> M." gives "EM". */
export function initialsOf(name: string): string {
  return name
    .split(/\s+/)
    .map((w) => w.match(/[\p{L}\p{N}]/u)?.[0] ?? '')
    .filter(Boolean)
    .slice(0, 2)
    .join('')
    .toUpperCase();
}
