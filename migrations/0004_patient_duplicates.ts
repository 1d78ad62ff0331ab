import { sql, type Kysely } from 'kysely';

/**
 * Duplicate prevention while typing (`patients.findDuplicates`): the same e-mail is found through
 * an index on the lower-cased address (the date-of-birth and reversed-phone indexes of 0001 serve
 * the other two checks). An index only: no column, no trigger, no sync op.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql.raw(`CREATE INDEX patients_email ON patients (lower(email)) WHERE email IS NOT NULL`).execute(db);
}
