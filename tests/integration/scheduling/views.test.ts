import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import type { Appointment } from '../../../src-shared/scheduling/schema';
import { addUser, auditRows, dispatchOk, openTestApp, TEST_ADMIN, signIn } from '../../support/test-app';
import { clinicPerTest, expectRefusedUnchanged, TUESDAY, ZONE } from './support';

const clinic = clinicPerTest();

interface Day {
  date: string;
  timeZone: string;
  openingHours: { from: string; to: string } | null;
  providers: { id: string; displayName: string; available: { start: string; end: string; allowedTypeIds: 'any' | string[] }[] }[];
  resources: { id: string; name: string }[];
  appointments: Appointment[];
}

interface Slot {
  providerId: string;
  start: string;
  local: { date: string; start: string; end: string };
}

describe('appointments.day', () => {
  it('gives every provider’s bookable time and every appointment of the clinic day, by start, with local times', async () => {
    const c = clinic();
    const late = await c.book({ time: '14:00' });
    const early = await c.book({ patientId: c.sam, providerId: c.lovelace, time: '09:00' });
    const cancelled = await c.book({ patientId: c.sam, time: '10:00' });
    await c.ok('appointments.cancel', { id: cancelled.id, cancelledBy: 'clinic', reason: 'Double entry' });
    await c.book({ date: '2026-03-11', time: '09:00' });
    const day = await c.ok<Day>('appointments.day', { date: TUESDAY });
    expect(day).toMatchObject({ date: TUESDAY, timeZone: ZONE, openingHours: { from: '07:30', to: '18:00' } });
    expect(day.appointments.map((a) => [a.id, a.local.start, a.status])).toEqual([
      [early.id, '09:00', 'booked'],
      [cancelled.id, '10:00', 'cancelled'],
      [late.id, '14:00', 'booked'],
    ]);
    expect(day.providers.map((p) => p.displayName)).toEqual(['Grace Hopper, MD', 'Ada Lovelace, MD']);
    const hopper = day.providers[0]!;
    expect(hopper.available).toEqual([
      { start: '2026-03-10T12:00:00.000Z', end: '2026-03-10T16:00:00.000Z', allowedTypeIds: 'any' },
      { start: '2026-03-10T17:00:00.000Z', end: '2026-03-10T19:00:00.000Z', allowedTypeIds: 'any' },
      { start: '2026-03-10T19:00:00.000Z', end: '2026-03-10T21:00:00.000Z', allowedTypeIds: [c.xray.id] },
    ]);
    expect(day.resources.map((r) => r.name)).toEqual(['Exam room 1', 'X-ray room']);
    const sunday = await c.ok<Day>('appointments.day', { date: '2026-03-15' });
    expect(sunday.openingHours).toBeNull();
    expect(sunday.providers.every((p) => p.available.length === 0)).toBe(true);
  });

  it('a closed day empties the provider’s time and lists the appointments now outside it', async () => {
    const c = clinic();
    const booked = await c.book({ time: '09:00' });
    const { appointmentsOutside } = await c.ok<{ appointmentsOutside: Appointment[] }>('schedule.exceptions.add', {
      kind: 'closed_day',
      providerId: c.hopper,
      date: TUESDAY,
      label: 'Sick',
    });
    expect(appointmentsOutside.map((a) => a.id)).toEqual([booked.id]);
    const day = await c.ok<Day>('appointments.day', { date: TUESDAY });
    expect(day.providers.find((p) => p.id === c.hopper)!.available).toEqual([]);
  });

  it('lists the booked appointments a changed weekly template leaves outside the hours, over a date range, and refuses a bad range', async () => {
    const c = clinic();
    const morning = await c.book({ time: '09:00' });
    const afternoon = await c.book({ time: '14:00' });
    const nextMorning = await c.book({ date: '2026-03-17', time: '09:30' });
    const cancelled = await c.book({ date: '2026-03-17', time: '10:30' });
    await c.ok('appointments.cancel', { id: cancelled.id, cancelledBy: 'patient', reason: 'Moved away' });
    const range = { providerId: c.hopper, from: TUESDAY, to: '2026-03-20' };
    expect((await c.ok<{ items: Appointment[] }>('schedule.appointmentsOutside', range)).items).toEqual([]);

    const [template] = (await c.ok<{ items: { id: string; days: Record<string, unknown> }[] }>('schedule.templates.list', { providerId: c.hopper })).items;
    const afternoons = { hours: [{ from: '13:00', to: '17:00' }] };
    await c.ok('schedule.templates.save', { id: template!.id, providerId: c.hopper, days: { ...template!.days, tue: afternoons } });
    const outside = (await c.ok<{ items: Appointment[] }>('schedule.appointmentsOutside', range)).items;
    expect(outside.map((a) => a.id)).toEqual([morning.id, nextMorning.id]);
    expect(outside.map((a) => a.id)).not.toContain(afternoon.id);

    expect((await expectRefusedUnchanged(c, 'schedule.appointmentsOutside', { ...range, to: '2026-03-01' })).fields).toMatchObject({ to: expect.stringMatching(/on or after/) });
    expect((await expectRefusedUnchanged(c, 'schedule.appointmentsOutside', { ...range, to: '2027-06-01' })).fields).toMatchObject({ to: expect.stringMatching(/At most 366 days/) });
    expect((await expectRefusedUnchanged(c, 'schedule.appointmentsOutside', { ...range, providerId: '0190a5e4-0000-7000-8000-000000000000' })).code).toBe('NOT_FOUND');
  });

  it('hides who a restricted chart’s appointment is for from a user who may not open it', async () => {
    const c = clinic();
    const booked = await c.book({ note: 'Sensitive matter' });
    await c.ok('patients.setRestriction', { id: c.maria, restriction: 'vip' });
    const admin = await signIn(c.app, TEST_ADMIN.username, TEST_ADMIN.password);
    const frontDesk = await addUser(c.app, admin, 'front_desk');
    const seen = await dispatchOk<Day>(c.app, 'appointments.day', { date: TUESDAY }, frontDesk.sessionId);
    expect(seen.appointments[0]).toMatchObject({ id: booked.id, patient: null, restricted: true, note: null, local: { start: '09:00' } });
    expect(JSON.stringify(seen)).not.toMatch(/Maria|Lopez|Sensitive/);
    const byAdmin = await dispatchOk<Day>(c.app, 'appointments.day', { date: TUESDAY }, admin);
    expect(byAdmin.appointments[0]).toMatchObject({ patient: { givenName: 'Maria' }, note: 'Sensitive matter' });
    await c.ok('appointments.cancel', { id: booked.id, cancelledBy: 'patient', reason: 'Sensitive reason' });
    const detail = await dispatchOk<{ appointment: Appointment; history: { reason: string | null }[] }>(c.app, 'appointments.get', { id: booked.id }, frontDesk.sessionId);
    expect(detail.appointment).toMatchObject({ patient: null, cancelReason: null });
    expect(JSON.stringify(detail)).not.toMatch(/Sensitive|Maria/);
    const chart = await c.app.dispatch('appointments.forPatient', { patientId: c.maria }, frontDesk.sessionId);
    expect(chart).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('refuses a date that is not a date', async () => {
    const c = clinic();
    const error = await expectRefusedUnchanged(c, 'appointments.day', { date: '2026-13-01' });
    expect(error).toMatchObject({ code: 'VALIDATION', fields: { date: 'Not a date: enter it as YYYY-MM-DD (for example 2026-03-09)' } });
  });
});

describe('appointments.week, .list and .forPatient', () => {
  it('a provider’s week runs Monday to Sunday with each day’s bookable time', async () => {
    const c = clinic();
    const monday = await c.book({ date: '2026-03-09', time: '08:00' });
    const saturday = await c.book({ date: '2026-03-14', time: '11:00' });
    await c.book({ date: '2026-03-16', time: '08:00' });
    await c.book({ patientId: c.sam, providerId: c.lovelace, date: '2026-03-11', time: '09:00' });
    const week = await c.ok<{ provider: { id: string }; days: { date: string; available: unknown[] }[]; appointments: Appointment[] }>('appointments.week', {
      providerId: c.hopper,
      date: '2026-03-12',
    });
    expect(week.days.map((d) => [d.date, d.available.length])).toEqual([
      ['2026-03-09', 3],
      ['2026-03-10', 3],
      ['2026-03-11', 3],
      ['2026-03-12', 3],
      ['2026-03-13', 3],
      ['2026-03-14', 1],
      ['2026-03-15', 0],
    ]);
    expect(week.appointments.map((a) => a.id)).toEqual([monday.id, saturday.id]);
  });

  it('lists a date range (at most 31 days), one provider or all, by status', async () => {
    const c = clinic();
    const a = await c.book({ date: '2026-03-09', time: '08:00' });
    const b = await c.book({ patientId: c.sam, providerId: c.lovelace, date: '2026-03-11', time: '09:00' });
    await c.ok('appointments.setStatus', { id: b.id, status: 'confirmed' });
    const all = await c.ok<{ items: Appointment[] }>('appointments.list', { from: '2026-03-09', to: '2026-03-13' });
    expect(all.items.map((item) => item.id)).toEqual([a.id, b.id]);
    const confirmed = await c.ok<{ items: Appointment[] }>('appointments.list', { from: '2026-03-09', to: '2026-03-13', statuses: ['confirmed'] });
    expect(confirmed.items.map((item) => item.id)).toEqual([b.id]);
    const hopper = await c.ok<{ items: Appointment[] }>('appointments.list', { from: '2026-03-09', to: '2026-03-13', providerId: c.hopper });
    expect(hopper.items.map((item) => item.id)).toEqual([a.id]);
    expect((await c.refused('appointments.list', { from: '2026-03-01', to: '2026-04-15' })).fields).toEqual({ to: 'At most 31 days at a time' });
    expect((await c.refused('appointments.list', { from: '2026-03-09', to: '2026-03-01' })).fields).toEqual({ to: 'Must be on or after the start date' });
  });

  it('a chart’s appointments: upcoming soonest first, past latest first', async () => {
    const c = clinic();
    const soon = await c.book({ date: '2026-03-03', time: '09:00' });
    const later = await c.book({ date: '2026-03-20', time: '09:00' });
    const before = await c.book({ date: '2026-02-27', time: '09:00' });
    const { upcoming, past } = await c.ok<{ upcoming: Appointment[]; past: Appointment[] }>('appointments.forPatient', { patientId: c.maria });
    expect(upcoming.map((a) => a.id)).toEqual([soon.id, later.id]);
    expect(past.map((a) => a.id)).toEqual([before.id]);
  });
});

describe('appointments.findNext', () => {
  it('returns the first free slots across providers in time order, skipping bookings, breaks and the patient’s own appointments', async () => {
    const c = clinic();
    // Now: Monday 10:04. Hopper is booked 10:15–11:15; the patient is with Lovelace at 10:30.
    await c.book({ patientId: c.sam, date: '2026-03-02', time: '10:15', appointmentTypeId: c.newPatient.id });
    await c.book({ providerId: c.lovelace, date: '2026-03-02', time: '10:30' });
    const { slots } = await c.ok<{ slots: Slot[] }>('appointments.findNext', { appointmentTypeId: c.followUp.id, patientId: c.maria, limit: 4 });
    // Ties at one time go in provider order (by family name).
    expect(slots.map((s) => `${s.local.date} ${s.local.start}-${s.local.end} ${s.providerId === c.hopper ? 'H' : 'L'}`)).toEqual([
      '2026-03-02 11:00-11:30 L',
      '2026-03-02 11:15-11:45 H',
      '2026-03-02 11:15-11:45 L',
      '2026-03-02 11:30-12:00 H',
    ]);
  });

  it('honours one provider, preferred days, the afternoon, an earliest date; a type’s room and reserved block', async () => {
    const c = clinic();
    const { slots } = await c.ok<{ slots: Slot[] }>('appointments.findNext', {
      appointmentTypeId: c.followUp.id,
      providerId: c.lovelace,
      weekdays: ['thu'],
      partOfDay: 'afternoon',
      earliestDate: '2026-03-20',
      limit: 2,
    });
    expect(slots.map((s) => `${s.local.date} ${s.local.start}`)).toEqual(['2026-03-26 13:00', '2026-03-26 13:15']);
    // The X-ray room is held 13:00–13:20 by Lovelace's patient: Hopper's X-ray slots start after it.
    await c.book({ providerId: c.lovelace, appointmentTypeId: c.xray.id, date: '2026-03-03', time: '13:00' });
    const xray = await c.ok<{ slots: Slot[] }>('appointments.findNext', { appointmentTypeId: c.xray.id, providerId: c.hopper, partOfDay: 'afternoon', earliestDate: '2026-03-03', limit: 2 });
    expect(xray.slots.map((s) => `${s.local.date} ${s.local.start}`)).toEqual(['2026-03-03 13:30', '2026-03-03 13:45']);
    // Hopper's 15:00–17:00 is kept for X-rays: a follow-up is not offered there.
    const followUps = await c.ok<{ slots: Slot[] }>('appointments.findNext', { appointmentTypeId: c.followUp.id, providerId: c.hopper, partOfDay: 'afternoon', earliestDate: '2026-03-03', limit: 8 });
    expect(followUps.slots.map((s) => `${s.local.date} ${s.local.start}`)).toEqual([
      ...['13:00', '13:15', '13:30', '13:45', '14:00', '14:15', '14:30'].map((time) => `2026-03-03 ${time}`),
      '2026-03-04 13:00',
    ]);
  });

  it('books the first suggestion', async () => {
    const c = clinic();
    const [first] = (await c.ok<{ slots: Slot[] }>('appointments.findNext', { appointmentTypeId: c.newPatient.id, providerId: c.lovelace, limit: 1 })).slots;
    const booked = await c.book({ providerId: first!.providerId, appointmentTypeId: c.newPatient.id, date: first!.local.date, time: first!.local.start });
    expect(booked.start).toBe(first!.start);
    const next = (await c.ok<{ slots: Slot[] }>('appointments.findNext', { appointmentTypeId: c.newPatient.id, providerId: c.lovelace, limit: 1 })).slots[0]!;
    expect(next.start > first!.start).toBe(true);
  });
});

describe('appointments.exportIcs', () => {
  it('writes the provider’s appointments as iCalendar that ical.js reads back with the same events, audited as an export', async () => {
    const c = clinic();
    const xray = await c.book({ appointmentTypeId: c.xray.id, time: '15:00' });
    const followUp = await c.book({ patientId: c.sam, date: '2026-03-11', time: '09:00' });
    await c.book({ providerId: c.lovelace, date: '2026-03-12', time: '09:00' });
    const exported = await c.ok<{ fileName: string; text: string; events: number }>('appointments.exportIcs', { providerId: c.hopper, from: '2026-03-09', to: '2026-03-15' });
    expect(exported.fileName).toBe('schedule-grace-hopper-md-2026-03-09-to-2026-03-15.ics');
    expect(exported.text).not.toMatch(/Maria|Lopez|Okafor/);
    const calendar = new ICAL.Component(ICAL.parse(exported.text));
    expect(calendar.getFirstPropertyValue('version')).toBe('2.0');
    expect(calendar.getFirstPropertyValue('prodid')).toBe('-//Clinic Office//Scheduling//EN');
    const events = calendar.getAllSubcomponents('vevent').map((component) => ({ component, event: new ICAL.Event(component) }));
    expect(events.map(({ event }) => [event.uid, event.summary, event.startDate.toJSDate().toISOString(), event.endDate.toJSDate().toISOString()])).toEqual([
      [`${xray.id}@clinic-office`, 'X-ray', xray.start, xray.end],
      [`${followUp.id}@clinic-office`, 'Follow-up', followUp.start, followUp.end],
    ]);
    expect(events[0]!.event.location).toBe('X-ray room');
    for (const { component } of events) expect(component.getFirstPropertyValue('dtstamp')?.toString()).toBe('2026-03-02T15:04:05Z');
    const entry = (await auditRows(c.app)).at(-1)!;
    expect(entry).toMatchObject({ action: 'export', entityType: 'provider', entityId: c.hopper });
    expect(JSON.parse(entry.detail)).toMatchObject({ what: 'provider_schedule', format: 'ics', count: 2, includePatientNames: false });

    const named = await c.ok<{ text: string }>('appointments.exportIcs', { providerId: c.hopper, from: '2026-03-09', to: '2026-03-15', includePatientNames: true });
    const summaries = new ICAL.Component(ICAL.parse(named.text)).getAllSubcomponents('vevent').map((v) => new ICAL.Event(v).summary);
    expect(summaries).toEqual(['X-ray – Maria Lopez', 'Follow-up – Sam Okafor']);
  });
});

describe('set-up', () => {
  it('validates templates with the core: times, a break inside hours, reserved blocks that do not overlap, start dates', async () => {
    const c = clinic();
    const bad = async (days: unknown, field: string, message: RegExp) => {
      const error = await expectRefusedUnchanged(c, 'schedule.templates.save', { providerId: c.lovelace, effectiveFrom: '2026-06-01', days });
      expect(error.fields?.[field]).toMatch(message);
    };
    await bad({ mon: { hours: [{ from: '17:00', to: '09:00' }] } }, 'days', /^Template, Mondays, working hours: 17:00–09:00 ends before it starts\.$/);
    await bad({ mon: { hours: [{ from: '9:00', to: '17:00' }] } }, 'days.mon.hours.0.from', /^Not a time/);
    await bad(
      { tue: { hours: [{ from: '08:00', to: '17:00' }], reserved: [{ from: '13:00', to: '15:00', appointmentTypeIds: [c.xray.id] }, { from: '14:00', to: '16:00', appointmentTypeIds: [c.urgent.id] }] } },
      'days',
      /two reserved blocks overlap/,
    );
    const clash = await expectRefusedUnchanged(c, 'schedule.templates.save', { providerId: c.lovelace, days: { mon: { hours: [{ from: '10:00', to: '12:00' }] } } });
    expect(clash).toMatchObject({ code: 'CONFLICT', fields: { effectiveFrom: expect.stringMatching(/already applies from the beginning/) } });
    const backwards = await expectRefusedUnchanged(c, 'schedule.templates.save', { providerId: c.lovelace, effectiveFrom: '2026-06-01', effectiveUntil: '2026-05-01', days: {} });
    expect(backwards.fields).toEqual({ effectiveUntil: 'Must be on or after the date it takes effect' });
  });

  it('a new template from a date supersedes the old one from then on', async () => {
    const c = clinic();
    await c.ok('schedule.templates.save', { providerId: c.lovelace, effectiveFrom: '2026-03-16', days: { mon: { hours: [{ from: '13:00', to: '19:00' }] } } });
    const before = await c.ok<Day>('appointments.day', { date: '2026-03-09' });
    const after = await c.ok<Day>('appointments.day', { date: '2026-03-16' });
    const lovelace = (day: Day) => day.providers.find((p) => p.id === c.lovelace)!.available.map((i) => [i.start.slice(11, 16), i.end.slice(11, 16)]);
    // New York is UTC−4 from March 8: 08:00–12:00 and 13:00–17:00, then 13:00–19:00.
    expect(lovelace(before)).toEqual([
      ['12:00', '16:00'],
      ['17:00', '21:00'],
    ]);
    expect(lovelace(after)).toEqual([['17:00', '23:00']]);
    expect((await c.ok<{ items: unknown[] }>('schedule.templates.list', { providerId: c.lovelace })).items).toHaveLength(2);
  });

  it('types: the cap rule needs its number, names are unique, rooms must exist; providers get a colour and a room', async () => {
    const c = clinic();
    const noCap = await expectRefusedUnchanged(c, 'schedule.types.create', { name: 'Walk-in', durationMinutes: 15, color: '#123456', overbookRule: 'cap' });
    expect(noCap.fields).toEqual({ overbookCapPerDay: 'How many overbooks a day?' });
    const twice = await expectRefusedUnchanged(c, 'schedule.types.create', { name: 'follow-up', durationMinutes: 15, color: '#123456', overbookRule: 'never' });
    expect(twice).toMatchObject({ code: 'CONFLICT', fields: { name: 'Another one already has this name' } });
    const changed = await c.ok<{ resourceIds: string[]; overbookRule: string }>('schedule.types.update', {
      id: c.xray.id,
      resourceIds: [c.examRoom],
      overbookRule: 'cap',
      overbookCapPerDay: 2,
    });
    expect(changed).toMatchObject({ resourceIds: [c.examRoom], overbookRule: 'cap' });
    const provider = await c.ok<{ color: string; defaultRoomId: string }>('schedule.providers.update', { id: c.hopper, color: '#AA3300', defaultRoomId: c.examRoom });
    expect(provider).toMatchObject({ color: '#aa3300', defaultRoomId: c.examRoom });
    const device = await c.ok<{ id: string }>('schedule.resources.create', { kind: 'equipment', name: 'Ultrasound' });
    expect((await expectRefusedUnchanged(c, 'schedule.providers.update', { id: c.hopper, defaultRoomId: device.id })).fields).toEqual({ defaultRoomId: 'Choose a room, not equipment' });
  });

  it('the clinic’s time zone must be a real IANA zone', async () => {
    const app = await openTestApp();
    try {
      await app.call('setup.createFirstAdmin', TEST_ADMIN);
      const result = await app.call('settings.update', { timeZone: 'Mars/Olympus' });
      expect(result).toMatchObject({ ok: false, error: { code: 'VALIDATION', fields: { timeZone: expect.stringMatching(/^Unknown time zone/) } } });
      const set = await app.call('settings.update', { timeZone: 'Europe/Berlin', openingHours: { mon: { from: '08:00', to: '17:00' } } });
      expect(set).toMatchObject({ ok: true, value: { timeZone: 'Europe/Berlin', openingHours: { mon: { from: '08:00', to: '17:00' } } } });
    } finally {
      await app.dispose();
    }
  });
});
