import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Board } from '../../../src-shared/front-desk/board-schema';
import type { Appointment } from '../../../src-shared/scheduling/schema';
import { auditRows, validPatient } from '../../support/test-app';
import { deskPerTest, expectDeskRefusedUnchanged, selfPayCheckIn, TODAY, type Desk } from './support';

const desk = deskPerTest();

const board = (d: Desk, input: Record<string, unknown> = {}) => d.desk<Board>('frontDesk.board', input);
const rowOf = (day: Board, appointmentId: string) => day.rows.find((row) => row.appointment.id === appointmentId)!;
const setStatus = (d: Desk, id: string, status: string, roomId?: string) => d.desk<Appointment>('appointments.setStatus', { id, status, ...(roomId ? { roomId } : {}) });

/** A referral row as the referrals service would write it (that service is tested on its own). */
async function addReferral(d: Desk, patientId: string, values: { direction: 'outgoing' | 'incoming'; status: string; referredOn: string; sentAt?: string | null }) {
  const now = d.clock.now().toISOString();
  await d.app.database.db
    .insertInto('referrals')
    .values({
      id: randomUUID(),
      direction: values.direction,
      patientId,
      providerId: null,
      otherName: 'Dr. Chen',
      otherOrganization: null,
      otherPhone: null,
      otherFax: null,
      reason: 'Cardiology opinion',
      diagnoses: '[]',
      documentsSent: '[]',
      status: values.status as never,
      referredOn: values.referredOn,
      sentAt: values.sentAt ?? null,
      appointmentDate: null,
      reportReceivedOn: null,
      reportDocumentId: null,
      note: null,
      createdAt: now,
      updatedAt: now,
      deletedAt: null,
    })
    .execute();
}

const newPatient = async (d: Desk, givenName: string, familyName: string) =>
  (await d.ok<{ id: string }>('patients.create', { ...validPatient, givenName, familyName, confirmNewPatient: true })).id;

