import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Button, ConfirmDialog, Dialog, ErrorSummary, Field, Input, Skeleton, fieldError, useErrorMessage, useToast } from '@/components/ui';
import { useFormat } from '@/lib/format';
import { localizeFieldError } from '@/lib/server-messages';
import type { Webhook, WebhookEvent, WebhookResult } from '@/types/api';
import { useDeleteWebhook, useRotateWebhookSecret, useSaveWebhook, useTestWebhook, useWebhooks, type WebhookDraft } from '../api';
import { useSingleFlight } from '../useSingleFlight';

const EVENTS: WebhookEvent[] = ['idea.submitted', 'idea.stage_changed', 'idea.decided'];

/** Outgoing webhooks: which systems hear about new ideas, stage changes and decisions. */
export function WebhooksRoute() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const toast = useToast();
  const errorMessage = useErrorMessage();
  const hooks = useWebhooks();
  const save = useSaveWebhook();
  const remove = useDeleteWebhook();
  const rotate = useRotateWebhookSecret();
  const test = useTestWebhook();
  // One request per click, however fast the admin double-clicks (see useSingleFlight).
  const saveFlight = useSingleFlight();
  const rotateFlight = useSingleFlight();
  const removeFlight = useSingleFlight();
  const testFlight = useSingleFlight();
  const [editing, setEditing] = useState<WebhookDraft | null>(null);
  const [secret, setSecret] = useState<{ url: string; secret: string } | null>(null);
  const [deleting, setDeleting] = useState<Webhook | null>(null);
  const [rotating, setRotating] = useState<Webhook | null>(null);
  const newButton = useRef<HTMLButtonElement>(null);

  // The receiver's answer or what kept it from answering, in the admin's language (the
  // API's technical error text stays in the server's log and the outbox).
  const resultText = (r: WebhookResult) =>
    r.ok
      ? t('webhooks.resultOk', { status: r.status, ms: r.durationMs })
      : r.status
        ? t('webhooks.resultStatus', { status: r.status })
        : t('webhooks.resultNoAnswer', { error: t(`webhooks.errorKind.${r.errorKind ?? 'other'}`) });

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const draft = editing!;
    saveFlight.run(() =>
      save.mutateAsync(draft, {
        onSuccess: (w) => {
          setEditing(null);
          if ('secret' in w && w.secret) setSecret({ url: w.url, secret: w.secret });
          else toast.success(t('admin.saved'));
        },
      }),
    );
  };

  const eventsError = localizeFieldError(t, fieldError(save.error, 'events'));
  const toggleEvent = (ev: WebhookEvent, on: boolean) =>
    setEditing((d) => d && { ...d, events: EVENTS.filter((x) => (x === ev ? on : d.events.includes(x))) });

  return (
    <div className="stack">
      <p className="meta">{t('webhooks.intro')}</p>
      <div className="row">
        <Button
          ref={newButton}
          variant="primary"
          onClick={() => {
            save.reset();
            setEditing({ url: '', description: '', events: ['idea.submitted', 'idea.decided'], active: true });
          }}
        >
          {t('webhooks.new')}
        </Button>
      </div>
      {hooks.isPending ? (
        <Skeleton />
      ) : hooks.isError ? (
        <Alert kind="error">{errorMessage(hooks.error)}</Alert>
      ) : hooks.data.items.length === 0 ? (
        <p>{t('webhooks.empty')}</p>
      ) : (
        <div className="table-wrap" tabIndex={0} role="region" aria-label={t('webhooks.title')}>
          <table className="table">
            <caption className="visually-hidden">{t('webhooks.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('webhooks.url')}</th>
                <th scope="col">{t('webhooks.events')}</th>
                <th scope="col">{t('admin.status')}</th>
                <th scope="col">{t('webhooks.lastDelivery')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('common.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {hooks.data.items.map((w) => {
                const label = w.description || w.url;
                return (
                  <tr key={w.id}>
                    <th scope="row">
                      <span className="break-all">{w.url}</span>
                      {w.description && <div className="meta">{w.description}</div>}
                    </th>
                    <td>
                      <ul className="plain-list">
                        {w.events.map((ev) => (
                          <li key={ev}>{t(`webhooks.event.${ev}`)}</li>
                        ))}
                      </ul>
                    </td>
                    <td>{w.active ? t('webhooks.on') : t('webhooks.off')}</td>
                    <td>
                      {w.lastDelivery ? (
                        <>
                          <span className={w.lastDelivery.ok ? undefined : 'text-danger'}>{resultText(w.lastDelivery)}</span>
                          <div className="meta">{fmt.dateTime(w.lastDelivery.at)}</div>
                          {w.lastDelivery.error && (
                            // The technical detail for the IT department, in the server's words.
                            <div className="meta break-all">
                              {t('webhooks.technical')} <span lang="en">{w.lastDelivery.error}</span>
                            </div>
                          )}
                        </>
                      ) : (
                        t('webhooks.never')
                      )}
                    </td>
                    <td>
                      <div className="row">
                        <Button
                          size="small"
                          onClick={() => {
                            save.reset();
                            setEditing({ id: w.id, version: w.version, url: w.url, description: w.description, events: [...w.events], active: w.active });
                          }}
                        >
                          {t('common.edit')}
                          <span className="visually-hidden"> {label}</span>
                        </Button>
                        <Button
                          size="small"
                          loading={testFlight.busy && test.variables?.id === w.id}
                          onClick={() =>
                            testFlight.run(() =>
                              test.mutateAsync(w, {
                                onSuccess: (r) => (r.ok ? toast.success(t('webhooks.testOk', { result: resultText(r) })) : toast.error(t('webhooks.testFailed', { result: resultText(r) }))),
                                onError: (err) => toast.error(errorMessage(err)),
                              }),
                            )
                          }
                        >
                          {t('webhooks.test')}
                          <span className="visually-hidden"> {label}</span>
                        </Button>
                        <Button size="small" onClick={() => setRotating(w)}>
                          {t('webhooks.rotate')}
                          <span className="visually-hidden"> {label}</span>
                        </Button>
                        <Button size="small" variant="danger" onClick={() => setDeleting(w)}>
                          {t('common.delete')}
                          <span className="visually-hidden"> {label}</span>
                        </Button>
                      </div>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}

      <Dialog
        open={!!editing}
        title={editing?.id ? t('webhooks.edit') : t('webhooks.new')}
        onClose={() => setEditing(null)}
        footer={
          <>
            <Button onClick={() => setEditing(null)}>{t('common.cancel')}</Button>
            <Button variant="primary" type="submit" form="webhook-form" loading={saveFlight.busy || save.isPending}>
              {editing?.id ? t('common.save') : t('admin.create')}
            </Button>
          </>
        }
      >
        {editing && (
          <form id="webhook-form" noValidate onSubmit={onSubmit}>
            <ErrorSummary
              error={save.error}
              fieldIds={{ url: 'webhook-url', description: 'webhook-description', events: 'webhook-event-idea.submitted' }}
              labels={{ url: t('webhooks.url'), description: t('webhooks.description'), events: t('webhooks.events') }}
            />
            <Field label={t('webhooks.url')} required id="webhook-url" hint={t('webhooks.urlHint')} error={fieldError(save.error, 'url')}>
              <Input type="url" inputMode="url" autoComplete="off" spellCheck={false} maxLength={2000} value={editing.url} onChange={(e) => setEditing({ ...editing, url: e.target.value })} />
            </Field>
            <Field label={t('webhooks.description')} id="webhook-description" error={fieldError(save.error, 'description')}>
              <Input maxLength={200} value={editing.description} onChange={(e) => setEditing({ ...editing, description: e.target.value })} />
            </Field>
            <fieldset aria-describedby={eventsError ? 'webhook-events-error' : undefined}>
              <legend>{t('webhooks.events')}</legend>
              {eventsError && (
                <p className="field__error" id="webhook-events-error">
                  {eventsError}
                </p>
              )}
              {EVENTS.map((ev) => (
                <div className="choice" key={ev}>
                  <input type="checkbox" id={`webhook-event-${ev}`} checked={editing.events.includes(ev)} onChange={(e) => toggleEvent(ev, e.target.checked)} />
                  <label htmlFor={`webhook-event-${ev}`}>
                    {t(`webhooks.event.${ev}`)} <span className="meta">({ev})</span>
                  </label>
                </div>
              ))}
            </fieldset>
            <div className="choice">
              <input type="checkbox" id="webhook-active" checked={editing.active} onChange={(e) => setEditing({ ...editing, active: e.target.checked })} />
              <label htmlFor="webhook-active">{t('webhooks.active')}</label>
            </div>
          </form>
        )}
      </Dialog>

      <Dialog
        open={!!secret}
        title={t('webhooks.secretTitle')}
        onClose={() => setSecret(null)}
        dismissible={false}
        footer={
          <Button variant="primary" onClick={() => setSecret(null)}>
            {t('webhooks.secretDone')}
          </Button>
        }
      >
        {secret && (
          <>
            <Alert kind="warning">{t('webhooks.secretOnce')}</Alert>
            <p>{t('webhooks.secretFor', { url: secret.url })}</p>
            <Field label={t('webhooks.secret')} id="webhook-secret" hint={t('webhooks.secretHint')}>
              <Input readOnly value={secret.secret} spellCheck={false} onFocus={(e) => e.currentTarget.select()} />
            </Field>
            <Button
              onClick={() =>
                void navigator.clipboard?.writeText(secret.secret).then(
                  () => toast.success(t('webhooks.copied')),
                  () => toast.error(t('webhooks.copyFailed')),
                )
              }
            >
              {t('webhooks.copy')}
            </Button>
          </>
        )}
      </Dialog>

      <ConfirmDialog
        open={!!rotating}
        title={t('webhooks.rotateTitle')}
        message={t('webhooks.rotateMessage', { url: rotating?.url ?? '' })}
        confirmLabel={t('webhooks.rotate')}
        destructive={false}
        busy={rotateFlight.busy || rotate.isPending}
        onCancel={() => setRotating(null)}
        onConfirm={() => {
          const w0 = rotating!;
          rotateFlight.run(() =>
            rotate.mutateAsync(w0, {
              onSuccess: (w) => {
                setRotating(null);
                setSecret({ url: w.url, secret: w.secret });
              },
              onError: (err) => {
                setRotating(null);
                toast.error(errorMessage(err));
              },
            }),
          );
        }}
      />
      <ConfirmDialog
        open={!!deleting}
        title={t('webhooks.deleteTitle')}
        message={t('webhooks.deleteMessage', { url: deleting?.url ?? '' })}
        confirmLabel={t('common.delete')}
        busy={removeFlight.busy || remove.isPending}
        onCancel={() => setDeleting(null)}
        onConfirm={() => {
          const w0 = deleting!;
          removeFlight.run(() =>
            remove.mutateAsync(w0, {
              onSuccess: () => {
                setDeleting(null);
                toast.success(t('webhooks.deleted'));
                // The row and its buttons are gone: go on from "Neuer Webhook".
                requestAnimationFrame(() => newButton.current?.focus());
              },
              onError: (err) => {
                setDeleting(null);
                toast.error(errorMessage(err));
              },
            }),
          );
        }}
      />
    </div>
  );
}
