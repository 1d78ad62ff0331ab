import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import type { Balances, LedgerEntry } from '../../../src-shared/ledger/schema';
import { addUser, auditRows, validPatient, valueOf } from '../../support/test-app';
import { cashPayment, deskPerTest, expectDeskRefusedUnchanged, type Desk, type Posted } from '../front-desk/support';

const desk = deskPerTest();

interface Ledger {
  entries: LedgerEntry[];
  balances: Balances;
  chartIds: string[];
}

const ledgerOf = (d: Desk, patientId: string) => d.desk<Ledger>('ledger.forPatient', { patientId });
const pay = (d: Desk, input: Parameters<typeof cashPayment>[1] = {}, patientId = d.maria) => d.desk<Posted>('ledger.postPayment', cashPayment(patientId, input));
async function reverseAsBilling(d: Desk, entryId: string, reason = 'Posted to the wrong chart') {
  return valueOf<{ reversal: LedgerEntry; original: LedgerEntry }>(await d.dispatch('ledger.reverse', { entryId, reason }, d.sessions.billing), 'ledger.reverse');
}

/** A charge as billing will post it (no service for it yet): straight into the table. */
function postCharge(d: Desk, patientId: string, amountCents: number, bucket: 'patient' | 'insurance' = 'patient'): void {
  const now = d.clock.now().toISOString();
  d.app.database.sqlite
    .prepare(
      `INSERT INTO ledger_entries (id, patient_id, entry_type, bucket, amount_cents, idempotency_key, posted_at, created_at, updated_at)
       VALUES (?, ?, 'charge', ?, ?, ?, ?, ?, ?)`,
    )
    .run(uuidv7(), patientId, bucket, amountCents, randomUUID(), now, now, now);
}

