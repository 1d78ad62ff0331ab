/**
 * Patients who want an earlier slot (a type, a provider or any, preferred days and part of the
 * day, not before a date). A freed slot (a cancellation) lists the entries it suits, longest
 * waiting first; booking one with `appointments.book` (`waitlistEntryId`) marks it booked.
 */
import { v7 as uuidv7 } from 'uuid';
import type { ParsedInput } from '../../../src-shared/rpc/contract';
import { MINUTE_MS, weekdayOf, type ClinicTimeZone, type Weekday } from '../../../src-shared/scheduling/clinic-time';
import { overlaps } from '../../../src-shared/scheduling/intervals';
import type { WaitlistEntry } from '../../../src-shared/scheduling/schema';
import type { Clock } from '../../clock';
import type { Session } from '../../rpc/session';
import { mayOpen } from '../patients/service';
import type { AppointmentRecord } from './appointments';
import { requirePatient } from './appointments';
import { epoch, fieldError, localizer, type Db, type LocalSpan } from './common';
import { providersBusy } from './occupancy';
import { getScheduleProvider, getType } from './setup';

/** Where the morning ends, as the core's find-next-available reads it. */
const AFTERNOON_STARTS_MINUTES = 12 * 60;

function entriesQuery(db: Db) {
  return db
    .selectFrom('waitlistEntries as w')
    .innerJoin('patients as p', 'p.id', 'w.patientId')
    .innerJoin('appointmentTypes as t', 't.id', 'w.appointmentTypeId')
    .select([
      'w.id',
      'w.patientId',
      'w.appointmentTypeId',
      'w.providerId',
      'w.weekdays',
      'w.partOfDay',
      'w.earliestDate',
      'w.note',
      'w.status',
      'w.bookedAppointmentId',
      'w.createdAt',
      'p.mrn',
      'p.givenName',
      'p.familyName',
      'p.preferredName',
      'p.dateOfBirth',
      'p.restricted',
      't.durationMinutes',
    ])
    .where('w.deletedAt', 'is', null);
}

type EntryRow = Awaited<ReturnType<ReturnType<typeof entriesQuery>['execute']>>[number];

function toEntry(row: EntryRow, session: Session): WaitlistEntry {
  const shown = mayOpen({ id: row.patientId, restricted: row.restricted }, session);
  return {
    id: row.id,
    patientId: row.patientId,
    patient: shown
      ? { mrn: row.mrn, givenName: row.givenName, familyName: row.familyName, preferredName: row.preferredName, dateOfBirth: row.dateOfBirth }
      : null,
    restricted: row.restricted !== null,
    appointmentTypeId: row.appointmentTypeId,
    providerId: row.providerId,
    weekdays: JSON.parse(row.weekdays) as Weekday[],
    partOfDay: row.partOfDay,
    earliestDate: row.earliestDate,
    note: shown ? row.note : null,
    status: row.status,
    bookedAppointmentId: row.bookedAppointmentId,
    createdAt: row.createdAt,
  };
}

async function getEntry(db: Db, session: Session, id: string): Promise<WaitlistEntry> {
  const row = await entriesQuery(db).where('w.id', '=', id).executeTakeFirst();
  if (!row) throw fieldError('id', 'No such waitlist entry', 'NOT_FOUND');
  return toEntry(row, session);
}

export async function addToWaitlist(db: Db, clock: Clock, session: Session, input: ParsedInput<'waitlist.add'>): Promise<WaitlistEntry> {
  await requirePatient(db, input.patientId);
  await getType(db, input.appointmentTypeId, { field: 'appointmentTypeId', bookable: true });
  if (input.providerId) await getScheduleProvider(db, input.providerId, { bookable: true });
  const waiting = await db
    .selectFrom('waitlistEntries')
    .select('id')
    .where('patientId', '=', input.patientId)
    .where('appointmentTypeId', '=', input.appointmentTypeId)
    .where('providerId', input.providerId === null ? 'is' : '=', input.providerId)
    .where('status', '=', 'waiting')
    .where('deletedAt', 'is', null)
    .executeTakeFirst();
  if (waiting) throw fieldError('appointmentTypeId', 'This patient is already waiting for this type of appointment', 'CONFLICT', { entryId: waiting.id });
  const now = clock.now().toISOString();
  const id = uuidv7();
  await db
    .insertInto('waitlistEntries')
    .values({
      id,
      patientId: input.patientId,
      appointmentTypeId: input.appointmentTypeId,
      providerId: input.providerId,
      weekdays: JSON.stringify([...new Set(input.weekdays)]),
      partOfDay: input.partOfDay,
      earliestDate: input.earliestDate,
      note: input.note,
      status: 'waiting',
      bookedAppointmentId: null,
      createdAt: now,
      updatedAt: now,
      deletedAt: null,
    })
    .execute();
  return getEntry(db, session, id);
}

