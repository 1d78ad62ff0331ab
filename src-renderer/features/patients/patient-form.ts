import { zodResolver } from '@hookform/resolvers/zod';
import type { Resolver } from 'react-hook-form';
import type { z } from 'zod';
import { DEFAULT_COUNTRY } from '../../../src-shared/patients/codes';
import { ADDRESS_FIELDS } from '../../../src-shared/patients/registration-rules';
import { patientCreateInput, type Patient, type PatientFields } from '../../../src-shared/patients/schema';
import { localIsoDate, parseDateInput } from '../../../src-shared/validation/dates';
import { formatDate, formatPhone } from '../../lib/format';

/** Every field of the registration, in the order of the form (the order errors are focused in). */
export const PATIENT_FORM_FIELDS = [
  'givenName',
  'familyName',
  'dateOfBirth',
  'sex',
  'preferredName',
  'genderIdentity',
  'pronouns',
  'phone',
  'phoneType',
  'altPhone',
  'altPhoneType',
  'email',
  ...ADDRESS_FIELDS,
  'language',
  'preferredContact',
  'consentSms',
  'consentSmsOn',
  'consentEmail',
  'consentEmailOn',
  'consentVoicemail',
  'consentVoicemailOn',
  'primaryProviderId',
  'frontOfficeNotes',
] as const satisfies readonly (keyof PatientFields)[];
export type PatientFormField = (typeof PATIENT_FORM_FIELDS)[number];

/** The date fields, typed as people type dates (MM/DD/YYYY …) and read with the service's parser. */
const DATE_FIELDS = ['dateOfBirth', 'consentSmsOn', 'consentEmailOn', 'consentVoicemailOn'] as const;
const PHONE_FIELDS = ['phone', 'altPhone'] as const;

/**
 * What the form's inputs hold: text as typed, '' for "none". `memberId` is asked only at
 * registration, and only to find an existing patient (the coverage itself is added on the chart).
 */
export type PatientFormValues = Record<PatientFormField, string> & { memberId: string };

/** What a valid form yields: the contract's own parsed input (ISO dates, E.164 phones, null for blanks). */
export type PatientFormOutput = z.output<typeof patientCreateInput>;

const BLANK_FORM: PatientFormValues = {
  ...(Object.fromEntries(PATIENT_FORM_FIELDS.map((name) => [name, ''])) as Record<PatientFormField, string>),
  // Sent only with an address (without one, the service drops it).
  country: DEFAULT_COUNTRY,
  memberId: '',
};

/** A new registration: most phones given at a front desk are mobiles, a second one often the home line. */
export const EMPTY_PATIENT_FORM: PatientFormValues = { ...BLANK_FORM, sex: 'unknown', phoneType: 'mobile', altPhoneType: 'home' };

/** A saved patient shown in the form the way people type it (nothing guessed for what is not recorded). */
export function patientToFormValues(patient: Patient): PatientFormValues {
  const values = { ...BLANK_FORM };
  for (const name of PATIENT_FORM_FIELDS) {
    const value = patient[name];
    if (value !== null) values[name] = value;
  }
  for (const name of DATE_FIELDS) values[name] = patient[name] ? formatDate(patient[name]) : '';
  for (const name of PHONE_FIELDS) values[name] = formatPhone(patient[name]);
  return values;
}

/** Today in the form's date format: a consent recorded now is dated today unless the user says otherwise. */
export function todayAsTyped(now: Date = new Date()): string {
  return formatDate(localIsoDate(now));
}

/**
 * The fields an edit sends: those whose value now differs from the patient as loaded. Fields the
 * user left alone are not sent, so a concurrent change of another field is kept; a default the
 * form filled in (the country of a newly typed address) is sent with what needs it.
 */
export function changedFields(values: PatientFormOutput, original: Patient): Partial<PatientFormOutput> {
  return Object.fromEntries(PATIENT_FORM_FIELDS.filter((name) => values[name] !== original[name]).map((name) => [name, values[name]]));
}

export const DATE_FORMAT_MESSAGE = 'Enter a real date, e.g. 07/14/1985, 1985-07-14 or 07141985';

/**
 * A contract schema as a form's validation. Dates are typed in several ways, so their text is
 * read with the same parser the service uses before the schema sees it, and a date that is no
 * date says which ways work.
 */
export function readingTypedDates<V extends Record<string, unknown>, O>(
  schemaResolver: Resolver<V, unknown, O>,
  dateFields: readonly (keyof V & string)[],
): Resolver<V, unknown, O> {
  return async (values, context, options) => {
    const typed = Object.fromEntries(dateFields.map((name) => [name, String(values[name] ?? '').trim()]));
    const read = Object.fromEntries(dateFields.map((name) => [name, parseDateInput(typed[name]!) ?? typed[name]]));
    const result = await schemaResolver({ ...values, ...read }, context, options);
    const errors = result.errors as Record<string, { message?: string } | undefined>;
    for (const name of dateFields) {
      const error = errors[name];
      if (error && typed[name] !== '' && parseDateInput(typed[name]!) === null) error.message = DATE_FORMAT_MESSAGE;
    }
    return result;
  };
}

export const patientFormResolver = readingTypedDates(
  zodResolver(patientCreateInput) as unknown as Resolver<PatientFormValues, unknown, PatientFormOutput>,
  DATE_FIELDS,
);
