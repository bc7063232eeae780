import { useEffect, useId, useRef, type ReactNode } from 'react';
import { createPortal } from 'react-dom';
import { useTranslation } from 'react-i18next';

const FOCUSABLE =
  'a[href], area[href], button:not([disabled]), input:not([disabled]):not([type="hidden"]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

export interface DialogProps {
  open: boolean;
  title: ReactNode;
  onClose(): void;
  children: ReactNode;
  footer?: ReactNode;
  wide?: boolean;
  /** Element to focus first; defaults to the first field or button in the body. */
  initialFocus?: React.RefObject<HTMLElement | null>;
  /** Role alertdialog for confirmations of destructive actions. */
  role?: 'dialog' | 'alertdialog';
  describedBy?: string;
  /**
   * False for dialogs that must be left through their own button (e.g. a secret shown only
   * once): Escape, the backdrop and the close button do nothing then.
   */
  dismissible?: boolean;
}

/**
 * A modal dialog: focus moves in on open, Tab and Shift+Tab stay inside, Escape closes,
 * focus returns to the element that opened it, and the page behind is inert.
 */
export function Dialog({ open, title, onClose, children, footer, wide, initialFocus, role = 'dialog', describedBy, dismissible = true }: DialogProps) {
  const { t } = useTranslation();
  const titleId = useId();
  const ref = useRef<HTMLDivElement>(null);
  const onCloseRef = useRef(onClose);
  onCloseRef.current = onClose;
  const dismissibleRef = useRef(dismissible);
  dismissibleRef.current = dismissible;

  useEffect(() => {
    if (!open) return;
    const opener = document.activeElement as HTMLElement | null;
    const root = document.getElementById('root');
    root?.setAttribute('inert', '');
    const node = ref.current!;
    const first =
      initialFocus?.current ??
      node.querySelector('.dialog__body')?.querySelector<HTMLElement>(FOCUSABLE) ??
      node.querySelector<HTMLElement>(FOCUSABLE);
    (first ?? node).focus();

    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        e.stopPropagation();
        if (dismissibleRef.current) onCloseRef.current();
        return;
      }
      if (e.key !== 'Tab') return;
      const items = Array.from(node.querySelectorAll<HTMLElement>(FOCUSABLE)).filter((el) => !el.hasAttribute('inert'));
      if (items.length === 0) {
        e.preventDefault();
        return;
      }
      const firstEl = items[0];
      const lastEl = items[items.length - 1];
      if (e.shiftKey && document.activeElement === firstEl) {
        e.preventDefault();
        lastEl.focus();
      } else if (!e.shiftKey && document.activeElement === lastEl) {
        e.preventDefault();
        firstEl.focus();
      }
    };
    node.addEventListener('keydown', onKey);
    return () => {
      node.removeEventListener('keydown', onKey);
      root?.removeAttribute('inert');
      // Back to the opener; if it is gone (its row was deleted), to the page's content.
      if (opener && document.contains(opener)) opener.focus();
      else document.getElementById('main')?.focus();
    };
    // initialFocus is read once on open
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open]);

  if (!open) return null;
  return createPortal(
    <div className="dialog-backdrop" onMouseDown={(e) => dismissible && e.target === e.currentTarget && onClose()}>
      <div
        ref={ref}
        role={role}
        aria-modal="true"
        aria-labelledby={titleId}
        aria-describedby={describedBy}
        className={wide ? 'dialog dialog--wide' : 'dialog'}
        tabIndex={-1}
      >
        <div className="dialog__header">
          <h2 id={titleId}>{title}</h2>
          {dismissible && (
            <button type="button" className="btn btn--ghost btn--small" onClick={onClose}>
              <span aria-hidden="true">✕</span>
              <span className="visually-hidden">{t('common.close')}</span>
            </button>
          )}
        </div>
        <div className="dialog__body">{children}</div>
        {footer && <div className="dialog__footer">{footer}</div>}
      </div>
    </div>,
    document.body,
  );
}
