import { describe, expect, it } from 'vitest';
import type { Appointment } from '../../../src-shared/scheduling/schema';
import { clinicPerTest, conflictsOf, expectRefusedUnchanged } from './support';

const clinic = clinicPerTest();

describe('daylight-saving changes in America/New_York', () => {
  it('a 9:00 appointment stays 9:00 local on both sides of the March change (UTC moves by an hour)', async () => {
    const c = clinic();
    const friday = await c.book({ date: '2026-03-06', time: '09:00' });
    const monday = await c.book({ date: '2026-03-09', time: '09:00' });
    expect([friday.start, friday.local.start]).toEqual(['2026-03-06T14:00:00.000Z', '09:00']);
    expect([monday.start, monday.local.start]).toEqual(['2026-03-09T13:00:00.000Z', '09:00']);
    const day = await c.ok<{ appointments: Appointment[] }>('appointments.day', { date: '2026-03-09' });
    expect(day.appointments.map((a) => a.local.start)).toEqual(['09:00']);
  });

  it('a 9:00 appointment stays 9:00 local on both sides of the November change', async () => {
    const c = clinic();
    const friday = await c.book({ date: '2026-10-30', time: '09:00' });
    const monday = await c.book({ date: '2026-11-02', time: '09:00' });
    expect([friday.start, friday.local.start]).toEqual(['2026-10-30T13:00:00.000Z', '09:00']);
    expect([monday.start, monday.local.start]).toEqual(['2026-11-02T14:00:00.000Z', '09:00']);
    const week = await c.ok<{ days: { date: string; available: { start: string }[] }[] }>('appointments.week', { providerId: c.hopper, date: '2026-11-04' });
    expect(week.days[0]!.available[0]!.start).toBe('2026-11-02T13:00:00.000Z');
  });

  it('refuses 2:30 AM on the spring-forward night even where the provider works, and books 3:30', async () => {
    const c = clinic();
    await c.ok('schedule.exceptions.add', { kind: 'extra', providerId: c.hopper, date: '2026-03-08', from: '00:00', to: '06:00', label: 'Night clinic' });
    const error = await expectRefusedUnchanged(c, 'appointments.book', { patientId: c.maria, providerId: c.hopper, appointmentTypeId: c.followUp.id, date: '2026-03-08', time: '02:30' });
    expect(error).toMatchObject({ code: 'VALIDATION', details: { reason: 'nonexistent_local_time', skippedFrom: '02:00', skippedTo: '03:00' } });
    const later = await c.book({ date: '2026-03-08', time: '03:30' });
    expect(later).toMatchObject({ start: '2026-03-08T07:30:00.000Z', local: { start: '03:30', end: '04:00' } });
    // 1:45–2:15 local lasts 30 real minutes and ends at 3:15 on the wall clock.
    const across = await c.book({ patientId: c.sam, date: '2026-03-08', time: '01:45' });
    expect(across).toMatchObject({ start: '2026-03-08T06:45:00.000Z', end: '2026-03-08T07:15:00.000Z', local: { start: '01:45', end: '03:15' } });
  });

  it('books either showing of 1:30 AM on the fall-back night, as asked', async () => {
    const c = clinic();
    await c.ok('schedule.exceptions.add', { kind: 'extra', providerId: c.hopper, date: '2026-11-01', from: '00:00', to: '04:00' });
    const first = await c.book({ date: '2026-11-01', time: '01:30' });
    const repeat = await c.book({ patientId: c.sam, date: '2026-11-01', time: '01:30', ambiguous: 'later' });
    expect([first.start, repeat.start]).toEqual(['2026-11-01T05:30:00.000Z', '2026-11-01T06:30:00.000Z']);
    expect([first.local.start, repeat.local.start]).toEqual(['01:30', '01:30']);
  });

  it('a clinic day is 23 hours on the spring-forward Sunday and 25 on the fall-back one', async () => {
    const c = clinic();
    for (const [date, length] of [
      ['2026-03-08', 23],
      ['2026-11-01', 25],
      ['2026-03-10', 24],
    ] as const) {
      const day = await c.ok<{ start: string; end: string }>('appointments.day', { date });
      expect((Date.parse(day.end) - Date.parse(day.start)) / 3_600_000, date).toBe(length);
    }
  });

  it('a weekly series at 9:00 stays 9:00 across the change; a visit falling in the gap is reported before anything is saved', async () => {
    const c = clinic();
    const { appointments } = await c.ok<{ appointments: Appointment[] }>('appointments.bookSeries', {
      patientId: c.maria,
      providerId: c.hopper,
      appointmentTypeId: c.followUp.id,
      startDate: '2026-03-03',
      time: '09:00',
      weekdays: ['tue'],
      count: 3,
    });
    expect(appointments.map((a) => [a.start, a.local.start])).toEqual([
      ['2026-03-03T14:00:00.000Z', '09:00'],
      ['2026-03-10T13:00:00.000Z', '09:00'],
      ['2026-03-17T13:00:00.000Z', '09:00'],
    ]);

    await c.ok('schedule.exceptions.add', { kind: 'extra', providerId: c.lovelace, date: '2026-03-07', from: '00:00', to: '06:00' });
    await c.ok('schedule.exceptions.add', { kind: 'extra', providerId: c.lovelace, date: '2026-03-08', from: '00:00', to: '06:00' });
    const error = await expectRefusedUnchanged(c, 'appointments.bookSeries', {
      patientId: c.sam,
      providerId: c.lovelace,
      appointmentTypeId: c.followUp.id,
      startDate: '2026-03-07',
      time: '02:30',
      rule: 'FREQ=DAILY;COUNT=2',
    });
    expect(conflictsOf(error)).toEqual([expect.objectContaining({ kind: 'nonexistent_time', occurrenceDate: '2026-03-08' })]);
    expect(error.message).toBe('1 of the 2 visits cannot be booked: Sun Mar 8: the time does not exist (clocks spring forward).');
  });
});
