/**
 * The schedule as the screens read it: one clinic day (every provider), one provider's week, a
 * date range (the list view) and a chart's appointments. Clinic dates become UTC bounds through
 * the core (a clock-change day is 23 or 25 hours long).
 */
import { sql } from 'kysely';
import type { MethodOutput, ParsedInput } from '../../../src-shared/rpc/contract';
import { addDays, clinicTimeZone, dayNumber, weekdayOf, WEEKDAYS, type ClinicTimeZone, type LocalDate } from '../../../src-shared/scheduling/clinic-time';
import { MAX_LIST_DAYS, MAX_OUTSIDE_DAYS, type Appointment } from '../../../src-shared/scheduling/schema';
import type { OpeningHours } from '../../../src-shared/scheduling/settings-schema';
import type { Clock } from '../../clock';
import type { Session } from '../../rpc/session';
import { openChart } from '../patients/open-chart';
import { selectAppointments } from './appointment-rows';
import { availabilityOut, availableOn, providerSchedules } from './availability';
import { MAX_APPOINTMENT_MS, epoch, fieldError, iso, schedulingSettings, type Db } from './common';
import { readSettings } from '../settings/service';
import { allowsType } from '../../../src-shared/scheduling/availability';
import { contains, union } from '../../../src-shared/scheduling/intervals';
import { occupiesSlot } from '../../../src-shared/scheduling/status';
import { getScheduleProvider, listResources, listScheduleProviders } from './setup';

function openingOn(openingHours: OpeningHours, date: LocalDate): { from: string; to: string } | null {
  return openingHours[weekdayOf(date)] ?? null;
}

/**
 * Appointments of the providers (or of every provider) that overlap clinic dates `from`…`to`, by
 * start (an appointment running past midnight shows on both days).
 */
export async function appointmentsBetween(
  db: Db,
  zone: ClinicTimeZone,
  session: Session,
  providers: readonly string[] | 'every',
  from: LocalDate,
  to: LocalDate,
): Promise<Appointment[]> {
  if (providers.length === 0) return [];
  const start = zone.dayBounds(from).start;
  const end = zone.dayBounds(to).end;
  const during = sql`a.start_at >= ${iso(start - MAX_APPOINTMENT_MS)} AND a.start_at < ${iso(end)} AND a.end_at > ${iso(start)}`;
  // Every provider: one range of appointments_start. Some: one range per provider of appointments_provider_start.
  const where = providers === 'every' ? during : sql`a.provider_id IN (SELECT value FROM json_each(${JSON.stringify(providers)})) AND ${during}`;
  return selectAppointments(db, zone, session, where, { start, end });
}

export async function daySchedule(db: Db, session: Session, { date }: ParsedInput<'appointments.day'>): Promise<MethodOutput<'appointments.day'>> {
  const { zone, openingHours } = await schedulingSettings(db);
  const bounds = zone.dayBounds(date);
  const everyProvider = await listScheduleProviders(db, { includeInactive: true });
  const appointments = await appointmentsBetween(db, zone, session, 'every', date, date);
  const booked = new Set(appointments.map((appointment) => appointment.providerId));
  const shown = everyProvider.filter((provider) => provider.active || booked.has(provider.id));
  const schedules = await providerSchedules(
    db,
    shown.map((provider) => provider.id),
    date,
    date,
  );
  return {
    date,
    timeZone: zone.name,
    start: iso(bounds.start),
    end: iso(bounds.end),
    openingHours: openingOn(openingHours, date),
    providers: shown.map((provider) => ({ ...provider, available: availabilityOut(availableOn(zone, schedules.get(provider.id), date, date)) })),
    resources: await listResources(db, { includeInactive: false }),
    appointments,
  };
}

/** Monday to Sunday of the week holding `date`. */
export async function weekSchedule(db: Db, session: Session, input: ParsedInput<'appointments.week'>): Promise<MethodOutput<'appointments.week'>> {
  const { zone, openingHours } = await schedulingSettings(db);
  const provider = await getScheduleProvider(db, input.providerId);
  const monday = addDays(input.date, -((WEEKDAYS.indexOf(weekdayOf(input.date)) + 6) % 7));
  const sunday = addDays(monday, 6);
  const schedule = (await providerSchedules(db, [provider.id], monday, sunday)).get(provider.id);
  const days = Array.from({ length: 7 }, (_, index) => addDays(monday, index)).map((date) => ({
    date,
    openingHours: openingOn(openingHours, date),
    available: availabilityOut(availableOn(zone, schedule, date, date)),
  }));
  return { timeZone: zone.name, provider, days, appointments: await appointmentsBetween(db, zone, session, [provider.id], monday, sunday) };
}

export async function listAppointments(db: Db, session: Session, input: ParsedInput<'appointments.list'>): Promise<Appointment[]> {
  if (input.to < input.from) throw fieldError('to', 'Must be on or after the start date');
  if (dayNumber(input.to) - dayNumber(input.from) >= MAX_LIST_DAYS) throw fieldError('to', `At most ${MAX_LIST_DAYS} days at a time`);
  const { zone } = await schedulingSettings(db);
  const providers = input.providerId ? [(await getScheduleProvider(db, input.providerId)).id] : 'every';
  const appointments = await appointmentsBetween(db, zone, session, providers, input.from, input.to);
  const statuses = input.statuses;
  return statuses ? appointments.filter((appointment) => statuses.includes(appointment.status)) : appointments;
}

/** The chart's appointments: what is still to come (soonest first) and what is over (latest first). A restricted chart needs the same right as opening it. */
export async function patientAppointments(db: Db, clock: Clock, session: Session, patientId: string): Promise<MethodOutput<'appointments.forPatient'>> {
  await openChart({ db, session }, patientId);
  const { zone } = await schedulingSettings(db);
  const appointments = await selectAppointments(db, zone, session, sql`a.patient_id = ${patientId}`);
  const now = clock.now().toISOString();
  return {
    upcoming: appointments.filter((appointment) => appointment.end > now),
    past: appointments.filter((appointment) => appointment.end <= now).reverse(),
  };
}

/**
 * The provider's appointments from one date to another that no longer fit the bookable time for
 * their type (after an exception closed part of a day, or a template changed the hours): listed
 * so the front desk can move them. Nothing before the clinic's zone is set (no appointment can
 * exist then).
 */
export async function appointmentsOutside(db: Db, session: Session, providerId: string, from: LocalDate, to: LocalDate): Promise<Appointment[]> {
  if (to < from) throw fieldError('to', 'Must be on or after the start date');
  if (dayNumber(to) - dayNumber(from) >= MAX_OUTSIDE_DAYS) throw fieldError('to', `At most ${MAX_OUTSIDE_DAYS} days at a time`);
  const { timeZone } = await readSettings(db);
  if (timeZone === null) return [];
  const zone = clinicTimeZone(timeZone);
  const available = availableOn(zone, (await providerSchedules(db, [providerId], from, to)).get(providerId), from, to);
  const held = (await appointmentsBetween(db, zone, session, [providerId], from, to)).filter(
    (appointment) => appointment.local.date >= from && appointment.local.date <= to && occupiesSlot(appointment.status),
  );
  return held.filter((appointment) => {
    const visit = { start: epoch(appointment.start), end: epoch(appointment.end) };
    const bookable = union(available.filter((interval) => allowsType(interval, appointment.appointmentTypeId)));
    return !bookable.some((interval) => contains(interval, visit));
  });
}
