import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { migrations } from '../../../migrations';
import { fixedClock } from '../../../src-main/clock';
import { openClinicDatabase, type ClinicDatabase } from '../../../src-main/db/clinic-db';
import { insertLegacyPatient } from '../../support/legacy-rows';
import { TEST_KEYS } from '../../support/test-keys';

const NOW = '2026-03-02T15:04:05.000Z';
const clock = fixedClock(NOW);
const UNTIL_0006 = Object.fromEntries(Object.entries(migrations).filter(([name]) => name < '0007'));
const UNTIL_0007 = Object.fromEntries(Object.entries(migrations).filter(([name]) => name < '0008'));
const ROW_TIMES = { created_at: NOW, updated_at: NOW };

let dataDir: string;
let database: ClinicDatabase;
let patientId: string;
let providerId: string;
let opsBefore: number;

const insert = (table: string, row: Record<string, unknown>) => {
  const cols = Object.keys(row);
  database.sqlite.prepare(`INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`).run(...Object.values(row));
};
const count = (table: string) => database.sqlite.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
const plan = (query: string, ...params: unknown[]) =>
  (database.sqlite.prepare(`EXPLAIN QUERY PLAN ${query}`).all(...params) as { detail: string }[]).map((row) => row.detail).join('\n');

const type = (id: string) => ({ id, name: `Type ${id}`, duration_minutes: 30, color: '#2f6fdf', overbook_rule: 'never', ...ROW_TIMES });
const appointment = (id: string, typeId: string, overrides: Record<string, unknown> = {}) => ({
  id,
  patient_id: patientId,
  provider_id: providerId,
  appointment_type_id: typeId,
  start_at: '2026-03-09T14:00:00.000Z',
  end_at: '2026-03-09T14:30:00.000Z',
  status: 'booked',
  status_changed_at: NOW,
  ...ROW_TIMES,
  ...overrides,
});

beforeEach(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'clinic-0007-'));
  const old = await openClinicDatabase({ dataDir, clock, databaseKey: TEST_KEYS.databaseKey, migrations: UNTIL_0006 });
  patientId = insertLegacyPatient(old.sqlite, { givenName: 'Ada', familyName: 'Byron', dateOfBirth: '1980-05-06' });
  providerId = uuidv7();
  old.sqlite
    .prepare(`INSERT INTO providers (id, given_name, family_name, npi, created_at, updated_at) VALUES (?, 'Grace', 'Hopper', '1234567893', ?, ?)`)
    .run(providerId, NOW, NOW);
  opsBefore = old.sqlite.prepare('SELECT count(*) FROM sync_ops').pluck().get() as number;
  await old.close();
  database = await openClinicDatabase({ dataDir, clock, databaseKey: TEST_KEYS.databaseKey, migrations: UNTIL_0007 });
});

