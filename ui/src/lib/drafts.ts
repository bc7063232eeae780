import { useCallback, useEffect, useState } from 'react';

/**
 * Text a user has typed but not yet sent (a comment), kept in this tab's sessionStorage so
 * it survives a reload and a session that ends while typing: after signing in again the
 * same user finds it in the field. Stored with the user's ID, so someone else signing in
 * at the same browser tab does not see it; a logout clears every kept draft.
 */
const PREFIX = 'ideenwerk.draft.';

type Stored = { user: string; text: string };

function read(key: string): Stored | null {
  try {
    const raw = window.sessionStorage.getItem(PREFIX + key);
    if (!raw) return null;
    const v = JSON.parse(raw) as Partial<Stored>;
    return typeof v.user === 'string' && typeof v.text === 'string' ? { user: v.user, text: v.text } : null;
  } catch {
    return null; // storage off (private mode) or a value that is not ours
  }
}

function write(key: string, v: Stored | null) {
  try {
    if (v) window.sessionStorage.setItem(PREFIX + key, JSON.stringify(v));
    else window.sessionStorage.removeItem(PREFIX + key);
  } catch {
    // Storage full or off: the draft lives only as long as the page.
  }
}

const ownText = (key: string, userId: string | undefined) => {
  const s = userId ? read(key) : null;
  return s && s.user === userId ? s.text : '';
};

/**
 * A text field's value that is kept for `userId` under `key`. Returns the text, its setter
 * (an empty text forgets the draft) and whether a draft is kept while nobody is signed in.
 */
export function useKeptDraft(key: string, userId: string | undefined): [string, (text: string) => void, boolean] {
  const [text, setText] = useState(() => ownText(key, userId));
  // Signing in again (or as someone else) takes up that user's draft; signing out leaves
  // the field as it is (it is not shown then) and the draft kept.
  useEffect(() => {
    if (userId) setText(ownText(key, userId));
  }, [key, userId]);
  const update = useCallback(
    (v: string) => {
      setText(v);
      if (userId) write(key, v ? { user: userId, text: v } : null);
    },
    [key, userId],
  );
  return [text, update, !userId && read(key) !== null];
}

/** Forgets every kept draft of this tab (on logout). */
export function clearKeptDrafts() {
  try {
    const keys: string[] = [];
    for (let i = 0; i < window.sessionStorage.length; i++) {
      const k = window.sessionStorage.key(i);
      if (k?.startsWith(PREFIX)) keys.push(k);
    }
    keys.forEach((k) => window.sessionStorage.removeItem(k));
  } catch {
    // nothing kept
  }
}
