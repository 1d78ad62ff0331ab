/**
 * Recurring series: an RFC 5545 rule with per-date exceptions (the core's recurrence.ts), stored
 * with every visit booked as its own appointment (`series_id`, `occurrence_date`), so a visit
 * never vanishes when the rule is read differently later. Booking checks every visit first and
 * reports every conflict before anything is written; editing or cancelling works on one visit,
 * this and the following ones (the series is split), or all the visits still to come.
 */
import type { Selectable } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { ParsedInput } from '../../../src-shared/rpc/contract';
import { MINUTE_MS, type ClinicTimeZone } from '../../../src-shared/scheduling/clinic-time';
import { SchedulingError } from '../../../src-shared/scheduling/errors';
import { checkSeries, expandSeries, moveOccurrence, skipOccurrence, splitSeries, weeklySeries, type Series } from '../../../src-shared/scheduling/recurrence';
import type { Appointment, AppointmentSeries } from '../../../src-shared/scheduling/schema';
import type { Clock } from '../../clock';
import type { AppointmentSeriesTable } from '../../db/schema';
import type { Session } from '../../rpc/session';
import { loadAppointments } from './appointment-rows';
import { appointmentRecord, applyStatusChange, insertAppointment, requirePatient, rescheduleAppointment, type AppointmentRecord } from './appointments';
import { epoch, fieldError, inField, schedulingSettings, type Db } from './common';
import { checkBooking } from './conflicts';
import { getScheduleProvider, getType } from './setup';
import { freedSlot, type FreedSlot } from './waitlist';

/** Cancelling many visits offers the soonest freed slots to the waitlist, not all of them. */
const FREED_SLOTS_OFFERED = 10;

type SeriesRow = Selectable<AppointmentSeriesTable>;

function toSeries(row: SeriesRow): AppointmentSeries {
  return {
    id: row.id,
    patientId: row.patientId,
    providerId: row.providerId,
    appointmentTypeId: row.appointmentTypeId,
    startDate: row.startDate,
    startTime: row.startTime,
    durationMinutes: row.durationMinutes,
    rule: row.rule,
    exceptions: JSON.parse(row.exceptions) as AppointmentSeries['exceptions'],
  };
}

const coreSeries = (series: AppointmentSeries): Series => ({ start: { date: series.startDate, time: series.startTime }, rule: series.rule, exceptions: series.exceptions });

async function seriesRow(db: Db, id: string, field = 'id'): Promise<AppointmentSeries> {
  const row = await db.selectFrom('appointmentSeries').selectAll().where('id', '=', id).where('deletedAt', 'is', null).executeTakeFirst();
  if (!row) throw fieldError(field, 'No such series', 'NOT_FOUND');
  return toSeries(row);
}

/** The series from the booking form (weekly) or from a rule; every series must end. */
function seriesOf(zone: ClinicTimeZone, input: ParsedInput<'appointments.bookSeries'>): Series {
  if (input.rule !== undefined) {
    const series = { start: { date: input.startDate, time: input.time }, rule: input.rule, exceptions: [] };
    inField('rule', () => checkSeries(zone, series));
    return series;
  }
  const end = input.count !== undefined ? { count: input.count } : input.until !== undefined ? { until: input.until } : null;
  if (!end) throw new SchedulingError('unbounded_recurrence', 'A repeating appointment needs an end: choose an end date or a number of visits.').toAppError('until');
  return inField(input.count !== undefined ? 'count' : 'until', () =>
    weeklySeries(zone, { startDate: input.startDate, time: input.time, weekdays: input.weekdays ?? [], everyWeeks: input.everyWeeks ?? 1, end }),
  );
}

export async function bookSeries(
  db: Db,
  clock: Clock,
  session: Session,
  input: ParsedInput<'appointments.bookSeries'>,
): Promise<{ series: AppointmentSeries; appointments: Appointment[]; overbooked: number }> {
  const { zone } = await schedulingSettings(db);
  const provider = await getScheduleProvider(db, input.providerId, { bookable: true });
  const type = await getType(db, input.appointmentTypeId, { field: 'appointmentTypeId', bookable: true });
  await requirePatient(db, input.patientId);
  if (input.startDate < zone.dateOf(clock.now().getTime())) throw fieldError('startDate', 'A series starts today or later');
  const series = seriesOf(zone, input);
  const durationMinutes = input.durationMinutes ?? type.durationMinutes;
  const occurrences = expandSeries(zone, series);
  const overbooked = await checkBooking(db, {
    zone,
    patientId: input.patientId,
    provider,
    type,
    visits: occurrences.map((occurrence) => ({
      start: occurrence.start,
      end: occurrence.start + durationMinutes * MINUTE_MS,
      occurrenceDate: occurrence.originalDate,
      nonexistentLocalTime: occurrence.nonexistentLocalTime,
    })),
    overbookReason: input.overbookReason,
    replacing: new Set(),
  });
  const now = clock.now().toISOString();
  const id = uuidv7();
  await db
    .insertInto('appointmentSeries')
    .values({
      id,
      patientId: input.patientId,
      providerId: provider.id,
      appointmentTypeId: type.id,
      startDate: series.start.date,
      startTime: series.start.time,
      durationMinutes,
      rule: series.rule,
      exceptions: '[]',
      createdAt: now,
      updatedAt: now,
      deletedAt: null,
    })
    .execute();
  const ids: string[] = [];
  for (const [index, occurrence] of occurrences.entries()) {
    ids.push(
      await insertAppointment(db, clock, session, {
        patientId: input.patientId,
        providerId: provider.id,
        appointmentTypeId: type.id,
        resourceIds: type.resourceIds,
        start: occurrence.start,
        end: occurrence.start + durationMinutes * MINUTE_MS,
        note: input.note,
        overbookReason: overbooked[index] ? (input.overbookReason ?? null) : null,
        seriesId: id,
        occurrenceDate: occurrence.originalDate,
      }),
    );
  }
  return { series: await seriesRow(db, id), appointments: await loadAppointments(db, zone, session, ids), overbooked: overbooked.filter(Boolean).length };
}

