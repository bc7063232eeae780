import { useEffect, useRef } from 'react';

/**
 * "Load more" that keeps keyboard and screen reader users in place: once the next page is in,
 * focus moves to the first new item — its first link (target "link"; the item itself when it
 * has none), or the item itself, made focusable (target "item": a comment, whose links are
 * incidental). On the last page the button disappears, and focus would otherwise fall
 * back to <body>. Focus is moved only when it is still on the button or was lost with it,
 * never away from where the user went meanwhile.
 */
export function useLoadMoreFocus<L extends HTMLElement = HTMLUListElement>(count: number, target: 'link' | 'item' = 'link') {
  const listRef = useRef<L>(null);
  const moreRef = useRef<HTMLButtonElement>(null);
  const focusFrom = useRef<number | null>(null);
  useEffect(() => {
    const from = focusFrom.current;
    if (from === null || count <= from) return;
    focusFrom.current = null;
    const active = document.activeElement;
    if (active && active !== document.body && active !== moreRef.current) return;
    const item = listRef.current?.children[from] as HTMLElement | undefined;
    const link = target === 'link' ? item?.querySelector<HTMLElement>('a[href]') : null;
    if (link) {
      link.focus();
    } else if (item) {
      item.setAttribute('tabindex', '-1');
      item.focus();
    }
  }, [count, target]);
  /** The button's click: fetches the next page and remembers where the new items start. */
  const loadMore = (fetchNext: () => Promise<{ isError: boolean }>) => {
    focusFrom.current = count;
    void fetchNext().then((r) => {
      if (r.isError) focusFrom.current = null;
    });
  };
  return { listRef, moreRef, loadMore };
}
