import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { migrations } from '../../../migrations';
import { fixedClock } from '../../../src-main/clock';
import { openClinicDatabase } from '../../../src-main/db/clinic-db';
import { insertLegacyPatient } from '../../support/legacy-rows';
import { TEST_KEYS } from '../../support/test-keys';

const clock = fixedClock('2026-03-02T15:04:05.000Z');
const UNTIL_0003 = Object.fromEntries(Object.entries(migrations).filter(([name]) => name < '0004'));
const UNTIL_0004 = Object.fromEntries(Object.entries(migrations).filter(([name]) => name < '0005'));
let dataDir: string;

afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

it('0004 adds only the e-mail index over existing patients, records no sync op, and the e-mail lookup uses it', async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'clinic-0004-'));
  const old = await openClinicDatabase({ dataDir, clock, databaseKey: TEST_KEYS.databaseKey, migrations: UNTIL_0003 });
  insertLegacyPatient(old.sqlite, { givenName: 'Ada', familyName: 'Byron', dateOfBirth: '1980-05-06', email: 'Ada@Example.org' });
  const opsBefore = old.sqlite.prepare('SELECT count(*) FROM sync_ops').pluck().get();
  await old.close();

  const database = await openClinicDatabase({ dataDir, clock, databaseKey: TEST_KEYS.databaseKey, migrations: UNTIL_0004 });
  try {
    expect(database.migration.applied).toEqual(['0004_patient_duplicates']);
    expect(database.sqlite.prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND name = 'patients_email'`).pluck().get()).toBe('patients_email');
    expect(database.sqlite.prepare('SELECT count(*) FROM sync_ops').pluck().get()).toBe(opsBefore);
    const plan = (database.sqlite.prepare(`EXPLAIN QUERY PLAN SELECT id FROM patients WHERE deleted_at IS NULL AND lower(email) = ? AND email IS NOT NULL`).all('ada@example.org') as { detail: string }[])
      .map((r) => r.detail)
      .join('\n');
    expect(plan).toMatch(/USING INDEX patients_email/);
  } finally {
    await database.close();
  }
});
