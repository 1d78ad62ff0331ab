import { existsSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { Migrator, sql, type Kysely, type Migration } from 'kysely';
import { migrations } from '../../migrations';
import type { Sqlite } from './open';
import type { Database } from './schema';

export class MigrationError extends Error {
  constructor(
    readonly migration: string,
    readonly backupFile: string | null,
    cause: unknown,
  ) {
    super(`Database upgrade failed at ${migration}; nothing was changed${backupFile ? ' and a copy was kept' : ''}`, { cause });
    this.name = 'MigrationError';
  }
}

/**
 * The database has applied migrations this build does not know: a newer Clinic Office wrote it.
 * Opening it could damage it (older code writing a newer schema), so it is refused untouched.
 */
export class NewerDatabaseError extends Error {
  constructor(readonly unknownMigrations: string[]) {
    super(
      'The clinic database was last used by a newer version of Clinic Office than this one ' +
        `(it holds database changes this version does not know: ${unknownMigrations.join(', ')}). ` +
        'This version does not open it, so that nothing is damaged; the database was not changed. ' +
        'Install the newer version again, or see "Upgrades and rollback" to go back to the backup made before the upgrade.',
    );
    this.name = 'NewerDatabaseError';
  }
}

/** The backup made before an upgrade could not be written or verified: the upgrade did not start. */
export class UpgradeBackupError extends Error {
  constructor(
    readonly reason: string,
    options: { cause?: unknown } = {},
  ) {
    super(
      `Clinic Office did not upgrade the clinic database, because the backup it makes first could not be written or checked (${reason}). ` +
        'The database was not changed. Free some disk space (or reconnect the backup drive), then start Clinic Office again.',
      options,
    );
    this.name = 'UpgradeBackupError';
  }
}

export interface MigrationOutcome {
  applied: string[];
  /** The verified backup made before an existing database was upgraded (a backup folder, or a database copy). */
  backupFile: string | null;
}

export type MigrationList = Record<string, Migration>;

/**
 * Runs before an existing database is upgraded: makes a full, verified backup and returns where it
 * is, or null when none can be made (no recovery key yet), in which case the migrator keeps its own
 * verified, encrypted copy of the database. Throwing stops the upgrade.
 */
export type BeforeMigrate = (db: Kysely<Database>) => Promise<string | null>;

export interface MigrateOptions {
  /** Where the migrator's own database copy goes when beforeMigrate makes no backup. */
  backupDir: string;
  now: () => Date;
  migrations?: MigrationList;
  beforeMigrate?: BeforeMigrate;
}

function createMigrator(db: Kysely<Database>, list: MigrationList): Migrator {
  return new Migrator({ db, provider: { getMigrations: async () => list } });
}

export async function pendingMigrations(
  db: Kysely<Database>,
  list: MigrationList = migrations,
): Promise<{ executed: string[]; pending: string[] }> {
  const all = await createMigrator(db, list).getMigrations();
  return {
    executed: all.filter((m) => m.executedAt !== undefined).map((m) => m.name),
    pending: all.filter((m) => m.executedAt === undefined).map((m) => m.name),
  };
}

/** Names in the migration table that LIST does not hold (Kysely's own list leaves them out). */
async function unknownMigrations(db: Kysely<Database>, list: MigrationList): Promise<string[]> {
  const table = await sql`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'kysely_migration'`.execute(db);
  if (table.rows.length === 0) return [];
  const { rows } = await sql<{ name: string }>`SELECT name FROM kysely_migration ORDER BY name`.execute(db);
  return rows.map((r) => r.name).filter((name) => !Object.hasOwn(list, name));
}

/** Refuses a database that has applied migrations this build does not know. */
export function refuseNewerDatabase(applied: readonly string[], list: MigrationList = migrations): void {
  const unknown = applied.filter((name) => !Object.hasOwn(list, name));
  if (unknown.length > 0) throw new NewerDatabaseError(unknown);
}

/** A consistent copy (VACUUM INTO reads one snapshot even under WAL), encrypted like the source. */
export function backupDatabase(sqlite: Sqlite, file: string): void {
  if (existsSync(file)) throw new Error('Backup file already exists');
  mkdirSync(path.dirname(file), { recursive: true });
  sqlite.prepare('VACUUM INTO ?').run(file);
}

/**
 * Reads the copy back through the live connection (ATTACH uses the database's own key): it must be
 * whole and at the schema of the database. A bad copy is deleted.
 */
function verifyCopy(sqlite: Sqlite, file: string, executed: readonly string[]): void {
  try {
    sqlite.prepare('ATTACH DATABASE ? AS upgrade_copy').run(file);
    try {
      if (sqlite.pragma('upgrade_copy.integrity_check', { simple: true }) !== 'ok') throw new Error('the copy fails its integrity check');
      const names = sqlite.prepare('SELECT name FROM upgrade_copy.kysely_migration ORDER BY name').pluck().all() as string[];
      if (names.join(' ') !== [...executed].sort().join(' ')) throw new Error('the copy is not at the schema of the database');
    } finally {
      sqlite.exec('DETACH DATABASE upgrade_copy');
    }
  } catch (error) {
    rmSync(file, { force: true });
    throw error;
  }
}

/** What a person can act on, from an error that may be a file-system or SQLite failure. */
export function backupFailureReason(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'ENOSPC' || code === 'SQLITE_FULL' || code === 'EFBIG' || code === 'EDQUOT') return 'the disk is full';
  if (code === 'SQLITE_IOERR_WRITE' || code === 'EIO') return 'writing to the disk failed: it may be full or failing';
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') return 'the backup location cannot be written to';
  if (error instanceof Error && error.name === 'BackupError') return error.message;
  return `${error instanceof Error ? error.name : 'error'}${typeof code === 'string' ? `, ${code}` : ''}`;
}

