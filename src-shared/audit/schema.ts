import { z } from 'zod';
import { MAX_SEARCH_QUERY_LENGTH } from '../patients/schema';
import { AUDIT_ACTION_GROUP_KEYS } from './actions';

/** What a print or an export produced, for the audit log. */
export const PRINTABLES = ['chart', 'accounting_of_disclosures', 'access_report', 'record_request', 'audit_report', 'document', 'day_schedule', 'provider_schedule', 'appointment_list', 'receipt'] as const;
export type Printable = (typeof PRINTABLES)[number];
export const PRINTABLE_LABELS: Record<Printable, string> = {
  chart: 'Chart',
  accounting_of_disclosures: 'Accounting of disclosures',
  access_report: 'Access report',
  record_request: 'Record request',
  audit_report: 'Audit log',
  document: 'Document',
  day_schedule: 'Day schedule',
  provider_schedule: "A provider's schedule",
  appointment_list: 'Appointment list',
  receipt: 'Payment receipt',
};

export const EXPORT_FORMATS = ['csv', 'pdf', 'json', 'ics'] as const;

const patientRef = z.uuid({ error: 'Not a valid patient id' });
/** How many entries or items the print or export held. */
const itemCount = z.number().int().min(0).optional();

/**
 * Events only the screen knows of: a print or export it made, and the search query a user
 * settled on (sent once typing pauses or a result is opened, never per keystroke). The patient
 * of a search is the result the user opened, if the search ended that way.
 */
export const clientEventInput = z.discriminatedUnion('event', [
  z.object({ event: z.literal('print'), what: z.enum(PRINTABLES), patientId: patientRef.optional(), count: itemCount }),
  z.object({
    event: z.literal('export'),
    what: z.enum(PRINTABLES),
    format: z.enum(EXPORT_FORMATS).optional(),
    patientId: patientRef.optional(),
    count: itemCount,
  }),
  z.object({
    event: z.literal('search'),
    query: z.string().trim().min(1, 'Required').max(MAX_SEARCH_QUERY_LENGTH, `At most ${MAX_SEARCH_QUERY_LENGTH} characters`),
    resultCount: z.number().int().min(0),
    patientId: patientRef.optional(),
  }),
]);
export type ClientEvent = z.input<typeof clientEventInput>;

/** Local calendar days (the clinic's), both ends included. */
const localDate = z.iso.date({ error: 'Enter a date as YYYY-MM-DD' });
const dateRange = { from: localDate.optional(), to: localDate.optional() };
const rangeInOrder = (range: { from?: string | undefined; to?: string | undefined }) => !range.from || !range.to || range.from <= range.to;
const rangeOrderIssue = { path: ['to'], message: 'Must be on or after the start date' };

/** Where the next page of a newest-first list starts: after this entry. */
export const auditCursorSchema = z.object({ at: z.string().max(40), seq: z.number().int().min(0) });
export type AuditCursor = z.infer<typeof auditCursorSchema>;

export const MAX_AUDIT_PAGE = 200;

export const auditSearchInput = z
  .object({
    patientId: patientRef.optional(),
    userId: z.uuid({ error: 'Not a valid user id' }).optional(),
    /** A group of actions (chart views, changes …) or one action; not both. */
    group: z.enum(AUDIT_ACTION_GROUP_KEYS).optional(),
    action: z.string().max(64).optional(),
    ...dateRange,
    cursor: auditCursorSchema.optional(),
    limit: z.number().int().min(1).max(MAX_AUDIT_PAGE, `At most ${MAX_AUDIT_PAGE}`).default(50),
  })
  .refine(rangeInOrder, rangeOrderIssue)
  .refine((input) => !(input.group && input.action), { path: ['action'], message: 'Choose a group or one action, not both' });
export type AuditSearchInput = z.input<typeof auditSearchInput>;

const detailValue = z.union([z.string(), z.number(), z.boolean(), z.null()]);

export const auditEntrySchema = z.object({
  id: z.string(),
  at: z.string(),
  action: z.string(),
  actionLabel: z.string(),
  userId: z.string().nullable(),
  /** The user's display name now (null: no user, e.g. a failed sign-in of an unknown name). */
  userName: z.string().nullable(),
  /** The workstation's code when it is this one, else its device id. */
  workstation: z.string(),
  /** What the entry is about; patients and users are named as they are now. */
  record: z
    .object({
      type: z.string(),
      id: z.string(),
      label: z.string().nullable(),
      mrn: z.string().nullable(),
    })
    .nullable(),
  detail: z.record(z.string(), detailValue),
  flagged: z.boolean(),
});
export type AuditEntryView = z.infer<typeof auditEntrySchema>;

export const auditSearchOutput = z.object({ items: z.array(auditEntrySchema), nextCursor: auditCursorSchema.nullable() });
export type AuditSearchOutput = z.infer<typeof auditSearchOutput>;

/** A chart's access report lists at most this many entries (newest first); a longer period is narrowed by dates. */
export const MAX_ACCESS_REPORT_ENTRIES = 1000;

export const auditPatientAccessInput = z.object({ patientId: patientRef, ...dateRange }).refine(rangeInOrder, rangeOrderIssue);

export const auditPatientAccessOutput = z.object({ items: z.array(auditEntrySchema), truncated: z.boolean() });

export const auditUserSchema = z.object({ id: z.string(), displayName: z.string(), username: z.string(), disabled: z.boolean() });
export type AuditUser = z.infer<typeof auditUserSchema>;

export const auditUsersOutput = z.object({ items: z.array(auditUserSchema) });
