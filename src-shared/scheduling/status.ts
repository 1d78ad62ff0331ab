/**
 * The appointment status machine. A visit runs booked → confirmed → arrived → roomed →
 * with provider → checked out (confirming and rooming may be skipped); it may instead end
 * cancelled (by the patient or the clinic, with a reason), no-show, or rescheduled (linked to the
 * appointment that replaces it). Only the moves listed in NEXT_STATUSES are legal; each accepted
 * change becomes a timestamped record.
 */
import { toInstant, type EpochMs } from './clinic-time';
import { SchedulingError } from './errors';

export const APPOINTMENT_STATUSES = [
  'booked',
  'confirmed',
  'arrived',
  'roomed',
  'with_provider',
  'checked_out',
  'cancelled',
  'no_show',
  'rescheduled',
] as const;
export type AppointmentStatus = (typeof APPOINTMENT_STATUSES)[number];

export const STATUS_LABELS: Readonly<Record<AppointmentStatus, string>> = {
  booked: 'Booked',
  confirmed: 'Confirmed',
  arrived: 'Arrived',
  roomed: 'Roomed',
  with_provider: 'With provider',
  checked_out: 'Checked out',
  cancelled: 'Cancelled',
  no_show: 'No-show',
  rescheduled: 'Rescheduled',
};

/** The legal moves from each status; a status with none is terminal. */
export const NEXT_STATUSES: Readonly<Record<AppointmentStatus, readonly AppointmentStatus[]>> = {
  booked: ['confirmed', 'arrived', 'cancelled', 'no_show', 'rescheduled'],
  confirmed: ['arrived', 'cancelled', 'no_show', 'rescheduled'],
  arrived: ['roomed', 'with_provider', 'cancelled'],
  roomed: ['with_provider', 'cancelled'],
  with_provider: ['checked_out'],
  checked_out: [],
  cancelled: [],
  no_show: [],
  rescheduled: [],
};

/** Statuses whose appointment holds its time for the provider, resources and patient. */
const OCCUPYING: ReadonlySet<AppointmentStatus> = new Set(['booked', 'confirmed', 'arrived', 'roomed', 'with_provider', 'checked_out']);

export const CANCELLED_BY = ['patient', 'clinic'] as const;
export type CancelledBy = (typeof CANCELLED_BY)[number];

export const MAX_REASON_LENGTH = 500;

export type StatusChange =
  | { readonly to: 'confirmed' | 'arrived' | 'with_provider' | 'checked_out' | 'no_show' }
  | { readonly to: 'roomed'; readonly roomId?: string }
  | { readonly to: 'cancelled'; readonly cancelledBy: CancelledBy; readonly reason: string }
  | { readonly to: 'rescheduled'; readonly newAppointmentId: string };

/** One row of an appointment's status history. */
export interface StatusChangeRecord {
  readonly from: AppointmentStatus;
  readonly to: AppointmentStatus;
  /** ISO instant of the change. */
  readonly at: string;
  readonly cancelledBy?: CancelledBy;
  readonly reason?: string;
  readonly newAppointmentId?: string;
  readonly roomId?: string;
}

export interface AppointmentState {
  readonly id: string;
  readonly status: AppointmentStatus;
  /** Start of the appointment (a no-show can only be recorded once it has passed). */
  readonly start: EpochMs;
}

const DOING: Readonly<Record<AppointmentStatus, string>> = {
  booked: 'booked',
  confirmed: 'confirmed',
  arrived: 'marked arrived',
  roomed: 'roomed',
  with_provider: 'marked with provider',
  checked_out: 'checked out',
  cancelled: 'cancelled',
  no_show: 'marked no-show',
  rescheduled: 'rescheduled',
};

export function isTerminal(status: AppointmentStatus): boolean {
  return NEXT_STATUSES[status].length === 0;
}

export function occupiesSlot(status: AppointmentStatus): boolean {
  return OCCUPYING.has(status);
}

export function canChangeStatus(from: AppointmentStatus, to: AppointmentStatus): boolean {
  return NEXT_STATUSES[from]?.includes(to) ?? false;
}

