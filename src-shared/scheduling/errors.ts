import { AppError, type ErrorCode } from '../rpc/errors';

/** Why a scheduling value or change was refused; the message says it in front-desk words. */
export type SchedulingErrorCode =
  | 'invalid_time_zone'
  | 'invalid_date'
  | 'invalid_time'
  | 'invalid_instant'
  | 'nonexistent_local_time'
  | 'invalid_range'
  | 'invalid_duration'
  | 'invalid_option'
  | 'unbounded_recurrence'
  | 'invalid_recurrence'
  | 'not_an_occurrence'
  | 'illegal_transition'
  | 'reason_required'
  | 'link_required'
  | 'too_early';

/** State conflicts (the appointment is no longer in a state that allows the change); the rest is bad input. */
const CONFLICT_CODES: ReadonlySet<SchedulingErrorCode> = new Set(['illegal_transition']);

/**
 * Thrown by the pure scheduling modules. Messages name times, dates and zones, never patients.
 * `details` holds the same facts as data (for a UI that wants to offer the nearest valid time).
 */
export class SchedulingError extends Error {
  readonly code: SchedulingErrorCode;
  readonly details: Readonly<Record<string, string | number | boolean | null>>;

  constructor(code: SchedulingErrorCode, message: string, details: Record<string, string | number | boolean | null> = {}) {
    super(message);
    this.name = 'SchedulingError';
    this.code = code;
    this.details = details;
  }

  /** The RPC error for a handler to throw; `field` puts the message next to that form field. */
  toAppError(field?: string): AppError {
    const code: ErrorCode = CONFLICT_CODES.has(this.code) ? 'CONFLICT' : 'VALIDATION';
    return new AppError(code, this.message, {
      ...(field ? { fields: { [field]: this.message } } : {}),
      details: { reason: this.code, ...this.details },
    });
  }
}
