/**
 * Synthetic scheduling for synthetic patients: a clinic of N providers (weekdays 07:30–18:30 with
 * a half-hour lunch, Saturday mornings, an afternoon block kept for X-rays and procedures), an
 * X-ray room and a procedure room, seven appointment types of 10 to 40 minutes, and years of
 * bookings up to today plus 90 days ahead. Past days are about 90 % full (most checked out, some
 * cancelled or no-show, half the cancelled slots booked again); the next three weeks are nearly
 * full, then thinner, so "next available" has to look ahead. Bookings obey the app's rules: no
 * provider, room or patient is in two occupying appointments at once (a patient is booked at most
 * once a day). Drawn with a seeded PRNG; loaded in bulk like the patients (see bulkLoad).
 */
import { availabilityForDates, type AvailableInterval, type ProviderSchedule } from '../../src-shared/scheduling/availability';
import { addDays, clinicTimeZone, DAY_MS, dayNumber, MINUTE_MS, type ClinicTimeZone, type LocalDate } from '../../src-shared/scheduling/clinic-time';
import { overlaps, type Interval } from '../../src-shared/scheduling/intervals';
import { npiCheckDigit } from '../../src-shared/validation/npi';
import type { ClinicDatabase } from '../../src-main/db/clinic-db';
import { seededRandom } from '../../tests/support/seeded-random';
import { bulkLoad } from './bulk-load';
import { bulkUuidV7 } from './ids';

export interface GenerateAppointmentsOptions {
  /** Years of bookings up to today (90 days ahead are booked too). */
  years: number;
  providers: number;
  seed?: number;
  /** The zone set for the clinic when it has none. */
  timeZone?: string;
  now?: Date;
  /** Record sync ops for the rows instead of loading them as local data (see README). */
  withSyncOps?: boolean;
  onProgress?: (days: number, totalDays: number, appointments: number, elapsedMs: number) => void;
}

export interface GenerateAppointmentsResult {
  providers: number;
  appointments: number;
  resourceBookings: number;
  firstDate: LocalDate;
  lastDate: LocalDate;
  timeZone: string;
  seconds: number;
  rowsPerSecond: number;
  syncOps: number;
}

const AHEAD_DAYS = 90;
const DEFAULT_ZONE = 'America/New_York';

interface SyntheticType {
  name: string;
  minutes: number;
  weight: number;
  color: string;
  room?: 'X-ray room' | 'Procedure room';
}

const TYPES: readonly SyntheticType[] = [
  { name: 'Follow-up', minutes: 10, weight: 30, color: '#2f6fdf' },
  { name: 'Standard visit', minutes: 15, weight: 30, color: '#1f9d55' },
  { name: 'Extended visit', minutes: 20, weight: 15, color: '#6b46c1' },
  { name: 'New patient', minutes: 30, weight: 10, color: '#d97706' },
  { name: 'Annual physical', minutes: 40, weight: 5, color: '#0e7490' },
  { name: 'X-ray', minutes: 10, weight: 5, color: '#9b2c2c', room: 'X-ray room' },
  { name: 'Minor procedure', minutes: 20, weight: 5, color: '#b83280', room: 'Procedure room' },
];
const ROOMS = ['X-ray room', 'Procedure room'] as const;
const PROVIDER_COLORS = ['#2f6fdf', '#1f9d55', '#d97706', '#6b46c1', '#0e7490', '#b83280', '#9b2c2c', '#4a5568'];
const GIVEN = ['Avery', 'Jordan', 'Priya', 'Mateo', 'Grace', 'Kenji', 'Amara', 'Lucía', 'Noah', 'Olu', 'Sofia', 'Ravi', 'Hana', 'Elena', 'Tomás', 'Ines', 'Yusuf', 'Mei', 'Kofi', 'Lena'];
const FAMILY = ['Chen', 'Okafor', 'Patel', 'García', 'Hopper', 'Sato', 'Nwosu', 'Fernández', 'Kim', 'Adeyemi', 'Rossi', 'Iyer', 'Park', 'Novak', 'Silva', 'Moreau', 'Demir', 'Wang', 'Mensah', 'Berg'];

