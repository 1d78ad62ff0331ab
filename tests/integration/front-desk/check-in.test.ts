import { describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import type { CheckIn } from '../../../src-shared/front-desk/schema';
import type { Balances, LedgerEntry } from '../../../src-shared/ledger/schema';
import type { Appointment } from '../../../src-shared/scheduling/schema';
import { auditRows, validPatient } from '../../support/test-app';
import { deskPerTest, expectDeskRefusedUnchanged, selfPayCheckIn, TODAY, type Desk } from './support';

const desk = deskPerTest();

interface CheckedIn {
  checkIn: CheckIn;
  copay: LedgerEntry | null;
  appointment: Appointment;
  replayed: boolean;
}
interface Undone {
  checkIn: CheckIn;
  copayReversal: LedgerEntry | null;
  appointment: Appointment;
}

const CARD_COPAY = { amountCents: 2500, method: 'card', reference: 'AUTH 004211' } as const;

const checkIn = (d: Desk, input: Record<string, unknown>) => d.desk<CheckedIn>('frontDesk.checkIn', input);
const undo = (d: Desk, appointmentId: string, reason = 'Checked in the wrong Maria') => d.desk<Undone>('frontDesk.undoCheckIn', { appointmentId, reason });
const balancesOf = async (d: Desk, patientId: string) => (await d.desk<{ balances: Balances }>('ledger.forPatient', { patientId })).balances;
const historyOf = async (d: Desk, appointmentId: string) =>
  (await d.ok<{ history: { from: string | null; to: string; reason: string | null }[] }>('appointments.get', { id: appointmentId })).history.map((h) => [h.from, h.to, h.reason]);
const auditedSince = async (d: Desk, seq: number) =>
  (await auditRows(d.app)).filter((row) => row.seq > seq).map((row) => ({ action: row.action, entityId: row.entityId, detail: JSON.parse(row.detail) as unknown }));
const lastAuditSeq = async (d: Desk) => (await auditRows(d.app)).at(-1)?.seq ?? 0;

describe('frontDesk.checkIn', () => {
  it('records identity, the confirmed coverage and consents, posts the copay and marks the patient arrived, audited', async () => {
    const d = desk();
    const visit = await d.bookToday();
    const coverage = await d.coverageFor(d.maria);
    const seq = await lastAuditSeq(d);
    d.clock.set('2026-03-02T15:10:00.000Z');
    const result = await checkIn(d, {
      ...selfPayCheckIn(visit.id),
      insurance: { kind: 'coverage', coverageId: coverage.id },
      consentsSigned: ['treatment', 'privacy_notice'],
      copay: CARD_COPAY,
    });
    const now = d.clock.now().toISOString();
    expect(result.replayed).toBe(false);
    expect(result.checkIn).toEqual({
      id: expect.any(String),
      appointmentId: visit.id,
      patientId: d.maria,
      insurance: 'coverage_confirmed',
      coverageId: coverage.id,
      identityChecked: true,
      consentsSigned: ['privacy_notice', 'treatment'],
      copayEntryId: result.copay!.id,
      checkedInAt: now,
      checkedInBy: d.deskUser,
      undoneAt: null,
      undoneBy: null,
      undoReason: null,
    });
    expect(result.copay).toMatchObject({ patientId: d.maria, appointmentId: visit.id, entryType: 'payment', bucket: 'patient', amountCents: -2500, method: 'card', reference: 'AUTH 004211' });
    expect(result.appointment).toMatchObject({ id: visit.id, status: 'arrived', statusChangedAt: now });
    expect(await historyOf(d, visit.id)).toEqual([
      [null, 'booked', null],
      ['booked', 'arrived', null],
    ]);
    expect(await balancesOf(d, d.maria)).toEqual({ patient: -2500, insurance: 0 });
    expect(await auditedSince(d, seq)).toEqual([
      {
        action: 'front_desk.check_in',
        entityId: d.maria,
        detail: { checkInId: result.checkIn.id, appointmentId: visit.id, insurance: 'coverage_confirmed', coverageId: coverage.id, identityChecked: true, consentsSigned: 2, copayEntryId: result.copay!.id },
      },
      {
        action: 'ledger.payment',
        entityId: d.maria,
        detail: { entryId: result.copay!.id, amountCents: -2500, method: 'card', appointmentId: visit.id, reversesId: null },
      },
      { action: 'appointment.status', entityId: d.maria, detail: { appointmentId: visit.id, from: 'booked', to: 'arrived' } },
    ]);
  });

  it('checks in a confirmed, self-pay visit without a copay', async () => {
    const d = desk();
    const visit = await d.bookToday({ time: '13:30' });
    await d.ok('appointments.setStatus', { id: visit.id, status: 'confirmed' });
    const result = await checkIn(d, selfPayCheckIn(visit.id, { identityChecked: false }));
    expect(result.checkIn).toMatchObject({ insurance: 'self_pay', coverageId: null, identityChecked: false, consentsSigned: [], copayEntryId: null });
    expect(result.copay).toBeNull();
    expect(result.appointment.status).toBe('arrived');
    expect(await balancesOf(d, d.maria)).toEqual({ patient: 0, insurance: 0 });
  });

  it('is one transaction: when its last step fails, no check-in, copay, status, op or audit entry remains', async () => {
    const d = desk();
    const visit = await d.bookToday();
    const before = await d.state();
    // The status change is written last; make it fail as a full disk or a bug would.
    d.app.database.sqlite.exec(`CREATE TEMP TRIGGER fail_status_change BEFORE INSERT ON appointment_status_changes BEGIN SELECT RAISE(ABORT, 'disk full'); END`);
    const failed = await d.dispatch('frontDesk.checkIn', selfPayCheckIn(visit.id, { copay: CARD_COPAY }), d.sessions.desk);
    expect(failed).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(await d.state()).toEqual(before);
    d.app.database.sqlite.exec('DROP TRIGGER fail_status_change');
    // The same request then goes through as if it had never been tried.
    expect((await checkIn(d, selfPayCheckIn(visit.id, { copay: CARD_COPAY }))).appointment.status).toBe('arrived');
  });

  it('answers a retry with the check-in it made (one check-in, one copay); another check-in under the key is refused', async () => {
    const d = desk();
    const visit = await d.bookToday();
    const input = selfPayCheckIn(visit.id, { copay: CARD_COPAY, consentsSigned: ['financial_policy'] });
    const first = await checkIn(d, input);
    const before = await d.state();
    const retry = await checkIn(d, input);
    expect(retry).toEqual({ ...first, replayed: true });
    expect(await d.state()).toEqual(before);
    for (const changed of [{ copay: { ...CARD_COPAY, amountCents: 3000 } }, { copay: null }, { identityChecked: false }, { consentsSigned: [] }]) {
      const error = await expectDeskRefusedUnchanged(d, 'frontDesk.checkIn', { ...input, ...changed });
      expect(error).toMatchObject({ code: 'CONFLICT', details: { reason: 'idempotency_key_reused', checkInId: first.checkIn.id } });
    }
  });

  it('takes today in the clinic’s time zone, not UTC’s', async () => {
    const d = desk();
    const evening = await d.bookToday({ providerId: d.lovelace, time: '16:30' });
    const tomorrowMorning = await d.book({ providerId: d.lovelace, date: '2026-03-03', time: '09:00' });
    // 22:30 in New York on Monday is already Tuesday in UTC.
    d.clock.set('2026-03-03T03:30:00.000Z');
    await d.signInAgain();
    const early = await expectDeskRefusedUnchanged(d, 'frontDesk.checkIn', selfPayCheckIn(tomorrowMorning.id));
    expect(early).toMatchObject({ code: 'CONFLICT', details: { reason: 'not_today', appointmentDate: '2026-03-03', today: TODAY } });
    expect((await checkIn(d, selfPayCheckIn(evening.id))).appointment.status).toBe('arrived');
  });

  describe('refuses with a specific error, changing nothing', () => {
    it('a cancelled appointment, a no-show, a rescheduled one, and one already checked in', async () => {
      const d = desk();
      const cancelled = await d.bookToday();
      await d.ok('appointments.cancel', { id: cancelled.id, cancelledBy: 'patient', reason: 'Feeling better' });
      const error = await expectDeskRefusedUnchanged(d, 'frontDesk.checkIn', selfPayCheckIn(cancelled.id, { copay: CARD_COPAY }));
      expect(error).toMatchObject({
        code: 'CONFLICT',
        message: 'This appointment was cancelled: book the patient again (or as a walk-in) to check them in',
        fields: { appointmentId: expect.any(String) },
        details: { reason: 'appointment_cancelled', status: 'cancelled' },
      });
      const missed = await d.bookToday({ time: '08:00' });
      await d.ok('appointments.setStatus', { id: missed.id, status: 'no_show' });
      expect((await expectDeskRefusedUnchanged(d, 'frontDesk.checkIn', selfPayCheckIn(missed.id))).details).toMatchObject({ reason: 'appointment_no_show' });
      const moved = await d.bookToday({ time: '13:00' });
      await d.ok('appointments.reschedule', { id: moved.id, date: TODAY, time: '14:00' });
      expect((await expectDeskRefusedUnchanged(d, 'frontDesk.checkIn', selfPayCheckIn(moved.id))).details).toMatchObject({ reason: 'appointment_rescheduled' });
      const arrived = await d.bookToday({ time: '10:30' });
      await checkIn(d, selfPayCheckIn(arrived.id));
      const again = await expectDeskRefusedUnchanged(d, 'frontDesk.checkIn', selfPayCheckIn(arrived.id));
      expect(again).toMatchObject({ code: 'CONFLICT', message: 'This patient is already checked in for this appointment', details: { reason: 'already_checked_in' } });
    });

    it('an appointment on another day', async () => {
      const d = desk();
      const tuesday = await d.book({ date: '2026-03-03', time: '09:00' });
      const error = await expectDeskRefusedUnchanged(d, 'frontDesk.checkIn', selfPayCheckIn(tuesday.id, { copay: CARD_COPAY }));
      expect(error).toMatchObject({
        code: 'CONFLICT',
        message: 'This appointment is on 03/03/2026, not today: only today’s appointments are checked in',
        details: { reason: 'not_today', appointmentDate: '2026-03-03', today: TODAY },
      });
      const lastWeek = await d.book({ date: '2026-02-23', time: '09:00' });
      expect((await expectDeskRefusedUnchanged(d, 'frontDesk.checkIn', selfPayCheckIn(lastWeek.id))).details).toMatchObject({ reason: 'not_today' });
    });

    it('a negative, zero, fractional or non-numeric copay, and a card copay without its reference', async () => {
      const d = desk();
      const visit = await d.bookToday();
      const cases: [unknown, string, RegExp][] = [
        [{ ...CARD_COPAY, amountCents: -2500 }, 'copay.amountCents', /above zero/],
        [{ ...CARD_COPAY, amountCents: 0 }, 'copay.amountCents', /above zero/],
        [{ ...CARD_COPAY, amountCents: 25.5 }, 'copay.amountCents', /Whole cents/],
        [{ ...CARD_COPAY, amountCents: 'abc' }, 'copay.amountCents', /number of cents/],
        [{ ...CARD_COPAY, amountCents: '2500' }, 'copay.amountCents', /number of cents/],
        [{ ...CARD_COPAY, reference: null }, 'copay.reference', /reference from the terminal slip/],
        [{ amountCents: 2500, method: 'check', reference: 'abc' }, 'copay.reference', /digits only/],
      ];
      for (const [copay, field, message] of cases) {
        const error = await expectDeskRefusedUnchanged(d, 'frontDesk.checkIn', selfPayCheckIn(visit.id, { copay: copay as never }));
        expect(error.code, JSON.stringify(copay)).toBe('VALIDATION');
        expect(error.fields?.[field], JSON.stringify(copay)).toMatch(message);
      }
    });

    it('insurance not confirmed: none chosen, another patient’s coverage, one ended or not yet started', async () => {
      const d = desk();
      const visit = await d.bookToday();
      const missing = await expectDeskRefusedUnchanged(d, 'frontDesk.checkIn', { ...selfPayCheckIn(visit.id), insurance: undefined });
      expect(missing.fields?.insurance).toBe('Confirm the patient’s insurance, or mark the visit self-pay');
      const samsCoverage = await d.coverageFor(d.sam);
      const coverage = (coverageId: string) => selfPayCheckIn(visit.id, { insurance: { kind: 'coverage', coverageId } });
      expect(await expectDeskRefusedUnchanged(d, 'frontDesk.checkIn', coverage(samsCoverage.id))).toMatchObject({
        code: 'VALIDATION',
        fields: { 'insurance.coverageId': 'This coverage is another patient’s' },
      });
      const ended = await d.coverageFor(d.maria, { effectiveFrom: '2025-01-01', effectiveTo: '2026-02-28' });
      expect(await expectDeskRefusedUnchanged(d, 'frontDesk.checkIn', coverage(ended.id))).toMatchObject({
        code: 'VALIDATION',
        fields: { 'insurance.coverageId': 'This coverage ended on 02/28/2026: choose another, or mark the visit self-pay' },
        details: { reason: 'coverage_not_active', status: 'ended' },
      });
      const future = await d.coverageFor(d.maria, { rank: 'secondary', effectiveFrom: '2026-04-01' });
      expect((await expectDeskRefusedUnchanged(d, 'frontDesk.checkIn', coverage(future.id))).fields?.['insurance.coverageId']).toMatch(/starts on 04\/01\/2026/);
      expect((await expectDeskRefusedUnchanged(d, 'frontDesk.checkIn', coverage(uuidv7()))).code).toBe('NOT_FOUND');
    });

    it('a consent form twice or unknown, an unknown appointment, and a restricted chart without break-glass', async () => {
      const d = desk();
      const visit = await d.bookToday();
      expect((await expectDeskRefusedUnchanged(d, 'frontDesk.checkIn', selfPayCheckIn(visit.id, { consentsSigned: ['treatment', 'treatment'] }))).fields).toEqual({
        consentsSigned: 'Each consent form once',
      });
      expect((await expectDeskRefusedUnchanged(d, 'frontDesk.checkIn', selfPayCheckIn(visit.id, { consentsSigned: ['tattoo' as never] }))).code).toBe('VALIDATION');
      expect(await expectDeskRefusedUnchanged(d, 'frontDesk.checkIn', selfPayCheckIn(uuidv7()))).toMatchObject({ code: 'NOT_FOUND', fields: { appointmentId: 'No such appointment' } });
      const vip = (await d.ok<{ id: string }>('patients.create', { ...validPatient, givenName: 'Vera', confirmNewPatient: true })).id;
      await d.ok('patients.setRestriction', { id: vip, restriction: 'vip' });
      const vipVisit = await d.bookToday({ patientId: vip, time: '13:00' });
      const refused = await d.deskRefused('frontDesk.checkIn', selfPayCheckIn(vipVisit.id));
      expect(refused).toMatchObject({ code: 'FORBIDDEN', details: { breakGlass: { patientId: vip } } });
      expect((await d.state()).appointments.find((a) => a.id === vipVisit.id)?.status).toBe('booked');
    });
  });
});

describe('frontDesk.undoCheckIn', () => {
  it('reverses the copay, marks the check-in undone and returns the appointment where it arrived from, audited', async () => {
    const d = desk();
    const visit = await d.bookToday();
    await d.ok('appointments.setStatus', { id: visit.id, status: 'confirmed' });
    const made = await checkIn(d, selfPayCheckIn(visit.id, { copay: CARD_COPAY }));
    d.clock.advance(5 * 60_000);
    const seq = await lastAuditSeq(d);
    const result = await undo(d, visit.id, '  Checked in the wrong Maria ');
    const now = d.clock.now().toISOString();
    expect(result.checkIn).toMatchObject({ id: made.checkIn.id, undoneAt: now, undoneBy: d.deskUser, undoReason: 'Checked in the wrong Maria' });
    expect(result.copayReversal).toMatchObject({ reversesId: made.copay!.id, amountCents: 2500, method: 'card', reason: 'Checked in the wrong Maria', postedAt: now });
    expect(result.appointment).toMatchObject({ status: 'confirmed', statusChangedAt: now });
    expect(await historyOf(d, visit.id)).toEqual([
      [null, 'booked', null],
      ['booked', 'confirmed', null],
      ['confirmed', 'arrived', null],
      ['arrived', 'confirmed', 'Checked in the wrong Maria'],
    ]);
    expect(await balancesOf(d, d.maria)).toEqual({ patient: 0, insurance: 0 });
    expect((await auditedSince(d, seq)).map((entry) => [entry.action, entry.entityId, entry.detail])).toEqual([
      ['front_desk.undo_check_in', d.maria, { checkInId: made.checkIn.id, appointmentId: visit.id, copayReversalId: result.copayReversal!.id }],
      ['ledger.reverse', d.maria, { entryId: result.copayReversal!.id, amountCents: 2500, method: 'card', appointmentId: visit.id, reversesId: made.copay!.id }],
      ['appointment.status', d.maria, { appointmentId: visit.id, from: 'arrived', to: 'confirmed' }],
    ]);

    // Checked in again (a new request), it goes as the first time did.
    const again = await checkIn(d, selfPayCheckIn(visit.id, { copay: CARD_COPAY }));
    expect(again.appointment.status).toBe('arrived');
    expect(await balancesOf(d, d.maria)).toEqual({ patient: -2500, insurance: 0 });
  });

  it('does not reverse a copay reversed already through the ledger', async () => {
    const d = desk();
    const visit = await d.bookToday();
    const made = await checkIn(d, selfPayCheckIn(visit.id, { copay: CARD_COPAY }));
    await d.dispatch('ledger.reverse', { entryId: made.copay!.id, reason: 'Card declined after all' }, d.sessions.billing);
    const result = await undo(d, visit.id);
    expect(result.copayReversal).toBeNull();
    expect(result.appointment.status).toBe('booked');
    expect(await balancesOf(d, d.maria)).toEqual({ patient: 0, insurance: 0 });
  });

  it('is refused once the patient is roomed, on a later day, when not checked in, or without a reason; nothing changes', async () => {
    const d = desk();
    const visit = await d.bookToday();
    expect(await expectDeskRefusedUnchanged(d, 'frontDesk.undoCheckIn', { appointmentId: visit.id, reason: 'Mistake' })).toMatchObject({
      code: 'CONFLICT',
      message: 'This appointment is not checked in',
      details: { reason: 'not_checked_in' },
    });
    await checkIn(d, selfPayCheckIn(visit.id, { copay: CARD_COPAY }));
    expect(await expectDeskRefusedUnchanged(d, 'frontDesk.undoCheckIn', { appointmentId: visit.id, reason: '  ' })).toMatchObject({
      code: 'VALIDATION',
      fields: { reason: 'Give a reason for undoing the check-in' },
    });
    await d.ok('appointments.setStatus', { id: visit.id, status: 'roomed', roomId: d.examRoom });
    expect(await expectDeskRefusedUnchanged(d, 'frontDesk.undoCheckIn', { appointmentId: visit.id, reason: 'Mistake' })).toMatchObject({
      code: 'CONFLICT',
      message: 'Only an arrival can be undone: this appointment is roomed.',
      details: { reason: 'illegal_transition' },
    });

    const late = await d.bookToday({ time: '16:00', providerId: d.lovelace });
    await checkIn(d, selfPayCheckIn(late.id));
    d.clock.set('2026-03-03T13:00:00.000Z');
    await d.signInAgain();
    expect(await expectDeskRefusedUnchanged(d, 'frontDesk.undoCheckIn', { appointmentId: late.id, reason: 'Mistake' })).toMatchObject({
      code: 'CONFLICT',
      message: 'This check-in was made on 03/02/2026: a check-in can be undone only on its day',
      details: { reason: 'not_same_day', checkedInOn: TODAY },
    });
  });
});
