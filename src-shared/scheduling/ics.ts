/**
 * iCalendar (RFC 5545) export of appointments: one VEVENT per appointment with UID, DTSTAMP and
 * DTSTART/DTEND in UTC, text escaped (§3.3.11) and lines folded at 75 octets (§3.1), CRLF endings.
 * Patient names stay out of SUMMARY unless the caller asks for them.
 */
import { type EpochMs } from './clinic-time';
import { SchedulingError } from './errors';
import { assertInterval } from './intervals';
import { STATUS_LABELS, type AppointmentStatus } from './status';

export interface IcsAppointment {
  /** Stable id; the event UID is `<id>@<uidDomain>`, so a re-export updates the same events. */
  readonly id: string;
  readonly start: EpochMs;
  readonly end: EpochMs;
  /** Appointment type name ("Follow-up"): the SUMMARY. */
  readonly typeName: string;
  readonly status: AppointmentStatus;
  readonly providerName?: string;
  /** Room, when known. */
  readonly location?: string;
  /** Only written when `includePatientNames` is set. */
  readonly patientName?: string;
  /** Last change of the appointment (LAST-MODIFIED). */
  readonly updatedAt?: EpochMs;
}

export interface IcsOptions {
  /** The export time (DTSTAMP of every event). */
  readonly now: EpochMs;
  /** Shown by calendar apps as the calendar's name (X-WR-CALNAME). */
  readonly calendarName?: string;
  readonly includePatientNames?: boolean;
  readonly productId?: string;
  readonly uidDomain?: string;
}

const DEFAULT_PRODUCT_ID = '-//Clinic Office//Scheduling//EN';
const DEFAULT_UID_DOMAIN = 'clinic-office';
const MAX_OCTETS = 75;
const CRLF = '\r\n';
const CANCELLED: ReadonlySet<AppointmentStatus> = new Set(['cancelled', 'rescheduled']);

/** A VCALENDAR holding the appointments, in the order given. */
export function appointmentsToICalendar(appointments: readonly IcsAppointment[], options: IcsOptions): string {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    `PRODID:${options.productId ?? DEFAULT_PRODUCT_ID}`,
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    ...(options.calendarName ? [`X-WR-CALNAME:${escapeText(options.calendarName)}`] : []),
    ...appointments.flatMap((appointment) => eventLines(appointment, options)),
    'END:VCALENDAR',
  ];
  return lines.map(foldLine).join(CRLF) + CRLF;
}

function eventLines(appointment: IcsAppointment, options: IcsOptions): string[] {
  if (typeof appointment.id !== 'string' || appointment.id.trim() === '') {
    throw new SchedulingError('invalid_option', 'Every exported appointment needs an id.');
  }
  assertInterval(appointment);
  const summary =
    options.includePatientNames && appointment.patientName ? `${appointment.typeName} – ${appointment.patientName}` : appointment.typeName;
  const description = [
    `Status: ${STATUS_LABELS[appointment.status]}`,
    ...(appointment.providerName ? [`Provider: ${appointment.providerName}`] : []),
  ].join('\n');
  return [
    'BEGIN:VEVENT',
    `UID:${escapeText(`${appointment.id}@${options.uidDomain ?? DEFAULT_UID_DOMAIN}`)}`,
    `DTSTAMP:${utcDateTime(options.now)}`,
    `DTSTART:${utcDateTime(appointment.start)}`,
    `DTEND:${utcDateTime(appointment.end)}`,
    ...(appointment.updatedAt !== undefined ? [`LAST-MODIFIED:${utcDateTime(appointment.updatedAt)}`] : []),
    `SUMMARY:${escapeText(summary)}`,
    `DESCRIPTION:${escapeText(description)}`,
    ...(appointment.location ? [`LOCATION:${escapeText(appointment.location)}`] : []),
    `STATUS:${CANCELLED.has(appointment.status) ? 'CANCELLED' : 'CONFIRMED'}`,
    'TRANSP:OPAQUE',
    'END:VEVENT',
  ];
}

/** RFC 5545 DATE-TIME in UTC: `20260309T140000Z`. */
export function utcDateTime(epochMs: EpochMs): string {
  if (!Number.isFinite(epochMs)) throw new SchedulingError('invalid_instant', 'An exported time is missing.');
  return new Date(epochMs).toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/[-:]/g, '');
}

/** TEXT value escaping (§3.3.11): backslash, semicolon, comma and line breaks; other control characters dropped. */
export function escapeText(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    // eslint-disable-next-line no-control-regex -- control characters are exactly what must go
    .replace(/[\x00-\x08\x0b-\x1f\x7f]/g, '')
    .replace(/[\\;,]/g, (char) => `\\${char}`)
    .replace(/\n/g, '\\n');
}

/**
 * Folds a content line so no physical line exceeds 75 octets of UTF-8 (§3.1): continuation lines
 * start with one space; a multi-byte character is never split.
 */
export function foldLine(line: string): string {
  const physical: string[] = [];
  let current = '';
  let octets = 0;
  for (const char of line) {
    const size = utf8Length(char);
    if (octets + size > MAX_OCTETS) {
      physical.push(current);
      current = ' ';
      octets = 1;
    }
    current += char;
    octets += size;
  }
  physical.push(current);
  return physical.join(CRLF);
}

function utf8Length(char: string): number {
  const codePoint = char.codePointAt(0)!;
  if (codePoint < 0x80) return 1;
  if (codePoint < 0x800) return 2;
  return codePoint < 0x10000 ? 3 : 4;
}
