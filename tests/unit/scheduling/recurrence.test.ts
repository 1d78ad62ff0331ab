import { describe, expect, it } from 'vitest';
import { clinicTimeZone } from '../../../src-shared/scheduling/clinic-time';
import {
  MAX_OCCURRENCES,
  checkSeries,
  expandSeries,
  moveOccurrence,
  skipOccurrence,
  splitSeries,
  weeklySeries,
  type Occurrence,
  type Series,
  type WeeklySeriesForm,
} from '../../../src-shared/scheduling/recurrence';
import { expectSchedulingError } from './support';

const newYork = clinicTimeZone('America/New_York');
const berlin = clinicTimeZone('Europe/Berlin');

const weekly = (overrides: Partial<WeeklySeriesForm> = {}): WeeklySeriesForm => ({
  startDate: '2026-03-02',
  time: '09:00',
  weekdays: ['mon', 'wed'],
  end: { count: 6 },
  ...overrides,
});

const local = (occurrences: readonly Occurrence[]) => occurrences.map((o) => `${o.date} ${o.time}${o.moved ? ' moved' : ''}`);
const utcStarts = (occurrences: readonly Occurrence[]) => occurrences.map((o) => new Date(o.start).toISOString());

describe('weekly series from the booking form', () => {
  it('writes an RFC 5545 rule and expands to the chosen weekdays', () => {
    const series = weeklySeries(newYork, weekly());
    expect(series).toEqual({ start: { date: '2026-03-02', time: '09:00' }, rule: 'FREQ=WEEKLY;INTERVAL=1;BYDAY=MO,WE;WKST=MO;COUNT=6', exceptions: [] });
    expect(local(expandSeries(newYork, series))).toEqual([
      '2026-03-02 09:00',
      '2026-03-04 09:00',
      '2026-03-09 09:00',
      '2026-03-11 09:00',
      '2026-03-16 09:00',
      '2026-03-18 09:00',
    ]);
  });

  it('starts on the first chosen weekday on or after the start date, and repeats every N weeks', () => {
    const series = weeklySeries(newYork, weekly({ startDate: '2026-03-03', weekdays: ['mon', 'thu'], everyWeeks: 2, end: { count: 4 } }));
    expect(series.start.date).toBe('2026-03-05');
    expect(local(expandSeries(newYork, series))).toEqual(['2026-03-05 09:00', '2026-03-16 09:00', '2026-03-19 09:00', '2026-03-30 09:00']);
  });

  it('ends on an end date, that date included, stored as a UTC instant', () => {
    const series = weeklySeries(newYork, weekly({ weekdays: ['mon'], end: { until: '2026-03-30' } }));
    expect(series.rule).toBe('FREQ=WEEKLY;INTERVAL=1;BYDAY=MO;WKST=MO;UNTIL=20260331T035959Z');
    expect(local(expandSeries(newYork, series)).at(-1)).toBe('2026-03-30 09:00');
    expect(expandSeries(newYork, series)).toHaveLength(5);
    const lateInBerlin = weeklySeries(berlin, weekly({ weekdays: ['mon'], time: '23:30', end: { until: '2026-03-16' } }));
    expect(lateInBerlin.rule).toContain('UNTIL=20260316T225959Z');
    expect(local(expandSeries(berlin, lateInBerlin))).toEqual(['2026-03-02 23:30', '2026-03-09 23:30', '2026-03-16 23:30']);
  });

  it('keeps a weekly 09:00 at 09:00 local across both clock changes (New York) and in Berlin', () => {
    const spring = expandSeries(newYork, weeklySeries(newYork, weekly({ startDate: '2026-02-23', weekdays: ['mon'], end: { count: 3 } })));
    expect(local(spring)).toEqual(['2026-02-23 09:00', '2026-03-02 09:00', '2026-03-09 09:00']);
    expect(utcStarts(spring)).toEqual(['2026-02-23T14:00:00.000Z', '2026-03-02T14:00:00.000Z', '2026-03-09T13:00:00.000Z']);
    const fall = expandSeries(newYork, weeklySeries(newYork, weekly({ startDate: '2026-10-25', weekdays: ['sun'], end: { count: 2 } })));
    expect(utcStarts(fall)).toEqual(['2026-10-25T13:00:00.000Z', '2026-11-01T14:00:00.000Z']);
    const inBerlin = expandSeries(berlin, weeklySeries(berlin, weekly({ startDate: '2026-03-23', weekdays: ['mon'], end: { count: 2 } })));
    expect(utcStarts(inBerlin)).toEqual(['2026-03-23T08:00:00.000Z', '2026-03-30T07:00:00.000Z']);
  });

  it('does the same whatever time zone the computer itself is in', () => {
    const machineZone = process.env.TZ;
    try {
      for (const [zone, januaryOffset] of [['Pacific/Auckland', -780], ['America/Los_Angeles', 480], ['Asia/Kolkata', -330], ['UTC', 0]] as const) {
        process.env.TZ = zone;
        expect(new Date(Date.UTC(2026, 0, 1)).getTimezoneOffset()).toBe(januaryOffset);
        const series = weeklySeries(newYork, weekly({ startDate: '2026-03-06', weekdays: ['fri', 'mon'], end: { until: '2026-03-09' } }));
        expect(utcStarts(expandSeries(newYork, series))).toEqual(['2026-03-06T14:00:00.000Z', '2026-03-09T13:00:00.000Z']);
      }
    } finally {
      if (machineZone === undefined) delete process.env.TZ;
      else process.env.TZ = machineZone;
    }
  });

  it('flags an occurrence whose time the clocks skip, placing it after the gap (RFC 5545)', () => {
    const nightly: Series = { start: { date: '2026-03-07', time: '02:30' }, rule: 'FREQ=DAILY;COUNT=3', exceptions: [] };
    const occurrences = expandSeries(newYork, nightly);
    expect(occurrences.map((o) => o.nonexistentLocalTime)).toEqual([false, true, false]);
    expect(newYork.toLocal(occurrences[1]!.start).time).toBe('03:30');
  });
});

