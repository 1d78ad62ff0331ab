import { describe, expect, it } from 'vitest';
import type { Appointment, AppointmentSeries } from '../../../src-shared/scheduling/schema';
import { auditRows } from '../../support/test-app';
import { clinicPerTest, conflictsOf, expectRefusedUnchanged, type Clinic } from './support';

const clinic = clinicPerTest();

interface Booked {
  series: AppointmentSeries;
  appointments: Appointment[];
}

/** Weekly physio: Tuesdays 10:00 with Hopper from 2026-03-10, six visits. */
const weekly = (c: Clinic, input: Record<string, unknown> = {}) =>
  c.ok<Booked>('appointments.bookSeries', {
    patientId: c.maria,
    providerId: c.hopper,
    appointmentTypeId: c.followUp.id,
    startDate: '2026-03-10',
    time: '10:00',
    weekdays: ['tue'],
    count: 6,
    ...input,
  });

const visits = (appointments: readonly Appointment[]) => appointments.map((a) => `${a.local.date} ${a.local.start} ${a.status}`);
const current = async (c: Clinic, seriesId: string) =>
  (await c.ok<Booked>('appointments.series.get', { id: seriesId })).appointments.filter((a) => a.status !== 'rescheduled');

describe('appointments.bookSeries', () => {
  it('books every visit of an RFC 5545 weekly rule as its own appointment, audited once', async () => {
    const c = clinic();
    const { series, appointments } = await weekly(c, { note: 'Physio, left knee' });
    expect(series).toMatchObject({ startDate: '2026-03-10', startTime: '10:00', durationMinutes: 30, exceptions: [] });
    expect(series.rule).toMatch(/FREQ=WEEKLY/);
    expect(series.rule).toMatch(/COUNT=6/);
    expect(visits(appointments)).toEqual(['2026-03-10', '2026-03-17', '2026-03-24', '2026-03-31', '2026-04-07', '2026-04-14'].map((d) => `${d} 10:00 booked`));
    expect(appointments.every((a) => a.seriesId === series.id && a.note === 'Physio, left knee')).toBe(true);
    expect(appointments.map((a) => a.occurrenceDate)).toEqual(appointments.map((a) => a.local.date));
    const entries = (await auditRows(c.app)).filter((row) => row.action === 'appointment_series.book');
    expect(entries.map((row) => JSON.parse(row.detail))).toEqual([expect.objectContaining({ seriesId: series.id, visits: 6, overbooked: 0 })]);
  });

  it('reports the conflicts of every visit before saving anything', async () => {
    const c = clinic();
    await c.book({ patientId: c.maria, providerId: c.lovelace, date: '2026-03-17', time: '10:15' });
    await c.ok('schedule.exceptions.add', { kind: 'closed_day', providerId: c.hopper, date: '2026-03-31', label: 'Conference' });
    await c.book({ patientId: c.sam, date: '2026-04-14', time: '09:45', appointmentTypeId: c.newPatient.id });
    const error = await expectRefusedUnchanged(c, 'appointments.bookSeries', {
      patientId: c.maria,
      providerId: c.hopper,
      appointmentTypeId: c.followUp.id,
      startDate: '2026-03-10',
      time: '10:00',
      weekdays: ['tue'],
      count: 6,
    });
    expect(conflictsOf(error).map((conflict) => [conflict.occurrenceDate, conflict.kind])).toEqual([
      ['2026-03-17', 'patient'],
      ['2026-03-31', 'availability'],
      ['2026-04-14', 'provider'],
    ]);
    expect(error.message).toMatch(/^3 of the 6 visits cannot be booked: the patient already has an appointment with another provider on Tue Mar 17, 10:15 AM–10:45 AM; /);
    expect(error.details).toMatchObject({ overbookable: false });
  });

  it('refuses a repeat that never ends, an unreadable rule, a first visit off the rule, and too many visits', async () => {
    const c = clinic();
    const base = { patientId: c.maria, providerId: c.hopper, appointmentTypeId: c.followUp.id, startDate: '2026-03-10', time: '10:00' };
    const neverEnding = await expectRefusedUnchanged(c, 'appointments.bookSeries', { ...base, rule: 'FREQ=WEEKLY;BYDAY=TU' });
    expect(neverEnding).toMatchObject({ code: 'VALIDATION', fields: { rule: 'A repeating appointment needs an end: choose an end date or a number of visits.' }, details: { reason: 'unbounded_recurrence' } });
    const formWithoutEnd = await expectRefusedUnchanged(c, 'appointments.bookSeries', { ...base, weekdays: ['tue'] });
    expect(formWithoutEnd.details).toMatchObject({ reason: 'unbounded_recurrence' });
    expect(Object.keys(formWithoutEnd.fields ?? {})).toEqual(['until']);
    const unreadable = await expectRefusedUnchanged(c, 'appointments.bookSeries', { ...base, rule: 'every tuesday' });
    expect(unreadable.details).toMatchObject({ reason: 'invalid_recurrence' });
    const offRule = await expectRefusedUnchanged(c, 'appointments.bookSeries', { ...base, rule: 'FREQ=WEEKLY;BYDAY=WE;COUNT=3' });
    expect(offRule.fields?.rule).toMatch(/first visit must fall on one of the days/);
    const tooMany = await expectRefusedUnchanged(c, 'appointments.bookSeries', { ...base, rule: 'FREQ=DAILY;COUNT=501' });
    expect(tooMany.fields?.rule).toMatch(/at most 500 visits/);
    const past = await expectRefusedUnchanged(c, 'appointments.bookSeries', { ...base, startDate: '2026-02-24', weekdays: ['tue'], count: 3 });
    expect(past.fields).toEqual({ startDate: 'A series starts today or later' });
  });
});

