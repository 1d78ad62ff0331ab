import { describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import type { CheckInFor } from '../../../src-shared/front-desk/schema';
import type { LedgerEntry } from '../../../src-shared/ledger/schema';
import { auditRows, validPatient } from '../../support/test-app';
import { deskPerTest, selfPayCheckIn, TODAY, type Desk } from './support';

const desk = deskPerTest();

const CARD_COPAY = { amountCents: 2500, method: 'card', reference: 'AUTH 004211' } as const;

const read = (d: Desk, appointmentId: string) => d.desk<CheckInFor>('frontDesk.checkInFor', { appointmentId });
const viewsOf = async (d: Desk, patientId: string) => (await auditRows(d.app)).filter((row) => row.action === 'patient.view' && row.entityId === patientId).length;

describe('frontDesk.checkInFor', () => {
  it('reads a booked visit of today: the appointment, its provider, the patient, the coverages in effect on its day (primary first); nothing checked in yet', async () => {
    const d = desk();
    const visit = await d.bookToday();
    const secondary = await d.coverageFor(d.maria, { rank: 'secondary', effectiveFrom: '2026-01-01' });
    const primary = await d.coverageFor(d.maria, { rank: 'primary', effectiveFrom: '2025-06-01', effectiveTo: '2026-03-02' });
    await d.coverageFor(d.maria, { rank: 'primary', effectiveFrom: '2024-01-01', effectiveTo: '2025-05-31' });
    await d.coverageFor(d.maria, { rank: 'tertiary', effectiveFrom: '2026-03-03' });
    await d.coverageFor(d.sam);

    const result = await read(d, visit.id);
    expect(result.appointment).toMatchObject({ id: visit.id, patientId: d.maria, status: 'booked', local: { date: TODAY, start: '11:00' } });
    expect(result.providerName).toBe('Grace Hopper, MD');
    expect(result.timeZone).toBe('America/New_York');
    expect(result.today).toBe(TODAY);
    expect(result.refusal).toBeNull();
    expect(result.patient).toMatchObject({ id: d.maria, givenName: 'Maria', familyName: 'Lopez', dateOfBirth: validPatient.dateOfBirth });
    // The primary ends on the visit's day: still in effect. The ended and the future ones, and Sam's, are left out.
    expect(result.coverages.map((c) => [c.id, c.rank, c.status])).toEqual([
      [primary.id, 'primary', 'active'],
      [secondary.id, 'secondary', 'active'],
    ]);
    expect(result.checkIn).toBeNull();
    expect(result.copay).toBeNull();
  });

  it('shows the check-in in force with its copay, then none once it is undone', async () => {
    const d = desk();
    const visit = await d.bookToday();
    const made = await d.desk<{ copay: LedgerEntry }>('frontDesk.checkIn', selfPayCheckIn(visit.id, { copay: CARD_COPAY, consentsSigned: ['treatment'] }));

    const checkedIn = await read(d, visit.id);
    expect(checkedIn.refusal).toEqual({ reason: 'already_checked_in', message: 'This patient is already checked in for this appointment' });
    expect(checkedIn.appointment.status).toBe('arrived');
    expect(checkedIn.checkIn).toMatchObject({ appointmentId: visit.id, insurance: 'self_pay', consentsSigned: ['treatment'], copayEntryId: made.copay.id, undoneAt: null, checkedInBy: d.deskUser });
    expect(checkedIn.copay).toEqual(made.copay);

    await d.desk('frontDesk.undoCheckIn', { appointmentId: visit.id, reason: 'Wrong patient' });
    const undone = await read(d, visit.id);
    expect(undone).toMatchObject({ refusal: null, checkIn: null, copay: null, appointment: { status: 'booked' } });
  });

  it('says why a visit cannot be checked in, in the words frontDesk.checkIn refuses with', async () => {
    const d = desk();
    const tomorrow = await d.book({ date: '2026-03-03', time: '09:00' });
    expect((await read(d, tomorrow.id)).refusal).toEqual({
      reason: 'not_today',
      message: 'This appointment is on 03/03/2026, not today: only today’s appointments are checked in',
    });
    const cancelled = await d.bookToday({ time: '13:00' });
    await d.ok('appointments.cancel', { id: cancelled.id, cancelledBy: 'patient', reason: 'Feeling better' });
    expect((await read(d, cancelled.id)).refusal).toMatchObject({ reason: 'appointment_cancelled' });
    const noShow = await d.bookToday({ time: '08:00' });
    await d.ok('appointments.setStatus', { id: noShow.id, status: 'no_show' });
    expect((await read(d, noShow.id)).refusal).toMatchObject({ reason: 'appointment_no_show' });
  });

  it('is a chart view (once per ten minutes), and changes nothing else', async () => {
    const d = desk();
    const visit = await d.bookToday();
    const before = await d.state();
    const views = await viewsOf(d, d.maria);
    await read(d, visit.id);
    await read(d, visit.id);
    expect(await viewsOf(d, d.maria)).toBe(views + 1);
    const after = await d.state();
    expect({ ...after.counts, audit_log: 0 }).toEqual({ ...before.counts, audit_log: 0 });
    expect(after.appointments).toEqual(before.appointments);
  });

  it('is refused without the check-in permission, for an unknown appointment, and for a restricted chart without break-glass', async () => {
    const d = desk();
    const visit = await d.bookToday();
    const asBilling = await d.dispatch('frontDesk.checkInFor', { appointmentId: visit.id }, d.sessions.billing);
    expect(asBilling).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await d.deskRefused('frontDesk.checkInFor', { appointmentId: uuidv7() })).toMatchObject({ code: 'NOT_FOUND', fields: { appointmentId: 'No such appointment' } });
    expect(await d.deskRefused('frontDesk.checkInFor', { appointmentId: 'nope' })).toMatchObject({ code: 'VALIDATION', fields: { appointmentId: 'Not a valid appointment id' } });
    const vip = (await d.ok<{ id: string }>('patients.create', { ...validPatient, givenName: 'Vera', confirmNewPatient: true })).id;
    await d.ok('patients.setRestriction', { id: vip, restriction: 'vip' });
    const vipVisit = await d.bookToday({ patientId: vip, time: '13:00' });
    expect(await d.deskRefused('frontDesk.checkInFor', { appointmentId: vipVisit.id })).toMatchObject({ code: 'FORBIDDEN', details: { breakGlass: { patientId: vip } } });
  });
});
