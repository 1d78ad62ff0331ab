import { describe, expect, it } from 'vitest';
import type { Appointment, WaitlistEntry } from '../../../src-shared/scheduling/schema';
import { auditRows, validPatient } from '../../support/test-app';
import { clinicPerTest, conflictsOf, expectRefusedUnchanged, TUESDAY } from './support';

const clinic = clinicPerTest();

type History = { history: { from: string | null; to: string; at: string; cancelledBy: string | null; reason: string | null; newAppointmentId: string | null; roomId: string | null }[] };

describe('the status machine through appointments.setStatus', () => {
  it('walks a visit from booked to checked out, every change timestamped and audited', async () => {
    const c = clinic();
    const booked = await c.book({});
    const steps = [
      { status: 'confirmed', at: '2026-03-09T20:00:00.000Z' },
      { status: 'arrived', at: '2026-03-10T12:55:00.000Z' },
      { status: 'roomed', at: '2026-03-10T13:02:00.000Z', roomId: c.examRoom },
      { status: 'with_provider', at: '2026-03-10T13:10:00.000Z' },
      { status: 'checked_out', at: '2026-03-10T13:40:00.000Z' },
    ];
    for (const { at, ...step } of steps) {
      c.clock.set(at);
      const changed = await c.ok('appointments.setStatus', { id: booked.id, ...step });
      expect(changed).toMatchObject({ status: step.status, statusChangedAt: at });
    }
    const { history, appointment } = await c.ok<History & { appointment: Appointment }>('appointments.get', { id: booked.id });
    expect(history.map((change) => [change.from, change.to, change.at])).toEqual([
      [null, 'booked', '2026-03-02T15:04:05.000Z'],
      ['booked', 'confirmed', steps[0]!.at],
      ['confirmed', 'arrived', steps[1]!.at],
      ['arrived', 'roomed', steps[2]!.at],
      ['roomed', 'with_provider', steps[3]!.at],
      ['with_provider', 'checked_out', steps[4]!.at],
    ]);
    expect(history[3]!.roomId).toBe(c.examRoom);
    expect(appointment.roomId).toBe(c.examRoom);
    const audited = (await auditRows(c.app)).filter((row) => row.action === 'appointment.status').map((row) => JSON.parse(row.detail) as { from: string; to: string });
    expect(audited.map((detail) => `${detail.from}>${detail.to}`)).toEqual(['booked>confirmed', 'confirmed>arrived', 'arrived>roomed', 'roomed>with_provider', 'with_provider>checked_out']);
  });

  it('refuses illegal moves with CONFLICT and changes nothing', async () => {
    const c = clinic();
    const booked = await c.book({});
    const skip = await expectRefusedUnchanged(c, 'appointments.setStatus', { id: booked.id, status: 'checked_out' });
    expect(skip).toMatchObject({ code: 'CONFLICT', message: 'An appointment that is booked cannot be checked out.' });
    await c.ok('appointments.cancel', { id: booked.id, cancelledBy: 'patient', reason: 'Travelling' });
    const afterCancel = await expectRefusedUnchanged(c, 'appointments.setStatus', { id: booked.id, status: 'arrived' });
    expect(afterCancel.message).toBe('An appointment that is cancelled cannot be marked arrived.');
  });

  it('records a no-show only once the start has passed, and a no-show frees the room', async () => {
    const c = clinic();
    const booked = await c.book({ appointmentTypeId: c.xray.id, time: '15:00' });
    const early = await expectRefusedUnchanged(c, 'appointments.setStatus', { id: booked.id, status: 'no_show' });
    expect(early).toMatchObject({ code: 'VALIDATION', fields: { status: 'An appointment can be marked no-show only once its start time has passed.' } });
    c.clock.set('2026-03-10T19:20:00.000Z');
    expect(await c.ok('appointments.setStatus', { id: booked.id, status: 'no_show' })).toMatchObject({ status: 'no_show', resourceIds: [] });
    // The room is free again (a walk-in recorded at that time).
    await c.book({ patientId: c.sam, appointmentTypeId: c.xray.id, time: '15:00' });
  });

  it('refuses an unknown room, a room that is equipment, and a room for any other status', async () => {
    const c = clinic();
    const booked = await c.book({});
    const device = await c.ok<{ id: string }>('schedule.resources.create', { kind: 'equipment', name: 'ECG cart' });
    await c.ok('appointments.setStatus', { id: booked.id, status: 'arrived' });
    expect((await expectRefusedUnchanged(c, 'appointments.setStatus', { id: booked.id, status: 'roomed', roomId: device.id })).fields).toEqual({ roomId: 'Choose a room in use' });
    const unknown = await expectRefusedUnchanged(c, 'appointments.setStatus', { id: booked.id, status: 'roomed', roomId: '0195a1b2-0000-7000-8000-000000000099' });
    expect(unknown).toMatchObject({ code: 'NOT_FOUND', fields: { roomId: 'No such room or equipment' } });
    expect((await expectRefusedUnchanged(c, 'appointments.setStatus', { id: booked.id, status: 'with_provider', roomId: c.examRoom })).fields).toEqual({
      roomId: 'A room is given only when rooming the patient',
    });
  });
});

