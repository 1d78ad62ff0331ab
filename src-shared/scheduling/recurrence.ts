/**
 * Recurring series (weekly physio …) as RFC 5545 rules, expanded with the `rrule` library.
 *
 * The rule is evaluated on "floating" wall-clock dates (local date and time written as if UTC),
 * so rrule does calendar arithmetic only; each occurrence's local date and time is then placed in
 * the clinic's zone. A weekly 09:00 therefore stays 09:00 local across clock changes.
 *
 * A series is a start (local date + time), an RRULE value and per-date exceptions (skipped or
 * moved occurrences, keyed by the date the rule gives them). Every series must end: a rule
 * without COUNT or UNTIL is refused, and no series may hold more than MAX_OCCURRENCES visits.
 */
import * as rruleModule from 'rrule';
import type { Options } from 'rrule';
import {
  DAY_MS,
  MINUTE_MS,
  dateOfDayNumber,
  dayNumber,
  formatLocalTime,
  parseLocalDate,
  parseLocalTime,
  weekdayOfDayNumber,
  type ClinicTimeZone,
  type EpochMs,
  type LocalDate,
  type LocalTime,
  type Weekday,
} from './clinic-time';
import { SchedulingError } from './errors';
import type { Interval } from './intervals';

/**
 * rrule ships a CommonJS bundle plus a non-standard "module" field: bundlers (Vite, esbuild) expose
 * its exports directly, Node's ESM loader (tsx, vitest) only under `default` (read with
 * Reflect.get so bundlers do not warn about a missing default export).
 */
const { RRule } = 'RRule' in rruleModule ? rruleModule : (Reflect.get(rruleModule, 'default') as typeof rruleModule);
type Rule = InstanceType<typeof RRule>;

export const MAX_OCCURRENCES = 500;

export type SeriesException =
  | { readonly originalDate: LocalDate; readonly kind: 'skipped' }
  | { readonly originalDate: LocalDate; readonly kind: 'moved'; readonly date: LocalDate; readonly time: LocalTime };

export interface Series {
  /** The first occurrence in clinic local time (RFC 5545 `DTSTART;TZID=<clinic zone>`). */
  readonly start: { readonly date: LocalDate; readonly time: LocalTime };
  /** An RRULE value, e.g. `FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH;WKST=MO;COUNT=10`; UNTIL is a UTC instant. */
  readonly rule: string;
  readonly exceptions: readonly SeriesException[];
}

/** What a receptionist fills in: weekly on some days, every N weeks, until a date or N visits. */
export interface WeeklySeriesForm {
  readonly startDate: LocalDate;
  readonly time: LocalTime;
  readonly weekdays: readonly Weekday[];
  readonly everyWeeks?: number;
  readonly end: { readonly until: LocalDate } | { readonly count: number };
}

export interface Occurrence {
  /** The date the rule gives this occurrence: its identity for exceptions and splits. */
  readonly originalDate: LocalDate;
  readonly date: LocalDate;
  readonly time: LocalTime;
  readonly start: EpochMs;
  readonly moved: boolean;
  /** The time falls in a spring-forward gap; `start` is moved forward by the gap (RFC 5545). */
  readonly nonexistentLocalTime: boolean;
}

const RULE_WEEKDAYS: Record<Weekday, number> = { mon: 0, tue: 1, wed: 2, thu: 3, fri: 4, sat: 5, sun: 6 };
const DAILY_OR_LONGER = new Set<number>([RRule.YEARLY, RRule.MONTHLY, RRule.WEEKLY, RRule.DAILY]);
const RULE_TEXT = /^(RRULE:)?[A-Z]+=[A-Za-z0-9,+-]+(;[A-Z]+=[A-Za-z0-9,+-]+)*$/;
const UTC_UNTIL = /UNTIL=\d{8}T\d{6}Z/;
const DATE_UNTIL = /UNTIL=\d{8}(;|$)/;
const NO_END_MESSAGE = 'A repeating appointment needs an end: choose an end date or a number of visits.';

/** A weekly series from the booking form; the first visit is the first chosen weekday on or after the start date. */
export function weeklySeries(zone: ClinicTimeZone, form: WeeklySeriesForm): Series {
  const everyWeeks = form.everyWeeks ?? 1;
  if (!Number.isInteger(everyWeeks) || everyWeeks < 1 || everyWeeks > 52) {
    throw new SchedulingError('invalid_recurrence', 'Repeat every 1 to 52 weeks.', { everyWeeks });
  }
  if (!form.weekdays?.length || form.weekdays.some((day) => !Object.hasOwn(RULE_WEEKDAYS, day))) {
    throw new SchedulingError('invalid_recurrence', 'Choose the days of the week the visits repeat on.');
  }
  parseLocalTime(form.time);
  const days = new Set(form.weekdays.map((day) => RULE_WEEKDAYS[day]));
  let first = dayNumber(parseLocalDate(form.startDate));
  while (!days.has(RULE_WEEKDAYS[weekdayOfDayNumber(first)])) first++;
  const options: Partial<Options> = {
    freq: RRule.WEEKLY,
    interval: everyWeeks,
    byweekday: [...days].sort(),
    wkst: RRule.MO,
  };
  if ('count' in form.end) options.count = form.end.count;
  else if ('until' in form.end) options.until = new Date(endOfLocalDay(zone, parseLocalDate(form.end.until)));
  else throw new SchedulingError('unbounded_recurrence', NO_END_MESSAGE);
  const series = { start: { date: dateOfDayNumber(first), time: form.time }, rule: ruleText(options), exceptions: [] };
  checkSeries(zone, series);
  return series;
}