afterEach(async () => {
  await database.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('0007_scheduling on a database from 0006', () => {
  it('applies only 0007, gives existing providers no colour and no room, and records no op for them', () => {
    expect(database.migration.applied).toEqual(['0007_scheduling']);
    expect(database.sqlite.prepare('SELECT color, default_room_id FROM providers WHERE id = ?').get(providerId)).toEqual({ color: null, default_room_id: null });
    expect(count('sync_ops')).toBe(opsBefore);
  });

  it('captures the new provider columns and rows of every new table', () => {
    insert('resources', { id: 'room-1', kind: 'room', name: 'Room 1', ...ROW_TIMES });
    database.sqlite.prepare(`UPDATE providers SET color = '#aa3300', default_room_id = 'room-1' WHERE id = ?`).run(providerId);
    const providerCols = database.sqlite.prepare('SELECT col FROM sync_ops WHERE row_id = ? AND seq > ? ORDER BY col').pluck().all(providerId, opsBefore);
    expect(providerCols).toEqual(['color', 'default_room_id']);
    insert('appointment_types', type('t1'));
    insert('appointments', appointment('a1', 't1'));
    const tables = database.sqlite.prepare('SELECT DISTINCT tbl FROM sync_ops WHERE seq > ? ORDER BY tbl').pluck().all(opsBefore);
    expect(tables).toEqual(['appointment_types', 'appointments', 'providers', 'resources']);
  });

  it('refuses malformed times, statuses, colours and lengths', () => {
    insert('appointment_types', type('t1'));
    const refused: [string, Record<string, unknown>][] = [
      ['appointments', appointment('a1', 't1', { start_at: '2026-03-09 14:00' })],
      ['appointments', appointment('a2', 't1', { start_at: '2026-03-09T14:00:00Z' })],
      ['appointments', appointment('a3', 't1', { end_at: '2026-02-30T14:30:00.000Z' })],
      ['appointments', appointment('a4', 't1', { status: 'lost' })],
      ['appointments', appointment('a5', 't1', { cancelled_by: 'nobody' })],
      ['appointment_types', { ...type('t2'), color: 'blue' }],
      ['appointment_types', { ...type('t3'), duration_minutes: 0 }],
      ['appointment_types', { ...type('t4'), overbook_rule: 'always' }],
      ['availability_exceptions', { id: 'e1', provider_id: providerId, date: '2026-03-09', kind: 'closed', from_time: '25:00', to_time: '26:00', ...ROW_TIMES }],
      ['availability_templates', { id: 'tp1', provider_id: providerId, days: 'mon 9-5', ...ROW_TIMES }],
    ];
    for (const [table, row] of refused) expect(() => insert(table, row), `${table} ${JSON.stringify(row)}`).toThrow(/CHECK/);
    expect(count('appointments')).toBe(0);
  });

  it('checks references at commit, so a sync batch may bring an appointment before its type', () => {
    const apply = database.sqlite.transaction((withType: boolean) => {
      insert('appointments', appointment('a1', 't9'));
      if (withType) insert('appointment_types', type('t9'));
    });
    expect(() => apply(false)).toThrow(/FOREIGN KEY/);
    expect(count('appointments')).toBe(0);
    apply(true);
    expect(count('appointments')).toBe(1);
  });

  it('answers the day view, the conflict checks and a merge from one index range each', () => {
    database.sqlite.exec('ANALYZE');
    const from = '2026-03-08T17:00:00.000Z';
    const to = '2026-03-10T05:00:00.000Z';
    const day = plan(
      `SELECT id FROM appointments WHERE provider_id IN (SELECT id FROM providers) AND deleted_at IS NULL AND start_at >= ? AND start_at < ? AND end_at > ?`,
      from,
      to,
      from,
    );
    expect(day).toMatch(/appointments USING (COVERING )?INDEX appointments_provider_start \(provider_id=\? AND start_at>\? AND start_at<\?\)/);
    const provider = plan(
      `SELECT id FROM appointments WHERE provider_id = ? AND deleted_at IS NULL AND start_at >= ? AND start_at < ? AND end_at > ? AND status IN ('booked', 'confirmed')`,
      providerId,
      from,
      to,
      from,
    );
    expect(provider).toMatch(/INDEX appointments_provider_start \(provider_id=\? AND start_at>\? AND start_at<\?\)/);
    const patient = plan(`SELECT id FROM appointments WHERE patient_id = ? AND start_at >= ? AND start_at < ? AND deleted_at IS NULL`, patientId, from, to);
    expect(patient).toMatch(/INDEX appointments_patient_start \(patient_id=\? AND start_at>\? AND start_at<\?\)/);
    const room = plan(`SELECT appointment_id FROM appointment_resources WHERE resource_id = ? AND deleted_at IS NULL AND start_at >= ? AND start_at < ? AND end_at > ?`, 'r', from, to, from);
    expect(room).toMatch(/INDEX appointment_resources_resource_start \(resource_id=\? AND start_at>\? AND start_at<\?\)/);
    // A merge moves every appointment of a chart, removed ones too.
    expect(plan(`UPDATE appointments SET patient_id = ? WHERE patient_id = ?`, 'x', patientId)).toMatch(/INDEX appointments_patient_start \(patient_id=\?\)/);
  });
});
