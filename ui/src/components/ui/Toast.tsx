import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
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
 * A toast's message in a live region of its own (polite for info/success, assertive for
 * errors): screen readers announce the message alone, not the dismiss button beside it (which
 * is outside the region). The region is on the page a frame before its text – one that comes
 * with its content already in it is not announced by every screen reader.
 */
function ToastMessage({ kind, message }: { kind: ToastKind; message: string }) {
  const [text, setText] = useState('');
  useEffect(() => {
    let frame = requestAnimationFrame(() => {
      frame = requestAnimationFrame(() => setText(message));
    });
    return () => cancelAnimationFrame(frame);
  }, [message]);
  return (
    <span className="toast__text" role={kind === 'error' ? 'alert' : 'status'} aria-live={kind === 'error' ? 'assertive' : 'polite'} aria-atomic="true">
      {text}
    </span>
  );
}

/**
 * Toasts: each message announced by its own live region (see ToastMessage), each can be
 * dismissed; errors stay until then, the others go after a few seconds.
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
        <ToastMessage kind={toast.kind} message={toast.message} />
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
        {/* Not live themselves: only the messages are (the dismiss buttons would be read with every one). */}
        <div className="toasts">{render(toasts.filter((x) => x.kind !== 'error'))}</div>
        <div className="toasts">{render(toasts.filter((x) => x.kind === 'error'))}</div>
      </div>
    </ToastContext.Provider>
  );
}

export function useToast(): ToastApi {
  const ctx = useContext(ToastContext);
  if (!ctx) throw new Error('useToast outside ToastProvider');
  return ctx;
}
