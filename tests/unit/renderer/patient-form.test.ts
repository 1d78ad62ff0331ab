import type { ResolverOptions } from 'react-hook-form';
import { describe, expect, it } from 'vitest';
import {
  DATE_FORMAT_MESSAGE,
  changedFields,
  EMPTY_PATIENT_FORM,
  PATIENT_FORM_FIELDS,
  patientFormResolver,
  patientToFormValues,
  type PatientFormOutput,
  type PatientFormValues,
} from '../../../src-renderer/features/patients/patient-form';
import { patientFieldsSchema, patientSchema, type Patient } from '../../../src-shared/patients/schema';
import { fakeNowForEachTest } from '../../support/unit';

const OPTIONS: ResolverOptions<PatientFormValues> = { fields: {}, shouldUseNativeValidation: false, criteriaMode: 'firstError' };

const VALID: PatientFormValues = {
  ...EMPTY_PATIENT_FORM,
  givenName: 'Maria',
  familyName: 'Lopez',
  dateOfBirth: '07/14/1985',
  sex: 'female',
  phone: '(617) 555-0142',
  email: '',
};

/** What the schema gives for the fields a test does not care about: blank is none (the phone's type stays, with the phone). */
const NOTHING_ELSE = Object.fromEntries(PATIENT_FORM_FIELDS.map((name) => [name, null]));

async function resolve(changes: Partial<PatientFormValues>) {
  const result = await patientFormResolver({ ...VALID, ...changes }, undefined, OPTIONS);
  const messages = Object.fromEntries(Object.entries(result.errors).map(([name, error]) => [name, error?.message]));
  return { values: result.values, messages };
}

// "Today" for the schema's not-in-the-future rule: 10 March 2026, mid-morning local time.
fakeNowForEachTest(new Date(2026, 2, 10, 9, 30));

describe('patientFormResolver: date of birth', () => {
  it.each([
    ['07/14/1985', '1985-07-14'],
    ['07141985', '1985-07-14'],
    ['7/4/1985', '1985-07-04'],
    ['07-04-1985', '1985-07-04'],
    ['07.04.1985', '1985-07-04'],
    ['1985-07-04', '1985-07-04'],
    ['  07/14/1985  ', '1985-07-14'],
    ['02/29/2000', '2000-02-29'],
    ['02292024', '2024-02-29'],
  ])('reads %j as %s', async (typed, iso) => {
    const { values, messages } = await resolve({ dateOfBirth: typed });
    expect(messages).toEqual({});
    expect(values).toMatchObject({ dateOfBirth: iso });
  });

  it.each(['02/30/2020', '02/29/2023', '13/01/2000', '14/07/1985', '0714198', '1985/07/14', 'yesterday', '7-14-85'])(
    'explains the accepted formats for %j, which is no real date',
    async (typed) => {
      const { values, messages } = await resolve({ dateOfBirth: typed });
      expect(messages).toEqual({ dateOfBirth: DATE_FORMAT_MESSAGE });
      expect(values).toEqual({});
    },
  );

  it('asks for a date when none is typed, rather than explaining formats', async () => {
    expect((await resolve({ dateOfBirth: '' })).messages).toEqual({ dateOfBirth: 'Required' });
    expect((await resolve({ dateOfBirth: '   ' })).messages).toEqual({ dateOfBirth: 'Required' });
  });

  it('keeps the schema’s own message for a real date that is not allowed', async () => {
    expect((await resolve({ dateOfBirth: '12/31/1899' })).messages).toEqual({ dateOfBirth: 'Must be 1900 or later' });
    expect((await resolve({ dateOfBirth: '03/11/2026' })).messages).toEqual({ dateOfBirth: 'Cannot be in the future' });
    expect((await resolve({ dateOfBirth: '03112026' })).messages).toEqual({ dateOfBirth: 'Cannot be in the future' });
  });

  it('accepts a baby born today and the first day of 1900', async () => {
    expect((await resolve({ dateOfBirth: '03/10/2026' })).values).toMatchObject({ dateOfBirth: '2026-03-10' });
    expect((await resolve({ dateOfBirth: '01/01/1900' })).values).toMatchObject({ dateOfBirth: '1900-01-01' });
  });
});

