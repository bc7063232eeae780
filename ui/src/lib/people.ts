/**
 * How people the API names are shown. The API marks a deleted account (GDPR: the content
 * stays) with `deleted: true` (IdeaPerson, CommentAuthor) or, where the schema has no flag
 * (FunnelUser), with an empty display name for a known ID.
 */
export interface NamedPerson {
  id?: string | null;
  displayName?: string | null;
  deleted?: boolean;
}

/** p is the account of someone who deleted it (their content stays, without a name). */
export function isDeletedAccount(p: NamedPerson | null | undefined): boolean {
  return !!p && (!!p.deleted || (!p.displayName && !!p.id));
}

/**
 * The name to show for p: its display name, `deletedLabel` (the i18n text
 * `common.deletedAccount`) for a deleted account, or null when there is nobody to name
 * (the API sent no person, or an empty one).
 */
export function personName(p: NamedPerson | null | undefined, deletedLabel: string): string | null {
  if (isDeletedAccount(p)) return deletedLabel;
  return p?.displayName || null;
}
