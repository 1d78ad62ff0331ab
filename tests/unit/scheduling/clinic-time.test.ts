import { describe, expect, it } from 'vitest';
import {
  addDays,
  clinicTimeZone,
  eachDate,
  formatLocalTime,
  isValidTimeZone,
  parseInstant,
  parseLocalDate,
  parseLocalTime,
  toInstant,
  weekdayOf,
} from '../../../src-shared/scheduling/clinic-time';
import { SchedulingError } from '../../../src-shared/scheduling/errors';
import { expectSchedulingError } from './support';

const newYork = clinicTimeZone('America/New_York');
const berlin = clinicTimeZone('Europe/Berlin');
const HOUR = 3_600_000;
const utc = (iso: string) => Date.parse(iso);

describe('clinicTimeZone', () => {
  it('accepts IANA names, resolves aliases to the canonical name and reuses one instance', () => {
    expect(clinicTimeZone('Europe/Berlin').name).toBe('Europe/Berlin');
    expect(clinicTimeZone('US/Eastern').name).toBe('America/New_York');
    expect(clinicTimeZone('US/Eastern')).toBe(newYork);
    expect(isValidTimeZone('Asia/Kolkata')).toBe(true);
  });

  it.each(['Mars/Olympus', '', '+05:00', '-0300', 'GMT+25', 'America/New York'])('refuses %j with a specific error', (name) => {
    expect(isValidTimeZone(name)).toBe(false);
    const error = expectSchedulingError(() => clinicTimeZone(name), 'invalid_time_zone');
    expect(error.message).toBe('Unknown time zone: use an IANA name such as America/New_York or Europe/Berlin.');
  });
});

