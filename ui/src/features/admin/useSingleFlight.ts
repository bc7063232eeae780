import { useCallback, useRef, useState } from 'react';

/**
 * Lets an action send its request at most once at a time. A double click on "Anlegen" (or
 * Enter pressed twice) reaches the submit handler a second time before React has re-rendered
 * the button as busy, so `mutation.isPending` alone cannot stop it: the second POST would
 * create a duplicate (a webhook) or be refused with a conflict the first request caused (a
 * department's code). While a request is in flight, further calls are ignored and `busy` is
 * true for the button's `loading`.
 *
 *   const saving = useSingleFlight();
 *   saving.run(() => save.mutateAsync(draft, { onSuccess: … }));
 *
 * The request's error stays on the mutation (`mutation.error`, `onError`); the promise
 * rejection is swallowed here.
 */
export function useSingleFlight() {
  const inFlight = useRef(false);
  const [busy, setBusy] = useState(false);
  const run = useCallback((send: () => Promise<unknown>) => {
    if (inFlight.current) return;
    inFlight.current = true;
    setBusy(true);
    // new Promise: a synchronous throw in send() ends the flight as well.
    void new Promise((resolve) => resolve(send()))
      .catch(() => undefined)
      .finally(() => {
        inFlight.current = false;
        setBusy(false);
      });
  }, []);
  return { run, busy };
}