describe('ledger.postPayment', () => {
  it('posts a patient payment as a negative entry on the chart, audited without its reference', async () => {
    const d = desk();
    const visit = await d.bookToday();
    const { entry, replayed } = await pay(d, { amountCents: 2550, method: 'card', reference: 'AUTH 004211', appointmentId: visit.id });
    expect(replayed).toBe(false);
    expect(entry).toMatchObject({
      patientId: d.maria,
      appointmentId: visit.id,
      entryType: 'payment',
      bucket: 'patient',
      amountCents: -2550,
      method: 'card',
      reference: 'AUTH 004211',
      reversesId: null,
      reversedById: null,
      postedAt: d.clock.now().toISOString(),
      postedBy: d.deskUser,
    });
    expect(entry.receiptNumber).toMatch(/^[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}$/);
    expect(entry.receiptNumber.replaceAll('-', '')).toBe(entry.id.replaceAll('-', '').slice(-12).toUpperCase());
    const audited = (await auditRows(d.app)).filter((row) => row.action === 'ledger.payment');
    expect(audited).toHaveLength(1);
    expect(audited[0]).toMatchObject({ userId: d.deskUser.id, entityType: 'patient', entityId: d.maria });
    expect(JSON.parse(audited[0]!.detail)).toEqual({ entryId: entry.id, amountCents: -2550, method: 'card', appointmentId: visit.id, reversesId: null });
    expect(audited[0]!.detail).not.toContain('AUTH');
  });

  it('posts once per idempotency key: a retry returns the first entry, another payment under the key is refused', async () => {
    const d = desk();
    const input = cashPayment(d.maria, { amountCents: 4000, method: 'check', reference: '1042' });
    const first = await d.desk<Posted>('ledger.postPayment', input);
    const before = await d.state();
    const retry = await d.desk<Posted>('ledger.postPayment', input);
    expect(retry).toEqual({ entry: first.entry, replayed: true });
    // Nothing new: no entry, no op, no audit entry.
    expect(await d.state()).toEqual(before);

    for (const changed of [{ amountCents: 4001 }, { method: 'cash', reference: null }, { reference: '1043' }, { patientId: d.sam }]) {
      const error = await expectDeskRefusedUnchanged(d, 'ledger.postPayment', { ...input, ...changed });
      expect(error).toMatchObject({ code: 'CONFLICT', fields: { idempotencyKey: expect.stringContaining('already used for a different payment') } });
      expect(error.details).toEqual({ reason: 'idempotency_key_reused', entryId: first.entry.id });
    }
    expect((await ledgerOf(d, d.maria)).entries).toHaveLength(1);
  });

  it('refuses bad amounts, methods and references with a message on the field, writing nothing', async () => {
    const d = desk();
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ amountCents: 0 }, 'amountCents', /above zero/],
      [{ amountCents: -2500 }, 'amountCents', /above zero/],
      [{ amountCents: 25.5 }, 'amountCents', /Whole cents only/],
      [{ amountCents: '25.00' }, 'amountCents', /number of cents/],
      [{ amountCents: 'twenty' }, 'amountCents', /number of cents/],
      [{ amountCents: null }, 'amountCents', /number of cents/],
      [{ amountCents: 10_000_001 }, 'amountCents', /At most \$100,000\.00/],
      [{ method: 'bitcoin' }, 'method', /cash, card or check/],
      [{ method: 'card' }, 'reference', /reference from the terminal slip/],
      [{ method: 'card', reference: '   ' }, 'reference', /reference from the terminal slip/],
      [{ method: 'card', reference: '4111 1111 1111 1111' }, 'reference', /Never enter the card number/],
      [{ method: 'check' }, 'reference', /check number/],
      [{ method: 'check', reference: 'CHK-12' }, 'reference', /digits only/],
      [{ reference: 'x'.repeat(61) }, 'reference', /At most 60/],
      [{ idempotencyKey: 'retry-1' }, 'idempotencyKey', /request key/],
      [{ patientId: 'maria' }, 'patientId', /Not a valid patient id/],
    ];
    for (const [change, field, message] of cases) {
      const error = await expectDeskRefusedUnchanged(d, 'ledger.postPayment', { ...cashPayment(d.maria), ...change });
      expect(error.code, JSON.stringify(change)).toBe('VALIDATION');
      expect(error.fields?.[field], JSON.stringify(change)).toMatch(message);
    }
  });

  it('refuses an unknown chart, a merged-away chart (saying where it went) and another patient’s appointment', async () => {
    const d = desk();
    expect(await expectDeskRefusedUnchanged(d, 'ledger.postPayment', cashPayment(uuidv7()))).toMatchObject({ code: 'NOT_FOUND' });
    const samsVisit = await d.bookToday({ patientId: d.sam, time: '13:00' });
    const other = await expectDeskRefusedUnchanged(d, 'ledger.postPayment', cashPayment(d.maria, { appointmentId: samsVisit.id }));
    expect(other).toMatchObject({ code: 'VALIDATION', fields: { appointmentId: 'This appointment is another patient’s' } });
    expect(await expectDeskRefusedUnchanged(d, 'ledger.postPayment', cashPayment(d.maria, { appointmentId: uuidv7() }))).toMatchObject({
      code: 'NOT_FOUND',
      fields: { appointmentId: 'No such appointment' },
    });
    await d.ok('patients.merge', { survivorId: d.sam, mergedId: d.maria });
    const merged = await expectDeskRefusedUnchanged(d, 'ledger.postPayment', cashPayment(d.maria));
    expect(merged).toMatchObject({ code: 'NOT_FOUND', details: { mergedInto: d.sam } });
  });
});

