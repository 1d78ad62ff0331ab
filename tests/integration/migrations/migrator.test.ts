import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql, type Kysely, type Migration } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrations } from '../../../migrations';
import { fixedClock } from '../../../src-main/clock';
import { DATABASE_FILE, openClinicDatabase } from '../../../src-main/db/clinic-db';
import { MigrationError, migrateToLatest, pendingMigrations, type MigrationList } from '../../../src-main/db/migrate';
import { createKysely, openSqlite, WrongKeyError, type Sqlite } from '../../../src-main/db/open';
import type { Database } from '../../../src-main/db/schema';
import { createCaptureState, registerCaptureFunctions } from '../../../src-main/sync/capture';
import { HybridLogicalClock } from '../../../src-main/sync/hlc';
import { TEST_KEYS, TEST_NOW, makeTestDataDir, openTestApp, validPatient } from '../../support/test-app';

const NOW = new Date(TEST_NOW);
const dirs: string[] = [];

function tempDir(prefix: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
}

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Everything in the file: schema text and every row of every table, in a stable order. */
function dump(sqlite: Sqlite): unknown {
  const schema = sqlite
    .prepare(`SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name`)
    .all() as { type: string; name: string; sql: string | null }[];
  const rows: Record<string, unknown[]> = {};
  for (const { name } of schema.filter((s) => s.type === 'table' && !s.sql?.startsWith('CREATE VIRTUAL'))) {
    rows[name] = sqlite
      .prepare(`SELECT * FROM "${name}"`)
      .all()
      .map((row) => JSON.stringify(row))
      .sort();
  }
  return { schema, rows };
}

/** A raw connection as start-up makes it, with change capture ready. */
function openRaw(file: string): { sqlite: Sqlite; db: Kysely<Database> } {
  const sqlite = openSqlite(file, { key: TEST_KEYS.databaseKey });
  const capture = createCaptureState();
  registerCaptureFunctions(sqlite, capture);
  const deviceId = sqlite.prepare('SELECT device_id FROM workstation').pluck().get() as string;
  capture.clock = new HybridLogicalClock(deviceId, () => NOW.getTime());
  return { sqlite, db: createKysely(sqlite) };
}

/** A data folder holding an existing database with a few patients in it. */
async function existingDataDir(): Promise<string> {
  const dataDir = makeTestDataDir();
  dirs.push(dataDir);
  const app = await openTestApp({ dataDir });
  for (const familyName of ['Lopez', 'Nguyen', 'Okafor']) {
    const result = await app.call('patients.create', { ...validPatient, confirmNewPatient: true, familyName });
    expect(result.ok).toBe(true);
  }
  await app.dispose();
  return dataDir;
}

const addNotes: Migration = {
  up: async (db: Kysely<unknown>) => {
    await sql`CREATE TABLE notes_for_test (id TEXT PRIMARY KEY, body TEXT NOT NULL) STRICT`.execute(db);
    await sql`INSERT INTO notes_for_test VALUES ('n1', 'hello')`.execute(db);
  },
};

describe('opening a migrated database again', () => {
  it('applies nothing and makes no backup', async () => {
    const dataDir = tempDir('clinic-reopen-');
    const clock = fixedClock(TEST_NOW);
    const first = await openClinicDatabase({ dataDir, clock, databaseKey: TEST_KEYS.databaseKey });
    expect(first.migration.applied.length).toBe(Object.keys(migrations).length);
    const workstation = first.workstation;
    await first.close();

    const second = await openClinicDatabase({ dataDir, clock, databaseKey: TEST_KEYS.databaseKey });
    try {
      expect(second.migration).toEqual({ applied: [], backupFile: null });
      expect(second.workstation).toEqual(workstation);
      expect(existsSync(path.join(dataDir, 'backups')) ? readdirSync(path.join(dataDir, 'backups')) : []).toEqual([]);
      expect(await pendingMigrations(second.db)).toEqual({ executed: Object.keys(migrations), pending: [] });
    } finally {
      await second.close();
    }
  });
});

