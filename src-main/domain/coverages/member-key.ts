/**
 * Member ids are typed with and without dashes, spaces, dots and slashes, in either case.
 * The coverages_member_key index (migration 0005) holds this folded form; lookups must use the
 * same expression to use the index, and `memberKey` folds typed input the same way.
 */
export const MEMBER_KEY_SQL = `upper(replace(replace(replace(replace(member_id, '-', ''), ' ', ''), '.', ''), '/', ''))`;

export function memberKey(memberId: string): string {
  return memberId.replace(/[-\s./]/g, '').toUpperCase();
}