export async function seriesWithAppointments(db: Db, session: Session, id: string): Promise<{ series: AppointmentSeries; appointments: Appointment[] }> {
  const { zone } = await schedulingSettings(db);
  const series = await seriesRow(db, id);
  const ids = await db.selectFrom('appointments').select('id').where('seriesId', '=', id).where('deletedAt', 'is', null).execute();
  return { series, appointments: await loadAppointments(db, zone, session, ids.map((row) => row.id)) };
}

async function saveSeries(db: Db, clock: Clock, id: string, series: Series, changes: Partial<Pick<AppointmentSeries, 'providerId' | 'durationMinutes'>> = {}): Promise<void> {
  await db
    .updateTable('appointmentSeries')
    .set({
      startDate: series.start.date,
      startTime: series.start.time,
      rule: series.rule,
      exceptions: JSON.stringify(series.exceptions),
      ...changes,
      updatedAt: clock.now().toISOString(),
    })
    .where('id', '=', id)
    .execute();
}

async function seriesOfAppointment(db: Db, appointmentId: string): Promise<{ row: AppointmentRecord; series: AppointmentSeries }> {
  const row = await appointmentRecord(db, appointmentId, 'appointmentId');
  if (!row.seriesId || !row.occurrenceDate) throw fieldError('appointmentId', 'This appointment is not part of a series');
  return { row, series: await seriesRow(db, row.seriesId, 'appointmentId') };
}

/** The series' visits still to come that can move or be cancelled (booked or confirmed), from a visit's date on (or all). */
async function visitsToCome(db: Db, clock: Clock, seriesId: string, fromOccurrence: string | null): Promise<AppointmentRecord[]> {
  let query = db
    .selectFrom('appointments')
    .selectAll()
    .where('seriesId', '=', seriesId)
    .where('deletedAt', 'is', null)
    .where('status', 'in', ['booked', 'confirmed'])
    .where('startAt', '>', clock.now().toISOString());
  if (fromOccurrence) query = query.where('occurrenceDate', '>=', fromOccurrence);
  return query.orderBy('startAt').execute();
}

