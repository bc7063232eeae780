import { createContext, useCallback, useContext, useMemo, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

export type ToastKind = 'info' | 'success' | 'error';
export interface Toast {
  id: number;
  kind: ToastKind;
  message: string;
}

interface ToastApi {
  show(message: string, kind?: ToastKind): void;
  success(message: string): void;
  error(message: string): void;
}

const ToastContext = createContext<ToastApi | null>(null);

const TIMEOUT_MS = 6000;

/**
 * Toasts live in two always-present live regions (polite for info/success, assertive for
 * errors), so screen readers announce them; each can be dismissed, errors stay until then.
 */
export function ToastProvider({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const [toasts, setToasts] = useState<Toast[]>([]);
  const next = useRef(1);

  const dismiss = useCallback((id: number) => setToasts((all) => all.filter((x) => x.id !== id)), []);

  const show = useCallback(
    (message: string, kind: ToastKind = 'info') => {
      const id = next.current++;
      // At most three at a time: on a phone more would cover the page.
      setToasts((all) => [...all.slice(-2), { id, kind, message }]);
      if (kind !== 'error') setTimeout(() => dismiss(id), TIMEOUT_MS);
    },
    [dismiss],
  );

  const api = useMemo<ToastApi>(
    () => ({ show, success: (m) => show(m, 'success'), error: (m) => show(m, 'error') }),
    [show],
  );

  const render = (list: Toast[]) =>
    list.map((toast) => (
      <div key={toast.id} className={`toast toast--${toast.kind}`}>
        <span className="toast__text">{toast.message}</span>
        <button type="button" className="btn btn--ghost btn--small" onClick={() => dismiss(toast.id)}>
          <span aria-hidden="true">✕</span>
          <span className="visually-hidden">{t('common.dismiss')}</span>
        </button>
      </div>
    ));

  return (
    <ToastContext.Provider value={api}>
      {children}
      <div className="toasts-region">
        <div className="toasts" role="status" aria-live="polite" aria-label={t('common.notifications')}>
          {render(toasts.filter((x) => x.kind !== 'error'))}
        </div>
        <div className="toasts" role="alert" aria-live="assertive">
          {render(toasts.filter((x) => x.kind === 'error'))}
        </div>
      </div>
    </ToastContext.Provider>
  );
}

export function useToast(): ToastApi {
  const ctx = useContext(ToastContext);
  if (!ctx) throw new Error('useToast outside ToastProvider');
  return ctx;
}
