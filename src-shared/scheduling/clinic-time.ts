/**
 * Wall-clock time in the clinic's IANA time zone ↔ UTC instants.
 *
 * Appointments are stored as UTC instants and shown in the clinic's zone. A local time that the
 * clocks skip (spring forward) is refused with a specific error; one they show twice (fall back)
 * means the first of the two unless the caller asks for the later one. Offsets come from
 * `@date-fns/tz` (the runtime's tz database); this module only adds the wall-clock bookkeeping.
 */
import { tz, tzOffset } from '@date-fns/tz';
import { format } from 'date-fns';
import { isIsoDate } from '../validation/dates';
import { SchedulingError } from './errors';

/** Milliseconds since 1970-01-01T00:00:00Z: the arithmetic form of a UTC instant. */
export type EpochMs = number;
/** A calendar date in the clinic, `YYYY-MM-DD`. */
export type LocalDate = string;
/** A wall-clock time, `HH:mm` (24-hour). */
export type LocalTime = string;
/** Day names as stored in templates, preferences and series; index = `Date#getUTCDay()`. */
export const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export const MINUTE_MS = 60_000;
export const DAY_MS = 86_400_000;
export const MINUTES_PER_DAY = 1_440;

const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;
const INSTANT = /^(\d{4}-\d{2}-\d{2})T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;
const utc = tz('UTC');

// ---------------------------------------------------------------- calendar dates and times

/** Checks a `YYYY-MM-DD` calendar date (real day, leap years included). */
export function parseLocalDate(text: string): LocalDate {
  if (typeof text !== 'string' || !isIsoDate(text)) {
    throw new SchedulingError('invalid_date', 'Not a date: enter it as YYYY-MM-DD (for example 2026-03-09).');
  }
  return text;
}

/**
 * Minutes since midnight for an `HH:mm` time. `allowEndOfDay` also accepts `24:00` (1440), the
 * end of a template interval that runs to midnight.
 */
export function parseLocalTime(text: string, options: { allowEndOfDay?: boolean } = {}): number {
  if (options.allowEndOfDay && text === '24:00') return MINUTES_PER_DAY;
  const match = typeof text === 'string' ? TIME.exec(text) : null;
  if (!match) throw new SchedulingError('invalid_time', 'Not a time: enter it as HH:mm on a 24-hour clock (for example 09:30 or 14:00).');
  return Number(match[1]) * 60 + Number(match[2]);
}

/** `HH:mm` for minutes since midnight (1440 → `24:00`). */
export function formatLocalTime(minutesOfDay: number): LocalTime {
  const whole = Math.floor(minutesOfDay);
  return `${String(Math.floor(whole / 60)).padStart(2, '0')}:${String(whole % 60).padStart(2, '0')}`;
}

/** Days since 1970-01-01 for a calendar date; calendar arithmetic needs no time zone. */
export function dayNumber(date: LocalDate): number {
  return Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / DAY_MS;
}

