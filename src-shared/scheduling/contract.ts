import { z } from 'zod';
import { defineMethod } from '../rpc/define';
import {
  appointmentBookInput,
  appointmentCancelInput,
  appointmentCancelOutput,
  appointmentDetailOutput,
  appointmentIdInput,
  appointmentRescheduleInput,
  appointmentRescheduleOutput,
  appointmentSchema,
  appointmentSetStatusInput,
  appointmentTypeCreateInput,
  appointmentTypeSchema,
  appointmentTypeUpdateInput,
  bookSeriesInput,
  dayInput,
  dayOutput,
  dayPdfInput,
  dayPdfOutput,
  exceptionAddInput,
  exceptionListInput,
  exceptionRemoveInput,
  exceptionSchema,
  outsideInput,
  exportIcsInput,
  exportIcsOutput,
  findNextInput,
  findNextOutput,
  forPatientInput,
  forPatientOutput,
  freedSlotSchema,
  includeInactiveInput,
  listInput,
  resourceCreateInput,
  resourceSchema,
  resourceUpdateInput,
  scheduleProviderSchema,
  scheduleProviderUpdateInput,
  seriesCancelInput,
  seriesCancelOutput,
  seriesEditInput,
  seriesEditOutput,
  seriesIdInput,
  seriesWithAppointmentsOutput,
  templateListInput,
  templateRemoveInput,
  templateSaveInput,
  templateSchema,
  waitlistAddInput,
  waitlistEntrySchema,
  waitlistListInput,
  waitlistRemoveInput,
  weekInput,
  weekOutput,
} from './schema';

const items = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item) });

/**
 * RPC methods of scheduling (issue 5), spread into the one contract (src-shared/rpc/contract.ts).
 *
 * Permissions: reading schedules needs `patients.read` (they name patients; a restricted chart's
 * patient shows as null unless the session may open it); setting up rooms, types and templates
 * needs `schedule.manage`; booking, moving, cancelling, statuses and the waitlist need
 * `schedule.book`. Every write is audited.
 *
 * Scheduling needs the clinic's time zone (`settings.update` `timeZone`): until it is set, these
 * methods answer CONFLICT with `details.reason = 'time_zone_not_set'`.
 *
 * A booking that collides answers CONFLICT whose `details` are
 * `{ reason: 'conflicts', conflicts: Conflict[], overbookable: boolean }` (see `Conflict` in
 * schema.ts; the message names times, providers and rooms, never patients). Bad input (a date
 * that is not a date, a time the clocks skip, an end before the start, a never-ending repeat)
 * answers VALIDATION with the field and `details.reason` (the core's SchedulingError code).
 */
