/**
 * Router state for a navigation that only updates the address of the page the user is on
 * (a new draft gets its own, bookmarkable address after its first save): the shell leaves
 * focus and scroll where they are, so typing goes on in the same field. Used with
 * `{ replace: true }`; a visit by Back or Forward to such an entry is a page change again.
 */
export const IN_PLACE = { inPlace: true } as const;

/** Whether a location's state marks an address update in place (see IN_PLACE). */
export function isInPlace(state: unknown): boolean {
  return typeof state === 'object' && state !== null && (state as { inPlace?: unknown }).inPlace === true;
}
