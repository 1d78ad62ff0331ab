import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LATEST_MIGRATION, migrations } from '../../../migrations';
import { fixedClock } from '../../../src-main/clock';
import { openClinicDatabase, type ClinicDatabase } from '../../../src-main/db/clinic-db';
import { BUSY_TIMEOUT_MS } from '../../../src-main/db/open';
import { captureTriggerNames } from '../../../src-main/sync/capture';
import { SYNCED_TABLES } from '../../../src-main/sync/synced-tables';
import { TEST_KEYS } from '../../support/test-keys';

let dataDir: string;
let database: ClinicDatabase;

beforeEach(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'clinic-empty-'));
  database = await openClinicDatabase({ dataDir, clock: fixedClock('2026-03-02T15:04:05.000Z'), databaseKey: TEST_KEYS.databaseKey });
});

afterEach(async () => {
  await database.close();
  rmSync(dataDir, { recursive: true, force: true });
});

function namesOf(type: 'table' | 'index' | 'trigger'): string[] {
  return database.sqlite
    .prepare<[string], { name: string }>(`SELECT name FROM sqlite_master WHERE type = ? ORDER BY name`)
    .all(type)
    .map((r) => r.name);
}

describe('0001_foundation from an empty data folder', () => {
  it('applies every migration, in order, and makes no backup of a new database', () => {
    expect(database.migration.applied).toEqual(Object.keys(migrations));
    expect(database.migration.applied.at(-1)).toBe(LATEST_MIGRATION);
    expect(database.migration.backupFile).toBeNull();
    expect(readdirSync(dataDir)).not.toContain('backups');
  });

  it('creates the tables', () => {
    expect(namesOf('table')).toEqual(
      expect.arrayContaining(['kysely_migration', 'kysely_migration_lock', 'patients', 'patients_fts', 'sync_ops', 'workstation']),
    );
  });

  it('creates the indexes', () => {
    expect(namesOf('index')).toEqual(
      expect.arrayContaining(['patients_dob', 'patients_name', 'patients_phone_rev', 'sync_ops_hlc', 'sync_ops_row']),
    );
    const syncOpsIndexes = database.sqlite.prepare(`SELECT name, "unique" FROM pragma_index_list('sync_ops')`).all() as {
      name: string;
      unique: number;
    }[];
    expect(syncOpsIndexes.some((i) => i.unique === 1)).toBe(true);
  });

  it('creates the patients FTS5 index over the patients table, folding accents', () => {
    const sqlText = database.sqlite.prepare(`SELECT sql FROM sqlite_master WHERE name = 'patients_fts'`).pluck().get() as string;
    expect(sqlText).toMatch(/USING fts5/i);
    expect(sqlText).toMatch(/content\s*=\s*'patients'/);
    expect(sqlText).toMatch(/remove_diacritics 2/);
  });

  it('creates the search and change-capture triggers of every synced table', () => {
    const triggers = namesOf('trigger');
    expect(triggers).toEqual(
      expect.arrayContaining(['patients_fts_insert', 'patients_fts_update', 'patients_phone_rev_insert', 'patients_phone_rev_update']),
    );
    for (const table of Object.keys(SYNCED_TABLES)) {
      expect(triggers).toEqual(expect.arrayContaining(captureTriggerNames(table)));
    }
  });

  it('sets up this workstation once, with a device id and a code', () => {
    const rows = database.sqlite.prepare('SELECT device_id, code, mrn_counter FROM workstation').all();
    expect(rows).toEqual([{ device_id: database.workstation.deviceId, code: database.workstation.code, mrn_counter: 0 }]);
    expect(database.workstation.deviceId).toMatch(/^[0-9a-f]{16}$/);
    expect(database.workstation.code).toMatch(/^[2-9A-HJ-NP-Z]{3}$/);
  });

  it('opens with WAL, foreign keys on, synchronous FULL and a busy timeout', () => {
    expect(database.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(database.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(database.sqlite.pragma('synchronous', { simple: true })).toBe(2);
    expect(database.sqlite.pragma('busy_timeout', { simple: true })).toBe(BUSY_TIMEOUT_MS);
  });

  it('keeps the schema intact (integrity and foreign-key checks pass)', () => {
    expect(database.sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(database.sqlite.pragma('foreign_key_check')).toEqual([]);
  });

  it('refuses rows that break the column checks', () => {
    const insert = database.sqlite.prepare(
      `INSERT INTO patients (id, mrn, given_name, family_name, date_of_birth, sex, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, 'x', 'x')`,
    );
    expect(() => insert.run('a', 'm1', 'A', 'B', '2023-02-29', 'female')).toThrow(/CHECK/);
    expect(() => insert.run('b', 'm2', 'A', 'B', '2000-01-01', 'robot')).toThrow(/CHECK/);
    expect(() => insert.run('c', 'm3', '', 'B', '2000-01-01', 'male')).toThrow(/CHECK/);
    expect(database.sqlite.prepare('SELECT count(*) FROM patients').pluck().get()).toBe(0);
  });
});