export const schedulingMethods = {
  // ---------------------------------------------------------------- set-up
  'schedule.resources.list': defineMethod({ input: includeInactiveInput, output: items(resourceSchema), permission: 'patients.read', kind: 'read' }),
  'schedule.resources.create': defineMethod({ input: resourceCreateInput, output: resourceSchema, permission: 'schedule.manage', kind: 'write' }),
  'schedule.resources.update': defineMethod({ input: resourceUpdateInput, output: resourceSchema, permission: 'schedule.manage', kind: 'write' }),
  'schedule.types.list': defineMethod({ input: includeInactiveInput, output: items(appointmentTypeSchema), permission: 'patients.read', kind: 'read' }),
  'schedule.types.create': defineMethod({ input: appointmentTypeCreateInput, output: appointmentTypeSchema, permission: 'schedule.manage', kind: 'write' }),
  'schedule.types.update': defineMethod({ input: appointmentTypeUpdateInput, output: appointmentTypeSchema, permission: 'schedule.manage', kind: 'write' }),
  /** Providers as schedule columns: colour and default room (every provider with includeInactive). */
  'schedule.providers.list': defineMethod({ input: includeInactiveInput, output: items(scheduleProviderSchema), permission: 'patients.read', kind: 'read' }),
  'schedule.providers.update': defineMethod({ input: scheduleProviderUpdateInput, output: scheduleProviderSchema, permission: 'schedule.manage', kind: 'write' }),
  /** A provider's weekly templates, by the date each takes effect. */
  'schedule.templates.list': defineMethod({ input: templateListInput, output: items(templateSchema), permission: 'patients.read', kind: 'read' }),
  'schedule.templates.save': defineMethod({ input: templateSaveInput, output: templateSchema, permission: 'schedule.manage', kind: 'write' }),
  'schedule.templates.remove': defineMethod({ input: templateRemoveInput, output: templateSchema, permission: 'schedule.manage', kind: 'write' }),
  'schedule.exceptions.list': defineMethod({ input: exceptionListInput, output: items(exceptionSchema), permission: 'patients.read', kind: 'read' }),
  /** Also lists the provider's appointments that day now outside the bookable time (to move them). */
  'schedule.exceptions.add': defineMethod({
    input: exceptionAddInput,
    output: z.object({ exception: exceptionSchema, appointmentsOutside: z.array(appointmentSchema) }),
    permission: 'schedule.manage',
    kind: 'write',
  }),
  'schedule.exceptions.remove': defineMethod({ input: exceptionRemoveInput, output: exceptionSchema, permission: 'schedule.manage', kind: 'write' }),
  /** The provider's booked appointments from one date to another (at most a year) that no longer fit the bookable time for their type, e.g. after a template changed. */
  'schedule.appointmentsOutside': defineMethod({ input: outsideInput, output: items(appointmentSchema), permission: 'patients.read', kind: 'read' }),

  // ---------------------------------------------------------------- appointments
  /**
   * Books one appointment after checking, in the same transaction, the provider's availability for
   * the type, the provider's other appointments, every room and device the type needs, and the
   * patient's appointments with anyone. Collisions: CONFLICT (see above).
   */
  'appointments.book': defineMethod({ input: appointmentBookInput, output: appointmentSchema, permission: 'schedule.book', kind: 'write' }),
  'appointments.get': defineMethod({ input: appointmentIdInput, output: appointmentDetailOutput, permission: 'patients.read', kind: 'read' }),
  /** A new appointment at the new time (same checks, the old one's own time not counted); the old one becomes rescheduled, linked to it. */
  'appointments.reschedule': defineMethod({ input: appointmentRescheduleInput, output: appointmentRescheduleOutput, permission: 'schedule.book', kind: 'write' }),
  /** Frees the time and lists the waitlisted patients the freed slot suits. */
  'appointments.cancel': defineMethod({ input: appointmentCancelInput, output: appointmentCancelOutput, permission: 'schedule.book', kind: 'write' }),
  /** Legal moves of the status machine only; no-show once the start has passed. */
  'appointments.setStatus': defineMethod({ input: appointmentSetStatusInput, output: appointmentSchema, permission: 'schedule.book', kind: 'write' }),
  /** One clinic day: every provider's bookable time and every appointment (the day view, providers or rooms as columns). */
  'appointments.day': defineMethod({ input: dayInput, output: dayOutput, permission: 'patients.read', kind: 'read' }),
  /** One provider's week, Monday to Sunday. */
  'appointments.week': defineMethod({ input: weekInput, output: weekOutput, permission: 'patients.read', kind: 'read' }),
  /** Appointments from one date to another (at most 31 days), optionally one provider's, by start: the list view. */
  'appointments.list': defineMethod({ input: listInput, output: items(appointmentSchema), permission: 'patients.read', kind: 'read' }),
  /** A chart's appointments: upcoming (soonest first) and past (latest first). */
  'appointments.forPatient': defineMethod({ input: forPatientInput, output: forPatientOutput, permission: 'patients.read', kind: 'read' }),
  /** The first free slots (default 10 within 90 days) for a type, one provider or any, honouring preferences. */
  'appointments.findNext': defineMethod({ input: findNextInput, output: findNextOutput, permission: 'patients.read', kind: 'read' }),
  /** Every visit is checked first; any conflict answers CONFLICT listing them all (with `occurrenceDate`) and nothing is booked. */
  'appointments.bookSeries': defineMethod({ input: bookSeriesInput, output: seriesWithAppointmentsOutput, permission: 'schedule.book', kind: 'write' }),
  'appointments.series.get': defineMethod({ input: seriesIdInput, output: seriesWithAppointmentsOutput, permission: 'patients.read', kind: 'read' }),
  'appointments.series.edit': defineMethod({ input: seriesEditInput, output: seriesEditOutput, permission: 'schedule.book', kind: 'write' }),
  'appointments.series.cancel': defineMethod({ input: seriesCancelInput, output: seriesCancelOutput, permission: 'schedule.book', kind: 'write' }),
  /** A provider's appointments as an iCalendar file (audited as an export). */
  'appointments.exportIcs': defineMethod({ input: exportIcsInput, output: exportIcsOutput, permission: 'patients.read', kind: 'write' }),
  /** The day schedule as a landscape PDF, one table per provider or per room (audited as an export of the day schedule). */
  'appointments.dayPdf': defineMethod({ input: dayPdfInput, output: dayPdfOutput, permission: 'patients.read', kind: 'write' }),

  // ---------------------------------------------------------------- waitlist
  'waitlist.add': defineMethod({ input: waitlistAddInput, output: waitlistEntrySchema, permission: 'schedule.book', kind: 'write' }),
  /** Waiting entries, longest waiting first. */
  'waitlist.list': defineMethod({ input: waitlistListInput, output: items(waitlistEntrySchema), permission: 'patients.read', kind: 'read' }),
  'waitlist.remove': defineMethod({ input: waitlistRemoveInput, output: waitlistEntrySchema, permission: 'schedule.book', kind: 'write' }),
  /** The waitlisted patients a cancelled (or no-show, or rescheduled) appointment's slot suits. */
  'waitlist.matches': defineMethod({ input: appointmentIdInput, output: freedSlotSchema, permission: 'patients.read', kind: 'read' }),
} as const;
