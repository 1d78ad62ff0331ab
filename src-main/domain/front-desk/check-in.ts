/**
 * Checking a patient in at the desk, in one transaction (the router's, for a write method): today's
 * booked or confirmed appointment; identity, insurance and consents recorded; the copay posted
 * through the ledger; the appointment marked arrived through the scheduling status machine. Undo
 * within the clinic day reverses the copay and takes the appointment back where it arrived from.
 */
import { format, parseISO } from 'date-fns';
import type { Selectable } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { CheckIn, ConsentForm } from '../../../src-shared/front-desk/schema';
import type { LedgerEntry } from '../../../src-shared/ledger/schema';
import type { MethodOutput, ParsedInput } from '../../../src-shared/rpc/contract';
import type { AppError } from '../../../src-shared/rpc/errors';
import type { ClinicTimeZone } from '../../../src-shared/scheduling/clinic-time';
import { canChangeStatus, type AppointmentStatus } from '../../../src-shared/scheduling/status';
import type { Clock } from '../../clock';
import type { CheckInsTable } from '../../db/schema';
import type { Session } from '../../rpc/session';
import { coverageStatus } from '../coverages/service';
import { getEntry, postPayment, reverseEntry } from '../ledger/service';
import { openChart } from '../patients/open-chart';
import { loadAppointment } from '../scheduling/appointment-rows';
import { appointmentRecord, applyStatusChange, undoAppointmentArrival, type AppointmentRecord } from '../scheduling/appointments';
import { fieldError, schedulingSettings, type Db } from '../scheduling/common';

type CheckInRow = Selectable<CheckInsTable>;
type CheckInInput = ParsedInput<'frontDesk.checkIn'>;

const shortDate = (date: string) => format(parseISO(date), 'MM/dd/yyyy');
const clinicToday = (zone: ClinicTimeZone, clock: Clock) => zone.dateOf(clock.now().getTime());

/** The key the copay of a check-in is posted under: one copay per check-in request, however often it is retried. */
const copayKeyOf = (checkInKey: string) => `check-in:${checkInKey}`;

function refusal(field: string, message: string, reason: string, details: Record<string, unknown> = {}): AppError {
  return fieldError(field, message, 'CONFLICT', { reason, ...details });
}

/** Why an appointment that cannot arrive (by the status machine) cannot be checked in, in desk words. */
const NOT_CHECKABLE: Partial<Record<AppointmentStatus, { reason: string; message: string }>> = {
  cancelled: { reason: 'appointment_cancelled', message: 'This appointment was cancelled: book the patient again (or as a walk-in) to check them in' },
  no_show: { reason: 'appointment_no_show', message: 'This appointment was marked no-show: book the patient again (or as a walk-in) to check them in' },
  rescheduled: { reason: 'appointment_rescheduled', message: 'This appointment was rescheduled: check the patient in on the new appointment' },
};
const ALREADY_CHECKED_IN = { reason: 'already_checked_in', message: 'This patient is already checked in for this appointment' };

/** Refuses an appointment that is not today's (clinic time) or cannot arrive; changes nothing. */
export function assertCheckable(appointment: AppointmentRecord, zone: ClinicTimeZone, clock: Clock): void {
  if (!canChangeStatus(appointment.status, 'arrived')) {
    const why = NOT_CHECKABLE[appointment.status] ?? ALREADY_CHECKED_IN;
    throw refusal('appointmentId', why.message, why.reason, { status: appointment.status });
  }
  const date = zone.dateOf(appointment.startAt);
  const today = clinicToday(zone, clock);
  if (date !== today) {
    throw refusal('appointmentId', `This appointment is on ${shortDate(date)}, not today: only today’s appointments are checked in`, 'not_today', {
      appointmentDate: date,
      today,
    });
  }
}

