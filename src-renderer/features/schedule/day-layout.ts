/**
 * Geometry of the day view: which wall-clock minutes the grid spans, where each provider's
 * bookable time and each appointment sits, and side-by-side lanes for appointments that overlap
 * (an overbook). Pure functions, in the clinic's local minutes of the day.
 */
import { clinicTimeZone, parseLocalTime } from '../../../src-shared/scheduling/clinic-time';
import type { Appointment } from '../../../src-shared/scheduling/schema';
import { occupiesSlot } from '../../../src-shared/scheduling/status';

export const SLOT_MINUTES = 15;
export const PIXELS_PER_MINUTE = 1.6;
const DEFAULT_SPAN = { from: 8 * 60, to: 18 * 60 };
const END_OF_DAY = 24 * 60;

export interface MinuteSpan {
  from: number;
  to: number;
}

/** An instant as minutes of the clinic day `date` (an end at the next midnight is 24:00). */
export function minutesOn(date: string, instant: string, timeZone: string): number {
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
export function gridSpan(spans: readonly MinuteSpan[]): MinuteSpan {
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
export function shownAppointments(appointments: readonly Appointment[]): Appointment[] {
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
