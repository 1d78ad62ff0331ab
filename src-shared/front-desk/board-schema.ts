/**
 * The front desk's Today board (`frontDesk.board`) and walk-ins (`frontDesk.walkIn`): one clinic day
 * of appointments with what the desk needs to know about each, computed by the service.
 *
 * Honest badges: what the app does not know yet is said so, never guessed.
 * - Insurance is never "verified" here: eligibility checks come with the insurance issue, so
 *   `verifiedAt` is null until then; the board says whether an active coverage is on file.
 * - Coverages hold no copay amount yet, so the expected copay is unknown (`expectedCents` null);
 *   a copay taken at check-in is known.
 * - A balance due needs billing: `balanceDueCents` is null ("not available"), never a made-up 0.
 */
import { z } from 'zod';
import { COVERAGE_RANKS } from '../insurance/schema';
import { REFERRAL_DIRECTIONS } from '../referrals/status';
import { MAX_REASON_LENGTH } from '../scheduling/status';
import { appointmentSchema, appointmentTypeIdSchema, localDateSchema } from '../scheduling/schema';
import { CONSENT_FORMS } from './schema';

/** Without a date: today in the clinic's time zone. */
export const boardInput = z.object({ date: localDateSchema.optional() }).default({});

const insuranceSchema = z.discriminatedUnion('kind', [
  /** An active coverage on file for the day (the best-ranked one), or the one confirmed at check-in. */
  z.object({ kind: z.literal('coverage'), payerName: z.string(), rank: z.enum(COVERAGE_RANKS), verifiedAt: z.null() }),
  /** No active coverage on file, or self-pay chosen at check-in. */
  z.object({ kind: z.literal('self_pay') }),
]);

const referralSchema = z.object({
  /** The patient's referrals still waiting for something (open, sent, scheduled), either direction. */
  active: z.number().int(),
  directions: z.array(z.enum(REFERRAL_DIRECTIONS)),
  /** Outgoing referrals with no report past the clinic's wait (see src-shared/referrals/status.ts). */
  overdue: z.number().int(),
  /** The earliest report due date of the outgoing ones, if any. */
  reportDueOn: z.string().nullable(),
});

/** What the desk must still collect: before check-in everything is "to collect" (null). */
const paperworkSchema = z.object({
  identityChecked: z.boolean().nullable(),
  consentsMissing: z.array(z.enum(CONSENT_FORMS)).nullable(),
});

export const boardBadgesSchema = z.object({
  /** No earlier appointment the patient came to or is booked for (cancelled, no-show and rescheduled ones do not count). */
  firstVisit: z.boolean(),
  insurance: insuranceSchema,
  copay: z.object({ expectedCents: z.null(), takenCents: z.number().int().nullable() }),
  balanceDueCents: z.null(),
  paperwork: paperworkSchema,
  referral: referralSchema.nullable(),
});
export type BoardBadges = z.infer<typeof boardBadgesSchema>;

export const boardCheckInSchema = z.object({
  id: z.string(),
  checkedInAt: z.string(),
  copayEntryId: z.string().nullable(),
});

export const boardRowSchema = z.object({
  appointment: appointmentSchema,
  /** When the appointment entered its current status: how long the patient has waited in it. */
  statusSince: z.string(),
  /** Null when the session may not open the patient's chart (restricted): the board shows the time only. */
  badges: boardBadgesSchema.nullable(),
  /** Today's check-in (not undone), if any. */
  checkIn: boardCheckInSchema.nullable(),
});
export type BoardRow = z.infer<typeof boardRowSchema>;

export const boardCountsSchema = z.object({
  /** Booked or confirmed: still to arrive. */
  expected: z.number().int(),
  /** Came in today: arrived, roomed, with the provider or checked out. */
  arrived: z.number().int(),
  /** In the clinic waiting: in the waiting room (arrived) or in a room for the provider (roomed). */
  waiting: z.number().int(),
  /** Checked out. */
  done: z.number().int(),
  noShows: z.number().int(),
});
export type BoardCounts = z.infer<typeof boardCountsSchema>;

export const boardOutput = z.object({
  date: z.string(),
  /** Today in the clinic's zone, and the service's clock (waiting times are measured against it). */
  today: z.string(),
  now: z.string(),
  timeZone: z.string(),
  waitThresholdMinutes: z.number().int(),
  providers: z.array(z.object({ id: z.string(), displayName: z.string(), active: z.boolean() })),
  rooms: z.array(z.object({ id: z.string(), name: z.string(), active: z.boolean() })),
  counts: boardCountsSchema,
  rows: z.array(boardRowSchema),
});
export type Board = z.infer<typeof boardOutput>;

const id = (what: string) => z.uuid({ error: `Not a valid ${what} id` });

/** A walk-in: booked to start now (the next 5-minute mark, clinic time), with the type's length. */
export const walkInInput = z.object({
  patientId: id('patient'),
  providerId: id('provider'),
  appointmentTypeId: appointmentTypeIdSchema,
  /** Books over the provider's time when the type allows it (the board offers "Walk-in"). */
  overbookReason: z.preprocess(
    (value) => (typeof value === 'string' && value.trim() === '' ? undefined : value),
    z.string().trim().min(1, 'Give a reason for the overbook').max(MAX_REASON_LENGTH, `At most ${MAX_REASON_LENGTH} characters`).optional(),
  ),
});
export const walkInOutput = z.object({ appointment: appointmentSchema, overbooked: z.boolean() });
