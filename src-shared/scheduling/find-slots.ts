/**
 * Find next available: the first N free slots for an appointment type across candidate
 * providers, honouring availability (and its reserved blocks), the bookings of each provider,
 * of every required resource and of the patient, and the patient's preferences.
 *
 * Work is proportional to the number of intervals in the search window, not to its minutes:
 * per provider, free time = usable availability − union(busy) in one sweep; the allowed start
 * ranges are cut to the preferred days and times; then the providers' start ranges are merged
 * lazily until N slots are out.
 */
import { allowsType, type AvailableInterval } from './availability';
import {
  DAY_MS,
  MINUTE_MS,
  MINUTES_PER_DAY,
  WEEKDAYS,
  dayNumber,
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
import { intersect, subtract, union, unionOfDisjoint, type Interval } from './intervals';

export interface SlotPreferences {
  /** Only these days of the week (unset or empty: any day). */
  readonly weekdays?: readonly Weekday[];
  /** Only slots starting in the morning (before `afternoonStartsAt`) or in the afternoon (from it). */
  readonly partOfDay?: 'morning' | 'afternoon';
  /** The clinic's morning/afternoon boundary in local time; default `12:00`. */
  readonly afternoonStartsAt?: LocalTime;
  /** Not before this clinic date. */
  readonly earliestDate?: LocalDate;
}

export interface ProviderCandidate {
  readonly providerId: string;
  /** From `availabilityForDates` for (at least) the search dates. */
  readonly availability: readonly AvailableInterval[];
  /** The provider's occupying appointments (sorted by start is fastest; any order works). */
  readonly busy?: readonly Interval[];
}

export interface SlotSearch {
  readonly zone: ClinicTimeZone;
  readonly appointmentType: {
    readonly id: string;
    readonly durationMinutes: number;
    readonly resourceIds?: readonly string[];
  };
  /** One provider, or every provider who may see this type; ties at one time go in this order. */
  readonly providers: readonly ProviderCandidate[];
  /** Occupying appointments per room or equipment id; a required resource not listed is free. */
  readonly resourceBusy?: Readonly<Record<string, readonly Interval[]>>;
  /** The patient's own occupying appointments with anyone (no double booking of a person). */
  readonly patientBusy?: readonly Interval[];
  /** No slot starts before this instant (usually now). */
  readonly notBefore: EpochMs;
  /** Clinic days searched, counted from the first searched date (`notBefore`'s date or the earliest preferred date). */
  readonly days: number;
  readonly preferences?: SlotPreferences;
  /** Slots start on multiples of this many minutes after local midnight (default 15). */
  readonly granularityMinutes?: number;
  /** How many slots to return. */
  readonly limit: number;
}

export interface Slot {
  readonly providerId: string;
  readonly start: EpochMs;
  readonly end: EpochMs;
}

const MAX_DAYS = 366;
const MAX_LIMIT = 500;

/** Allowed start instants [start, end), aligned from `origin`: where local midnight falls at that part's UTC offset. */
interface StartRange extends Interval {
  readonly origin: EpochMs;
}

/** The first `limit` free slots in time order (ties: provider order). */
export function findSlots(search: SlotSearch): Slot[] {
  checkSearch(search);
  const durationMs = search.appointmentType.durationMinutes * MINUTE_MS;
  const stepMs = (search.granularityMinutes ?? 15) * MINUTE_MS;
  const windows = startWindows(search);
  if (windows.length === 0) return [];
  const horizon = { start: windows[0]!.start, end: windows[windows.length - 1]!.end + durationMs };
  const sharedBusy = [...(search.appointmentType.resourceIds ?? []).map((id) => search.resourceBusy?.[id] ?? []), search.patientBusy ?? []]
    .map((busy) => union(busy, horizon))
    .reduce<Interval[]>((all, busy) => unionOfDisjoint(all, busy), []);
  const cursors = search.providers.map((provider) => {
    const usable = union(
      provider.availability.filter((interval) => allowsType(interval, search.appointmentType.id)),
      horizon,
    );
    const free = subtract(usable, unionOfDisjoint(union(provider.busy ?? [], horizon), sharedBusy));
    const starts = free
      .map((interval) => ({ start: interval.start, end: interval.end - durationMs + 1 }))
      .filter((range) => range.end > range.start);
    return new SlotCursor(provider.providerId, intersect(windows, starts), stepMs);
  });
  return mergeInTimeOrder(cursors, search.limit, durationMs);
}

/** Walks one provider's aligned start times in order. */
class SlotCursor {
  /** The next start time, or Infinity when this provider has no more. */
  next = Infinity;
  #range = -1;

  constructor(
    readonly providerId: string,
    private readonly ranges: readonly StartRange[],
    private readonly stepMs: number,
  ) {
    this.moveToRange(0);
  }

  advance(): void {
    const following = this.next + this.stepMs;
    if (following < this.ranges[this.#range]!.end) this.next = following;
    else this.moveToRange(this.#range + 1);
  }

  private moveToRange(index: number): void {
    for (this.#range = index; this.#range < this.ranges.length; this.#range++) {
      const range = this.ranges[this.#range]!;
      const aligned = range.origin + Math.ceil((range.start - range.origin) / this.stepMs) * this.stepMs;
      if (aligned < range.end) {
        this.next = aligned;
        return;
      }
    }
    this.next = Infinity;
  }
}

function mergeInTimeOrder(cursors: readonly SlotCursor[], limit: number, durationMs: number): Slot[] {
  const slots: Slot[] = [];
  while (slots.length < limit) {
    let earliest: SlotCursor | undefined;
    for (const cursor of cursors) if (cursor.next < (earliest?.next ?? Infinity)) earliest = cursor;
    if (!earliest) break;
    slots.push({ providerId: earliest.providerId, start: earliest.next, end: earliest.next + durationMs });
    earliest.advance();
  }
  return slots;
}

/**
 * Per searched clinic day on a preferred weekday: the instants a slot may start in, in order.
 * A day with a clock change is split there, so each part aligns slots to its own wall clock.
 */
function startWindows(search: SlotSearch): StartRange[] {
  const { zone, preferences = {} } = search;
  const weekdays = new Set(preferences.weekdays?.length ? preferences.weekdays : WEEKDAYS);
  const afternoon = parseLocalTime(preferences.afternoonStartsAt ?? '12:00');
  const today = dayNumber(zone.dateOf(search.notBefore));
  const first = Math.max(today, preferences.earliestDate ? dayNumber(preferences.earliestDate) : today);
  const windows: StartRange[] = [];
  for (let day = first; day < first + search.days; day++) {
    if (!weekdays.has(weekdayOfDayNumber(day))) continue;
    const from = Math.max(search.notBefore, preferences.partOfDay === 'afternoon' ? zone.boundaryOnDay(day, afternoon) : -Infinity);
    const to = preferences.partOfDay === 'morning' ? zone.boundaryOnDay(day, afternoon) : Infinity;
    for (const span of zone.constantOffsetSpans(day)) {
      const start = Math.max(span.start, from);
      const end = Math.min(span.end, to);
      const origin = day * DAY_MS - span.offsetMinutes * MINUTE_MS;
      if (start < end) windows.push({ start, end, origin });
    }
  }
  return windows;
}

function checkSearch(search: SlotSearch): void {
  const { durationMinutes } = search.appointmentType;
  if (!Number.isInteger(durationMinutes) || durationMinutes <= 0 || durationMinutes > MINUTES_PER_DAY) {
    throw new SchedulingError('invalid_duration', 'The appointment length must be a whole number of minutes, more than zero and at most a day.', {
      durationMinutes,
    });
  }
  const granularity = search.granularityMinutes ?? 15;
  if (!Number.isInteger(granularity) || granularity <= 0 || granularity > MINUTES_PER_DAY) {
    throw new SchedulingError('invalid_option', 'Slots must start every whole number of minutes (for example every 5, 10 or 15).', { granularity });
  }
  if (!Number.isInteger(search.days) || search.days < 1 || search.days > MAX_DAYS) {
    throw new SchedulingError('invalid_option', `Search between 1 and ${MAX_DAYS} days ahead.`, { days: search.days });
  }
  if (!Number.isInteger(search.limit) || search.limit < 1 || search.limit > MAX_LIMIT) {
    throw new SchedulingError('invalid_option', `Ask for between 1 and ${MAX_LIMIT} slots.`, { limit: search.limit });
  }
  if (!Number.isFinite(search.notBefore)) throw new SchedulingError('invalid_instant', 'The search needs a starting time.');
  const { weekdays, earliestDate, partOfDay } = search.preferences ?? {};
  if (weekdays?.some((day) => !WEEKDAYS.includes(day))) {
    throw new SchedulingError('invalid_option', 'Preferred days must be among sun, mon, tue, wed, thu, fri, sat.');
  }
  if (partOfDay !== undefined && partOfDay !== 'morning' && partOfDay !== 'afternoon') {
    throw new SchedulingError('invalid_option', 'Part of the day must be morning or afternoon.');
  }
  if (earliestDate !== undefined) parseLocalDate(earliestDate);
}