describe('frontDesk.board', () => {
  it('lists the day in time order with each visit’s badges, and the counts', async () => {
    const d = desk();
    // Maria came last month; Sam's only earlier visit was cancelled, so today is his first.
    await d.book({ date: '2026-02-09', time: '09:00' });
    const samCancelled = await d.book({ patientId: d.sam, date: '2026-02-10', time: '09:00' });
    await d.ok('appointments.cancel', { id: samCancelled.id, cancelledBy: 'patient', reason: 'Away' });
    const maria = await d.bookToday({ time: '11:00' });
    const sam = await d.bookToday({ patientId: d.sam, providerId: d.lovelace, time: '09:00' });
    const lee = await newPatient(d, 'Lee', 'Park');
    const missed = await d.bookToday({ patientId: lee, time: '08:00' });
    await setStatus(d, missed.id, 'no_show');
    const coverage = await d.coverageFor(d.maria);
    await addReferral(d, d.maria, { direction: 'outgoing', status: 'sent', referredOn: '2026-01-02', sentAt: '2026-01-05T15:00:00.000Z' });
    await addReferral(d, d.sam, { direction: 'incoming', status: 'open', referredOn: '2026-02-20' });
    await addReferral(d, d.sam, { direction: 'outgoing', status: 'closed', referredOn: '2026-01-02' });

    const before = await board(d);
    expect(before).toMatchObject({ date: TODAY, today: TODAY, timeZone: 'America/New_York', waitThresholdMinutes: 15, now: d.clock.now().toISOString() });
    expect(before.rows.map((row) => row.appointment.id)).toEqual([missed.id, sam.id, maria.id]);
    expect(before.counts).toEqual({ expected: 2, arrived: 0, waiting: 0, done: 0, noShows: 1 });
    expect(before.providers.map((p) => p.displayName)).toEqual(['Grace Hopper, MD', 'Ada Lovelace, MD']);
    expect(before.rooms.map((room) => room.name)).toEqual(['Exam room 1', 'X-ray room']);
    expect(rowOf(before, maria.id)).toMatchObject({
      statusSince: maria.statusChangedAt,
      checkIn: null,
      badges: {
        firstVisit: false,
        insurance: { kind: 'coverage', payerName: coverage.payerName, rank: 'primary', verifiedAt: null },
        copay: { expectedCents: null, takenCents: null },
        balanceDueCents: null,
        paperwork: { identityChecked: null, consentsMissing: null },
        // Sent 2026-01-05, a report due 30 days later: overdue by today.
        referral: { active: 1, directions: ['outgoing'], overdue: 1, reportDueOn: '2026-02-04' },
      },
    });
    expect(rowOf(before, sam.id).badges).toMatchObject({
      firstVisit: true,
      insurance: { kind: 'self_pay' },
      referral: { active: 1, directions: ['incoming'], overdue: 0, reportDueOn: null },
    });
    expect(rowOf(before, missed.id).badges).toMatchObject({ firstVisit: true, referral: null });

    // Checked in with the coverage, a copay and one consent; Sam arrived, roomed and is with the provider.
    d.clock.set('2026-03-02T15:20:00.000Z');
    await d.signInAgain();
    const checkedIn = await d.desk<{ checkIn: { id: string }; copay: { id: string } }>('frontDesk.checkIn', {
      ...selfPayCheckIn(maria.id),
      insurance: { kind: 'coverage', coverageId: coverage.id },
      consentsSigned: ['treatment'],
      copay: { amountCents: 2500, method: 'cash' },
    });
    await d.desk('frontDesk.checkIn', selfPayCheckIn(sam.id, { identityChecked: false }));
    await setStatus(d, sam.id, 'roomed', d.examRoom);
    d.clock.set('2026-03-02T15:30:00.000Z');
    await d.signInAgain();
    await setStatus(d, sam.id, 'with_provider');

    const after = await board(d, { date: TODAY });
    expect(after.counts).toEqual({ expected: 0, arrived: 2, waiting: 1, done: 0, noShows: 1 });
    expect(rowOf(after, maria.id)).toMatchObject({
      statusSince: '2026-03-02T15:20:00.000Z',
      checkIn: { id: checkedIn.checkIn.id, checkedInAt: '2026-03-02T15:20:00.000Z', copayEntryId: checkedIn.copay.id },
      badges: {
        insurance: { kind: 'coverage', verifiedAt: null },
        copay: { expectedCents: null, takenCents: 2500 },
        balanceDueCents: null,
        paperwork: { identityChecked: true, consentsMissing: ['privacy_notice', 'financial_policy'] },
      },
    });
    expect(rowOf(after, sam.id)).toMatchObject({
      appointment: { status: 'with_provider', roomId: d.examRoom },
      statusSince: '2026-03-02T15:30:00.000Z',
      badges: { insurance: { kind: 'self_pay' }, copay: { takenCents: null }, paperwork: { identityChecked: false, consentsMissing: ['privacy_notice', 'treatment', 'financial_policy'] } },
    });

    // Undone check-in: the copay is reversed, so none is shown as taken, and the paperwork is to collect again.
    await d.desk('frontDesk.undoCheckIn', { appointmentId: maria.id, reason: 'Wrong visit' });
    expect(rowOf(await board(d), maria.id)).toMatchObject({ checkIn: null, badges: { copay: { takenCents: null }, paperwork: { identityChecked: null } } });
  });

  it('counts the day’s later visits as returning, and another day when asked', async () => {
    const d = desk();
    const morning = await d.bookToday({ time: '09:00' });
    const afternoon = await d.bookToday({ time: '14:00', providerId: d.lovelace });
    const tuesday = await d.book({ date: '2026-03-03', time: '09:00' });
    const today = await board(d);
    expect(rowOf(today, morning.id).badges?.firstVisit).toBe(true);
    expect(rowOf(today, afternoon.id).badges?.firstVisit).toBe(false);
    const next = await board(d, { date: '2026-03-03' });
    expect(next).toMatchObject({ date: '2026-03-03', today: TODAY });
    expect(next.rows.map((row) => row.appointment.id)).toEqual([tuesday.id]);
  });

  it('shows a restricted chart’s visit without its patient or badges to a user who may not open it', async () => {
    const d = desk();
    const visit = await d.bookToday();
    await d.coverageFor(d.maria);
    await d.ok('patients.setRestriction', { id: d.maria, restriction: 'vip' });
    const row = rowOf(await board(d), visit.id);
    expect(row.appointment).toMatchObject({ patient: null, restricted: true });
    expect(row.badges).toBeNull();
    // The administrator may open it.
    expect(rowOf(await d.ok<Board>('frontDesk.board', {}), visit.id).badges).not.toBeNull();
  });

  it('refuses a date that is not a date', async () => {
    const d = desk();
    const error = await d.deskRefused('frontDesk.board', { date: '2026-02-30' });
    expect(error).toMatchObject({ code: 'VALIDATION', fields: { date: expect.stringMatching(/Not a date/) } });
  });
});