/** The coverage confirmed at the desk: the patient's, and in effect on the day of the visit. */
async function confirmedCoverage(db: Db, patientId: string, insurance: CheckInInput['insurance'], onDate: string): Promise<string | null> {
  if (insurance.kind === 'self_pay') return null;
  const field = 'insurance.coverageId';
  const coverage = await db
    .selectFrom('coverages')
    .select(['id', 'patientId', 'effectiveFrom', 'effectiveTo'])
    .where('id', '=', insurance.coverageId)
    .where('deletedAt', 'is', null)
    .executeTakeFirst();
  if (!coverage) throw fieldError(field, 'No such coverage', 'NOT_FOUND');
  if (coverage.patientId !== patientId) throw fieldError(field, 'This coverage is another patient’s');
  const status = coverageStatus(coverage, onDate);
  if (status === 'ended') {
    throw fieldError(field, `This coverage ended on ${shortDate(coverage.effectiveTo!)}: choose another, or mark the visit self-pay`, 'VALIDATION', { reason: 'coverage_not_active', status });
  }
  if (status === 'future') {
    throw fieldError(field, `This coverage starts on ${shortDate(coverage.effectiveFrom!)}: choose another, or mark the visit self-pay`, 'VALIDATION', { reason: 'coverage_not_active', status });
  }
  return coverage.id;
}

export async function toCheckIn(db: Db, row: CheckInRow): Promise<CheckIn> {
  const userIds = [row.checkedInBy, row.undoneBy].filter((id): id is string => id !== null);
  const users = userIds.length > 0 ? await db.selectFrom('users').select(['id', 'displayName']).where('id', 'in', userIds).execute() : [];
  const user = (id: string | null) => (id === null ? null : (users.find((u) => u.id === id) ?? null));
  return {
    id: row.id,
    appointmentId: row.appointmentId,
    patientId: row.patientId,
    insurance: row.insurance,
    coverageId: row.coverageId,
    identityChecked: row.identityChecked === 1,
    consentsSigned: JSON.parse(row.consentsSigned) as ConsentForm[],
    copayEntryId: row.copayEntryId,
    checkedInAt: row.checkedInAt,
    checkedInBy: user(row.checkedInBy),
    undoneAt: row.undoneAt,
    undoneBy: user(row.undoneBy),
    undoReason: row.undoReason,
  };
}

const sortedConsents = (forms: readonly ConsentForm[]) => JSON.stringify([...forms].sort());

/** Whether a check-in made under this key is the one asked for now (a retry), rather than another. */
function isSameCheckIn(row: CheckInRow, copay: LedgerEntry | null, input: CheckInInput): boolean {
  const sameCopay =
    input.copay === null
      ? copay === null
      : copay !== null && copay.amountCents === -input.copay.amountCents && copay.method === input.copay.method && copay.reference === input.copay.reference;
  return (
    row.appointmentId === input.appointmentId &&
    row.identityChecked === (input.identityChecked ? 1 : 0) &&
    row.insurance === (input.insurance.kind === 'self_pay' ? 'self_pay' : 'coverage_confirmed') &&
    row.coverageId === (input.insurance.kind === 'coverage' ? input.insurance.coverageId : null) &&
    row.consentsSigned === sortedConsents(input.consentsSigned) &&
    sameCopay
  );
}

export interface CheckedIn {
  result: MethodOutput<'frontDesk.checkIn'>;
  /** The status the appointment arrived from; null for a replay (nothing changed). */
  arrivedFrom: AppointmentStatus | null;
}

/** The answer to a retried check-in: the check-in made under its key, as it is now (CONFLICT when the retry asks for something else). */
async function replayCheckIn(db: Db, session: Session, row: CheckInRow, input: CheckInInput): Promise<CheckedIn> {
  await openChart({ db, session }, row.patientId);
  const copay = row.copayEntryId ? await getEntry(db, row.copayEntryId) : null;
  if (!isSameCheckIn(row, copay, input)) {
    throw refusal('idempotencyKey', 'This request was already used for a different check-in: start the check-in again', 'idempotency_key_reused', {
      checkInId: row.id,
    });
  }
  const { zone } = await schedulingSettings(db);
  const appointment = await loadAppointment(db, zone, session, row.appointmentId, 'appointmentId');
  return { result: { checkIn: await toCheckIn(db, row), copay, appointment, replayed: true }, arrivedFrom: null };
}

