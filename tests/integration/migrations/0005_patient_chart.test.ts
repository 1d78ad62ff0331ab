import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrations } from '../../../migrations';
import { fixedClock } from '../../../src-main/clock';
import { openClinicDatabase, type ClinicDatabase } from '../../../src-main/db/clinic-db';
import { MEMBER_KEY_SQL } from '../../../src-main/domain/coverages/member-key';
import { insertLegacyPatient } from '../../support/legacy-rows';
import { TEST_KEYS } from '../../support/test-keys';

const clock = fixedClock('2026-03-02T15:04:05.000Z');
const UNTIL_0004 = Object.fromEntries(Object.entries(migrations).filter(([name]) => name < '0005'));
const UNTIL_0005 = Object.fromEntries(Object.entries(migrations).filter(([name]) => name < '0006'));
const NOW = '2026-03-02T15:04:05.000Z';

let dataDir: string;
let database: ClinicDatabase;
let patientId: string;
let opsBefore: number;

beforeEach(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'clinic-0005-'));
  const old = await openClinicDatabase({ dataDir, clock, databaseKey: TEST_KEYS.databaseKey, migrations: UNTIL_0004 });
  patientId = insertLegacyPatient(old.sqlite, { givenName: 'Ada', familyName: 'Byron', dateOfBirth: '1980-05-06' });
  opsBefore = old.sqlite.prepare('SELECT count(*) FROM sync_ops').pluck().get() as number;
  await old.close();
  database = await openClinicDatabase({ dataDir, clock, databaseKey: TEST_KEYS.databaseKey, migrations: UNTIL_0005 });
});

afterEach(async () => {
  await database.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const insert = (table: string, row: Record<string, unknown>) => {
  const cols = Object.keys(row);
  database.sqlite.prepare(`INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`).run(...Object.values(row));
};
const payer = (id: string) => ({ id, name: 'Acme Health', created_at: NOW, updated_at: NOW });
const coverage = (id: string, payerId: string, memberId = 'ABC-123 45') => ({
  id,
  patient_id: patientId,
  payer_id: payerId,
  rank: 'primary',
  member_id: memberId,
  subscriber_relationship: 'self',
  created_at: NOW,
  updated_at: NOW,
});

describe('0005_patient_chart on a database holding a patient from 0004', () => {
  it('applies only 0005, keeps the patient with every new field empty, and records no op for it', () => {
    expect(database.migration.applied).toEqual(['0005_patient_chart']);
    const row = database.sqlite.prepare('SELECT * FROM patients WHERE id = ?').get(patientId) as Record<string, unknown>;
    expect(row).toMatchObject({ given_name: 'Ada', family_name: 'Byron', preferred_name: null, primary_provider_id: null, merged_into_id: null, consent_sms: null });
    expect(database.sqlite.prepare('SELECT count(*) FROM sync_ops').pluck().get()).toBe(opsBefore);
  });

  it('captures changes to the new patient columns', () => {
    database.sqlite.prepare(`UPDATE patients SET preferred_name = 'Addy', consent_sms = 'granted', consent_sms_on = '2026-03-01' WHERE id = ?`).run(patientId);
    const cols = database.sqlite.prepare('SELECT col FROM sync_ops WHERE row_id = ? AND seq > ? ORDER BY col').pluck().all(patientId, opsBefore);
    expect(cols).toEqual(['consent_sms', 'consent_sms_on', 'preferred_name']);
  });

  it('refuses values outside the allowed sets and dates that are not dates', () => {
    expect(() => database.sqlite.prepare(`UPDATE patients SET phone_type = 'pager' WHERE id = ?`).run(patientId)).toThrow(/CHECK/);
    expect(() => database.sqlite.prepare(`UPDATE patients SET consent_email_on = '2026-02-30' WHERE id = ?`).run(patientId)).toThrow(/CHECK/);
    expect(() => insert('providers', { id: 'p1', given_name: 'A', family_name: 'B', npi: '123', created_at: NOW, updated_at: NOW })).toThrow(/CHECK/);
  });

  it('checks references at commit, so a sync batch may bring a coverage before its payer', () => {
    const apply = database.sqlite.transaction((withPayer: boolean) => {
      insert('coverages', coverage('c1', 'payer-1'));
      if (withPayer) insert('payers', payer('payer-1'));
    });
    expect(() => apply(false)).toThrow(/FOREIGN KEY/);
    expect(database.sqlite.prepare('SELECT count(*) FROM coverages').pluck().get()).toBe(0);
    apply(true);
    expect(database.sqlite.prepare('SELECT count(*) FROM coverages').pluck().get()).toBe(1);
  });

  it('finds a member id typed another way through the folded-key index', () => {
    insert('payers', payer('payer-1'));
    insert('coverages', coverage('c1', 'payer-1'));
    const lookup = `SELECT id FROM coverages WHERE ${MEMBER_KEY_SQL} = ? AND deleted_at IS NULL`;
    expect(database.sqlite.prepare(lookup).pluck().all('ABC12345')).toEqual(['c1']);
    const plan = (database.sqlite.prepare(`EXPLAIN QUERY PLAN ${lookup}`).all('ABC12345') as { detail: string }[]).map((r) => r.detail).join('\n');
    expect(plan).toMatch(/USING INDEX coverages_member_key/);
  });

  it('never deletes rows of the new tables', () => {
    insert('payers', payer('payer-1'));
    expect(() => database.sqlite.prepare(`DELETE FROM payers WHERE id = 'payer-1'`).run()).toThrow(/never deleted/);
  });
});
