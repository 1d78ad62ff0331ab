import { z } from 'zod';
import { CONTACT_ROLES, RELATIONSHIPS } from './codes';
import { addressProblems, normalizeAddress, type AddressFields, type Problem } from './registration-rules';
import { addressFieldsSchema, emailSchema, nullWhenLeftOut, optionalPastDateSchema, patientIdSchema, phoneSchema, reportProblems } from './schema';

const contactIdSchema = z.uuid({ error: 'Not a valid contact id' });

/** An emergency contact or the guarantor (who pays), as entered. */
export const contactFieldsSchema = z.object({
  role: z.enum(CONTACT_ROLES, { error: 'Choose emergency contact or guarantor' }),
  name: z.string({ error: 'Required' }).trim().min(1, 'Required').max(200, 'At most 200 characters'),
  relationship: z.enum(RELATIONSHIPS, { error: 'Choose how they are related to the patient' }),
  ...nullWhenLeftOut({ phone: phoneSchema, email: emailSchema, dateOfBirth: optionalPastDateSchema, ...addressFieldsSchema.shape }),
});
export type ContactFields = z.output<typeof contactFieldsSchema>;

/** Rules across a contact's fields: a complete address or none, and a phone to reach an emergency contact on. */
export function contactProblems(contact: Pick<ContactFields, 'role' | 'phone'> & AddressFields): Problem[] {
  const problems = addressProblems(contact);
  if (contact.role === 'emergency' && contact.phone === null) {
    problems.push({ field: 'phone', message: 'An emergency contact needs a phone number', uses: ['role', 'phone'] });
  }
  return problems;
}

/** `patients.contacts.save`: adds a contact (no id) or replaces the fields of one (id). */
export const contactSaveInput = contactFieldsSchema
  .extend({ patientId: patientIdSchema, id: contactIdSchema.optional() })
  .check((payload) => reportProblems(payload, contactProblems(normalizeAddress(payload.value))))
  .transform((contact) => normalizeAddress(contact));
export type ContactSaveInput = z.input<typeof contactSaveInput>;

export const contactRefInput = z.object({ patientId: patientIdSchema, id: contactIdSchema });

/** A postal address as the services return it: each part null when absent. */
export const storedAddressSchema = z.object({
  addressLine1: z.string().nullable(),
  addressLine2: z.string().nullable(),
  city: z.string().nullable(),
  region: z.string().nullable(),
  postalCode: z.string().nullable(),
  country: z.string().nullable(),
});

export const contactSchema = z.object({
  id: z.string(),
  patientId: z.string(),
  role: z.enum(CONTACT_ROLES),
  name: z.string(),
  relationship: z.enum(RELATIONSHIPS),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  dateOfBirth: z.string().nullable(),
  ...storedAddressSchema.shape,
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Contact = z.infer<typeof contactSchema>;

export const contactListInput = z.object({ patientId: patientIdSchema });
export const contactListOutput = z.object({ items: z.array(contactSchema) });

/** How a changed value is shown: dates and phones are formatted by the screen, text as it is. */
export const HISTORY_VALUE_KINDS = ['text', 'date', 'phone'] as const;

export const historyChangeSchema = z.object({
  /** The field's name in the contract (e.g. consentSmsOn). */
  field: z.string(),
  label: z.string(),
  kind: z.enum(HISTORY_VALUE_KINDS),
  /** Readable values (codes turned into labels, a provider id into a name); null: empty. */
  from: z.string().nullable(),
  to: z.string().nullable(),
});
export type HistoryChange = z.infer<typeof historyChangeSchema>;

/** One save: who made it, when, and what it did to one record of the chart (the patient's details or one contact). */
export const historyEntrySchema = z.object({
  /** Stable key: the first op of the save. */
  id: z.string(),
  at: z.string(),
  /** Null when no signed-in user made the change (a script, the workstation itself). */
  author: z.object({ id: z.string(), name: z.string() }).nullable(),
  subject: z.enum(['patient', ...CONTACT_ROLES]),
  /** The contact's name as it is now (null for the patient's own details). */
  contactName: z.string().nullable(),
  action: z.enum(['created', 'changed', 'removed']),
  changes: z.array(historyChangeSchema),
});
export type HistoryEntry = z.infer<typeof historyEntrySchema>;

export const MAX_HISTORY_PAGE = 50;
export const patientHistoryInput = z.object({
  patientId: patientIdSchema,
  limit: z.number().int().min(1).max(MAX_HISTORY_PAGE).default(20),
  /** From a previous page's `nextBefore`: only older changes. */
  before: z.number().int().positive().optional(),
});
export const patientHistoryOutput = z.object({
  /** Newest first. */
  items: z.array(historyEntrySchema),
  /** Pass as `before` for older changes; null when there are none. */
  nextBefore: z.number().int().nullable(),
});
export type PatientHistoryPage = z.infer<typeof patientHistoryOutput>;