describe('local date and time → instant', () => {
  it('converts ordinary times with the offset in effect on that date', () => {
    expect(newYork.toInstant('2026-01-15', '09:00')).toBe('2026-01-15T14:00:00.000Z');
    expect(newYork.toInstant('2026-07-15', '09:00')).toBe('2026-07-15T13:00:00.000Z');
    expect(berlin.toInstant('2026-01-15', '09:00')).toBe('2026-01-15T08:00:00.000Z');
    expect(berlin.toInstant('2026-07-15', '09:00')).toBe('2026-07-15T07:00:00.000Z');
    expect(clinicTimeZone('Asia/Kolkata').toInstant('2026-07-15', '09:00')).toBe('2026-07-15T03:30:00.000Z');
    expect(clinicTimeZone('Asia/Kathmandu').toInstant('2026-07-15', '09:00')).toBe('2026-07-15T03:15:00.000Z');
  });

  it('refuses a time in the spring-forward gap with a message a receptionist understands', () => {
    const resolution = newYork.resolve('2026-03-08', '02:30');
    expect(resolution.kind).toBe('nonexistent');
    const error = expectSchedulingError(() => newYork.toEpochMs('2026-03-08', '02:30'), 'nonexistent_local_time');
    expect(error.message).toBe('2:30 AM does not exist on Mar 8, 2026 in America/New_York (clocks spring forward from 2:00 AM to 3:00 AM).');
    expect(error.details).toEqual({
      date: '2026-03-08',
      time: '02:30',
      timeZone: 'America/New_York',
      skippedFrom: '02:00',
      skippedTo: '03:00',
    });
    expect(() => newYork.toInstant('2026-03-08', '02:30')).toThrow(SchedulingError);
  });

  it('knows exactly where the gap starts and ends (New York and Berlin)', () => {
    expect(newYork.resolve('2026-03-08', '01:59')).toEqual({ kind: 'exact', epochMs: utc('2026-03-08T06:59:00Z') });
    expect(newYork.resolve('2026-03-08', '02:00').kind).toBe('nonexistent');
    expect(newYork.resolve('2026-03-08', '02:59').kind).toBe('nonexistent');
    expect(newYork.resolve('2026-03-08', '03:00')).toEqual({ kind: 'exact', epochMs: utc('2026-03-08T07:00:00Z') });
    expect(berlin.resolve('2026-03-29', '01:59')).toEqual({ kind: 'exact', epochMs: utc('2026-03-29T00:59:00Z') });
    expectSchedulingError(() => berlin.toEpochMs('2026-03-29', '02:15'), 'nonexistent_local_time', /2:15 AM does not exist on Mar 29, 2026 in Europe\/Berlin/);
    expect(berlin.resolve('2026-03-29', '03:00')).toEqual({ kind: 'exact', epochMs: utc('2026-03-29T01:00:00Z') });
  });

  it('gives the RFC 5545 reading of a skipped time (moved forward by the gap) and the instant the clocks jump', () => {
    const resolution = newYork.resolve('2026-03-08', '02:30');
    expect(resolution.kind === 'nonexistent' && resolution.shiftedEpochMs).toBe(utc('2026-03-08T07:30:00Z'));
    expect(resolution.kind === 'nonexistent' && resolution.gapEndEpochMs).toBe(utc('2026-03-08T07:00:00Z'));
    expect(newYork.toLocal(utc('2026-03-08T07:30:00Z')).time).toBe('03:30');
  });

  it('puts a range edge in the gap at the jump and a repeated one at its first showing', () => {
    expect(newYork.boundaryToEpochMs('2026-03-08', 150)).toBe(utc('2026-03-08T07:00:00Z'));
    expect(newYork.boundaryToEpochMs('2026-03-08', 120)).toBe(utc('2026-03-08T07:00:00Z'));
    expect(newYork.boundaryToEpochMs('2026-11-01', 90)).toBe(utc('2026-11-01T05:30:00Z'));
    expect(newYork.boundaryToEpochMs('2026-03-09', 540)).toBe(utc('2026-03-09T13:00:00Z'));
    expect(newYork.boundaryToEpochMs('2026-03-09', 1440)).toBe(utc('2026-03-10T04:00:00Z'));
  });

  it('handles a half-hour shift (Lord Howe Island) to the minute', () => {
    const lordHowe = clinicTimeZone('Australia/Lord_Howe');
    const error = expectSchedulingError(() => lordHowe.toEpochMs('2026-10-04', '02:15'), 'nonexistent_local_time');
    expect(error.details).toMatchObject({ skippedFrom: '02:00', skippedTo: '02:30' });
    expect(lordHowe.resolve('2026-10-04', '02:30')).toEqual({ kind: 'exact', epochMs: utc('2026-10-03T15:30:00Z') });
  });

  it('reads a repeated fall-back time as its first showing, or the repeat when asked', () => {
    expect(newYork.resolve('2026-11-01', '01:30')).toEqual({
      kind: 'ambiguous',
      earlier: utc('2026-11-01T05:30:00Z'),
      later: utc('2026-11-01T06:30:00Z'),
    });
    expect(newYork.toInstant('2026-11-01', '01:30')).toBe('2026-11-01T05:30:00.000Z');
    expect(newYork.toInstant('2026-11-01', '01:30', { ambiguous: 'earlier' })).toBe('2026-11-01T05:30:00.000Z');
    expect(newYork.toInstant('2026-11-01', '01:30', { ambiguous: 'later' })).toBe('2026-11-01T06:30:00.000Z');
    expect(newYork.resolve('2026-11-01', '01:00').kind).toBe('ambiguous');
    expect(newYork.resolve('2026-11-01', '00:59')).toEqual({ kind: 'exact', epochMs: utc('2026-11-01T04:59:00Z') });
    expect(newYork.resolve('2026-11-01', '02:00')).toEqual({ kind: 'exact', epochMs: utc('2026-11-01T07:00:00Z') });
    expect(berlin.resolve('2026-10-25', '02:30')).toEqual({
      kind: 'ambiguous',
      earlier: utc('2026-10-25T00:30:00Z'),
      later: utc('2026-10-25T01:30:00Z'),
    });
    expect(newYork.toInstant('2026-11-01', '09:00', { ambiguous: 'later' })).toBe('2026-11-01T14:00:00.000Z');
  });

  it('refuses dates and times that are not dates and times', () => {
    for (const date of ['2026-02-30', '2026-2-3', '03/09/2026', '', 'tomorrow', '2026-13-01']) {
      expectSchedulingError(() => newYork.toEpochMs(date, '09:00'), 'invalid_date');
    }
    for (const time of ['24:00', '9:00', '12:60', '25:00', '09:00:00', 'noon', '']) {
      expectSchedulingError(() => newYork.toEpochMs('2026-03-09', time), 'invalid_time');
    }
  });

  it('turns into a VALIDATION error for the RPC layer, next to the named field', () => {
    const error = expectSchedulingError(() => newYork.toEpochMs('2026-03-08', '02:30'), 'nonexistent_local_time');
    const appError = error.toAppError('startTime');
    expect(appError.code).toBe('VALIDATION');
    expect(appError.fields).toEqual({ startTime: error.message });
    expect(appError.details).toMatchObject({ reason: 'nonexistent_local_time', skippedTo: '03:00' });
  });
});