describe('appointments.reschedule', () => {
  it('books the new time and marks the old one rescheduled, linked both ways; the old time is free again', async () => {
    const c = clinic();
    const old = await c.book({ appointmentTypeId: c.xray.id, time: '15:00', note: 'Left wrist' });
    // Moving later by ten minutes overlaps the old time: it does not count against itself.
    const { appointment, previous } = await c.ok<{ appointment: Appointment; previous: Appointment }>('appointments.reschedule', { id: old.id, date: TUESDAY, time: '15:10' });
    expect(appointment).toMatchObject({ status: 'booked', local: { start: '15:10', end: '15:30' }, note: 'Left wrist', resourceIds: [c.xrayRoom] });
    expect(previous).toMatchObject({ id: old.id, status: 'rescheduled', rescheduledToId: appointment.id, resourceIds: [] });
    expect((await c.ok<{ rescheduledFromId: string }>('appointments.get', { id: appointment.id })).rescheduledFromId).toBe(old.id);
    const { history } = await c.ok<History>('appointments.get', { id: old.id });
    expect(history.at(-1)).toMatchObject({ from: 'booked', to: 'rescheduled', newAppointmentId: appointment.id });
    await c.book({ patientId: c.sam, time: '09:00' });
    const detail = JSON.parse((await auditRows(c.app)).find((row) => row.action === 'appointment.reschedule')!.detail);
    expect(detail).toMatchObject({ appointmentId: appointment.id, previousId: old.id, overbooked: false });
  });

  it('to another provider; the same conflict rules apply and nothing changes on a refusal', async () => {
    const c = clinic();
    const old = await c.book({ time: '09:00' });
    await c.book({ patientId: c.sam, providerId: c.lovelace, time: '10:00' });
    const error = await expectRefusedUnchanged(c, 'appointments.reschedule', { id: old.id, providerId: c.lovelace, date: TUESDAY, time: '10:00' });
    expect(conflictsOf(error).map((conflict) => conflict.kind)).toEqual(['provider']);
    const { appointment } = await c.ok<{ appointment: Appointment }>('appointments.reschedule', { id: old.id, providerId: c.lovelace, date: TUESDAY, time: '10:30' });
    expect(appointment).toMatchObject({ providerId: c.lovelace, local: { start: '10:30', end: '11:00' } });
  });

  it('refuses to move an appointment under way, over, cancelled or already moved', async () => {
    const c = clinic();
    const old = await c.book({});
    await c.ok('appointments.setStatus', { id: old.id, status: 'arrived' });
    const error = await expectRefusedUnchanged(c, 'appointments.reschedule', { id: old.id, date: TUESDAY, time: '11:00' });
    expect(error).toMatchObject({ code: 'CONFLICT', message: 'An appointment that is arrived cannot be rescheduled.' });
  });
});

