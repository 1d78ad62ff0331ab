/**
 * Issue 8, upgrade safety: a database from every earlier schema version opens with the current
 * code, and before it is migrated a backup is made and verified (a full backup restorable with
 * the recovery key, or, for a clinic never set up, an encrypted copy). All of a start's migrations
 * run in one transaction: a failure leaves none applied.
 */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { sql, type Kysely } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { migrations } from '../../../migrations';
import { fixedClock } from '../../../src-main/clock';
import { DATABASE_FILE, openClinicDatabase, UPGRADE_BACKUPS_DIR } from '../../../src-main/db/clinic-db';
import { MigrationError } from '../../../src-main/db/migrate';
import { openWithKey } from '../../../src-main/db/open';
import { verifyBackup } from '../../../src-main/domain/backups/format';
import { startBackups } from '../../../src-main/domain/backups/service';
import { createMemoryLogger } from '../../../src-main/log';
import { TEST_KDF, TEST_KEYS, TEST_NOW, openTestApp, type TestApp } from '../../support/test-app';
import { FAMILY_NAMES, MIGRATION_NAMES, databaseHash, oldDataDir, removeTempDirs } from './support';

afterEach(removeTempDirs);

async function familyNames(app: TestApp): Promise<string[]> {
  return (await app.database.db.selectFrom('patients').select('familyName').orderBy('familyName').execute()).map((p) => p.familyName);
}

async function auditReasons(app: TestApp): Promise<unknown[]> {
  const rows = await app.database.db.selectFrom('auditLog').select(['action', 'detail']).where('action', '=', 'backup.create').execute();
  return rows.map((r) => (JSON.parse(r.detail) as { reason: string }).reason);
}

describe('upgrading a database from every earlier schema version', () => {
  // From the first migration alone up to the one before the latest.
  const earlier = MIGRATION_NAMES.slice(0, -1).map((name, i) => ({ name, count: i + 1 }));

  it.each(earlier)('from $name: a verified full backup first, then every later migration, data kept', async ({ name, count }) => {
    const old = await oldDataDir({ count, backups: 'folder' });
    const app = await openTestApp({ dataDir: old.dataDir });
    try {
      expect(app.database.migration.applied).toEqual(MIGRATION_NAMES.slice(count));
      const backup = app.database.migration.backupFile!;
      expect(path.dirname(backup)).toBe(old.folder);

      // The backup is a complete one: it verifies with the recovery key and holds the old schema and data.
      const verified = await verifyBackup(backup, { recoveryKey: old.recoveryKey! });
      expect(verified.manifest).toMatchObject({ reason: 'pre-migration', schemaVersion: name, counts: { patients: FAMILY_NAMES.length } });

      expect(await familyNames(app)).toEqual(FAMILY_NAMES);
      expect(await auditReasons(app)).toEqual(['pre-migration']);
      const status = app.services.backups.status();
      expect(status.lastGoodName).toBe(path.basename(backup));
    } finally {
      await app.dispose();
    }
  });

  it('writes the backup into the data folder when no backup folder is chosen, or it cannot be reached', async () => {
    for (const setup of [{ backups: 'no-folder' as const }, { backups: 'folder' as const, folder: '/nonexistent-backup-drive/clinic' }]) {
      const old = await oldDataDir({ count: 5, ...setup });
      const app = await openTestApp({ dataDir: old.dataDir });
      try {
        const backup = app.database.migration.backupFile!;
        expect(path.dirname(backup)).toBe(path.join(old.dataDir, UPGRADE_BACKUPS_DIR));
        expect((await verifyBackup(backup, { recoveryKey: old.recoveryKey! })).manifest.schemaVersion).toBe(MIGRATION_NAMES[4]);
        expect(existsSync('/nonexistent-backup-drive')).toBe(false);
      } finally {
        await app.dispose();
      }
    }
  });

  it('keeps a verified, encrypted copy when the clinic has no recovery key yet', async () => {
    const old = await oldDataDir({ count: 3, backups: 'none' });
    const app = await openTestApp({ dataDir: old.dataDir });
    try {
      const copy = app.database.migration.backupFile!;
      expect(path.dirname(copy)).toBe(path.join(old.dataDir, UPGRADE_BACKUPS_DIR));
      expect(path.basename(copy)).toMatch(new RegExp(`^before-${MIGRATION_NAMES[3]}-.*\\.db$`));
      expect(() => openWithKey(copy, { readonly: true }).close()).toThrow(/cannot be opened with this key/);
      const sqlite = openWithKey(copy, { key: TEST_KEYS.databaseKey, readonly: true });
      try {
        expect(sqlite.prepare('SELECT name FROM kysely_migration ORDER BY name').pluck().all()).toEqual(MIGRATION_NAMES.slice(0, 3));
        expect(sqlite.prepare('SELECT family_name FROM patients ORDER BY family_name').pluck().all()).toEqual(FAMILY_NAMES);
      } finally {
        sqlite.close();
      }
    } finally {
      await app.dispose();
    }
  });

  it('runs all of a start’s migrations in one transaction: a failing one leaves the earlier ones unapplied', async () => {
    const old = await oldDataDir({ count: 6, backups: 'folder' });
    const failing = {
      ...migrations,
      '9998_adds_a_table': { up: async (db: Kysely<unknown>) => void (await sql`CREATE TABLE added_by_9998 (id TEXT PRIMARY KEY) STRICT`.execute(db)) },
      '9999_fails': {
        up: async (db: Kysely<unknown>) => {
          await sql`UPDATE patients SET given_name = 'Changed'`.execute(db);
          throw new Error('this upgrade step fails');
        },
      },
    };
    const before = databaseHash(old.dataDir);
    const clock = fixedClock(TEST_NOW);
    const startup = await startBackups({ dataDir: old.dataDir, keys: TEST_KEYS, clock, logger: createMemoryLogger(), appVersion: '2.0.0-test', kdf: TEST_KDF });
    const error = await openClinicDatabase({ dataDir: old.dataDir, clock, databaseKey: TEST_KEYS.databaseKey, migrations: failing, beforeMigrate: startup.beforeMigrate }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(MigrationError);
    expect((error as MigrationError).migration).toBe('9999_fails');
    expect(databaseHash(old.dataDir)).toBe(before);

    const sqlite = openWithKey(path.join(old.dataDir, DATABASE_FILE), { key: TEST_KEYS.databaseKey, readonly: true });
    try {
      // 0007 onwards ran inside the transaction before 9999 failed: none of them stayed.
      expect(sqlite.prepare('SELECT name FROM kysely_migration ORDER BY name').pluck().all()).toEqual(MIGRATION_NAMES.slice(0, 6));
      expect(sqlite.prepare(`SELECT count(*) FROM sqlite_master WHERE name IN ('added_by_9998', 'appointments')`).pluck().get()).toBe(0);
      expect(sqlite.prepare(`SELECT DISTINCT given_name FROM patients`).pluck().all()).toEqual(['Test']);
    } finally {
      sqlite.close();
    }
    // The backup made before it is there and complete.
    const [made] = readdirSync(old.folder!);
    expect((await verifyBackup(path.join(old.folder!, made!), { recoveryKey: old.recoveryKey! })).manifest.schemaVersion).toBe(MIGRATION_NAMES[5]);
  });
});
