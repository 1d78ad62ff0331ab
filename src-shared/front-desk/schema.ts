import { z } from 'zod';
import { coverageSchema } from '../insurance/schema';
import { ledgerEntrySchema, MAX_LEDGER_REASON_LENGTH, paymentSchema } from '../ledger/schema';
import { patientSchema } from '../patients/schema';
import { appointmentSchema } from '../scheduling/schema';

/** The forms a patient may sign at the desk. */
export const CONSENT_FORMS = ['privacy_notice', 'treatment', 'financial_policy'] as const;
export type ConsentForm = (typeof CONSENT_FORMS)[number];
export const CONSENT_FORM_LABELS: Readonly<Record<ConsentForm, string>> = {
  privacy_notice: 'Notice of privacy practices',
  treatment: 'Consent to treatment',
  financial_policy: 'Financial policy',
};

export const INSURANCE_AT_CHECK_IN = ['coverage_confirmed', 'self_pay'] as const;
export type InsuranceAtCheckIn = (typeof INSURANCE_AT_CHECK_IN)[number];

const id = (what: string) => z.uuid({ error: `Not a valid ${what} id` });

/** An active coverage of the patient, confirmed with them; or self-pay. */
const insuranceChoice = z.discriminatedUnion(
  'kind',
  [z.object({ kind: z.literal('coverage'), coverageId: id('coverage') }), z.object({ kind: z.literal('self_pay') })],
  { error: 'Confirm the patient’s insurance, or mark the visit self-pay' },
);

export const checkInInput = z.object({
  appointmentId: id('appointment'),
  /**
   * The client's key for this check-in (a UUID made when the check-in opens): a retry finds the
   * check-in it made; its copay is posted under a key derived from it.
   */
  idempotencyKey: z.uuid({ error: 'Not a valid request key: the screen makes one per check-in' }),
  identityChecked: z.boolean({ error: 'Say whether the patient’s identity was checked' }),
  insurance: insuranceChoice,
  consentsSigned: z
    .array(z.enum(CONSENT_FORMS, { error: 'Not a consent form the desk takes' }))
    .refine((forms) => new Set(forms).size === forms.length, 'Each consent form once')
    .default([]),
  /** The copay taken now, if any. */
  copay: paymentSchema.nullable().default(null),
});
export type CheckInInput = z.input<typeof checkInInput>;

const userRefSchema = z.object({ id: z.string(), displayName: z.string() });

export const checkInSchema = z.object({
  id: z.string(),
  appointmentId: z.string(),
  patientId: z.string(),
  insurance: z.enum(INSURANCE_AT_CHECK_IN),
  coverageId: z.string().nullable(),
  identityChecked: z.boolean(),
  consentsSigned: z.array(z.enum(CONSENT_FORMS)),
  copayEntryId: z.string().nullable(),
  checkedInAt: z.string(),
  checkedInBy: userRefSchema.nullable(),
  undoneAt: z.string().nullable(),
  undoneBy: userRefSchema.nullable(),
  undoReason: z.string().nullable(),
});
export type CheckIn = z.infer<typeof checkInSchema>;

/** `replayed`: the key was used before for the same check-in, and this is that check-in as it is now. */
export const checkInOutput = z.object({
  checkIn: checkInSchema,
  copay: ledgerEntrySchema.nullable(),
  appointment: appointmentSchema,
  replayed: z.boolean(),
});

export const undoCheckInInput = z.object({
  appointmentId: id('appointment'),
  reason: z
    .string({ error: 'Give a reason for undoing the check-in' })
    .trim()
    .min(1, 'Give a reason for undoing the check-in')
    .max(MAX_LEDGER_REASON_LENGTH, `At most ${MAX_LEDGER_REASON_LENGTH} characters`),
});

export const undoCheckInOutput = z.object({
  checkIn: checkInSchema,
  /** The reversal of the copay, if one was taken (and not reversed already). */
  copayReversal: ledgerEntrySchema.nullable(),
  appointment: appointmentSchema,
});

export const receiptInput = z.object({ entryId: id('ledger entry') });
export const receiptOutput = z.object({ fileName: z.string(), contentType: z.literal('application/pdf'), base64: z.string() });

export const checkInForInput = z.object({ appointmentId: id('appointment') });

/** Why an appointment cannot be checked in now (the reasons `frontDesk.checkIn` refuses with), in desk words. */
export const checkInRefusalSchema = z.object({ reason: z.string(), message: z.string() });
export type CheckInRefusal = z.infer<typeof checkInRefusalSchema>;

/** Everything the check-in dialog shows and confirms, in one read. */
export const checkInForOutput = z.object({
  appointment: appointmentSchema,
  providerName: z.string(),
  /** The clinic's time zone (IANA), and its date today there. */
  timeZone: z.string(),
  today: z.string(),
  /** Null when the appointment can be checked in now. */
  refusal: checkInRefusalSchema.nullable(),
  /** The patient's demographics as the chart holds them (edited in place with `patients.update`). */
  patient: patientSchema,
  /** The patient's coverages in effect on the visit's date, primary first. */
  coverages: z.array(coverageSchema),
  /** The appointment's check-in in force (not undone), and the copay it took. */
  checkIn: checkInSchema.nullable(),
  copay: ledgerEntrySchema.nullable(),
});
export type CheckInFor = z.infer<typeof checkInForOutput>;
