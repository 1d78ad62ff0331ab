import SqliteDatabase from 'better-sqlite3-multiple-ciphers';
import { CamelCasePlugin, Kysely, SqliteAdapter, SqliteDialect } from 'kysely';
import type { Database } from './schema';

export type Sqlite = SqliteDatabase.Database;

export interface OpenSqliteOptions {
  /** Path of the native driver built for the running runtime (Electron keeps its own build apart). */
  nativeBinding?: string | undefined;
}

export const BUSY_TIMEOUT_MS = 5_000;

/**
 * Opens the clinic database with the pragmas every connection needs.
 * synchronous=FULL: a write the app has acknowledged to a user must survive a power cut,
 * and the clinic's write rate is low enough that the extra fsync per commit costs nothing visible.
 */
export function openSqlite(file: string, options: OpenSqliteOptions = {}): Sqlite {
  const sqlite = new SqliteDatabase(file, {
    timeout: BUSY_TIMEOUT_MS,
    ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
  });
  try {
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = FULL');
    sqlite.pragma('foreign_keys = ON');
  } catch (error) {
    sqlite.close();
    throw error;
  }
  return sqlite;
}

/** SQLite runs DDL inside transactions; telling Kysely so makes each migration run all-or-nothing. */
class TransactionalDdlSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}

class ClinicSqliteDialect extends SqliteDialect {
  override createAdapter(): SqliteAdapter {
    return new TransactionalDdlSqliteAdapter();
  }
}

export function createKysely(sqlite: Sqlite): Kysely<Database> {
  return new Kysely<Database>({
    dialect: new ClinicSqliteDialect({ database: sqlite }),
    plugins: [new CamelCasePlugin()],
  });
}
