import { sql, type Kysely } from 'kysely';

/**
 * The day view reads one clinic day of every provider (about 400 appointments out of 2,000,000
 * in 10 years): measured on such a database, most of its time went to reading pages, not to
 * computing. Two indexes cut the pages read:
 * - `appointments_start`: the day's appointments as one short range in start order (a handful of
 *   leaf pages) rather than one range per provider in `appointments_provider_start`; it holds the
 *   end too, because the range starts 12 hours early (the longest appointment) and the rows of the
 *   evening before are dropped in the index instead of being read from the table;
 * - `patients_label`: what a schedule shows of each patient (MRN, names, date of birth, restricted),
 *   so each appointment's patient is one look-up in a small covering index instead of one in the
 *   id index and another in the wide patients table. Names change rarely; the cost on writes is small.
 * Indexes only: no sync op.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const statements = [
    `CREATE INDEX appointments_start ON appointments (start_at, end_at) WHERE deleted_at IS NULL`,
    `CREATE INDEX patients_label ON patients (id, mrn, given_name, family_name, preferred_name, date_of_birth, restricted)`,
  ];
  for (const statement of statements) await sql.raw(statement).execute(db);
}
