import SqliteDatabase from 'better-sqlite3-multiple-ciphers';
import { CamelCasePlugin, Kysely, SqliteAdapter, SqliteDialect } from 'kysely';
import type { Database } from './schema';

export type Sqlite = SqliteDatabase.Database;

export interface OpenSqliteOptions {
  /** Path of the native driver built for the running runtime (Electron keeps its own build apart). */
  nativeBinding?: string | undefined;
  /** 32-byte raw SQLCipher key (no key derivation on open); omitted: an unencrypted database. */
  key?: Buffer | undefined;
}

export class WrongKeyError extends Error {
  constructor() {
    super('The clinic database cannot be opened with this key: it is encrypted with another key, or the file is not a clinic database. Nothing was changed.');
    this.name = 'WrongKeyError';
  }
}

/** SQLCipher 4 format, so standard SQLCipher tools can open a copy given the raw key. */
export function applyKey(sqlite: SqliteDatabase.Database, key: Buffer): void {
  if (key.length !== 32) throw new Error('The database key must be 32 bytes');
  sqlite.pragma(`cipher='sqlcipher'`);
  sqlite.pragma('legacy=4');
  sqlite.pragma(`key="x'${key.toString('hex')}'"`);
}

export const BUSY_TIMEOUT_MS = 5_000;

export interface OpenWithKeyOptions extends OpenSqliteOptions {
  readonly?: boolean | undefined;
  /** Busy timeout in milliseconds; omitted: BUSY_TIMEOUT_MS. */
  timeout?: number | undefined;
}

/**
 * Opens a database file with its key and proves the key by reading before anything writes, so a
 * wrong key changes nothing (WrongKeyError). Sets no journal or synchronous pragmas: a clinic
 * connection is openSqlite; this alone serves copies (backups, restores) opened for one job.
 */
export function openWithKey(file: string, options: OpenWithKeyOptions = {}): Sqlite {
  const sqlite = new SqliteDatabase(file, {
    timeout: options.timeout ?? BUSY_TIMEOUT_MS,
    ...(options.readonly !== undefined ? { readonly: options.readonly } : {}),
    ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
  });
  try {
    if (options.key) applyKey(sqlite, options.key);
    try {
      sqlite.prepare('SELECT count(*) FROM sqlite_master').get();
    } catch (error) {
      if ((error as { code?: unknown }).code === 'SQLITE_NOTADB') throw new WrongKeyError();
      throw error;
    }
  } catch (error) {
    sqlite.close();
    throw error;
  }
  return sqlite;
}

/**
 * Opens the clinic database with the pragmas every connection needs.
 * synchronous=FULL: a write the app has acknowledged to a user must survive a power cut,
 * and the clinic's write rate is low enough that the extra fsync per commit costs nothing visible.
 * cache_size: up to 128 MB of decrypted pages (SQLite's default is 16 MB). Every page read from the
 * file is decrypted and authenticated; a day view touches hundreds of patients' rows, and with
 * 100,000 patients their table alone outgrows 16 MB (`npm run bench -- appointments.day`).
 */
export function openSqlite(file: string, options: OpenSqliteOptions = {}): Sqlite {
  const sqlite = openWithKey(file, { key: options.key, nativeBinding: options.nativeBinding });
  try {
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = FULL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('cache_size = -131072');
  } catch (error) {
    sqlite.close();
    throw error;
  }
  return sqlite;
}

export function hasTable(sqlite: Sqlite, name: string): boolean {
  return sqlite.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?`).get(name) !== undefined;
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

/** How many prepared statements a connection keeps: the app's queries are a few hundred texts. */
export const STATEMENT_CACHE_SIZE = 500;

/**
 * The connection as Kysely sees it, with its prepared statements kept by SQL text (least recently
 * used dropped first). Kysely prepares every query anew, which costs more than running a small
 * one; a statement is safe to reuse because better-sqlite3 runs one at a time on this connection
 * and the app never streams (a statement being iterated could not be run again meanwhile).
 */
export function withStatementCache(sqlite: Sqlite): Pick<Sqlite, 'prepare' | 'close'> {
  const statements = new Map<string, SqliteDatabase.Statement>();
  return {
    prepare(source: string) {
      let statement = statements.get(source);
      if (statement) {
        statements.delete(source);
      } else {
        statement = sqlite.prepare(source);
        if (statements.size >= STATEMENT_CACHE_SIZE) statements.delete(statements.keys().next().value!);
      }
      statements.set(source, statement);
      return statement;
    },
    close: () => sqlite.close(),
  } as Pick<Sqlite, 'prepare' | 'close'>;
}

export function createKysely(sqlite: Sqlite): Kysely<Database> {
  return new Kysely<Database>({
    dialect: new ClinicSqliteDialect({ database: withStatementCache(sqlite) }),
    plugins: [new CamelCasePlugin()],
  });
}