describe('series that never end, or cannot be read', () => {
  it('are refused with a specific error', () => {
    expectSchedulingError(
      () => weeklySeries(newYork, weekly({ end: {} as { count: number } })),
      'unbounded_recurrence',
      'A repeating appointment needs an end: choose an end date or a number of visits.',
    );
    const forever: Series = { start: { date: '2026-03-02', time: '09:00' }, rule: 'FREQ=WEEKLY;BYDAY=MO', exceptions: [] };
    expectSchedulingError(() => expandSeries(newYork, forever), 'unbounded_recurrence');
    expectSchedulingError(() => checkSeries(newYork, forever), 'unbounded_recurrence');
  });

  it('refuse rules that are unreadable, sub-daily, or carry their own start or times', () => {
    const withRule = (rule: string): Series => ({ start: { date: '2026-03-02', time: '09:00' }, rule, exceptions: [] });
    for (const rule of ['every monday', '', 'FREQ=WEEKLY;COUNT=abc', 'FREQ=WEEKLY;COUNT=0', 'FREQ=WEEKLY;INTERVAL=0;COUNT=3', 'FOO=1;COUNT=2']) {
      expectSchedulingError(() => checkSeries(newYork, withRule(rule)), 'invalid_recurrence');
    }
    expectSchedulingError(() => checkSeries(newYork, withRule('FREQ=HOURLY;COUNT=3')), 'invalid_recurrence', 'A series repeats daily, weekly, monthly or yearly.');
    expectSchedulingError(() => checkSeries(newYork, withRule('FREQ=DAILY;BYHOUR=9,15;COUNT=3')), 'invalid_recurrence');
    expectSchedulingError(() => checkSeries(newYork, withRule('FREQ=BOGUS;COUNT=3')), 'invalid_recurrence');
  });

  it('refuse more than the maximum number of visits, and a series with none', () => {
    expect(() => weeklySeries(newYork, weekly({ weekdays: ['mon'], end: { count: MAX_OCCURRENCES } }))).not.toThrow();
    expectSchedulingError(() => weeklySeries(newYork, weekly({ weekdays: ['mon'], end: { count: MAX_OCCURRENCES + 1 } })), 'invalid_recurrence', /at most 500/);
    expectSchedulingError(
      () => weeklySeries(newYork, weekly({ weekdays: ['mon', 'tue', 'wed', 'thu', 'fri'], end: { until: '2028-12-31' } })),
      'invalid_recurrence',
      /at most 500/,
    );
    expectSchedulingError(() => weeklySeries(newYork, weekly({ end: { until: '2026-02-01' } })), 'invalid_recurrence');
  });

  it('refuse bad form values', () => {
    expectSchedulingError(() => weeklySeries(newYork, weekly({ weekdays: [] })), 'invalid_recurrence');
    expectSchedulingError(() => weeklySeries(newYork, weekly({ weekdays: ['someday' as 'mon'] })), 'invalid_recurrence');
    expectSchedulingError(() => weeklySeries(newYork, weekly({ everyWeeks: 0 })), 'invalid_recurrence');
    expectSchedulingError(() => weeklySeries(newYork, weekly({ everyWeeks: 1.5 })), 'invalid_recurrence');
    expectSchedulingError(() => weeklySeries(newYork, weekly({ startDate: '2026-02-30' })), 'invalid_date');
    expectSchedulingError(() => weeklySeries(newYork, weekly({ time: '9am' })), 'invalid_time');
    expectSchedulingError(() => weeklySeries(newYork, weekly({ end: { until: 'June' } })), 'invalid_date');
  });

  it('refuse a start that is not an occurrence of the rule', () => {
    const offRule: Series = { start: { date: '2026-03-03', time: '09:00' }, rule: 'FREQ=WEEKLY;BYDAY=MO;COUNT=3', exceptions: [] };
    expectSchedulingError(() => checkSeries(newYork, offRule), 'invalid_recurrence', /first visit must fall on one of the days/);
  });

  it('read rules from elsewhere: a date-only UNTIL includes that day', () => {
    const imported: Series = { start: { date: '2026-03-02', time: '09:00' }, rule: 'RRULE:FREQ=WEEKLY;BYDAY=MO;UNTIL=20260316', exceptions: [] };
    expect(local(expandSeries(newYork, imported))).toEqual(['2026-03-02 09:00', '2026-03-09 09:00', '2026-03-16 09:00']);
  });
});

