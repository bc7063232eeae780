import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError } from '@/lib/api-client';

export type AutosaveStatus = 'idle' | 'waiting' | 'saving' | 'saved' | 'error' | 'stale';

export interface AutosaveState {
  status: AutosaveStatus;
  savedAt?: Date;
  error?: unknown;
}

/**
 * Saves `value` a moment after it stops changing. One save at a time; edits made during a
 * save are saved right after it. A stale write (412) stops autosaving, because silently
 * overwriting someone else's change is exactly what must not happen. Content the API refused
 * as invalid (400) is not sent again by itself — only once it changes, or by flush().
 */
export function useAutosave<T>({
  value,
  enabled,
  save,
  delay = 1500,
}: {
  value: T;
  enabled: boolean;
  save: (value: T) => Promise<void>;
  delay?: number;
}) {
  const [state, setState] = useState<AutosaveState>({ status: 'idle' });
  const lastSaved = useRef<string>(JSON.stringify(value));
  const latest = useRef(value);
  latest.current = value;
  const saveRef = useRef(save);
  saveRef.current = save;
  const inFlight = useRef<Promise<void> | null>(null);
  const dirtyWhileSaving = useRef(false);
  const stale = useRef(false);
  const refused = useRef<string | null>(null);

  const run = useCallback(async (): Promise<void> => {
    if (stale.current) return;
    if (inFlight.current) {
      dirtyWhileSaving.current = true;
      return inFlight.current;
    }
    const v = latest.current;
    const snap = JSON.stringify(v);
    if (snap === lastSaved.current) return;
    setState((s) => ({ ...s, status: 'saving' }));
    const p = (async () => {
      try {
        await saveRef.current(v);
        lastSaved.current = snap;
        refused.current = null;
        // Edits made while this save was in flight are not saved yet: say so, not "saved".
        const pending = JSON.stringify(latest.current) !== snap;
        setState({ status: pending ? 'waiting' : 'saved', savedAt: new Date() });
      } catch (err) {
        if (err instanceof ApiError && (err.status === 412 || err.code === 'precondition_failed')) stale.current = true;
        if (err instanceof ApiError && err.status === 400) refused.current = snap;
        setState({ status: stale.current ? 'stale' : 'error', error: err });
        throw err;
      }
    })();
    inFlight.current = p;
    try {
      await p;
    } finally {
      inFlight.current = null;
      if (dirtyWhileSaving.current && !stale.current) {
        dirtyWhileSaving.current = false;
        void run().catch(() => undefined);
      }
    }
  }, []);

  useEffect(() => {
    if (!enabled || stale.current) return;
    const snap = JSON.stringify(value);
    if (snap === lastSaved.current || snap === refused.current) return;
    setState((s) => (s.status === 'saving' ? s : { ...s, status: 'waiting' }));
    const t = setTimeout(() => {
      if (JSON.stringify(latest.current) === refused.current) return; // refused meanwhile by a manual save
      void run().catch(() => undefined);
    }, delay);
    return () => clearTimeout(t);
  }, [value, enabled, delay, run]);

  /** Saves now (waiting for a running save first); rejects if saving fails. */
  const flush = useCallback(async () => {
    if (inFlight.current) await inFlight.current.catch(() => undefined);
    await run();
  }, [run]);

  /** Declares `v` as saved, e.g. after loading the server's version. */
  const reset = useCallback((v: T) => {
    lastSaved.current = JSON.stringify(v);
    stale.current = false;
    setState({ status: 'idle' });
  }, []);

  const dirty = JSON.stringify(value) !== lastSaved.current;
  return { ...state, flush, reset, dirty };
}