/**
 * Applies a status change at `at`, or throws a SchedulingError saying why it is not allowed
 * (`illegal_transition`, `reason_required`, `link_required`, `too_early`, `invalid_option`).
 */
export function changeStatus(appointment: AppointmentState, change: StatusChange, at: EpochMs): StatusChangeRecord {
  const { status: from } = appointment;
  if (!APPOINTMENT_STATUSES.includes(from) || !APPOINTMENT_STATUSES.includes(change.to)) {
    throw new SchedulingError('invalid_option', 'Unknown appointment status.', { from: String(from), to: String(change.to) });
  }
  if (!canChangeStatus(from, change.to)) {
    throw new SchedulingError('illegal_transition', `An appointment that is ${STATUS_LABELS[from].toLowerCase()} cannot be ${DOING[change.to]}.`, {
      from,
      to: change.to,
    });
  }
  const record = { from, to: change.to, at: toInstant(at) };
  switch (change.to) {
    case 'cancelled':
      return { ...record, cancelledBy: checkCancelledBy(change.cancelledBy), reason: checkReason(change.reason, 'Give a reason for the cancellation.') };
    case 'rescheduled':
      return { ...record, newAppointmentId: checkReplacement(appointment.id, change.newAppointmentId) };
    case 'no_show':
      if (at < appointment.start) {
        throw new SchedulingError('too_early', 'An appointment can be marked no-show only once its start time has passed.');
      }
      return record;
    case 'roomed':
      return change.roomId ? { ...record, roomId: change.roomId } : record;
    default:
      return record;
  }
}

/** Where an undone check-in returns: the statuses an appointment can arrive from (booked, confirmed). */
export const BEFORE_ARRIVAL: readonly AppointmentStatus[] = APPOINTMENT_STATUSES.filter((status) => NEXT_STATUSES[status].includes('arrived'));

/**
 * Undoes a check-in (the front desk's "undo check-in", within the day): the one move backwards,
 * from arrived to the status it arrived from, with a reason. Kept out of NEXT_STATUSES, so
 * `changeStatus` still refuses every backward move; once the patient is roomed or further, the
 * arrival stands.
 */
export function undoArrival(appointment: AppointmentState, backTo: AppointmentStatus, reason: string, at: EpochMs): StatusChangeRecord {
  if (appointment.status !== 'arrived') {
    throw new SchedulingError('illegal_transition', `Only an arrival can be undone: this appointment is ${STATUS_LABELS[appointment.status].toLowerCase()}.`, {
      from: appointment.status,
      to: backTo,
    });
  }
  if (!BEFORE_ARRIVAL.includes(backTo)) {
    throw new SchedulingError('invalid_option', `An undone arrival goes back to ${BEFORE_ARRIVAL.map((s) => STATUS_LABELS[s].toLowerCase()).join(' or ')}.`, { to: String(backTo) });
  }
  return { from: 'arrived', to: backTo, at: toInstant(at), reason: checkReason(reason, 'Give a reason for undoing the check-in.') };
}

function checkCancelledBy(cancelledBy: CancelledBy): CancelledBy {
  if (!CANCELLED_BY.includes(cancelledBy)) {
    throw new SchedulingError('invalid_option', 'Say who cancelled: the patient or the clinic.');
  }
  return cancelledBy;
}

function checkReason(reason: string, missing: string): string {
  const trimmed = typeof reason === 'string' ? reason.trim() : '';
  if (trimmed === '') throw new SchedulingError('reason_required', missing);
  if (trimmed.length > MAX_REASON_LENGTH) {
    throw new SchedulingError('invalid_option', `The reason can be at most ${MAX_REASON_LENGTH} characters.`);
  }
  return trimmed;
}

function checkReplacement(appointmentId: string, newAppointmentId: string): string {
  if (typeof newAppointmentId !== 'string' || newAppointmentId.trim() === '') {
    throw new SchedulingError('link_required', 'A rescheduled appointment must be linked to the appointment that replaces it.');
  }
  if (newAppointmentId === appointmentId) {
    throw new SchedulingError('link_required', 'An appointment cannot be rescheduled to itself.');
  }
  return newAppointmentId;
}
