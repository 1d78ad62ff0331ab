/**
 * The booking dialog's repeat, checked and previewed in the browser with the same recurrence core
 * the service books with (src-shared/scheduling/recurrence.ts), so the dates shown are the dates
 * booked.
 */
import { clinicTimeZone, parseLocalTime, type LocalDate, type Weekday } from '../../../src-shared/scheduling/clinic-time';
import { SchedulingError } from '../../../src-shared/scheduling/errors';
import { expandSeries, MAX_OCCURRENCES, weeklySeries, type Occurrence } from '../../../src-shared/scheduling/recurrence';
import { isIsoDate } from '../../../src-shared/validation/dates';

/** The repeat part of the booking form, as typed. */
export interface RepeatValues {
  repeat: boolean;
  weekdays: Weekday[];
  everyWeeks: string;
  /** How the visits end: on a date, after a number of visits, or not chosen yet. */
  ends: '' | 'until' | 'count';
  until: string;
  count: string;
}
export const REPEAT_FIELDS = ['weekdays', 'everyWeeks', 'ends', 'until', 'count'] as const;
type RepeatField = (typeof REPEAT_FIELDS)[number];

export type RepeatEnd = { until: LocalDate } | { count: number };
export type RepeatCheck = { ok: true; weekdays: Weekday[]; everyWeeks: number; end: RepeatEnd } | { ok: false; field: RepeatField; message: string };

const wholeNumber = (text: string): number | null => (/^\s*\d+\s*$/.test(text) ? Number(text) : null);

/** The repeat as `appointments.bookSeries` takes it, or the first field to correct. */
export function checkRepeat(values: RepeatValues, startDate: LocalDate): RepeatCheck {
  const refuse = (field: RepeatField, message: string): RepeatCheck => ({ ok: false, field, message });
  if (values.weekdays.length === 0) return refuse('weekdays', 'Choose the days of the week');
  const everyWeeks = wholeNumber(values.everyWeeks);
  if (everyWeeks === null || everyWeeks < 1 || everyWeeks > 52) return refuse('everyWeeks', 'Every 1 to 52 weeks');
  if (values.ends === 'until') {
    if (!isIsoDate(values.until)) return refuse('until', 'Enter the date of the last visit');
    if (values.until < startDate) return refuse('until', 'The end is before the first visit');
    return { ok: true, weekdays: values.weekdays, everyWeeks, end: { until: values.until } };
  }
  if (values.ends === 'count') {
    const count = wholeNumber(values.count);
    if (count === null || count < 1 || count > MAX_OCCURRENCES) return refuse('count', `Between 1 and ${MAX_OCCURRENCES} visits`);
    return { ok: true, weekdays: values.weekdays, everyWeeks, end: { count } };
  }
  return refuse('ends', 'A repeat needs an end: choose an end date or a number of visits');
}

export const INCOMPLETE_REPEAT = 'The visits show here once the days and an end are chosen.';

export type VisitPreview = { ok: true; visits: Occurrence[] } | { ok: false; message: string };

/** The visits a repeat would book from `startDate` at `time`, in the clinic's zone; or why there are none yet. */
export function previewVisits(timeZone: string, startDate: LocalDate, time: string, values: RepeatValues): VisitPreview {
  const repeat = checkRepeat(values, startDate);
  // What is missing is said beside its field once the form is sent; here, only that the dates follow.
  if (!repeat.ok) return { ok: false, message: INCOMPLETE_REPEAT };
  try {
    parseLocalTime(time);
    const zone = clinicTimeZone(timeZone);
    const series = weeklySeries(zone, { startDate, time, weekdays: repeat.weekdays, everyWeeks: repeat.everyWeeks, end: repeat.end });
    return { ok: true, visits: expandSeries(zone, series) };
  } catch (error) {
    if (error instanceof SchedulingError) return { ok: false, message: error.message };
    throw error;
  }
}
