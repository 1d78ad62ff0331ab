import { sql, type Kysely } from 'kysely';
import { installChangeCapture } from '../src-main/sync/capture';

/**
 * Search at a million patients: folded name keys (`family_key`, `given_key`: lower case, no
 * accents or apostrophes) with B-tree indexes, so a name prefix is answered as the first N rows
 * of an index range already in display order, never by sorting every match; and
 * `patient_name_words` for the words inside names (after a hyphen, space or apostrophe), which
 * a key prefix cannot reach. All derived, kept by triggers (every write path, sync apply too),
 * never synced.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const wordsOf = (row: string) =>
    `SELECT value, clinic_name_key(${row}.family_name), clinic_name_key(${row}.given_name), ${row}.pk
     FROM json_each(clinic_inner_name_words(${row}.given_name, ${row}.family_name))`;
  const statements = [
    `ALTER TABLE patients ADD COLUMN family_key TEXT`,
    `ALTER TABLE patients ADD COLUMN given_key TEXT`,
    `CREATE TABLE patient_name_words (
       word TEXT NOT NULL,
       family_key TEXT NOT NULL,
       given_key TEXT NOT NULL,
       pk INTEGER NOT NULL,
       PRIMARY KEY (word, family_key, given_key, pk)
     ) STRICT, WITHOUT ROWID`,
    // Existing rows first, then the indexes (built once, sorted), then the triggers.
    `UPDATE patients SET family_key = clinic_name_key(family_name), given_key = clinic_name_key(given_name)`,
    `INSERT INTO patient_name_words (word, family_key, given_key, pk)
     SELECT w.value, p.family_key, p.given_key, p.pk
     FROM patients AS p, json_each(clinic_inner_name_words(p.given_name, p.family_name)) AS w`,
    `CREATE INDEX patient_name_words_pk ON patient_name_words (pk)`,
    `CREATE INDEX patients_family_key ON patients (family_key, given_key, date_of_birth)`,
    `CREATE INDEX patients_given_key ON patients (given_key, family_key, date_of_birth)`,
    `CREATE TRIGGER patients_name_keys_insert AFTER INSERT ON patients BEGIN
       UPDATE patients SET family_key = clinic_name_key(NEW.family_name), given_key = clinic_name_key(NEW.given_name) WHERE pk = NEW.pk;
       INSERT INTO patient_name_words (word, family_key, given_key, pk) ${wordsOf('NEW')};
     END`,
    `CREATE TRIGGER patients_name_keys_update AFTER UPDATE OF given_name, family_name, family_key, given_key ON patients
     WHEN NEW.family_key IS NOT clinic_name_key(NEW.family_name) OR NEW.given_key IS NOT clinic_name_key(NEW.given_name)
       OR OLD.given_name IS NOT NEW.given_name OR OLD.family_name IS NOT NEW.family_name
     BEGIN
       UPDATE patients SET family_key = clinic_name_key(NEW.family_name), given_key = clinic_name_key(NEW.given_name) WHERE pk = NEW.pk;
       DELETE FROM patient_name_words WHERE pk = OLD.pk;
       INSERT INTO patient_name_words (word, family_key, given_key, pk) ${wordsOf('NEW')};
     END`,
  ];
  for (const statement of statements) await sql.raw(statement).execute(db);
  // Re-made from the current columns: the new columns are local (SYNCED_TABLES.patients.localColumns).
  await installChangeCapture(db, 'patients');
}
