/**
 * A provider's bookable time: weekly templates in local wall-clock time plus one-off exceptions,
 * turned into UTC intervals for a range of clinic dates. Templates are kept in local time and
 * converted day by day, so 09:00–17:00 stays 09:00–17:00 on both sides of a clock change.
 */
import {
  WEEKDAYS,
  dayNumber,
  parseLocalDate,
  parseLocalTime,
  weekdayOfDayNumber,
  type ClinicTimeZone,
  type LocalDate,
  type LocalTime,
  type Weekday,
} from './clinic-time';
import { SchedulingError } from './errors';
import { intersect, overlaps, subtract, union, type Interval } from './intervals';

/** Which appointment types may be booked in an interval: any, or only the listed type ids. */
export type AllowedTypes = 'any' | readonly string[];

/** `from`–`to` in local time (`HH:mm`; `to` may be `24:00`), half-open like every interval here. */
export interface TimeRange {
  readonly from: LocalTime;
  readonly to: LocalTime;
}

/** Part of the working hours kept for some appointment types (e.g. procedures 14:00–16:00). */
export interface ReservedBlock extends TimeRange {
  readonly appointmentTypeIds: readonly string[];
}

export interface DayTemplate {
  readonly hours: readonly TimeRange[];
  readonly breaks?: readonly TimeRange[];
  readonly reserved?: readonly ReservedBlock[];
}

/**
 * A provider's regular week. Several templates may be kept over time: on each date the one with
 * the latest `effectiveFrom` (inclusive, unset = always) whose `effectiveUntil` (inclusive) has not
 * passed applies, so a new template from a date supersedes the old one without editing it.
 */
export interface WeeklyTemplate {
  readonly effectiveFrom?: LocalDate;
  readonly effectiveUntil?: LocalDate;
  readonly days: Readonly<Partial<Record<Weekday, DayTemplate>>>;
}

/**
 * One-off changes for a date: the regular day is off (holiday, sick day), part of the day is off,
 * or an extra session is added (optionally only for some types). On one date, `closed_day` drops
 * the template's hours, extra sessions are then added, and closed intervals are cut from the result.
 */
export type AvailabilityException =
  | { readonly kind: 'closed_day'; readonly date: LocalDate }
  | ({ readonly kind: 'closed'; readonly date: LocalDate } & TimeRange)
  | ({ readonly kind: 'extra'; readonly date: LocalDate; readonly appointmentTypeIds?: readonly string[] } & TimeRange);

export interface ProviderSchedule {
  readonly templates: readonly WeeklyTemplate[];
  readonly exceptions?: readonly AvailabilityException[];
}

/** Bookable time as UTC epoch milliseconds, [start, end). */
export interface AvailableInterval extends Interval {
  readonly allowedTypeIds: AllowedTypes;
}

export function allowsType(interval: { allowedTypeIds: AllowedTypes }, appointmentTypeId: string): boolean {
  return interval.allowedTypeIds === 'any' || interval.allowedTypeIds.includes(appointmentTypeId);
}

/** Minutes since local midnight, tagged with the types allowed there. */
interface Piece extends Interval {
  readonly allowedTypeIds: AllowedTypes;
}

interface CompiledTemplate {
  readonly from: number;
  readonly until: number;
  readonly days: ReadonlyMap<Weekday, readonly Piece[]>;
}

interface DayExceptions {
  closedDay: boolean;
  closed: Interval[];
  extras: Piece[];
}

const DAY_NAMES: Record<Weekday, string> = {
  sun: 'Sundays',
  mon: 'Mondays',
  tue: 'Tuesdays',
  wed: 'Wednesdays',
  thu: 'Thursdays',
  fri: 'Fridays',
  sat: 'Saturdays',
};

/** Refuses a schedule with a bad time, range or date, naming the day and part at fault. */
export function validateSchedule(schedule: ProviderSchedule): void {
  compileTemplates(schedule.templates);
  compileExceptions(schedule.exceptions ?? []);
}

/**
 * The provider's available intervals for clinic dates `from`…`to` (both included), in time order,
 * each tagged with the appointment types allowed in it.
 */
export function availabilityForDates(
  zone: ClinicTimeZone,
  schedule: ProviderSchedule,
  from: LocalDate,
  to: LocalDate,
): AvailableInterval[] {
  const first = dayNumber(parseLocalDate(from));
  const last = dayNumber(parseLocalDate(to));
  if (last < first) throw new SchedulingError('invalid_range', 'The end date is before the start date.', { from, to });
  const templates = compileTemplates(schedule.templates);
  const exceptions = compileExceptions(schedule.exceptions ?? []);
  const available: AvailableInterval[] = [];
  for (let day = first; day <= last; day++) {
    for (const piece of piecesForDay(templateOn(templates, day), exceptions.get(day))) {
      const start = zone.boundaryOnDay(day, piece.start);
      const end = zone.boundaryOnDay(day, piece.end);
      if (end > start) available.push({ start, end, allowedTypeIds: piece.allowedTypeIds });
    }
  }
  return available;
}

function piecesForDay(template: readonly Piece[] | undefined, exceptions: DayExceptions | undefined): readonly Piece[] {
  if (!exceptions) return template ?? [];
  let pieces: readonly Piece[] = exceptions.closedDay ? [] : (template ?? []);
  for (const extra of exceptions.extras) pieces = byStart([...subtract(pieces, [extra]), extra]);
  return joinTouching(subtract(pieces, union(exceptions.closed)));
}

function templateOn(templates: readonly CompiledTemplate[], day: number): readonly Piece[] | undefined {
  let chosen: CompiledTemplate | undefined;
  for (const template of templates) {
    if (template.from <= day && day <= template.until && (!chosen || template.from > chosen.from)) chosen = template;
  }
  return chosen?.days.get(weekdayOfDayNumber(day));
}

