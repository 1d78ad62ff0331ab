import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { migrations } from '../../../migrations';
import { fixedClock } from '../../../src-main/clock';
import { openClinicDatabase } from '../../../src-main/db/clinic-db';
import type { Sqlite } from '../../../src-main/db/open';
import { insertLegacyPatient } from '../../support/legacy-rows';
import { TEST_KEYS } from '../../support/test-keys';

const clock = fixedClock('2026-03-02T15:04:05.000Z');
const UNTIL_0008 = Object.fromEntries(Object.entries(migrations).filter(([name]) => name < '0009'));
const UNTIL_0009 = Object.fromEntries(Object.entries(migrations).filter(([name]) => name < '0010'));
let dataDir: string;

afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

const plan = (sqlite: Sqlite, query: string, ...params: unknown[]) =>
  (sqlite.prepare(`EXPLAIN QUERY PLAN ${query}`).all(...params) as { detail: string }[]).map((row) => row.detail).join('\n');

it('0009 indexes existing rows, records no sync op, and a day of every provider reads one start range and a covering patient index (named: without statistics SQLite prefers the unique id index)', async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'clinic-0009-'));
  const old = await openClinicDatabase({ dataDir, clock, databaseKey: TEST_KEYS.databaseKey, migrations: UNTIL_0008 });
  for (let i = 0; i < 30; i++) insertLegacyPatient(old.sqlite, { givenName: `Given${i}`, familyName: `Family${i}`, dateOfBirth: '1980-05-06' });
  const opsBefore = old.sqlite.prepare('SELECT count(*) FROM sync_ops').pluck().get();
  await old.close();

  const database = await openClinicDatabase({ dataDir, clock, databaseKey: TEST_KEYS.databaseKey, migrations: UNTIL_0009 });
  try {
    const { sqlite } = database;
    expect(database.migration.applied).toEqual(['0009_schedule_read_indexes']);
    expect(sqlite.prepare('SELECT count(*) FROM sync_ops').pluck().get()).toBe(opsBefore);
    expect(sqlite.prepare(`SELECT count(*) FROM patients INDEXED BY patients_label WHERE id > ''`).pluck().get()).toBe(30);
    expect(sqlite.pragma('integrity_check', { simple: true })).toBe('ok');

    const day = plan(
      sqlite,
      `SELECT a.id, p.mrn, p.given_name, p.family_name, p.preferred_name, p.date_of_birth, p.restricted
       FROM appointments AS a JOIN patients AS p INDEXED BY patients_label ON p.id = a.patient_id
       WHERE a.deleted_at IS NULL AND a.start_at >= ? AND a.start_at < ? AND a.end_at > ?`,
      '2026-03-09T05:00:00.000Z',
      '2026-03-10T05:00:00.000Z',
      '2026-03-09T05:00:00.000Z',
    );
    expect(day).toMatch(/SEARCH a USING INDEX appointments_start \(start_at>\? AND start_at<\?\)/);
    expect(day).toMatch(/SEARCH p USING COVERING INDEX patients_label \(id=\?\)/);
  } finally {
    await database.close();
  }
});