describe('expanding in a window', () => {
  const series = weeklySeries(newYork, weekly({ end: { count: 10 } }));

  it('gives the occurrences starting inside [start, end)', () => {
    const window = { start: newYork.toEpochMs('2026-03-04', '09:00'), end: newYork.toEpochMs('2026-03-11', '09:00') };
    expect(local(expandSeries(newYork, series, window))).toEqual(['2026-03-04 09:00', '2026-03-09 09:00']);
    expect(expandSeries(newYork, series, { start: Date.parse('2027-01-01T00:00:00Z'), end: Date.parse('2027-02-01T00:00:00Z') })).toEqual([]);
  });
});

describe('editing one occurrence', () => {
  const series = weeklySeries(newYork, weekly());

  it('skips one (EXDATE) without touching the others', () => {
    const skipped = skipOccurrence(newYork, series, '2026-03-09');
    expect(skipped.exceptions).toEqual([{ originalDate: '2026-03-09', kind: 'skipped' }]);
    expect(local(expandSeries(newYork, skipped))).toEqual(['2026-03-02 09:00', '2026-03-04 09:00', '2026-03-11 09:00', '2026-03-16 09:00', '2026-03-18 09:00']);
  });

  it('moves one to another date and time, in time order, and can move it back', () => {
    const moved = moveOccurrence(newYork, series, '2026-03-09', { date: '2026-03-10', time: '14:30' });
    expect(local(expandSeries(newYork, moved))).toEqual([
      '2026-03-02 09:00',
      '2026-03-04 09:00',
      '2026-03-10 14:30 moved',
      '2026-03-11 09:00',
      '2026-03-16 09:00',
      '2026-03-18 09:00',
    ]);
    const window = { start: newYork.toEpochMs('2026-03-10', '00:00'), end: newYork.toEpochMs('2026-03-11', '00:00') };
    expect(expandSeries(newYork, moved, window).map((o) => o.originalDate)).toEqual(['2026-03-09']);
    const back = moveOccurrence(newYork, moved, '2026-03-09', { date: '2026-03-09', time: '09:00' });
    expect(back.exceptions).toEqual([]);
  });

  it('refuses dates that are not occurrences, and a move into the spring-forward gap', () => {
    expectSchedulingError(() => skipOccurrence(newYork, series, '2026-03-03'), 'not_an_occurrence', 'The series has no visit on 2026-03-03.');
    expectSchedulingError(() => moveOccurrence(newYork, series, '2026-03-25', { date: '2026-03-26', time: '09:00' }), 'not_an_occurrence');
    expectSchedulingError(() => moveOccurrence(newYork, series, '2026-03-04', { date: '2026-03-08', time: '02:30' }), 'nonexistent_local_time');
    expectSchedulingError(() => skipOccurrence(newYork, series, 'next week'), 'invalid_date');
  });
});

