import { sql, type Kysely } from 'kysely';
import { installChangeCapture } from '../src-main/sync/capture';

const ROW_TIMES = `created_at TEXT NOT NULL, updated_at TEXT NOT NULL, deleted_at TEXT`;
const ref = (table: string) => `REFERENCES ${table} (id) DEFERRABLE INITIALLY DEFERRED`;
const STATUSES = `'booked', 'confirmed', 'arrived', 'roomed', 'with_provider', 'checked_out', 'cancelled', 'no_show', 'rescheduled'`;
/** `#1a2b3c`: lower-case hex, as the services store it. */
const colour = (column: string) => `${column} GLOB '#[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]'`;
const localDate = (column: string) => `date(${column}) = ${column}`;
/** A UTC instant exactly as the services write it (`2026-03-09T14:00:00.000Z`), so text order is time order. */
const instant = (column: string) => `strftime('%Y-%m-%dT%H:%M:%fZ', ${column}) = ${column}`;
const clockTime = (column: string) => `${column} GLOB '[0-2][0-9]:[0-5][0-9]' AND ${column} <= '24:00'`;
const reason = (column: string) => `length(${column}) BETWEEN 1 AND 500`;

/**
 * Scheduling (issue 5): rooms and equipment, appointment types and the resources they need,
 * providers' weekly templates and one-off exceptions, appointments with their resource bookings
 * and status history, recurring series, and the waitlist. Conventions as in 0005: every table
 * syncs (pk + UUIDv7 id + row times, soft deletion), references are DEFERRABLE, CHECKs look at
 * one column; rules across columns (end after start, a cancel reason with a cancelled status)
 * live in src-main/domain/scheduling.
 *
 * Times: appointments hold UTC instants in one fixed ISO form, so comparing the text compares
 * the times. Templates and exceptions hold local wall-clock times (`HH:mm`): a 09:00 start stays
 * 09:00 across clock changes. The clinic's zone is a setting (`clinic.time_zone`).
 *
 * Indexes, for 10 years of a 20-provider clinic (~2,000,000 appointments):
 * - a provider's appointments by start (day and week views, conflict checks, find next
 *   available): `appointments_provider_start`, covering the conflict check's columns;
 * - a patient's appointments by start (double-booking check, the chart's list, merges):
 *   `appointments_patient_start` (not partial, so a merge's `WHERE patient_id = ?` uses it too);
 * - a room's or a device's bookings by start: `appointment_resources_resource_start`, holding
 *   only the bookings that still occupy it (a cancelled appointment's are soft-deleted).
 * An overlap query bounds `start_at` from below by the longest appointment the services accept (12
 * hours), so each check is one short index range.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const statements = [
    `CREATE TABLE resources (
       pk INTEGER PRIMARY KEY,
       id TEXT NOT NULL UNIQUE,
       kind TEXT NOT NULL CHECK (kind IN ('room', 'equipment')),
       name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
       active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
       ${ROW_TIMES}
     ) STRICT`,
    `ALTER TABLE providers ADD COLUMN color TEXT CHECK (color IS NULL OR ${colour('color')})`,
    `ALTER TABLE providers ADD COLUMN default_room_id TEXT ${ref('resources')}`,
    `CREATE TABLE appointment_types (
       pk INTEGER PRIMARY KEY,
       id TEXT NOT NULL UNIQUE,
       name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
       duration_minutes INTEGER NOT NULL CHECK (duration_minutes BETWEEN 5 AND 720),
       color TEXT NOT NULL CHECK (${colour('color')}),
       overbook_rule TEXT NOT NULL CHECK (overbook_rule IN ('never', 'with_reason', 'cap')),
       overbook_cap_per_day INTEGER CHECK (overbook_cap_per_day IS NULL OR overbook_cap_per_day BETWEEN 1 AND 50),
       active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
       ${ROW_TIMES}
     ) STRICT`,
    // A join table rather than a JSON list: "which types need this room" is one index look-up.
    `CREATE TABLE appointment_type_resources (
       pk INTEGER PRIMARY KEY,
       id TEXT NOT NULL UNIQUE,
       appointment_type_id TEXT NOT NULL ${ref('appointment_types')},
       resource_id TEXT NOT NULL ${ref('resources')},
       ${ROW_TIMES}
     ) STRICT`,
    `CREATE INDEX appointment_type_resources_type ON appointment_type_resources (appointment_type_id)`,
    `CREATE INDEX appointment_type_resources_resource ON appointment_type_resources (resource_id)`,
    `CREATE TABLE availability_templates (
       pk INTEGER PRIMARY KEY,
       id TEXT NOT NULL UNIQUE,
       provider_id TEXT NOT NULL ${ref('providers')},
       effective_from TEXT CHECK (effective_from IS NULL OR ${localDate('effective_from')}),
       effective_until TEXT CHECK (effective_until IS NULL OR ${localDate('effective_until')}),
       days TEXT NOT NULL CHECK (json_valid(days)),
       ${ROW_TIMES}
     ) STRICT`,
    `CREATE INDEX availability_templates_provider ON availability_templates (provider_id)`,
    `CREATE TABLE availability_exceptions (
       pk INTEGER PRIMARY KEY,
       id TEXT NOT NULL UNIQUE,
       provider_id TEXT NOT NULL ${ref('providers')},
       date TEXT NOT NULL CHECK (${localDate('date')}),
       kind TEXT NOT NULL CHECK (kind IN ('closed_day', 'closed', 'extra')),
       from_time TEXT CHECK (from_time IS NULL OR (${clockTime('from_time')})),
       to_time TEXT CHECK (to_time IS NULL OR (${clockTime('to_time')})),
       appointment_type_ids TEXT CHECK (appointment_type_ids IS NULL OR json_valid(appointment_type_ids)),
       label TEXT CHECK (label IS NULL OR length(label) BETWEEN 1 AND 100),
       ${ROW_TIMES}
     ) STRICT`,
    `CREATE INDEX availability_exceptions_provider_date ON availability_exceptions (provider_id, date)`,
    `CREATE TABLE appointment_series (
       pk INTEGER PRIMARY KEY,
       id TEXT NOT NULL UNIQUE,
       patient_id TEXT NOT NULL ${ref('patients')},
       provider_id TEXT NOT NULL ${ref('providers')},
       appointment_type_id TEXT NOT NULL ${ref('appointment_types')},
       start_date TEXT NOT NULL CHECK (${localDate('start_date')}),
       start_time TEXT NOT NULL CHECK (${clockTime('start_time')}),
       duration_minutes INTEGER NOT NULL CHECK (duration_minutes BETWEEN 5 AND 720),
       rule TEXT NOT NULL CHECK (length(rule) BETWEEN 1 AND 500),
       exceptions TEXT NOT NULL CHECK (json_valid(exceptions)),
       ${ROW_TIMES}
     ) STRICT`,
    `CREATE INDEX appointment_series_patient ON appointment_series (patient_id)`,
    `CREATE TABLE appointments (
       pk INTEGER PRIMARY KEY,
       id TEXT NOT NULL UNIQUE,
       patient_id TEXT NOT NULL ${ref('patients')},
       provider_id TEXT NOT NULL ${ref('providers')},
       appointment_type_id TEXT NOT NULL ${ref('appointment_types')},
       start_at TEXT NOT NULL CHECK (${instant('start_at')}),
       end_at TEXT NOT NULL CHECK (${instant('end_at')}),
       status TEXT NOT NULL CHECK (status IN (${STATUSES})),
       status_changed_at TEXT NOT NULL,
       note TEXT CHECK (note IS NULL OR ${reason('note')}),
       overbook_reason TEXT CHECK (overbook_reason IS NULL OR ${reason('overbook_reason')}),
       cancelled_by TEXT CHECK (cancelled_by IS NULL OR cancelled_by IN ('patient', 'clinic')),
       cancel_reason TEXT CHECK (cancel_reason IS NULL OR ${reason('cancel_reason')}),
       room_id TEXT ${ref('resources')},
       rescheduled_to_id TEXT ${ref('appointments')},
       series_id TEXT ${ref('appointment_series')},
       occurrence_date TEXT CHECK (occurrence_date IS NULL OR ${localDate('occurrence_date')}),
       booked_by TEXT,
       ${ROW_TIMES}
     ) STRICT`,
    `CREATE INDEX appointments_provider_start ON appointments (provider_id, start_at, end_at, status) WHERE deleted_at IS NULL`,
    `CREATE INDEX appointments_patient_start ON appointments (patient_id, start_at)`,
    `CREATE INDEX appointments_series ON appointments (series_id, occurrence_date) WHERE series_id IS NOT NULL`,
    `CREATE INDEX appointments_rescheduled_to ON appointments (rescheduled_to_id) WHERE rescheduled_to_id IS NOT NULL`,
    // The times are copied from the appointment so a room's conflict check reads this index alone.
    `CREATE TABLE appointment_resources (
       pk INTEGER PRIMARY KEY,
       id TEXT NOT NULL UNIQUE,
       appointment_id TEXT NOT NULL ${ref('appointments')},
       resource_id TEXT NOT NULL ${ref('resources')},
       start_at TEXT NOT NULL CHECK (${instant('start_at')}),
       end_at TEXT NOT NULL CHECK (${instant('end_at')}),
       ${ROW_TIMES}
     ) STRICT`,
    `CREATE INDEX appointment_resources_resource_start ON appointment_resources (resource_id, start_at, end_at) WHERE deleted_at IS NULL`,
    `CREATE INDEX appointment_resources_appointment ON appointment_resources (appointment_id)`,
    `CREATE TABLE appointment_status_changes (
       pk INTEGER PRIMARY KEY,
       id TEXT NOT NULL UNIQUE,
       appointment_id TEXT NOT NULL ${ref('appointments')},
       from_status TEXT CHECK (from_status IS NULL OR from_status IN (${STATUSES})),
       to_status TEXT NOT NULL CHECK (to_status IN (${STATUSES})),
       at TEXT NOT NULL CHECK (${instant('at')}),
       changed_by TEXT,
       cancelled_by TEXT CHECK (cancelled_by IS NULL OR cancelled_by IN ('patient', 'clinic')),
       reason TEXT CHECK (reason IS NULL OR ${reason('reason')}),
       new_appointment_id TEXT ${ref('appointments')},
       room_id TEXT ${ref('resources')},
       ${ROW_TIMES}
     ) STRICT`,
    `CREATE INDEX appointment_status_changes_appointment ON appointment_status_changes (appointment_id, at)`,
    `CREATE TABLE waitlist_entries (
       pk INTEGER PRIMARY KEY,
       id TEXT NOT NULL UNIQUE,
       patient_id TEXT NOT NULL ${ref('patients')},
       appointment_type_id TEXT NOT NULL ${ref('appointment_types')},
       provider_id TEXT ${ref('providers')},
       weekdays TEXT NOT NULL CHECK (json_valid(weekdays)),
       part_of_day TEXT CHECK (part_of_day IS NULL OR part_of_day IN ('morning', 'afternoon')),
       earliest_date TEXT CHECK (earliest_date IS NULL OR ${localDate('earliest_date')}),
       note TEXT CHECK (note IS NULL OR ${reason('note')}),
       status TEXT NOT NULL CHECK (status IN ('waiting', 'booked', 'removed')),
       booked_appointment_id TEXT ${ref('appointments')},
       ${ROW_TIMES}
     ) STRICT`,
    `CREATE INDEX waitlist_entries_patient ON waitlist_entries (patient_id)`,
    `CREATE INDEX waitlist_entries_waiting ON waitlist_entries (appointment_type_id, created_at) WHERE status = 'waiting' AND deleted_at IS NULL`,
  ];
  for (const statement of statements) await sql.raw(statement).execute(db);
  const synced = [
    'resources',
    'providers',
    'appointment_types',
    'appointment_type_resources',
    'availability_templates',
    'availability_exceptions',
    'appointment_series',
    'appointments',
    'appointment_resources',
    'appointment_status_changes',
    'waitlist_entries',
  ] as const;
  for (const table of synced) await installChangeCapture(db, table);
}
