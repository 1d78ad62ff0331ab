import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { sql, type Kysely } from 'kysely';
import type { Clock } from '../clock';
import { createCaptureState, registerCaptureFunctions, type CaptureState } from '../sync/capture';
import { HybridLogicalClock } from '../sync/hlc';
import { migrateToLatest, type MigrationOutcome } from './migrate';
import { createKysely, openSqlite, type Sqlite } from './open';
import type { Database } from './schema';
import { ensureWorkstation, type Workstation } from './workstation';

export const DATABASE_FILE = 'clinic.db';

export interface ClinicDatabase {
  sqlite: Sqlite;
  db: Kysely<Database>;
  capture: CaptureState;
  workstation: Workstation;
  migration: MigrationOutcome;
  close(): Promise<void>;
}

export interface OpenClinicDatabaseOptions {
  dataDir: string;
  clock: Clock;
  nativeBinding?: string | undefined;
}

/** Opens (creating if needed) the data folder's database, upgrades it and readies change capture. */
export async function openClinicDatabase(options: OpenClinicDatabaseOptions): Promise<ClinicDatabase> {
  mkdirSync(options.dataDir, { recursive: true });
  const sqlite = openSqlite(path.join(options.dataDir, DATABASE_FILE), { nativeBinding: options.nativeBinding });
  const capture = createCaptureState();
  registerCaptureFunctions(sqlite, capture);
  const db = createKysely(sqlite);
  try {
    const migration = await migrateToLatest(db, sqlite, {
      backupDir: path.join(options.dataDir, 'backups'),
      now: () => options.clock.now(),
    });
    const workstation = await ensureWorkstation(db, options.clock);
    const latest = await sql<{ hlc: string | null }>`SELECT max(hlc) AS hlc FROM sync_ops`.execute(db);
    capture.clock = new HybridLogicalClock(workstation.deviceId, () => options.clock.now().getTime(), latest.rows[0]?.hlc);
    return { sqlite, db, capture, workstation, migration, close: () => db.destroy() };
  } catch (error) {
    await db.destroy();
    throw error;
  }
}
