/**
 * Booking and changing appointments: book (checked by conflicts.ts in the same transaction),
 * reschedule (a new appointment; the old one becomes rescheduled, linked to it), cancel, and the
 * status machine of the core (src-shared/scheduling/status.ts), every change a timestamped row.
 */
import type { Selectable } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { MethodOutput, ParsedInput } from '../../../src-shared/rpc/contract';
import { MINUTE_MS, type ClinicTimeZone, type LocalDate, type LocalTime } from '../../../src-shared/scheduling/clinic-time';
import { SchedulingError } from '../../../src-shared/scheduling/errors';
import type { Interval } from '../../../src-shared/scheduling/intervals';
import { MAX_APPOINTMENT_MINUTES, MIN_APPOINTMENT_MINUTES, type Appointment } from '../../../src-shared/scheduling/schema';
import { canChangeStatus, changeStatus, occupiesSlot, undoArrival, type AppointmentStatus, type StatusChange, type StatusChangeRecord } from '../../../src-shared/scheduling/status';
import type { Clock } from '../../clock';
import type { AppointmentsTable } from '../../db/schema';
import type { Session } from '../../rpc/session';
import { mergedChartError } from '../merges/service';
import { loadAppointment } from './appointment-rows';
import { checkBooking } from './conflicts';
import { epoch, fieldError, inField, iso, MAX_APPOINTMENT_MS, schedulingSettings, type Db } from './common';
import { getResource, getScheduleProvider, getType } from './setup';

export type AppointmentRecord = Selectable<AppointmentsTable>;

export interface When {
  date: LocalDate;
  time: LocalTime;
  ambiguous?: 'earlier' | 'later' | undefined;
  durationMinutes?: number | undefined;
  endTime?: string | undefined;
}

/** The UTC interval of a local date, start time and length (or end time); a time the clocks skip is refused. */
export function resolveWhen(zone: ClinicTimeZone, when: When, defaultMinutes: number): Interval {
  const choice = when.ambiguous ? { ambiguous: when.ambiguous } : {};
  const start = inField('time', () => zone.toEpochMs(when.date, when.time, choice));
  if (when.endTime === undefined) return { start, end: start + (when.durationMinutes ?? defaultMinutes) * MINUTE_MS };
  const endTime = when.endTime;
  const end = endTime === '24:00' ? zone.dayBounds(when.date).end : inField('endTime', () => zone.toEpochMs(when.date, endTime, choice));
  if (end <= start) throw new SchedulingError('invalid_range', 'The end time must be after the start time.', { time: when.time, endTime }).toAppError('endTime');
  const minutes = (end - start) / MINUTE_MS;
  if (minutes < MIN_APPOINTMENT_MINUTES || minutes > MAX_APPOINTMENT_MINUTES) {
    throw new SchedulingError('invalid_duration', `An appointment lasts from ${MIN_APPOINTMENT_MINUTES} minutes to 12 hours.`, { minutes }).toAppError('endTime');
  }
  return { start, end };
}

/** A chart that can be booked: it exists and was not merged away (the refusal says where it went). */
export async function requirePatient(db: Db, patientId: string): Promise<void> {
  const row = await db.selectFrom('patients').select('id').where('id', '=', patientId).where('deletedAt', 'is', null).executeTakeFirst();
  if (row) return;
  const merged = await mergedChartError(db, patientId);
  throw merged ?? fieldError('patientId', 'No such patient', 'NOT_FOUND');
}

export async function appointmentRecord(db: Db, id: string, field = 'id'): Promise<AppointmentRecord> {
  const row = await db.selectFrom('appointments').selectAll().where('id', '=', id).where('deletedAt', 'is', null).executeTakeFirst();
  if (!row) throw fieldError(field, 'No such appointment', 'NOT_FOUND');
  return row;
}

export interface NewAppointment {
  id?: string;
  patientId: string;
  providerId: string;
  appointmentTypeId: string;
  resourceIds: readonly string[];
  start: number;
  end: number;
  note: string | null;
  overbookReason: string | null;
  seriesId: string | null;
  occurrenceDate: string | null;
}

