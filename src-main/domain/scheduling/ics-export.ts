/** A provider's schedule as an iCalendar file, written by the core's ics.ts. */
import type { ParsedInput } from '../../../src-shared/rpc/contract';
import { dayNumber } from '../../../src-shared/scheduling/clinic-time';
import { appointmentsToICalendar } from '../../../src-shared/scheduling/ics';
import { MAX_FIND_DAYS, type Appointment } from '../../../src-shared/scheduling/schema';
import type { Clock } from '../../clock';
import type { Session } from '../../rpc/session';
import { epoch, fieldError, schedulingSettings, type Db } from './common';
import { getScheduleProvider, listResources } from './setup';
import { appointmentsBetween } from './views';

export interface IcsExport {
  fileName: string;
  contentType: 'text/calendar';
  text: string;
  events: number;
}

const patientName = (appointment: Appointment) =>
  appointment.patient ? `${appointment.patient.preferredName ?? appointment.patient.givenName} ${appointment.patient.familyName}` : undefined;

/**
 * Every appointment of the provider from `from` to `to` (clinic dates, at most a year). Cancelled and
 * rescheduled ones are written as cancelled events, so a calendar that imported an earlier export
 * drops them. Patient names only when asked, and only for charts the session may open.
 */
export async function exportProviderIcs(db: Db, clock: Clock, session: Session, input: ParsedInput<'appointments.exportIcs'>): Promise<IcsExport> {
  if (input.to < input.from) throw fieldError('to', 'Must be on or after the start date');
  if (dayNumber(input.to) - dayNumber(input.from) >= MAX_FIND_DAYS) throw fieldError('to', 'At most a year at a time');
  const { zone } = await schedulingSettings(db);
  const provider = await getScheduleProvider(db, input.providerId);
  const appointments = await appointmentsBetween(db, zone, session, [provider.id], input.from, input.to);
  const rooms = new Map((await listResources(db, { includeInactive: true })).map((resource) => [resource.id, resource.name]));
  const text = appointmentsToICalendar(
    appointments.map((appointment) => ({
      id: appointment.id,
      start: epoch(appointment.start),
      end: epoch(appointment.end),
      typeName: appointment.typeName,
      status: appointment.status,
      providerName: provider.displayName,
      location: [appointment.roomId, ...appointment.resourceIds]
        .filter((id): id is string => id !== null)
        .map((id) => rooms.get(id))
        .filter((name, index, names) => name !== undefined && names.indexOf(name) === index)
        .join(', '),
      patientName: input.includePatientNames ? patientName(appointment) : undefined,
      updatedAt: epoch(appointment.updatedAt),
    })),
    { now: clock.now().getTime(), calendarName: `${provider.displayName}, ${input.from} to ${input.to}`, includePatientNames: input.includePatientNames },
  );
  const slug = provider.displayName.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
  return { fileName: `schedule-${slug}-${input.from}-to-${input.to}.ics`, contentType: 'text/calendar', text, events: appointments.length };
}
