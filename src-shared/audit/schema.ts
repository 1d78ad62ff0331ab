import { z } from 'zod';
import { MAX_SEARCH_QUERY_LENGTH } from '../patients/schema';

/** What a print or an export produced, for the audit log. */
export const PRINTABLES = ['chart', 'accounting_of_disclosures', 'access_report', 'record_request', 'audit_report', 'document'] as const;
export type Printable = (typeof PRINTABLES)[number];

/**
 * Events only the screen knows of: a print or export it made, and the search query a user
 * settled on (sent once typing pauses or a result is opened, never per keystroke).
 */
export const clientEventInput = z.discriminatedUnion('event', [
  z.object({ event: z.literal('print'), what: z.enum(PRINTABLES), patientId: z.uuid().optional() }),
  z.object({ event: z.literal('export'), what: z.enum(PRINTABLES), patientId: z.uuid().optional() }),
  z.object({ event: z.literal('search'), query: z.string().max(MAX_SEARCH_QUERY_LENGTH), resultCount: z.number().int().min(0) }),
]);
export type ClientEvent = z.input<typeof clientEventInput>;
