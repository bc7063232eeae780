import { useEffect, useRef, useState } from 'react';
import { useSearchParams } from 'react-router';
import { useDebouncedValue } from './useDebouncedValue';

/**
 * A search box kept in the URL's `?q=`: returns the box's text and its setter. The text goes
 * into the URL once it settles (debounced). Starting a search adds a history entry, so Back
 * returns to the list without it; refining or clearing it replaces that entry (one entry per
 * keystroke would make Back useless). When Back, Forward or a link changes the URL, the box
 * follows, and the text typed before is not written back.
 */
export function useUrlSearch(delay = 300): [string, (text: string) => void] {
  const [params, setParams] = useSearchParams();
  const urlQ = params.get('q') ?? '';
  const [q, setQ] = useState(urlQ);
  const debouncedQ = useDebouncedValue(q, delay);
  const settled = useRef(debouncedQ);
  const written = useRef(urlQ);

  useEffect(() => {
    if (debouncedQ === settled.current) return;
    settled.current = debouncedQ;
    const text = debouncedQ.trim();
    if (text === urlQ) return;
    written.current = text;
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (text) next.set('q', text);
        else next.delete('q');
        return next;
      },
      { replace: urlQ !== '' },
    );
  }, [debouncedQ, urlQ, setParams]);

  useEffect(() => {
    if (urlQ === written.current) return;
    written.current = urlQ;
    setQ(urlQ);
  }, [urlQ]);

  return [q, setQ];
}
