import { afterEach, beforeEach, expect } from 'vitest';
import { fixedClock } from '../../../src-main/clock';
import type { MethodInput, MethodName } from '../../../src-shared/rpc/contract';
import type { RpcError, RpcResult } from '../../../src-shared/rpc/errors';
import type { Appointment, AppointmentType, Conflict } from '../../../src-shared/scheduling/schema';
import { openTestApp, TEST_ADMIN, TEST_NOW, validPatient, valueOf, type TestApp } from '../../support/test-app';

export const ZONE = 'America/New_York';
/** TEST_NOW is Monday 2026-03-02, 10:04 in New York; the clocks spring forward on Sunday 2026-03-08 and fall back on 2026-11-01. */
export const TUESDAY = '2026-03-10';

const WEEKDAY = { hours: [{ from: '08:00', to: '17:00' }], breaks: [{ from: '12:00', to: '13:00' }] };

export interface Clinic {
  app: TestApp;
  clock: ReturnType<typeof fixedClock>;
  hopper: string;
  lovelace: string;
  xrayRoom: string;
  examRoom: string;
  /** 30 minutes, never overbooked. */
  followUp: AppointmentType;
  /** 60 minutes, overbooked with a reason. */
  newPatient: AppointmentType;
  /** 20 minutes in the X-ray room, only in Hopper's afternoon block; never overbooked. */
  xray: AppointmentType;
  /** 15 minutes, one overbook a day. */
  urgent: AppointmentType;
  maria: string;
  sam: string;
  call(method: MethodName, input: unknown): Promise<RpcResult<unknown>>;
  ok<T = Appointment>(method: MethodName, input: unknown): Promise<T>;
  refused(method: MethodName, input: unknown): Promise<RpcError>;
  book(input: Partial<MethodInput<'appointments.book'>>): Promise<Appointment>;
  /** Rows of every scheduling table and the op log: what a refusal must leave as it was. */
  snapshot(): Record<string, number>;
}

const SCHEDULING_TABLES = ['appointments', 'appointment_resources', 'appointment_status_changes', 'appointment_series', 'waitlist_entries', 'sync_ops'];

export function errorOf(result: RpcResult<unknown>): RpcError {
  if (result.ok) throw new Error(`expected a refusal, got ${JSON.stringify(result.value).slice(0, 300)}`);
  return result.error;
}

/** A clinic in New York with two providers, an X-ray room and an exam room, four types and two patients. */
export async function openClinic(): Promise<Clinic> {
  const clock = fixedClock(TEST_NOW);
  const app = await openTestApp({ clock });
  const call = (method: MethodName, input: unknown) => app.call(method, input);
  const ok = async <T = Appointment>(method: MethodName, input: unknown) => valueOf<T>(await call(method, input), method);
  const refused = async (method: MethodName, input: unknown) => errorOf(await call(method, input));
  valueOf(await call('setup.createFirstAdmin', TEST_ADMIN));
  await ok('settings.update', {
    timeZone: ZONE,
    openingHours: { mon: { from: '07:30', to: '18:00' }, tue: { from: '07:30', to: '18:00' }, wed: { from: '07:30', to: '18:00' }, thu: { from: '07:30', to: '18:00' }, fri: { from: '07:30', to: '18:00' }, sat: { from: '09:00', to: '12:00' } },
  });
  const provider = async (givenName: string, familyName: string, npi: string) => (await ok<{ id: string }>('providers.create', { givenName, familyName, credentials: 'MD', npi })).id;
  const hopper = await provider('Grace', 'Hopper', '1234567893');
  const lovelace = await provider('Ada', 'Lovelace', '1245319599');
  const room = async (kind: 'room' | 'equipment', name: string) => (await ok<{ id: string }>('schedule.resources.create', { kind, name })).id;
  const xrayRoom = await room('room', 'X-ray room');
  const examRoom = await room('room', 'Exam room 1');
  const type = (input: Record<string, unknown>) => ok<AppointmentType>('schedule.types.create', { color: '#2f6fdf', ...input });
  const followUp = await type({ name: 'Follow-up', durationMinutes: 30, overbookRule: 'never' });
  const newPatient = await type({ name: 'New patient', durationMinutes: 60, overbookRule: 'with_reason', color: '#22aa55' });
  const xray = await type({ name: 'X-ray', durationMinutes: 20, overbookRule: 'never', resourceIds: [xrayRoom] });
  const urgent = await type({ name: 'Urgent', durationMinutes: 15, overbookRule: 'cap', overbookCapPerDay: 1 });
  const hopperDay = { ...WEEKDAY, reserved: [{ from: '15:00', to: '17:00', appointmentTypeIds: [xray.id] }] };
  await ok('schedule.templates.save', { providerId: hopper, days: { mon: hopperDay, tue: hopperDay, wed: hopperDay, thu: hopperDay, fri: hopperDay, sat: { hours: [{ from: '09:00', to: '12:00' }] } } });
  await ok('schedule.templates.save', { providerId: lovelace, days: { mon: WEEKDAY, tue: WEEKDAY, wed: WEEKDAY, thu: WEEKDAY, fri: WEEKDAY } });
  const patient = async (givenName: string, familyName: string) =>
    (await ok<{ id: string }>('patients.create', { ...validPatient, givenName, familyName, confirmNewPatient: true })).id;
  const maria = await patient('Maria', 'Lopez');
  const sam = await patient('Sam', 'Okafor');
  const snapshot = () =>
    Object.fromEntries(SCHEDULING_TABLES.map((table) => [table, app.database.sqlite.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number]));
  return {
    app,
    clock,
    hopper,
    lovelace,
    xrayRoom,
    examRoom,
    followUp,
    newPatient,
    xray,
    urgent,
    maria,
    sam,
    call,
    ok,
    refused,
    book: (input) => ok('appointments.book', { patientId: maria, providerId: hopper, appointmentTypeId: followUp.id, date: TUESDAY, time: '09:00', ...input }),
    snapshot,
  };
}

/** A fresh clinic for each test of the file. */
export function clinicPerTest(): () => Clinic {
  let clinic: Clinic | null = null;
  beforeEach(async () => {
    clinic = await openClinic();
  });
  afterEach(async () => {
    await clinic?.app.dispose();
    clinic = null;
  });
  return () => clinic!;
}

export function conflictsOf(error: RpcError): Conflict[] {
  expect(error.code).toBe('CONFLICT');
  return (error.details as { conflicts: Conflict[] }).conflicts;
}

/** A refusal that wrote nothing: the scheduling tables and the op log are as before. */
export async function expectRefusedUnchanged(clinic: Clinic, method: MethodName, input: unknown): Promise<RpcError> {
  const before = clinic.snapshot();
  const error = await clinic.refused(method, input);
  expect(clinic.snapshot()).toEqual(before);
  return error;
}
