import { z } from 'zod';
import { EARLIEST_BIRTH_YEAR, isIsoDate, localIsoDate } from '../validation/dates';
import { toE164 } from '../validation/phone';
import { CONSENTS, CONTACT_METHODS, COUNTRY_CODES, GENDER_IDENTITIES, LANGUAGES, PHONE_TYPES } from './codes';
import { normalizeRegistration, registrationProblems, type Problem, type RegistrationFields } from './registration-rules';

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

/** A day something happened (a birth, a consent): a real date, from 1900, not in the future. */
const pastDateChecks = (text: z.ZodString) =>
  text
    .refine(isIsoDate, 'Enter a real date as YYYY-MM-DD')
    .refine((d) => Number(d.slice(0, 4)) >= EARLIEST_BIRTH_YEAR, `Must be ${EARLIEST_BIRTH_YEAR} or later`)
    .refine((d) => d <= localIsoDate(), 'Cannot be in the future');

export const dateOfBirthSchema = pastDateChecks(z.string({ error: 'Required' }).trim().min(1, 'Required'));

/** Blank form fields mean "none". */
export const blankToNull = (value: unknown) =>
  value === undefined || (typeof value === 'string' && value.trim() === '') ? null : value;

export const phoneSchema = z.preprocess(
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

export const emailSchema = z.preprocess(
  blankToNull,
  z.string().trim().toLowerCase().max(254, 'Too long for an e-mail address').pipe(z.email('Not a valid e-mail address')).nullable(),
);

const sexSchema = z.enum(SEXES, { error: 'Choose one of female, male, other, unknown' });

/** Optional free text: blank means none; trimmed. */
export const optionalText = (max: number) =>
  z.preprocess(blankToNull, z.string({ error: 'Must be text' }).trim().max(max, `At most ${max} characters`).nullable());

/** Optional choice from a fixed list: blank means none. */
const optionalChoice = <const T extends readonly [string, ...string[]]>(values: T, message: string) =>
  z.preprocess(blankToNull, z.enum(values, { error: message }).nullable());

/** An optional day something happened (a consent, a guarantor's birth): blank means none. */
export const optionalPastDateSchema = z.preprocess(blankToNull, pastDateChecks(z.string({ error: 'Enter a date as YYYY-MM-DD' }).trim()).nullable());

const countrySchema = z.preprocess(
  blankToNull,
  z
    .string({ error: 'Choose a country' })
    .trim()
    .toUpperCase()
    .refine((code) => COUNTRY_CODES.includes(code), 'Choose a country from the list')
    .nullable(),
);

/** A postal address: each part optional here; `addressProblems` checks that they add up. */
export const addressFieldsSchema = z.object({
  addressLine1: optionalText(200),
  addressLine2: optionalText(200),
  city: optionalText(100),
  region: optionalText(100),
  postalCode: optionalText(20),
  country: countrySchema,
});

const phoneTypeSchema = optionalChoice(PHONE_TYPES, 'Choose mobile, home or work');
const consentSchema = optionalChoice(CONSENTS, 'Choose granted or refused');

/** Every field of a patient's registration; each optional one is null when blank. */
const patientFieldShape = {
  givenName: personName,
  familyName: personName,
  preferredName: optionalText(100),
  dateOfBirth: dateOfBirthSchema,
  sex: sexSchema,
  genderIdentity: optionalChoice(GENDER_IDENTITIES, 'Choose one of the listed gender identities'),
  pronouns: optionalText(40),
  phone: phoneSchema,
  phoneType: phoneTypeSchema,
  altPhone: phoneSchema,
  altPhoneType: phoneTypeSchema,
  email: emailSchema,
  ...addressFieldsSchema.shape,
  language: optionalChoice(LANGUAGES, 'Choose a language from the list'),
  preferredContact: optionalChoice(CONTACT_METHODS, 'Choose phone, text message, e-mail or letter'),
  consentSms: consentSchema,
  consentSmsOn: optionalPastDateSchema,
  consentEmail: consentSchema,
  consentEmailOn: optionalPastDateSchema,
  consentVoicemail: consentSchema,
  consentVoicemailOn: optionalPastDateSchema,
  primaryProviderId: z.preprocess(blankToNull, z.uuid({ error: 'Not a valid provider id' }).nullable()),
  frontOfficeNotes: optionalText(4000),
};

/** Optional fields that may be left out of an input (they are null then). Not for partial updates: left out must mean unchanged there. */
export function nullWhenLeftOut<S extends Record<string, z.ZodType>>(shape: S): { [K in keyof S]: z.ZodDefault<S[K]> } {
  return Object.fromEntries(Object.entries(shape).map(([key, schema]) => [key, schema.default(null as never)])) as {
    [K in keyof S]: z.ZodDefault<S[K]>;
  };
}

const { givenName, familyName, dateOfBirth, sex, ...optionalPatientFields } = patientFieldShape;
export const patientFieldsSchema = z.object({
  givenName,
  familyName,
  dateOfBirth,
  sex: sex.default('unknown'),
  ...nullWhenLeftOut(optionalPatientFields),
});
export type PatientFields = z.output<typeof patientFieldsSchema>;

/**
 * Adds the problems found by a rule across fields as issues on their fields; a rule that reads a
 * field already refused says nothing (that field's own message is the useful one).
 */
export function reportProblems(payload: z.core.ParsePayload<unknown>, problems: readonly Problem[]): void {
  const invalid = new Set(payload.issues.map((issue) => String(issue.path?.[0])));
  for (const problem of problems) {
    if (problem.uses.some((field) => invalid.has(field))) continue;
    payload.issues.push({ code: 'custom', path: [problem.field], message: problem.message, input: payload.value });
  }
}

const checkRegistration = (payload: z.core.ParsePayload<RegistrationFields>) =>
  reportProblems(payload, registrationProblems(normalizeRegistration(payload.value)));

export const patientCreateInput = patientFieldsSchema.check(checkRegistration).transform((fields) => normalizeRegistration(fields));
export type PatientCreateInput = z.input<typeof patientCreateInput>;

export const patientIdSchema = z.uuid({ error: 'Not a valid patient id' });

/**
 * Only the fields sent: no defaults here (zod 4 applies defaults inside .partial(), which would
 * reset what was not sent). The rules across fields need the stored patient too: the service checks them.
 */
export const patientUpdateInput = z
  .object({ id: patientIdSchema })
  .extend(z.object(patientFieldShape).partial().shape)
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

const nullableText = z.string().nullable();
export const patientSchema = z.object({
  id: z.string(),
  mrn: z.string(),
  givenName: z.string(),
  familyName: z.string(),
  preferredName: nullableText,
  dateOfBirth: z.string(),
  sex: z.enum(SEXES),
  genderIdentity: z.enum(GENDER_IDENTITIES).nullable(),
  pronouns: nullableText,
  phone: nullableText,
  phoneType: z.enum(PHONE_TYPES).nullable(),
  altPhone: nullableText,
  altPhoneType: z.enum(PHONE_TYPES).nullable(),
  email: nullableText,
  addressLine1: nullableText,
  addressLine2: nullableText,
  city: nullableText,
  region: nullableText,
  postalCode: nullableText,
  country: nullableText,
  language: z.enum(LANGUAGES).nullable(),
  preferredContact: z.enum(CONTACT_METHODS).nullable(),
  consentSms: z.enum(CONSENTS).nullable(),
  consentSmsOn: nullableText,
  consentEmail: z.enum(CONSENTS).nullable(),
  consentEmailOn: nullableText,
  consentVoicemail: z.enum(CONSENTS).nullable(),
  consentVoicemailOn: nullableText,
  primaryProviderId: nullableText,
  frontOfficeNotes: nullableText,
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
export const patientCreateRequest = patientFieldsSchema
  .extend({
    confirmNewPatient: z.boolean().optional(),
    /** An insurance member id typed at registration: checked for duplicates, not stored (coverages hold member ids). */
    memberId: z.string().max(80, 'At most 80 characters').nullish(),
  })
  .check(checkRegistration)
  .transform((fields) => normalizeRegistration(fields));

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
