import { z } from 'zod';
import { EARLIEST_BIRTH_YEAR, isIsoDate, localIsoDate } from '../validation/dates';
import { toE164 } from '../validation/phone';

export const SEXES = ['female', 'male', 'other', 'unknown'] as const;
export const SEX_LABELS: Record<(typeof SEXES)[number], string> = {
  female: 'Female',
  male: 'Male',
  other: 'Other',
  unknown: 'Unknown',
};

const personName = z
  .string({ error: 'Required' })
  .trim()
  .min(1, 'Required')
  .max(100, 'At most 100 characters');

export const dateOfBirthSchema = z
  .string({ error: 'Required' })
  .trim()
  .min(1, 'Required')
  .refine(isIsoDate, 'Enter a real date as YYYY-MM-DD')
  .refine((d) => Number(d.slice(0, 4)) >= EARLIEST_BIRTH_YEAR, `Must be ${EARLIEST_BIRTH_YEAR} or later`)
  .refine((d) => d <= localIsoDate(), 'Cannot be in the future');

/** Blank form fields mean "none". */
const blankToNull = (value: unknown) =>
  value === undefined || (typeof value === 'string' && value.trim() === '') ? null : value;

const phoneSchema = z.preprocess(
  blankToNull,
  z
    .string()
    .max(40, 'Too long for a phone number')
    .transform((text, ctx) => {
      const e164 = toE164(text);
      if (e164 === null) {
        ctx.addIssue({ code: 'custom', message: 'Not a valid phone number' });
        return z.NEVER;
      }
      return e164;
    })
    .nullable(),
);

const emailSchema = z.preprocess(
  blankToNull,
  z.string().trim().toLowerCase().max(254, 'Too long for an e-mail address').pipe(z.email('Not a valid e-mail address')).nullable(),
);

const sexSchema = z.enum(SEXES, { error: 'Choose one of female, male, other, unknown' });

export const patientFieldsSchema = z.object({
  givenName: personName,
  familyName: personName,
  dateOfBirth: dateOfBirthSchema,
  sex: sexSchema.default('unknown'),
  phone: phoneSchema,
  email: emailSchema,
});

export const patientCreateInput = patientFieldsSchema;
export type PatientCreateInput = z.input<typeof patientCreateInput>;

export const patientIdSchema = z.uuid({ error: 'Not a valid patient id' });

/** Only the fields sent: sex has no default here (zod 4 applies defaults inside .partial(), which would reset it). */
export const patientUpdateInput = z
  .object({ id: patientIdSchema })
  .extend(patientFieldsSchema.extend({ sex: sexSchema }).partial().shape)
  .refine((v) => Object.keys(v).some((k) => k !== 'id'), 'Nothing to change');
export type PatientUpdateInput = z.input<typeof patientUpdateInput>;

export const RESTRICTIONS = ['staff', 'vip', 'sensitive'] as const;
export const RESTRICTION_LABELS: Record<(typeof RESTRICTIONS)[number], string> = {
  staff: 'Staff member',
  vip: 'VIP',
  sensitive: 'Sensitive',
};
export const restrictionSchema = z.enum(RESTRICTIONS, { error: 'Choose staff, vip or sensitive' }).nullable();

export const patientSetRestrictionInput = z.object({ id: z.uuid({ error: 'Not a valid patient id' }), restriction: restrictionSchema });

export const patientSchema = z.object({
  id: z.string(),
  mrn: z.string(),
  givenName: z.string(),
  familyName: z.string(),
  dateOfBirth: z.string(),
  sex: z.enum(SEXES),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  restricted: restrictionSchema,
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Patient = z.infer<typeof patientSchema>;

export const patientSummarySchema = patientSchema.pick({
  id: true,
  mrn: true,
  givenName: true,
  familyName: true,
  dateOfBirth: true,
  phone: true,
  email: true,
  sex: true,
  restricted: true,
});
export type PatientSummary = z.infer<typeof patientSummarySchema>;

export const MAX_SEARCH_QUERY_LENGTH = 500;

export const patientSearchInput = z.object({
  query: z.string().max(MAX_SEARCH_QUERY_LENGTH, `At most ${MAX_SEARCH_QUERY_LENGTH} characters`),
  limit: z.number().int().min(1).max(100).default(20),
});

export const patientSearchOutput = z.object({ items: z.array(patientSummarySchema) });

/** `patients.create`: the patient's fields, and the receptionist's "new patient anyway" after a duplicate warning. */
export const patientCreateRequest = patientCreateInput.extend({ confirmNewPatient: z.boolean().optional() });

export const DUPLICATE_REASONS = ['same_dob_similar_name', 'same_phone', 'same_email', 'same_member_id'] as const;
export type DuplicateReason = (typeof DUPLICATE_REASONS)[number];
export const DUPLICATE_REASON_LABELS: Record<DuplicateReason, string> = {
  same_dob_similar_name: 'same date of birth and similar name',
  same_phone: 'same phone',
  same_email: 'same e-mail',
  same_member_id: 'same insurance member id',
};

/** What a half-filled registration form holds; anything not (yet) usable is ignored, never refused. */
const partialText = (max: number) => z.string().max(max).nullish();
export const patientFindDuplicatesInput = z.object({
  givenName: partialText(200),
  familyName: partialText(200),
  /** Used only when it is a full, valid date (YYYY-MM-DD). */
  dateOfBirth: partialText(40),
  phone: partialText(80),
  email: partialText(400),
  /** An insurance member id, typed with or without dashes and spaces. */
  memberId: partialText(80),
});
export type PatientFindDuplicatesInput = z.input<typeof patientFindDuplicatesInput>;

export const duplicateCandidateSchema = z.object({
  id: z.string(),
  mrn: z.string(),
  givenName: z.string(),
  familyName: z.string(),
  dateOfBirth: z.string(),
  phone: z.string().nullable(),
  reasons: z.array(z.enum(DUPLICATE_REASONS)).min(1),
});
export type DuplicateCandidate = z.infer<typeof duplicateCandidateSchema>;

export const patientFindDuplicatesOutput = z.object({ items: z.array(duplicateCandidateSchema) });

/** `details` of the CONFLICT that `patients.create` returns without `confirmNewPatient`. */
export const duplicateConflictDetails = z.object({ duplicates: z.array(duplicateCandidateSchema) });
