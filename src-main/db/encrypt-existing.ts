/**
 * Turns a database from before encryption at rest (a plain SQLite file) into an encrypted one,
 * without ever putting the only copy at risk:
 *
 *  1. the original is checkpointed and copied with VACUUM INTO (a consistent snapshot) to FILE.encrypting;
 *  2. the copy (rollback-journal mode, as VACUUM INTO leaves it) is encrypted in place with PRAGMA rekey;
 *  3. the copy is re-opened with the key and checked: integrity_check, the same row count in every
 *     table as the original, the same content digest as before the rekey;
 *  4. only then is the copy renamed over the original (an atomic rename), and the original's
 *     -wal/-shm (already checkpointed into it) removed.
 *
 * A failure or crash before step 4 leaves the original untouched; the half-made copy is deleted
 * at the next attempt, so no plaintext copy is left behind.
 */
import { createHash } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, openSync, readdirSync, readSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3-multiple-ciphers';
import { applyKey, BUSY_TIMEOUT_MS } from './open';

const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

export class DatabaseEncryptionError extends Error {
  constructor(reason: string, options?: { cause?: unknown }) {
    super(`The unencrypted database could not be encrypted (${reason}); it was left as it was.`, options);
    this.name = 'DatabaseEncryptionError';
  }
}

/** A plain SQLite file starts with its well-known header; an SQLCipher file starts with random salt. */
export function isPlaintextDatabase(file: string): boolean {
  if (!existsSync(file)) return false;
  const fd = openSync(file, 'r');
  try {
    const head = Buffer.alloc(SQLITE_HEADER.length);
    const read = readSync(fd, head, 0, head.length, 0);
    return read === head.length && head.equals(SQLITE_HEADER);
  } finally {
    closeSync(fd);
  }
}

type Connection = SqliteDatabase.Database;

function tableNames(sqlite: Connection): string[] {
  return (
    sqlite.prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'table' ORDER BY name`).all() as { name: string; sql: string | null }[]
  )
    .filter((t) => !(t.sql ?? '').toUpperCase().startsWith('CREATE VIRTUAL'))
    .map((t) => t.name);
}

function rowCounts(sqlite: Connection): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const name of tableNames(sqlite)) {
    counts[name] = sqlite.prepare(`SELECT count(*) FROM "${name.replaceAll('"', '""')}"`).pluck().get() as number;
  }
  return counts;
}

/** Every row of every table in storage order: the rekey changes no page's content, only its encryption. */
function contentDigest(sqlite: Connection): string {
  const hash = createHash('sha256');
  for (const name of tableNames(sqlite)) {
    hash.update(`\0table:${name}\0`);
    for (const row of sqlite.prepare(`SELECT * FROM "${name.replaceAll('"', '""')}"`).raw().iterate()) {
      hash.update(JSON.stringify(row, (_k, v: unknown) => (Buffer.isBuffer(v) ? `blob:${v.toString('hex')}` : typeof v === 'bigint' ? `big:${v}` : v)));
    }
  }
  return hash.digest('hex');
}

function fsyncPath(target: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(target, 'r');
    fsyncSync(fd);
  } catch {
    // Directories cannot be opened for fsync on Windows; the rename is still atomic there.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function removeSidecars(file: string): void {
  for (const suffix of ['-journal', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
}

/** Encrypts FILE (a plain SQLite database) with the raw key, as described above. */
export function encryptPlaintextDatabase(file: string, key: Buffer, options: { nativeBinding?: string | undefined } = {}): void {
  const driver = options.nativeBinding ? { nativeBinding: options.nativeBinding } : {};
  const work = `${file}.encrypting`;
  rmSync(work, { force: true });
  removeSidecars(work);

  let expectedCounts: Record<string, number>;
  const plain = new SqliteDatabase(file, { timeout: BUSY_TIMEOUT_MS, ...driver });
  try {
    try {
      plain.prepare('SELECT count(*) FROM sqlite_master').get();
    } catch (error) {
      throw new DatabaseEncryptionError('the file is not a readable SQLite database', { cause: error });
    }
    if (plain.pragma('journal_mode', { simple: true }) === 'wal') plain.pragma('wal_checkpoint(TRUNCATE)');
    expectedCounts = rowCounts(plain);
    plain.prepare('VACUUM INTO ?').run(work);
  } finally {
    plain.close();
  }

  try {
    const copy = new SqliteDatabase(work, { timeout: BUSY_TIMEOUT_MS, ...driver });
    let digest: string;
    try {
      copy.pragma('journal_mode = DELETE'); // rekey cannot run in WAL mode
      digest = contentDigest(copy);
      copy.pragma(`cipher='sqlcipher'`);
      copy.pragma('legacy=4');
      copy.pragma(`rekey="x'${key.toString('hex')}'"`);
    } finally {
      copy.close();
    }
    if (isPlaintextDatabase(work)) throw new DatabaseEncryptionError('the copy was not encrypted');
    const check = new SqliteDatabase(work, { timeout: BUSY_TIMEOUT_MS, ...driver });
    try {
      applyKey(check, key);
      const integrity = check.pragma('integrity_check', { simple: true });
      if (integrity !== 'ok') throw new DatabaseEncryptionError('the encrypted copy failed its integrity check');
      if (JSON.stringify(rowCounts(check)) !== JSON.stringify(expectedCounts)) throw new DatabaseEncryptionError('the encrypted copy does not hold every row');
      if (contentDigest(check) !== digest) throw new DatabaseEncryptionError('the encrypted copy differs from the original');
    } finally {
      check.close();
    }
    fsyncPath(work);
  } catch (error) {
    rmSync(work, { force: true });
    removeSidecars(work);
    throw error instanceof DatabaseEncryptionError ? error : new DatabaseEncryptionError('an error occurred while encrypting', { cause: error });
  }

  // The original's WAL was checkpointed into it and its last connection closed: the sidecars hold nothing more.
  removeSidecars(file);
  renameSync(work, file);
  fsyncPath(path.dirname(file));
}

/**
 * Encrypts a data folder's plain databases: the database itself and any pre-migration copies
 * (backups/*.db) made before encryption at rest existed. Returns the files it encrypted.
 */
export function encryptPlaintextDatabases(dataDir: string, databaseFile: string, key: Buffer, options: { nativeBinding?: string | undefined } = {}): string[] {
  const encrypted: string[] = [];
  const candidates = [databaseFile];
  const copies = path.join(dataDir, 'backups');
  if (existsSync(copies)) {
    for (const name of readdirSync(copies)) if (name.endsWith('.db')) candidates.push(path.join(copies, name));
  }
  for (const file of candidates) {
    if (!isPlaintextDatabase(file)) continue;
    encryptPlaintextDatabase(file, key, options);
    encrypted.push(file);
  }
  return encrypted;
}