const APPOINTMENT_COLUMNS = [
  'id',
  'patient_id',
  'provider_id',
  'appointment_type_id',
  'start_at',
  'end_at',
  'status',
  'status_changed_at',
  'cancelled_by',
  'cancel_reason',
  'created_at',
  'updated_at',
] as const;
const CAPTURE_INSERT_TRIGGERS = ['appointments_capture_insert', 'appointment_resources_capture_insert'];
const LOADED_TABLES = ['appointments', 'appointment_resources'];

/** The clinic's week: long weekdays with a lunch and an afternoon block kept for room types, Saturday mornings. */
function clinicWeek(roomTypeIds: readonly string[]): ProviderSchedule {
  const weekday = {
    hours: [{ from: '07:30', to: '18:30' }],
    breaks: [{ from: '12:30', to: '13:00' }],
    reserved: [{ from: '15:00', to: '16:30', appointmentTypeIds: roomTypeIds }],
  };
  return { templates: [{ days: { mon: weekday, tue: weekday, wed: weekday, thu: weekday, fri: weekday, sat: { hours: [{ from: '08:00', to: '14:00' }] } } }] };
}

/** How full a day is: the past as it was, then nearly full for three weeks, thinning out to 90 days. */
function fillOf(daysAhead: number): number {
  if (daysAhead < 0) return 0.9;
  if (daysAhead < 21) return 0.9;
  if (daysAhead < 45) return 0.6;
  return 0.3;
}