/** Writes the appointment, the rooms and devices it holds, and its first status row (booked). */
export async function insertAppointment(db: Db, clock: Clock, session: Session, appointment: NewAppointment): Promise<string> {
  const now = clock.now().toISOString();
  const id = appointment.id ?? uuidv7();
  const [startAt, endAt] = [iso(appointment.start), iso(appointment.end)];
  await db
    .insertInto('appointments')
    .values({
      id,
      patientId: appointment.patientId,
      providerId: appointment.providerId,
      appointmentTypeId: appointment.appointmentTypeId,
      startAt,
      endAt,
      status: 'booked',
      statusChangedAt: now,
      note: appointment.note,
      overbookReason: appointment.overbookReason,
      cancelledBy: null,
      cancelReason: null,
      roomId: null,
      rescheduledToId: null,
      seriesId: appointment.seriesId,
      occurrenceDate: appointment.occurrenceDate,
      bookedBy: session.userId,
      createdAt: now,
      updatedAt: now,
      deletedAt: null,
    })
    .execute();
  for (const resourceId of appointment.resourceIds) {
    await db
      .insertInto('appointmentResources')
      .values({ id: uuidv7(), appointmentId: id, resourceId, startAt, endAt, createdAt: now, updatedAt: now, deletedAt: null })
      .execute();
  }
  await insertStatusRow(db, session, id, { from: null, to: 'booked', at: now });
  return id;
}

async function insertStatusRow(
  db: Db,
  session: Session,
  appointmentId: string,
  record: { from: AppointmentRecord['status'] | null; to: AppointmentRecord['status']; at: string; cancelledBy?: 'patient' | 'clinic'; reason?: string; newAppointmentId?: string; roomId?: string },
): Promise<void> {
  await db
    .insertInto('appointmentStatusChanges')
    .values({
      id: uuidv7(),
      appointmentId,
      fromStatus: record.from,
      toStatus: record.to,
      at: record.at,
      changedBy: session.userId,
      cancelledBy: record.cancelledBy ?? null,
      reason: record.reason ?? null,
      newAppointmentId: record.newAppointmentId ?? null,
      roomId: record.roomId ?? null,
      createdAt: record.at,
      updatedAt: record.at,
      deletedAt: null,
    })
    .execute();
}

/**
 * One move of the status machine (refused by the core unless legal: CONFLICT for an illegal move,
 * VALIDATION on `field` for a missing reason or a no-show before the start). An appointment that
 * stops holding its time gives back its rooms and devices.
 */
export async function applyStatusChange(db: Db, clock: Clock, session: Session, row: AppointmentRecord, change: StatusChange, field: string): Promise<void> {
  const record = inField(field, () => changeStatus({ id: row.id, status: row.status, start: epoch(row.startAt) }, change, clock.now().getTime()));
  await writeStatusChange(db, session, row, record);
}

/**
 * Undoes an arrival (the front desk's undo check-in) through the core's `undoArrival`: back to the
 * status the appointment arrived from, as its history says, with the reason. Returns that status.
 */
export async function undoAppointmentArrival(db: Db, clock: Clock, session: Session, row: AppointmentRecord, reason: string, field: string): Promise<AppointmentStatus> {
  const arrival = await db
    .selectFrom('appointmentStatusChanges')
    .select('fromStatus')
    .where('appointmentId', '=', row.id)
    .where('toStatus', '=', 'arrived')
    .where('deletedAt', 'is', null)
    .orderBy('at', 'desc')
    .orderBy('pk', 'desc')
    .executeTakeFirst();
  // No arrival in the history (it has not synced here yet): booked, where every visit starts.
  const backTo = arrival?.fromStatus ?? 'booked';
  const record = inField(field, () => undoArrival({ id: row.id, status: row.status, start: epoch(row.startAt) }, backTo, reason, clock.now().getTime()));
  await writeStatusChange(db, session, row, record);
  return record.to;
}

/** Writes a change the core accepted: the appointment's status, its history row, and the rooms and devices it gives back. */
async function writeStatusChange(db: Db, session: Session, row: AppointmentRecord, record: StatusChangeRecord): Promise<void> {
  await db
    .updateTable('appointments')
    .set({
      status: record.to,
      statusChangedAt: record.at,
      updatedAt: record.at,
      ...(record.cancelledBy ? { cancelledBy: record.cancelledBy, cancelReason: record.reason ?? null } : {}),
      ...(record.newAppointmentId ? { rescheduledToId: record.newAppointmentId } : {}),
      ...(record.roomId ? { roomId: record.roomId } : {}),
    })
    .where('id', '=', row.id)
    .execute();
  await insertStatusRow(db, session, row.id, record);
  if (occupiesSlot(record.from) && !occupiesSlot(record.to)) {
    await db
      .updateTable('appointmentResources')
      .set({ deletedAt: record.at, updatedAt: record.at })
      .where('appointmentId', '=', row.id)
      .where('deletedAt', 'is', null)
      .execute();
  }
}

