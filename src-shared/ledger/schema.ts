import { z } from 'zod';
import { formatCents, MAX_PAYMENT_CENTS } from './money';

/**
 * The clinic's ledger (migration 0008): insert-only entries in integer cents, signed by their effect
 * on what the bucket is owed (a charge is positive, a payment negative). A correction is a reversing
 * entry naming the original, with a reason; balances are sums of the entries, never stored.
 */
export const ENTRY_TYPES = ['charge', 'payment', 'adjustment', 'refund'] as const;
export type EntryType = (typeof ENTRY_TYPES)[number];

/** Who owes it: the patient's responsibility, or what is pending with insurance. */
export const BUCKETS = ['patient', 'insurance'] as const;
export type Bucket = (typeof BUCKETS)[number];

export const PAYMENT_METHODS = ['cash', 'card', 'check'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];
export const PAYMENT_METHOD_LABELS: Readonly<Record<PaymentMethod, string>> = { cash: 'Cash', card: 'Card', check: 'Check' };

export const MAX_REFERENCE_LENGTH = 60;
export const MAX_LEDGER_REASON_LENGTH = 500;

const id = (what: string) => z.uuid({ error: `Not a valid ${what} id` });

/**
 * What the user typed, in cents: a whole, positive number up to the cap. The sign on the ledger
 * comes from the entry's type (a payment is stored negative), never from the user.
 */
export const paymentCentsSchema = z
  .number({ error: 'Enter the amount as a number of cents (e.g. 2500 for $25.00)' })
  .positive({ error: 'Enter an amount above zero: a payment is never negative (a mistake is corrected by a reversal)' })
  .int({ error: 'Whole cents only (e.g. 2550 for $25.50)' })
  .max(MAX_PAYMENT_CENTS, { error: `At most ${formatCents(MAX_PAYMENT_CENTS)} in one payment` });

/** Blank means none. */
const referenceSchema = z.preprocess(
  (value) => (typeof value === 'string' && value.trim() === '' ? null : value),
  z.string({ error: 'Enter the reference as text' }).trim().max(MAX_REFERENCE_LENGTH, `At most ${MAX_REFERENCE_LENGTH} characters`).nullable().default(null),
);

/** 13 or more digits in a row (spaces and dashes aside): a card number, which the clinic must never store. */
const looksLikeCardNumber = (text: string) => /\d{13,}/.test(text.replace(/[\s-]/g, ''));

/** How the money came: cash; a card, with the terminal slip's reference; a check, with its number. */
const paymentShape = {
  amountCents: paymentCentsSchema,
  method: z.enum(PAYMENT_METHODS, { error: 'Choose cash, card or check' }),
  reference: referenceSchema,
};

function checkReference(payment: { method: PaymentMethod; reference: string | null }, ctx: z.RefinementCtx): void {
  const { method, reference } = payment;
  const issue = (message: string) => ctx.addIssue({ code: 'custom', path: ['reference'], message });
  if (method === 'card' && reference === null) issue('Enter the card payment’s reference from the terminal slip');
  else if (method === 'card' && looksLikeCardNumber(reference!)) issue('Never enter the card number: enter the reference from the terminal slip');
  else if (method === 'check' && reference === null) issue('Enter the check number');
  else if (method === 'check' && !/^\d{1,15}$/.test(reference!)) issue('A check number is digits only');
}

/** A payment as the front desk takes it (a copay at check-in, or any patient payment). */
export const paymentSchema = z.object(paymentShape).superRefine(checkReference);
export type PaymentInput = z.input<typeof paymentSchema>;

/**
 * The client's key for one payment request (a UUID it makes when the form opens): a retried or
 * synced request with the same key posts nothing new.
 */
export const idempotencyKeySchema = z.uuid({ error: 'Not a valid request key: the screen makes one per payment' });

export const postPaymentInput = z
  .object({
    patientId: id('patient'),
    /** The visit it pays for, if any: one of the patient's appointments. */
    appointmentId: id('appointment').nullable().default(null),
    ...paymentShape,
    idempotencyKey: idempotencyKeySchema,
  })
  .superRefine(checkReference);
export type PostPaymentInput = z.input<typeof postPaymentInput>;

const userRefSchema = z.object({ id: z.string(), displayName: z.string() });

export const ledgerEntrySchema = z.object({
  id: z.string(),
  /** The id's short form printed on receipts. */
  receiptNumber: z.string(),
  /** The chart it was posted on (a chart merged since keeps its entries: they show in the survivor's ledger). */
  patientId: z.string(),
  appointmentId: z.string().nullable(),
  encounterId: z.string().nullable(),
  entryType: z.enum(ENTRY_TYPES),
  bucket: z.enum(BUCKETS),
  /** Signed by its effect on what the bucket is owed: a payment is negative, its reversal positive. */
  amountCents: z.number().int(),
  method: z.enum(PAYMENT_METHODS).nullable(),
  reference: z.string().nullable(),
  /** Set on a reversal: the entry it cancels. */
  reversesId: z.string().nullable(),
  /** Set on a reversed entry: the reversal that cancels it. */
  reversedById: z.string().nullable(),
  /** Why a reversal was posted. */
  reason: z.string().nullable(),
  postedAt: z.string(),
  postedBy: userRefSchema.nullable(),
});
export type LedgerEntry = z.infer<typeof ledgerEntrySchema>;

/** `replayed`: the key was used before with the same payment, and this is that entry (nothing new was posted). */
export const postPaymentOutput = z.object({ entry: ledgerEntrySchema, replayed: z.boolean() });

export const reverseInput = z.object({
  entryId: id('ledger entry'),
  reason: z
    .string({ error: 'Give a reason for the correction' })
    .trim()
    .min(1, 'Give a reason for the correction')
    .max(MAX_LEDGER_REASON_LENGTH, `At most ${MAX_LEDGER_REASON_LENGTH} characters`),
});

export const reverseOutput = z.object({ reversal: ledgerEntrySchema, original: ledgerEntrySchema });

export const ledgerForPatientInput = z.object({ patientId: id('patient') });

/** Per bucket: the sum of its entries (positive: owed to the clinic; negative: a credit). */
export const balancesSchema = z.object({ patient: z.number().int(), insurance: z.number().int() });
export type Balances = z.infer<typeof balancesSchema>;

export const ledgerForPatientOutput = z.object({
  /** Newest first, from this chart and every chart merged into it. */
  entries: z.array(ledgerEntrySchema),
  balances: balancesSchema,
  /** The charts whose entries are included: this one first, then those merged into it. */
  chartIds: z.array(z.string()),
});
