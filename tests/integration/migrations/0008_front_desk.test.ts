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
const UNTIL_0007 = Object.fromEntries(Object.entries(migrations).filter(([name]) => name < '0008'));
const UNTIL_0008 = Object.fromEntries(Object.entries(migrations).filter(([name]) => name < '0009'));
const ROW_TIMES = { created_at: NOW, updated_at: NOW };
const NEW_TABLES = ['check_ins', 'ledger_entries', 'messages', 'referrals', 'supply_items', 'supply_order_lines', 'supply_orders', 'supply_stock_movements'];

let dataDir: string;
let database: ClinicDatabase;
let patientId: string;
let appointmentId: string;
let opsBefore: number;
let rowsBefore: Record<string, number>;

const insert = (table: string, row: Record<string, unknown>) => {
  const cols = Object.keys(row);
  database.sqlite.prepare(`INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`).run(...Object.values(row));
};
const count = (table: string) => database.sqlite.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
const countsOf = (tables: string[]) => Object.fromEntries(tables.map((table) => [table, count(table)]));
const plan = (query: string, ...params: unknown[]) =>
  (database.sqlite.prepare(`EXPLAIN QUERY PLAN ${query}`).all(...params) as { detail: string }[]).map((row) => row.detail).join('\n');

let counter = 0;
const entry = (overrides: Record<string, unknown> = {}) => ({
  id: uuidv7(),
  patient_id: patientId,
  entry_type: 'payment',
  bucket: 'patient',
  amount_cents: -2500,
  method: 'cash',
  idempotency_key: `key-${++counter}`,
  posted_at: NOW,
  ...ROW_TIMES,
  ...overrides,
});
const checkIn = (overrides: Record<string, unknown> = {}) => ({
  id: uuidv7(),
  appointment_id: appointmentId,
  patient_id: patientId,
  insurance: 'self_pay',
  identity_checked: 1,
  idempotency_key: `check-in-${++counter}`,
  checked_in_at: NOW,
  ...ROW_TIMES,
  ...overrides,
});
const item = (overrides: Record<string, unknown> = {}) => ({ id: uuidv7(), name: 'Gloves', unit: 'box', reorder_level: 5, reorder_quantity: 10, ...ROW_TIMES, ...overrides });
const message = (overrides: Record<string, unknown> = {}) => ({ id: uuidv7(), kind: 'phone_message', subject: 'Refill', urgency: 'routine', status: 'new', ...ROW_TIMES, ...overrides });
const referral = (overrides: Record<string, unknown> = {}) => ({
  id: uuidv7(),
  direction: 'outgoing',
  patient_id: patientId,
  other_name: 'Heart Center',
  reason: 'Consult',
  status: 'open',
  referred_on: '2026-03-01',
  ...ROW_TIMES,
  ...overrides,
});

beforeEach(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'clinic-0008-'));
  const old = await openClinicDatabase({ dataDir, clock, databaseKey: TEST_KEYS.databaseKey, migrations: UNTIL_0007 });
  patientId = insertLegacyPatient(old.sqlite, { givenName: 'Ada', familyName: 'Byron', dateOfBirth: '1980-05-06' });
  const providerId = uuidv7();
  const typeId = uuidv7();
  appointmentId = uuidv7();
  old.sqlite.prepare(`INSERT INTO providers (id, given_name, family_name, npi, created_at, updated_at) VALUES (?, 'Grace', 'Hopper', '1234567893', ?, ?)`).run(providerId, NOW, NOW);
  old.sqlite
    .prepare(`INSERT INTO appointment_types (id, name, duration_minutes, color, overbook_rule, created_at, updated_at) VALUES (?, 'Visit', 30, '#2f6fdf', 'never', ?, ?)`)
    .run(typeId, NOW, NOW);
  old.sqlite
    .prepare(
      `INSERT INTO appointments (id, patient_id, provider_id, appointment_type_id, start_at, end_at, status, status_changed_at, created_at, updated_at)
       VALUES (?, ?, ?, ?, '2026-03-09T14:00:00.000Z', '2026-03-09T14:30:00.000Z', 'booked', ?, ?, ?)`,
    )
    .run(appointmentId, patientId, providerId, typeId, NOW, NOW, NOW);
  opsBefore = old.sqlite.prepare('SELECT count(*) FROM sync_ops').pluck().get() as number;
  rowsBefore = Object.fromEntries(['patients', 'providers', 'appointments'].map((t) => [t, old.sqlite.prepare(`SELECT count(*) FROM ${t}`).pluck().get() as number]));
  await old.close();
  database = await openClinicDatabase({ dataDir, clock, databaseKey: TEST_KEYS.databaseKey, migrations: UNTIL_0008 });
});