async function waitingEntry(db: Db, entryId: string, patientId: string): Promise<string> {
  const entry = await db.selectFrom('waitlistEntries').select(['id', 'patientId', 'status']).where('id', '=', entryId).where('deletedAt', 'is', null).executeTakeFirst();
  if (!entry) throw fieldError('waitlistEntryId', 'No such waitlist entry', 'NOT_FOUND');
  if (entry.patientId !== patientId) throw fieldError('waitlistEntryId', 'This waitlist entry is for another patient');
  if (entry.status !== 'waiting') throw fieldError('waitlistEntryId', 'This patient is no longer waiting', 'CONFLICT');
  return entry.id;
}

export interface Booked {
  appointment: Appointment;
  overbooked: boolean;
}

export async function bookAppointment(db: Db, clock: Clock, session: Session, input: ParsedInput<'appointments.book'>): Promise<Booked> {
  const { zone } = await schedulingSettings(db);
  const provider = await getScheduleProvider(db, input.providerId, { bookable: true });
  const type = await getType(db, input.appointmentTypeId, { field: 'appointmentTypeId', bookable: true });
  await requirePatient(db, input.patientId);
  const when = resolveWhen(zone, input, type.durationMinutes);
  const entryId = input.waitlistEntryId ? await waitingEntry(db, input.waitlistEntryId, input.patientId) : null;
  const [overbooked] = await checkBooking(db, {
    zone,
    patientId: input.patientId,
    provider,
    type,
    visits: [when],
    overbookReason: input.overbookReason,
    replacing: new Set(),
  });
  const id = await insertAppointment(db, clock, session, {
    patientId: input.patientId,
    providerId: provider.id,
    appointmentTypeId: type.id,
    resourceIds: type.resourceIds,
    ...when,
    note: input.note,
    overbookReason: overbooked ? (input.overbookReason ?? null) : null,
    seriesId: null,
    occurrenceDate: null,
  });
  if (entryId) {
    const now = clock.now().toISOString();
    await db.updateTable('waitlistEntries').set({ status: 'booked', bookedAppointmentId: id, updatedAt: now }).where('id', '=', entryId).execute();
  }
  return { appointment: await loadAppointment(db, zone, session, id), overbooked: overbooked === true };
}

export interface Rescheduled {
  appointment: Appointment;
  previous: Appointment;
  overbooked: boolean;
}

/**
 * Books the new time like a new appointment (the old one's own time not counted, its length kept
 * unless another is given), then marks the old one rescheduled, linked to the new one.
 */
export async function rescheduleAppointment(
  db: Db,
  clock: Clock,
  session: Session,
  input: ParsedInput<'appointments.reschedule'> & { seriesFields?: Pick<NewAppointment, 'seriesId' | 'occurrenceDate'> },
): Promise<Rescheduled> {
  const { zone } = await schedulingSettings(db);
  const old = await appointmentRecord(db, input.id);
  const newId = uuidv7();
  // Refused first when the old appointment can no longer be moved (under way, over, cancelled).
  inField('id', () => changeStatus({ id: old.id, status: old.status, start: epoch(old.startAt) }, { to: 'rescheduled', newAppointmentId: newId }, clock.now().getTime()));
  const provider = await getScheduleProvider(db, input.providerId ?? old.providerId, { bookable: true });
  const type = await getType(db, old.appointmentTypeId, { field: 'id' });
  const when = resolveWhen(zone, input, (epoch(old.endAt) - epoch(old.startAt)) / MINUTE_MS);
  const [overbooked] = await checkBooking(db, {
    zone,
    patientId: old.patientId,
    provider,
    type,
    visits: [when],
    overbookReason: input.overbookReason,
    replacing: new Set([old.id]),
  });
  await insertAppointment(db, clock, session, {
    id: newId,
    patientId: old.patientId,
    providerId: provider.id,
    appointmentTypeId: type.id,
    resourceIds: type.resourceIds,
    ...when,
    note: old.note,
    overbookReason: overbooked ? (input.overbookReason ?? null) : null,
    ...(input.seriesFields ?? { seriesId: old.seriesId, occurrenceDate: old.occurrenceDate }),
  });
  await applyStatusChange(db, clock, session, old, { to: 'rescheduled', newAppointmentId: newId }, 'id');
  return {
    appointment: await loadAppointment(db, zone, session, newId),
    previous: await loadAppointment(db, zone, session, old.id),
    overbooked: overbooked === true,
  };
}

