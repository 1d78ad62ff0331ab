import { sql, type Kysely } from 'kysely';
import { installChangeCapture } from '../src-main/sync/capture';

/** Users, clinic settings, sign-in lockout, the audit log, and restricted charts. */
export async function up(db: Kysely<unknown>): Promise<void> {
  const statements = [
    `CREATE TABLE users (
       pk INTEGER PRIMARY KEY,
       id TEXT NOT NULL UNIQUE,
       username TEXT NOT NULL UNIQUE CHECK (username = lower(username) AND length(username) BETWEEN 3 AND 40),
       display_name TEXT NOT NULL CHECK (length(display_name) BETWEEN 1 AND 100),
       role TEXT NOT NULL CHECK (role IN ('front_desk', 'records_clerk', 'billing', 'provider', 'office_manager', 'admin')),
       password_hash TEXT NOT NULL,
       disabled_at TEXT,
       created_at TEXT NOT NULL,
       updated_at TEXT NOT NULL
     ) STRICT`,
    `CREATE TABLE settings (
       id TEXT PRIMARY KEY,
       value TEXT NOT NULL CHECK (json_valid(value)),
       updated_at TEXT NOT NULL
     ) STRICT`,
    `CREATE TABLE login_attempts (
       username TEXT PRIMARY KEY,
       failures INTEGER NOT NULL DEFAULT 0 CHECK (failures >= 0),
       locked_until TEXT,
       last_failure_at TEXT
     ) STRICT`,
    `CREATE TABLE audit_log (
       seq INTEGER PRIMARY KEY,
       id TEXT NOT NULL UNIQUE,
       at TEXT NOT NULL,
       device_id TEXT NOT NULL,
       user_id TEXT,
       action TEXT NOT NULL,
       entity_type TEXT,
       entity_id TEXT,
       detail TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(detail)),
       flagged INTEGER NOT NULL DEFAULT 0 CHECK (flagged IN (0, 1)),
       prev_hash TEXT NOT NULL,
       hash TEXT NOT NULL
     ) STRICT`,
    `CREATE INDEX audit_log_action ON audit_log (action, at)`,
    `CREATE INDEX audit_log_entity ON audit_log (entity_type, entity_id)`,
    `CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
     BEGIN SELECT RAISE(ABORT, 'The audit log cannot be changed'); END`,
    `CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
     BEGIN SELECT RAISE(ABORT, 'The audit log cannot be changed'); END`,
    `ALTER TABLE patients ADD COLUMN restricted TEXT CHECK (restricted IN ('staff', 'vip', 'sensitive'))`,
  ];
  for (const statement of statements) await sql.raw(statement).execute(db);
  await installChangeCapture(db, 'users');
  await installChangeCapture(db, 'settings');
  await installChangeCapture(db, 'patients');
}