afterEach(async () => {
  await database.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('0008_front_desk on a database from 0007', () => {
  it('applies only 0008, keeps every existing row and records no op', () => {
    expect(database.migration.applied).toEqual(['0008_front_desk']);
    expect(countsOf(Object.keys(rowsBefore))).toEqual(rowsBefore);
    expect(countsOf(NEW_TABLES)).toEqual(Object.fromEntries(NEW_TABLES.map((t) => [t, 0])));
    expect(count('sync_ops')).toBe(opsBefore);
  });

  it('captures rows of every new table', () => {
    const paid = entry();
    insert('ledger_entries', paid);
    insert('check_ins', checkIn({ copay_entry_id: paid.id }));
    insert('messages', message({ patient_id: patientId }));
    insert('referrals', referral());
    const gloves = item();
    insert('supply_items', gloves);
    const order = { id: uuidv7(), status: 'placed', placed_at: NOW, ...ROW_TIMES };
    insert('supply_orders', order);
    const line = { id: uuidv7(), order_id: order.id, item_id: gloves.id, quantity_ordered: 10, ...ROW_TIMES };
    insert('supply_order_lines', line);
    insert('supply_stock_movements', { id: uuidv7(), item_id: gloves.id, change: 10, reason: 'received', order_line_id: line.id, at: NOW, ...ROW_TIMES });
    const tables = database.sqlite.prepare('SELECT DISTINCT tbl FROM sync_ops WHERE seq > ? ORDER BY tbl').pluck().all(opsBefore);
    expect(tables).toEqual(NEW_TABLES);
  });

  it('refuses malformed amounts, kinds, methods, times, lists and lengths', () => {
    const refused: [string, Record<string, unknown>][] = [
      ['ledger_entries', entry({ amount_cents: 0 })],
      ['ledger_entries', entry({ amount_cents: 100_000_001 })],
      ['ledger_entries', entry({ amount_cents: -100_000_001 })],
      ['ledger_entries', entry({ amount_cents: 12.5 })],
      ['ledger_entries', entry({ amount_cents: 'twenty' })],
      ['ledger_entries', entry({ entry_type: 'gift' })],
      ['ledger_entries', entry({ bucket: 'provider' })],
      ['ledger_entries', entry({ method: 'bitcoin' })],
      ['ledger_entries', entry({ reference: '' })],
      ['ledger_entries', entry({ reference: 'x'.repeat(61) })],
      ['ledger_entries', entry({ reason: 'x'.repeat(501) })],
      ['ledger_entries', entry({ idempotency_key: '' })],
      ['ledger_entries', entry({ posted_at: '2026-03-02 15:04' })],
      // Text that is no date at all (date() and strftime() give NULL for it).
      ['ledger_entries', entry({ posted_at: 'now' })],
      ['supply_orders', { id: uuidv7(), status: 'placed', placed_at: 'yesterday', ...ROW_TIMES }],
      ['check_ins', checkIn({ insurance: 'maybe' })],
      ['check_ins', checkIn({ identity_checked: 2 })],
      ['check_ins', checkIn({ consents_signed: 'privacy' })],
      ['check_ins', checkIn({ consents_signed: '{"privacy":true}' })],
      ['check_ins', checkIn({ undone_at: 'today' })],
      ['messages', message({ urgency: 'whenever' })],
      ['messages', message({ status: 'lost' })],
      ['messages', message({ subject: '' })],
      ['messages', message({ due_date: '2026-02-30' })],
      ['messages', message({ due_date: 'Friday' })],
      ['referrals', referral({ referred_on: 'last week' })],
      ['referrals', referral({ direction: 'sideways' })],
      ['referrals', referral({ diagnoses: 'I10' })],
      ['referrals', referral({ status: 'pending' })],
      ['supply_items', item({ reorder_quantity: 0 })],
      ['supply_items', item({ reorder_level: -1 })],
      ['supply_stock_movements', { id: uuidv7(), item_id: 'x', change: 0, reason: 'count', at: NOW, ...ROW_TIMES }],
      ['supply_stock_movements', { id: uuidv7(), item_id: 'x', change: 1, reason: 'stolen', at: NOW, ...ROW_TIMES }],
    ];
    for (const [table, row] of refused) expect(() => insert(table, row), `${table} ${JSON.stringify(row)}`).toThrow(/CHECK|cannot store/);
    expect(countsOf(NEW_TABLES)).toEqual(Object.fromEntries(NEW_TABLES.map((t) => [t, 0])));
    expect(count('sync_ops')).toBe(opsBefore);
  });

  it('keeps ledger entries and stock movements insert-only: UPDATE and DELETE refused, with change capture on or off', () => {
    const paid = entry();
    insert('ledger_entries', paid);
    const gloves = item();
    insert('supply_items', gloves);
    const movement = { id: uuidv7(), item_id: gloves.id, change: 10, reason: 'count', at: NOW, ...ROW_TIMES };
    insert('supply_stock_movements', movement);
    const ops = count('sync_ops');
    for (const enabled of [true, false]) {
      database.capture.enabled = enabled;
      try {
        expect(() => database.sqlite.prepare('UPDATE ledger_entries SET amount_cents = -2000 WHERE id = ?').run(paid.id)).toThrow(/A ledger entry cannot be changed/);
        expect(() => database.sqlite.prepare('UPDATE ledger_entries SET deleted_at = ? WHERE id = ?').run(NOW, paid.id)).toThrow(/A ledger entry cannot be changed/);
        expect(() => database.sqlite.prepare('DELETE FROM ledger_entries').run()).toThrow(/never deleted|cannot be deleted/);
        expect(() => database.sqlite.prepare('UPDATE supply_stock_movements SET change = 9 WHERE id = ?').run(movement.id)).toThrow(/A stock movement cannot be changed/);
        expect(() => database.sqlite.prepare('DELETE FROM supply_stock_movements').run()).toThrow(/never deleted|cannot be deleted/);
      } finally {
        database.capture.enabled = true;
      }
    }
    expect(database.sqlite.prepare('SELECT amount_cents, deleted_at FROM ledger_entries WHERE id = ?').get(paid.id)).toEqual({ amount_cents: -2500, deleted_at: null });
    expect(database.sqlite.prepare('SELECT change FROM supply_stock_movements WHERE id = ?').pluck().get(movement.id)).toBe(10);
    expect(count('sync_ops')).toBe(ops);
    // The other tables of 0008 are edited in place as usual.
    const msg = message();
    insert('messages', msg);
    database.sqlite.prepare(`UPDATE messages SET status = 'done' WHERE id = ?`).run(msg.id);
    expect(database.sqlite.prepare('SELECT status FROM messages WHERE id = ?').pluck().get(msg.id)).toBe('done');
  });

  it('allows one reversal per entry and one entry (and one check-in) per idempotency key', () => {
    const paid = entry();
    insert('ledger_entries', paid);
    insert('ledger_entries', entry({ amount_cents: 2500, reverses_id: paid.id, reason: 'Posted twice' }));
    expect(() => insert('ledger_entries', entry({ amount_cents: 2500, reverses_id: paid.id, reason: 'Again' }))).toThrow(/UNIQUE constraint failed: ledger_entries.reverses_id/);
    expect(() => insert('ledger_entries', entry({ idempotency_key: paid.idempotency_key }))).toThrow(/UNIQUE constraint failed: ledger_entries.idempotency_key/);
    const first = checkIn();
    insert('check_ins', first);
    expect(() => insert('check_ins', checkIn({ idempotency_key: first.idempotency_key }))).toThrow(/UNIQUE constraint failed: check_ins.idempotency_key/);
    // Many entries without a reversal are fine (the index is partial).
    insert('ledger_entries', entry());
    expect(count('ledger_entries')).toBe(3);
  });

  it('checks references at commit, so a sync batch may bring a check-in before its copay entry', () => {
    const paid = entry();
    const apply = database.sqlite.transaction((withEntry: boolean) => {
      insert('check_ins', checkIn({ copay_entry_id: paid.id }));
      if (withEntry) insert('ledger_entries', paid);
    });
    expect(() => apply(false)).toThrow(/FOREIGN KEY/);
    expect(count('check_ins')).toBe(0);
    apply(true);
    expect(count('check_ins')).toBe(1);
  });

  it('answers the ledger, check-in, inbox, referral, stock and merge look-ups from indexes', () => {
    database.sqlite.exec('ANALYZE');
    const balance = plan(`SELECT bucket, sum(amount_cents) FROM ledger_entries WHERE patient_id IN (?, ?) GROUP BY bucket`, patientId, 'other');
    expect(balance).toMatch(/ledger_entries USING INDEX ledger_entries_patient \(patient_id=\?\)/);
    expect(plan(`SELECT id FROM ledger_entries WHERE appointment_id = ?`, appointmentId)).toMatch(/INDEX ledger_entries_appointment \(appointment_id=\?\)/);
    expect(plan(`SELECT id FROM ledger_entries WHERE reverses_id = ?`, 'x')).toMatch(/INDEX ledger_entries_reverses \(reverses_id=\?\)/);
    expect(plan(`SELECT id FROM ledger_entries WHERE idempotency_key = ?`, 'k')).toMatch(/INDEX sqlite_autoindex_ledger_entries_\d \(idempotency_key=\?\)/);
    // A chart's ledger takes in the charts merged into it.
    expect(plan(`SELECT id FROM patients WHERE merged_into_id = ?`, patientId)).toMatch(/INDEX patients_merged_into \(merged_into_id=\?\)/);
    expect(plan(`SELECT id FROM check_ins WHERE appointment_id = ? AND undone_at IS NULL`, appointmentId)).toMatch(/INDEX check_ins_appointment \(appointment_id=\?\)/);
    expect(plan(`SELECT id FROM check_ins WHERE idempotency_key = ?`, 'k')).toMatch(/INDEX sqlite_autoindex_check_ins_\d \(idempotency_key=\?\)/);
    const inbox = plan(`SELECT id FROM messages WHERE recipient_user_id = ? AND status IN ('new', 'in_progress') AND deleted_at IS NULL ORDER BY due_date`, 'u');
    expect(inbox).toMatch(/INDEX messages_user_inbox \(recipient_user_id=\? AND status=\?\)/);
    const providerInbox = plan(`SELECT id FROM messages WHERE recipient_provider_id = ? AND status = 'new' AND deleted_at IS NULL`, 'p');
    expect(providerInbox).toMatch(/INDEX messages_provider_inbox \(recipient_provider_id=\? AND status=\?\)/);
    const overdue = plan(
      `SELECT id FROM referrals WHERE direction = 'outgoing' AND referred_on < ? AND deleted_at IS NULL AND status NOT IN ('report_received', 'closed', 'cancelled')`,
      '2026-02-01',
    );
    expect(overdue).toMatch(/INDEX referrals_open \(direction=\? AND referred_on<\?\)/);
    expect(plan(`SELECT sum(change) FROM supply_stock_movements WHERE item_id = ?`, 'i')).toMatch(/INDEX supply_stock_movements_item \(item_id=\?\)/);
    expect(plan(`SELECT id FROM supply_order_lines WHERE order_id = ?`, 'o')).toMatch(/INDEX supply_order_lines_order \(order_id=\?\)/);
    // A merge moves a chart's check-ins, messages and referrals.
    expect(plan(`UPDATE check_ins SET patient_id = ? WHERE patient_id = ?`, 'x', patientId)).toMatch(/INDEX check_ins_patient \(patient_id=\?\)/);
    expect(plan(`UPDATE messages SET patient_id = ? WHERE patient_id = ?`, 'x', patientId)).toMatch(/INDEX messages_patient \(patient_id=\?\)/);
    expect(plan(`UPDATE referrals SET patient_id = ? WHERE patient_id = ?`, 'x', patientId)).toMatch(/INDEX referrals_patient \(patient_id=\?\)/);
  });
});
