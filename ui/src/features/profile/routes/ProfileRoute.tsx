import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Alert, Button, Dialog, ErrorSummary, Field, Input, PageHeader, Select, Skeleton, fieldError, useErrorMessage, useToast } from '@/components/ui';
import { api, download, unwrap } from '@/lib/api-client';
import { useAuth } from '@/lib/auth';
import { switchLanguage, type Language } from '@/lib/i18n';
import type { Role, User } from '@/types/api';

const EVENTS = ['stage_changed', 'decision_made', 'review_assigned', 'review_due_soon', 'review_overdue', 'comment', 'mention', 'pilot_update', 'comment_hidden', 'sla_overdue', 'review_declined'] as const;
type Prefs = Record<(typeof EVENTS)[number], { inApp: boolean; email: boolean }>;
/** Events only some roles receive: the settings show them to those roles only. */
const EVENT_ROLES: Partial<Record<(typeof EVENTS)[number], Role>> = {
  review_assigned: 'reviewer',
  review_due_soon: 'reviewer',
  review_overdue: 'reviewer',
  sla_overdue: 'cdo',
  review_declined: 'cdo',
};

function readPrefs(user: User | null | undefined): Prefs {
  const raw = user?.notificationPreferences;
  return Object.fromEntries(EVENTS.map((e) => [e, { inApp: raw?.[e]?.inApp ?? true, email: raw?.[e]?.email ?? true }])) as Prefs;
}

