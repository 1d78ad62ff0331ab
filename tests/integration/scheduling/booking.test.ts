import { describe, expect, it } from 'vitest';
import type { Appointment } from '../../../src-shared/scheduling/schema';
import { addUser, auditRows, dispatchOk, openTestAppWithAdmin, validPatient } from '../../support/test-app';
import { clinicPerTest, conflictsOf, expectRefusedUnchanged, TUESDAY } from './support';

const clinic = clinicPerTest();

describe('appointments.book', () => {
  it('books inside the provider’s hours: UTC instants stored, local times shown, the type’s length, a first status row', async () => {
    const c = clinic();
    const booked = await c.book({ note: 'Knee follow-up' });
    expect(booked).toMatchObject({
      patientId: c.maria,
      providerId: c.hopper,
      typeName: 'Follow-up',
      start: '2026-03-10T13:00:00.000Z',
      end: '2026-03-10T13:30:00.000Z',
      local: { date: TUESDAY, start: '09:00', end: '09:30' },
      status: 'booked',
      note: 'Knee follow-up',
      overbookReason: null,
      patient: { givenName: 'Maria', familyName: 'Lopez' },
      resourceIds: [],
    });
    const detail = await c.ok<{ history: { from: string | null; to: string }[] }>('appointments.get', { id: booked.id });
    expect(detail.history.map((change) => [change.from, change.to])).toEqual([[null, 'booked']]);
  });

  it('takes an end time instead of a length, and books the rooms the type needs', async () => {
    const c = clinic();
    const fromEnd = await c.book({ time: '10:00', endTime: '10:45' });
    expect(fromEnd.local).toEqual({ date: TUESDAY, start: '10:00', end: '10:45' });
    const xray = await c.book({ appointmentTypeId: c.xray.id, time: '15:00', patientId: c.sam });
    expect(xray.resourceIds).toEqual([c.xrayRoom]);
    expect(xray.local).toEqual({ date: TUESDAY, start: '15:00', end: '15:20' });
  });

  describe('refuses a collision with CONFLICT naming what collides, and writes nothing', () => {
    it('the provider already booked at that time', async () => {
      const c = clinic();
      const first = await c.book({ time: '09:00' });
      const error = await expectRefusedUnchanged(c, 'appointments.book', {
        patientId: c.sam,
        providerId: c.hopper,
        appointmentTypeId: c.followUp.id,
        date: TUESDAY,
        time: '09:15',
      });
      expect(error.message).toBe('Cannot book: Grace Hopper, MD already has an appointment on Tue Mar 10, 9:00 AM–9:30 AM.');
      expect(conflictsOf(error)).toEqual([
        { kind: 'provider', start: first.start, end: first.end, local: first.local, appointmentId: first.id, providerId: c.hopper },
      ]);
      expect(error.details).toMatchObject({ overbookable: false });
      // Back to back is not a collision.
      await c.book({ patientId: c.sam, time: '09:30' });
    });

    it('the room the type needs, held by another provider’s patient', async () => {
      const c = clinic();
      await c.ok('schedule.templates.save', {
        providerId: c.lovelace,
        days: { tue: { hours: [{ from: '08:00', to: '17:00' }], reserved: [{ from: '15:00', to: '17:00', appointmentTypeIds: [c.xray.id] }] } },
        effectiveFrom: '2026-03-09',
      });
      const first = await c.book({ appointmentTypeId: c.xray.id, time: '15:00' });
      const error = await expectRefusedUnchanged(c, 'appointments.book', {
        patientId: c.sam,
        providerId: c.lovelace,
        appointmentTypeId: c.xray.id,
        date: TUESDAY,
        time: '15:10',
      });
      expect(error.message).toBe('Cannot book: X-ray room is booked on Tue Mar 10, 3:00 PM–3:20 PM.');
      expect(conflictsOf(error)).toEqual([expect.objectContaining({ kind: 'resource', resourceId: c.xrayRoom, appointmentId: first.id })]);
    });

    it('the patient already booked with another provider at that time', async () => {
      const c = clinic();
      const withHopper = await c.book({ time: '09:00' });
      const error = await expectRefusedUnchanged(c, 'appointments.book', {
        patientId: c.maria,
        providerId: c.lovelace,
        appointmentTypeId: c.newPatient.id,
        date: TUESDAY,
        time: '09:00',
        overbookReason: 'Squeezed in',
      });
      expect(error.message).toBe('Cannot book: the patient already has an appointment with another provider on Tue Mar 10, 9:00 AM–9:30 AM.');
      expect(error.message).not.toMatch(/Maria|Lopez/);
      expect(conflictsOf(error)).toEqual([expect.objectContaining({ kind: 'patient', appointmentId: withHopper.id, providerId: c.hopper })]);
      expect(error.details).toMatchObject({ overbookable: false });
    });

    it('outside the provider’s hours, in a break, or in a block kept for other types', async () => {
      const c = clinic();
      for (const time of ['07:00', '12:15', '16:30', '16:45']) {
        const error = await expectRefusedUnchanged(c, 'appointments.book', { patientId: c.maria, providerId: c.hopper, appointmentTypeId: c.followUp.id, date: TUESDAY, time });
        expect(conflictsOf(error).map((conflict) => conflict.kind)).toEqual(['availability']);
        expect(error.message).toMatch(/^Cannot book: Grace Hopper, MD is not bookable for Follow-up on Tue Mar 10, /);
      }
      const sunday = await expectRefusedUnchanged(c, 'appointments.book', { patientId: c.maria, providerId: c.hopper, appointmentTypeId: c.followUp.id, date: '2026-03-15', time: '10:00' });
      expect(conflictsOf(sunday)[0]).toMatchObject({ kind: 'availability', local: { date: '2026-03-15', start: '10:00', end: '10:30' } });
    });

    it('reports every collision of one booking together', async () => {
      const c = clinic();
      await c.book({ time: '11:00', appointmentTypeId: c.newPatient.id });
      await c.book({ patientId: c.sam, providerId: c.lovelace, time: '11:30' });
      const error = await expectRefusedUnchanged(c, 'appointments.book', { patientId: c.sam, providerId: c.hopper, appointmentTypeId: c.newPatient.id, date: TUESDAY, time: '11:30' });
      expect(conflictsOf(error).map((conflict) => conflict.kind).sort()).toEqual(['availability', 'patient', 'provider']);
    });
  });

  describe('overbooking', () => {
    it('a type that allows it books over the provider’s appointment and hours with a reason, logged as an overbook', async () => {
      const c = clinic();
      await c.book({ time: '09:00' });
      const withoutReason = await expectRefusedUnchanged(c, 'appointments.book', { patientId: c.sam, providerId: c.hopper, appointmentTypeId: c.newPatient.id, date: TUESDAY, time: '09:00' });
      expect(withoutReason.details).toMatchObject({ overbookable: true });
      expect(withoutReason.fields).toEqual({ overbookReason: 'Give a reason to overbook' });
      expect(withoutReason.message).toMatch(/An overbook is possible with a reason\.$/);
      const overbooked = await c.book({ patientId: c.sam, appointmentTypeId: c.newPatient.id, time: '09:00', overbookReason: 'Acute pain, seen today' });
      expect(overbooked.overbookReason).toBe('Acute pain, seen today');
      const late = await c.book({ patientId: c.sam, appointmentTypeId: c.newPatient.id, time: '17:30', overbookReason: 'Only time the patient can come' });
      expect(late.local).toMatchObject({ start: '17:30', end: '18:30' });
      const audit = (await auditRows(c.app)).filter((row) => row.action === 'appointment.overbook');
      expect(audit.map((row) => JSON.parse(row.detail).appointmentId)).toEqual([overbooked.id, late.id]);
      expect(audit.map((row) => row.detail).join()).not.toContain('Acute pain');
    });

    it('a reason given when nothing collides is not an overbook', async () => {
      const c = clinic();
      const booked = await c.book({ appointmentTypeId: c.newPatient.id, overbookReason: 'Just in case' });
      expect(booked.overbookReason).toBeNull();
      expect((await auditRows(c.app)).at(-1)?.action).toBe('appointment.book');
    });

    it('a type that never overbooks refuses even with a reason', async () => {
      const c = clinic();
      await c.book({ time: '09:00' });
      const error = await expectRefusedUnchanged(c, 'appointments.book', {
        patientId: c.sam,
        providerId: c.hopper,
        appointmentTypeId: c.followUp.id,
        date: TUESDAY,
        time: '09:00',
        overbookReason: 'Please',
      });
      expect(error.details).toMatchObject({ overbookable: false });
      expect(error.fields).toBeUndefined();
    });

    it('a capped type allows its number of overbooks per provider and day, then refuses', async () => {
      const c = clinic();
      await c.book({ time: '09:00' });
      await c.book({ patientId: c.sam, appointmentTypeId: c.urgent.id, time: '09:00', overbookReason: 'Chest pain' });
      const third = await c.ok<{ id: string }>('patients.create', { ...validPatient, givenName: 'Tess', familyName: 'Ng', confirmNewPatient: true });
      const error = await expectRefusedUnchanged(c, 'appointments.book', {
        patientId: third.id,
        providerId: c.hopper,
        appointmentTypeId: c.urgent.id,
        date: TUESDAY,
        time: '09:15',
        overbookReason: 'Fever',
      });
      expect(conflictsOf(error)).toEqual([expect.objectContaining({ kind: 'overbook_cap', providerId: c.hopper })]);
      expect(error.message).toBe('Cannot book: Grace Hopper, MD already has 1 overbooked appointment(s) on Tue Mar 10, the most Urgent allows.');
      // Another day has its own count.
      await c.book({ patientId: third.id, appointmentTypeId: c.urgent.id, date: '2026-03-11', time: '07:45', overbookReason: 'Fever' });
    });
  });

  describe('bad input gets a specific error and books nothing', () => {
    const cases: [string, Record<string, unknown>, string, RegExp][] = [
      ['a date that is not a date', { date: '2026-02-30' }, 'date', /^Not a date/],
      ['a time that is not a time', { time: '9am' }, 'time', /^Not a time/],
      ['zero minutes', { durationMinutes: 0 }, 'durationMinutes', /At least 5 minutes/],
      ['negative minutes', { durationMinutes: -30 }, 'durationMinutes', /At least 5 minutes/],
      ['an end before the start', { time: '10:00', endTime: '09:30' }, 'endTime', /end time must be after the start time/],
      ['an end equal to the start', { time: '10:00', endTime: '10:00' }, 'endTime', /end time must be after the start time/],
      ['both a length and an end', { durationMinutes: 30, endTime: '10:00' }, 'endTime', /either a length or an end time/],
      ['a 2:30 AM on the spring-forward night', { date: '2026-03-08', time: '02:30' }, 'time', /^2:30 AM does not exist on Mar 8, 2026 in America\/New_York \(clocks spring forward from 2:00 AM to 3:00 AM\)\.$/],
    ];
    it.each(cases)('%s', async (_name, input, field, message) => {
      const c = clinic();
      const error = await expectRefusedUnchanged(c, 'appointments.book', { patientId: c.maria, providerId: c.hopper, appointmentTypeId: c.followUp.id, date: TUESDAY, time: '09:00', ...input });
      expect(error.code).toBe('VALIDATION');
      expect(error.fields?.[field]).toMatch(message);
    });

    it('unknown provider, type, patient and waitlist entry', async () => {
      const c = clinic();
      const nobody = '0195a1b2-0000-7000-8000-000000000099';
      const base = { patientId: c.maria, providerId: c.hopper, appointmentTypeId: c.followUp.id, date: TUESDAY, time: '09:00' };
      for (const field of ['providerId', 'appointmentTypeId', 'patientId', 'waitlistEntryId'] as const) {
        const error = await expectRefusedUnchanged(c, 'appointments.book', { ...base, [field]: nobody });
        expect(error.code, field).toBe('NOT_FOUND');
        expect(Object.keys(error.fields ?? {}), field).toEqual([field]);
      }
    });

    it('an inactive provider, a type no longer offered, a type whose room is out of use', async () => {
      const c = clinic();
      await c.ok('schedule.resources.update', { id: c.xrayRoom, active: false });
      const room = await expectRefusedUnchanged(c, 'appointments.book', { patientId: c.maria, providerId: c.hopper, appointmentTypeId: c.xray.id, date: TUESDAY, time: '15:00' });
      expect(room.fields).toEqual({ appointmentTypeId: 'This type needs X-ray room, which is no longer in use' });
      await c.ok('schedule.types.update', { id: c.followUp.id, active: false });
      const type = await expectRefusedUnchanged(c, 'appointments.book', { patientId: c.maria, providerId: c.hopper, appointmentTypeId: c.followUp.id, date: TUESDAY, time: '09:00' });
      expect(type.fields).toEqual({ appointmentTypeId: 'This appointment type is no longer offered' });
      await c.ok('providers.update', { id: c.lovelace, active: false });
      const provider = await expectRefusedUnchanged(c, 'appointments.book', { patientId: c.maria, providerId: c.lovelace, appointmentTypeId: c.newPatient.id, date: TUESDAY, time: '09:00' });
      expect(provider.fields).toEqual({ providerId: 'This provider no longer sees patients' });
    });

    it('before the clinic’s time zone is set', async () => {
      const { app } = await openTestAppWithAdmin();
      try {
        const result = await app.call('appointments.day', { date: TUESDAY });
        expect(result).toMatchObject({ ok: false, error: { code: 'CONFLICT', details: { reason: 'time_zone_not_set' } } });
      } finally {
        await app.dispose();
      }
    });
  });
});