describe('appointments.cancel and the waitlist', () => {
  it('cancels by patient or clinic with a reason, frees the time, and lists the waitlisted patients the slot suits', async () => {
    const c = clinic();
    const tess = (await c.ok<{ id: string }>('patients.create', { ...validPatient, givenName: 'Tess', familyName: 'Ng', confirmNewPatient: true })).id;
    const ben = (await c.ok<{ id: string }>('patients.create', { ...validPatient, givenName: 'Ben', familyName: 'Ode', confirmNewPatient: true })).id;
    const add = (patientId: string, input: Record<string, unknown>) => c.ok<WaitlistEntry>('waitlist.add', { patientId, appointmentTypeId: c.followUp.id, ...input });
    const samTuesdays = await add(c.sam, { weekdays: ['tue'], partOfDay: 'morning' });
    const tessAnyone = await add(tess, {});
    await add(ben, { weekdays: ['wed'] });
    await add(ben, { appointmentTypeId: c.newPatient.id });
    await add(tess, { appointmentTypeId: c.urgent.id, providerId: c.lovelace });
    await add(c.maria, { weekdays: ['tue'] });

    const booked = await c.book({ time: '09:00' });
    const { appointment, freedSlot } = await c.ok<{ appointment: Appointment; freedSlot: { providerId: string; local: unknown; entries: WaitlistEntry[] } }>('appointments.cancel', {
      id: booked.id,
      cancelledBy: 'patient',
      reason: 'Feeling better',
    });
    expect(appointment).toMatchObject({ status: 'cancelled', cancelledBy: 'patient', cancelReason: 'Feeling better' });
    // Sam (Tuesday mornings) waited longest; Tess takes anything; Ben wants Wednesdays or a longer visit; Maria held the slot.
    expect(freedSlot).toMatchObject({ providerId: c.hopper, local: { date: TUESDAY, start: '09:00', end: '09:30' } });
    expect(freedSlot.entries.map((entry) => entry.id)).toEqual([samTuesdays.id, tessAnyone.id]);

    // Two clicks: the entry's patient into the freed slot; the entry is then booked.
    const filled = await c.book({ patientId: c.sam, waitlistEntryId: samTuesdays.id });
    const waiting = await c.ok<{ items: WaitlistEntry[] }>('waitlist.list', { appointmentTypeId: c.followUp.id });
    expect(waiting.items.map((entry) => entry.id)).not.toContain(samTuesdays.id);
    // The slot is taken again: it suits nobody now; a booked appointment has no freed slot at all.
    expect((await c.ok<{ entries: WaitlistEntry[] }>('waitlist.matches', { id: booked.id })).entries).toEqual([]);
    expect((await c.refused('waitlist.matches', { id: filled.id })).fields).toEqual({ id: 'This appointment still holds its time' });
    await c.ok('appointments.cancel', { id: filled.id, cancelledBy: 'clinic', reason: 'Provider called away' });
    const again = await c.ok<{ entries: WaitlistEntry[] }>('waitlist.matches', { id: booked.id });
    expect(again.entries.map((entry) => entry.id)).toEqual([tessAnyone.id]);
    const bookedFromList = (await auditRows(c.app)).find((row) => row.action === 'appointment.book' && JSON.parse(row.detail).appointmentId === filled.id)!;
    expect(JSON.parse(bookedFromList.detail)).toMatchObject({ waitlistEntryId: samTuesdays.id });
  });

  it('a cancellation needs a reason and who cancelled; a freed slot in the past suits nobody', async () => {
    const c = clinic();
    const booked = await c.book({});
    const noReason = await expectRefusedUnchanged(c, 'appointments.cancel', { id: booked.id, cancelledBy: 'clinic', reason: '  ' });
    expect(noReason.fields).toEqual({ reason: 'Give a reason for the cancellation' });
    const noWho = await expectRefusedUnchanged(c, 'appointments.cancel', { id: booked.id, reason: 'Ill' });
    expect(noWho.fields).toEqual({ cancelledBy: 'Say who cancelled: the patient or the clinic' });
    await c.ok('waitlist.add', { patientId: c.sam, appointmentTypeId: c.followUp.id });
    c.clock.set('2026-03-10T13:05:00.000Z');
    const { freedSlot } = await c.ok<{ freedSlot: { entries: unknown[] } }>('appointments.cancel', { id: booked.id, cancelledBy: 'clinic', reason: 'Provider called away' });
    expect(freedSlot.entries).toEqual([]);
  });

  it('refuses a second waitlist entry for the same wish, a booked entry’s removal, and an entry used for another patient', async () => {
    const c = clinic();
    const entry = await c.ok<WaitlistEntry>('waitlist.add', { patientId: c.sam, appointmentTypeId: c.followUp.id });
    expect((await expectRefusedUnchanged(c, 'waitlist.add', { patientId: c.sam, appointmentTypeId: c.followUp.id })).code).toBe('CONFLICT');
    const other = await expectRefusedUnchanged(c, 'appointments.book', {
      patientId: c.maria,
      providerId: c.hopper,
      appointmentTypeId: c.followUp.id,
      date: TUESDAY,
      time: '09:00',
      waitlistEntryId: entry.id,
    });
    expect(other.fields).toEqual({ waitlistEntryId: 'This waitlist entry is for another patient' });
    expect(await c.ok('waitlist.remove', { id: entry.id })).toMatchObject({ status: 'removed' });
    expect((await expectRefusedUnchanged(c, 'waitlist.remove', { id: entry.id })).code).toBe('CONFLICT');
  });
});