describe('changing a series', () => {
  it('moves one visit: a new appointment, the old one rescheduled, the series keeps it as a moved date', async () => {
    const c = clinic();
    const { series, appointments } = await weekly(c);
    const second = appointments[1]!;
    const { appointments: moved, series: after } = await c.ok<{ appointments: Appointment[]; series: AppointmentSeries[] }>('appointments.series.edit', {
      appointmentId: second.id,
      scope: 'one',
      date: '2026-03-18',
      time: '11:00',
    });
    expect(moved.map((a) => [a.local.date, a.local.start, a.occurrenceDate, a.seriesId])).toEqual([['2026-03-18', '11:00', '2026-03-17', series.id]]);
    expect(after[0]!.exceptions).toEqual([{ originalDate: '2026-03-17', kind: 'moved', date: '2026-03-18', time: '11:00' }]);
    expect(visits(await current(c, series.id))).toEqual([
      '2026-03-10 10:00 booked',
      '2026-03-18 11:00 booked',
      '2026-03-24 10:00 booked',
      '2026-03-31 10:00 booked',
      '2026-04-07 10:00 booked',
      '2026-04-14 10:00 booked',
    ]);
    expect((await c.ok<{ appointment: Appointment }>('appointments.get', { id: second.id })).appointment).toMatchObject({ status: 'rescheduled', rescheduledToId: moved[0]!.id });
    // The same conflict rules: Wednesday 12:15 is Hopper's lunch break.
    const error = await expectRefusedUnchanged(c, 'appointments.series.edit', { appointmentId: appointments[2]!.id, scope: 'one', time: '12:15' });
    expect(conflictsOf(error).map((conflict) => conflict.kind)).toEqual(['availability']);
  });

  it('changes this and the following visits: the series splits, earlier visits keep their time, moved ones keep theirs', async () => {
    const c = clinic();
    const { series, appointments } = await weekly(c);
    await c.ok('appointments.series.edit', { appointmentId: appointments[4]!.id, scope: 'one', date: '2026-04-08', time: '09:00' });
    const { series: parts, appointments: moved } = await c.ok<{ series: AppointmentSeries[]; appointments: Appointment[] }>('appointments.series.edit', {
      appointmentId: appointments[2]!.id,
      scope: 'following',
      time: '14:00',
    });
    expect(parts).toHaveLength(2);
    expect(parts[0]).toMatchObject({ id: series.id, rule: expect.stringMatching(/COUNT=2/) });
    expect(parts[1]).toMatchObject({ startDate: '2026-03-24', startTime: '14:00', rule: expect.stringMatching(/COUNT=4/) });
    expect(parts[1]!.exceptions).toEqual([{ originalDate: '2026-04-07', kind: 'moved', date: '2026-04-08', time: '09:00' }]);
    expect(visits(moved)).toEqual(['2026-03-24 14:00 booked', '2026-03-31 14:00 booked', '2026-04-08 09:00 booked', '2026-04-14 14:00 booked']);
    expect(visits(await current(c, series.id))).toEqual(['2026-03-10 10:00 booked', '2026-03-17 10:00 booked']);
    expect(visits(await current(c, parts[1]!.id))).toEqual(visits(moved));
  });

  it('changes all visits still to come to another provider, checking every one first', async () => {
    const c = clinic();
    const { appointments } = await weekly(c);
    await c.book({ patientId: c.sam, providerId: c.lovelace, date: '2026-03-31', time: '10:00' });
    const error = await expectRefusedUnchanged(c, 'appointments.series.edit', { appointmentId: appointments[3]!.id, scope: 'all', providerId: c.lovelace });
    expect(conflictsOf(error).map((conflict) => [conflict.occurrenceDate, conflict.kind])).toEqual([['2026-03-31', 'provider']]);
    const { appointments: moved } = await c.ok<{ appointments: Appointment[] }>('appointments.series.edit', {
      appointmentId: appointments[3]!.id,
      scope: 'all',
      providerId: c.lovelace,
      time: '11:00',
    });
    expect(moved.map((a) => `${a.local.date} ${a.local.start} ${a.providerId === c.lovelace}`)).toEqual(
      ['2026-03-10', '2026-03-17', '2026-03-24', '2026-03-31', '2026-04-07', '2026-04-14'].map((d) => `${d} 11:00 true`),
    );
  });

  it('cancels one visit, then this and the following ones, listing freed slots for the waitlist', async () => {
    const c = clinic();
    const { series, appointments } = await weekly(c);
    await c.ok('waitlist.add', { patientId: c.sam, appointmentTypeId: c.followUp.id, weekdays: ['tue'] });
    const one = await c.ok<{ cancelled: Appointment[]; freedSlots: { entries: unknown[] }[] }>('appointments.series.cancel', {
      appointmentId: appointments[1]!.id,
      scope: 'one',
      cancelledBy: 'patient',
      reason: 'Away that week',
    });
    expect(visits(one.cancelled)).toEqual(['2026-03-17 10:00 cancelled']);
    expect(one.freedSlots[0]!.entries).toHaveLength(1);
    expect((await c.ok<Booked>('appointments.series.get', { id: series.id })).series.exceptions).toEqual([{ originalDate: '2026-03-17', kind: 'skipped' }]);
    const following = await c.ok<{ cancelled: Appointment[] }>('appointments.series.cancel', {
      appointmentId: appointments[3]!.id,
      scope: 'following',
      cancelledBy: 'clinic',
      reason: 'Course of treatment ended early',
    });
    expect(visits(following.cancelled)).toEqual(['2026-03-31 10:00 cancelled', '2026-04-07 10:00 cancelled', '2026-04-14 10:00 cancelled']);
    const after = await c.ok<Booked>('appointments.series.get', { id: series.id });
    expect(after.series.rule).toMatch(/COUNT=3/);
    expect(visits(after.appointments).filter((visit) => visit.endsWith('booked'))).toEqual(['2026-03-10 10:00 booked', '2026-03-24 10:00 booked']);
  });

  it('refuses to treat a single appointment as a series', async () => {
    const c = clinic();
    const single = await c.book({});
    const error = await expectRefusedUnchanged(c, 'appointments.series.edit', { appointmentId: single.id, scope: 'all', time: '11:00' });
    expect(error.fields).toEqual({ appointmentId: 'This appointment is not part of a series' });
  });
});
