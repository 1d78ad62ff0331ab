/**
 * Appointments as the views and writes return them: the row with its patient (when the session
 * may open the chart), its type's name and colour, its held rooms and devices, and local times.
 *
 * A clinic day holds hundreds of appointments: each one's patient comes from the covering index
 * `patients_label` (named, because without statistics SQLite prefers the unique id index and then
 * reads the wide patients row), and SQLite builds them as one JSON array of objects under the
 * contract's names: parsing that costs a fraction of turning rows into objects column by column,
 * and about half of parsing arrays and then making objects of them (measured: 5.6 → 3.2 ms for a
 * day's query, parse and objects) — the day view's budget is a few milliseconds.
 */
import { sql, type RawBuilder } from 'kysely';
import type { ClinicTimeZone } from '../../../src-shared/scheduling/clinic-time';
import type { Appointment } from '../../../src-shared/scheduling/schema';
import type { Session } from '../../rpc/session';
import { maySeeRestricted } from '../patients/service';
import type { Interval } from '../../../src-shared/scheduling/intervals';
import { epoch, fieldError, iso, localizer, MAX_APPOINTMENT_MS, type Db } from './common';

/** The appointment's own columns, under the contract's names. */
const OWN_FIELDS: [string, string][] = [
  ['id', 'a.id'],
  ['patientId', 'a.patient_id'],
  ['providerId', 'a.provider_id'],
  ['appointmentTypeId', 'a.appointment_type_id'],
  ['start', 'a.start_at'],
  ['end', 'a.end_at'],
  ['status', 'a.status'],
  ['statusChangedAt', 'a.status_changed_at'],
  ['note', 'a.note'],
  ['overbookReason', 'a.overbook_reason'],
  ['cancelledBy', 'a.cancelled_by'],
  ['cancelReason', 'a.cancel_reason'],
  ['roomId', 'a.room_id'],
  ['rescheduledToId', 'a.rescheduled_to_id'],
  ['seriesId', 'a.series_id'],
  ['occurrenceDate', 'a.occurrence_date'],
  ['createdAt', 'a.created_at'],
  ['updatedAt', 'a.updated_at'],
];
const PATIENT = `json_object('mrn', p.mrn, 'givenName', p.given_name, 'familyName', p.family_name, 'preferredName', p.preferred_name, 'dateOfBirth', p.date_of_birth)`;
/** The rooms and devices an appointment still holds, looked up by appointment (index appointment_resources_appointment). */
const HELD_BY_APPOINTMENT = '(SELECT group_concat(r.resource_id) FROM appointment_resources AS r WHERE r.appointment_id = a.id AND r.deleted_at IS NULL)';

/**
 * One appointment as SQLite builds it: every field of the contract's Appointment, those only the
 * service can fill (type name and colour, local times) as placeholders, and the rooms held as a
 * comma-separated list (or null when they are read by time).
 */
function appointmentObject(held: string): string {
  return `json_object(${OWN_FIELDS.map(([name, column]) => `'${name}', ${column}`).join(', ')},
    'patient', ${PATIENT}, 'restricted', json(CASE WHEN p.restricted IS NULL THEN 'false' ELSE 'true' END),
    'typeName', '', 'color', '', 'local', NULL, 'resourceIds', ${held})`;
}

/** What SQLite hands over: an Appointment but for the fields filled in `complete`. */
type Built = Omit<Appointment, 'resourceIds' | 'local'> & { resourceIds: string | null | string[]; local: Appointment['local'] | null };

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
    SELECT json_group_array(${sql.raw(appointmentObject(held ? 'NULL' : HELD_BY_APPOINTMENT))}) AS list
    FROM appointments AS a
    JOIN patients AS p INDEXED BY patients_label ON p.id = a.patient_id
    WHERE a.deleted_at IS NULL AND ${where}`.execute(db);
  const local = localizer(zone);
  const appointments = (JSON.parse(rows[0]?.list ?? '[]') as Built[]).map((built) => complete(built, session, local, types, held));
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

/**
 * Fills in what only the service knows, on the object SQLite built (no copy: a day holds hundreds):
 * the type's name and colour, local times, the rooms held, and, for a restricted chart the session
 * may not open, the patient and the free text about the visit taken out.
 */
function complete(
  built: Built,
  session: Session,
  local: ReturnType<typeof localizer>,
  types: Map<string, { name: string; color: string }>,
  held: Map<string, string[]> | null,
): Appointment {
  if (built.restricted && !maySeeRestricted(built.patientId, session)) {
    built.patient = null;
    built.note = null;
    built.cancelReason = null;
  }
  const type = types.get(built.appointmentTypeId);
  built.typeName = type?.name ?? '';
  built.color = type?.color ?? '';
  built.local = local.span(epoch(built.start), epoch(built.end));
  const listed = built.resourceIds as string | null;
  built.resourceIds = held ? (held.get(built.id) ?? []) : listed ? listed.split(',') : [];
  return built as Appointment;
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
