import { z } from 'zod';
import { optionalText, patientIdSchema, phoneSchema } from '../patients/schema';
import { isIsoDate } from '../validation/dates';
import { isIcd10CmCode, MAX_DIAGNOSES, normalizeIcd10, splitDiagnosisCodes } from './icd10';
import { REFERRAL_DIRECTIONS, REFERRAL_STATUSES } from './status';

/**
 * Referrals (migration 0008): outgoing to another provider or organisation, and incoming from one.
 * Dates of the referral's life are calendar dates; `sentAt` is the instant it was marked sent.
 */
const referralIdSchema = z.uuid({ error: 'Not a valid referral id' });
const documentIdSchema = z.uuid({ error: 'Not a valid document id' });

const requiredText = (max: number) => z.string({ error: 'Required' }).trim().min(1, 'Required').max(max, `At most ${max} characters`);
const calendarDate = z.string({ error: 'Required' }).trim().min(1, 'Required').refine(isIsoDate, 'Enter a real date');

/**
 * A list of codes, or one text of codes separated by commas, semicolons or spaces (as typed in
 * one box). The codes never appear in a message: a diagnosis linked to a patient is health
 * information.
 */
const diagnosisCodes = z
  .array(z.string({ error: 'Enter the code as text' }).transform(normalizeIcd10), { error: 'Enter the diagnosis codes' })
  .max(MAX_DIAGNOSES, `At most ${MAX_DIAGNOSES} diagnoses`)
  .superRefine((codes, ctx) => {
    codes.forEach((code, index) => {
      if (!isIcd10CmCode(code)) {
        ctx.addIssue({ code: 'custom', path: [index], message: `Diagnosis ${index + 1} is not an ICD-10-CM code: three characters (e.g. E11), then up to four after a dot (E11.65)` });
      } else if (codes.indexOf(code) !== index) {
        ctx.addIssue({ code: 'custom', path: [index], message: `Diagnosis ${index + 1} is listed twice` });
      }
    });
  });
const diagnosesSchema = z.preprocess((value) => (typeof value === 'string' ? splitDiagnosisCodes(value) : value), diagnosisCodes).default([]);

export const MAX_DOCUMENTS_SENT = 20;

export const referralLogInput = z
  .object({
    direction: z.enum(REFERRAL_DIRECTIONS, { error: 'Choose outgoing or incoming' }),
    patientId: patientIdSchema,
    /** Our provider: the one referring (outgoing) or the one the patient is referred to (incoming). */
    providerId: z.uuid({ error: 'Not a valid provider id' }).nullable().default(null),
    /** The other side: the provider referred to (outgoing) or who referred (incoming). */
    otherName: requiredText(200),
    otherOrganization: optionalText(200).default(null),
    otherPhone: phoneSchema.default(null),
    otherFax: phoneSchema.default(null),
    reason: requiredText(1000),
    diagnoses: diagnosesSchema,
    /** Outgoing only: documents of the patient's chart sent with the referral. */
    documentsSent: z.array(documentIdSchema).max(MAX_DOCUMENTS_SENT, `At most ${MAX_DOCUMENTS_SENT} documents`).default([]),
    /** Checked against the clinic's today by the service: not in the future. */
    referredOn: calendarDate,
    note: optionalText(2000).default(null),
  })
  .superRefine((referral, ctx) => {
    if (referral.direction === 'incoming' && referral.documentsSent.length > 0) {
      ctx.addIssue({ code: 'custom', path: ['documentsSent'], message: 'Documents sent belong to an outgoing referral' });
    }
    if (new Set(referral.documentsSent).size !== referral.documentsSent.length) {
      ctx.addIssue({ code: 'custom', path: ['documentsSent'], message: 'A document is listed twice' });
    }
  });
export type ReferralLogInput = z.input<typeof referralLogInput>;

/** One move along the referral's way; each carries what that step records. */
export const referralSetStatusInput = z.discriminatedUnion(
  'status',
  [
    z.object({ id: referralIdSchema, status: z.literal('sent') }),
    z.object({ id: referralIdSchema, status: z.literal('scheduled'), appointmentDate: calendarDate }),
    z.object({
      id: referralIdSchema,
      status: z.literal('report_received'),
      reportReceivedOn: calendarDate,
      /** The report, once attached to the chart (optional). */
      reportDocumentId: documentIdSchema.nullable().default(null),
    }),
    z.object({ id: referralIdSchema, status: z.literal('closed') }),
    z.object({ id: referralIdSchema, status: z.literal('cancelled'), reason: requiredText(500) }),
  ],
  { error: 'Choose what happened: sent, scheduled, report received, closed or cancelled' },
);
export type ReferralSetStatusInput = z.input<typeof referralSetStatusInput>;

export const referralListInput = z
  .object({
    direction: z.enum(REFERRAL_DIRECTIONS).optional(),
    /** `unfinished`: not closed or cancelled (the default); `all`: any status. */
    status: z.enum([...REFERRAL_STATUSES, 'unfinished', 'all']).default('unfinished'),
    patientId: patientIdSchema.optional(),
  })
  .default({ status: 'unfinished' });

export const referralOverdueInput = z.object({}).default({});

const documentRefSchema = z.object({
  id: z.string(),
  title: z.string(),
  documentDate: z.string(),
  /** Removed from the chart since. */
  removed: z.boolean(),
});
export type ReferralDocumentRef = z.infer<typeof documentRefSchema>;

/** Who, why and what: hidden (null) when the chart is restricted and the session may not open it. */
export const referralDetailSchema = z.object({
  patient: z.object({ mrn: z.string(), givenName: z.string(), familyName: z.string(), dateOfBirth: z.string() }),
  provider: z.object({ id: z.string(), displayName: z.string() }).nullable(),
  otherName: z.string(),
  otherOrganization: z.string().nullable(),
  otherPhone: z.string().nullable(),
  otherFax: z.string().nullable(),
  reason: z.string(),
  diagnoses: z.array(z.string()),
  documentsSent: z.array(documentRefSchema),
  reportDocument: documentRefSchema.nullable(),
  note: z.string().nullable(),
  cancelReason: z.string().nullable(),
});

export const referralSchema = z.object({
  id: z.string(),
  direction: z.enum(REFERRAL_DIRECTIONS),
  patientId: z.string(),
  status: z.enum(REFERRAL_STATUSES),
  referredOn: z.string(),
  sentAt: z.string().nullable(),
  /** The clinic day it was marked sent. */
  sentOn: z.string().nullable(),
  appointmentDate: z.string().nullable(),
  reportReceivedOn: z.string().nullable(),
  /** Outgoing and still awaiting the report: when it is due and how many days it is past that. */
  reportDue: z.object({ dueOn: z.string(), daysOverdue: z.number().int() }).nullable(),
  restricted: z.boolean(),
  detail: referralDetailSchema.nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Referral = z.infer<typeof referralSchema>;

export const referralListOutput = z.object({
  items: z.array(referralSchema),
  /** More referrals match than the list holds (the newest are listed). */
  more: z.boolean(),
  today: z.string(),
  reportDays: z.number().int(),
});

export const referralOverdueOutput = z.object({
  /** Oldest first: the most days overdue at the top. */
  items: z.array(referralSchema),
  today: z.string(),
  reportDays: z.number().int(),
});