/** Refuses a series whose start, rule or exceptions are unusable, that never ends, or that has too many or no visits. */
export function checkSeries(zone: ClinicTimeZone, series: Series): void {
  const rule = floatingRule(zone, series);
  const all = rule.all((_, index) => index <= MAX_OCCURRENCES);
  if (all.length > MAX_OCCURRENCES) {
    throw new SchedulingError('invalid_recurrence', `A series can hold at most ${MAX_OCCURRENCES} visits: choose an earlier end.`);
  }
  if (all.length === 0 || floatingDate(all[0]!) !== series.start.date) {
    throw new SchedulingError('invalid_recurrence', 'The first visit must fall on one of the days the series repeats on, before its end.');
  }
  for (const exception of series.exceptions) {
    parseLocalDate(exception.originalDate);
    if (exception.kind === 'moved') zone.toEpochMs(exception.date, exception.time);
  }
}

/**
 * The occurrences starting within `window` (all of them when omitted), in time order: skipped
 * ones left out, moved ones at their new date and time.
 */
export function expandSeries(zone: ClinicTimeZone, series: Series, window?: Interval): Occurrence[] {
  const rule = floatingRule(zone, series);
  const dates = window
    ? rule.between(new Date(wallClockOf(zone, window.start) - DAY_MS), new Date(wallClockOf(zone, window.end) + DAY_MS), true)
    : rule.all();
  const exceptions = new Map(series.exceptions.map((exception) => [exception.originalDate, exception]));
  const occurrences = dates
    .filter((date) => !exceptions.has(floatingDate(date)))
    .map((date) => occurrence(zone, floatingDate(date), floatingDate(date), series.start.time, false));
  for (const exception of series.exceptions) {
    if (exception.kind === 'moved' && isOccurrenceDate(rule, exception.originalDate)) {
      occurrences.push(occurrence(zone, exception.originalDate, exception.date, exception.time, true));
    }
  }
  return occurrences
    .filter((item) => !window || (item.start >= window.start && item.start < window.end))
    .sort((a, b) => a.start - b.start);
}

/** Cancels one occurrence (RFC 5545 EXDATE). */
export function skipOccurrence(zone: ClinicTimeZone, series: Series, originalDate: LocalDate): Series {
  requireOccurrence(zone, series, originalDate);
  return withException(series, originalDate, { originalDate, kind: 'skipped' });
}

/**
 * Moves one occurrence to another local date and time (RFC 5545 RECURRENCE-ID override); moving it
 * back to where the rule puts it removes the exception. A time the clocks skip is refused.
 */
export function moveOccurrence(
  zone: ClinicTimeZone,
  series: Series,
  originalDate: LocalDate,
  to: { readonly date: LocalDate; readonly time: LocalTime },
): Series {
  requireOccurrence(zone, series, originalDate);
  zone.toEpochMs(to.date, to.time);
  const unchanged = to.date === originalDate && parseLocalTime(to.time) === parseLocalTime(series.start.time);
  return withException(series, originalDate, unchanged ? null : { originalDate, kind: 'moved', date: to.date, time: to.time });
}

/**
 * "This and following": the series up to the day before `atDate`, and a new series from the
 * occurrence on `atDate` with the rest (the same count of remaining visits, or the same end date).
 * Exceptions go with the part they belong to. `before` is null when `atDate` is the first visit.
 */
export function splitSeries(zone: ClinicTimeZone, series: Series, atDate: LocalDate): { before: Series | null; after: Series } {
  requireOccurrence(zone, series, atDate);
  const options = parseRule(series.rule);
  const earlier = floatingRule(zone, series)
    .all()
    .filter((date) => floatingDate(date) < atDate).length;
  const beforeExceptions = series.exceptions.filter((exception) => exception.originalDate < atDate);
  const afterExceptions = series.exceptions.filter((exception) => exception.originalDate >= atDate);
  const after: Series = {
    start: { date: atDate, time: series.start.time },
    rule: ruleText(options.count ? { ...options, count: options.count - earlier } : options),
    exceptions: afterExceptions,
  };
  if (earlier === 0) return { before: null, after };
  const beforeOptions = options.count
    ? { ...options, count: earlier }
    : { ...options, until: new Date(endOfLocalDay(zone, dateOfDayNumber(dayNumber(atDate) - 1))) };
  return { before: { start: series.start, rule: ruleText(beforeOptions), exceptions: beforeExceptions }, after };
}

