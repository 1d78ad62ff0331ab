import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, expect } from 'vitest';
import type { CheckInInput } from '../../../src-shared/front-desk/schema';
import type { Coverage } from '../../../src-shared/insurance/schema';
import type { LedgerEntry, PostPaymentInput } from '../../../src-shared/ledger/schema';
import type { MethodName } from '../../../src-shared/rpc/contract';
import type { RpcError, RpcResult } from '../../../src-shared/rpc/errors';
import type { Appointment } from '../../../src-shared/scheduling/schema';
import { addUser, signIn, TEST_ADMIN, testPasswordFor, valueOf } from '../../support/test-app';
import { addCoverage, addPayer } from '../insurance/support';
import { errorOf, openClinic, type Clinic } from '../scheduling/support';

/** TEST_NOW (2026-03-02T15:04:05Z) is Monday 10:04 in the clinic's zone, New York. */
export const TODAY = '2026-03-02';

/** The scheduling test clinic (two providers, rooms, types, Maria and Sam) with a front-desk and a billing user signed in. */
export interface Desk extends Clinic {
  /** Sessions of the administrator, a front-desk user and a billing user (signed in again by `signInAgain`). */
  sessions: { admin: string; desk: string; billing: string };
  /** After moving the clock past the idle lock or a session's 12 hours, everyone signs in again. */
  signInAgain(): Promise<void>;
  deskUser: { id: string; displayName: string };
  /** As the front-desk user (through dispatch, as a transport calls). */
  desk<T = unknown>(method: MethodName, input: unknown): Promise<T>;
  deskRefused(method: MethodName, input: unknown): Promise<RpcError>;
  dispatch(method: MethodName, input: unknown, sessionId: string): Promise<RpcResult<unknown>>;
  /** Maria's follow-up with Hopper today at `time` (default 11:00). */
  bookToday(input?: Record<string, unknown>): Promise<Appointment>;
  coverageFor(patientId: string, input?: Record<string, unknown>): Promise<Coverage>;
  /** Everything a refused front-desk call must leave as it was. */
  state(): Promise<DeskState>;
}

export interface DeskState {
  counts: Record<string, number>;
  appointments: { id: string; status: string; updatedAt: string }[];
}

const COUNTED = ['ledger_entries', 'check_ins', 'appointment_status_changes', 'sync_ops', 'audit_log'];

export async function openDesk(): Promise<Desk> {
  const clinic = await openClinic();
  const adminSession = await signIn(clinic.app, TEST_ADMIN.username, TEST_ADMIN.password);
  const frontDesk = await addUser(clinic.app, adminSession, 'front_desk');
  const billing = await addUser(clinic.app, adminSession, 'billing');
  const sessions = { admin: adminSession, desk: frontDesk.sessionId, billing: billing.sessionId };
  const dispatch = (method: MethodName, input: unknown, sessionId: string) => clinic.app.dispatch(method, input, sessionId);
  const payer = await addPayer(clinic.app);
  const sqlite = clinic.app.database.sqlite;
  return {
    ...clinic,
    sessions,
    signInAgain: async () => {
      sessions.admin = await signIn(clinic.app, TEST_ADMIN.username, TEST_ADMIN.password);
      for (const [key, user] of [['desk', frontDesk.user], ['billing', billing.user]] as const) {
        sessions[key] = await signIn(clinic.app, user.username, testPasswordFor(user.username));
      }
    },
    deskUser: { id: frontDesk.user.id, displayName: frontDesk.user.displayName },
    dispatch,
    desk: async <T,>(method: MethodName, input: unknown) => valueOf<T>(await dispatch(method, input, sessions.desk), method),
    deskRefused: async (method, input) => errorOf(await dispatch(method, input, sessions.desk)),
    bookToday: (input = {}) => clinic.book({ date: TODAY, time: '11:00', ...input }),
    coverageFor: (patientId, input = {}) => addCoverage(clinic.app, { id: patientId }, payer, { memberId: `M${randomUUID().slice(0, 8)}`, ...input }),
    state: async () => ({
      counts: Object.fromEntries(COUNTED.map((table) => [table, sqlite.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number])),
      appointments: sqlite.prepare('SELECT id, status, updated_at AS updatedAt FROM appointments ORDER BY id').all() as DeskState['appointments'],
    }),
  };
}

/** A fresh desk for each test of the file. */
export function deskPerTest(): () => Desk {
  let desk: Desk | null = null;
  beforeEach(async () => {
    desk = await openDesk();
  });
  afterEach(async () => {
    await desk?.app.dispose();
    desk = null;
  });
  return () => desk!;
}

/** A refusal as the front-desk user that changed nothing: no entry, check-in, status, op or audit entry. */
export async function expectDeskRefusedUnchanged(d: Desk, method: MethodName, input: unknown): Promise<RpcError> {
  const before = await d.state();
  const error = await d.deskRefused(method, input);
  expect(await d.state()).toEqual(before);
  return error;
}

export const cashPayment = (patientId: string, input: Partial<PostPaymentInput> = {}): PostPaymentInput => ({
  patientId,
  amountCents: 2500,
  method: 'cash',
  idempotencyKey: randomUUID(),
  ...input,
});

export const selfPayCheckIn = (appointmentId: string, input: Partial<CheckInInput> = {}): CheckInInput => ({
  appointmentId,
  idempotencyKey: randomUUID(),
  identityChecked: true,
  insurance: { kind: 'self_pay' },
  consentsSigned: [],
  ...input,
});

export interface Posted {
  entry: LedgerEntry;
  replayed: boolean;
}
