/**
 * Scheduling through the router on a database holding 10 years of a 20-provider clinic (about
 * 2,000,000 appointments for 100,000 patients), made once per `npm run bench` by whichever of
 * these runs first and removed at the end (nothing is cached between runs, as for patients).
 *
 * `appointments.day` opens days drawn from the whole 10 years, so most of each day's pages are
 * read from the file and decrypted (the harder case); `recent_*` are days within a few weeks of
 * today, which the front desk opens most.
 */
import { rmSync } from 'node:fs';
import type { ClinicApp } from '../../src-main/app';
import { workstationSession } from '../../src-main/rpc/session';
import { generateAppointments, type GenerateAppointmentsResult } from '../../scripts/synthetic/appointments';
import { generatePatients } from '../../scripts/synthetic/patients';
import { addDays, WEEKDAYS, type Weekday } from '../../src-shared/scheduling/clinic-time';
import { randomInt, seededRandom } from '../support/seeded-random';
import { openBenchApp, percentile, round, timeEach, type Benchmark } from './harness';

const PATIENTS = 100_000;
const YEARS = 10;
const PROVIDERS = 20;
const DAY_QUERIES = 1_000;
const RECENT_DAY_QUERIES = 300;
const BOOKINGS = 500;
const FIND_QUERIES = 1_000;
const SEARCH_DAYS = 90;

interface Clinic {
  app: ClinicApp;
  dataDir: string;
  generated: GenerateAppointmentsResult;
  today: string;
  providerIds: string[];
  typeIds: string[];
  patientIds: string[];
}

let clinic: Clinic | null = null;

async function tenYearClinic(): Promise<Clinic> {
  if (clinic) return clinic;
  const { app, dataDir } = await openBenchApp('clinic-bench-appointments-');
  const progress = (what: string) => (done: number, total: number, ms: number) =>
    process.stderr.write(`bench: ${what} ${done} / ${total}, ${(ms / 1000).toFixed(1)} s\n`);
  generatePatients(app.database, { patients: PATIENTS, seed: 42, onProgress: progress('patients') });
  const generated = generateAppointments(app.database, {
    years: YEARS,
    providers: PROVIDERS,
    seed: 5,
    onProgress: (days, total, appointments, ms) => progress(`appointments (${appointments})`)(days, total, ms),
  });
  const sqlite = app.database.sqlite;
  clinic = {
    app,
    dataDir,
    generated,
    today: addDays(generated.lastDate, -90),
    providerIds: sqlite.prepare('SELECT id FROM providers ORDER BY pk').pluck().all() as string[],
    typeIds: sqlite.prepare('SELECT id FROM appointment_types ORDER BY pk').pluck().all() as string[],
    patientIds: sqlite.prepare('SELECT id FROM patients ORDER BY pk LIMIT 20000').pluck().all() as string[],
  };
  return clinic;
}

export async function disposeTenYearClinic(): Promise<void> {
  if (!clinic) return;
  await clinic.app.close();
  rmSync(clinic.dataDir, { recursive: true, force: true });
  clinic = null;
}

async function callOk(app: ClinicApp, method: string, input: unknown): Promise<unknown> {
  const result = await app.router.call(method, input, workstationSession());
  if (!result.ok) throw new Error(`${method} failed: ${result.error.code} ${result.error.message}`);
  return result.value;
}

const pick = <T>(random: () => number, list: readonly T[]): T => list[randomInt(random, list.length)]!;
const timings = (times: number[]) => ({ p50_ms: round(percentile(times, 50)), p95_ms: round(percentile(times, 95)), p99_ms: round(percentile(times, 99)) });

const WEEKDAY_CHOICES: Weekday[][] = [['tue'], ['mon', 'wed'], ['thu', 'fri'], ['sat']];

/** What a front desk asks: any provider (most often) or one, a type, the patient's own bookings avoided, preferences. */
function findNextQuery(c: Clinic, random: () => number): Record<string, unknown> {
  const preferences = [
    {},
    { weekdays: pick(random, WEEKDAY_CHOICES) },
    { partOfDay: 'morning' },
    { partOfDay: 'afternoon', weekdays: ['tue', 'thu'] },
    { earliestDate: addDays(c.today, randomInt(random, 30)) },
  ][randomInt(random, 5)];
  return {
    appointmentTypeId: pick(random, c.typeIds),
    ...(random() < 0.3 ? { providerId: pick(random, c.providerIds) } : {}),
    patientId: pick(random, c.patientIds),
    days: SEARCH_DAYS,
    limit: random() < 0.5 ? 5 : 10,
    ...preferences,
  };
}