export async function removeFromWaitlist(db: Db, clock: Clock, session: Session, id: string): Promise<WaitlistEntry> {
  const entry = await getEntry(db, session, id);
  if (entry.status !== 'waiting') throw fieldError('id', 'This patient is no longer waiting', 'CONFLICT');
  await db.updateTable('waitlistEntries').set({ status: 'removed', updatedAt: clock.now().toISOString() }).where('id', '=', id).execute();
  return { ...entry, status: 'removed' };
}

export async function listWaitlist(db: Db, session: Session, input: ParsedInput<'waitlist.list'>): Promise<WaitlistEntry[]> {
  let query = entriesQuery(db).where('w.status', '=', 'waiting');
  if (input.appointmentTypeId) query = query.where('w.appointmentTypeId', '=', input.appointmentTypeId);
  if (input.patientId) query = query.where('w.patientId', '=', input.patientId);
  if (input.providerId) query = query.where((eb) => eb.or([eb('w.providerId', '=', input.providerId!), eb('w.providerId', 'is', null)]));
  return (await query.orderBy('w.createdAt').execute()).map((row) => toEntry(row, session));
}

export interface FreedSlot {
  providerId: string;
  start: string;
  end: string;
  local: LocalSpan;
  entries: WaitlistEntry[];
}

/**
 * The waiting entries a freed slot suits: the right provider (or any), a type short enough for the
 * slot, a preferred weekday and part of the day, not before the earliest date; never the patient
 * who held it. A slot already begun, or taken again, suits nobody.
 */
export async function freedSlot(db: Db, clock: Clock, zone: ClinicTimeZone, session: Session, appointment: AppointmentRecord): Promise<FreedSlot> {
  const [start, end] = [epoch(appointment.startAt), epoch(appointment.endAt)];
  const local = localizer(zone).span(start, end);
  const slot = { providerId: appointment.providerId, start: appointment.startAt, end: appointment.endAt, local };
  if (start <= clock.now().getTime()) return { ...slot, entries: [] };
  const takenAgain = (await providersBusy(db, [appointment.providerId], { start, end })).get(appointment.providerId)!.some((busy) => overlaps(busy, { start, end }));
  if (takenAgain) return { ...slot, entries: [] };
  const weekday = weekdayOf(local.date);
  const startMinutes = Number(local.start.slice(0, 2)) * 60 + Number(local.start.slice(3));
  const partOfDay = startMinutes < AFTERNOON_STARTS_MINUTES ? 'morning' : 'afternoon';
  const rows = await entriesQuery(db)
    .where('w.status', '=', 'waiting')
    .where('w.patientId', '!=', appointment.patientId)
    .where('t.durationMinutes', '<=', (end - start) / MINUTE_MS)
    .where((eb) => eb.or([eb('w.providerId', 'is', null), eb('w.providerId', '=', appointment.providerId)]))
    .where((eb) => eb.or([eb('w.partOfDay', 'is', null), eb('w.partOfDay', '=', partOfDay)]))
    .where((eb) => eb.or([eb('w.earliestDate', 'is', null), eb('w.earliestDate', '<=', local.date)]))
    .orderBy('w.createdAt')
    .execute();
  const suited = rows.filter((row) => {
    const days = JSON.parse(row.weekdays) as Weekday[];
    return days.length === 0 || days.includes(weekday);
  });
  return { ...slot, entries: suited.map((row) => toEntry(row, session)) };
}