describe('rooming into an occupied room', () => {
  it('is refused, naming the room and never the patient, while another patient is in it; once they leave it is free', async () => {
    const d = desk();
    const maria = await d.bookToday({ time: '10:00' });
    const sam = await d.bookToday({ patientId: d.sam, providerId: d.lovelace, time: '10:00' });
    await d.desk('frontDesk.checkIn', selfPayCheckIn(maria.id));
    await d.desk('frontDesk.checkIn', selfPayCheckIn(sam.id));
    await setStatus(d, maria.id, 'roomed', d.examRoom);

    const error = await expectDeskRefusedUnchanged(d, 'appointments.setStatus', { id: sam.id, status: 'roomed', roomId: d.examRoom });
    expect(error).toMatchObject({
      code: 'CONFLICT',
      message: 'Exam room 1 is occupied by another patient: choose another room, or move that visit on first',
      fields: { roomId: expect.any(String) },
      details: { reason: 'room_occupied', roomId: d.examRoom },
    });
    expect(JSON.stringify(error)).not.toMatch(/Maria|Lopez|Sam|Okafor/);

    // With the provider, Maria is still in the room; another free room is fine meanwhile.
    await setStatus(d, maria.id, 'with_provider');
    expect((await expectDeskRefusedUnchanged(d, 'appointments.setStatus', { id: sam.id, status: 'roomed', roomId: d.examRoom })).details).toMatchObject({ reason: 'room_occupied' });
    await setStatus(d, maria.id, 'checked_out');
    expect(await setStatus(d, sam.id, 'roomed', d.examRoom)).toMatchObject({ status: 'roomed', roomId: d.examRoom });
  });

  it('does not count a visit left in a room on an earlier day, and an illegal move still says so first', async () => {
    const d = desk();
    const yesterday = await d.book({ date: '2026-02-27', time: '10:00' });
    await setStatus(d, yesterday.id, 'arrived');
    await d.ok('appointments.setStatus', { id: yesterday.id, status: 'roomed', roomId: d.examRoom });
    const today = await d.bookToday({ patientId: d.sam, time: '10:30' });
    const booked = await d.deskRefused('appointments.setStatus', { id: today.id, status: 'roomed', roomId: d.examRoom });
    expect(booked).toMatchObject({ code: 'CONFLICT', details: { reason: 'illegal_transition' } });
    await d.desk('frontDesk.checkIn', selfPayCheckIn(today.id));
    expect(await setStatus(d, today.id, 'roomed', d.examRoom)).toMatchObject({ status: 'roomed', roomId: d.examRoom });
  });
});

