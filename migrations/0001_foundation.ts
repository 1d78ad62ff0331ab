import { sql, type Kysely } from 'kysely';
import { installChangeCapture } from '../src-main/sync/capture';

/** The op log, this workstation's identity, and patients with their search indexes. */
export async function up(db: Kysely<unknown>): Promise<void> {
  const statements = [
    `CREATE TABLE workstation (
       singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
       device_id TEXT NOT NULL CHECK (length(device_id) = 16),
       code TEXT NOT NULL CHECK (length(code) = 3),
       mrn_counter INTEGER NOT NULL DEFAULT 0 CHECK (mrn_counter >= 0),
       created_at TEXT NOT NULL
     ) STRICT`,
    `CREATE TABLE sync_ops (
       seq INTEGER PRIMARY KEY AUTOINCREMENT,
       op_id TEXT NOT NULL UNIQUE,
       hlc TEXT NOT NULL,
       device_id TEXT NOT NULL,
       author_id TEXT,
       tbl TEXT NOT NULL,
       row_id TEXT NOT NULL,
       col TEXT NOT NULL,
       value TEXT NOT NULL CHECK (json_valid(value))
     ) STRICT`,
    `CREATE INDEX sync_ops_hlc ON sync_ops (hlc)`,
    `CREATE INDEX sync_ops_row ON sync_ops (tbl, row_id)`,
    `CREATE TABLE patients (
       pk INTEGER PRIMARY KEY,
       id TEXT NOT NULL UNIQUE,
       mrn TEXT NOT NULL UNIQUE,
       given_name TEXT NOT NULL CHECK (length(given_name) BETWEEN 1 AND 100),
       family_name TEXT NOT NULL CHECK (length(family_name) BETWEEN 1 AND 100),
       date_of_birth TEXT NOT NULL CHECK (date(date_of_birth) = date_of_birth),
       sex TEXT NOT NULL CHECK (sex IN ('female', 'male', 'other', 'unknown')),
       phone TEXT,
       phone_rev TEXT,
       email TEXT,
       created_at TEXT NOT NULL,
       updated_at TEXT NOT NULL,
       deleted_at TEXT
     ) STRICT`,
    `CREATE INDEX patients_dob ON patients (date_of_birth)`,
    `CREATE INDEX patients_phone_rev ON patients (phone_rev) WHERE phone_rev IS NOT NULL`,
    `CREATE INDEX patients_name ON patients (family_name COLLATE NOCASE, given_name COLLATE NOCASE)`,
    `CREATE VIRTUAL TABLE patients_fts USING fts5(
       given_name, family_name,
       content = 'patients', content_rowid = 'pk',
       tokenize = 'unicode61 remove_diacritics 2',
       prefix = '2 3 4'
     )`,
    `CREATE TRIGGER patients_fts_insert AFTER INSERT ON patients BEGIN
       INSERT INTO patients_fts (rowid, given_name, family_name) VALUES (NEW.pk, NEW.given_name, NEW.family_name);
     END`,
    `CREATE TRIGGER patients_fts_update AFTER UPDATE OF given_name, family_name ON patients BEGIN
       INSERT INTO patients_fts (patients_fts, rowid, given_name, family_name) VALUES ('delete', OLD.pk, OLD.given_name, OLD.family_name);
       INSERT INTO patients_fts (rowid, given_name, family_name) VALUES (NEW.pk, NEW.given_name, NEW.family_name);
     END`,
    `CREATE TRIGGER patients_phone_rev_insert AFTER INSERT ON patients WHEN NEW.phone IS NOT NULL BEGIN
       UPDATE patients SET phone_rev = clinic_reverse_digits(NEW.phone) WHERE pk = NEW.pk;
     END`,
    `CREATE TRIGGER patients_phone_rev_update AFTER UPDATE OF phone ON patients BEGIN
       UPDATE patients SET phone_rev = clinic_reverse_digits(NEW.phone) WHERE pk = NEW.pk;
     END`,
  ];
  for (const statement of statements) await sql.raw(statement).execute(db);
  await installChangeCapture(db, 'patients');
}
