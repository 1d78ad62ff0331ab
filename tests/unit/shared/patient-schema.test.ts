import { describe, expect, it } from 'vitest';
import {
  MAX_SEARCH_QUERY_LENGTH,
  dateOfBirthSchema,
  patientCreateInput,
  patientFieldsSchema,
  patientSearchInput,
  patientUpdateInput,
} from '../../../src-shared/patients/schema';
import { validPatient } from '../../support/patients';
import { fakeNowForEachTest, issuesOf } from '../../support/unit';

const ID = '0190a5e4-6b7c-7d2e-8f00-112233445566';

fakeNowForEachTest(new Date(2026, 2, 2, 10, 0, 0));

describe('dateOfBirthSchema', () => {
  it('accepts a real past date as YYYY-MM-DD, trimmed', () => {
    expect(dateOfBirthSchema.parse('1985-07-14')).toBe('1985-07-14');
    expect(dateOfBirthSchema.parse(' 2024-02-29 ')).toBe('2024-02-29');
    expect(dateOfBirthSchema.parse('1900-01-01')).toBe('1900-01-01');
  });

  it('accepts today and refuses tomorrow', () => {
    expect(dateOfBirthSchema.safeParse('2026-03-02').success).toBe(true);
    const tomorrow = dateOfBirthSchema.safeParse('2026-03-03');
    expect(tomorrow.success).toBe(false);
    expect(tomorrow.error?.issues.map((i) => i.message)).toContain('Cannot be in the future');
    expect(dateOfBirthSchema.safeParse('2099-01-01').success).toBe(false);
  });

  it('refuses dates before 1900', () => {
    const result = dateOfBirthSchema.safeParse('1899-12-31');
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.message)).toContain('Must be 1900 or later');
  });

  it.each(['2023-02-29', '2021-04-31', '2021-13-01', '2021-00-10'])('refuses the impossible date %s', (text) => {
    const result = dateOfBirthSchema.safeParse(text);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe('Enter a real date as YYYY-MM-DD');
  });

  it('takes only YYYY-MM-DD on the wire (forms convert MM/DD/YYYY, M/D/YYYY and MMDDYYYY first)', () => {
    for (const text of ['07/14/1985', '7/14/1985', '07141985']) {
      expect(dateOfBirthSchema.safeParse(text).success, text).toBe(false);
    }
  });

  it('requires a value', () => {
    for (const text of ['', '   ', undefined, null, 19850714]) {
      expect(dateOfBirthSchema.safeParse(text).success, String(text)).toBe(false);
    }
  });
});

