import { describe, expect, it } from 'vitest';
import {
  allowsType,
  availabilityForDates,
  validateSchedule,
  type AvailableInterval,
  type DayTemplate,
  type ProviderSchedule,
} from '../../../src-shared/scheduling/availability';
import { clinicTimeZone, type ClinicTimeZone } from '../../../src-shared/scheduling/clinic-time';
import { expectSchedulingError, localText } from './support';

const newYork = clinicTimeZone('America/New_York');
const berlin = clinicTimeZone('Europe/Berlin');
const HOUR = 3_600_000;

const nineToFive: DayTemplate = { hours: [{ from: '09:00', to: '17:00' }], breaks: [{ from: '12:00', to: '13:00' }] };
const weekdays = { mon: nineToFive, tue: nineToFive, wed: nineToFive, thu: nineToFive, fri: nineToFive };
const straight: DayTemplate = { hours: [{ from: '09:00', to: '17:00' }] };
const everyDayNineToFive = { mon: straight, tue: straight, wed: straight, thu: straight, fri: straight, sat: straight, sun: straight };

/** Intervals as local text with their allowed types: what the tests compare against. */
function described(zone: ClinicTimeZone, intervals: readonly AvailableInterval[]): string[] {
  return intervals.map((interval) => {
    const types = interval.allowedTypeIds === 'any' ? 'any' : interval.allowedTypeIds.join('+');
    return `${localText(zone, interval)} ${types}`;
  });
}

