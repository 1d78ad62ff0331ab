import { zodResolver } from '@hookform/resolvers/zod';
import type { FieldErrors, Resolver } from 'react-hook-form';
import type { z } from 'zod';
import { patientCreateInput, type Patient, type SEXES } from '../../../src-shared/patients/schema';
import type { RpcError } from '../../../src-shared/rpc/errors';
import { parseDateInput } from '../../../src-shared/validation/dates';
import { formatDate, formatPhone } from '../../lib/format';

/** What the form's inputs hold: text as typed. */
export interface PatientFormValues {
  givenName: string;
  familyName: string;
  dateOfBirth: string;
  sex: (typeof SEXES)[number];
  phone: string;
  email: string;
}

/** What a valid form yields: the contract's own parsed input (ISO date, E.164 phone, null for blanks). */
export type PatientFormOutput = z.output<typeof patientCreateInput>;

export const PATIENT_FORM_FIELDS = ['givenName', 'familyName', 'dateOfBirth', 'sex', 'phone', 'email'] as const;
export type PatientFormField = (typeof PATIENT_FORM_FIELDS)[number];

export const EMPTY_PATIENT_FORM: PatientFormValues = {
  givenName: '',
  familyName: '',
  dateOfBirth: '',
  sex: 'unknown',
  phone: '',
  email: '',
};

/** A saved patient shown in the form the way people type it. */
export function patientToFormValues(patient: Patient): PatientFormValues {
  return {
    givenName: patient.givenName,
    familyName: patient.familyName,
    dateOfBirth: formatDate(patient.dateOfBirth),
    sex: patient.sex,
    phone: formatPhone(patient.phone),
    email: patient.email ?? '',
  };
}

export const DATE_FORMAT_MESSAGE = 'Enter a real date, e.g. 07/14/1985, 1985-07-14 or 07141985';

const contractResolver = zodResolver(patientCreateInput) as unknown as Resolver<PatientFormValues, unknown, PatientFormOutput>;

/**
 * The contract's schema is the form's validation. Dates are typed in several ways, so the text is
 * normalised with the same parser the service uses before the schema sees it.
 */
export const patientFormResolver: Resolver<PatientFormValues, unknown, PatientFormOutput> = async (values, context, options) => {
  const typed = values.dateOfBirth.trim();
  const result = await contractResolver({ ...values, dateOfBirth: parseDateInput(typed) ?? typed }, context, options);
  const dob = (result.errors as FieldErrors<PatientFormValues>).dateOfBirth;
  if (dob && typed !== '' && parseDateInput(typed) === null) dob.message = DATE_FORMAT_MESSAGE;
  return result;
};

/**
 * Splits a refusal from the service into messages for the form's fields and, for anything that
 * belongs to no field, one message for the top of the form.
 */
export function splitServerError(error: RpcError): { fields: [PatientFormField, string][]; general: string | null } {
  const fields: [PatientFormField, string][] = [];
  const other: string[] = [];
  for (const [path, message] of Object.entries(error.fields ?? {})) {
    const name = path.split('.')[0] as PatientFormField;
    if ((PATIENT_FORM_FIELDS as readonly string[]).includes(name) && !fields.some(([f]) => f === name)) fields.push([name, message]);
    else other.push(message);
  }
  if (fields.length === 0) return { fields, general: error.message };
  return { fields, general: other.length > 0 ? other.join(' ') : null };
}
