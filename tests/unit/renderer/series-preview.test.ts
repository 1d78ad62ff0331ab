import { describe, expect, it } from 'vitest';
import { checkRepeat, previewVisits, type RepeatValues } from '../../../src-renderer/features/schedule/series-preview';

/** Tuesdays from 2026-03-10, as the booking form starts them (no end chosen yet). */
const form = (values: Partial<RepeatValues> = {}): RepeatValues => ({ repeat: true, weekdays: ['tue'], everyWeeks: '1', ends: '', until: '', count: '', ...values });
const dates = (values: Partial<RepeatValues>, time = '10:00', start = '2026-03-10') => {
  const preview = previewVisits('America/New_York', start, time, form(values));
  return preview.ok ? preview.visits.map((visit) => `${visit.date} ${visit.time}`) : preview.message;
};

describe('the booking form’s repeat', () => {
  it('needs an end, days of the week and a whole number of weeks, each named by its field', () => {
    expect(checkRepeat(form(), '2026-03-10')).toEqual({ ok: false, field: 'ends', message: 'A repeat needs an end: choose an end date or a number of visits' });
    expect(checkRepeat(form({ weekdays: [], ends: 'count', count: '4' }), '2026-03-10')).toMatchObject({ ok: false, field: 'weekdays' });
    expect(checkRepeat(form({ everyWeeks: '1.5', ends: 'count', count: '4' }), '2026-03-10')).toMatchObject({ ok: false, field: 'everyWeeks' });
    expect(checkRepeat(form({ everyWeeks: '53', ends: 'count', count: '4' }), '2026-03-10')).toMatchObject({ ok: false, field: 'everyWeeks' });
    expect(checkRepeat(form({ ends: 'count', count: '' }), '2026-03-10')).toMatchObject({ ok: false, field: 'count' });
    expect(checkRepeat(form({ ends: 'count', count: '501' }), '2026-03-10')).toMatchObject({ ok: false, field: 'count', message: 'Between 1 and 500 visits' });
    expect(checkRepeat(form({ ends: 'until', until: '2026-02-30' }), '2026-03-10')).toMatchObject({ ok: false, field: 'until' });
    expect(checkRepeat(form({ ends: 'until', until: '2026-03-09' }), '2026-03-10')).toEqual({ ok: false, field: 'until', message: 'The end is before the first visit' });
  });

  it('gives bookSeries its input: the days, every how many weeks, and one end', () => {
    expect(checkRepeat(form({ weekdays: ['tue', 'thu'], everyWeeks: '2', ends: 'count', count: '6', until: '2026-05-01' }), '2026-03-10')).toEqual({
      ok: true,
      weekdays: ['tue', 'thu'],
      everyWeeks: 2,
      end: { count: 6 },
    });
    expect(checkRepeat(form({ ends: 'until', until: '2026-04-01', count: '3' }), '2026-03-10')).toEqual({ ok: true, weekdays: ['tue'], everyWeeks: 1, end: { until: '2026-04-01' } });
  });

  it('previews the dates the service books, at the same wall-clock time across the clock change', () => {
    expect(dates({ ends: 'count', count: '3' })).toEqual(['2026-03-10 10:00', '2026-03-17 10:00', '2026-03-24 10:00']);
    // Every other week (weeks start on Monday): the week of Mar 2, then the week of Mar 16 (after the clocks changed on Mar 8).
    expect(dates({ weekdays: ['mon', 'thu'], everyWeeks: '2', ends: 'until', until: '2026-03-26' }, '09:30', '2026-03-04')).toEqual([
      '2026-03-05 09:30',
      '2026-03-16 09:30',
      '2026-03-19 09:30',
    ]);
    expect(dates({ ends: '' })).toBe('The visits show here once the days and an end are chosen.');
    expect(dates({ ends: 'count', count: '3' }, 'not a time')).toMatch(/^Not a time/);
  });

  it('marks a visit whose time the clocks skip (spring forward)', () => {
    const preview = previewVisits('America/New_York', '2026-03-01', '02:30', form({ weekdays: ['sun'], ends: 'count', count: '2' }));
    expect(preview.ok && preview.visits.map((visit) => [visit.date, visit.nonexistentLocalTime])).toEqual([
      ['2026-03-01', false],
      ['2026-03-08', true],
    ]);
  });
});
