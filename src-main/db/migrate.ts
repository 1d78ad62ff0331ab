import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { Migrator, type Kysely, type Migration } from 'kysely';
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

export interface MigrationOutcome {
  applied: string[];
  /** Copy of the database taken before an existing database was upgraded. */
  backupFile: string | null;
}

export type MigrationList = Record<string, Migration>;

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

/** A consistent copy (VACUUM INTO reads one snapshot even under WAL), encrypted like the source. */
export function backupDatabase(sqlite: Sqlite, file: string): void {
  if (existsSync(file)) throw new Error('Backup file already exists');
  mkdirSync(path.dirname(file), { recursive: true });
  sqlite.prepare('VACUUM INTO ?').run(file);
}

/**
 * Brings the database to the latest schema in one transaction. An existing database is copied
 * first, so an upgrade that goes wrong in a way SQLite cannot roll back still leaves the data.
 */
export async function migrateToLatest(
  db: Kysely<Database>,
  sqlite: Sqlite,
  options: { backupDir: string; now: () => Date; migrations?: MigrationList; beforeMigrate?: (db: Kysely<Database>) => Promise<void> },
): Promise<MigrationOutcome> {
  const list = options.migrations ?? migrations;
  const { executed, pending } = await pendingMigrations(db, list);
  if (pending.length === 0) return { applied: [], backupFile: null };
  let backupFile: string | null = null;
  if (executed.length > 0) {
    const stamp = options.now().toISOString().replace(/[:.]/g, '-');
    backupFile = path.join(options.backupDir, `before-${pending[0]}-${stamp}.db`);
    backupDatabase(sqlite, backupFile);
    await options.beforeMigrate?.(db);
  }
  const { error, results = [] } = await createMigrator(db, list).migrateToLatest();
  if (error) {
    const failed = results.find((r) => r.status === 'Error')?.migrationName ?? pending[0] ?? 'unknown';
    throw new MigrationError(failed, backupFile, error);
  }
  return { applied: results.map((r) => r.migrationName), backupFile };
}