export function ProfileRoute() {
  const { t, i18n } = useTranslation();
  const toast = useToast();
  const navigate = useNavigate();
  const errorMessage = useErrorMessage();
  const { setUser, hasRole, endSession } = useAuth();
  const me = useQuery({ queryKey: ['me'], queryFn: () => unwrap(api.GET('/me')) });
  const [displayName, setDisplayName] = useState('');
  const [locale, setLocale] = useState<Language>('de');
  const [prefs, setPrefs] = useState<Prefs>(readPrefs(null));
  const [pw, setPw] = useState({ current: '', next: '' });
  const [deleteOpen, setDeleteOpen] = useState(false);
  const [deletePw, setDeletePw] = useState('');
  const endSessionOnLeave = useRef(false);
  // Ended as a logout would be: the account is gone, no "session ended" banner to explain.
  useEffect(
    () => () => {
      if (endSessionOnLeave.current) endSession();
    },
    [endSession],
  );

  useEffect(() => {
    if (me.data) {
      setDisplayName(me.data.displayName);
      setLocale(me.data.locale);
      setPrefs(readPrefs(me.data));
    }
  }, [me.data]);

  const saveAccount = useMutation({
    mutationFn: () => unwrap(api.PATCH('/me', { body: { displayName: displayName.trim(), locale } })),
    onSuccess: async (u) => {
      setUser(u);
      await switchLanguage(i18n, u.locale);
      toast.success(t('profile.saved'));
    },
  });
  const savePrefs = useMutation({
    mutationFn: () => unwrap(api.PATCH('/me', { body: { notificationPreferences: prefs } })),
    onSuccess: () => toast.success(t('profile.prefsSaved')),
    onError: (err) => toast.error(errorMessage(err)),
  });
  const changePw = useMutation({
    mutationFn: () => unwrap(api.POST('/me/password', { body: { currentPassword: pw.current, newPassword: pw.next } })),
    onSuccess: () => {
      setPw({ current: '', next: '' });
      toast.success(t('profile.passwordChanged'));
    },
  });
  const remove = useMutation({
    mutationFn: () => unwrap(api.DELETE('/me', { body: me.data?.sso ? { confirm: true } : { password: deletePw } })),
    // A wrong (or missing) password is the password field's error: focus goes there, so it is read out with the field.
    onError: (err) => {
      if (fieldError(err, 'password')) document.getElementById('del-pw')?.focus();
    },
    onSuccess: () => {
      // Leave the signed-in page first; the session ends when this page is gone (below).
      // Ended while the profile is still shown, the sign-in page would take over to lead back
      // to a profile that no longer exists.
      endSessionOnLeave.current = true;
      toast.success(t('profile.deleted'));
      void navigate('/', { replace: true });
    },
  });

  if (me.isPending) return <Skeleton lines={8} />;
  if (me.isError) return <Alert kind="error">{errorMessage(me.error)}</Alert>;
  const u = me.data;

  return (
    <div className="page--medium">
      <PageHeader title={t('profile.title')} />
      <div className="stack">
        <section className="card" aria-labelledby="acc-h">
          <h2 id="acc-h">{t('profile.account')}</h2>
          <form
            noValidate
            onSubmit={(e: FormEvent) => {
              e.preventDefault();
              saveAccount.mutate();
            }}
          >
            <ErrorSummary error={saveAccount.error} fieldIds={{ displayName: 'p-name' }} labels={{ displayName: t('profile.displayName') }} />
            <Field label={t('profile.email')} id="p-email">
              <Input value={u.email ?? ''} readOnly />
            </Field>
            <Field label={t('profile.displayName')} required id="p-name" error={fieldError(saveAccount.error, 'displayName')}>
              <Input value={displayName} autoComplete="nickname" maxLength={80} onChange={(e) => setDisplayName(e.target.value)} />
            </Field>
            <Field label={t('profile.language')} id="p-locale">
              <Select value={locale} onChange={(e) => setLocale(e.target.value as Language)}>
                <option value="de" lang="de">{t('header.languageName.de')}</option>
                <option value="en" lang="en">{t('header.languageName.en')}</option>
              </Select>
            </Field>
            <p className="meta">
              {t('profile.roles')}: {u.roles.map((r) => t(`role.${r}`)).join(', ')}
            </p>
            <Button type="submit" variant="primary" loading={saveAccount.isPending}>
              {t('common.save')}
            </Button>
          </form>
        </section>

        <section className="card" aria-labelledby="notif-h">
          <h2 id="notif-h">{t('profile.notifications')}</h2>
          <p className="meta">{t('profile.notificationsIntro')}</p>
          <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="notif-h">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">{t('profile.event')}</th>
                  <th scope="col">{t('profile.inApp')}</th>
                  <th scope="col">{t('profile.byEmail')}</th>
                </tr>
              </thead>
              <tbody>
                {EVENTS.filter((ev) => !EVENT_ROLES[ev] || hasRole(EVENT_ROLES[ev])).map((ev) => (
                  <tr key={ev}>
                    <th scope="row">{t(`profile.events.${ev}`)}</th>
                    {(['inApp', 'email'] as const).map((ch) => (
                      <td key={ch}>
                        <input
                          type="checkbox"
                          aria-label={`${t(`profile.events.${ev}`)}: ${ch === 'inApp' ? t('profile.inApp') : t('profile.byEmail')}`}
                          checked={prefs[ev][ch]}
                          onChange={(e) => setPrefs((p) => ({ ...p, [ev]: { ...p[ev], [ch]: e.target.checked } }))}
                          style={{ width: '1.25rem', height: '1.25rem' }}
                        />
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Button className="mt-4" variant="primary" loading={savePrefs.isPending} onClick={() => savePrefs.mutate()}>
            {t('common.save')}
          </Button>
        </section>

        <section className="card" aria-labelledby="pw-h">
          <h2 id="pw-h">{t('profile.password')}</h2>
          {u.sso ? (
            <p>{t('profile.ssoPassword')}</p>
          ) : (
            <form
              noValidate
              onSubmit={(e) => {
                e.preventDefault();
                changePw.mutate();
              }}
            >
              <ErrorSummary
                error={changePw.error}
                fieldIds={{ currentPassword: 'pw-current', newPassword: 'pw-new' }}
                labels={{ currentPassword: t('profile.currentPassword'), newPassword: t('profile.newPassword') }}
              />
              <Field label={t('profile.currentPassword')} required id="pw-current" error={fieldError(changePw.error, 'currentPassword')}>
                <Input type="password" autoComplete="current-password" value={pw.current} onChange={(e) => setPw((p) => ({ ...p, current: e.target.value }))} />
              </Field>
              <Field label={t('profile.newPassword')} hint={t('auth.passwordHint')} required id="pw-new" error={fieldError(changePw.error, 'newPassword')}>
                <Input type="password" autoComplete="new-password" value={pw.next} onChange={(e) => setPw((p) => ({ ...p, next: e.target.value }))} />
              </Field>
              <Button type="submit" loading={changePw.isPending}>
                {t('profile.password')}
              </Button>
            </form>
          )}
        </section>

        <section className="card" aria-labelledby="data-h">
          <h2 id="data-h">{t('profile.data')}</h2>
          <p>{t('profile.exportText')}</p>
          <Button onClick={() => download('/me/export', t('profile.exportFile')).catch((err) => toast.error(errorMessage(err)))}>{t('profile.export')}</Button>
          <h3 className="mt-5">{t('profile.deleteTitle')}</h3>
          {u.roles.includes('admin') ? (
            <p>{t('profile.deleteAdmin')}</p>
          ) : (
            <>
              <p>{t('profile.deleteText')}</p>
              <Button variant="danger" onClick={() => setDeleteOpen(true)}>
                {t('profile.deleteButton')}
              </Button>
            </>
          )}
        </section>
      </div>
      <Dialog
        open={deleteOpen}
        role="alertdialog"
        title={t('profile.deleteConfirmTitle')}
        onClose={() => {
          setDeleteOpen(false);
          remove.reset();
        }}
        footer={
          <>
            <Button
              onClick={() => {
                setDeleteOpen(false);
                remove.reset();
              }}
            >
              {t('common.cancel')}
            </Button>
            <Button variant="danger" loading={remove.isPending} disabled={!u.sso && !deletePw} onClick={() => remove.mutate()}>
              {t('profile.deleteButton')}
            </Button>
          </>
        }
      >
        <p>{t('profile.deleteConfirm')}</p>
        {/* The password's own problem stands at the field; anything else (a refusal, no connection) above it. */}
        <ErrorSummary error={!u.sso && fieldError(remove.error, 'password') ? null : remove.error} />
        {!u.sso && (
          <Field label={t('auth.password')} required id="del-pw" error={fieldError(remove.error, 'password')}>
            <Input type="password" autoComplete="current-password" value={deletePw} onChange={(e) => setDeletePw(e.target.value)} />
          </Field>
        )}
      </Dialog>
    </div>
  );
}
