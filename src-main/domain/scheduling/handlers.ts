import type { schedulingMethods } from '../../../src-shared/scheduling/contract';
import { occupiesSlot } from '../../../src-shared/scheduling/status';
import type { AuditAction, AuditDetail } from '../audit/log';
import type { HandlerContext, Handlers } from '../../rpc/router';
import { appointmentDetail, bookAppointment, cancelAppointment, rescheduleAppointment, setAppointmentStatus, appointmentRecord } from './appointments';
import { loadAppointment } from './appointment-rows';
import { fieldError, schedulingSettings } from './common';
import { dayPdf } from './day-pdf';
import { findNextSlots } from './find-next';
import { exportProviderIcs } from './ics-export';
import { bookSeries, cancelSeries, editSeries, seriesWithAppointments } from './series';
import {
  addException,
  createResource,
  createType,
  getScheduleProvider,
  listExceptions,
  listResources,
  listScheduleProviders,
  listTemplates,
  listTypes,
  removeException,
  removeTemplate,
  saveTemplate,
  updateResource,
  updateScheduleProvider,
  updateType,
} from './setup';
import { appointmentsOutside, daySchedule, listAppointments, patientAppointments, weekSchedule } from './views';
import { addToWaitlist, freedSlot, listWaitlist, removeFromWaitlist } from './waitlist';

/** Every write of scheduling leaves one entry; details are ids, times and codes, never free text. */
async function audit(ctx: HandlerContext, action: AuditAction, entity: { type: string; id: string }, detail: AuditDetail): Promise<void> {
  await ctx.services.audit.record(ctx.db, { action, userId: ctx.session.userId, entityType: entity.type, entityId: entity.id, detail });
}

/** Appointments are recorded on their patient, so they show in the chart's access report. */
const onPatient = (patientId: string) => ({ type: 'patient', id: patientId });

