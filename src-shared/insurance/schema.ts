import { z } from 'zod';
import { storedAddressSchema } from '../patients/chart-schema';
import { addressProblems, normalizeAddress } from '../patients/registration-rules';
import {
  addressFieldsSchema,
  blankToNull,
  duplicateCandidateSchema,
  optionalText,
  patientIdSchema,
  phoneSchema,
  reportProblems,
} from '../patients/schema';
import { EARLIEST_BIRTH_YEAR, isIsoDate, localIsoDate } from '../validation/dates';

const isoDate = z.string().trim().refine(isIsoDate, 'Enter a real date as YYYY-MM-DD');
const optionalDate = z.preprocess(blankToNull, isoDate.nullable());

// ---------------------------------------------------------------- Payers

/** Clearinghouse payer ids: "60054", "87726", "SB580", "C12345" (2 to 10 letters or digits). */
export const EDI_PAYER_ID = /^[A-Z0-9]{2,10}$/;

export const payerSchema = z.object({
  id: z.string(),
  name: z.string(),
  ediPayerId: z.string().nullable(),
  ...storedAddressSchema.shape,
  phone: z.string().nullable(),
  active: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Payer = z.infer<typeof payerSchema>;

/** A payer's address follows the registration's rules (complete or absent; US states and ZIP codes checked). */
export const payerFieldsSchema = z.object({
  name: z.string({ error: 'Required' }).trim().min(1, 'Required').max(200, 'At most 200 characters'),
  ediPayerId: z.preprocess(
    blankToNull,
    z
      .string()
      .transform((text) => text.replace(/\s+/g, '').toUpperCase())
      .pipe(z.string().regex(EDI_PAYER_ID, 'An EDI payer id is 2 to 10 letters or digits, e.g. 60054'))
      .nullable(),
  ),
  phone: phoneSchema,
  ...addressFieldsSchema.shape,
});
export const payerCreateInput = payerFieldsSchema
  .check((payload) => reportProblems(payload, addressProblems(normalizeAddress(payload.value))))
  .transform((fields) => normalizeAddress(fields));
export type PayerCreateInput = z.input<typeof payerCreateInput>;

export const payerIdSchema = z.uuid({ error: 'Not a valid payer id' });

/** Only the fields sent change; `active: false` takes the payer out of pickers (coverages keep it). */
export const payerUpdateInput = z
  .object({ id: payerIdSchema, active: z.boolean().optional() })
  .extend(payerFieldsSchema.partial().shape)
  .refine((v) => Object.keys(v).some((k) => k !== 'id'), 'Nothing to change');
export type PayerUpdateInput = z.input<typeof payerUpdateInput>;

export const payerListInput = z.object({ includeInactive: z.boolean().default(false) }).default({ includeInactive: false });
export const payerListOutput = z.object({ items: z.array(payerSchema) });

// ---------------------------------------------------------------- Coverages

export const COVERAGE_RANKS = ['primary', 'secondary', 'tertiary'] as const;
export type CoverageRank = (typeof COVERAGE_RANKS)[number];
export const COVERAGE_RANK_LABELS: Record<CoverageRank, string> = { primary: 'Primary', secondary: 'Secondary', tertiary: 'Tertiary' };

export const SUBSCRIBER_RELATIONSHIPS = ['self', 'spouse', 'child', 'other'] as const;
export type SubscriberRelationship = (typeof SUBSCRIBER_RELATIONSHIPS)[number];
export const SUBSCRIBER_RELATIONSHIP_LABELS: Record<SubscriberRelationship, string> = {
  self: 'Self (the patient is the subscriber)',
  spouse: 'Spouse',
  child: 'Child',
  other: 'Other',
};

/** Today's coverages are active; those whose end date has passed are ended; those not yet begun are future. */
export const COVERAGE_STATUSES = ['active', 'ended', 'future'] as const;
export type CoverageStatus = (typeof COVERAGE_STATUSES)[number];

export const coverageSchema = z.object({
  id: z.string(),
  patientId: z.string(),
  payerId: z.string(),
  payerName: z.string(),
  rank: z.enum(COVERAGE_RANKS),
  memberId: z.string(),
  groupNumber: z.string().nullable(),
  planName: z.string().nullable(),
  subscriberRelationship: z.enum(SUBSCRIBER_RELATIONSHIPS),
  subscriberGivenName: z.string().nullable(),
  subscriberFamilyName: z.string().nullable(),
  subscriberDateOfBirth: z.string().nullable(),
  effectiveFrom: z.string().nullable(),
  effectiveTo: z.string().nullable(),
  cardFrontDocumentId: z.string().nullable(),
  cardBackDocumentId: z.string().nullable(),
  status: z.enum(COVERAGE_STATUSES),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Coverage = z.infer<typeof coverageSchema>;

/** As printed on the card, spaces tidied; lookups fold it further (member-key.ts). */
const memberIdSchema = z
  .string({ error: 'Required' })
  .trim()
  .transform((text) => text.replace(/\s+/g, ' '))
  .pipe(
    z
      .string()
      .min(1, 'Required')
      .max(80, 'At most 80 characters')
      .regex(/[\p{L}\p{N}]/u, 'Enter the member id as printed on the card'),
  );

const subscriberDateOfBirth = z.preprocess(
  blankToNull,
  isoDate
    .refine((d) => Number(d.slice(0, 4)) >= EARLIEST_BIRTH_YEAR, `Must be ${EARLIEST_BIRTH_YEAR} or later`)
    .refine((d) => d <= localIsoDate(), 'Cannot be in the future')
    .nullable(),
);
const documentRef = z.preprocess(blankToNull, z.uuid({ error: 'Not a valid document id' }).nullable());

/**
 * Cross-field rules (an end on or after the start, subscriber details unless the patient is the
 * subscriber, one coverage per rank at a time) are the service's: an update is checked against
 * the stored row merged with the change.
 */
export const coverageFieldsSchema = z.object({
  payerId: z.uuid({ error: 'Choose a payer' }),
  rank: z.enum(COVERAGE_RANKS, { error: 'Choose primary, secondary or tertiary' }),
  memberId: memberIdSchema,
  groupNumber: optionalText(50),
  planName: optionalText(100),
  subscriberRelationship: z.enum(SUBSCRIBER_RELATIONSHIPS, { error: 'Choose self, spouse, child or other' }),
  subscriberGivenName: optionalText(100),
  subscriberFamilyName: optionalText(100),
  subscriberDateOfBirth,
  effectiveFrom: optionalDate,
  effectiveTo: optionalDate,
  cardFrontDocumentId: documentRef,
  cardBackDocumentId: documentRef,
});

export const coverageIdSchema = z.uuid({ error: 'Not a valid coverage id' });

/** The receptionist's "save anyway" after the member id was found on another patient's coverage of the same payer. */
const confirmSharedMemberId = z.boolean().optional();

export const coverageAddInput = coverageFieldsSchema.extend({
  patientId: patientIdSchema,
  subscriberRelationship: coverageFieldsSchema.shape.subscriberRelationship.default('self'),
  confirmSharedMemberId,
});
export type CoverageAddInput = z.input<typeof coverageAddInput>;

export const coverageUpdateInput = z
  .object({ id: coverageIdSchema, confirmSharedMemberId })
  .extend(coverageFieldsSchema.partial().shape)
  .refine((v) => Object.keys(v).some((k) => k !== 'id' && k !== 'confirmSharedMemberId'), 'Nothing to change');
export type CoverageUpdateInput = z.input<typeof coverageUpdateInput>;

/** Ends a coverage on a date (today unless given): it stays in the chart as past coverage. */
export const coverageEndInput = z.object({ id: coverageIdSchema, effectiveTo: isoDate.optional() });
/** Removes a coverage entered by mistake (kept as a deleted row for sync and the audit trail). */
export const coverageRemoveInput = z.object({ id: coverageIdSchema });

export const coverageListInput = z.object({ patientId: patientIdSchema });
export const coverageListOutput = z.object({ items: z.array(coverageSchema) });

/** `details` of the CONFLICT refusing a member id another patient's coverage of the same payer already has. */
export const sharedMemberIdDetails = z.object({ sharedMemberId: z.array(duplicateCandidateSchema) });