describe('frontDesk.walkIn', () => {
  it('books from the next 5-minute mark with the type’s length, audited as a walk-in', async () => {
    const d = desk();
    // 10:04:05 in New York: the walk-in starts at 10:05.
    const { appointment, overbooked } = await d.desk<{ appointment: Appointment; overbooked: boolean }>('frontDesk.walkIn', {
      patientId: d.maria,
      providerId: d.hopper,
      appointmentTypeId: d.followUp.id,
    });
    expect(overbooked).toBe(false);
    expect(appointment).toMatchObject({ patientId: d.maria, providerId: d.hopper, status: 'booked', local: { date: TODAY, start: '10:05', end: '10:35' }, overbookReason: null });
    const entry = (await auditRows(d.app)).at(-1)!;
    expect({ action: entry.action, entityId: entry.entityId, detail: JSON.parse(entry.detail) as unknown }).toEqual({
      action: 'appointment.book',
      entityId: d.maria,
      detail: { appointmentId: appointment.id, providerId: d.hopper, appointmentTypeId: d.followUp.id, start: appointment.start, walkIn: true },
    });
    // On the hour exactly, it starts then.
    d.clock.set('2026-03-02T16:00:00.000Z');
    await d.signInAgain();
    const onTheHour = await d.desk<{ appointment: Appointment }>('frontDesk.walkIn', { patientId: d.sam, providerId: d.lovelace, appointmentTypeId: d.followUp.id });
    expect(onTheHour.appointment.local.start).toBe('11:00');
  });

  it('refuses a collision as booking does; a type that allows it is overbooked with the reason given', async () => {
    const d = desk();
    await d.bookToday({ patientId: d.sam, time: '10:00' });
    const never = await expectDeskRefusedUnchanged(d, 'frontDesk.walkIn', { patientId: d.maria, providerId: d.hopper, appointmentTypeId: d.followUp.id });
    expect(never).toMatchObject({ code: 'CONFLICT', details: { reason: 'conflicts', overbookable: false } });
    const askReason = await expectDeskRefusedUnchanged(d, 'frontDesk.walkIn', { patientId: d.maria, providerId: d.hopper, appointmentTypeId: d.newPatient.id });
    expect(askReason).toMatchObject({ code: 'CONFLICT', fields: { overbookReason: 'Give a reason to overbook' }, details: { reason: 'conflicts', overbookable: true } });
    const walkIn = await d.desk<{ appointment: Appointment; overbooked: boolean }>('frontDesk.walkIn', {
      patientId: d.maria,
      providerId: d.hopper,
      appointmentTypeId: d.newPatient.id,
      overbookReason: 'Walk-in',
    });
    expect(walkIn).toMatchObject({ overbooked: true, appointment: { overbookReason: 'Walk-in', local: { start: '10:05', end: '11:05' } } });
    expect((await auditRows(d.app)).at(-1)).toMatchObject({ action: 'appointment.overbook' });
  });

  it('refuses an unknown patient, provider or type, changing nothing', async () => {
    const d = desk();
    const unknown = randomUUID();
    expect((await expectDeskRefusedUnchanged(d, 'frontDesk.walkIn', { patientId: unknown, providerId: d.hopper, appointmentTypeId: d.followUp.id })).fields).toHaveProperty('patientId');
    expect((await expectDeskRefusedUnchanged(d, 'frontDesk.walkIn', { patientId: d.maria, providerId: unknown, appointmentTypeId: d.followUp.id })).fields).toHaveProperty('providerId');
    expect((await expectDeskRefusedUnchanged(d, 'frontDesk.walkIn', { patientId: d.maria, providerId: d.hopper, appointmentTypeId: 'x' })).code).toBe('VALIDATION');
  });
});

describe('the wait threshold setting', () => {
  it('is 15 minutes until set, is saved and audited, and reaches the board', async () => {
    const d = desk();
    expect(await d.ok('settings.get', {})).toMatchObject({ waitThresholdMinutes: 15 });
    expect(await d.ok('settings.update', { waitThresholdMinutes: 25 })).toMatchObject({ waitThresholdMinutes: 25 });
    expect((await auditRows(d.app)).at(-1)).toMatchObject({ action: 'settings.update', detail: JSON.stringify({ fields: 'waitThresholdMinutes' }) });
    expect((await board(d)).waitThresholdMinutes).toBe(25);
  });

  it('refuses anything but 1 to 240 whole minutes, changing nothing', async () => {
    const d = desk();
    for (const [value, message] of [
      [0, 'At least 1 minute'],
      [241, 'At most 240 minutes'],
      [7.5, 'A whole number of minutes, 1 to 240'],
      ['15', 'A whole number of minutes, 1 to 240'],
    ] as const) {
      const error = await d.refused('settings.update', { waitThresholdMinutes: value });
      expect(error, String(value)).toMatchObject({ code: 'VALIDATION', fields: { waitThresholdMinutes: message } });
    }
    expect(await d.ok('settings.get', {})).toMatchObject({ waitThresholdMinutes: 15 });
  });
});