describe('instant → local date and time', () => {
  it('gives the clinic date, time, weekday and offset of an instant (ISO text or epoch ms)', () => {
    expect(newYork.toLocal('2026-03-09T13:00:00Z')).toEqual({
      date: '2026-03-09',
      time: '09:00',
      minutesOfDay: 540,
      weekday: 'mon',
      offsetMinutes: -240,
    });
    expect(newYork.toLocal(utc('2026-03-07T04:59:00Z'))).toMatchObject({ date: '2026-03-06', time: '23:59', weekday: 'fri' });
    expect(berlin.dateOf('2026-12-31T23:30:00Z')).toBe('2027-01-01');
    expect(newYork.toLocal('2026-11-01T05:30:00.000Z').offsetMinutes).toBe(-240);
    expect(newYork.toLocal('2026-11-01T06:30:00.000Z')).toMatchObject({ time: '01:30', offsetMinutes: -300 });
  });

  it('round-trips every quarter hour of both transition days', () => {
    for (const date of ['2026-03-08', '2026-11-01']) {
      const { start, end } = newYork.dayBounds(date);
      for (let instant = start; instant < end; instant += 15 * 60_000) {
        const local = newYork.toLocal(instant);
        expect(local.date).toBe(date);
        const resolution = newYork.resolve(local.date, local.time);
        const back = resolution.kind === 'ambiguous' ? [resolution.earlier, resolution.later] : resolution.kind === 'exact' ? [resolution.epochMs] : [];
        expect(back).toContain(instant);
      }
    }
  });

  it('refuses instants that are not ISO instants', () => {
    for (const text of ['2026-03-09', '2026-03-09T10:00:00', '2026-02-30T10:00:00Z', 'yesterday', '2026-03-09 10:00Z']) {
      expectSchedulingError(() => newYork.toLocal(text), 'invalid_instant');
    }
    expect(parseInstant('2026-03-09T10:00:00+01:00')).toBe(utc('2026-03-09T09:00:00Z'));
    expect(toInstant(utc('2026-03-09T09:00:00Z'))).toBe('2026-03-09T09:00:00.000Z');
  });
});

describe('clinic days', () => {
  it('are 24 hours, 23 on the spring-forward day and 25 on the fall-back day', () => {
    const hours = (zone: typeof newYork, date: string) => {
      const { start, end } = zone.dayBounds(date);
      return (end - start) / HOUR;
    };
    expect(newYork.dayBounds('2026-03-09')).toEqual({ start: utc('2026-03-09T04:00:00Z'), end: utc('2026-03-10T04:00:00Z') });
    expect(hours(newYork, '2026-03-07')).toBe(24);
    expect(hours(newYork, '2026-03-08')).toBe(23);
    expect(hours(newYork, '2026-11-01')).toBe(25);
    expect(hours(berlin, '2026-03-29')).toBe(23);
    expect(hours(berlin, '2026-10-25')).toBe(25);
  });

  it('start at the first instant of the date when midnight itself is skipped (Santiago)', () => {
    const santiago = clinicTimeZone('America/Santiago');
    const { start, end } = santiago.dayBounds('2026-09-06');
    expect(santiago.toLocal(start)).toMatchObject({ date: '2026-09-06', time: '01:00' });
    expect(santiago.toLocal(start - 60_000)).toMatchObject({ date: '2026-09-05', time: '23:59' });
    expect((end - start) / HOUR).toBe(23);
  });
});

describe('calendar helpers', () => {
  it('parse and format times, with 24:00 only where an end of day is meant', () => {
    expect(parseLocalTime('00:00')).toBe(0);
    expect(parseLocalTime('23:59')).toBe(1439);
    expect(parseLocalTime('24:00', { allowEndOfDay: true })).toBe(1440);
    expectSchedulingError(() => parseLocalTime('24:00'), 'invalid_time');
    expectSchedulingError(() => parseLocalTime('24:01', { allowEndOfDay: true }), 'invalid_time');
    expect(formatLocalTime(545)).toBe('09:05');
    expect(formatLocalTime(1440)).toBe('24:00');
  });

  it('do date arithmetic across months, years and leap days', () => {
    expect(parseLocalDate('2028-02-29')).toBe('2028-02-29');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(weekdayOf('2026-03-08')).toBe('sun');
    expect(weekdayOf('2026-03-09')).toBe('mon');
    expect(eachDate('2026-02-27', '2026-03-02')).toEqual(['2026-02-27', '2026-02-28', '2026-03-01', '2026-03-02']);
    expect(eachDate('2026-03-02', '2026-03-02')).toEqual(['2026-03-02']);
    expectSchedulingError(() => eachDate('2026-03-02', '2026-03-01'), 'invalid_range');
    expectSchedulingError(() => addDays('2026-02-30', 1), 'invalid_date');
  });
});