export async function checkIn(db: Db, clock: Clock, session: Session, input: CheckInInput): Promise<CheckedIn> {
  const earlier = await db.selectFrom('checkIns').selectAll().where('idempotencyKey', '=', input.idempotencyKey).executeTakeFirst();
  if (earlier) return replayCheckIn(db, session, earlier, input);
  const { zone } = await schedulingSettings(db);
  const appointment = await appointmentRecord(db, input.appointmentId, 'appointmentId');
  await openChart({ db, session }, appointment.patientId);
  assertCheckable(appointment, zone, clock);
  const coverageId = await confirmedCoverage(db, appointment.patientId, input.insurance, zone.dateOf(appointment.startAt));
  const copay = input.copay
    ? (await postPayment(db, clock, session, { patientId: appointment.patientId, appointmentId: appointment.id, ...input.copay, idempotencyKey: copayKeyOf(input.idempotencyKey) })).entry
    : null;
  const now = clock.now().toISOString();
  const row = await db
    .insertInto('checkIns')
    .values({
      id: uuidv7(),
      appointmentId: appointment.id,
      patientId: appointment.patientId,
      insurance: coverageId === null ? 'self_pay' : 'coverage_confirmed',
      coverageId,
      identityChecked: input.identityChecked ? 1 : 0,
      consentsSigned: sortedConsents(input.consentsSigned),
      copayEntryId: copay?.id ?? null,
      idempotencyKey: input.idempotencyKey,
      checkedInAt: now,
      checkedInBy: session.userId,
      undoneAt: null,
      undoneBy: null,
      undoReason: null,
      createdAt: now,
      updatedAt: now,
      deletedAt: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await applyStatusChange(db, clock, session, appointment, { to: 'arrived' }, 'appointmentId');
  return {
    result: { checkIn: await toCheckIn(db, row), copay, appointment: await loadAppointment(db, zone, session, appointment.id), replayed: false },
    arrivedFrom: appointment.status,
  };
}

export interface UndoneCheckIn {
  result: MethodOutput<'frontDesk.undoCheckIn'>;
  backTo: AppointmentStatus;
}

/**
 * Undoes today's check-in of an appointment: refused unless it was made this clinic day and the
 * patient is not yet roomed (the core's undoArrival); the copay is reversed unless it already was.
 */
export async function undoCheckIn(db: Db, clock: Clock, session: Session, input: ParsedInput<'frontDesk.undoCheckIn'>): Promise<UndoneCheckIn> {
  const { zone } = await schedulingSettings(db);
  const appointment = await appointmentRecord(db, input.appointmentId, 'appointmentId');
  await openChart({ db, session }, appointment.patientId);
  const active = await db
    .selectFrom('checkIns')
    .selectAll()
    .where('appointmentId', '=', appointment.id)
    .where('undoneAt', 'is', null)
    .where('deletedAt', 'is', null)
    .orderBy('checkedInAt', 'desc')
    .executeTakeFirst();
  if (!active) throw refusal('appointmentId', 'This appointment is not checked in', 'not_checked_in');
  const checkedInOn = zone.dateOf(active.checkedInAt);
  if (checkedInOn !== clinicToday(zone, clock)) {
    throw refusal('appointmentId', `This check-in was made on ${shortDate(checkedInOn)}: a check-in can be undone only on its day`, 'not_same_day', { checkedInOn });
  }
  const backTo = await undoAppointmentArrival(db, clock, session, appointment, input.reason, 'reason');
  const copay = active.copayEntryId ? await getEntry(db, active.copayEntryId) : null;
  const copayReversal = copay && copay.reversedById === null ? (await reverseEntry(db, clock, session, copay.id, input.reason)).reversal : null;
  const now = clock.now().toISOString();
  const row = await db
    .updateTable('checkIns')
    .set({ undoneAt: now, undoneBy: session.userId, undoReason: input.reason, updatedAt: now })
    .where('id', '=', active.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  return {
    result: { checkIn: await toCheckIn(db, row), copayReversal, appointment: await loadAppointment(db, zone, session, appointment.id) },
    backTo,
  };
}
