import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { sql, type Kysely } from 'kysely';
import type { Clock } from '../clock';
import { createCaptureState, registerCaptureFunctions, type CaptureState } from '../sync/capture';
import { HybridLogicalClock } from '../sync/hlc';
import { encryptPlaintextDatabases } from './encrypt-existing';
import { migrateToLatest, refuseNewerDatabase, type BeforeMigrate, type MigrationList, type MigrationOutcome } from './migrate';
import { appliedMigrationsOf } from './peek';
import { createKysely, openSqlite, type Sqlite } from './open';
import type { Database } from './schema';
import { ensureWorkstation, type Workstation } from './workstation';

export const DATABASE_FILE = 'clinic.db';
/** The data folder's own backups made before upgrades (copies, or full backups when no backup folder can be used). */
export const UPGRADE_BACKUPS_DIR = 'backups';

export interface ClinicDatabase {
  sqlite: Sqlite;
  db: Kysely<Database>;
  capture: CaptureState;
  workstation: Workstation;
  migration: MigrationOutcome;
  /** Plain (pre-encryption) database files that were encrypted while opening. */
  encryptedOnOpen: string[];
  close(): Promise<void>;
}

export interface OpenClinicDatabaseOptions {
  dataDir: string;
  clock: Clock;
  nativeBinding?: string | undefined;
  /** Raw SQLCipher key of the database. */
  databaseKey?: Buffer | undefined;
  /** Tests only: another list than migrations/index.ts. */
  migrations?: MigrationList;
  /** Runs before an existing database is upgraded: the full, verified backup (see BeforeMigrate). */
  beforeMigrate?: BeforeMigrate;
}

async function hasWorkstationTable(db: Kysely<Database>): Promise<boolean> {
  const { rows } = await sql`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'workstation'`.execute(db);
  return rows.length > 0;
}

/** Makes sure this data folder has a workstation identity and starts its clock after the op log's latest stamp. */
async function readyChangeCapture(db: Kysely<Database>, capture: CaptureState, clock: Clock): Promise<Workstation> {
  const workstation = await ensureWorkstation(db, clock);
  const latest = await sql<{ hlc: string | null }>`SELECT max(hlc) AS hlc FROM sync_ops`.execute(db);
  capture.clock = new HybridLogicalClock(workstation.deviceId, () => clock.now().getTime(), latest.rows[0]?.hlc);
  return workstation;
}

/**
 * Opens (creating if needed) the data folder's database, upgrades it and readies change capture.
 * A database written by a newer version is refused untouched (NewerDatabaseError); an upgrade
 * starts only after a verified backup (UpgradeBackupError otherwise) and runs in one transaction.
 */
export async function openClinicDatabase(options: OpenClinicDatabaseOptions): Promise<ClinicDatabase> {
  mkdirSync(options.dataDir, { recursive: true });
  const file = path.join(options.dataDir, DATABASE_FILE);
  // A database from before encryption at rest is encrypted first (copy, encrypt, verify, swap).
  const encryptedOnOpen = options.databaseKey
    ? encryptPlaintextDatabases(options.dataDir, file, options.databaseKey, { nativeBinding: options.nativeBinding })
    : [];
  // A database from a newer version is refused before anything could write to it.
  refuseNewerDatabase(appliedMigrationsOf(file, { key: options.databaseKey, nativeBinding: options.nativeBinding }) ?? [], options.migrations);
  const sqlite = openSqlite(file, { nativeBinding: options.nativeBinding, key: options.databaseKey });
  const capture = createCaptureState();
  registerCaptureFunctions(sqlite, capture);
  const db = createKysely(sqlite);
  try {
    // An existing database gets its clock before upgrading, so a migration may write synced rows.
    let workstation = (await hasWorkstationTable(db)) ? await readyChangeCapture(db, capture, options.clock) : null;
    const migration = await migrateToLatest(db, sqlite, {
      backupDir: path.join(options.dataDir, UPGRADE_BACKUPS_DIR),
      now: () => options.clock.now(),
      ...(options.migrations ? { migrations: options.migrations } : {}),
      ...(options.beforeMigrate ? { beforeMigrate: options.beforeMigrate } : {}),
    });
    workstation ??= await readyChangeCapture(db, capture, options.clock);
    return { sqlite, db, capture, workstation, migration, encryptedOnOpen, close: () => db.destroy() };
  } catch (error) {
    await db.destroy();
    throw error;
  }
}
