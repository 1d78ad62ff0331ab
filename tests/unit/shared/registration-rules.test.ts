import { describe, expect, it } from 'vitest';
import { contactSaveInput } from '../../../src-shared/patients/chart-schema';
import {
  addressProblems,
  normalizeAddress,
  normalizeRegistration,
  registrationProblems,
  type AddressFields,
  type RegistrationFields,
} from '../../../src-shared/patients/registration-rules';
import { patientCreateInput, patientUpdateInput } from '../../../src-shared/patients/schema';
import { validPatient } from '../../support/patients';
import { fakeNowForEachTest, issuesOf } from '../../support/unit';

const ID = '0190a5e4-6b7c-7d2e-8f00-112233445566';

const NO_ADDRESS: AddressFields = { addressLine1: null, addressLine2: null, city: null, region: null, postalCode: null, country: null };
const BOSTON: AddressFields = { addressLine1: '1 Main St', addressLine2: null, city: 'Boston', region: 'MA', postalCode: '02118', country: 'US' };

const NOTHING: RegistrationFields = {
  ...NO_ADDRESS,
  phone: null,
  phoneType: null,
  altPhone: null,
  altPhoneType: null,
  email: null,
  preferredContact: null,
  consentSms: null,
  consentSmsOn: null,
  consentEmail: null,
  consentEmailOn: null,
  consentVoicemail: null,
  consentVoicemailOn: null,
};

const messagesOf = (fields: RegistrationFields) => Object.fromEntries(registrationProblems(fields).map((p) => [p.field, p.message]));

fakeNowForEachTest(new Date(2026, 2, 2, 10, 0, 0));

describe('postal addresses', () => {
  it('puts US and Canadian codes in their usual form', () => {
    expect(normalizeAddress({ ...BOSTON, region: 'ma', postalCode: '02118 4307' })).toMatchObject({ region: 'MA', postalCode: '02118-4307' });
    expect(normalizeAddress({ ...BOSTON, region: 'on', postalCode: 'k1a0b1', country: 'CA' })).toMatchObject({ region: 'ON', postalCode: 'K1A 0B1' });
    expect(normalizeAddress({ ...BOSTON, region: 'île-de-france', postalCode: '75007', country: 'FR' })).toMatchObject({ region: 'île-de-france' });
  });

  it('keeps no country without an address', () => {
    expect(normalizeAddress({ ...NO_ADDRESS, country: 'US' }).country).toBeNull();
  });

  it('accepts no address or a complete one', () => {
    expect(addressProblems(NO_ADDRESS)).toEqual([]);
    expect(addressProblems(BOSTON)).toEqual([]);
    expect(addressProblems({ ...BOSTON, country: 'FR', region: null, postalCode: '75007' })).toEqual([]);
  });

  it.each([
    ['no street', { addressLine1: null }, { addressLine1: 'Required for an address' }],
    ['no city', { city: null }, { city: 'Required for an address' }],
    ['no country', { country: null }, { country: 'Choose the country' }],
    ['no state in the US', { region: null }, { region: 'Required for an address in this country' }],
    ['no such state', { region: 'XX' }, { region: 'Enter the state as its 2-letter code, e.g. MA' }],
    ['a 4-digit ZIP', { postalCode: '2118' }, { postalCode: 'Not a ZIP code: 5 digits, or ZIP+4 (02139-4307)' }],
    ['a US ZIP in Canada', { country: 'CA', region: 'ON', postalCode: '02118' }, { postalCode: 'Not a Canadian postal code, e.g. K1A 0B1' }],
    ['a province code in the US', { region: 'ON' }, { region: 'Enter the state as its 2-letter code, e.g. MA' }],
    ['punctuation in a postal code abroad', { country: 'GB', region: null, postalCode: 'SW1A#1AA' }, { postalCode: 'Not a postal code: letters, digits, spaces and dashes only' }],
  ])('refuses %s', (_name, change, expected) => {
    const problems = addressProblems(normalizeAddress({ ...BOSTON, ...change }));
    expect(Object.fromEntries(problems.map((p) => [p.field, p.message]))).toEqual(expected);
  });
});

describe('registration rules', () => {
  it('lets texts go to a mobile, the main or the second number', () => {
    expect(messagesOf({ ...NOTHING, phone: '+16175550142', phoneType: 'mobile', preferredContact: 'sms' })).toEqual({});
    expect(messagesOf({ ...NOTHING, phone: '+16175550142', phoneType: 'home', altPhone: '+16175550100', altPhoneType: 'mobile', preferredContact: 'sms' })).toEqual({});
    expect(messagesOf({ ...NOTHING, phone: '+16175550142', phoneType: 'home', preferredContact: 'sms' })).toEqual({
      preferredContact: 'Text messages need a mobile number: add one (type Mobile) first',
    });
  });

  it('refuses a preferred contact the patient refused or that has nothing to reach', () => {
    const mobile = { ...NOTHING, phone: '+16175550142', phoneType: 'mobile' as const };
    expect(messagesOf({ ...mobile, preferredContact: 'sms', consentSms: 'refused', consentSmsOn: '2025-01-01' })).toEqual({
      preferredContact: 'The patient refused text messages',
    });
    expect(messagesOf({ ...mobile, email: 'a@b.org', preferredContact: 'email', consentEmail: 'refused', consentEmailOn: '2025-01-01' })).toEqual({
      preferredContact: 'The patient refused e-mail',
    });
    expect(messagesOf({ ...NOTHING, preferredContact: 'phone' })).toEqual({ preferredContact: 'Calls need a phone number: add one first' });
    expect(messagesOf({ ...NOTHING, preferredContact: 'mail' })).toEqual({ preferredContact: 'Letters need a postal address: add one first' });
    expect(messagesOf({ ...NOTHING, ...BOSTON, preferredContact: 'mail' })).toEqual({});
  });

  it('wants a date with every consent answer', () => {
    expect(messagesOf({ ...NOTHING, consentVoicemail: 'refused' })).toEqual({ consentVoicemailOn: 'Enter the date it was refused' });
    expect(messagesOf({ ...NOTHING, consentVoicemail: 'granted', consentVoicemailOn: '2025-01-01' })).toEqual({});
  });

  it('drops what describes nothing: a type without its number, a date without its consent', () => {
    expect(normalizeRegistration({ ...NOTHING, phoneType: 'mobile', altPhoneType: 'home', consentSmsOn: '2025-01-01', country: 'US' })).toEqual(NOTHING);
  });
});

