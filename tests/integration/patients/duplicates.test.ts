import { describe, expect, it } from 'vitest';
import type { DuplicateCandidate, Patient, PatientCreateInput } from '../../../src-shared/patients/schema';
import { freshTestAppPerTest, validPatient, valueOf, type TestApp } from '../../support/test-app';

let app: TestApp;
freshTestAppPerTest((opened) => (app = opened));

const UNRELATED = { givenName: 'Quentin', familyName: 'Zabriskie', dateOfBirth: '1950-01-02', sex: 'male', phone: '', email: '' } as const;

async function create(input: Partial<PatientCreateInput> = {}): Promise<Patient> {
  return valueOf<Patient>(await app.call('patients.create', { ...validPatient, ...input, confirmNewPatient: true }));
}

async function find(input: Record<string, unknown>): Promise<DuplicateCandidate[]> {
  return valueOf<{ items: DuplicateCandidate[] }>(await app.call('patients.findDuplicates', input)).items;
}

const counts = () => ({
  patients: app.database.sqlite.prepare('SELECT count(*) FROM patients').pluck().get(),
  ops: app.database.sqlite.prepare('SELECT count(*) FROM sync_ops').pluck().get(),
});

describe('patients.findDuplicates', () => {
  it.each([
    ['Jon', 'Smith', 'John', 'Smith'],
    ['John', 'Smyth', 'John', 'Smith'],
    ['Katherine', 'Lee', 'Catherine', 'Lee'],
    ['Maria', 'Lopes', 'Maria', 'Lopez'],
    ['Mraia', 'Lopez', 'Maria', 'Lopez'],
    ['Lopez', 'Maria', 'Maria', 'Lopez'],
    ['maría', 'LÓPEZ', 'Maria', 'Lopez'],
    ['Maria', 'Lopez', 'Maria', 'Lopez-Garcia'],
  ])('same DOB and a similar name: %s %s finds %s %s', async (typedGiven, typedFamily, givenName, familyName) => {
    const existing = await create({ givenName, familyName, phone: '', email: '' });
    const items = await find({ givenName: typedGiven, familyName: typedFamily, dateOfBirth: '1985-07-14' });
    expect(items).toEqual([
      { id: existing.id, mrn: existing.mrn, givenName, familyName, dateOfBirth: '1985-07-14', phone: null, reasons: ['same_dob_similar_name'] },
    ]);
  });

  it('a similar name with another date of birth, or the same date with another name, is not a candidate', async () => {
    await create({ phone: '', email: '' });
    expect(await find({ givenName: 'Maria', familyName: 'Lopez', dateOfBirth: '1985-07-15' })).toEqual([]);
    expect(await find({ givenName: 'Quentin', familyName: 'Zabriskie', dateOfBirth: '1985-07-14' })).toEqual([]);
    expect(await find({ givenName: 'Maria', familyName: 'Lopez' })).toEqual([]);
  });

  it('the same phone in any format', async () => {
    const existing = await create({ ...UNRELATED, phone: '(617) 555-0142' });
    for (const phone of ['617-555-0142', '+1 617 555 0142', '6175550142', '1 (617) 555.0142']) {
      expect((await find({ phone })).map((c) => [c.id, c.reasons]), phone).toEqual([[existing.id, ['same_phone']]]);
    }
    expect(await find({ phone: '617-555-0143' })).toEqual([]);
  });

  it('the same e-mail in any case', async () => {
    const existing = await create({ ...UNRELATED, email: 'Quentin.Z@Example.org' });
    expect((await find({ email: '  QUENTIN.z@example.ORG ' })).map((c) => [c.id, c.reasons])).toEqual([[existing.id, ['same_email']]]);
    expect(await find({ email: 'quentin.y@example.org' })).toEqual([]);
  });

  it('lists every reason of one patient once, most reasons first, at most five', async () => {
    const both = await create();
    for (let i = 0; i < 6; i++) await create({ givenName: `Other${i}`, familyName: `Person${i}`, dateOfBirth: '1960-01-01', email: '' });
    const items = await find({ ...validPatient });
    expect(items).toHaveLength(5);
    expect(items[0]).toMatchObject({ id: both.id, reasons: ['same_dob_similar_name', 'same_phone', 'same_email'] });
    expect(items.slice(1).every((c) => c.reasons.join() === 'same_phone')).toBe(true);
  });

  it('never lists a deleted patient', async () => {
    const existing = await create();
    app.database.sqlite.prepare('UPDATE patients SET deleted_at = ? WHERE id = ?').run('2026-03-01T00:00:00.000Z', existing.id);
    expect(await find({ ...validPatient })).toEqual([]);
    expect((await app.call('patients.create', validPatient)).ok).toBe(true);
  });

  it('partial, malformed or empty input is never an error', async () => {
    await create();
    for (const input of [
      {},
      { givenName: 'M' },
      { givenName: 'Maria', dateOfBirth: '07/1' },
      { familyName: 'Lopez', dateOfBirth: '2999-01-01' },
      { dateOfBirth: '1985-07-14' },
      { phone: '617' },
      { phone: 'call me' },
      { email: 'maria@' },
      { givenName: '"*) OR 1=1 --', familyName: '🙂🙂', dateOfBirth: '1985-02-30', phone: '+', email: '@@' },
      { givenName: null, familyName: null, dateOfBirth: null, phone: null, email: null },
      { givenName: 'x'.repeat(200) },
    ]) {
      const result = await app.call('patients.findDuplicates', input);
      expect(result.ok, JSON.stringify(input)).toBe(true);
    }
    expect(await find({ familyName: 'Lopez', dateOfBirth: '1985-07-14' })).toHaveLength(1);
  });

  it('answers every lookup from an index', () => {
    const plan = (query: string, ...params: unknown[]) =>
      (app.database.sqlite.prepare(`EXPLAIN QUERY PLAN ${query}`).all(...params) as { detail: string }[]).map((r) => r.detail).join('\n');
    expect(plan('SELECT id FROM patients WHERE deleted_at IS NULL AND date_of_birth = ?', '1985-07-14')).toMatch(/USING INDEX patients_dob/);
    expect(plan('SELECT id FROM patients WHERE deleted_at IS NULL AND phone_rev = ? AND phone = ?', '2410555716', '+16175550142')).toMatch(
      /USING INDEX patients_phone_rev/,
    );
    expect(plan('SELECT id FROM patients WHERE deleted_at IS NULL AND lower(email) = ? AND email IS NOT NULL', 'a@b.org')).toMatch(
      /USING INDEX patients_email/,
    );
  });
});

