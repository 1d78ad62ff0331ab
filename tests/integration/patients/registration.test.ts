import { describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import type { Patient } from '../../../src-shared/patients/schema';
import type { RpcResult } from '../../../src-shared/rpc/errors';
import { freshAdminAppPerTest, validPatient, type TestAdmin, type TestClock, type TestApp } from '../../support/test-app';
import { addProvider, FULL_REGISTRATION, opsAfter, opsHead, patientCount } from './chart-support';

let app: TestApp;
let admin: TestAdmin;
let clock: TestClock;

freshAdminAppPerTest((opened) => ({ app, admin, clock } = opened));

const call = (method: string, input: unknown) => app.dispatch(method, input, admin.sessionId);

function valueOf<T>(result: RpcResult<unknown>): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message} ${JSON.stringify(result.error.fields ?? {})}`);
  return result.value as T;
}

function refusal(result: RpcResult<unknown>) {
  if (result.ok) throw new Error('expected a refusal');
  return result.error;
}

const create = async (input: Record<string, unknown>) => valueOf<Patient>(await call('patients.create', { ...input, confirmNewPatient: true }));

describe('registration with every field', () => {
  it('stores and returns every field, normalized', async () => {
    const providerId = await addProvider(app);
    const patient = await create({ ...FULL_REGISTRATION, primaryProviderId: providerId });
    expect(patient).toMatchObject({
      givenName: 'Robert',
      familyName: 'Okafor',
      preferredName: 'Bob',
      dateOfBirth: '1961-09-30',
      sex: 'male',
      genderIdentity: 'man',
      pronouns: 'he/him',
      phone: '+16175550142',
      phoneType: 'mobile',
      altPhone: '+16175550100',
      altPhoneType: 'work',
      email: 'bob.okafor@example.org',
      addressLine1: '12 Elm Street',
      addressLine2: 'Apt 3',
      city: 'Cambridge',
      region: 'MA',
      postalCode: '02139-4307',
      country: 'US',
      language: 'en',
      preferredContact: 'sms',
      consentSms: 'granted',
      consentSmsOn: '2025-01-10',
      consentEmail: 'refused',
      consentEmailOn: '2025-01-10',
      consentVoicemail: null,
      consentVoicemailOn: null,
      primaryProviderId: providerId,
      frontOfficeNotes: 'Hard of hearing: speak up on the phone.',
    });
    expect(valueOf(await call('patients.get', { id: patient.id }))).toEqual(patient);
  });

  it('leaves out what has nothing to describe: a phone type without a phone, a country without an address, a date without a consent', async () => {
    const patient = await create({ ...validPatient, phone: '', phoneType: 'home', country: 'US', consentVoicemailOn: '2025-01-10' });
    expect(patient).toMatchObject({ phone: null, phoneType: null, country: null, consentVoicemail: null, consentVoicemailOn: null });
  });

  it('reads an address abroad without US rules, and a Canadian one with Canadian rules', async () => {
    const abroad = await create({ ...validPatient, addressLine1: '5 Rue Cler', city: 'Paris', postalCode: '75007', country: 'fr', region: '' });
    expect(abroad).toMatchObject({ country: 'FR', postalCode: '75007', region: null });
    const canada = await create({ ...validPatient, addressLine1: '1 Main St', city: 'Ottawa', region: 'on', postalCode: 'k1a0b1', country: 'CA' });
    expect(canada).toMatchObject({ region: 'ON', postalCode: 'K1A 0B1' });
  });
});

describe('bad registrations get a specific error and write nothing', () => {
  const cases: [string, Record<string, unknown>, Record<string, string>][] = [
    ['a date of birth in the future', { dateOfBirth: '2999-01-01' }, { dateOfBirth: 'Cannot be in the future' }],
    ['a date of birth before 1900', { dateOfBirth: '1899-12-31' }, { dateOfBirth: 'Must be 1900 or later' }],
    ['an empty name', { givenName: ' ' }, { givenName: 'Required' }],
    ['a phone type not on the list', { phoneType: 'pager' }, { phoneType: 'Choose mobile, home or work' }],
    ['an unknown gender identity', { genderIdentity: 'x' }, { genderIdentity: 'Choose one of the listed gender identities' }],
    ['an unknown language', { language: 'klingon' }, { language: 'Choose a language from the list' }],
    ['a consent without its date', { consentSms: 'granted' }, { consentSmsOn: 'Enter the date it was granted' }],
    ['a consent dated in the future', { consentEmail: 'refused', consentEmailOn: '2999-01-01' }, { consentEmailOn: 'Cannot be in the future' }],
    ['texts without a mobile number', { phoneType: 'home', preferredContact: 'sms' }, { preferredContact: 'Text messages need a mobile number: add one (type Mobile) first' }],
    [
      'texts the patient refused',
      { phoneType: 'mobile', preferredContact: 'sms', consentSms: 'refused', consentSmsOn: '2025-02-01' },
      { preferredContact: 'The patient refused text messages' },
    ],
    ['e-mail without an address', { email: '', preferredContact: 'email' }, { preferredContact: 'E-mail needs an e-mail address: add one first' }],
    ['letters without an address', { preferredContact: 'mail' }, { preferredContact: 'Letters need a postal address: add one first' }],
    ['an address without a street or city', { postalCode: '02139', region: 'MA', country: 'US' }, { addressLine1: 'Required for an address', city: 'Required for an address' }],
    ['a US address with no such state', { addressLine1: '1 A St', city: 'Boston', region: 'ZZ', postalCode: '02139', country: 'US' }, { region: 'Enter the state as its 2-letter code, e.g. MA' }],
    ['a US address with a bad ZIP code', { addressLine1: '1 A St', city: 'Boston', region: 'MA', postalCode: '0213', country: 'US' }, { postalCode: 'Not a ZIP code: 5 digits, or ZIP+4 (02139-4307)' }],
    ['an address without a country', { addressLine1: '1 A St', city: 'Boston' }, { country: 'Choose the country' }],
    ['no such country', { addressLine1: '1 A St', city: 'Boston', country: 'QQ' }, { country: 'Choose a country from the list' }],
    ['the same number twice', { altPhone: '617 555 0142' }, { altPhone: 'Same as the main phone' }],
    ['notes that are too long', { frontOfficeNotes: 'x'.repeat(4001) }, { frontOfficeNotes: 'At most 4000 characters' }],
    ['a malformed provider id', { primaryProviderId: 'dr-who' }, { primaryProviderId: 'Not a valid provider id' }],
    ['an unknown provider', { primaryProviderId: uuidv7() }, { primaryProviderId: 'No such provider' }],
  ];
  it.each(cases)('%s', async (_name, change, fields) => {
    const patients = await patientCount(app);
    const head = opsHead(app);
    const error = refusal(await call('patients.create', { ...validPatient, ...change, confirmNewPatient: true }));
    expect(error.code).toBe('VALIDATION');
    expect(error.fields).toEqual(fields);
    expect(await patientCount(app)).toBe(patients);
    expect(opsAfter(app, head)).toEqual([]);
  });

  it('an inactive provider is not chosen for a new patient', async () => {
    const providerId = await addProvider(app, { active: 0 });
    const error = refusal(await call('patients.create', { ...validPatient, primaryProviderId: providerId }));
    expect(error.fields).toEqual({ primaryProviderId: 'This provider no longer sees patients' });
  });
});

describe('patients.update with the new fields', () => {
  it('changes only what was sent, and records ops only for it', async () => {
    const patient = await create(validPatient);
    clock.advance(60_000);
    const head = opsHead(app);
    const updated = valueOf<Patient>(
      await call('patients.update', { id: patient.id, preferredName: 'Mari', language: 'es', consentSms: 'granted', consentSmsOn: '2026-01-05' }),
    );
    expect(updated).toMatchObject({ preferredName: 'Mari', language: 'es', consentSms: 'granted', consentSmsOn: '2026-01-05', phone: patient.phone });
    expect(
      opsAfter(app, head)
        .map((op) => op.col)
        .sort(),
    ).toEqual(['consent_sms', 'consent_sms_on', 'language', 'preferred_name', 'updated_at']);
  });

  it('checks the rules across fields against the stored patient: a change alone can be refused', async () => {
    const patient = await create({ ...validPatient, phoneType: 'home' });
    const head = opsHead(app);
    const error = refusal(await call('patients.update', { id: patient.id, preferredContact: 'sms' }));
    expect(error).toMatchObject({ code: 'VALIDATION', fields: { preferredContact: 'Text messages need a mobile number: add one (type Mobile) first' } });
    const refused = refusal(await call('patients.update', { id: patient.id, consentVoicemail: 'granted' }));
    expect(refused.fields).toEqual({ consentVoicemailOn: 'Enter the date it was granted' });
    expect(opsAfter(app, head)).toEqual([]);
    expect(valueOf(await call('patients.get', { id: patient.id }))).toEqual(patient);

    // Both together make sense.
    const texting = valueOf<Patient>(await call('patients.update', { id: patient.id, phoneType: 'mobile', preferredContact: 'sms' }));
    expect(texting).toMatchObject({ phoneType: 'mobile', preferredContact: 'sms' });
    // And then taking the mobile away is refused, since texts are preferred.
    expect(refusal(await call('patients.update', { id: patient.id, phone: '' })).fields).toEqual({
      preferredContact: 'Text messages need a mobile number: add one (type Mobile) first',
    });
  });

  it('clearing a phone clears its type; clearing a consent clears its date', async () => {
    const patient = await create({ ...validPatient, phoneType: 'mobile', consentEmail: 'granted', consentEmailOn: '2025-05-05' });
    const updated = valueOf<Patient>(await call('patients.update', { id: patient.id, phone: '', consentEmail: '' }));
    expect(updated).toMatchObject({ phone: null, phoneType: null, consentEmail: null, consentEmailOn: null });
  });

  it('refuses an unknown patient, a malformed id and a bad date of birth, writing nothing', async () => {
    const patient = await create(validPatient);
    const head = opsHead(app);
    expect(refusal(await call('patients.update', { id: uuidv7(), preferredName: 'X' })).code).toBe('NOT_FOUND');
    expect(refusal(await call('patients.update', { id: 'nope', preferredName: 'X' })).fields).toEqual({ id: 'Not a valid patient id' });
    expect(refusal(await call('patients.update', { id: patient.id, dateOfBirth: '1850-01-01' })).fields).toEqual({ dateOfBirth: 'Must be 1900 or later' });
    expect(refusal(await call('patients.update', { id: patient.id, primaryProviderId: uuidv7() })).fields).toEqual({ primaryProviderId: 'No such provider' });
    expect(opsAfter(app, head)).toEqual([]);
  });

  it('keeps a provider who stopped seeing patients when other fields change', async () => {
    const providerId = await addProvider(app);
    const patient = await create({ ...validPatient, primaryProviderId: providerId });
    await app.database.db.updateTable('providers').set({ active: 0 }).where('id', '=', providerId).execute();
    const updated = valueOf<Patient>(await call('patients.update', { id: patient.id, primaryProviderId: providerId, pronouns: 'she/her' }));
    expect(updated).toMatchObject({ primaryProviderId: providerId, pronouns: 'she/her' });
  });
});