export const appointmentBenchmarks: Benchmark[] = [
  {
    name: 'appointments.day',
    run: async () => {
      const c = await tenYearClinic();
      const random = seededRandom(17);
      const span = 365 * YEARS;
      const dates = Array.from({ length: DAY_QUERIES }, () => addDays(c.today, randomInt(random, span + 60) - span));
      let shown = 0;
      const day = async (date: string) => {
        shown += ((await callOk(c.app, 'appointments.day', { date })) as { appointments: unknown[] }).appointments.length;
      };
      await timeEach(dates.slice(0, 50), day); // warm-up
      shown = 0;
      const times = await timeEach(dates, day);
      const perDay = Math.round(shown / dates.length);
      // What the front desk mostly opens: the weeks around today (their pages stay in the cache).
      const recent = await timeEach(
        Array.from({ length: RECENT_DAY_QUERIES }, () => addDays(c.today, randomInt(random, 45) - 14)),
        day,
      );
      return {
        appointments: c.generated.appointments,
        providers: PROVIDERS,
        queries: dates.length,
        mean_per_day: perDay,
        ...timings(times),
        recent_p50_ms: round(percentile(recent, 50)),
        recent_p95_ms: round(percentile(recent, 95)),
      };
    },
  },
  {
    name: 'appointments.findNext',
    run: async () => {
      const c = await tenYearClinic();
      const random = seededRandom(21);
      const queries = Array.from({ length: FIND_QUERIES }, () => findNextQuery(c, random));
      let found = 0;
      const find = async (query: Record<string, unknown>) => {
        found += ((await callOk(c.app, 'appointments.findNext', query)) as { slots: unknown[] }).slots.length;
      };
      await timeEach(queries.slice(0, 50), find); // warm-up
      found = 0;
      const times = await timeEach(queries, find);
      return { appointments: c.generated.appointments, providers: PROVIDERS, days: SEARCH_DAYS, queries: queries.length, slots_found: found, ...timings(times) };
    },
  },
  {
    name: 'appointments.book',
    run: async () => {
      const c = await tenYearClinic();
      const random = seededRandom(31);
      /**
       * Half the attempts take a slot find-next-available offered (they book), half a time picked at
       * random in the weeks ahead (most collide); both run every check. The offers are read first.
       */
      const attempts: Record<string, unknown>[] = [];
      for (let i = 0; attempts.length < BOOKINGS + 20; i++) {
        const patientId = pick(random, c.patientIds);
        const appointmentTypeId = pick(random, c.typeIds);
        if (i % 2 === 0) {
          const { slots } = (await callOk(c.app, 'appointments.findNext', { appointmentTypeId, patientId, earliestDate: addDays(c.today, 20 + randomInt(random, 60)), limit: 1 })) as {
            slots: { providerId: string; local: { date: string; start: string } }[];
          };
          if (slots[0]) attempts.push({ patientId, providerId: slots[0].providerId, appointmentTypeId, date: slots[0].local.date, time: slots[0].local.start });
          continue;
        }
        let date = addDays(c.today, 20 + randomInt(random, 60));
        while (WEEKDAYS[new Date(`${date}T12:00:00Z`).getUTCDay()] === 'sun') date = addDays(date, 1);
        const minutes = 7 * 60 + 30 + 15 * randomInt(random, 42);
        const time = `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
        attempts.push({ patientId, providerId: pick(random, c.providerIds), appointmentTypeId, date, time });
      }
      const outcomes = { booked: 0, conflict: 0 };
      const session = workstationSession();
      const book = async (input: Record<string, unknown>) => {
        const result = await c.app.router.call('appointments.book', input, session);
        if (result.ok) outcomes.booked++;
        else if (result.error.code === 'CONFLICT') outcomes.conflict++;
        else throw new Error(`appointments.book failed: ${result.error.code} ${result.error.message}`);
      };
      await timeEach(attempts.slice(0, 20), book); // warm-up
      outcomes.booked = outcomes.conflict = 0;
      const times = await timeEach(attempts.slice(20), book);
      return { appointments: c.generated.appointments, attempts: times.length, booked: outcomes.booked, refused_conflict: outcomes.conflict, ...timings(times) };
    },
  },
];