export async function cancelAppointment(db: Db, clock: Clock, session: Session, input: ParsedInput<'appointments.cancel'>): Promise<AppointmentRecord> {
  const old = await appointmentRecord(db, input.id);
  await applyStatusChange(db, clock, session, old, { to: 'cancelled', cancelledBy: input.cancelledBy, reason: input.reason }, 'reason');
  return old;
}

/** Patients in these statuses are in their room. */
const IN_ROOM: readonly AppointmentStatus[] = ['roomed', 'with_provider'];

/**
 * Refuses rooming into a room another patient is in now (roomed or with the provider) — CONFLICT
 * naming the room, never the patient. Only today's visits count (index appointments_start): a visit
 * left "roomed" on an earlier day does not hold the room for ever.
 */
async function assertRoomFree(db: Db, zone: ClinicTimeZone, clock: Clock, appointmentId: string, room: { id: string; name: string }): Promise<void> {
  const today = zone.dayBounds(zone.dateOf(clock.now().getTime()));
  const occupant = await db
    .selectFrom('appointments')
    .select('id')
    .where('deletedAt', 'is', null)
    .where('startAt', '>=', iso(today.start - MAX_APPOINTMENT_MS))
    .where('startAt', '<', iso(today.end))
    .where('roomId', '=', room.id)
    .where('status', 'in', IN_ROOM)
    .where('id', '<>', appointmentId)
    .executeTakeFirst();
  if (occupant) {
    throw fieldError('roomId', `${room.name} is occupied by another patient: choose another room, or move that visit on first`, 'CONFLICT', { reason: 'room_occupied', roomId: room.id });
  }
}

export async function setAppointmentStatus(db: Db, clock: Clock, session: Session, input: ParsedInput<'appointments.setStatus'>): Promise<Appointment> {
  const { zone } = await schedulingSettings(db);
  const row = await appointmentRecord(db, input.id);
  if (input.roomId !== undefined) {
    if (input.status !== 'roomed') throw fieldError('roomId', 'A room is given only when rooming the patient');
    const room = await getResource(db, input.roomId, 'roomId');
    if (room.kind !== 'room' || !room.active) throw fieldError('roomId', 'Choose a room in use');
    if (canChangeStatus(row.status, 'roomed')) await assertRoomFree(db, zone, clock, row.id, room);
  }
  const change: StatusChange = input.status === 'roomed' ? { to: 'roomed', ...(input.roomId ? { roomId: input.roomId } : {}) } : { to: input.status };
  await applyStatusChange(db, clock, session, row, change, 'status');
  return loadAppointment(db, zone, session, row.id);
}

export async function appointmentDetail(db: Db, session: Session, id: string): Promise<MethodOutput<'appointments.get'>> {
  const { zone } = await schedulingSettings(db);
  const appointment = await loadAppointment(db, zone, session, id);
  const history = await db
    .selectFrom('appointmentStatusChanges')
    .select(['fromStatus as from', 'toStatus as to', 'at', 'changedBy', 'cancelledBy', 'reason', 'newAppointmentId', 'roomId'])
    .where('appointmentId', '=', id)
    .where('deletedAt', 'is', null)
    .orderBy('at')
    .orderBy('pk')
    .execute();
  const previous = await db.selectFrom('appointments').select('id').where('rescheduledToId', '=', id).executeTakeFirst();
  // A cancellation's reason is free text about the patient: hidden with the patient (restricted chart).
  const shown = appointment.patient !== null;
  return { appointment, history: history.map((change) => (shown ? change : { ...change, reason: null })), rescheduledFromId: previous?.id ?? null };
}