describe('weekly templates', () => {
  it('give working hours minus breaks on the template’s weekdays only', () => {
    const schedule: ProviderSchedule = { templates: [{ days: weekdays }] };
    expect(described(newYork, availabilityForDates(newYork, schedule, '2026-01-16', '2026-01-19'))).toEqual([
      '2026-01-16 09:00–12:00 any',
      '2026-01-16 13:00–17:00 any',
      '2026-01-19 09:00–12:00 any',
      '2026-01-19 13:00–17:00 any',
    ]);
  });

  it('keep 09:00–17:00 local across spring forward and fall back in New York (the UTC instants move)', () => {
    const schedule: ProviderSchedule = { templates: [{ days: everyDayNineToFive }] };
    for (const [before, transition, after] of [
      ['2026-03-07', '2026-03-08', '2026-03-09'],
      ['2026-10-31', '2026-11-01', '2026-11-02'],
    ] as const) {
      const intervals = availabilityForDates(newYork, schedule, before, after);
      expect(described(newYork, intervals)).toEqual([
        `${before} 09:00–17:00 any`,
        `${transition} 09:00–17:00 any`,
        `${after} 09:00–17:00 any`,
      ]);
      for (const interval of intervals) expect(interval.end - interval.start).toBe(8 * HOUR);
    }
    const [saturday, sunday] = availabilityForDates(newYork, schedule, '2026-03-07', '2026-03-08');
    expect(new Date(saturday!.start).toISOString()).toBe('2026-03-07T14:00:00.000Z');
    expect(new Date(sunday!.start).toISOString()).toBe('2026-03-08T13:00:00.000Z');
    const [, fallSunday] = availabilityForDates(newYork, schedule, '2026-10-31', '2026-11-01');
    expect(new Date(fallSunday!.start).toISOString()).toBe('2026-11-01T14:00:00.000Z');
  });

  it('keep 09:00–17:00 local across spring forward in Berlin', () => {
    const schedule: ProviderSchedule = { templates: [{ days: everyDayNineToFive }] };
    const intervals = availabilityForDates(berlin, schedule, '2026-03-28', '2026-03-30');
    expect(described(berlin, intervals)).toEqual(['2026-03-28 09:00–17:00 any', '2026-03-29 09:00–17:00 any', '2026-03-30 09:00–17:00 any']);
    expect(intervals.map((interval) => new Date(interval.start).toISOString())).toEqual([
      '2026-03-28T08:00:00.000Z',
      '2026-03-29T07:00:00.000Z',
      '2026-03-30T07:00:00.000Z',
    ]);
  });

  it('cover a whole transition day as 23 or 25 hours, and an interval across the gap as its real length', () => {
    const allDay: ProviderSchedule = { templates: [{ days: { sun: { hours: [{ from: '00:00', to: '24:00' }] } } }] };
    const [spring] = availabilityForDates(newYork, allDay, '2026-03-08', '2026-03-08');
    const [fall] = availabilityForDates(newYork, allDay, '2026-11-01', '2026-11-01');
    expect((spring!.end - spring!.start) / HOUR).toBe(23);
    expect((fall!.end - fall!.start) / HOUR).toBe(25);
    const acrossGap: ProviderSchedule = { templates: [{ days: { sun: { hours: [{ from: '01:00', to: '04:00' }] } } }] };
    const [night] = availabilityForDates(newYork, acrossGap, '2026-03-08', '2026-03-08');
    expect((night!.end - night!.start) / HOUR).toBe(2);
    const insideGap: ProviderSchedule = { templates: [{ days: { sun: { hours: [{ from: '02:10', to: '02:50' }] } } }] };
    expect(availabilityForDates(newYork, insideGap, '2026-03-08', '2026-03-08')).toEqual([]);
  });

  it('tag reserved blocks with their appointment types and leave the rest open to any type', () => {
    const day: DayTemplate = {
      hours: [{ from: '08:00', to: '17:00' }],
      breaks: [{ from: '12:00', to: '13:00' }],
      reserved: [
        { from: '14:00', to: '16:00', appointmentTypeIds: ['procedure', 'x-ray'] },
        { from: '07:00', to: '09:00', appointmentTypeIds: ['fasting-labs'] },
      ],
    };
    const intervals = availabilityForDates(newYork, { templates: [{ days: { mon: day } }] }, '2026-03-09', '2026-03-09');
    expect(described(newYork, intervals)).toEqual([
      '2026-03-09 08:00–09:00 fasting-labs',
      '2026-03-09 09:00–12:00 any',
      '2026-03-09 13:00–14:00 any',
      '2026-03-09 14:00–16:00 procedure+x-ray',
      '2026-03-09 16:00–17:00 any',
    ]);
    expect(allowsType(intervals[3]!, 'procedure')).toBe(true);
    expect(allowsType(intervals[3]!, 'follow-up')).toBe(false);
    expect(allowsType(intervals[1]!, 'follow-up')).toBe(true);
  });

  it('switch to a newer template (which replaces the whole week) from its effective date, and stop at an effective end', () => {
    const schedule: ProviderSchedule = {
      templates: [
        { days: { mon: nineToFive, tue: nineToFive } },
        { effectiveFrom: '2026-03-10', days: { tue: { hours: [{ from: '07:00', to: '11:00' }] } } },
        { effectiveFrom: '2026-03-16', effectiveUntil: '2026-03-16', days: { mon: { hours: [{ from: '10:00', to: '11:00' }] } } },
      ],
    };
    expect(described(newYork, availabilityForDates(newYork, schedule, '2026-03-09', '2026-03-24'))).toEqual([
      '2026-03-09 09:00–12:00 any',
      '2026-03-09 13:00–17:00 any',
      '2026-03-10 07:00–11:00 any',
      '2026-03-16 10:00–11:00 any',
      '2026-03-17 07:00–11:00 any',
      '2026-03-24 07:00–11:00 any',
    ]);
  });

  it('give nothing for an empty schedule or a day without a template', () => {
    expect(availabilityForDates(newYork, { templates: [] }, '2026-03-09', '2026-03-15')).toEqual([]);
    expect(availabilityForDates(newYork, { templates: [{ days: weekdays }] }, '2026-03-14', '2026-03-15')).toEqual([]);
  });
});

