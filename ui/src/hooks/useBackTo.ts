import { useLocation } from 'react-router';

/**
 * Lists hand their address (with filters and search) to the pages they link to as router
 * state `{ list }`; a page's way back returns there, else to `fallback`.
 */
export function useBackTo(fallback: string): string {
  const fromList = (useLocation().state as { list?: unknown } | null)?.list;
  return typeof fromList === 'string' && fromList.startsWith('/') && !fromList.startsWith('//') ? fromList : fallback;
}

/** The router state a list passes to the pages it links to (see useBackTo). */
export function useListState(): { list: string } {
  const location = useLocation();
  return { list: location.pathname + location.search };
}
