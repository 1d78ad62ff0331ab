import { z } from 'zod';
import { isIsoDate, localIsoDate } from '../validation/dates';

export const DOCUMENT_KINDS = ['scan', 'consent', 'referral', 'insurance_card', 'identification', 'photo', 'correspondence', 'other'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];
export const DOCUMENT_KIND_LABELS: Record<DocumentKind, string> = {
  scan: 'Scanned record',
  consent: 'Consent form',
  referral: 'Referral letter',
  insurance_card: 'Insurance card',
  identification: 'Photo ID',
  photo: 'Patient photo',
  correspondence: 'Correspondence',
  other: 'Other',
};

export const DOCUMENT_CONTENT_TYPES = ['application/pdf', 'image/png', 'image/jpeg'] as const;
export type DocumentContentType = (typeof DOCUMENT_CONTENT_TYPES)[number];

/** A document as lists show it (no content). */
export const documentSummarySchema = z.object({
  id: z.string(),
  patientId: z.string(),
  kind: z.enum(DOCUMENT_KINDS),
  title: z.string(),
  documentDate: z.string(),
  contentType: z.enum(DOCUMENT_CONTENT_TYPES),
  byteSize: z.number().int(),
  fileName: z.string(),
  createdAt: z.string(),
  createdBy: z.string().nullable(),
});
export type DocumentSummary = z.infer<typeof documentSummarySchema>;

export const documentListInput = z.object({
  patientId: z.uuid({ error: 'Not a valid patient id' }),
  kind: z.enum(DOCUMENT_KINDS).optional(),
});
export const documentListOutput = z.object({ items: z.array(documentSummarySchema) });

export const MAX_DOCUMENT_TITLE_LENGTH = 200;
const EARLIEST_DOCUMENT_YEAR = 1900;

const documentIdSchema = z.uuid({ error: 'Not a valid document id' });
const kindSchema = z.enum(DOCUMENT_KINDS, { error: 'Choose what kind of document this is' });
export const documentTitleSchema = z
  .string({ error: 'Required' })
  .trim()
  .min(1, 'Required')
  .max(MAX_DOCUMENT_TITLE_LENGTH, `At most ${MAX_DOCUMENT_TITLE_LENGTH} characters`);
/** The date on the paper (a letter's date, the day a consent was signed), not the day it was attached. */
export const documentDateSchema = z
  .string({ error: 'Required' })
  .trim()
  .min(1, 'Required')
  .refine(isIsoDate, 'Enter a real date as YYYY-MM-DD')
  .refine((d) => Number(d.slice(0, 4)) >= EARLIEST_DOCUMENT_YEAR, `Must be ${EARLIEST_DOCUMENT_YEAR} or later`)
  .refine((d) => d <= localIsoDate(), 'Cannot be in the future');
/** The name the file had on disk: kept for downloads, never shown in messages or logs (names often hold a patient's). */
export const documentFileNameSchema = z
  .string({ error: 'Required' })
  .trim()
  .min(1, 'Required')
  .max(255, 'At most 255 characters')
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  .refine((name) => !/[/\\\u0000-\u001f\u007f]/.test(name), 'A file name without folders or control characters');

export const documentAttachInput = z.object({
  patientId: z.uuid({ error: 'Not a valid patient id' }),
  kind: kindSchema,
  title: documentTitleSchema,
  documentDate: documentDateSchema,
  fileName: documentFileNameSchema,
  /** The file's bytes, base64 (the one transport carries JSON). Size and type are checked by the service. */
  contentBase64: z.base64({ error: "The file's content did not arrive intact (not base64): choose the file again" }),
});
export type DocumentAttachInput = z.input<typeof documentAttachInput>;

export const documentIdInput = z.object({ id: documentIdSchema });

export const documentOpenOutput = z.object({ document: documentSummarySchema, contentBase64: z.string() });
export type OpenedDocument = z.infer<typeof documentOpenOutput>;

/** Only the fields sent change. The file itself never changes: attach a new one instead. */
export const documentUpdateInput = z
  .object({ id: documentIdSchema, kind: kindSchema.optional(), title: documentTitleSchema.optional(), documentDate: documentDateSchema.optional() })
  .refine((input) => input.kind !== undefined || input.title !== undefined || input.documentDate !== undefined, 'Nothing to change');

export const documentRemoveOutput = z.object({ removed: z.literal(true) });
