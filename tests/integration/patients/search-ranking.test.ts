import { describe, expect, it } from 'vitest';
import type { Patient, PatientCreateInput, PatientSummary } from '../../../src-shared/patients/schema';
import { innerNameWords, nameKey } from '../../../src-shared/patients/name-keys';
import { freshTestAppPerTest, validPatient, valueOf, type TestApp } from '../../support/test-app';

let app: TestApp;
freshTestAppPerTest((opened) => (app = opened));

async function create(givenName: string, familyName: string, input: Partial<PatientCreateInput> = {}): Promise<Patient> {
  return valueOf<Patient>(await app.call('patients.create', { ...validPatient, confirmNewPatient: true, phone: '', email: '', givenName, familyName, ...input }));
}

async function search(query: string, limit = 100): Promise<PatientSummary[]> {
  return valueOf<{ items: PatientSummary[] }>(await app.call('patients.search', { query, limit })).items;
}

const names = (items: PatientSummary[]) => items.map((p) => `${p.givenName} ${p.familyName}`);

describe('name keys', () => {
  it('fold case, accents and apostrophes, and keep hyphens', () => {
    expect(nameKey("  O'Brien-Smith ")).toBe('obrien-smith');
    expect(nameKey('Álvarez')).toBe('alvarez');
    expect(nameKey('Đặng')).toBe('dang');
    expect(nameKey('Łukasz Müller')).toBe('lukasz muller');
    expect(nameKey('D’Angelo')).toBe('dangelo');
    expect(nameKey('😀')).toBe('');
  });

  it('list the words a key prefix cannot reach', () => {
    expect(innerNameWords('Anne-Marie', "O'Brien-Smith").sort()).toEqual(['brien', 'marie', 'smith']);
    expect(innerNameWords('María de los Ángeles', 'Cruz')).toEqual(['de', 'los', 'angeles']);
    expect(innerNameWords('Maria', 'Lopez')).toEqual([]);
  });
});

describe('patients.search ranking', () => {
  it('ranks a single name: whole family name, whole given name, whole inner word, then the same as prefixes', async () => {
    await create('Annabel', 'Baker'); // given-name prefix
    await create('Kofi', 'Annan'); // family-name prefix
    await create('Mary-Ann', 'Cole'); // whole inner word
    await create('Ann', 'Zulu'); // whole given name
    await create('Lee', 'Ann'); // whole family name
    await create('Jo', 'Smith-Annesley'); // inner-word prefix
    await create('Bob', 'Brown'); // no match
    expect(names(await search('ann'))).toEqual(['Lee Ann', 'Ann Zulu', 'Mary-Ann Cole', 'Kofi Annan', 'Annabel Baker', 'Jo Smith-Annesley']);
  });

  it('ranks the exact MRN first, then full-name matches, then prefixes, for several words too', async () => {
    const prefix = await create('Annabel', 'Ab-Lee'); // sorts first by family name, but only prefixes match
    const whole = await create('Ann', 'Lee');
    expect((await search('ann lee')).map((p) => p.id)).toEqual([whole.id, prefix.id]);
    expect((await search('lee ann')).map((p) => p.id)).toEqual([whole.id, prefix.id]);
  });

  it('pages consistently across the ranks: a smaller limit is a prefix of a larger one', async () => {
    for (const [given, family] of [
      ['Ann', 'Zulu'],
      ['Lee', 'Ann'],
      ['Kofi', 'Annan'],
      ['Annabel', 'Baker'],
      ['Anna', 'Annan'],
      ['Mary-Ann', 'Cole'],
      ['Jo', 'Smith-Annesley'],
    ] as const) {
      await create(given, family);
    }
    const all = await search('ann');
    expect(all).toHaveLength(7);
    for (let limit = 1; limit <= 7; limit++) expect(await search('ann', limit)).toEqual(all.slice(0, limit));
  });

  it('finds O’Keefe by "okee", "keefe", "o\'kee" and "OKEEFE", alone or with the date of birth', async () => {
    const keefe = await create('Sean', "O'Keefe", { dateOfBirth: '1970-03-04' });
    await create('Okeke', 'Adaeze', { dateOfBirth: '1971-01-01' });
    for (const query of ['okee', 'keefe', "o'kee", 'OKEEFE', 'O’Keefe', 'okee 1970-03-04', '03/04/1970 keef']) {
      expect((await search(query)).map((p) => p.id), query).toContain(keefe.id);
    }
    expect((await search('okee 1971-01-01')).map((p) => p.id)).not.toContain(keefe.id);
  });

  it('keeps the keys and inner words right when a name changes', async () => {
    const cole = await create('Mary-Ann', 'Cole');
    expect((await search('ann')).map((p) => p.id)).toEqual([cole.id]);
    valueOf(await app.call('patients.update', { id: cole.id, givenName: 'Mary', familyName: 'Núñez-Bell' }));
    expect(await search('ann')).toEqual([]);
    expect((await search('nunez')).map((p) => p.id)).toEqual([cole.id]);
    expect((await search('bell')).map((p) => p.id)).toEqual([cole.id]);
    const row = app.database.sqlite.prepare('SELECT family_key, given_key FROM patients WHERE id = ?').get(cole.id);
    expect(row).toEqual({ family_key: 'nunez-bell', given_key: 'mary' });
    const words = app.database.sqlite
      .prepare('SELECT word FROM patient_name_words WHERE pk = (SELECT pk FROM patients WHERE id = ?)')
      .pluck()
      .all(cole.id);
    expect(words).toEqual(['bell']);
  });

  it('records no sync op for the derived search columns', async () => {
    const created = await create('Mary-Ann', 'Cole');
    const cols = app.database.sqlite.prepare('SELECT col FROM sync_ops WHERE row_id = ?').pluck().all(created.id) as string[];
    const columns = app.database.sqlite.prepare(`SELECT name FROM pragma_table_info('patients')`).pluck().all() as string[];
    const derived = ['pk', 'phone_rev', 'family_key', 'given_key'];
    // Every column of the row but its id (the op's row) and the local, derived ones.
    expect(cols.sort()).toEqual(columns.filter((c) => c !== 'id' && !derived.includes(c)).sort());
    expect(cols).toEqual(expect.arrayContaining(['family_name', 'given_name', 'phone']));
  });
});
