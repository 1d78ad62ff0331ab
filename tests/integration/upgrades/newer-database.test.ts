/**
 * Issue 8, upgrade safety: a database written by a newer version (it has applied a migration this
 * build does not know) is refused with a clear message and left byte-identical: the check reads
 * through a read-only connection before anything opens the file for writing.
 */
import { copyFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { sql, type Kysely } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { migrations } from '../../../migrations';
import { fixedClock } from '../../../src-main/clock';
import { DATABASE_FILE, openClinicDatabase } from '../../../src-main/db/clinic-db';
import { NewerDatabaseError } from '../../../src-main/db/migrate';
import { openSqlite } from '../../../src-main/db/open';
import { startupFailureMessage } from '../../../src-main/electron/launch';
import { TEST_KEYS, TEST_NOW, openTestApp } from '../../support/test-app';
import { fileHashes, oldDataDir, removeTempDirs, tempDir } from './support';

afterEach(removeTempDirs);

const fromTheFuture = {
  ...migrations,
  '9999_from_a_newer_version': { up: async (db: Kysely<unknown>) => void (await sql`CREATE TABLE newer_things (id TEXT PRIMARY KEY) STRICT`.execute(db)) },
};

async function refusal(dataDir: string): Promise<unknown> {
  return openTestApp({ dataDir }).then(
    async (app) => {
      await app.dispose();
      return null;
    },
    (error: unknown) => error,
  );
}

describe('a database written by a newer version', () => {
  it('is refused with a message naming what it does not know, and left byte-identical', async () => {
    const newer = await oldDataDir({ list: fromTheFuture, backups: 'folder' });
    const before = fileHashes(newer.dataDir);
    expect(Object.keys(before)).toContain(DATABASE_FILE);

    const error = await refusal(newer.dataDir);
    expect(error).toBeInstanceOf(NewerDatabaseError);
    expect((error as Error).message).toContain('newer version of Clinic Office');
    expect((error as Error).message).toContain('9999_from_a_newer_version');
    expect((error as Error).message).toContain('was not changed');

    // Not a byte changed, no -wal/-shm left beside it, no backup made, nothing in the backup folder.
    expect(fileHashes(newer.dataDir)).toEqual(before);
    expect(readdirSync(newer.dataDir).sort()).toEqual(Object.keys(before).sort());
    expect(readdirSync(newer.folder!)).toEqual([]);

    // The desktop app shows it as its own start-up screen, with the message as it is.
    const screen = startupFailureMessage(error, newer.dataDir, true);
    expect(screen.title).toBe('The clinic data is from a newer Clinic Office');
    expect(screen.message).toContain('9999_from_a_newer_version');
  });

  it('is refused untouched even with a WAL its version left behind (not checkpointed)', async () => {
    const newer = await oldDataDir({ list: fromTheFuture, backups: 'none' });
    // Copy the database while a connection holds uncommitted-to-main (WAL-only) pages: a crash image.
    const crashed = tempDir('clinic-newer-wal-');
    const live = openSqlite(path.join(newer.dataDir, DATABASE_FILE), { key: TEST_KEYS.databaseKey });
    try {
      live.pragma('wal_autocheckpoint = 0');
      live.exec(`INSERT INTO newer_things VALUES ('in-the-wal-only')`);
      for (const suffix of ['', '-wal', '-shm']) copyFileSync(path.join(newer.dataDir, DATABASE_FILE + suffix), path.join(crashed, DATABASE_FILE + suffix));
    } finally {
      live.close();
    }
    const before = fileHashes(crashed);
    expect(Object.keys(before).sort()).toEqual([DATABASE_FILE, `${DATABASE_FILE}-shm`, `${DATABASE_FILE}-wal`]);

    const error = await openClinicDatabase({ dataDir: crashed, clock: fixedClock(TEST_NOW), databaseKey: TEST_KEYS.databaseKey }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(NewerDatabaseError);
    // The database and its WAL are untouched; the -shm is only the WAL's index, which any reader rebuilds.
    const after = fileHashes(crashed);
    expect([after[DATABASE_FILE], after[`${DATABASE_FILE}-wal`]]).toEqual([before[DATABASE_FILE], before[`${DATABASE_FILE}-wal`]]);
  });

  it('is told apart from an older one: the same database without the unknown migration opens', async () => {
    const current = await oldDataDir({ list: migrations, backups: 'none' });
    const app = await openTestApp({ dataDir: current.dataDir });
    try {
      expect(app.database.migration).toEqual({ applied: [], backupFile: null });
    } finally {
      await app.dispose();
    }
  });
});
