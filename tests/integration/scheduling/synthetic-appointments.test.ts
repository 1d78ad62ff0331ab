import { describe, expect, it } from 'vitest';
import { generateAppointments } from '../../../scripts/synthetic/appointments';
import { generatePatients } from '../../../scripts/synthetic/patients';
import type { Appointment, Conflict } from '../../../src-shared/scheduling/schema';
import { freshTestAppPerTest, type TestApp } from '../../support/test-app';

let app: TestApp;
freshTestAppPerTest((opened) => (app = opened));

const OCCUPYING = `('booked', 'confirmed', 'arrived', 'roomed', 'with_provider', 'checked_out')`;

describe('synthetic appointments', () => {
  it('a year of a small clinic, loaded in bulk, obeying the booking rules and readable through the app', async () => {
    generatePatients(app.database, { patients: 3_000, seed: 9 });
    const now = new Date('2026-03-02T15:04:05.000Z');
    const result = generateAppointments(app.database, { years: 1, providers: 4, seed: 3, now });
    const sqlite = app.database.sqlite;
    const one = (query: string) => sqlite.prepare(query).pluck().get();
    const all = <T>(query: string) => sqlite.prepare(query).all() as T[];

    expect(result).toMatchObject({ providers: 4, timeZone: 'America/New_York', firstDate: '2025-03-02', lastDate: '2026-05-31', syncOps: 0 });
    expect(result.appointments).toBe(one('SELECT count(*) FROM appointments'));
    // About 30 a weekday per provider for a year and a quarter.
    expect(result.appointments).toBeGreaterThan(4 * 300 * 20);
    expect(result.appointments).toBeLessThan(4 * 380 * 40);

    // No provider, room or patient holds two appointments at once; a patient is booked at most once a day.
    const overlapsBy = (table: string, owner: string, filter: string) =>
      one(`SELECT count(*) FROM (SELECT start_at, lag(end_at) OVER (PARTITION BY ${owner} ORDER BY start_at) AS previous_end FROM ${table} WHERE ${filter}) WHERE previous_end > start_at`);
    expect(overlapsBy('appointments', 'provider_id', `status IN ${OCCUPYING}`)).toBe(0);
    expect(overlapsBy('appointment_resources', 'resource_id', 'deleted_at IS NULL')).toBe(0);
    expect(one(`SELECT count(*) FROM (SELECT patient_id, substr(start_at, 1, 10) FROM appointments GROUP BY 1, 2 HAVING count(*) > 1)`)).toBe(0);
    // Past visits are over (mostly checked out), future ones booked or confirmed; cancelled ones give their room back.
    const statuses = Object.fromEntries(all<{ status: string; n: number }>('SELECT status, count(*) AS n FROM appointments GROUP BY status').map((r) => [r.status, r.n]));
    expect(Object.keys(statuses).sort()).toEqual(['booked', 'cancelled', 'checked_out', 'confirmed', 'no_show']);
    expect(one(`SELECT count(*) FROM appointments WHERE start_at > '2026-03-02T15:04:05.000Z' AND status NOT IN ('booked', 'confirmed')`)).toBe(0);
    expect(one(`SELECT count(*) FROM appointment_resources r JOIN appointments a ON a.id = r.appointment_id WHERE (r.deleted_at IS NULL) <> (a.status IN ${OCCUPYING})`)).toBe(0);

    // References hold, the indexes and capture triggers are back, foreign keys are on.
    expect(all('PRAGMA foreign_key_check')).toEqual([]);
    expect(one('PRAGMA foreign_keys')).toBe(1);
    expect(all<{ name: string }>(`SELECT name FROM sqlite_master WHERE tbl_name = 'appointments' AND type = 'index' AND sql IS NOT NULL ORDER BY name`).map((r) => r.name)).toEqual([
      'appointments_patient_start',
      'appointments_provider_start',
      'appointments_rescheduled_to',
      'appointments_series',
      'appointments_start',
    ]);
    expect(one(`SELECT count(*) FROM sqlite_master WHERE name IN ('appointments_capture_insert', 'appointment_resources_capture_insert')`)).toBe(2);

    // Through the app: a generated weekday, and a booking over a generated appointment is refused.
    const day = await app.call('appointments.day', { date: '2026-02-10' });
    if (!day.ok) throw new Error(day.error.message);
    const { appointments, providers } = day.value as { appointments: Appointment[]; providers: { id: string }[] };
    expect(providers).toHaveLength(4);
    expect(appointments.length).toBeGreaterThan(4 * 20);
    const taken = appointments.find((a) => a.status === 'booked' || a.status === 'checked_out')!;
    const patientId = one(`SELECT id FROM patients WHERE id NOT IN (SELECT patient_id FROM appointments WHERE substr(start_at, 1, 10) = '2026-02-10') LIMIT 1`);
    const refused = await app.call('appointments.book', {
      patientId,
      providerId: taken.providerId,
      appointmentTypeId: taken.appointmentTypeId,
      date: taken.local.date,
      time: taken.local.start,
    });
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect((refused.error.details as { conflicts: Conflict[] }).conflicts.map((c) => c.appointmentId)).toContain(taken.id);
  });

  it('refuses to book for a folder without patients', () => {
    expect(() => generateAppointments(app.database, { years: 1, providers: 2 })).toThrow(/Generate patients first/);
  });
});
