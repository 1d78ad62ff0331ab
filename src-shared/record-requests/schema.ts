import { z } from 'zod';
import { isIsoDate } from '../validation/dates';
import {
  MIN_REASON_LENGTH,
  PURPOSE_RULES,
  PURPOSES,
  RELEASE_METHODS,
  REQUEST_STATUSES,
  REQUESTER_KINDS,
} from './rules';

const requestIdSchema = z.uuid({ error: 'Not a valid record request id' });
const patientIdSchema = z.uuid({ error: 'Not a valid patient id' });

const requiredText = (max: number) =>
  z.string({ error: 'Required' }).trim().min(1, 'Required').max(max, `At most ${max} characters`);

/** Blank means "none". */
const optionalText = (max: number) =>
  z.preprocess(
    (value) => (typeof value === 'string' && value.trim() === '' ? null : value),
    z.string().trim().max(max, `At most ${max} characters`).nullable().default(null),
  );

const calendarDate = z.string({ error: 'Required' }).trim().min(1, 'Required').refine(isIsoDate, 'Enter a real date');

/** A reason someone else will read later (an extension, a denial): a sentence, not a tick. */
const writtenReason = requiredText(1000).refine((text) => text.length >= MIN_REASON_LENGTH, `Write at least ${MIN_REASON_LENGTH} characters`);

export const recordRequestLogInput = z
  .object({
    patientId: patientIdSchema,
    requesterName: requiredText(200),
    requesterKind: z.enum(REQUESTER_KINDS, { error: 'Choose who is asking' }),
    requesterContact: optionalText(300),
    purpose: z.enum(PURPOSES, { error: 'Choose the purpose' }),
    recordsRequested: requiredText(2000),
    authorizationOnFile: z.boolean({ error: 'Say whether an authorization is on file' }),
    authorizationDocumentId: z.uuid({ error: 'Not a valid document id' }).nullable().default(null),
    /** Checked against today (not in the future, not older than six years) by the service. */
    receivedOn: calendarDate,
  })
  .superRefine((request, ctx) => {
    if (PURPOSE_RULES[request.purpose].needsAuthorization && !request.authorizationOnFile) {
      ctx.addIssue({
        code: 'custom',
        path: ['authorizationOnFile'],
        message: 'This purpose needs the patient’s signed authorization on file before anything is released',
      });
    }
    if (request.authorizationDocumentId !== null && !request.authorizationOnFile) {
      ctx.addIssue({ code: 'custom', path: ['authorizationDocumentId'], message: 'A linked authorization document means one is on file' });
    }
  });
export type RecordRequestLogInput = z.input<typeof recordRequestLogInput>;

export const recordRequestExtendInput = z.object({ id: requestIdSchema, reason: writtenReason });

export const recordRequestReleaseInput = z.object({
  id: requestIdSchema,
  /** Checked against the day received and today by the service. */
  releasedOn: calendarDate,
  releasedVia: z.enum(RELEASE_METHODS, { error: 'Choose how it was sent' }),
  releasedWhat: requiredText(2000),
});

export const recordRequestDenyInput = z.object({ id: requestIdSchema, reason: writtenReason });

export const recordRequestWithdrawInput = z.object({ id: requestIdSchema, note: optionalText(1000) });

export const recordRequestIdInput = z.object({ id: requestIdSchema });
export const recordRequestPatientInput = z.object({ patientId: patientIdSchema });

export const recordRequestListOpenInput = z.object({ overdueOnly: z.boolean().default(false) }).default({ overdueOnly: false });

export const accountingInput = z
  .object({
    patientId: patientIdSchema,
    /** Default: six years before `to`'s day (today). */
    from: calendarDate.optional(),
    /** Default: today. */
    to: calendarDate.optional(),
  })
  .refine((range) => !range.from || !range.to || range.from <= range.to, { path: ['to'], message: 'Must be on or after the start date' });

/** Where the request stands today (closed requests have no days left). */
const dueState = {
  /** The extended due date once extended, else the original. */
  effectiveDueOn: z.string(),
  /** Calendar days until the effective due date (negative: overdue); null once closed. */
  daysLeft: z.number().int().nullable(),
  overdue: z.boolean(),
};

export const recordRequestSchema = z.object({
  id: z.string(),
  patientId: z.string(),
  requesterName: z.string(),
  requesterKind: z.enum(REQUESTER_KINDS),
  requesterContact: z.string().nullable(),
  purpose: z.enum(PURPOSES),
  recordsRequested: z.string(),
  authorizationOnFile: z.boolean(),
  authorizationDocumentId: z.string().nullable(),
  receivedOn: z.string(),
  dueOn: z.string(),
  extendedDueOn: z.string().nullable(),
  extensionReason: z.string().nullable(),
  status: z.enum(REQUEST_STATUSES),
  releasedOn: z.string().nullable(),
  releasedWhat: z.string().nullable(),
  releasedVia: z.enum(RELEASE_METHODS).nullable(),
  releasedBy: z.string().nullable(),
  /** The releasing user's display name. */
  releasedByName: z.string().nullable(),
  /** The denial reason or the withdrawal note. */
  closingNote: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  ...dueState,
});
export type RecordRequest = z.infer<typeof recordRequestSchema>;

export const recordRequestListOutput = z.object({ items: z.array(recordRequestSchema) });

/**
 * One open request on the clinic-wide list. A restricted chart the user may not open shows its
 * dates and purpose only: `patient` and `requesterName` are null.
 */
export const openRecordRequestSchema = z.object({
  id: z.string(),
  patientId: z.string(),
  patient: z
    .object({ mrn: z.string(), givenName: z.string(), familyName: z.string(), dateOfBirth: z.string() })
    .nullable(),
  restricted: z.boolean(),
  requesterName: z.string().nullable(),
  requesterKind: z.enum(REQUESTER_KINDS),
  purpose: z.enum(PURPOSES),
  receivedOn: z.string(),
  extended: z.boolean(),
  ...dueState,
  daysLeft: z.number().int(),
});
export type OpenRecordRequest = z.infer<typeof openRecordRequestSchema>;

export const recordRequestListOpenOutput = z.object({
  /** The local calendar date the days were counted from. */
  today: z.string(),
  items: z.array(openRecordRequestSchema),
});

export const disclosureSchema = z.object({
  requestId: z.string(),
  releasedOn: z.string(),
  recipientName: z.string(),
  recipientKind: z.enum(REQUESTER_KINDS),
  recipientContact: z.string().nullable(),
  purpose: z.enum(PURPOSES),
  releasedWhat: z.string(),
  releasedVia: z.enum(RELEASE_METHODS),
  authorizationOnFile: z.boolean(),
});
export type Disclosure = z.infer<typeof disclosureSchema>;

export const accountingOutput = z.object({
  patientId: z.string(),
  from: z.string(),
  to: z.string(),
  /** Oldest first, as the accounting is read. */
  items: z.array(disclosureSchema),
});
export type Accounting = z.infer<typeof accountingOutput>;