/**
 * Compiled weeks by template object, so a template kept by its caller (a stored template read
 * again and again) is compiled once. Templates are read-only: a changed week is a new object.
 */
const compiledTemplates = new WeakMap<WeeklyTemplate, CompiledTemplate>();

function compileTemplates(templates: readonly WeeklyTemplate[]): CompiledTemplate[] {
  const compiled = templates.map((template, index) => {
    const known = compiledTemplates.get(template);
    if (known) return known;
    const result = compileTemplate(template, templates.length > 1 ? `Template ${index + 1}` : 'Template');
    compiledTemplates.set(template, result);
    return result;
  });
  const starts = compiled.map((template) => template.from);
  if (new Set(starts).size < starts.length) {
    throw new SchedulingError('invalid_option', 'Two templates take effect on the same date: give each a different start date.');
  }
  return compiled;
}

function compileTemplate(template: WeeklyTemplate, where: string): CompiledTemplate {
  const from = template.effectiveFrom === undefined ? -Infinity : dayNumber(inContext(where, () => parseLocalDate(template.effectiveFrom!)));
  const until = template.effectiveUntil === undefined ? Infinity : dayNumber(inContext(where, () => parseLocalDate(template.effectiveUntil!)));
  if (until < from) throw new SchedulingError('invalid_range', `${where}: it ends before it takes effect.`);
  const days = new Map<Weekday, readonly Piece[]>();
  for (const weekday of WEEKDAYS) {
    const day = template.days[weekday];
    if (day) days.set(weekday, compileDay(day, `${where}, ${DAY_NAMES[weekday]}`));
  }
  return { from, until, days };
}

/** Working hours minus breaks, split into general time and reserved blocks. */
function compileDay(day: DayTemplate, where: string): Piece[] {
  const hours = union(day.hours.map((range) => minutesOf(range, `${where}, working hours`)));
  const open = subtract(hours, union((day.breaks ?? []).map((range) => minutesOf(range, `${where}, break`))));
  const reserved = (day.reserved ?? []).map((block) => ({
    ...minutesOf(block, `${where}, reserved block`),
    allowedTypeIds: typeIds(block.appointmentTypeIds, `${where}, reserved block`),
  }));
  const sorted = byStart(reserved);
  for (let i = 1; i < sorted.length; i++) {
    if (overlaps(sorted[i - 1]!, sorted[i]!)) throw new SchedulingError('invalid_range', `${where}: two reserved blocks overlap.`);
  }
  const general = subtract(
    open.map((interval) => ({ ...interval, allowedTypeIds: 'any' as const })),
    sorted,
  );
  const kept = sorted.flatMap((block) => intersect(open, [block]).map((interval) => ({ ...interval, allowedTypeIds: block.allowedTypeIds })));
  return joinTouching(byStart([...general, ...kept]));
}

/** Exceptions by `dayNumber` of their date. */
function compileExceptions(exceptions: readonly AvailabilityException[]): Map<number, DayExceptions> {
  const byDay = new Map<number, DayExceptions>();
  for (const exception of exceptions) {
    const date = inContext('Exception', () => parseLocalDate(exception.date));
    const where = `Exception on ${date}`;
    const day = byDay.get(dayNumber(date)) ?? { closedDay: false, closed: [], extras: [] };
    byDay.set(dayNumber(date), day);
    if (exception.kind === 'closed_day') day.closedDay = true;
    else if (exception.kind === 'closed') day.closed.push(minutesOf(exception, where));
    else if (exception.kind === 'extra') {
      const allowedTypeIds = exception.appointmentTypeIds ? typeIds(exception.appointmentTypeIds, where) : 'any';
      day.extras.push({ ...minutesOf(exception, where), allowedTypeIds });
    } else {
      throw new SchedulingError('invalid_option', `${where}: unknown kind of exception.`);
    }
  }
  return byDay;
}

function minutesOf(range: TimeRange, where: string): Interval {
  const start = inContext(where, () => parseLocalTime(range.from));
  const end = inContext(where, () => parseLocalTime(range.to, { allowEndOfDay: true }));
  if (end <= start) {
    throw new SchedulingError('invalid_range', `${where}: ${range.from}–${range.to} ends before it starts.`, { from: range.from, to: range.to });
  }
  return { start, end };
}

function typeIds(ids: readonly string[], where: string): readonly string[] {
  if (ids.length === 0) throw new SchedulingError('invalid_option', `${where}: choose at least one appointment type.`);
  return ids;
}

/** Re-throws a scheduling error with the place it was found in front of its message. */
function inContext<T>(where: string, read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof SchedulingError) throw new SchedulingError(error.code, `${where}: ${error.message}`, error.details);
    throw error;
  }
}

function byStart<T extends Interval>(pieces: readonly T[]): T[] {
  return [...pieces].sort((a, b) => a.start - b.start);
}

function sameTypes(a: AllowedTypes, b: AllowedTypes): boolean {
  if (a === 'any' || b === 'any') return a === b;
  return a.length === b.length && a.every((id) => b.includes(id));
}

/** Joins neighbours that touch and allow the same types, so one session is one interval. */
function joinTouching(pieces: readonly Piece[]): Piece[] {
  const joined: Piece[] = [];
  for (const piece of pieces) {
    const last = joined[joined.length - 1];
    if (last && last.end === piece.start && sameTypes(last.allowedTypeIds, piece.allowedTypeIds)) {
      joined[joined.length - 1] = { ...last, end: piece.end };
    } else {
      joined.push(piece);
    }
  }
  return joined;
}
