import { describe, expect, it } from 'vitest';
import { memberIdOf } from '../../../src-main/domain/patients/search';
import type { DuplicateCandidate, PatientSummary } from '../../../src-shared/patients/schema';
import { freshTestAppPerTest, valueOf, type TestApp } from '../../support/test-app';
import { addCoverage, addPatient, addPayer } from './support';

let app: TestApp;
freshTestAppPerTest((opened) => (app = opened));

const find = async (input: Record<string, unknown>) => valueOf<{ items: DuplicateCandidate[] }>(await app.call('patients.findDuplicates', input)).items;
const search = async (query: string, limit = 20) => valueOf<{ items: PatientSummary[] }>(await app.call('patients.search', { query, limit })).items;

/** Two patients: one with a coverage (member id as printed: "JS0011-1223"), one with a look-alike name. */
async function twoPatients() {
  const payer = await addPayer(app);
  const insured = await addPatient(app, { givenName: 'Jane', familyName: 'Smith', dateOfBirth: '1970-05-06', phone: '', email: '' });
  await addCoverage(app, insured, payer, { memberId: 'JS0011-1223' });
  const namesake = await addPatient(app, { givenName: 'Js', familyName: 'Js00111223', dateOfBirth: '1971-01-01', phone: '', email: '' });
  return { payer, insured, namesake };
}

describe('member ids while registering (patients.findDuplicates)', () => {
  it('finds the patient whose coverage has the member id, typed with other dashes, spaces and case', async () => {
    const { insured } = await twoPatients();
    for (const memberId of ['JS00111223', 'js0011-1223', ' js 0011 1223 ', 'JS.0011/1223']) {
      expect((await find({ memberId })).map((c) => [c.id, c.reasons]), memberId).toEqual([[insured.id, ['same_member_id']]]);
    }
    expect(await find({ memberId: 'JS00111224' })).toEqual([]);
    expect(await find({ memberId: 'JS0' })).toEqual([]);
  });

  it('adds the reason to a candidate found by name and date of birth too', async () => {
    const { insured } = await twoPatients();
    const items = await find({ givenName: 'Jane', familyName: 'Smyth', dateOfBirth: '1970-05-06', memberId: 'js00111223' });
    expect(items.map((c) => [c.id, c.reasons])).toEqual([[insured.id, ['same_dob_similar_name', 'same_member_id']]]);
  });

  it('ignores removed coverages and deleted (or merged away) patients, and finds ended coverages', async () => {
    const { insured, payer } = await twoPatients();
    const ended = await addPatient(app, { givenName: 'Old', familyName: 'Card', dateOfBirth: '1950-01-01', phone: '', email: '' });
    const coverage = await addCoverage(app, ended, payer, { memberId: 'OLD-77889', effectiveFrom: '2010-01-01', effectiveTo: '2012-12-31' });
    expect((await find({ memberId: 'old77889' })).map((c) => c.id)).toEqual([ended.id]);
    valueOf(await app.call('coverages.remove', { id: coverage.id }));
    expect(await find({ memberId: 'old77889' })).toEqual([]);
    app.database.sqlite.prepare('UPDATE patients SET deleted_at = ? WHERE id = ?').run('2026-03-01T00:00:00.000Z', insured.id);
    expect(await find({ memberId: 'JS00111223' })).toEqual([]);
  });
});

describe('member ids when saving a registration (patients.create)', () => {
  it('refuses with the member-id candidate unless confirmed, and never stores the typed member id', async () => {
    const { insured } = await twoPatients();
    const newcomer = { givenName: 'Maria', familyName: 'Lopez', dateOfBirth: '1990-02-03' };
    const refused = await app.call('patients.create', { ...newcomer, memberId: 'js 0011-1223' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    const details = (refused as { error: { details: { duplicates: DuplicateCandidate[] } } }).error.details;
    expect(details.duplicates.map((c) => [c.id, c.reasons])).toEqual([[insured.id, ['same_member_id']]]);

    const created = valueOf<{ id: string }>(await app.call('patients.create', { ...newcomer, memberId: 'js 0011-1223', confirmNewPatient: true }));
    expect(JSON.stringify(app.database.sqlite.prepare('SELECT * FROM patients WHERE id = ?').get(created.id))).not.toMatch(/0011/);
    expect(valueOf<{ id: string }>(await app.call('patients.create', { givenName: 'Tomas', familyName: 'Berg', dateOfBirth: '1985-01-01', memberId: 'ZZ998877' })).id).toBeTruthy();
  });
});

describe('member ids in search (patients.search)', () => {
  it('ranks the exact member id first, ahead of name matches', async () => {
    const { insured, namesake } = await twoPatients();
    expect((await search('js0011-1223')).map((p) => p.id)).toEqual([insured.id]);
    expect((await search('JS00111223')).map((p) => p.id)).toEqual([insured.id, namesake.id]);
    expect((await search('JS00111223', 1)).map((p) => p.id)).toEqual([insured.id]);
    expect((await search('js 0011 1223')).map((p) => p.id)[0]).toBe(insured.id);
  });

  it('finds a numeric member id as well as phones ending in those digits', async () => {
    const payer = await addPayer(app);
    const insured = await addPatient(app, { givenName: 'Ted', familyName: 'Smith', dateOfBirth: '1960-01-01', phone: '', email: '' });
    await addCoverage(app, insured, payer, { memberId: '00221111' });
    const caller = await addPatient(app, { givenName: 'Ann', familyName: 'Caller', dateOfBirth: '1961-01-01', phone: '(617) 300-2211', email: '' });
    expect((await search('00221111')).map((p) => p.id)).toEqual([insured.id]);
    expect((await search('02211')).map((p) => p.id)).toEqual([caller.id]);
  });

  it('takes a query for a member id only when it looks like one', () => {
    expect(memberIdOf('abc 123-45')).toBe('ABC12345');
    expect(memberIdOf('123456789A')).toBe('123456789A');
    expect(memberIdOf('00221111')).toBe('00221111');
    expect(memberIdOf('smith')).toBeNull(); // no digit: a name
    expect(memberIdOf('A123')).toBeNull(); // too short
    expect(memberIdOf('617-555-0142')).toBeNull(); // a whole phone number
    expect(memberIdOf('07/14/1985')).toBeNull(); // a date
    expect(memberIdOf('07141985')).toBeNull(); // a date typed compactly
    expect(memberIdOf('maria 1985')).toBe('MARIA1985'); // looks like one; costs one index probe
    expect(memberIdOf("o'neil 42")).toBeNull();
  });

  it('answers member id lookups from the coverages_member_key index', () => {
    const plan = (query: string) =>
      (app.database.sqlite.prepare(`EXPLAIN QUERY PLAN ${query}`).all('ABC12345') as { detail: string }[]).map((r) => r.detail).join('\n');
    const lookup = `SELECT patient_id FROM coverages WHERE (upper(replace(replace(replace(replace(member_id, '-', ''), ' ', ''), '.', ''), '/', '')) = ? AND deleted_at IS NULL)`;
    expect(plan(lookup)).toMatch(/USING INDEX coverages_member_key/);
    const searchSql = `SELECT id FROM patients WHERE deleted_at IS NULL AND id IN (${lookup}) ORDER BY family_key, given_key, date_of_birth LIMIT 20`;
    expect(plan(searchSql)).toMatch(/USING INDEX coverages_member_key/);
    expect(plan(searchSql)).not.toMatch(/SCAN patients/);
  });
});
