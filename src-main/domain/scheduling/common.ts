import type { Kysely } from 'kysely';
import { AppError } from '../../../src-shared/rpc/errors';
import {
  DAY_MS,
  MINUTE_MS,
  clinicTimeZone,
  dateOfDayNumber,
  formatLocalTime,
  type ClinicTimeZone,
  type EpochMs,
} from '../../../src-shared/scheduling/clinic-time';
import { SchedulingError } from '../../../src-shared/scheduling/errors';
import { MAX_APPOINTMENT_MINUTES } from '../../../src-shared/scheduling/schema';
import type { OpeningHours } from '../../../src-shared/scheduling/settings-schema';
import type { Database } from '../../db/schema';
import { readSettings } from '../settings/service';

export type Db = Kysely<Database>;

/** The longest appointment: an overlap look-up starts this long before the probed time. */
export const MAX_APPOINTMENT_MS = MAX_APPOINTMENT_MINUTES * MINUTE_MS;

/** Statuses that hold their time (the core's `occupiesSlot`), for SQL filters. */
export const OCCUPYING_STATUSES = ['booked', 'confirmed', 'arrived', 'roomed', 'with_provider', 'checked_out'] as const;

export const iso = (epochMs: EpochMs): string => new Date(epochMs).toISOString();
export const epoch = (instant: string): EpochMs => Date.parse(instant);

export interface ClinicSchedulingSettings {
  zone: ClinicTimeZone;
  openingHours: OpeningHours;
}

/** The clinic's zone and opening hours; scheduling is refused until an administrator sets the zone. */
export async function schedulingSettings(db: Db): Promise<ClinicSchedulingSettings> {
  const settings = await readSettings(db);
  if (settings.timeZone === null) {
    throw new AppError('CONFLICT', "The clinic's time zone is not set: an administrator sets it in the clinic settings first.", {
      details: { reason: 'time_zone_not_set' },
    });
  }
  return { zone: clinicTimeZone(settings.timeZone), openingHours: settings.openingHours ?? {} };
}

export function fieldError(field: string, message: string, code: 'VALIDATION' | 'NOT_FOUND' | 'CONFLICT' = 'VALIDATION', details?: unknown): AppError {
  return new AppError(code, message, { fields: { [field]: message }, ...(details !== undefined ? { details } : {}) });
}

/** Runs a core call on one input field: its SchedulingError becomes that field's RPC error. */
export function inField<T>(field: string, read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof SchedulingError) throw error.toAppError(field);
    throw error;
  }
}

export interface LocalSpan {
  date: string;
  start: string;
  end: string;
}

const QUARTER_HOUR_MS = 15 * MINUTE_MS;

/**
 * Local dates and clock times of many instants (a day view holds hundreds). Zone offsets are
 * looked up once per UTC quarter hour: clock changes happen on quarter-hour boundaries, and each
 * look-up costs microseconds.
 */
export function localizer(zone: ClinicTimeZone): { span(start: EpochMs, end: EpochMs): LocalSpan; wall(epochMs: EpochMs): { date: string; time: string } } {
  const offsets = new Map<number, number>();
  const dates = new Map<number, string>();
  const wall = (epochMs: EpochMs) => {
    const bucket = Math.floor(epochMs / QUARTER_HOUR_MS);
    let offset = offsets.get(bucket);
    if (offset === undefined) {
      offset = zone.offsetAt(bucket * QUARTER_HOUR_MS);
      offsets.set(bucket, offset);
    }
    const local = epochMs + offset * MINUTE_MS;
    const day = Math.floor(local / DAY_MS);
    let date = dates.get(day);
    if (date === undefined) {
      date = dateOfDayNumber(day);
      dates.set(day, date);
    }
    return { date, time: formatLocalTime((local - day * DAY_MS) / MINUTE_MS) };
  };
  return {
    wall,
    span: (start, end) => {
      const from = wall(start);
      return { date: from.date, start: from.time, end: wall(end).time };
    },
  };
}
