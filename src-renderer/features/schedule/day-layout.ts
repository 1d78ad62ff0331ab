/**
 * Geometry of the time grid (the day and week views): which wall-clock minutes the grid spans,
 * its columns, where each provider's bookable time and each appointment sits, and side-by-side
 * lanes for appointments that overlap (an overbook). Pure functions, in the clinic's local
 * minutes of the day.
 */
import { format, parseISO } from 'date-fns';
import type { MethodOutput } from '../../../src-shared/rpc/contract';
import { clinicTimeZone, parseLocalTime } from '../../../src-shared/scheduling/clinic-time';
import { dayRooms, NO_ROOM_LABEL, roomOf, type DayView } from '../../../src-shared/scheduling/day-sheet';
import type { Appointment } from '../../../src-shared/scheduling/schema';
import { occupiesSlot } from '../../../src-shared/scheduling/status';

type Day = MethodOutput<'appointments.day'>;
type Week = MethodOutput<'appointments.week'>;

export const SLOT_MINUTES = 15;
export const PIXELS_PER_MINUTE = 1.6;
const DEFAULT_SPAN = { from: 8 * 60, to: 18 * 60 };
const END_OF_DAY = 24 * 60;

export interface MinuteSpan {
  from: number;
  to: number;
}

/** An instant as minutes of the clinic day `date` (an end at the next midnight is 24:00). */
function minutesOn(date: string, instant: string, timeZone: string): number {
  const local = clinicTimeZone(timeZone).toLocal(instant);
  if (local.date < date) return 0;
  if (local.date > date) return END_OF_DAY;
  return local.minutesOfDay;
}

export function appointmentSpan(appointment: Appointment): MinuteSpan {
  const from = parseLocalTime(appointment.local.start);
  const minutes = (Date.parse(appointment.end) - Date.parse(appointment.start)) / 60_000;
  return { from, to: Math.min(END_OF_DAY, from + Math.max(minutes, SLOT_MINUTES)) };
}

/** Whole hours covering the opening hours, every bookable interval and every appointment shown. */
function gridSpan(spans: readonly MinuteSpan[]): MinuteSpan {
  if (spans.length === 0) return DEFAULT_SPAN;
  const from = Math.min(...spans.map((s) => s.from));
  const to = Math.max(...spans.map((s) => s.to));
  return { from: Math.floor(from / 60) * 60, to: Math.min(END_OF_DAY, Math.ceil(to / 60) * 60) };
}

export function slotStarts(span: MinuteSpan): number[] {
  const starts: number[] = [];
  for (let minute = span.from; minute < span.to; minute += SLOT_MINUTES) starts.push(minute);
  return starts;
}

export function isWithin(minute: number, spans: readonly MinuteSpan[]): boolean {
  return spans.some((s) => minute >= s.from && minute + SLOT_MINUTES <= s.to);
}

/** The appointments that hold time (cancelled, no-show and rescheduled ones free it). */
function shownAppointments(appointments: readonly Appointment[]): Appointment[] {
  return appointments.filter((a) => occupiesSlot(a.status));
}

export interface PlacedAppointment {
  appointment: Appointment;
  span: MinuteSpan;
  lane: number;
  lanes: number;
}

/** Overlapping appointments of one column go side by side: each gets a lane and the count of lanes of its cluster. */
export function placeInLanes(appointments: readonly Appointment[]): PlacedAppointment[] {
  const sorted = appointments.map((appointment) => ({ appointment, span: appointmentSpan(appointment) })).sort((a, b) => a.span.from - b.span.from);
  const placed: PlacedAppointment[] = [];
  let cluster: PlacedAppointment[] = [];
  let clusterEnd = -1;
  const closeCluster = () => {
    const lanes = Math.max(1, ...cluster.map((p) => p.lane + 1));
    cluster.forEach((p) => (p.lanes = lanes));
    cluster = [];
  };
  for (const item of sorted) {
    if (item.span.from >= clusterEnd) closeCluster();
    const busyLanes = new Set(cluster.filter((p) => p.span.to > item.span.from).map((p) => p.lane));
    let lane = 0;
    while (busyLanes.has(lane)) lane += 1;
    const entry = { ...item, lane, lanes: 1 };
    cluster.push(entry);
    placed.push(entry);
    clusterEnd = Math.max(clusterEnd, item.span.to);
  }
  closeCluster();
  return placed;
}

/** The rooms view's last column: appointments in no room. */
export const NO_ROOM_COLUMN = 'no-room';

