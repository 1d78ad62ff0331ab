import { rmSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrations } from '../../../migrations';
import { fixedClock } from '../../../src-main/clock';
import { openClinicDatabase, type ClinicDatabase } from '../../../src-main/db/clinic-db';
import { searchPatients } from '../../../src-main/domain/patients/search';
import { insertLegacyPatient } from '../../support/legacy-rows';
import { TEST_KEYS } from '../../support/test-keys';

const clock = fixedClock('2026-03-02T15:04:05.000Z');
const UNTIL_0002 = Object.fromEntries(Object.entries(migrations).filter(([name]) => name < '0003'));
const UNTIL_0003 = Object.fromEntries(Object.entries(migrations).filter(([name]) => name < '0004'));
const OLD_PATIENTS = [
  ['José', 'Álvarez'],
  ['Anne-Marie', "O'Brien-Smith"],
  ['Sean', "O'Keefe"],
  ['Maria', 'Lopez'],
] as const;

let dataDir: string;
let database: ClinicDatabase;
let opsBefore: number;

beforeEach(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'clinic-0003-'));
  const old = await openClinicDatabase({ dataDir, clock, databaseKey: TEST_KEYS.databaseKey, migrations: UNTIL_0002 });
  expect(old.migration.applied).toEqual(['0001_foundation', '0002_users_security']);
  for (const [givenName, familyName] of OLD_PATIENTS) {
    insertLegacyPatient(old.sqlite, { givenName, familyName, dateOfBirth: '1980-05-06', phone: '+16175550142' });
  }
  opsBefore = old.sqlite.prepare('SELECT count(*) FROM sync_ops').pluck().get() as number;
  await old.close();
  database = await openClinicDatabase({ dataDir, clock, databaseKey: TEST_KEYS.databaseKey, migrations: UNTIL_0003 });
});

afterEach(async () => {
  await database.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function upgradeToLatest(): Promise<void> {
  await database.close();
  database = await openClinicDatabase({ dataDir, clock, databaseKey: TEST_KEYS.databaseKey });
}

const plan = (sql: string, ...params: unknown[]) =>
  (database.sqlite.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((r) => r.detail).join('\n');

describe('0003_patient_search on a database holding patients from 0002', () => {
  it('applies only 0003, after a copy of the database', () => {
    expect(database.migration.applied).toEqual(['0003_patient_search']);
    expect(database.migration.backupFile).not.toBeNull();
    expect(database.sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
  });

  it('fills the search keys and inner words of the old rows, and records no sync op for them', () => {
    const rows = database.sqlite.prepare('SELECT family_key, given_key FROM patients ORDER BY pk').all();
    expect(rows).toEqual([
      { family_key: 'alvarez', given_key: 'jose' },
      { family_key: 'obrien-smith', given_key: 'anne-marie' },
      { family_key: 'okeefe', given_key: 'sean' },
      { family_key: 'lopez', given_key: 'maria' },
    ]);
    const words = database.sqlite.prepare('SELECT word FROM patient_name_words ORDER BY word').pluck().all();
    expect(words).toEqual(['brien', 'keefe', 'marie', 'smith']);
    expect(database.sqlite.prepare('SELECT count(*) FROM sync_ops').pluck().get()).toBe(opsBefore);
  });

  it('answers from the new indexes', () => {
    expect(plan(`SELECT id FROM patients WHERE deleted_at IS NULL AND family_key >= ? AND family_key < ? ORDER BY family_key, given_key, date_of_birth LIMIT 20`, 'ok', 'ok\u{10FFFF}')).toMatch(
      /USING INDEX patients_family_key \(family_key>\? AND family_key<\?\)/,
    );
    expect(plan(`SELECT id FROM patients WHERE deleted_at IS NULL AND given_key = ? ORDER BY given_key, family_key, date_of_birth LIMIT 20`, 'sean')).toMatch(
      /USING INDEX patients_given_key \(given_key=\?\)/,
    );
    expect(plan(`SELECT pk FROM patient_name_words WHERE word >= ? AND word < ? ORDER BY word, family_key, given_key LIMIT 20`, 'sm', 'sm\u{10FFFF}')).toMatch(
      /USING (COVERING INDEX|PRIMARY KEY)/,
    );
    expect(plan(`SELECT id FROM patients ORDER BY family_key`)).toMatch(/TEMP B-TREE|SCAN/);
  });

  // Today's search also reads tables of later migrations: it runs on the old rows once every migration is in.
  it('finds the old rows by key prefixes, inner words and apostrophes', async () => {
    await upgradeToLatest();
    const found = async (query: string) => (await searchPatients(database.db, { query, limit: 20 })).map((p) => p.familyName);
    expect(await found('okee')).toEqual(["O'Keefe"]);
    expect(await found('alv')).toEqual(['Álvarez']);
    expect(await found('smith')).toEqual(["O'Brien-Smith"]);
    expect(await found('marie')).toEqual(["O'Brien-Smith"]);
    expect(await found('lo ma')).toEqual(['Lopez']);
    expect(await found('obri 1980-05-06')).toEqual(["O'Brien-Smith"]);
  });

  it('keeps new and changed rows right through the triggers', async () => {
    insertLegacyPatient(database.sqlite, { givenName: 'Zoë', familyName: 'Van der Berg', dateOfBirth: '1990-01-02' });
    expect(database.sqlite.prepare(`SELECT family_key, given_key FROM patients WHERE family_name = 'Van der Berg'`).get()).toEqual({
      family_key: 'van der berg',
      given_key: 'zoe',
    });
    database.sqlite.prepare(`UPDATE patients SET family_name = 'Lopez-Ruiz' WHERE family_name = 'Lopez'`).run();
    expect(database.sqlite.prepare(`SELECT family_key FROM patients WHERE family_name = 'Lopez-Ruiz'`).pluck().get()).toBe('lopez-ruiz');
    await upgradeToLatest();
    expect((await searchPatients(database.db, { query: 'ruiz', limit: 20 })).map((p) => p.givenName)).toEqual(['Maria']);
    expect((await searchPatients(database.db, { query: 'berg', limit: 20 })).map((p) => p.givenName)).toEqual(['Zoë']);
  });
});