describe('exceptions', () => {
  const schedule = (exceptions: ProviderSchedule['exceptions']): ProviderSchedule => ({ templates: [{ days: weekdays }], exceptions });

  it('close a whole day (holiday, sick day)', () => {
    const intervals = availabilityForDates(newYork, schedule([{ kind: 'closed_day', date: '2026-03-10' }]), '2026-03-09', '2026-03-11');
    expect(described(newYork, intervals).map((text) => text.slice(0, 10))).toEqual(['2026-03-09', '2026-03-09', '2026-03-11', '2026-03-11']);
  });

  it('close part of a day', () => {
    const intervals = availabilityForDates(newYork, schedule([{ kind: 'closed', date: '2026-03-10', from: '10:00', to: '14:30' }]), '2026-03-10', '2026-03-10');
    expect(described(newYork, intervals)).toEqual(['2026-03-10 09:00–10:00 any', '2026-03-10 14:30–17:00 any']);
  });

  it('add an extra session, on a day off or over regular hours, optionally for some types only', () => {
    const intervals = availabilityForDates(
      newYork,
      schedule([
        { kind: 'extra', date: '2026-03-14', from: '09:00', to: '12:00' },
        { kind: 'extra', date: '2026-03-10', from: '11:00', to: '14:00', appointmentTypeIds: ['vaccination'] },
      ]),
      '2026-03-10',
      '2026-03-14',
    ).filter((interval) => ['2026-03-10', '2026-03-14'].includes(newYork.dateOf(interval.start)));
    expect(described(newYork, intervals)).toEqual([
      '2026-03-10 09:00–11:00 any',
      '2026-03-10 11:00–14:00 vaccination',
      '2026-03-10 14:00–17:00 any',
      '2026-03-14 09:00–12:00 any',
    ]);
  });

  it('apply in order: a closed day drops the template, extras are added, closed intervals are cut last', () => {
    const intervals = availabilityForDates(
      newYork,
      schedule([
        { kind: 'closed_day', date: '2026-03-10' },
        { kind: 'extra', date: '2026-03-10', from: '18:00', to: '20:00' },
        { kind: 'closed', date: '2026-03-10', from: '19:00', to: '19:30' },
      ]),
      '2026-03-10',
      '2026-03-10',
    );
    expect(described(newYork, intervals)).toEqual(['2026-03-10 18:00–19:00 any', '2026-03-10 19:30–20:00 any']);
  });
});

describe('bad templates and exceptions', () => {
  const withMonday = (day: DayTemplate): ProviderSchedule => ({ templates: [{ days: { mon: day } }] });

  it('name the day and part at fault', () => {
    expectSchedulingError(
      () => validateSchedule(withMonday({ hours: [{ from: '17:00', to: '09:00' }] })),
      'invalid_range',
      'Template, Mondays, working hours: 17:00–09:00 ends before it starts.',
    );
    expectSchedulingError(() => validateSchedule(withMonday({ hours: [{ from: '9am', to: '17:00' }] })), 'invalid_time', /^Template, Mondays, working hours: Not a time/);
    expectSchedulingError(
      () => validateSchedule(withMonday({ hours: [{ from: '09:00', to: '17:00' }], breaks: [{ from: '12:00', to: '12:00' }] })),
      'invalid_range',
      /Mondays, break/,
    );
    expectSchedulingError(
      () =>
        validateSchedule(
          withMonday({
            hours: [{ from: '09:00', to: '17:00' }],
            reserved: [
              { from: '10:00', to: '11:00', appointmentTypeIds: ['a'] },
              { from: '10:30', to: '12:00', appointmentTypeIds: ['b'] },
            ],
          }),
        ),
      'invalid_range',
      'Template, Mondays: two reserved blocks overlap.',
    );
    expectSchedulingError(
      () => validateSchedule(withMonday({ hours: [{ from: '09:00', to: '17:00' }], reserved: [{ from: '10:00', to: '11:00', appointmentTypeIds: [] }] })),
      'invalid_option',
    );
  });

  it('refuse template date ranges that make no sense', () => {
    expectSchedulingError(
      () => validateSchedule({ templates: [{ effectiveFrom: '2026-03-10', effectiveUntil: '2026-03-01', days: {} }] }),
      'invalid_range',
    );
    expectSchedulingError(
      () => validateSchedule({ templates: [{ effectiveFrom: '2026-03-10', days: {} }, { effectiveFrom: '2026-03-10', days: {} }] }),
      'invalid_option',
    );
    expectSchedulingError(() => validateSchedule({ templates: [{ effectiveFrom: '2026-02-30', days: {} }] }), 'invalid_date', /^Template: /);
  });

  it('refuse exceptions with a bad date or range', () => {
    expectSchedulingError(() => validateSchedule({ templates: [], exceptions: [{ kind: 'closed_day', date: '03/10/2026' }] }), 'invalid_date');
    expectSchedulingError(
      () => validateSchedule({ templates: [], exceptions: [{ kind: 'closed', date: '2026-03-10', from: '14:00', to: '10:00' }] }),
      'invalid_range',
      'Exception on 2026-03-10: 14:00–10:00 ends before it starts.',
    );
  });

  it('refuse a date range that ends before it starts', () => {
    expectSchedulingError(() => availabilityForDates(newYork, { templates: [] }, '2026-03-10', '2026-03-09'), 'invalid_range');
    expectSchedulingError(() => availabilityForDates(newYork, { templates: [] }, 'soon', '2026-03-09'), 'invalid_date');
  });
});