describe('permissions and audit', () => {
  it('front desk books and is audited on the patient; a provider may read the day but not book; only managers set up', async () => {
    const { app, admin } = await openTestAppWithAdmin();
    try {
      await dispatchOk(app, 'settings.update', { timeZone: 'America/New_York' }, admin.sessionId);
      const providerId = (await dispatchOk<{ id: string }>(app, 'providers.create', { givenName: 'Grace', familyName: 'Hopper', npi: '1234567893' }, admin.sessionId)).id;
      const day = { hours: [{ from: '08:00', to: '17:00' }] };
      await dispatchOk(app, 'schedule.templates.save', { providerId, days: { tue: day } }, admin.sessionId);
      const type = await dispatchOk<{ id: string }>(app, 'schedule.types.create', { name: 'Visit', durationMinutes: 30, color: '#336699', overbookRule: 'never' }, admin.sessionId);
      const patient = await dispatchOk<{ id: string }>(app, 'patients.create', { ...validPatient, confirmNewPatient: true }, admin.sessionId);
      const frontDesk = await addUser(app, admin.sessionId, 'front_desk');
      const doctor = await addUser(app, admin.sessionId, 'provider');
      const input = { patientId: patient.id, providerId, appointmentTypeId: type.id, date: TUESDAY, time: '09:00' };

      const refusedToDoctor = await app.dispatch('appointments.book', input, doctor.sessionId);
      expect(refusedToDoctor).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
      const refusedSetup = await app.dispatch('schedule.resources.create', { kind: 'room', name: 'Room 9' }, frontDesk.sessionId);
      expect(refusedSetup).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });

      const booked = await dispatchOk<Appointment>(app, 'appointments.book', input, frontDesk.sessionId);
      const entry = (await auditRows(app)).find((row) => row.action === 'appointment.book')!;
      expect(entry).toMatchObject({ userId: frontDesk.user.id, entityType: 'patient', entityId: patient.id });
      expect(JSON.parse(entry.detail)).toEqual({ appointmentId: booked.id, providerId, appointmentTypeId: type.id, start: booked.start });
      const seen = await dispatchOk<{ appointments: Appointment[] }>(app, 'appointments.day', { date: TUESDAY }, doctor.sessionId);
      expect(seen.appointments.map((a) => a.id)).toEqual([booked.id]);
      // The booking is recorded as its author's.
      const authors = app.database.sqlite.prepare(`SELECT DISTINCT author_id FROM sync_ops WHERE tbl = 'appointments' AND row_id = ?`).pluck().all(booked.id);
      expect(authors).toEqual([frontDesk.user.id]);
    } finally {
      await app.dispose();
    }
  });
});
