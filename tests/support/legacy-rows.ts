import { v7 as uuidv7 } from 'uuid';
import type { Sqlite } from '../../src-main/db/open';

let legacyCounter = 0;

/**
 * A patient row as the first migrations shaped it, written with raw SQL: a migration test must
 * not depend on today's services, which write columns an older schema does not have.
 * `phone` is stored as given (E.164 in real rows).
 */
export function insertLegacyPatient(
  sqlite: Sqlite,
  fields: { givenName: string; familyName: string; dateOfBirth: string; phone?: string | null; email?: string | null },
): string {
  const id = uuidv7();
  const now = '2026-03-02T15:04:05.000Z';
  legacyCounter += 1;
  sqlite
    .prepare(
      `INSERT INTO patients (id, mrn, given_name, family_name, date_of_birth, sex, phone, email, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, 'unknown', ?, ?, ?, ?)`,
    )
    .run(id, `LGC-${String(legacyCounter).padStart(6, '0')}-0`, fields.givenName, fields.familyName, fields.dateOfBirth, fields.phone ?? null, fields.email ?? null, now, now);
  return id;
}
