import { forwardRef, type ReactNode } from 'react';

export interface AlertProps {
  kind?: 'info' | 'success' | 'warning' | 'error';
  title?: ReactNode;
  children?: ReactNode;
  /** Announce immediately (role=alert) — for results of the user's own action. */
  live?: boolean;
}

export const Alert = forwardRef<HTMLDivElement, AlertProps>(function Alert({ kind = 'info', title, children, live }, ref) {
  return (
    <div
      ref={ref}
      className={`alert${kind === 'info' ? '' : ` alert--${kind}`}`}
      role={live ? (kind === 'error' ? 'alert' : 'status') : undefined}
      tabIndex={-1}
    >
      {title && <p className="alert__title">{title}</p>}
      {children}
    </div>
  );
});
