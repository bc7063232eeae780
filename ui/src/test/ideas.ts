import { json } from './utils';

/** An empty page of a list endpoint (or one of the given items). */
export const list = (items: unknown[] = []) => json({ items, nextCursor: null, total: items.length });

/** A draft as the API stores it (version 1), with the fields of body. */
export function storedDraft(body: Record<string, unknown>) {
  return {
    id: 'new1',
    stage: 'draft',
    visibility: 'internal',
    tags: [] as string[],
    targetGroups: [],
    description: '',
    ...body,
    version: 1,
    createdAt: '2026-11-25T10:00:00Z',
    updatedAt: '2026-11-25T10:00:00Z',
  };
}