describe('upgrading an existing database', () => {
  let dataDir: string;
  let raw: { sqlite: Sqlite; db: Kysely<Database> };

  beforeEach(async () => {
    dataDir = await existingDataDir();
    raw = openRaw(path.join(dataDir, DATABASE_FILE));
  });

  afterEach(async () => {
    await raw.db.destroy();
  });

  it('copies the database with VACUUM INTO first; the copy opens and holds the same rows', async () => {
    const before = dump(raw.sqlite);
    const backupDir = path.join(dataDir, 'backups');
    const outcome = await migrateToLatest(raw.db, raw.sqlite, {
      backupDir,
      now: () => NOW,
      migrations: { ...migrations, '9001_add_notes': addNotes },
    });

    expect(outcome.applied).toEqual(['9001_add_notes']);
    expect(outcome.backupFile).not.toBeNull();
    expect(path.dirname(outcome.backupFile!)).toBe(backupDir);
    expect(path.basename(outcome.backupFile!)).toMatch(/^before-9001_add_notes-.*\.db$/);
    expect(readdirSync(backupDir)).toEqual([path.basename(outcome.backupFile!)]);

    // The copy is encrypted like the source: without the key it does not open.
    expect(() => openSqlite(outcome.backupFile!)).toThrow(WrongKeyError);
    const copy = openSqlite(outcome.backupFile!, { key: TEST_KEYS.databaseKey });
    try {
      expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(dump(copy)).toEqual(before);
      expect(copy.prepare('SELECT count(*) FROM patients').pluck().get()).toBe(3);
    } finally {
      copy.close();
    }
    expect(raw.sqlite.prepare('SELECT body FROM notes_for_test').pluck().all()).toEqual(['hello']);
    expect(raw.sqlite.prepare('SELECT count(*) FROM patients').pluck().get()).toBe(3);
  });

  it('rolls every pending migration back when one throws halfway, and names it in a MigrationError', async () => {
    const before = dump(raw.sqlite);
    const list: MigrationList = {
      ...migrations,
      '9001_add_notes': addNotes,
      '9002_breaks_halfway': {
        up: async (db: Kysely<unknown>) => {
          await sql`CREATE TABLE half_done (id TEXT PRIMARY KEY) STRICT`.execute(db);
          await sql`UPDATE patients SET given_name = 'Changed' WHERE family_name = 'Lopez'`.execute(db);
          await sql`UPDATE workstation SET mrn_counter = mrn_counter + 100`.execute(db);
          throw new Error('the upgrade failed here');
        },
      },
    };

    const error = await migrateToLatest(raw.db, raw.sqlite, { backupDir: path.join(dataDir, 'backups'), now: () => NOW, migrations: list }).then(
      () => null,
      (e: unknown) => e,
    );

    expect(error).toBeInstanceOf(MigrationError);
    const failure = error as MigrationError;
    expect(failure.migration).toBe('9002_breaks_halfway');
    expect(failure.message).toContain('9002_breaks_halfway');
    expect(failure.backupFile).not.toBeNull();
    expect(existsSync(failure.backupFile!)).toBe(true);
    expect((failure.cause as Error).message).toBe('the upgrade failed here');

    expect(dump(raw.sqlite)).toEqual(before);
    expect(await pendingMigrations(raw.db, list)).toEqual({
      executed: Object.keys(migrations),
      pending: ['9001_add_notes', '9002_breaks_halfway'],
    });
  });

  it('leaves the data folder usable after a failed upgrade', async () => {
    const failing: MigrationList = {
      ...migrations,
      '9001_fails': {
        up: async () => {
          throw new Error('no');
        },
      },
    };
    await expect(migrateToLatest(raw.db, raw.sqlite, { backupDir: path.join(dataDir, 'backups'), now: () => NOW, migrations: failing })).rejects.toThrow(
      MigrationError,
    );
    await raw.db.destroy();
    raw = openRaw(path.join(dataDir, DATABASE_FILE));

    const app = await openTestApp({ dataDir });
    try {
      const found = await app.call('patients.search', { query: 'lopez' });
      expect(found.ok && (found.value as { items: unknown[] }).items).toHaveLength(1);
    } finally {
      await app.dispose();
    }
  });
});

describe('a later migration that writes a synced table', () => {
  it('records its ops, because an existing database gets its clock before upgrading', async () => {
    const dataDir = makeTestDataDir();
    dirs.push(dataDir);
    const first = await openTestApp({ dataDir });
    const created = await first.call('patients.create', validPatient);
    await first.dispose();
    if (!created.ok) throw new Error('create failed');

    const backfill: MigrationList = {
      ...migrations,
      '9001_upper_case_family_names': {
        up: async (db: Kysely<unknown>) => {
          await sql`UPDATE patients SET family_name = upper(family_name)`.execute(db);
        },
      },
    };
    const reopened = await openClinicDatabase({ dataDir, clock: fixedClock(NOW), databaseKey: TEST_KEYS.databaseKey, migrations: backfill });
    try {
      expect(reopened.migration.applied).toEqual(['9001_upper_case_family_names']);
      const ops = await reopened.db.selectFrom('syncOps').select(['col', 'value']).where('col', '=', 'family_name').execute();
      expect(ops.map((op) => op.value)).toEqual(['"Lopez"', '"LOPEZ"']);
    } finally {
      await reopened.close();
    }
  });
});