async function backupBeforeUpgrade(db: Kysely<Database>, sqlite: Sqlite, executed: string[], pending: string[], options: MigrateOptions): Promise<string> {
  let file: string | null = null;
  try {
    const full = await options.beforeMigrate?.(db);
    if (full) return full;
    const stamp = options.now().toISOString().replace(/[:.]/g, '-');
    const candidate = path.join(options.backupDir, `before-${pending[0]}-${stamp}.db`);
    if (existsSync(candidate)) throw new Error('A copy of that name already exists');
    file = candidate;
    backupDatabase(sqlite, file);
    verifyCopy(sqlite, file, executed);
    return file;
  } catch (error) {
    if (file !== null) rmSync(file, { force: true });
    throw new UpgradeBackupError(backupFailureReason(error), { cause: error });
  }
}

/**
 * Brings the database to the latest schema, every pending migration in one transaction (the
 * adapter declares transactional DDL, so Kysely wraps the whole run in one). An existing database
 * is backed up and the backup verified first: if that fails, nothing is migrated.
 */
export async function migrateToLatest(db: Kysely<Database>, sqlite: Sqlite, options: MigrateOptions): Promise<MigrationOutcome> {
  const list = options.migrations ?? migrations;
  const unknown = await unknownMigrations(db, list);
  if (unknown.length > 0) throw new NewerDatabaseError(unknown);
  const { executed, pending } = await pendingMigrations(db, list);
  if (pending.length === 0) return { applied: [], backupFile: null };
  const backupFile = executed.length > 0 ? await backupBeforeUpgrade(db, sqlite, executed, pending, options) : null;
  const { error, results = [] } = await createMigrator(db, list).migrateToLatest();
  if (error) {
    const failed = results.find((r) => r.status === 'Error')?.migrationName ?? pending[0] ?? 'unknown';
    throw new MigrationError(failed, backupFile, error);
  }
  return { applied: results.map((r) => r.migrationName), backupFile };
}