export async function editSeries(
  db: Db,
  clock: Clock,
  session: Session,
  input: ParsedInput<'appointments.series.edit'>,
): Promise<{ series: AppointmentSeries[]; appointments: Appointment[]; moved: number }> {
  const { zone } = await schedulingSettings(db);
  const { row, series } = await seriesOfAppointment(db, input.appointmentId);
  if (input.scope === 'one') {
    const current = zone.toLocal(row.startAt);
    const to = { date: input.date ?? current.date, time: input.time ?? current.time };
    const moved = inField('date', () => moveOccurrence(zone, coreSeries(series), row.occurrenceDate!, to));
    const { appointment } = await rescheduleAppointment(db, clock, session, {
      id: row.id,
      ...to,
      ...(input.providerId ? { providerId: input.providerId } : {}),
      durationMinutes: input.durationMinutes ?? (epoch(row.endAt) - epoch(row.startAt)) / MINUTE_MS,
      overbookReason: input.overbookReason,
      seriesFields: { seriesId: series.id, occurrenceDate: row.occurrenceDate },
    });
    await saveSeries(db, clock, series.id, moved);
    return { series: [await seriesRow(db, series.id)], appointments: [appointment], moved: 1 };
  }

  const visits = await visitsToCome(db, clock, series.id, input.scope === 'following' ? row.occurrenceDate! : null);
  if (visits.length === 0) throw fieldError('appointmentId', 'No visit of this series is still to come', 'CONFLICT');
  const provider = await getScheduleProvider(db, input.providerId ?? series.providerId, { bookable: true });
  const type = await getType(db, series.appointmentTypeId, { field: 'appointmentId' });
  const durationMinutes = input.durationMinutes ?? series.durationMinutes;
  // The visits from the first one that moves are split off into a series of their own (the earlier ones keep the old rule).
  const atDate = visits[0]!.occurrenceDate!;
  const { before, after } = inField('appointmentId', () => splitSeries(zone, coreSeries(series), atDate));
  const changed: Series = { ...after, start: { ...after.start, time: input.time ?? after.start.time } };
  const placed = new Map(expandSeries(zone, changed).map((occurrence) => [occurrence.originalDate, occurrence]));
  const planned = visits.map((visit) => {
    const occurrence = placed.get(visit.occurrenceDate!);
    const start = occurrence?.start ?? epoch(visit.startAt);
    return { visit, start, end: start + durationMinutes * MINUTE_MS, occurrenceDate: visit.occurrenceDate!, nonexistentLocalTime: occurrence?.nonexistentLocalTime ?? false };
  });
  const overbooked = await checkBooking(db, {
    zone,
    patientId: series.patientId,
    provider,
    type,
    visits: planned,
    overbookReason: input.overbookReason,
    replacing: new Set(visits.map((visit) => visit.id)),
  });

  const settings = { providerId: provider.id, durationMinutes };
  let targetId = series.id;
  if (before) {
    await saveSeries(db, clock, series.id, before);
    targetId = await insertSeries(db, clock, series, changed, settings);
    await db.updateTable('appointments').set({ seriesId: targetId }).where('seriesId', '=', series.id).where('occurrenceDate', '>=', atDate).execute();
  } else {
    await saveSeries(db, clock, series.id, changed, settings);
  }
  const newIds: string[] = [];
  for (const [index, { visit, start, end }] of planned.entries()) {
    const id = uuidv7();
    await insertAppointment(db, clock, session, {
      id,
      patientId: visit.patientId,
      providerId: provider.id,
      appointmentTypeId: type.id,
      resourceIds: type.resourceIds,
      start,
      end,
      note: visit.note,
      overbookReason: overbooked[index] ? (input.overbookReason ?? null) : null,
      seriesId: targetId,
      occurrenceDate: visit.occurrenceDate,
    });
    await applyStatusChange(db, clock, session, visit, { to: 'rescheduled', newAppointmentId: id }, 'appointmentId');
    newIds.push(id);
  }
  const seriesAfter = before ? [await seriesRow(db, series.id), await seriesRow(db, targetId)] : [await seriesRow(db, series.id)];
  return { series: seriesAfter, appointments: await loadAppointments(db, zone, session, newIds), moved: newIds.length };
}

async function insertSeries(
  db: Db,
  clock: Clock,
  from: AppointmentSeries,
  series: Series,
  settings: Pick<AppointmentSeries, 'providerId' | 'durationMinutes'>,
): Promise<string> {
  const now = clock.now().toISOString();
  const id = uuidv7();
  await db
    .insertInto('appointmentSeries')
    .values({
      id,
      patientId: from.patientId,
      appointmentTypeId: from.appointmentTypeId,
      ...settings,
      startDate: series.start.date,
      startTime: series.start.time,
      rule: series.rule,
      exceptions: JSON.stringify(series.exceptions),
      createdAt: now,
      updatedAt: now,
      deletedAt: null,
    })
    .execute();
  return id;
}

export async function cancelSeries(
  db: Db,
  clock: Clock,
  session: Session,
  input: ParsedInput<'appointments.series.cancel'>,
): Promise<{ cancelled: Appointment[]; freedSlots: FreedSlot[]; series: AppointmentSeries }> {
  const { zone } = await schedulingSettings(db);
  const { row, series } = await seriesOfAppointment(db, input.appointmentId);
  let visits: AppointmentRecord[];
  if (input.scope === 'one') {
    visits = [row];
    await saveSeries(db, clock, series.id, inField('appointmentId', () => skipOccurrence(zone, coreSeries(series), row.occurrenceDate!)));
  } else {
    visits = await visitsToCome(db, clock, series.id, input.scope === 'following' ? row.occurrenceDate! : null);
    if (visits.length === 0) throw fieldError('appointmentId', 'No visit of this series is still to come', 'CONFLICT');
    const { before } = inField('appointmentId', () => splitSeries(zone, coreSeries(series), visits[0]!.occurrenceDate!));
    // The series ends before the first cancelled visit; with nothing before it, its visits are all cancelled and it stays as it was.
    if (before) await saveSeries(db, clock, series.id, before);
  }
  for (const visit of visits) {
    await applyStatusChange(db, clock, session, visit, { to: 'cancelled', cancelledBy: input.cancelledBy, reason: input.reason }, 'reason');
  }
  const freedSlots: FreedSlot[] = [];
  for (const visit of visits.slice(0, FREED_SLOTS_OFFERED)) freedSlots.push(await freedSlot(db, clock, zone, session, visit));
  return {
    cancelled: await loadAppointments(db, zone, session, visits.map((visit) => visit.id)),
    freedSlots,
    series: await seriesRow(db, series.id),
  };
}