// ---------------------------------------------------------------- rule text

/** Reads an RRULE value strictly: daily or longer, no times of day of its own, and an end. */
function parseRule(text: string): Partial<Options> {
  if (typeof text !== 'string' || !RULE_TEXT.test(text)) throw unreadableRule();
  let options: Partial<Options>;
  try {
    options = RRule.parseString(text);
  } catch {
    throw unreadableRule();
  }
  if (options.freq === undefined || !DAILY_OR_LONGER.has(options.freq)) {
    throw new SchedulingError('invalid_recurrence', 'A series repeats daily, weekly, monthly or yearly.');
  }
  if (options.byhour != null || options.byminute != null || options.bysecond != null || options.dtstart != null) {
    throw new SchedulingError('invalid_recurrence', 'The time of day comes from the series start, not from the repeat rule.');
  }
  if (options.interval != null && !isPositiveInteger(options.interval)) throw unreadableRule();
  if (options.count != null && !isPositiveInteger(options.count)) {
    throw new SchedulingError('invalid_recurrence', 'The number of visits must be a whole number above zero.');
  }
  if (options.count == null && options.until == null) throw new SchedulingError('unbounded_recurrence', NO_END_MESSAGE);
  return options;
}

function ruleText(options: Partial<Options>): string {
  return RRule.optionsToString(options).replace(/^RRULE:/, '');
}

function unreadableRule(): SchedulingError {
  return new SchedulingError('invalid_recurrence', 'This repeat rule cannot be read (expected an RFC 5545 RRULE such as FREQ=WEEKLY;BYDAY=MO;COUNT=10).');
}

function isPositiveInteger(value: unknown): boolean {
  return Number.isInteger(value) && (value as number) > 0;
}

// ---------------------------------------------------------------- floating wall-clock evaluation

/** The series' rule over floating wall-clock dates; UNTIL in UTC becomes the clinic's wall clock. */
function floatingRule(zone: ClinicTimeZone, series: Series): Rule {
  const options = parseRule(series.rule);
  const startMinutes = parseLocalTime(series.start.time);
  const dtstart = new Date(dayNumber(parseLocalDate(series.start.date)) * DAY_MS + startMinutes * MINUTE_MS);
  let until = options.until ?? null;
  if (until && UTC_UNTIL.test(series.rule)) until = new Date(wallClockOf(zone, until.getTime()));
  else if (until && DATE_UNTIL.test(series.rule)) until = new Date(until.getTime() + DAY_MS - 1_000);
  return new RRule({ ...options, dtstart, until, tzid: null });
}

function occurrence(zone: ClinicTimeZone, originalDate: LocalDate, date: LocalDate, time: LocalTime, moved: boolean): Occurrence {
  const resolution = zone.resolve(date, time);
  const start =
    resolution.kind === 'exact' ? resolution.epochMs : resolution.kind === 'ambiguous' ? resolution.earlier : resolution.shiftedEpochMs;
  return { originalDate, date, time: formatLocalTime(parseLocalTime(time)), start, moved, nonexistentLocalTime: resolution.kind === 'nonexistent' };
}

function requireOccurrence(zone: ClinicTimeZone, series: Series, originalDate: LocalDate): void {
  if (!isOccurrenceDate(floatingRule(zone, series), parseLocalDate(originalDate))) {
    throw new SchedulingError('not_an_occurrence', `The series has no visit on ${originalDate}.`, { originalDate });
  }
}

function isOccurrenceDate(rule: Rule, date: LocalDate): boolean {
  const dayStart = dayNumber(date) * DAY_MS;
  return rule.between(new Date(dayStart), new Date(dayStart + DAY_MS - 1), true).length > 0;
}

function withException(series: Series, originalDate: LocalDate, exception: SeriesException | null): Series {
  const others = series.exceptions.filter((existing) => existing.originalDate !== originalDate);
  return { ...series, exceptions: exception ? [...others, exception] : others };
}

/** The wall-clock time of an instant in the zone, written as if UTC. */
function wallClockOf(zone: ClinicTimeZone, epochMs: EpochMs): number {
  return epochMs + zone.offsetAt(epochMs) * MINUTE_MS;
}

/** The last whole second of a clinic date, as a UTC instant (an inclusive UNTIL). */
function endOfLocalDay(zone: ClinicTimeZone, date: LocalDate): EpochMs {
  return zone.dayBounds(date).end - 1_000;
}

function floatingDate(date: Date): LocalDate {
  return date.toISOString().slice(0, 10);
}

