import { describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import type { Coverage } from '../../../src-shared/insurance/schema';
import type { Patient } from '../../../src-shared/patients/schema';
import { addUser, auditRows, dispatchOk, freshAdminAppPerTest, TEST_NOW, type TestAdmin, type TestApp } from '../../support/test-app';
import { addCoverage, addPatient, addPayer, coverageInput, errorOf, writeCounts } from './support';

let app: TestApp;
let admin: TestAdmin;
freshAdminAppPerTest((opened) => ({ app, admin } = opened));

const UNKNOWN_ID = '0190a5f0-0000-7000-8000-000000000000';
const TODAY = TEST_NOW.slice(0, 10);

const list = async (patient: Pick<Patient, 'id'>, session = admin.sessionId) =>
  (await dispatchOk<{ items: Coverage[] }>(app, 'coverages.list', { patientId: patient.id }, session)).items;

/** A document row in a chart, as the documents area stores one (the file itself is not needed here). */
async function addDocument(patient: Pick<Patient, 'id'>): Promise<string> {
  const id = uuidv7();
  await app.database.db
    .insertInto('documents')
    .values({
      id,
      patientId: patient.id,
      kind: 'insurance_card',
      title: 'Insurance card',
      documentDate: TODAY,
      contentType: 'image/png',
      byteSize: 10,
      sha256: 'a'.repeat(64),
      fileName: 'card.png',
      createdBy: null,
      createdAt: TEST_NOW,
      updatedAt: TEST_NOW,
      deletedAt: null,
    })
    .execute();
  return id;
}

describe('coverages', () => {
  it('adds coverages and lists them primary → tertiary, newest first within a rank, with status and payer name', async () => {
    const patient = await addPatient(app);
    const payer = await addPayer(app);
    const other = await addPayer(app, { name: 'Key Insurance Company', ediPayerId: '999996666' });
    const secondary = await addCoverage(app, patient, other, { rank: 'secondary', memberId: 'K-778', effectiveFrom: '2025-01-01' });
    const oldPrimary = await addCoverage(app, patient, payer, { memberId: 'OLD-1', effectiveFrom: '2020-01-01', effectiveTo: '2024-12-31' });
    const primary = await addCoverage(app, patient, payer, { effectiveFrom: '2025-01-01' });
    const future = await addCoverage(app, patient, other, { rank: 'tertiary', memberId: 'T-1', effectiveFrom: '2027-01-01' });
    expect(primary).toMatchObject({
      patientId: patient.id,
      payerName: 'Medicare Part B Maryland',
      rank: 'primary',
      memberId: 'JS00111223333',
      groupNumber: 'G-100',
      subscriberRelationship: 'self',
      subscriberGivenName: null,
      status: 'active',
    });
    const items = await list(patient);
    expect(items.map((c) => [c.id, c.status])).toEqual([
      [primary.id, 'active'],
      [oldPrimary.id, 'ended'],
      [secondary.id, 'active'],
      [future.id, 'future'],
    ]);
  });

  it('keeps subscriber details only when the patient is not the subscriber, and then requires them', async () => {
    const patient = await addPatient(app);
    const payer = await addPayer(app);
    const self = await addCoverage(app, patient, payer, { subscriberGivenName: 'Ignored', subscriberFamilyName: 'Name' });
    expect([self.subscriberGivenName, self.subscriberFamilyName]).toEqual([null, null]);
    const before = writeCounts(app);
    const error = errorOf(await app.call('coverages.add', coverageInput(patient, payer, { rank: 'secondary', subscriberRelationship: 'child', subscriberGivenName: 'Jorge' })));
    expect(error).toMatchObject({
      code: 'VALIDATION',
      fields: { subscriberFamilyName: 'Required when the patient is not the subscriber', subscriberDateOfBirth: 'Required when the patient is not the subscriber' },
    });
    expect(writeCounts(app)).toEqual(before);
    const child = await addCoverage(app, patient, payer, {
      rank: 'secondary',
      subscriberRelationship: 'child',
      subscriberGivenName: 'Jorge',
      subscriberFamilyName: 'Lopez',
      subscriberDateOfBirth: '1960-02-03',
    });
    expect(child).toMatchObject({ subscriberRelationship: 'child', subscriberGivenName: 'Jorge', subscriberDateOfBirth: '1960-02-03' });
    // Becoming the subscriber clears the other person's details.
    const updated = await dispatchOk<Coverage>(app, 'coverages.update', { id: child.id, subscriberRelationship: 'self' }, admin.sessionId);
    expect([updated.subscriberGivenName, updated.subscriberFamilyName, updated.subscriberDateOfBirth]).toEqual([null, null, null]);
  });

  it('allows one coverage per rank at a time: overlapping dates are refused, consecutive ones are not', async () => {
    const patient = await addPatient(app);
    const payer = await addPayer(app);
    const first = await addCoverage(app, patient, payer, { effectiveFrom: '2024-01-01', effectiveTo: '2024-12-31' });
    await addCoverage(app, patient, payer, { memberId: 'NEW-2', effectiveFrom: '2025-01-01' });
    const before = writeCounts(app);
    for (const dates of [{ effectiveFrom: '2024-12-31', effectiveTo: '2025-01-01' }, { effectiveFrom: null, effectiveTo: '2024-06-01' }, { effectiveFrom: '2030-01-01' }, {}]) {
      const error = errorOf(await app.call('coverages.add', coverageInput(patient, payer, { memberId: 'X-3', ...dates })));
      expect([error.code, error.message, error.fields], JSON.stringify(dates)).toEqual([
        'CONFLICT',
        'This patient already has a primary coverage for these dates: end it first, or choose another rank',
        { rank: 'A primary coverage overlaps these dates' },
      ]);
    }
    // Moving the old one's dates onto the new one's is refused too.
    expect(errorOf(await app.call('coverages.update', { id: first.id, effectiveTo: '2025-02-01' })).code).toBe('CONFLICT');
    expect(writeCounts(app)).toEqual(before);
    expect((await addCoverage(app, patient, payer, { rank: 'secondary', memberId: 'X-3' })).rank).toBe('secondary');
  });

  it('refuses every bad input with a specific error and writes nothing', async () => {
    const patient = await addPatient(app);
    const someoneElse = await addPatient(app, { givenName: 'Quentin', familyName: 'Zabriskie', dateOfBirth: '1950-01-02', phone: '', email: '' });
    const payer = await addPayer(app);
    const inactive = await addPayer(app, { name: 'Closed Plan', ediPayerId: null });
    await dispatchOk(app, 'payers.update', { id: inactive.id, active: false }, admin.sessionId);
    const foreignDocument = await addDocument(someoneElse);
    const coverage = await addCoverage(app, patient, payer, { effectiveFrom: '2025-01-01' });
    const before = writeCounts(app);
    const cases: [string, Record<string, unknown>, string, string, Record<string, string> | undefined][] = [
      ['coverages.add', coverageInput(patient, payer, { rank: 'secondary', effectiveFrom: '2025-05-01', effectiveTo: '2025-04-30' }), 'VALIDATION', 'The coverage cannot end before it starts', { effectiveTo: 'Must be on or after the start date' }],
      ['coverages.add', coverageInput(patient, payer, { rank: 'secondary', effectiveFrom: '2025-02-30' }), 'VALIDATION', 'Please check: effectiveFrom', { effectiveFrom: 'Enter a real date as YYYY-MM-DD' }],
      ['coverages.add', coverageInput(patient, payer, { rank: 'secondary', memberId: ' -- ' }), 'VALIDATION', 'Please check: memberId', { memberId: 'Enter the member id as printed on the card' }],
      ['coverages.add', coverageInput(patient, payer, { rank: 'fourth' as 'primary' }), 'VALIDATION', 'Please check: rank', { rank: 'Choose primary, secondary or tertiary' }],
      ['coverages.add', coverageInput(patient, { id: UNKNOWN_ID }, { rank: 'secondary' }), 'NOT_FOUND', 'No payer with that id', { payerId: 'No such payer' }],
      ['coverages.add', coverageInput(patient, inactive, { rank: 'secondary' }), 'VALIDATION', 'This payer is inactive: choose another, or reactivate it under Admin → Payers', { payerId: 'This payer is inactive' }],
      ['coverages.add', coverageInput(patient, payer, { rank: 'secondary', cardFrontDocumentId: foreignDocument, cardBackDocumentId: UNKNOWN_ID }), 'VALIDATION', 'A card image must be a document in this patient’s chart', {
        cardFrontDocumentId: 'Not a document in this patient’s chart',
        cardBackDocumentId: 'Not a document in this patient’s chart',
      }],
      ['coverages.add', coverageInput({ id: UNKNOWN_ID }, payer), 'NOT_FOUND', 'No patient with that id', undefined],
      ['coverages.add', coverageInput({ id: 'not-a-uuid' }, payer), 'VALIDATION', 'Please check: patientId', { patientId: 'Not a valid patient id' }],
      ['coverages.update', { id: coverage.id, effectiveTo: '2024-12-31' }, 'VALIDATION', 'The coverage cannot end before it starts', { effectiveTo: 'Must be on or after the start date' }],
      ['coverages.update', { id: coverage.id, payerId: inactive.id }, 'VALIDATION', 'This payer is inactive: choose another, or reactivate it under Admin → Payers', { payerId: 'This payer is inactive' }],
      ['coverages.update', { id: coverage.id, cardBackDocumentId: foreignDocument }, 'VALIDATION', 'A card image must be a document in this patient’s chart', { cardBackDocumentId: 'Not a document in this patient’s chart' }],
      ['coverages.update', { id: coverage.id, subscriberRelationship: 'spouse' }, 'VALIDATION', 'The subscriber’s name and date of birth are needed when the patient is not the subscriber', {
        subscriberGivenName: 'Required when the patient is not the subscriber',
        subscriberFamilyName: 'Required when the patient is not the subscriber',
        subscriberDateOfBirth: 'Required when the patient is not the subscriber',
      }],
      ['coverages.update', { id: coverage.id }, 'VALIDATION', 'Nothing to change', { _: 'Nothing to change' }],
      ['coverages.update', { id: UNKNOWN_ID, memberId: 'A1' }, 'NOT_FOUND', 'No coverage with that id', undefined],
      ['coverages.end', { id: coverage.id, effectiveTo: '2024-06-01' }, 'VALIDATION', 'The coverage cannot end before it starts (remove it instead if it was entered by mistake)', { effectiveTo: 'Must be on or after the start date' }],
      ['coverages.end', { id: UNKNOWN_ID }, 'NOT_FOUND', 'No coverage with that id', undefined],
      ['coverages.remove', { id: UNKNOWN_ID }, 'NOT_FOUND', 'No coverage with that id', undefined],
      ['coverages.list', { patientId: UNKNOWN_ID }, 'NOT_FOUND', 'No patient with that id', undefined],
    ];
    for (const [method, input, code, message, fields] of cases) {
      const error = errorOf(await app.call(method, input));
      expect([error.code, error.message, error.fields], `${method} ${JSON.stringify(input)}`).toEqual([code, message, fields]);
    }
    expect(writeCounts(app)).toEqual(before);
    expect(await list(patient)).toEqual([coverage]);
  });

  it('takes card images from the patient’s own documents', async () => {
    const patient = await addPatient(app);
    const payer = await addPayer(app);
    const [front, back] = [await addDocument(patient), await addDocument(patient)];
    const coverage = await addCoverage(app, patient, payer, { cardFrontDocumentId: front });
    const updated = await dispatchOk<Coverage>(app, 'coverages.update', { id: coverage.id, cardBackDocumentId: back }, admin.sessionId);
    expect([updated.cardFrontDocumentId, updated.cardBackDocumentId]).toEqual([front, back]);
  });

  it('ends a coverage today (it stays, as ended history) and removes one entered by mistake', async () => {
    const patient = await addPatient(app);
    const payer = await addPayer(app);
    const coverage = await addCoverage(app, patient, payer, { effectiveFrom: '2020-01-01' });
    const ended = await dispatchOk<Coverage>(app, 'coverages.end', { id: coverage.id }, admin.sessionId);
    expect([ended.effectiveTo, ended.status]).toEqual([TODAY, 'active']);
    const endedEarlier = await dispatchOk<Coverage>(app, 'coverages.end', { id: coverage.id, effectiveTo: '2025-12-31' }, admin.sessionId);
    expect(endedEarlier.status).toBe('ended');
    const next = await addCoverage(app, patient, payer, { memberId: 'NEXT-1', effectiveFrom: '2026-01-01' });
    await dispatchOk(app, 'coverages.remove', { id: next.id }, admin.sessionId);
    expect((await list(patient)).map((c) => c.id)).toEqual([coverage.id]);
    expect(app.database.sqlite.prepare('SELECT deleted_at FROM coverages WHERE id = ?').pluck().get(next.id)).toBe(TEST_NOW);
    // The removed coverage no longer holds its rank.
    expect((await addCoverage(app, patient, payer, { memberId: 'NEXT-2', effectiveFrom: '2026-01-01' })).status).toBe('active');
  });

  it('audits every change under the patient, with the coverage and rank but never the member id', async () => {
    const patient = await addPatient(app);
    const payer = await addPayer(app);
    const frontDesk = await addUser(app, admin.sessionId, 'front_desk');
    const coverage = await dispatchOk<Coverage>(app, 'coverages.add', coverageInput(patient, payer, { memberId: 'SECRET-778899' }), frontDesk.sessionId);
    await dispatchOk(app, 'coverages.update', { id: coverage.id, groupNumber: 'G-200' }, frontDesk.sessionId);
    await dispatchOk(app, 'coverages.update', { id: coverage.id, groupNumber: 'G-200' }, frontDesk.sessionId); // no change: no entry
    await dispatchOk(app, 'coverages.end', { id: coverage.id, effectiveTo: '2026-02-28' }, frontDesk.sessionId);
    await dispatchOk(app, 'coverages.remove', { id: coverage.id }, frontDesk.sessionId);
    const entries = (await auditRows(app)).filter((r) => r.action.startsWith('coverage.'));
    expect(entries.map((r) => [r.action, r.userId, r.entityType, r.entityId, JSON.parse(r.detail)])).toEqual([
      ['coverage.create', frontDesk.user.id, 'patient', patient.id, { coverageId: coverage.id, rank: 'primary' }],
      ['coverage.update', frontDesk.user.id, 'patient', patient.id, { coverageId: coverage.id, rank: 'primary', change: 'edit' }],
      ['coverage.update', frontDesk.user.id, 'patient', patient.id, { coverageId: coverage.id, rank: 'primary', change: 'end', effectiveTo: '2026-02-28' }],
      ['coverage.update', frontDesk.user.id, 'patient', patient.id, { coverageId: coverage.id, rank: 'primary', change: 'remove' }],
    ]);
    expect(JSON.stringify(await auditRows(app))).not.toContain('778899');
    expect(app.logs.join('\n')).not.toContain('778899');
  });

  it('needs patients.write to change coverages and patients.read to list them (refusals audited)', async () => {
    const patient = await addPatient(app);
    const payer = await addPayer(app);
    const coverage = await addCoverage(app, patient, payer);
    const provider = await addUser(app, admin.sessionId, 'provider');
    expect((await list(patient, provider.sessionId)).map((c) => c.id)).toEqual([coverage.id]);
    const before = writeCounts(app);
    for (const [method, input] of [
      ['coverages.add', coverageInput(patient, payer, { rank: 'secondary' })],
      ['coverages.update', { id: coverage.id, groupNumber: 'X' }],
      ['coverages.end', { id: coverage.id }],
      ['coverages.remove', { id: coverage.id }],
    ] as const) {
      expect(errorOf(await app.dispatch(method, input, provider.sessionId)).code, method).toBe('FORBIDDEN');
    }
    expect(writeCounts(app)).toEqual(before);
    const refusals = (await auditRows(app)).filter((r) => r.action === 'auth.refused' && r.userId === provider.user.id);
    expect(refusals.map((r) => JSON.parse(r.detail).method)).toEqual(['coverages.add', 'coverages.update', 'coverages.end', 'coverages.remove']);
  });

  it('opens a restricted chart’s coverages only as patients.get would (break-glass), and audits the refusal', async () => {
    const patient = await addPatient(app);
    const payer = await addPayer(app);
    const coverage = await addCoverage(app, patient, payer);
    await dispatchOk(app, 'patients.setRestriction', { id: patient.id, restriction: 'vip' }, admin.sessionId);
    const frontDesk = await addUser(app, admin.sessionId, 'front_desk');
    const before = writeCounts(app);
    for (const [method, input] of [
      ['coverages.list', { patientId: patient.id }],
      ['coverages.add', coverageInput(patient, payer, { rank: 'secondary' })],
      ['coverages.update', { id: coverage.id, groupNumber: 'X' }],
      ['coverages.end', { id: coverage.id }],
      ['coverages.remove', { id: coverage.id }],
    ] as const) {
      const error = errorOf(await app.dispatch(method, input, frontDesk.sessionId));
      expect([error.code, error.details], method).toEqual(['FORBIDDEN', { breakGlass: { patientId: patient.id } }]);
    }
    expect(writeCounts(app)).toEqual(before);
    const refusals = (await auditRows(app)).filter((r) => r.action === 'auth.refused' && r.userId === frontDesk.user.id);
    expect(refusals).toHaveLength(5);
    expect(refusals.every((r) => r.entityId === patient.id && r.flagged === 1)).toBe(true);
    await dispatchOk(app, 'auth.breakGlass', { patientId: patient.id, reason: 'Patient at the desk asking about their insurance' }, frontDesk.sessionId);
    expect((await list(patient, frontDesk.sessionId)).map((c) => c.id)).toEqual([coverage.id]);
  });
});

describe('a member id another patient already has with the same payer', () => {
  it('is refused with the other patient as a candidate when both are the subscriber, typed in any form', async () => {
    const payer = await addPayer(app);
    const existing = await addPatient(app);
    await addCoverage(app, existing, payer, { memberId: 'ABC12345' });
    const patient = await addPatient(app, { givenName: 'Marie', familyName: 'Lopes', phone: '', email: '' });
    const before = writeCounts(app);
    const error = errorOf(await app.call('coverages.add', coverageInput(patient, payer, { memberId: 'abc 123-45' })));
    expect(error).toMatchObject({
      code: 'CONFLICT',
      message: 'Another patient is the subscriber of a coverage with this payer and member id',
      fields: { memberId: 'Already the member id of another patient with this payer' },
      details: {
        sharedMemberId: [
          { id: existing.id, mrn: existing.mrn, givenName: 'Maria', familyName: 'Lopez', dateOfBirth: '1985-07-14', phone: '+16175550142', reasons: ['same_member_id'] },
        ],
      },
    });
    expect(error.message).not.toContain('ABC');
    expect(writeCounts(app)).toEqual(before);
    const confirmed = valueOfCoverage(await app.call('coverages.add', { ...coverageInput(patient, payer, { memberId: 'abc 123-45' }), confirmSharedMemberId: true }));
    expect(confirmed.memberId).toBe('abc 123-45');
    expect(JSON.parse((await auditRows(app)).at(-1)!.detail)).toEqual({ coverageId: confirmed.id, rank: 'primary', sharedMemberIdConfirmed: true });
  });

  it('is fine for a spouse or child on the subscriber’s card, with another payer, or after the other coverage was removed', async () => {
    const payer = await addPayer(app);
    const other = await addPayer(app, { name: 'Key Insurance Company', ediPayerId: '999996666' });
    const parent = await addPatient(app);
    const parentCoverage = await addCoverage(app, parent, payer, { memberId: 'ABC12345' });
    const child = await addPatient(app, { givenName: 'Lucia', familyName: 'Lopez', dateOfBirth: '2015-03-04', phone: '', email: '' });
    const dependent = { subscriberRelationship: 'child', subscriberGivenName: 'Maria', subscriberFamilyName: 'Lopez', subscriberDateOfBirth: '1985-07-14' } as const;
    expect((await addCoverage(app, child, payer, { memberId: 'ABC-12345', ...dependent })).subscriberRelationship).toBe('child');
    const third = await addPatient(app, { givenName: 'Ana', familyName: 'Ruiz', dateOfBirth: '1990-01-01', phone: '', email: '' });
    expect((await addCoverage(app, third, other, { memberId: 'ABC12345' })).payerId).toBe(other.id);
    // Switching the dependent to "self" is the suspicious case again.
    const childCoverage = (await list(child))[0]!;
    expect(errorOf(await app.call('coverages.update', { id: childCoverage.id, subscriberRelationship: 'self' })).code).toBe('CONFLICT');
    await dispatchOk(app, 'coverages.remove', { id: parentCoverage.id }, admin.sessionId);
    expect((await dispatchOk<Coverage>(app, 'coverages.update', { id: childCoverage.id, subscriberRelationship: 'self' }, admin.sessionId)).subscriberRelationship).toBe('self');
  });
});

function valueOfCoverage(result: Awaited<ReturnType<TestApp['call']>>): Coverage {
  if (!result.ok) throw new Error(`${result.error.code} ${result.error.message}`);
  return result.value as Coverage;
}