export function dateOfDayNumber(day: number): LocalDate {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

export function addDays(date: LocalDate, days: number): LocalDate {
  return dateOfDayNumber(dayNumber(parseLocalDate(date)) + days);
}

export function weekdayOf(date: LocalDate): Weekday {
  return weekdayOfDayNumber(dayNumber(parseLocalDate(date)));
}

export function weekdayOfDayNumber(day: number): Weekday {
  return WEEKDAYS[new Date(day * DAY_MS).getUTCDay()]!;
}

/** Every date from `from` to `to`, both included. */
export function eachDate(from: LocalDate, to: LocalDate): LocalDate[] {
  const first = dayNumber(parseLocalDate(from));
  const last = dayNumber(parseLocalDate(to));
  if (last < first) throw new SchedulingError('invalid_range', 'The end date is before the start date.', { from, to });
  const dates: LocalDate[] = [];
  for (let day = first; day <= last; day++) dates.push(dateOfDayNumber(day));
  return dates;
}

// ---------------------------------------------------------------- instants

/** The ISO form stored in the database (`2026-03-09T14:00:00.000Z`). */
export function toInstant(epochMs: EpochMs): string {
  return new Date(epochMs).toISOString();
}

/** Reads an ISO instant with `Z` or an explicit offset; a date-only or zone-less text is refused. */
export function parseInstant(text: string): EpochMs {
  const match = typeof text === 'string' ? INSTANT.exec(text) : null;
  const epochMs = match && isIsoDate(match[1]!) ? Date.parse(text) : Number.NaN;
  if (Number.isNaN(epochMs)) {
    throw new SchedulingError('invalid_instant', 'Not a date and time: expected an ISO instant such as 2026-03-09T14:00:00Z.');
  }
  return epochMs;
}

function instantMs(instant: EpochMs | string): EpochMs {
  return typeof instant === 'number' ? instant : parseInstant(instant);
}

// ---------------------------------------------------------------- the clinic's zone

export type LocalTimeResolution =
  | { kind: 'exact'; epochMs: EpochMs }
  /** Clocks show this time twice (fall back): `earlier` is the first showing, `later` the repeat. */
  | { kind: 'ambiguous'; earlier: EpochMs; later: EpochMs }
  /**
   * Clocks skip this time (spring forward). `shiftedEpochMs` is RFC 5545's reading (moved forward
   * by the gap: 02:30 → 03:30); `gapEndEpochMs` is the instant the clocks jump (03:00).
   */
  | { kind: 'nonexistent'; error: SchedulingError; shiftedEpochMs: EpochMs; gapEndEpochMs: EpochMs };

export interface LocalDateTime {
  date: LocalDate;
  time: LocalTime;
  minutesOfDay: number;
  weekday: Weekday;
  /** UTC offset in minutes at that instant (New York in winter: -300). */
  offsetMinutes: number;
}

export interface AmbiguousChoice {
  /** Which showing of a repeated (fall-back) time: the first (default) or the repeat. */
  ambiguous?: 'earlier' | 'later';
}

export type { ClinicTimeZone };

const zones = new Map<string, ClinicTimeZone>();

/** Whether the runtime's tz database knows `name` as a zone (offset strings like `+05:00` are not zones). */
export function isValidTimeZone(name: string): boolean {
  return canonicalZoneName(name) !== null;
}

function canonicalZoneName(name: string): string | null {
  if (typeof name !== 'string' || !/^[A-Za-z]/.test(name)) return null;
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

/** The clinic's zone by IANA name (aliases such as `US/Eastern` resolve to their canonical name). */
export function clinicTimeZone(name: string): ClinicTimeZone {
  const cached = zones.get(name);
  if (cached) return cached;
  const canonical = canonicalZoneName(name);
  if (!canonical) {
    throw new SchedulingError('invalid_time_zone', 'Unknown time zone: use an IANA name such as America/New_York or Europe/Berlin.', {
      timeZone: typeof name === 'string' ? name : null,
    });
  }
  const zone = zones.get(canonical) ?? new ClinicTimeZone(canonical);
  zones.set(canonical, zone);
  zones.set(name, zone);
  return zone;
}

/** Distinct offsets in effect around a day are memoised: one look-up pair per day instead of per time. */
const MAX_MEMO_DAYS = 20_000;

/** Made only by `clinicTimeZone(name)`, which validates the name; exported as a type. */
class ClinicTimeZone {
  readonly name: string;
  readonly #offsetsAroundDay = new Map<number, readonly number[]>();

  constructor(name: string) {
    this.name = name;
  }

  /** UTC offset in minutes at an instant. */
  offsetAt(epochMs: EpochMs): number {
    return tzOffset(this.name, new Date(epochMs));
  }

  /** What a local date and time means here: one instant, two (fall back), or none (spring forward). */
  resolve(date: LocalDate, time: LocalTime): LocalTimeResolution {
    return this.resolveWall(dayNumber(parseLocalDate(date)), parseLocalTime(time));
  }

  /**
   * The instant of a local date and time. Throws `nonexistent_local_time` for a time the clocks
   * skip; a repeated time is its first showing unless `{ ambiguous: 'later' }`.
   */
  toEpochMs(date: LocalDate, time: LocalTime, choice: AmbiguousChoice = {}): EpochMs {
    const resolution = this.resolve(date, time);
    if (resolution.kind === 'nonexistent') throw resolution.error;
    if (resolution.kind === 'ambiguous') return choice.ambiguous === 'later' ? resolution.later : resolution.earlier;
    return resolution.epochMs;
  }

  toInstant(date: LocalDate, time: LocalTime, choice: AmbiguousChoice = {}): string {
    return toInstant(this.toEpochMs(date, time, choice));
  }

  /**
   * Where the edge of a local-time range falls (template hours, day bounds, parts of the day): a
   * skipped time maps to the instant the clocks jump, so a range inside the gap is empty and one
   * across it keeps its real length; a repeated time is its first showing. `minutesOfDay` may be
   * 1440 (the next midnight).
   */
  boundaryToEpochMs(date: LocalDate, minutesOfDay: number): EpochMs {
    return this.boundaryOnDay(dayNumber(parseLocalDate(date)), minutesOfDay);
  }

  /** `boundaryToEpochMs` for a date given as its `dayNumber`, for loops over many days. */
  boundaryOnDay(day: number, minutesOfDay: number): EpochMs {
    const resolution = this.resolveWall(day, minutesOfDay);
    if (resolution.kind === 'nonexistent') return resolution.gapEndEpochMs;
    return resolution.kind === 'ambiguous' ? resolution.earlier : resolution.epochMs;
  }

  /** The clinic day as [first instant, first instant of the next day): 23 or 25 hours on transition days. */
  dayBounds(date: LocalDate): { start: EpochMs; end: EpochMs } {
    return { start: this.boundaryToEpochMs(date, 0), end: this.boundaryToEpochMs(date, MINUTES_PER_DAY) };
  }

  /** The local date, time and weekday of an instant (ISO text or epoch milliseconds). */
  toLocal(instant: EpochMs | string): LocalDateTime {
    const epochMs = instantMs(instant);
    const offsetMinutes = this.offsetAt(epochMs);
    const wall = epochMs + offsetMinutes * MINUTE_MS;
    const day = Math.floor(wall / DAY_MS);
    const minutesOfDay = Math.floor((wall - day * DAY_MS) / MINUTE_MS);
    return {
      date: dateOfDayNumber(day),
      time: formatLocalTime(minutesOfDay),
      minutesOfDay,
      weekday: weekdayOfDayNumber(day),
      offsetMinutes,
    };
  }

  /**
   * A clinic day (by `dayNumber`) cut where its UTC offset changes: one span on most days, two on
   * a transition day, each with the offset in effect (so local clock times can be lined up).
   */
  constantOffsetSpans(day: number): { start: EpochMs; end: EpochMs; offsetMinutes: number }[] {
    const start = this.boundaryOnDay(day, 0);
    const end = this.boundaryOnDay(day, MINUTES_PER_DAY);
    const offsets = this.offsetsAround(day);
    if (offsets.length === 1) return [{ start, end, offsetMinutes: offsets[0]! }];
    const offsetAtStart = this.offsetAt(start);
    if (this.offsetAt(end - MINUTE_MS) === offsetAtStart) return [{ start, end, offsetMinutes: offsetAtStart }];
    const change = this.firstChangeAfter(start, end - MINUTE_MS);
    return [
      { start, end: change, offsetMinutes: offsetAtStart },
      { start: change, end, offsetMinutes: this.offsetAt(change) },
    ];
  }

  /** The clinic date an instant falls on. */
  dateOf(instant: EpochMs | string): LocalDate {
    return this.toLocal(instant).date;
  }

  private resolveWall(day: number, minutesOfDay: number): LocalTimeResolution {
    const wall = day * DAY_MS + minutesOfDay * MINUTE_MS;
    const offsets = this.offsetsAround(day);
    if (offsets.length === 1) return { kind: 'exact', epochMs: wall - offsets[0]! * MINUTE_MS };
    const instants = offsets
      .map((offset) => ({ offset, epochMs: wall - offset * MINUTE_MS }))
      .filter(({ offset, epochMs }) => this.offsetAt(epochMs) === offset)
      .map(({ epochMs }) => epochMs)
      .sort((a, b) => a - b);
    if (instants.length === 1) return { kind: 'exact', epochMs: instants[0]! };
    if (instants.length > 1) return { kind: 'ambiguous', earlier: instants[0]!, later: instants[instants.length - 1]! };
    const gapEndEpochMs = this.firstChangeAfter(day * DAY_MS - DAY_MS, day * DAY_MS + 2 * DAY_MS);
    const offsetBefore = offsets[0]!;
    return { kind: 'nonexistent', error: this.gapError(day, wall, gapEndEpochMs), shiftedEpochMs: wall - offsetBefore * MINUTE_MS, gapEndEpochMs };
  }

  /**
   * The offsets that can apply to a wall time on `day`: its instants lie within ±14 h of the wall
   * time read as UTC, so the offsets a day before and two days after bracket them (no zone changes
   * twice within three days; the midday sample catches one that would).
   */
  private offsetsAround(day: number): readonly number[] {
    let offsets = this.#offsetsAroundDay.get(day);
    if (!offsets) {
      const midnight = day * DAY_MS;
      offsets = [...new Set([-DAY_MS, DAY_MS / 2, 2 * DAY_MS].map((delta) => this.offsetAt(midnight + delta)))];
      if (this.#offsetsAroundDay.size >= MAX_MEMO_DAYS) this.#offsetsAroundDay.clear();
      this.#offsetsAroundDay.set(day, offsets);
    }
    return offsets;
  }

  private gapError(day: number, wall: number, transition: EpochMs): SchedulingError {
    const skippedFrom = transition + this.offsetAt(transition - MINUTE_MS) * MINUTE_MS;
    const skippedTo = transition + this.offsetAt(transition) * MINUTE_MS;
    const clock = (ms: number) => format(ms, 'h:mm a', { in: utc });
    const date = format(wall, 'MMM d, yyyy', { in: utc });
    return new SchedulingError(
      'nonexistent_local_time',
      `${clock(wall)} does not exist on ${date} in ${this.name} (clocks spring forward from ${clock(skippedFrom)} to ${clock(skippedTo)}).`,
      {
        date: dateOfDayNumber(day),
        time: formatLocalTime((wall - day * DAY_MS) / MINUTE_MS),
        timeZone: this.name,
        skippedFrom: formatLocalTime((skippedFrom - day * DAY_MS) / MINUTE_MS),
        skippedTo: formatLocalTime((skippedTo - day * DAY_MS) / MINUTE_MS),
      },
    );
  }

  /** The first minute in (low, high] whose offset differs from the offset at `low` (binary search). */
  private firstChangeAfter(low: EpochMs, high: EpochMs): EpochMs {
    const offsetAtLow = this.offsetAt(low);
    let before = low;
    let after = high;
    while (after - before > MINUTE_MS) {
      const middle = before + Math.floor((after - before) / 2 / MINUTE_MS) * MINUTE_MS;
      if (this.offsetAt(middle) === offsetAtLow) before = middle;
      else after = middle;
    }
    return after;
  }
}