export function generateAppointments(database: ClinicDatabase, options: GenerateAppointmentsOptions): GenerateAppointmentsResult {
  const { sqlite } = database;
  const random = seededRandom(options.seed ?? 5);
  const newId = bulkUuidV7();
  const countOf = (table: string) => sqlite.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
  const patientIds = sqlite.prepare('SELECT id FROM patients WHERE deleted_at IS NULL').pluck().all() as string[];
  if (patientIds.length < 100) throw new Error('Generate patients first: appointments need at least 100 patients to book');
  const opsBefore = countOf('sync_ops');
  const appointmentsBefore = countOf('appointments');
  const started = performance.now();
  const now = options.now ?? new Date();
  const stamp = now.toISOString();
  const plan = { tables: LOADED_TABLES, derivingTriggers: [], captureTriggers: CAPTURE_INSERT_TRIGGERS, withSyncOps: options.withSyncOps === true };

  const outcome = bulkLoad(database, plan, () => {
    const zone = clinicZone(sqlite, options.timeZone ?? DEFAULT_ZONE, stamp);
    const today = zone.dateOf(now.getTime());
    const firstDate = addDays(today, -Math.round(options.years * 365.25));
    const lastDate = addDays(today, AHEAD_DAYS);
    const setup = insertSetup(sqlite, newId, options.providers, stamp);
    const schedule = clinicWeek(setup.roomTypeIds);
    const byDay = availabilityByDay(zone, availabilityForDates(zone, schedule, firstDate, lastDate));
    const insertAppointment = sqlite.prepare(
      `INSERT INTO appointments (${APPOINTMENT_COLUMNS.join(', ')}, deleted_at) VALUES (${APPOINTMENT_COLUMNS.map(() => '?').join(', ')}, NULL)`,
    );
    const insertBooking = sqlite.prepare(
      `INSERT INTO appointment_resources (id, appointment_id, resource_id, start_at, end_at, created_at, updated_at, deleted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const pickType = weightedPicker(random, TYPES.map((type) => type.weight));
    const nowMs = now.getTime();
    let appointments = 0;
    let resourceBookings = 0;
    const first = dayNumber(firstDate);
    const last = dayNumber(lastDate);
    const todayNumber = dayNumber(today);

    for (let day = first; day <= last; day++) {
      const open = byDay.get(day) ?? [];
      if (open.length === 0) continue;
      const fill = fillOf(day - todayNumber);
      const patientsToday = new Set<number>();
      const roomsToday = new Map<string, Interval[]>(ROOMS.map((room) => [room, []]));
      const drawPatient = (): string => {
        let index = Math.floor(random() * patientIds.length);
        while (patientsToday.has(index)) index = Math.floor(random() * patientIds.length);
        patientsToday.add(index);
        return patientIds[index]!;
      };
      const book = (providerId: string, typeIndex: number, start: number, end: number, past: boolean): string => {
        const type = TYPES[typeIndex]!;
        const id = newId();
        const outcomeDraw = random();
        const status = !past ? (outcomeDraw < 0.4 ? 'confirmed' : 'booked') : outcomeDraw < 0.86 ? 'checked_out' : outcomeDraw < 0.94 ? 'cancelled' : 'no_show';
        const cancelledBy = status === 'cancelled' ? (random() < 0.75 ? 'patient' : 'clinic') : null;
        const [startAt, endAt] = [new Date(start).toISOString(), new Date(end).toISOString()];
        const bookedAt = new Date(Math.min(nowMs, start - (1 + Math.floor(random() * 40)) * DAY_MS)).toISOString();
        const changedAt = status === 'booked' ? bookedAt : status === 'confirmed' ? new Date(Math.min(nowMs, start - DAY_MS)).toISOString() : endAt;
        insertAppointment.run(id, drawPatient(), providerId, setup.typeIds[typeIndex], startAt, endAt, status, changedAt, cancelledBy, cancelledBy ? 'Could not come' : null, bookedAt, changedAt);
        if (type.room) {
          const occupying = status !== 'cancelled' && status !== 'no_show';
          insertBooking.run(newId(), id, setup.roomIds[type.room], startAt, endAt, bookedAt, changedAt, occupying ? null : changedAt);
          resourceBookings++;
          if (occupying) roomsToday.get(type.room)!.push({ start, end });
        }
        appointments++;
        return status;
      };

      for (const providerId of setup.providerIds) {
        for (const interval of open) {
          let cursor = interval.start;
          while (cursor < interval.end) {
            let typeIndex = pickType();
            const reserved = interval.allowedTypeIds !== 'any';
            if (reserved && !TYPES[typeIndex]!.room) typeIndex = random() < 0.5 ? 5 : 6;
            const type = TYPES[typeIndex]!;
            const slot = { start: cursor, end: cursor + type.minutes * MINUTE_MS };
            if (slot.end > interval.end) break;
            const roomBusy = type.room !== undefined && roomsToday.get(type.room)!.some((busy) => overlaps(busy, slot));
            if (random() >= fill || roomBusy) {
              cursor += (reserved ? 10 : 5) * MINUTE_MS;
              continue;
            }
            const status = book(providerId, typeIndex, slot.start, slot.end, slot.start < nowMs);
            // Half the slots given up were booked again.
            if (status === 'cancelled' && !type.room && random() < 0.5) book(providerId, typeIndex, slot.start, slot.end, true);
            cursor = slot.end;
          }
        }
      }
      if ((day - first) % 365 === 0 || day === last) options.onProgress?.(day - first + 1, last - first + 1, appointments, performance.now() - started);
    }
    return { zone: zone.name, firstDate, lastDate, appointments, resourceBookings };
  });

  const seconds = (performance.now() - started) / 1000;
  const appointments = countOf('appointments') - appointmentsBefore;
  return {
    providers: options.providers,
    appointments,
    resourceBookings: outcome.resourceBookings,
    firstDate: outcome.firstDate,
    lastDate: outcome.lastDate,
    timeZone: outcome.zone,
    seconds: Math.round(seconds * 100) / 100,
    rowsPerSecond: Math.round(appointments / seconds),
    syncOps: countOf('sync_ops') - opsBefore,
  };
}

/** The clinic's zone, set to `fallback` when the clinic has none yet. */
function clinicZone(sqlite: ClinicDatabase['sqlite'], fallback: string, stamp: string): ClinicTimeZone {
  const stored = sqlite.prepare(`SELECT value FROM settings WHERE id = 'clinic.time_zone'`).pluck().get() as string | undefined;
  if (stored) return clinicTimeZone(JSON.parse(stored) as string);
  sqlite.prepare(`INSERT INTO settings (id, value, updated_at) VALUES ('clinic.time_zone', ?, ?)`).run(JSON.stringify(fallback), stamp);
  return clinicTimeZone(fallback);
}

/** Providers with a colour and a template, the rooms, the types (room types linked to their room). */
function insertSetup(sqlite: ClinicDatabase['sqlite'], newId: () => string, count: number, stamp: string) {
  const times = [stamp, stamp];
  const roomIds = Object.fromEntries(
    ROOMS.map((name) => {
      const id = newId();
      sqlite.prepare(`INSERT INTO resources (id, kind, name, active, created_at, updated_at) VALUES (?, 'room', ?, 1, ?, ?)`).run(id, `${name} (synthetic)`, ...times);
      return [name, id];
    }),
  ) as Record<(typeof ROOMS)[number], string>;
  const typeIds = TYPES.map((type) => {
    const id = newId();
    sqlite
      .prepare(`INSERT INTO appointment_types (id, name, duration_minutes, color, overbook_rule, active, created_at, updated_at) VALUES (?, ?, ?, ?, 'with_reason', 1, ?, ?)`)
      .run(id, `${type.name} (synthetic)`, type.minutes, type.color, ...times);
    if (type.room) {
      sqlite
        .prepare(`INSERT INTO appointment_type_resources (id, appointment_type_id, resource_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?)`)
        .run(newId(), id, roomIds[type.room], ...times);
    }
    return id;
  });
  const roomTypeIds = TYPES.flatMap((type, index) => (type.room ? [typeIds[index]!] : []));
  const week = JSON.stringify(clinicWeek(roomTypeIds).templates[0]!.days);
  const firstNpiBase = 900_000_000 + Math.floor(Math.random() * 90_000_000);
  const providerIds = Array.from({ length: count }, (_, index) => {
    const id = newId();
    const base = String(firstNpiBase + index);
    sqlite
      .prepare(
        `INSERT INTO providers (id, given_name, family_name, credentials, specialty, npi, active, color, created_at, updated_at)
         VALUES (?, ?, ?, 'MD', 'Family medicine', ?, 1, ?, ?, ?)`,
      )
      .run(id, GIVEN[index % GIVEN.length], `${FAMILY[index % FAMILY.length]}${index >= FAMILY.length ? ` ${Math.floor(index / FAMILY.length) + 1}` : ''}`, `${base}${npiCheckDigit(base)}`, PROVIDER_COLORS[index % PROVIDER_COLORS.length], ...times);
    sqlite.prepare(`INSERT INTO availability_templates (id, provider_id, days, created_at, updated_at) VALUES (?, ?, ?, ?, ?)`).run(newId(), id, week, ...times);
    return id;
  });
  return { roomIds, typeIds, roomTypeIds, providerIds };
}

/** The clinic's bookable intervals per day (every provider has the same week). */
function availabilityByDay(zone: ClinicTimeZone, intervals: readonly AvailableInterval[]): Map<number, AvailableInterval[]> {
  const byDay = new Map<number, AvailableInterval[]>();
  for (const interval of intervals) {
    const day = dayNumber(zone.dateOf(interval.start));
    byDay.set(day, [...(byDay.get(day) ?? []), interval]);
  }
  return byDay;
}

function weightedPicker(random: () => number, weights: readonly number[]): () => number {
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  return () => {
    let draw = random() * total;
    for (const [index, weight] of weights.entries()) if ((draw -= weight) < 0) return index;
    return weights.length - 1;
  };
}
