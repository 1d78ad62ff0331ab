import { v7 as uuidv7 } from 'uuid';
import type { ClinicApp } from '../../../src-main/app';
import { validPatient } from '../../support/test-app';

/** A registration with every field filled (as a form sends it: typed text, codes). */
export const FULL_REGISTRATION = {
  givenName: 'Robert',
  familyName: 'Okafor',
  preferredName: 'Bob',
  dateOfBirth: '1961-09-30',
  sex: 'male',
  genderIdentity: 'man',
  pronouns: 'he/him',
  phone: '(617) 555-0142',
  phoneType: 'mobile',
  altPhone: '617.555.0100',
  altPhoneType: 'work',
  email: 'Bob.Okafor@Example.org',
  addressLine1: '12 Elm Street',
  addressLine2: 'Apt 3',
  city: 'Cambridge',
  region: 'ma',
  postalCode: '021394307',
  country: 'US',
  language: 'en',
  preferredContact: 'sms',
  consentSms: 'granted',
  consentSmsOn: '2025-01-10',
  consentEmail: 'refused',
  consentEmailOn: '2025-01-10',
  consentVoicemail: '',
  consentVoicemailOn: '',
  frontOfficeNotes: 'Hard of hearing: speak up on the phone.',
} as const;

export { validPatient };

/** A provider written straight into the table (independent of the providers screens); returns its id. */
export async function addProvider(app: ClinicApp, fields: { givenName?: string; familyName?: string; active?: number } = {}): Promise<string> {
  const id = uuidv7();
  const now = new Date().toISOString();
  await app.database.db
    .insertInto('providers')
    .values({
      id,
      givenName: fields.givenName ?? 'Grace',
      familyName: fields.familyName ?? 'Hopper',
      credentials: 'MD',
      specialty: null,
      npi: String(1_000_000_000 + Math.floor(Math.random() * 8_999_999_999)),
      active: fields.active ?? 1,
      createdAt: now,
      updatedAt: now,
      deletedAt: null,
    })
    .execute();
  return id;
}

export interface OpForTest {
  tbl: string;
  row_id: string;
  col: string;
  value: string;
}

export const opsHead = (app: ClinicApp): number => app.database.sqlite.prepare('SELECT coalesce(max(seq), 0) FROM sync_ops').pluck().get() as number;

export const opsAfter = (app: ClinicApp, seq: number): OpForTest[] =>
  app.database.sqlite.prepare('SELECT tbl, row_id, col, value FROM sync_ops WHERE seq > ? ORDER BY seq').all(seq) as OpForTest[];

export const patientCount = async (app: ClinicApp): Promise<number> =>
  app.database.sqlite.prepare('SELECT count(*) FROM patients').pluck().get() as number;
