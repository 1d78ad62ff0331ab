import { sql, type RawBuilder, type SqlBool } from 'kysely';

/**
 * Member ids are typed with and without dashes, spaces, dots and slashes, in either case.
 * The coverages_member_key index (migration 0005) holds this folded form; lookups must use the
 * same expression to use the index, and `memberKey` folds typed input the same way.
 */
export const MEMBER_KEY_SQL = `upper(replace(replace(replace(replace(member_id, '-', ''), ' ', ''), '.', ''), '/', ''))`;

export function memberKey(memberId: string): string {
  // SQLite's upper() changes ASCII letters only; so must this, or an "ñ" would never match.
  return memberId.replace(/[-\s./]/g, '').replace(/[a-z]+/g, (letters) => letters.toUpperCase());
}

/** Coverages whose member id folds to `key`, through the coverages_member_key index (partial: not deleted). */
export function memberKeyMatches(key: string): RawBuilder<SqlBool> {
  return sql<SqlBool>`(${sql.raw(MEMBER_KEY_SQL)} = ${key} AND deleted_at IS NULL)`;
}