describe('patients.create with likely existing patients', () => {
  it('refuses with CONFLICT, candidates in details only, and writes nothing', async () => {
    const existing = await create();
    const before = counts();
    const result = await app.call('patients.create', { ...validPatient, givenName: 'Marie', phone: '617.555.0142' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('CONFLICT');
    expect(result.error.message).toBe('This may be a patient already registered');
    expect(result.error.message).not.toMatch(/maria|lopez|617|1985/i);
    expect(result.error.details).toEqual({
      duplicates: [expect.objectContaining({ id: existing.id, mrn: existing.mrn, reasons: ['same_dob_similar_name', 'same_phone', 'same_email'] })],
    });
    expect(counts()).toEqual(before);
    expect(app.logs.join('\n')).not.toMatch(/maria|lopez|617/i);
  });

  it('creates with confirmNewPatient: true', async () => {
    const existing = await create();
    const before = counts();
    const second = valueOf<Patient>(await app.call('patients.create', { ...validPatient, confirmNewPatient: true }));
    expect(second.id).not.toBe(existing.id);
    expect(second).not.toHaveProperty('confirmNewPatient');
    expect(counts().patients).toBe((before.patients as number) + 1);
    const stored = app.database.sqlite.prepare('SELECT DISTINCT col FROM sync_ops WHERE row_id = ?').pluck().all(second.id);
    expect(stored).not.toContain('confirm_new_patient');
  });

  it('creates without confirmation when nothing matches', async () => {
    await create();
    expect((await app.call('patients.create', UNRELATED)).ok).toBe(true);
  });
});