export const schedulingHandlers: Pick<Handlers, keyof typeof schedulingMethods> = {
  'schedule.resources.list': async (input, { db }) => ({ items: await listResources(db, input) }),
  'schedule.resources.create': async (input, ctx) => {
    const resource = await createResource(ctx.db, ctx.clock, input);
    await audit(ctx, 'schedule.resource.create', { type: 'resource', id: resource.id }, { kind: resource.kind });
    return resource;
  },
  'schedule.resources.update': async (input, ctx) => {
    const resource = await updateResource(ctx.db, ctx.clock, input);
    await audit(ctx, 'schedule.resource.update', { type: 'resource', id: resource.id }, { kind: resource.kind, active: resource.active });
    return resource;
  },
  'schedule.types.list': async (input, { db }) => ({ items: await listTypes(db, input) }),
  'schedule.types.create': async (input, ctx) => {
    const type = await createType(ctx.db, ctx.clock, input);
    await audit(ctx, 'schedule.type.create', { type: 'appointment_type', id: type.id }, { durationMinutes: type.durationMinutes, overbookRule: type.overbookRule });
    return type;
  },
  'schedule.types.update': async (input, ctx) => {
    const type = await updateType(ctx.db, ctx.clock, input);
    await audit(ctx, 'schedule.type.update', { type: 'appointment_type', id: type.id }, {
      durationMinutes: type.durationMinutes,
      overbookRule: type.overbookRule,
      active: type.active,
    });
    return type;
  },
  'schedule.providers.list': async (input, { db }) => ({ items: await listScheduleProviders(db, input) }),
  'schedule.providers.update': async (input, ctx) => {
    const provider = await updateScheduleProvider(ctx.db, ctx.clock, input);
    await audit(ctx, 'schedule.provider.update', { type: 'provider', id: provider.id }, { color: provider.color, defaultRoomId: provider.defaultRoomId });
    return provider;
  },
  'schedule.templates.list': async ({ providerId }, { db }) => ({ items: await listTemplates(db, providerId) }),
  'schedule.templates.save': async (input, ctx) => {
    const template = await saveTemplate(ctx.db, ctx.clock, input);
    await audit(ctx, 'schedule.template.save', { type: 'provider', id: template.providerId }, { templateId: template.id, effectiveFrom: template.effectiveFrom });
    return template;
  },
  'schedule.templates.remove': async ({ id }, ctx) => {
    const template = await removeTemplate(ctx.db, ctx.clock, id);
    await audit(ctx, 'schedule.template.remove', { type: 'provider', id: template.providerId }, { templateId: template.id });
    return template;
  },
  'schedule.exceptions.list': async (input, { db }) => ({ items: await listExceptions(db, input) }),
  'schedule.exceptions.add': async (input, ctx) => {
    const exception = await addException(ctx.db, ctx.clock, input);
    await audit(ctx, 'schedule.exception.add', { type: 'provider', id: exception.providerId }, { exceptionId: exception.id, date: exception.date, kind: exception.kind });
    return { exception, appointmentsOutside: await appointmentsOutside(ctx.db, ctx.session, exception.providerId, exception.date, exception.date) };
  },
  'schedule.appointmentsOutside': async ({ providerId, from, to }, { db, session }) => {
    await getScheduleProvider(db, providerId);
    return { items: await appointmentsOutside(db, session, providerId, from, to) };
  },
  'schedule.exceptions.remove': async ({ id }, ctx) => {
    const exception = await removeException(ctx.db, ctx.clock, id);
    await audit(ctx, 'schedule.exception.remove', { type: 'provider', id: exception.providerId }, { exceptionId: exception.id, date: exception.date });
    return exception;
  },

  'appointments.book': async (input, ctx) => {
    const { appointment, overbooked } = await bookAppointment(ctx.db, ctx.clock, ctx.session, input);
    await audit(ctx, overbooked ? 'appointment.overbook' : 'appointment.book', onPatient(appointment.patientId), {
      appointmentId: appointment.id,
      providerId: appointment.providerId,
      appointmentTypeId: appointment.appointmentTypeId,
      start: appointment.start,
      ...(input.waitlistEntryId ? { waitlistEntryId: input.waitlistEntryId } : {}),
    });
    return appointment;
  },
  'appointments.get': async ({ id }, { db, session }) => appointmentDetail(db, session, id),
  'appointments.reschedule': async (input, ctx) => {
    const { appointment, previous, overbooked } = await rescheduleAppointment(ctx.db, ctx.clock, ctx.session, input);
    await audit(ctx, 'appointment.reschedule', onPatient(appointment.patientId), {
      appointmentId: appointment.id,
      previousId: previous.id,
      providerId: appointment.providerId,
      start: appointment.start,
      overbooked,
    });
    return { appointment, previous };
  },
  'appointments.cancel': async (input, ctx) => {
    const before = await cancelAppointment(ctx.db, ctx.clock, ctx.session, input);
    await audit(ctx, 'appointment.cancel', onPatient(before.patientId), { appointmentId: before.id, cancelledBy: input.cancelledBy });
    const { zone } = await schedulingSettings(ctx.db);
    return {
      appointment: await loadAppointment(ctx.db, zone, ctx.session, before.id),
      freedSlot: await freedSlot(ctx.db, ctx.clock, zone, ctx.session, before),
    };
  },
  'appointments.setStatus': async (input, ctx) => {
    const { status: from } = await appointmentRecord(ctx.db, input.id);
    const appointment = await setAppointmentStatus(ctx.db, ctx.clock, ctx.session, input);
    await audit(ctx, 'appointment.status', onPatient(appointment.patientId), { appointmentId: appointment.id, from, to: appointment.status });
    return appointment;
  },
  'appointments.day': async (input, { db, session }) => daySchedule(db, session, input),
  'appointments.week': async (input, { db, session }) => weekSchedule(db, session, input),
  'appointments.list': async (input, { db, session }) => ({ items: await listAppointments(db, session, input) }),
  'appointments.forPatient': async ({ patientId }, { db, clock, session }) => patientAppointments(db, clock, session, patientId),
  'appointments.findNext': async (input, { db, clock }) => ({ slots: await findNextSlots(db, clock, input) }),
  'appointments.bookSeries': async (input, ctx) => {
    const { series, appointments, overbooked } = await bookSeries(ctx.db, ctx.clock, ctx.session, input);
    await audit(ctx, 'appointment_series.book', onPatient(series.patientId), {
      seriesId: series.id,
      providerId: series.providerId,
      appointmentTypeId: series.appointmentTypeId,
      visits: appointments.length,
      overbooked,
    });
    return { series, appointments };
  },
  'appointments.series.get': async ({ id }, { db, session }) => seriesWithAppointments(db, session, id),
  'appointments.series.edit': async (input, ctx) => {
    const { series, appointments, moved } = await editSeries(ctx.db, ctx.clock, ctx.session, input);
    await audit(ctx, 'appointment_series.update', onPatient(series[0]!.patientId), { seriesId: series[0]!.id, scope: input.scope, moved });
    return { series, appointments };
  },
  'appointments.series.cancel': async (input, ctx) => {
    const { cancelled, freedSlots, series } = await cancelSeries(ctx.db, ctx.clock, ctx.session, input);
    await audit(ctx, 'appointment_series.cancel', onPatient(series.patientId), {
      seriesId: series.id,
      scope: input.scope,
      cancelledBy: input.cancelledBy,
      cancelled: cancelled.length,
    });
    return { cancelled, freedSlots };
  },
  'appointments.exportIcs': async (input, ctx) => {
    const exported = await exportProviderIcs(ctx.db, ctx.clock, ctx.session, input);
    await audit(ctx, 'export', { type: 'provider', id: input.providerId }, {
      what: 'provider_schedule',
      format: 'ics',
      count: exported.events,
      from: input.from,
      to: input.to,
      includePatientNames: input.includePatientNames,
    });
    return exported;
  },
  'appointments.dayPdf': async (input, ctx) => {
    const { count, ...pdf } = await dayPdf(ctx.db, ctx.clock, ctx.session, input);
    await ctx.services.audit.record(ctx.db, {
      action: 'export',
      userId: ctx.session.userId,
      detail: { what: 'day_schedule', format: 'pdf', date: input.date, by: input.by, count },
    });
    return pdf;
  },

  'waitlist.add': async (input, ctx) => {
    const entry = await addToWaitlist(ctx.db, ctx.clock, ctx.session, input);
    await audit(ctx, 'waitlist.add', onPatient(entry.patientId), { entryId: entry.id, appointmentTypeId: entry.appointmentTypeId, providerId: entry.providerId });
    return entry;
  },
  'waitlist.list': async (input, { db, session }) => ({ items: await listWaitlist(db, session, input) }),
  'waitlist.remove': async ({ id }, ctx) => {
    const entry = await removeFromWaitlist(ctx.db, ctx.clock, ctx.session, id);
    await audit(ctx, 'waitlist.remove', onPatient(entry.patientId), { entryId: entry.id });
    return entry;
  },
  'waitlist.matches': async ({ id }, { db, clock, session }) => {
    const { zone } = await schedulingSettings(db);
    const appointment = await appointmentRecord(db, id);
    if (occupiesSlot(appointment.status)) throw fieldError('id', 'This appointment still holds its time', 'CONFLICT');
    return freedSlot(db, clock, zone, session, appointment);
  },
};
