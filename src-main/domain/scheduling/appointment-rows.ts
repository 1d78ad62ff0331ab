/**
 * Appointments as the views and writes return them: the row with its patient (when the session
 * may open the chart), its type's name and colour, its held rooms and devices, and local times.
 *
 * A clinic day holds hundreds of appointments: each one's patient comes from the covering index
 * `patients_label` (named, because without statistics SQLite prefers the unique id index and then
 * reads the wide patients row), and they are read as one JSON array of arrays built by SQLite,
 * which costs a fraction of turning each row into an object column by column (and then renaming
 * its keys) — the day view's budget is a few milliseconds.
 */
import { sql, type RawBuilder } from 'kysely';
import type { ClinicTimeZone } from '../../../src-shared/scheduling/clinic-time';
import type { Appointment } from '../../../src-shared/scheduling/schema';
import type { AppointmentStatusValue, PatientsTable } from '../../db/schema';
import type { Session } from '../../rpc/session';
import { mayOpen } from '../patients/service';
import type { Interval } from '../../../src-shared/scheduling/intervals';
import { epoch, fieldError, iso, localizer, MAX_APPOINTMENT_MS, type Db } from './common';

const COLUMNS = [
  'a.id',
  'a.patient_id',
  'a.provider_id',
  'a.appointment_type_id',
  'a.start_at',
  'a.end_at',
  'a.status',
  'a.status_changed_at',
  'a.note',
  'a.overbook_reason',
  'a.cancelled_by',
  'a.cancel_reason',
  'a.room_id',
  'a.rescheduled_to_id',
  'a.series_id',
  'a.occurrence_date',
  'a.created_at',
  'a.updated_at',
  'p.mrn',
  'p.given_name',
  'p.family_name',
  'p.preferred_name',
  'p.date_of_birth',
  'p.restricted',
].join(', ');
/** The rooms and devices an appointment still holds, looked up by appointment (index appointment_resources_appointment). */
const HELD_BY_APPOINTMENT = '(SELECT group_concat(r.resource_id) FROM appointment_resources AS r WHERE r.appointment_id = a.id AND r.deleted_at IS NULL)';

type Text = string;
type Maybe = string | null;
/** One appointment as COLUMNS lists it. */
type Row = [
  id: Text,
  patientId: Text,
  providerId: Text,
  appointmentTypeId: Text,
  startAt: Text,
  endAt: Text,
  status: AppointmentStatusValue,
  statusChangedAt: Text,
  note: Maybe,
  overbookReason: Maybe,
  cancelledBy: 'patient' | 'clinic' | null,
  cancelReason: Maybe,
  roomId: Maybe,
  rescheduledToId: Maybe,
  seriesId: Maybe,
  occurrenceDate: Maybe,
  createdAt: Text,
  updatedAt: Text,
  mrn: Text,
  givenName: Text,
  familyName: Text,
  preferredName: Maybe,
  dateOfBirth: Text,
  restricted: PatientsTable['restricted'],
  resourceIds: Maybe,
];

/**
 * The appointments matching `where` (a condition on `a`, the appointments table; removed rows are
 * left out), by start. Merged-away charts' appointments moved with the merge, so the patient join
 * finds the survivor.
 *
 * `within`: every match lies in this time window, so the rooms and devices held are read by room
 * and time (a few short index ranges) rather than one look-up per appointment — a day of an old
 * year is mostly not in the page cache, and each page read is decrypted.
 */
export async function selectAppointments(db: Db, zone: ClinicTimeZone, session: Session, where: RawBuilder<unknown>, within?: Interval): Promise<Appointment[]> {
  const held = within ? await heldWithin(db, within) : null;
  const types = await appointmentTypeLabels(db);
  const { rows } = await sql<{ list: string }>`
    SELECT json_group_array(json_array(${sql.raw(COLUMNS)}, ${sql.raw(held ? 'NULL' : HELD_BY_APPOINTMENT)})) AS list
    FROM appointments AS a
    JOIN patients AS p INDEXED BY patients_label ON p.id = a.patient_id
    WHERE a.deleted_at IS NULL AND ${where}`.execute(db);
  const local = localizer(zone);
  const appointments = (JSON.parse(rows[0]?.list ?? '[]') as Row[]).map((row) => toAppointment(row, session, local, types, held));
  return appointments.sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : a.providerId < b.providerId ? -1 : 1));
}