describe('this and following', () => {
  it('splits a counted series so the two parts hold exactly the original visits', () => {
    const series = skipOccurrence(newYork, moveOccurrence(newYork, weeklySeries(newYork, weekly()), '2026-03-02', { date: '2026-03-03', time: '10:00' }), '2026-03-16');
    const { before, after } = splitSeries(newYork, series, '2026-03-09');
    expect(before!.rule).toBe('FREQ=WEEKLY;INTERVAL=1;BYDAY=MO,WE;WKST=MO;COUNT=2');
    expect(after).toEqual({
      start: { date: '2026-03-09', time: '09:00' },
      rule: 'FREQ=WEEKLY;INTERVAL=1;BYDAY=MO,WE;WKST=MO;COUNT=4',
      exceptions: [{ originalDate: '2026-03-16', kind: 'skipped' }],
    });
    expect(before!.exceptions).toEqual([{ originalDate: '2026-03-02', kind: 'moved', date: '2026-03-03', time: '10:00' }]);
    expect([...local(expandSeries(newYork, before!)), ...local(expandSeries(newYork, after))]).toEqual(local(expandSeries(newYork, series)));
  });

  it('splits a series with an end date, the first part ending the day before', () => {
    const series = weeklySeries(newYork, weekly({ everyWeeks: 2, end: { until: '2026-04-30' } }));
    const { before, after } = splitSeries(newYork, series, '2026-03-18');
    expect(before!.rule).toContain('UNTIL=20260318T035959Z');
    expect(after.rule).toBe(series.rule);
    expect([...local(expandSeries(newYork, before!)), ...local(expandSeries(newYork, after))]).toEqual(local(expandSeries(newYork, series)));
    expect(local(expandSeries(newYork, after))[0]).toBe('2026-03-18 09:00');
  });

  it('leaves nothing before when split at the first visit, and refuses a date that is not a visit', () => {
    const series = weeklySeries(newYork, weekly());
    expect(splitSeries(newYork, series, '2026-03-02')).toEqual({ before: null, after: series });
    expectSchedulingError(() => splitSeries(newYork, series, '2026-03-05'), 'not_an_occurrence');
  });
});