/** One column of the time grid: a provider or a room (or "No room") of a day, or a day of a provider's week. */
export interface GridColumn {
  id: string;
  /** Names the column (its heading, and its name for screen readers). */
  title: string;
  /** Bookable time: the provider's, or for a room the clinic's opening hours. */
  available: MinuteSpan[];
  /** The appointments holding time in the column. */
  appointments: Appointment[];
  /** How a free slot's label names the column: "with Grace Hopper, MD", "in Exam room 1", "Monday, March 9". */
  bookPhrase: string;
  /** The date a drop here moves an appointment to. */
  date: string;
  /** The provider a drop here moves the appointment to; null: the appointment keeps its provider (a room column takes drops of its own appointments only). */
  providerId: string | null;
}

/** A column of the day grid. */
export interface DayColumn extends GridColumn {
  color: string | null;
  inactive: boolean;
  /** Whom a booking from this column is with (a room's: the provider it is the default room of, else the first); null: nobody to book with. */
  bookWith: string | null;
}

/** The day grid's columns for the chosen view, each with its appointments that hold time. */
export function dayColumns(day: Day, view: DayView): DayColumn[] {
  const appointments = shownAppointments(day.appointments);
  if (view === 'providers') {
    return day.providers.map((provider) => ({
      id: provider.id,
      title: provider.displayName,
      color: provider.color,
      inactive: !provider.active,
      available: availableMinutes(day.date, provider.available, day.timeZone),
      appointments: appointments.filter((a) => a.providerId === provider.id),
      bookPhrase: `with ${provider.displayName}`,
      date: day.date,
      bookWith: provider.id,
      providerId: provider.id,
    }));
  }
  const rooms = dayRooms(day);
  const roomIds = new Set(rooms.map((room) => room.id));
  const opening = openingSpans(day);
  const bookable = day.providers.filter((provider) => provider.active);
  const column = (id: string, title: string, bookPhrase: string, roomId: string | null): DayColumn => ({
    id,
    title,
    color: null,
    inactive: false,
    available: opening,
    appointments: appointments.filter((a) => roomOf(a, roomIds) === roomId),
    bookPhrase,
    date: day.date,
    bookWith: (bookable.find((provider) => roomId !== null && provider.defaultRoomId === roomId) ?? bookable[0])?.id ?? null,
    providerId: null,
  });
  return [...rooms.map((room) => column(room.id, room.name, `in ${room.name}`, room.id)), column(NO_ROOM_COLUMN, NO_ROOM_LABEL, 'without a room', null)];
}

/** The week grid's columns: Monday to Sunday of the week's provider, each with its appointments that hold time. */
export function weekColumns(week: Week): GridColumn[] {
  const appointments = shownAppointments(week.appointments);
  return week.days.map((day) => {
    const named = format(parseISO(day.date), 'EEEE, MMMM d');
    return {
      id: day.date,
      title: named,
      available: availableMinutes(day.date, day.available, week.timeZone),
      appointments: appointments.filter((a) => a.local.date === day.date),
      bookPhrase: named,
      date: day.date,
      providerId: week.provider.id,
    };
  });
}

/** The clinic's opening hours of the day as minutes (none when closed or not set). */
function openingSpans(day: Pick<Day, 'openingHours'>): MinuteSpan[] {
  return day.openingHours ? [{ from: parseLocalTime(day.openingHours.from), to: parseLocalTime(day.openingHours.to, { allowEndOfDay: true }) }] : [];
}

function availableMinutes(date: string, available: readonly { start: string; end: string }[], timeZone: string): MinuteSpan[] {
  return available.map((interval) => ({ from: minutesOn(date, interval.start, timeZone), to: minutesOn(date, interval.end, timeZone) }));
}

/** The hours the day grid shows, the same in both views: opening hours, every provider's bookable time, every appointment shown. */
export function daySpan(day: Day): MinuteSpan {
  return gridSpan([
    ...openingSpans(day),
    ...day.providers.flatMap((provider) => availableMinutes(day.date, provider.available, day.timeZone)),
    ...shownAppointments(day.appointments).map(appointmentSpan),
  ]);
}

/** The hours the week grid shows: every day's opening hours and the provider's bookable time, every appointment shown. */
export function weekSpan(week: Week): MinuteSpan {
  return gridSpan([
    ...week.days.flatMap((day) => [...openingSpans(day), ...availableMinutes(day.date, day.available, week.timeZone)]),
    ...shownAppointments(week.appointments).map(appointmentSpan),
  ]);
}

/** Where a dragged appointment lands: `pointerMinute` less where it was grabbed, snapped to the slot size and kept inside the grid. */
export function dropMinute(pointerMinute: number, grabMinutes: number, durationMinutes: number, span: MinuteSpan): number {
  const snapped = Math.round((pointerMinute - grabMinutes) / SLOT_MINUTES) * SLOT_MINUTES;
  return Math.max(span.from, Math.min(snapped, span.to - Math.min(durationMinutes, span.to - span.from)));
}
