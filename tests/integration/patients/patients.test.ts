import { rmSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { v7 as uuidv7, validate as isUuid, version as uuidVersion } from 'uuid';
import type { Patient, PatientCreateInput, PatientSummary } from '../../../src-shared/patients/schema';
import type { RpcResult } from '../../../src-shared/rpc/errors';
import { canonicalMrn } from '../../../src-shared/validation/mrn';
import { fixedClock } from '../../../src-main/clock';
import { TEST_NOW, makeTestDataDir, openTestApp, validPatient, type TestApp } from '../../support/test-app';
import { opsAfter, opsHead } from './chart-support';

let app: TestApp;
let clock: ReturnType<typeof fixedClock>;

beforeEach(async () => {
  clock = fixedClock(TEST_NOW);
  app = await openTestApp({ clock });
});

afterEach(async () => {
  await app.dispose();
});

function valueOf<T>(result: RpcResult<unknown>): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message} ${JSON.stringify(result.error.fields ?? {})}`);
  return result.value as T;
}

async function create(input: Partial<PatientCreateInput> = {}): Promise<Patient> {
  return valueOf<Patient>(await app.call('patients.create', { ...validPatient, ...input, confirmNewPatient: true }));
}

async function search(query: string, limit?: number): Promise<PatientSummary[]> {
  return valueOf<{ items: PatientSummary[] }>(await app.call('patients.search', { query, ...(limit ? { limit } : {}) })).items;
}

const ids = (items: { id: string }[]) => items.map((i) => i.id).sort();

describe('patients.create', () => {
  it('returns the patient with a UUIDv7 id and what was entered, normalized', async () => {
    const patient = await create({ email: 'Maria.Lopez@Example.org' });
    expect(isUuid(patient.id)).toBe(true);
    expect(uuidVersion(patient.id)).toBe(7);
    expect(patient).toMatchObject({
      givenName: 'Maria',
      familyName: 'Lopez',
      dateOfBirth: '1985-07-14',
      sex: 'female',
      phone: '+16175550142',
      email: 'maria.lopez@example.org',
      createdAt: TEST_NOW,
      updatedAt: TEST_NOW,
    });
  });

  it('gives MRNs with a valid check digit, this workstation’s code and an increasing counter', async () => {
    const code = app.database.workstation.code;
    const patients = [];
    for (let i = 0; i < 12; i++) patients.push(await create({ givenName: `Given${i}` }));
    const counters = patients.map((p) => {
      expect(canonicalMrn(p.mrn)).toBe(p.mrn);
      expect(p.mrn.startsWith(`${code}-`)).toBe(true);
      return Number(p.mrn.split('-')[1]);
    });
    for (let i = 1; i < counters.length; i++) expect(counters[i]).toBe(counters[i - 1]! + 1);
    expect(new Set(patients.map((p) => p.id)).size).toBe(patients.length);
  });

  it('keeps counting after the app is closed and opened again', async () => {
    const dataDir = makeTestDataDir();
    try {
      const first = await openTestApp({ dataDir });
      const a = valueOf<Patient>(await first.call('patients.create', validPatient));
      await first.dispose();
      const second = await openTestApp({ dataDir });
      const b = valueOf<Patient>(await second.call('patients.create', { ...validPatient, confirmNewPatient: true }));
      await second.dispose();
      expect(Number(b.mrn.split('-')[1])).toBe(Number(a.mrn.split('-')[1]) + 1);
      expect(b.mrn.slice(0, 3)).toBe(a.mrn.slice(0, 3));
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('patients.get', () => {
  it('returns what create returned', async () => {
    const created = await create();
    expect(valueOf(await app.call('patients.get', { id: created.id }))).toEqual(created);
  });

  it('answers NOT_FOUND for an unknown id, and VALIDATION for a malformed one', async () => {
    const unknown = await app.call('patients.get', { id: uuidv7() });
    expect(!unknown.ok && unknown.error.code).toBe('NOT_FOUND');
    const malformed = await app.call('patients.get', { id: 'not-an-id' });
    expect(!malformed.ok && malformed.error.code).toBe('VALIDATION');
    expect(!malformed.ok && Object.keys(malformed.error.fields ?? {})).toEqual(['id']);
  });
});

describe('patients.update', () => {
  it('changes only the given fields and records ops only for them (and updated_at)', async () => {
    const created = await create();
    clock.advance(60_000);
    const start = opsHead(app);
    const updated = valueOf<Patient>(await app.call('patients.update', { id: created.id, givenName: 'Marisol', phone: '212.555.0199' }));
    expect(updated).toEqual({
      ...created,
      givenName: 'Marisol',
      phone: '+12125550199',
      updatedAt: clock.now().toISOString(),
    });
    expect(valueOf(await app.call('patients.get', { id: created.id }))).toEqual(updated);
    const ops = opsAfter(app, start);
    expect(ops.map((o) => o.col).sort()).toEqual(['given_name', 'phone', 'updated_at']);
    expect(ops.every((o) => o.tbl === 'patients' && o.row_id === created.id)).toBe(true);
    expect(Object.fromEntries(ops.map((o) => [o.col, JSON.parse(o.value)]))).toEqual({
      given_name: 'Marisol',
      phone: '+12125550199',
      updated_at: updated.updatedAt,
    });
  });

  it('keeps sex, phone and e-mail when they are not sent', async () => {
    const created = await create({ sex: 'male' });
    const updated = valueOf<Patient>(await app.call('patients.update', { id: created.id, familyName: 'Lopez-Garcia' }));
    expect(updated.sex).toBe('male');
    expect(updated.phone).toBe(created.phone);
    expect(updated.email).toBe(created.email);
  });

  it('records nothing when the values sent equal the current ones', async () => {
    const created = await create();
    clock.advance(60_000);
    const start = opsHead(app);
    const same = valueOf<Patient>(
      await app.call('patients.update', { id: created.id, givenName: created.givenName, phone: '(617) 555-0142', sex: created.sex }),
    );
    expect(same).toEqual(created);
    expect(opsAfter(app, start)).toEqual([]);
  });

  it('clears phone and e-mail when sent blank', async () => {
    const created = await create();
    const updated = valueOf<Patient>(await app.call('patients.update', { id: created.id, phone: '', email: '' }));
    expect(updated).toMatchObject({ phone: null, email: null, givenName: created.givenName });
    expect(await search('0142')).toEqual([]);
  });

  it('answers NOT_FOUND for an unknown id and records nothing', async () => {
    const start = opsHead(app);
    const result = await app.call('patients.update', { id: uuidv7(), givenName: 'Ana' });
    expect(!result.ok && result.error.code).toBe('NOT_FOUND');
    expect(opsAfter(app, start)).toEqual([]);
  });

  it('moves the name search with the name', async () => {
    const created = await create();
    await app.call('patients.update', { id: created.id, familyName: 'Whitfield' });
    expect(ids(await search('whitfield'))).toEqual([created.id]);
    expect(await search('lopez')).toEqual([]);
  });
});

describe('patients.search', () => {
  let maria: Patient;
  let jose: Patient;
  let mary: Patient;
  let hyphen: Patient;

  beforeEach(async () => {
    maria = await create();
    jose = await create({ givenName: 'José', familyName: 'Álvarez', dateOfBirth: '1990-01-31', sex: 'male', phone: '212-555-0199', email: '' });
    mary = await create({ givenName: 'Mary', familyName: 'Lopez', dateOfBirth: '2001-12-05', phone: '', email: '' });
    hyphen = await create({ givenName: 'Anne-Marie', familyName: "O'Brien-Smith", dateOfBirth: '1985-07-14', phone: '415 555 0100' });
  });

  it('finds by whole names in any order and any case', async () => {
    expect(ids(await search('Maria Lopez'))).toEqual([maria.id]);
    expect(ids(await search('lopez maria'))).toEqual([maria.id]);
    expect(ids(await search('LOPEZ'))).toEqual(ids([maria, mary]));
    expect(ids(await search('lOpEz, mArY'))).toEqual([mary.id]);
  });

  it('finds by name prefixes', async () => {
    expect(ids(await search('mar'))).toEqual(ids([maria, mary, hyphen]));
    expect(ids(await search('lo ma'))).toEqual(ids([maria, mary]));
    expect(ids(await search('m l'))).toEqual(ids([maria, mary]));
    expect(ids(await search('alv'))).toEqual([jose.id]);
  });

  it('folds accents both ways', async () => {
    expect(ids(await search('jose'))).toEqual([jose.id]);
    expect(ids(await search('JOSÉ álvarez'))).toEqual([jose.id]);
    expect(ids(await search('alvarez jose'))).toEqual([jose.id]);
    expect(ids(await search('Lópéz'))).toEqual(ids([maria, mary]));
  });

  it('finds each part of hyphenated and apostrophe names', async () => {
    expect(ids(await search('smith'))).toEqual([hyphen.id]);
    expect(ids(await search("o'brien"))).toEqual([hyphen.id]);
    expect(ids(await search('anne-marie'))).toEqual([hyphen.id]);
  });

  it.each(['1985-07-14', '07/14/1985', '7/14/1985', '07141985', '07-14-1985', '7.14.1985'])(
    'finds by the date of birth %s',
    async (dob) => {
      expect(ids(await search(dob))).toEqual(ids([maria, hyphen]));
    },
  );

  it('does not match a date of birth on a different day', async () => {
    expect(await search('07/15/1985')).toEqual([]);
    expect(await search('2023-02-29')).toEqual([]);
  });

  it('finds by the last four or more digits of the phone', async () => {
    expect(ids(await search('0142'))).toEqual([maria.id]);
    expect(ids(await search('50142'))).toEqual([maria.id]);
    expect(ids(await search('555-0142'))).toEqual([maria.id]);
    expect(ids(await search('0199'))).toEqual([jose.id]);
    expect(await search('0143')).toEqual([]);
  });

  it.each(['(617) 555-0142', '617-555-0142', '617.555.0142', '6175550142', '+1 617 555 0142', '+16175550142', '1-617-555-0142'])(
    'finds by the full phone typed as %s',
    async (phone) => {
      expect(ids(await search(phone))).toEqual([maria.id]);
    },
  );

  it('reads a phone typed with spaces as one number, not as its last group alone', async () => {
    expect(await search('+1 212 555 0142')).toEqual([]);
    expect(await search('(212) 555 0142')).toEqual([]);
  });

  it('finds by MRN with or without dashes, in any case', async () => {
    const compact = mary.mrn.replaceAll('-', '');
    for (const query of [mary.mrn, compact, compact.toLowerCase(), mary.mrn.toLowerCase(), ` ${mary.mrn} `]) {
      expect(ids(await search(query)), query).toEqual([mary.id]);
    }
  });

  it('does not find by an MRN with a wrong check digit', async () => {
    const wrong = `${maria.mrn.slice(0, -1)}${(Number(maria.mrn.at(-1)) + 1) % 10}`;
    expect(await search(wrong)).toEqual([]);
  });

  it('ranks the MRN match first', async () => {
    app.database.sqlite.prepare(`UPDATE workstation SET code = 'DEF'`).run();
    const byMrn = await create({ givenName: 'Zed', familyName: 'Zulu', phone: '' });
    const [code, serial, check] = byMrn.mrn.split('-');
    expect(code).toBe('DEF');
    // Spaced out, the MRN also reads as the name prefix "def" and the phone ending in its counter.
    const byName = await create({ givenName: 'Ann', familyName: 'Defoe', phone: `617 5${serial!.slice(0, 2)} ${serial!.slice(2)}` });
    const found = await search(`${code} ${serial} ${check}`);
    expect(found.map((p) => p.id)).toEqual([byMrn.id, byName.id]);
    expect(found[0]!.mrn).toBe(byMrn.mrn);
  });

  it('combines name and date of birth', async () => {
    expect(ids(await search('lopez 07/14/1985'))).toEqual([maria.id]);
    expect(ids(await search('12/05/2001 lopez'))).toEqual([mary.id]);
    expect(ids(await search('mar 1985-07-14'))).toEqual(ids([maria, hyphen]));
    expect(await search('jose 07/14/1985')).toEqual([]);
  });

  it('returns the summary fields of each patient', async () => {
    const [found] = await search('jose');
    expect(found).toEqual({
      id: jose.id,
      mrn: jose.mrn,
      givenName: 'José',
      familyName: 'Álvarez',
      dateOfBirth: '1990-01-31',
      phone: '+12125550199',
      email: null,
      sex: 'male',
      restricted: null,
    });
  });

  it('shows a restricted chart as restricted in the summary', async () => {
    const restricted = await app.call('patients.setRestriction', { id: jose.id, restriction: 'vip' });
    expect(restricted.ok).toBe(true);
    const [found] = await search('jose');
    expect(found).toMatchObject({ id: jose.id, restricted: 'vip' });
  });

  it('respects the limit', async () => {
    for (let i = 0; i < 6; i++) await create({ givenName: `Marta${i}` });
    const all = await search('mar', 100);
    expect(all.length).toBe(9);
    for (const limit of [1, 2, 5]) {
      const page = await search('mar', limit);
      expect(page).toHaveLength(limit);
      expect(page).toEqual(all.slice(0, limit));
    }
  });

  it('sorts by family name, then given name', async () => {
    const found = await search('mar', 100);
    const keys = found.map((p) => `${p.familyName.toLowerCase()}|${p.givenName.toLowerCase()}`);
    expect(keys).toEqual([...keys].sort());
  });

  it('finds nothing for an empty or blank query', async () => {
    expect(await search('')).toEqual([]);
    expect(await search('   ')).toEqual([]);
  });

  const HOSTILE = [
    '"',
    '""',
    "'",
    "''",
    '"maria',
    'maria"',
    "'; DROP TABLE patients; --",
    'NEAR(',
    'NEAR(maria lopez)',
    'NEAR/2',
    '*',
    'mar*',
    '* *',
    'AND OR NOT',
    'maria AND',
    'OR',
    'NOT lopez',
    '^',
    '^maria',
    'given_name:maria',
    '{given_name family_name}: maria',
    '(',
    ')',
    '()',
    '-',
    '--',
    '-maria',
    '+',
    ':',
    '%',
    '_',
    '\\',
    '\u0000',
    '\u0301',
    '’',
    '😀',
    '👩‍⚕️ maria',
    'ma😀ria',
    '𝔪𝔞𝔯𝔦𝔞',
    'a'.repeat(500),
    '"'.repeat(500),
    'a '.repeat(250),
    '1234 '.repeat(100),
    '1/1/2000 '.repeat(55),
    '(((((((((( maria',
    'maria"*"',
    '\n\t\r',
    '',
  ];

  it.each(HOSTILE.map((q) => [q.length > 40 ? `${q.slice(0, 40)}… (${q.length})` : JSON.stringify(q), q]))(
    'never errors for the hostile query %s',
    async (_label, query) => {
      const result = await app.call('patients.search', { query });
      expect(result.ok, JSON.stringify(result)).toBe(true);
      expect(Array.isArray(result.ok && (result.value as { items: unknown[] }).items)).toBe(true);
    },
  );

  it('still finds the name next to quotes and operators', async () => {
    expect(ids(await search('"maria"'))).toEqual([maria.id]);
    expect(ids(await search('maria AND lopez'))).toEqual([]);
    expect(ids(await search('NEAR(maria'))).toEqual([]);
    expect(ids(await search('*maria* lopez^'))).toEqual([maria.id]);
  });

  it('answers VALIDATION, not an error, for a query over 500 characters', async () => {
    const result = await app.call('patients.search', { query: 'a'.repeat(501) });
    expect(!result.ok && result.error.code).toBe('VALIDATION');
  });
});

describe('persistence', () => {
  it('finds a patient again after the app is closed and opened on the same data folder', async () => {
    const dataDir = makeTestDataDir();
    try {
      const first = await openTestApp({ dataDir });
      const created = valueOf<Patient>(await first.call('patients.create', validPatient));
      await first.dispose();

      const second = await openTestApp({ dataDir });
      try {
        expect(valueOf(await second.call('patients.get', { id: created.id }))).toEqual(created);
        const found = valueOf<{ items: PatientSummary[] }>(await second.call('patients.search', { query: 'lop 07/14/1985' })).items;
        expect(found.map((p) => p.id)).toEqual([created.id]);
      } finally {
        await second.dispose();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
