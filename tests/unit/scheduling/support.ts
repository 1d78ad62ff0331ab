import { expect } from 'vitest';
import type { ClinicTimeZone } from '../../../src-shared/scheduling/clinic-time';
import { SchedulingError, type SchedulingErrorCode } from '../../../src-shared/scheduling/errors';
import type { Interval } from '../../../src-shared/scheduling/intervals';

/** Runs `fn`, expects a SchedulingError with `code` (and a message matching `message`), returns it. */
export function expectSchedulingError(fn: () => unknown, code: SchedulingErrorCode, message?: RegExp | string): SchedulingError {
  let thrown: unknown;
  try {
    fn();
  } catch (error) {
    thrown = error;
  }
  expect(thrown, `expected a ${code} error`).toBeInstanceOf(SchedulingError);
  const error = thrown as SchedulingError;
  expect(error.code).toBe(code);
  if (typeof message === 'string') expect(error.message).toBe(message);
  else if (message) expect(error.message).toMatch(message);
  return error;
}

/** `2026-03-09 09:00–12:00` in the zone: how a receptionist would read an interval. */
export function localText(zone: ClinicTimeZone, interval: Interval): string {
  const start = zone.toLocal(interval.start);
  const end = zone.toLocal(interval.end);
  return `${start.date} ${start.time}–${end.date === start.date ? '' : `${end.date} `}${end.time}`;
}