describe('patientCreateInput with the rules across fields', () => {
  it('fills what was left out with null, and normalizes', () => {
    const parsed = patientCreateInput.parse({ ...validPatient, phoneType: 'mobile', ...BOSTON, region: 'ma', consentSmsOn: '2025-01-01' });
    expect(parsed).toMatchObject({ phoneType: 'mobile', region: 'MA', consentSms: null, consentSmsOn: null, language: null, frontOfficeNotes: null });
  });

  it('reports a broken rule on the field it concerns', () => {
    expect(issuesOf(patientCreateInput.safeParse({ ...validPatient, phoneType: 'home', preferredContact: 'sms' }))).toEqual({
      preferredContact: 'Text messages need a mobile number: add one (type Mobile) first',
    });
  });

  it('says nothing about a rule whose fields are already refused', () => {
    expect(issuesOf(patientCreateInput.safeParse({ ...validPatient, email: 'nope', preferredContact: 'email' }))).toEqual({
      email: 'Not a valid e-mail address',
    });
    expect(issuesOf(patientCreateInput.safeParse({ ...validPatient, consentSms: 'maybe' }))).toEqual({ consentSms: 'Choose granted or refused' });
    const tooLong = patientCreateInput.safeParse({ ...validPatient, ...BOSTON, postalCode: '0'.repeat(21) });
    expect(tooLong.error?.issues.map((issue) => issue.message)).toEqual(['At most 20 characters']);
  });

  it('refuses consent dates in the future, before 1900 or not real', () => {
    const at = (consentSmsOn: string) => issuesOf(patientCreateInput.safeParse({ ...validPatient, consentSms: 'granted', consentSmsOn })).consentSmsOn;
    expect(at('2026-03-03')).toBe('Cannot be in the future');
    expect(at('1899-12-31')).toBe('Must be 1900 or later');
    expect(at('2025-02-30')).toBe('Enter a real date as YYYY-MM-DD');
    expect(at('2026-03-02')).toBeUndefined();
  });

  it('takes codes from the fixed lists only', () => {
    const issues = issuesOf(
      patientCreateInput.safeParse({ ...validPatient, genderIdentity: 'x', language: 'xx', preferredContact: 'fax', phoneType: 'pager', country: 'ZZ' }),
    );
    expect(Object.keys(issues).sort()).toEqual(['country', 'genderIdentity', 'language', 'phoneType', 'preferredContact']);
  });
});

describe('patientUpdateInput with the new fields', () => {
  it('keeps only what was sent, blanks as null (the rules across fields are the service’s, with the stored patient)', () => {
    expect(patientUpdateInput.parse({ id: ID, preferredContact: 'sms' })).toEqual({ id: ID, preferredContact: 'sms' });
    expect(patientUpdateInput.parse({ id: ID, language: '', frontOfficeNotes: '  ' })).toEqual({ id: ID, language: null, frontOfficeNotes: null });
  });
});

describe('contactSaveInput', () => {
  const base = { patientId: ID, name: 'Ana Lopez', relationship: 'sibling' };

  it('needs a phone for an emergency contact, not for a guarantor', () => {
    expect(issuesOf(contactSaveInput.safeParse({ ...base, role: 'emergency' }))).toEqual({ phone: 'An emergency contact needs a phone number' });
    expect(contactSaveInput.parse({ ...base, role: 'guarantor' })).toMatchObject({ phone: null, country: null });
  });

  it('checks and normalizes the address like a patient’s', () => {
    expect(contactSaveInput.parse({ ...base, role: 'guarantor', ...BOSTON, region: 'ma', postalCode: '021184307' })).toMatchObject({
      region: 'MA',
      postalCode: '02118-4307',
    });
    expect(issuesOf(contactSaveInput.safeParse({ ...base, role: 'guarantor', addressLine1: '1 Main St' }))).toEqual({
      city: 'Required for an address',
      country: 'Choose the country',
    });
  });

  it('refuses a date of birth in the future and an unknown relationship', () => {
    const issues = issuesOf(contactSaveInput.safeParse({ ...base, role: 'guarantor', relationship: 'boss', dateOfBirth: '2030-01-01' }));
    expect(issues).toEqual({ relationship: 'Choose how they are related to the patient', dateOfBirth: 'Cannot be in the future' });
  });
});
