/**
 * The day schedule as a sheet: one group per provider (or per room), each a list of rows
 * (time, patient, type, status, and the room or the provider). The printed day, the day PDF and
 * the rooms view of the day grid all read it, so they agree on who is in which room.
 */
import type { z } from 'zod';
import type { Appointment, dayOutput } from './schema';
import { STATUS_LABELS } from './status';

type Day = z.infer<typeof dayOutput>;

/** The day view's columns: providers (the default) or rooms. */
export const DAY_VIEWS = ['providers', 'rooms'] as const;
export type DayView = (typeof DAY_VIEWS)[number];

export const NO_ROOM_LABEL = 'No room';

/** The room an appointment is in: the one the patient was roomed in, else a room its type holds; null: none of `roomIds`. */
export function roomOf(appointment: Pick<Appointment, 'roomId' | 'resourceIds'>, roomIds: ReadonlySet<string>): string | null {
  if (appointment.roomId !== null && roomIds.has(appointment.roomId)) return appointment.roomId;
  return appointment.resourceIds.find((id) => roomIds.has(id)) ?? null;
}

/** The rooms of the day (not the equipment). */
export function dayRooms(day: Pick<Day, 'resources'>): Day['resources'] {
  return day.resources.filter((resource) => resource.kind === 'room');
}

/** "Lopez, Maria"; a restricted chart the session may not open stays unnamed. */
export function patientLabel(appointment: Pick<Appointment, 'patient'>): string {
  return appointment.patient ? `${appointment.patient.familyName}, ${appointment.patient.givenName}` : 'Restricted patient';
}

export interface DaySheetRow {
  id: string;
  /** "09:00–09:30" */
  time: string;
  patient: string;
  type: string;
  /** "Booked", "Booked (overbooked)" */
  status: string;
  overbooked: boolean;
  /** The room (by provider) or the provider (by room); empty when none. */
  other: string;
}

export interface DaySheet {
  /** What the last column holds: the room, or the provider. */
  otherLabel: 'Room' | 'Provider';
  groups: { id: string; title: string; rows: DaySheetRow[] }[];
  /** Appointments listed. */
  count: number;
}

/** The appointments a sheet lists: cancelled and rescheduled ones are left out (a no-show stays, marked). */
const listed = (appointment: Appointment) => appointment.status !== 'cancelled' && appointment.status !== 'rescheduled';

/** The day grouped by provider (each with its room) or by room (each with its provider; "No room" last). */
export function daySheet(day: Pick<Day, 'providers' | 'resources' | 'appointments'>, by: DayView): DaySheet {
  const appointments = day.appointments.filter(listed);
  const rooms = dayRooms(day);
  const roomIds = new Set(rooms.map((room) => room.id));
  const roomNames = new Map(rooms.map((room) => [room.id, room.name]));
  const providerNames = new Map(day.providers.map((provider) => [provider.id, provider.displayName]));
  const row = (appointment: Appointment, other: string): DaySheetRow => ({
    id: appointment.id,
    time: `${appointment.local.start}–${appointment.local.end}`,
    patient: patientLabel(appointment),
    type: appointment.typeName,
    status: `${STATUS_LABELS[appointment.status]}${appointment.overbookReason ? ' (overbooked)' : ''}`,
    overbooked: appointment.overbookReason !== null,
    other,
  });
  if (by === 'providers') {
    const groups = day.providers.map((provider) => ({
      id: provider.id,
      title: provider.displayName,
      rows: appointments
        .filter((a) => a.providerId === provider.id)
        .map((a) => {
          const room = roomOf(a, roomIds);
          return row(a, room === null ? '' : (roomNames.get(room) ?? ''));
        }),
    }));
    return { otherLabel: 'Room', groups, count: appointments.length };
  }
  const byRoom = (roomId: string | null) =>
    appointments.filter((a) => roomOf(a, roomIds) === roomId).map((a) => row(a, providerNames.get(a.providerId) ?? ''));
  const groups = [...rooms.map((room) => ({ id: room.id, title: room.name, rows: byRoom(room.id) })), { id: 'no-room', title: NO_ROOM_LABEL, rows: byRoom(null) }];
  return { otherLabel: 'Provider', groups, count: appointments.length };
}