describe('ledger.reverse', () => {
  it('posts the opposite amount on the same chart, visit and method, naming the original, with the reason; audited', async () => {
    const d = desk();
    const visit = await d.bookToday();
    const { entry } = await pay(d, { amountCents: 3000, method: 'card', reference: 'AUTH 77', appointmentId: visit.id });
    d.clock.advance(60_000);
    const { reversal, original } = await reverseAsBilling(d, entry.id, '  Card charged twice  ');
    expect(reversal).toMatchObject({
      patientId: d.maria,
      appointmentId: visit.id,
      entryType: 'payment',
      bucket: 'patient',
      amountCents: 3000,
      method: 'card',
      reference: 'AUTH 77',
      reversesId: entry.id,
      reversedById: null,
      reason: 'Card charged twice',
      postedAt: d.clock.now().toISOString(),
    });
    expect(original).toEqual({ ...entry, reversedById: reversal.id });
    const stored = d.app.database.sqlite.prepare('SELECT idempotency_key FROM ledger_entries WHERE id = ?').pluck().get(reversal.id);
    expect(stored).toBe(`reversal:${entry.id}`);
    const audited = (await auditRows(d.app)).filter((row) => row.action === 'ledger.reverse');
    expect(audited.map((row) => [row.entityId, JSON.parse(row.detail)])).toEqual([
      [d.maria, { entryId: reversal.id, amountCents: 3000, method: 'card', appointmentId: visit.id, reversesId: entry.id }],
    ]);
  });

  it('refuses a second reversal, a reversal of a reversal, no reason and an unknown entry, changing nothing', async () => {
    const d = desk();
    const { entry } = await pay(d);
    const { reversal } = await reverseAsBilling(d, entry.id);
    const asBilling = async (input: unknown) => {
      const before = await d.state();
      const result = await d.dispatch('ledger.reverse', input, d.sessions.billing);
      expect(await d.state()).toEqual(before);
      if (result.ok) throw new Error('expected a refusal');
      return result.error;
    };
    expect(await asBilling({ entryId: entry.id, reason: 'Again' })).toMatchObject({
      code: 'CONFLICT',
      message: 'This entry was already reversed',
      details: { reason: 'already_reversed', reversalId: reversal.id },
    });
    expect(await asBilling({ entryId: reversal.id, reason: 'Undo the undo' })).toMatchObject({
      code: 'CONFLICT',
      details: { reason: 'is_reversal', reversesId: entry.id },
    });
    const other = (await pay(d)).entry;
    expect(await asBilling({ entryId: other.id, reason: '   ' })).toMatchObject({ code: 'VALIDATION', fields: { reason: 'Give a reason for the correction' } });
    expect(await asBilling({ entryId: uuidv7(), reason: 'Wrong' })).toMatchObject({ code: 'NOT_FOUND', fields: { entryId: 'No ledger entry with this id' } });
  });

  it('is for billing and the office manager: the front desk may post and read, not correct', async () => {
    const d = desk();
    const { entry } = await pay(d);
    const before = await d.state();
    const refused = await d.deskRefused('ledger.reverse', { entryId: entry.id, reason: 'Mistake' });
    expect(refused).toMatchObject({ code: 'FORBIDDEN', details: { breakGlass: { permission: 'ledger.correct' } } });
    // The router's refusal is audited (flagged); nothing else is written.
    expect(await d.state()).toEqual({ ...before, counts: { ...before.counts, audit_log: before.counts.audit_log! + 1 } });
    const doctor = await addUser(d.app, d.sessions.admin, 'provider');
    expect(await d.dispatch('ledger.forPatient', { patientId: d.maria }, doctor.sessionId)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await d.dispatch('ledger.postPayment', cashPayment(d.maria), doctor.sessionId)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });
});

describe('ledger.forPatient', () => {
  it('derives each bucket’s balance from the entries: charges positive, payments negative, reversals cancelling', async () => {
    const d = desk();
    expect(await ledgerOf(d, d.maria)).toEqual({ entries: [], balances: { patient: 0, insurance: 0 }, chartIds: [d.maria] });
    postCharge(d, d.maria, 15000);
    postCharge(d, d.maria, 9000, 'insurance');
    d.clock.advance(1000);
    const copay = (await pay(d, { amountCents: 2500 })).entry;
    d.clock.advance(1000);
    const wrong = (await pay(d, { amountCents: 10000, method: 'check', reference: '501' })).entry;
    d.clock.advance(1000);
    await reverseAsBilling(d, wrong.id, 'Check returned');
    await pay(d, { amountCents: 700 }, d.sam);

    const ledger = await ledgerOf(d, d.maria);
    expect(ledger.balances).toEqual({ patient: 15000 - 2500 - 10000 + 10000, insurance: 9000 });
    expect(ledger.entries.map((e) => [e.entryType, e.bucket, e.amountCents])).toEqual([
      ['payment', 'patient', 10000],
      ['payment', 'patient', -10000],
      ['payment', 'patient', -2500],
      ['charge', 'insurance', 9000],
      ['charge', 'patient', 15000],
    ]);
    expect(ledger.entries.find((e) => e.id === wrong.id)?.reversedById).toEqual(ledger.entries[0]!.id);
    expect(ledger.entries.find((e) => e.id === copay.id)?.reversedById).toBeNull();
    // Nothing stores a balance: the sums are the entries'.
    const sum = d.app.database.sqlite.prepare(`SELECT sum(amount_cents) FROM ledger_entries WHERE patient_id = ? AND bucket = 'patient'`).pluck().get(d.maria);
    expect(sum).toBe(ledger.balances.patient);
    expect((await ledgerOf(d, d.sam)).balances).toEqual({ patient: -700, insurance: 0 });
  });

  it('shows a merged chart’s entries in the survivor’s ledger (they cannot move), and back on their own chart after unmerge', async () => {
    const d = desk();
    const marias = (await pay(d, { amountCents: 2000 })).entry;
    const sams = (await pay(d, { amountCents: 500 }, d.sam)).entry;
    const { id: mergeId } = await d.ok<{ id: string }>('patients.merge', { survivorId: d.sam, mergedId: d.maria });

    const merged = await ledgerOf(d, d.sam);
    expect(merged.chartIds).toEqual([d.sam, d.maria]);
    expect(merged.entries.map((e) => [e.id, e.patientId]).sort()).toEqual([[marias.id, d.maria], [sams.id, d.sam]].sort());
    expect(merged.balances.patient).toBe(-2500);
    // The entry stays on the chart it was posted on; its old chart's address says where it went.
    expect(d.app.database.sqlite.prepare('SELECT patient_id FROM ledger_entries WHERE id = ?').pluck().get(marias.id)).toBe(d.maria);
    expect(await d.deskRefused('ledger.forPatient', { patientId: d.maria })).toMatchObject({ code: 'NOT_FOUND', details: { mergedInto: d.sam } });

    // A correction on the survivor's screen lands on the entry's own chart.
    const { reversal } = await reverseAsBilling(d, marias.id, 'Paid by the wrong family member');
    expect(reversal.patientId).toBe(d.maria);
    expect((await ledgerOf(d, d.sam)).balances.patient).toBe(-500);

    await d.ok('patients.unmerge', { mergeId });
    expect(await ledgerOf(d, d.sam)).toMatchObject({ chartIds: [d.sam], balances: { patient: -500 } });
    const reopened = await ledgerOf(d, d.maria);
    expect(reopened.entries.map((e) => e.id).sort()).toEqual([marias.id, reversal.id].sort());
    expect(reopened.balances.patient).toBe(0);
  });

  it('follows a chain of merges: A into B, then B into C', async () => {
    const d = desk();
    const third = (await d.ok<{ id: string }>('patients.create', { ...validPatient, givenName: 'Ines', confirmNewPatient: true })).id;
    await pay(d, { amountCents: 100 });
    await pay(d, { amountCents: 200 }, d.sam);
    await pay(d, { amountCents: 400 }, third);
    await d.ok('patients.merge', { survivorId: d.sam, mergedId: d.maria });
    await d.ok('patients.merge', { survivorId: third, mergedId: d.sam });
    const ledger = await ledgerOf(d, third);
    expect(new Set(ledger.chartIds)).toEqual(new Set([third, d.sam, d.maria]));
    expect(ledger.balances.patient).toBe(-700);
  });
});