/**
 * Every appointment type's name and colour, by id: a handful of rows read once, rather than two
 * index look-ups per appointment in a join (a day holds hundreds of appointments).
 */
async function appointmentTypeLabels(db: Db): Promise<Map<string, { name: string; color: string }>> {
  const types = await db.selectFrom('appointmentTypes').select(['id', 'name', 'color']).execute();
  return new Map(types.map((type) => [type.id, { name: type.name, color: type.color }]));
}

/** Rooms and devices held by appointments overlapping the window, by appointment. */
async function heldWithin(db: Db, window: Interval): Promise<Map<string, string[]>> {
  const { rows } = await sql<{ list: string }>`
    SELECT json_group_array(json_array(appointment_id, resource_id)) AS list FROM appointment_resources
    WHERE deleted_at IS NULL AND resource_id IN (SELECT id FROM resources)
      AND start_at >= ${iso(window.start - MAX_APPOINTMENT_MS)} AND start_at < ${iso(window.end)} AND end_at > ${iso(window.start)}`.execute(db);
  const held = new Map<string, string[]>();
  for (const [appointmentId, resourceId] of JSON.parse(rows[0]?.list ?? '[]') as [string, string][]) {
    held.set(appointmentId, [...(held.get(appointmentId) ?? []), resourceId]);
  }
  return held;
}

function toAppointment(
  row: Row,
  session: Session,
  local: ReturnType<typeof localizer>,
  types: Map<string, { name: string; color: string }>,
  held: Map<string, string[]> | null,
): Appointment {
  const [
    id, patientId, providerId, appointmentTypeId, startAt, endAt, status, statusChangedAt, note, overbookReason, cancelledBy, cancelReason,
    roomId, rescheduledToId, seriesId, occurrenceDate, createdAt, updatedAt,
    mrn, givenName, familyName, preferredName, dateOfBirth, restricted, resourceIds,
  ] = row;
  const shown = mayOpen({ id: patientId, restricted }, session);
  const type = types.get(appointmentTypeId);
  return {
    id,
    patientId,
    patient: shown ? { mrn, givenName, familyName, preferredName, dateOfBirth } : null,
    restricted: restricted !== null,
    providerId,
    appointmentTypeId,
    typeName: type?.name ?? '',
    color: type?.color ?? '',
    start: startAt,
    end: endAt,
    local: local.span(epoch(startAt), epoch(endAt)),
    status,
    statusChangedAt,
    // Free text about the visit: only for those who may open the chart.
    note: shown ? note : null,
    overbookReason,
    cancelledBy,
    cancelReason: shown ? cancelReason : null,
    roomId,
    rescheduledToId,
    seriesId,
    occurrenceDate,
    resourceIds: held ? (held.get(id) ?? []) : resourceIds ? resourceIds.split(',') : [],
    createdAt,
    updatedAt,
  };
}

export async function loadAppointments(db: Db, zone: ClinicTimeZone, session: Session, ids: readonly string[]): Promise<Appointment[]> {
  if (ids.length === 0) return [];
  return selectAppointments(db, zone, session, sql`a.id IN (SELECT value FROM json_each(${JSON.stringify(ids)}))`);
}

export async function loadAppointment(db: Db, zone: ClinicTimeZone, session: Session, id: string, field = 'id'): Promise<Appointment> {
  const [appointment] = await loadAppointments(db, zone, session, [id]);
  if (!appointment) throw fieldError(field, 'No such appointment', 'NOT_FOUND');
  return appointment;
}
