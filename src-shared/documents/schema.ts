import { z } from 'zod';

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
