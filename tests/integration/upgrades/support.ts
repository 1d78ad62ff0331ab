/**
 * Data folders at every earlier schema version: a database migrated only up to a prefix of the
 * migration list, holding patients, optionally with the backup state a set-up clinic has (its
 * recovery wrapping and a backup folder), as a clinic that installed that version would have it.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { v7 } from 'uuid';
import { migrations } from '../../../migrations';
import { fixedClock } from '../../../src-main/clock';
import { DATABASE_FILE, openClinicDatabase } from '../../../src-main/db/clinic-db';
import type { MigrationList } from '../../../src-main/db/migrate';
import { generateRecoveryKey, wrapBackupKey } from '../../../src-main/domain/backups/recovery-key';
import { writeBackupState } from '../../../src-main/domain/backups/state';
import { TEST_KDF, TEST_KEYS, TEST_NOW } from '../../support/test-app';

export const MIGRATION_NAMES = Object.keys(migrations).sort();
export const FAMILY_NAMES = ['Abara', 'Brennan', 'Castellanos'];

const dirs: string[] = [];
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
}
export function removeTempDirs(): void {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** The first COUNT migrations of the current list (the schema an earlier version shipped). */
export function migrationsUpTo(count: number): MigrationList {
  return Object.fromEntries(MIGRATION_NAMES.slice(0, count).map((name) => [name, migrations[name]!]));
}

export interface OldDataDir {
  dataDir: string;
  /** Set when the clinic has a recovery key (was set up). */
  recoveryKey: string | null;
  /** The backup folder the state names (null: none chosen). */
  folder: string | null;
}

/**
 * A data folder whose database is at the schema of the first COUNT migrations (or at LIST), with
 * three patients in it. `backups`: 'folder' = set up with a backup folder, 'no-folder' = set up
 * without one, 'none' = never set up (no recovery key).
 */
export async function oldDataDir(options: { count?: number; list?: MigrationList; backups: 'folder' | 'no-folder' | 'none'; folder?: string }): Promise<OldDataDir> {
  const dataDir = tempDir('clinic-upgrade-');
  const clock = fixedClock(TEST_NOW);
  const list = options.list ?? migrationsUpTo(options.count ?? MIGRATION_NAMES.length);
  const database = await openClinicDatabase({ dataDir, clock, databaseKey: TEST_KEYS.databaseKey, migrations: list });
  const clinicId = randomUUID();
  try {
    const at = clock.now().toISOString();
    for (const [i, familyName] of FAMILY_NAMES.entries()) {
      await sql`INSERT INTO patients (id, mrn, given_name, family_name, date_of_birth, sex, created_at, updated_at)
                VALUES (${v7()}, ${`OLD-${String(i + 1).padStart(6, '0')}-${i}`}, 'Test', ${familyName}, ${`1970-01-0${i + 1}`}, 'unknown', ${at}, ${at})`.execute(database.db);
    }
    // The settings table came with a later migration than the first.
    const settings = await sql`SELECT 1 FROM sqlite_master WHERE name = 'settings'`.execute(database.db);
    if (settings.rows.length > 0) await sql`INSERT INTO settings (id, value, updated_at) VALUES ('clinic.id', ${JSON.stringify(clinicId)}, ${at})`.execute(database.db);
  } finally {
    await database.close();
  }
  if (options.backups === 'none') return { dataDir, recoveryKey: null, folder: null };
  const recoveryKey = generateRecoveryKey();
  const backupKey = randomBytes(32);
  const folder = options.backups === 'folder' ? (options.folder ?? tempDir('clinic-upgrade-backups-')) : null;
  writeBackupState(dataDir, TEST_KEYS.fileKey, {
    version: 1,
    clinicId,
    backupKey: backupKey.toString('hex'),
    recovery: await wrapBackupKey(backupKey, recoveryKey, clinicId, TEST_KDF),
    folder,
    keep: 5,
    everyHours: 24,
    lastGood: null,
    lastError: null,
  });
  return { dataDir, recoveryKey, folder };
}

/** SHA-256 of every file directly in the data folder (the database and its -wal/-shm if any). */
export function fileHashes(dataDir: string): Record<string, string> {
  return Object.fromEntries(
    readdirSync(dataDir, { withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => [e.name, createHash('sha256').update(readFileSync(path.join(dataDir, e.name))).digest('hex')]),
  );
}

export function databaseHash(dataDir: string): string {
  const file = path.join(dataDir, DATABASE_FILE);
  if (!existsSync(file)) throw new Error('no database');
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}