describe('patientFormResolver: the other fields', () => {
  it('yields the contract’s parsed input: trimmed names, E.164 phone, lower-case e-mail, null for blanks', async () => {
    const { values, messages } = await resolve({ givenName: '  Maria ', phone: '617.555.0142', email: ' Maria@Example.COM ' });
    expect(messages).toEqual({});
    expect(values).toEqual({
      ...NOTHING_ELSE,
      givenName: 'Maria',
      familyName: 'Lopez',
      dateOfBirth: '1985-07-14',
      sex: 'female',
      phone: '+16175550142',
      phoneType: 'mobile',
      email: 'maria@example.com',
    });
    expect((await resolve({ phone: '  ', email: '' })).values).toMatchObject({ phone: null, email: null });
  });

  it('reports every invalid field at once, each with its own message', async () => {
    const { values, messages } = await resolve({ givenName: ' ', familyName: '', dateOfBirth: '99/99/9999', phone: '12', email: 'maria@' });
    expect(values).toEqual({});
    expect(messages).toEqual({
      givenName: 'Required',
      familyName: 'Required',
      dateOfBirth: DATE_FORMAT_MESSAGE,
      phone: 'Not a valid phone number',
      email: 'Not a valid e-mail address',
    });
  });

  it('refuses the empty form with "Required" on the three required fields only', async () => {
    const result = await patientFormResolver({ ...EMPTY_PATIENT_FORM }, undefined, OPTIONS);
    expect(Object.keys(result.errors).sort()).toEqual(['dateOfBirth', 'familyName', 'givenName']);
  });
});

describe('patientToFormValues', () => {
  // Through the schema, so the fixture is exactly what the service's output contract lets through.
  const patient: Patient = patientSchema.parse({
    ...NOTHING_ELSE,
    id: '0b7e1c9e-3f0f-4d8e-9a43-7d1f4f7f2a10',
    mrn: '100004',
    givenName: 'Maria',
    familyName: 'Lopez',
    dateOfBirth: '1985-07-04',
    sex: 'female',
    phone: '+16175550142',
    email: null,
    createdAt: '2026-03-01T10:00:00.000Z',
    restricted: null,
    updatedAt: '2026-03-01T10:00:00.000Z',
  });

  const full: Patient = {
    ...patient,
    preferredName: 'Mari',
    genderIdentity: 'woman',
    phoneType: 'mobile',
    altPhone: '+16175550100',
    altPhoneType: 'work',
    addressLine1: '12 Elm Street',
    city: 'Cambridge',
    region: 'MA',
    postalCode: '02139-4307',
    country: 'US',
    language: 'es',
    preferredContact: 'sms',
    consentSms: 'granted',
    consentSmsOn: '2025-01-10',
    frontOfficeNotes: 'Prefers mornings',
  };

  it('shows a saved patient the way people type it, guessing nothing that is not recorded', () => {
    expect(patientToFormValues(patient)).toEqual({
      ...Object.fromEntries(PATIENT_FORM_FIELDS.map((name) => [name, ''])),
      givenName: 'Maria',
      familyName: 'Lopez',
      dateOfBirth: '07/04/1985',
      sex: 'female',
      phone: '(617) 555-0142',
      country: 'US',
      memberId: '',
    });
    expect(patientToFormValues({ ...patient, phone: null, email: 'm@example.com' })).toMatchObject({ phone: '', email: 'm@example.com' });
    expect(patientToFormValues(full)).toMatchObject({ altPhone: '(617) 555-0100', altPhoneType: 'work', consentSmsOn: '01/10/2025', language: 'es' });
  });

  it('round-trips: saving the untouched form gives back the saved values', async () => {
    for (const p of [patient, full, { ...patient, phone: '+442079460958', email: 'm@example.com', dateOfBirth: '2000-02-29', sex: 'unknown' as const }]) {
      const result = await patientFormResolver(patientToFormValues(p), undefined, OPTIONS);
      expect(result.errors).toEqual({});
      expect(result.values).toEqual(Object.fromEntries(PATIENT_FORM_FIELDS.map((name) => [name, p[name]])));
    }
  });
});

describe('PATIENT_FORM_FIELDS', () => {
  it('holds every field of a registration', () => {
    expect([...PATIENT_FORM_FIELDS].sort()).toEqual(Object.keys(patientFieldsSchema.shape).sort());
  });
});

describe('changedFields', () => {
  it('names only what differs from the patient as loaded', async () => {
    const loaded = patientSchema.parse({
      ...NOTHING_ELSE,
      id: '0b7e1c9e-3f0f-4d8e-9a43-7d1f4f7f2a10',
      mrn: '100004',
      givenName: 'Maria',
      familyName: 'Lopez',
      dateOfBirth: '1985-07-14',
      sex: 'female',
      phone: '+16175550142',
      createdAt: '2026-03-01T10:00:00.000Z',
      restricted: null,
      updatedAt: '2026-03-01T10:00:00.000Z',
    });
    const edit = async (changes: Partial<PatientFormValues>) => {
      const result = await patientFormResolver({ ...patientToFormValues(loaded), ...changes }, undefined, OPTIONS);
      return changedFields(result.values as PatientFormOutput, loaded);
    };
    expect(await edit({})).toEqual({});
    expect(await edit({ pronouns: 'she/her', phone: '617-555-0142' })).toEqual({ pronouns: 'she/her' });
    // A newly typed address takes the country the form showed, although the user did not touch it.
    expect(await edit({ addressLine1: '1 Main St', city: 'Boston', region: 'ma', postalCode: '02118' })).toEqual({
      addressLine1: '1 Main St',
      city: 'Boston',
      region: 'MA',
      postalCode: '02118',
      country: 'US',
    });
  });
});