describe('patientCreateInput', () => {
  it('normalizes a valid patient: names trimmed, phone to E.164, e-mail lower case, the fields not given null', () => {
    const parsed = patientCreateInput.parse({
      ...validPatient,
      givenName: '  Maria ',
      email: '  Maria.Lopez@Example.ORG ',
    });
    const notGiven = Object.keys(patientFieldsSchema.shape).filter((name) => !(name in validPatient));
    expect(notGiven).toContain('frontOfficeNotes');
    expect(parsed).toEqual({
      ...Object.fromEntries(notGiven.map((name) => [name, null])),
      ...validPatient,
      phone: '+16175550142',
      email: 'maria.lopez@example.org',
    });
  });

  it.each(['617-555-0142', '617.555.0142', '6175550142', '+1 617 555 0142', '1 (617) 555-0142'])(
    'stores the phone %j as E.164',
    (phone) => {
      expect(patientCreateInput.parse({ ...validPatient, phone }).phone).toBe('+16175550142');
    },
  );

  it('treats a blank or missing phone and e-mail as none, and a missing sex as unknown', () => {
    const parsed = patientCreateInput.parse({ givenName: 'A', familyName: 'B', dateOfBirth: '2000-01-01', phone: '  ', email: '' });
    expect(parsed).toMatchObject({ phone: null, email: null, sex: 'unknown' });
    const bare = patientCreateInput.parse({ givenName: 'A', familyName: 'B', dateOfBirth: '2000-01-01' });
    expect(bare).toMatchObject({ phone: null, email: null, sex: 'unknown' });
  });

  it.each(['123', '555-0142', 'call me', '+1 123 456 7890', '9'.repeat(41)])('refuses the phone %j', (phone) => {
    const issues = issuesOf(patientCreateInput.safeParse({ ...validPatient, phone }));
    expect(Object.keys(issues)).toEqual(['phone']);
  });

  it.each(['maria', 'maria@', '@example.org', 'maria lopez@example.org', 'maria@example', `${'a'.repeat(250)}@example.org`])(
    'refuses the e-mail %j',
    (email) => {
      const issues = issuesOf(patientCreateInput.safeParse({ ...validPatient, email }));
      expect(Object.keys(issues)).toEqual(['email']);
    },
  );

  it('names each bad field', () => {
    const issues = issuesOf(
      patientCreateInput.safeParse({
        givenName: '   ',
        familyName: 'x'.repeat(101),
        dateOfBirth: '2023-02-29',
        sex: 'robot',
        phone: '12',
        email: 'nope',
      }),
    );
    expect(Object.keys(issues).sort()).toEqual(['dateOfBirth', 'email', 'familyName', 'givenName', 'phone', 'sex']);
    expect(issues.givenName).toBe('Required');
  });

  it('requires given name, family name and date of birth', () => {
    const issues = issuesOf(patientCreateInput.safeParse({}));
    expect(Object.keys(issues).sort()).toEqual(['dateOfBirth', 'familyName', 'givenName']);
  });

  it('refuses a future date of birth', () => {
    const issues = issuesOf(patientCreateInput.safeParse({ ...validPatient, dateOfBirth: '2026-03-03' }));
    expect(issues.dateOfBirth).toBe('Cannot be in the future');
  });
});

describe('patientUpdateInput', () => {
  it('keeps only the fields that were sent (no defaults fill in the rest)', () => {
    expect(patientUpdateInput.parse({ id: ID, givenName: 'Mary' })).toEqual({ id: ID, givenName: 'Mary' });
    expect(patientUpdateInput.parse({ id: ID, phone: '617-555-0142' })).toEqual({ id: ID, phone: '+16175550142' });
  });

  it('lets a blank phone or e-mail clear the value', () => {
    expect(patientUpdateInput.parse({ id: ID, phone: '', email: ' ' })).toEqual({ id: ID, phone: null, email: null });
  });

  it('refuses an update that changes nothing, and a bad id', () => {
    expect(patientUpdateInput.safeParse({ id: ID }).success).toBe(false);
    expect(Object.keys(issuesOf(patientUpdateInput.safeParse({ id: 'nope', givenName: 'Mary' })))).toEqual(['id']);
  });

  it('validates the fields it is given like create does', () => {
    const issues = issuesOf(patientUpdateInput.safeParse({ id: ID, dateOfBirth: '2023-02-29', phone: '12', sex: 'x' }));
    expect(Object.keys(issues).sort()).toEqual(['dateOfBirth', 'phone', 'sex']);
  });
});

describe('patientSearchInput', () => {
  it('defaults the limit and bounds the query length', () => {
    expect(patientSearchInput.parse({ query: 'maria' }).limit).toBeGreaterThan(0);
    expect(patientSearchInput.safeParse({ query: 'a'.repeat(MAX_SEARCH_QUERY_LENGTH) }).success).toBe(true);
    expect(patientSearchInput.safeParse({ query: 'a'.repeat(MAX_SEARCH_QUERY_LENGTH + 1) }).success).toBe(false);
    expect(patientSearchInput.safeParse({ query: 'a', limit: 0 }).success).toBe(false);
    expect(patientSearchInput.safeParse({ query: 'a', limit: 101 }).success).toBe(false);
  });
});
