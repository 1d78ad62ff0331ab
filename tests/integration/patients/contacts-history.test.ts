import { beforeEach, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import type { Contact, HistoryEntry, PatientHistoryPage } from '../../../src-shared/patients/chart-schema';
import type { Patient } from '../../../src-shared/patients/schema';
import type { RpcResult } from '../../../src-shared/rpc/errors';
import { addUser, auditRows, dispatchOk, freshAdminAppPerTest, validPatient, type TestAdmin, type TestClock, type TestApp } from '../../support/test-app';
import { addProvider, opsAfter, opsHead } from './chart-support';

let app: TestApp;
let admin: TestAdmin;
let clock: TestClock;
let patient: Patient;

const SISTER = { role: 'emergency', name: 'Ana Lopez', relationship: 'sibling', phone: '(617) 555-0111' } as const;
const FATHER = {
  role: 'guarantor',
  name: 'Jorge Lopez',
  relationship: 'parent',
  dateOfBirth: '1955-02-03',
  addressLine1: '9 Oak Ave',
  city: 'Boston',
  region: 'MA',
  postalCode: '02118',
  country: 'US',
} as const;

/** A later save: the clock moves on, as it does between two saves made by a person. */
const later = () => clock.advance(60_000);

freshAdminAppPerTest((opened) => ({ app, admin, clock } = opened));
beforeEach(async () => {
  patient = await dispatchOk<Patient>(app, 'patients.create', validPatient, admin.sessionId);
  later();
});

const call = (method: string, input: unknown, session = admin.sessionId) => app.dispatch(method, input, session);
const ok = <T>(method: string, input: unknown, session = admin.sessionId) => dispatchOk<T>(app, method, input, session);
const saveContact = (input: Record<string, unknown>, session = admin.sessionId) =>
  ok<Contact>('patients.contacts.save', { patientId: patient.id, ...input }, session);
const listContacts = async () => (await ok<{ items: Contact[] }>('patients.contacts.list', { patientId: patient.id })).items;
const history = (input: Record<string, unknown> = {}, session = admin.sessionId) =>
  ok<PatientHistoryPage>('patients.history', { patientId: patient.id, ...input }, session);

function refusal(result: RpcResult<unknown>) {
  if (result.ok) throw new Error('expected a refusal');
  return result.error;
}

describe('contacts', () => {
  it('adds, lists, edits (writing only what changed) and removes an emergency contact, auditing each', async () => {
    const sister = await saveContact(SISTER);
    expect(sister).toMatchObject({ role: 'emergency', name: 'Ana Lopez', relationship: 'sibling', phone: '+16175550111', email: null, country: null });
    expect(await listContacts()).toEqual([sister]);

    later();
    const head = opsHead(app);
    const edited = await saveContact({ ...SISTER, id: sister.id, phone: '617-555-0122' });
    expect(edited.phone).toBe('+16175550122');
    expect(opsAfter(app, head).map((op) => op.col).sort()).toEqual(['phone', 'updated_at']);

    later();
    await ok('patients.contacts.remove', { patientId: patient.id, id: sister.id });
    expect(await listContacts()).toEqual([]);

    const audits = (await auditRows(app)).filter((row) => row.action === 'patient.update');
    expect(audits.map((row) => [row.entityType, row.entityId, JSON.parse(row.detail)])).toEqual([
      ['patient', patient.id, { contact: 'emergency', change: 'add' }],
      ['patient', patient.id, { contact: 'emergency', change: 'edit' }],
      ['patient', patient.id, { contact: 'emergency', change: 'remove' }],
    ]);
  });

  it('keeps at most one guarantor: a second is refused until the first is removed', async () => {
    const father = await saveContact(FATHER);
    expect(father).toMatchObject({ role: 'guarantor', dateOfBirth: '1955-02-03', postalCode: '02118' });
    const head = opsHead(app);
    const second = refusal(await call('patients.contacts.save', { patientId: patient.id, ...FATHER, name: 'Maria Lopez' }));
    expect(second.code).toBe('CONFLICT');
    expect(second.message).toBe('This patient already has a guarantor: edit or remove that one first');
    expect(opsAfter(app, head)).toEqual([]);

    await ok('patients.contacts.remove', { patientId: patient.id, id: father.id });
    const mother = await saveContact({ ...FATHER, name: 'Maria Lopez' });
    expect((await listContacts()).map((c) => c.id)).toEqual([mother.id]);
  });

  it('refuses bad contacts with a specific error and writes nothing', async () => {
    const sister = await saveContact(SISTER);
    const other = await dispatchOk<Patient>(app, 'patients.create', { ...validPatient, givenName: 'Zed', confirmNewPatient: true }, admin.sessionId);
    const head = opsHead(app);
    const cases: [Record<string, unknown>, string, Record<string, string> | undefined][] = [
      [{ ...SISTER, phone: '' }, 'VALIDATION', { phone: 'An emergency contact needs a phone number' }],
      [{ ...SISTER, name: '' }, 'VALIDATION', { name: 'Required' }],
      [{ ...SISTER, relationship: 'boss' }, 'VALIDATION', { relationship: 'Choose how they are related to the patient' }],
      [{ ...SISTER, role: 'landlord' }, 'VALIDATION', { role: 'Choose emergency contact or guarantor' }],
      [{ ...FATHER, dateOfBirth: '2999-01-01' }, 'VALIDATION', { dateOfBirth: 'Cannot be in the future' }],
      [{ ...FATHER, postalCode: '2118' }, 'VALIDATION', { postalCode: 'Not a ZIP code: 5 digits, or ZIP+4 (02139-4307)' }],
      [{ ...FATHER, city: '' }, 'VALIDATION', { city: 'Required for an address' }],
      [{ ...SISTER, id: sister.id, role: 'guarantor' }, 'VALIDATION', { role: 'A contact’s role does not change: remove it and add it again' }],
      [{ ...SISTER, id: uuidv7() }, 'NOT_FOUND', undefined],
      [{ ...SISTER, id: sister.id, patientId: other.id }, 'NOT_FOUND', undefined],
      [{ ...SISTER, patientId: uuidv7() }, 'NOT_FOUND', undefined],
      [{ ...SISTER, patientId: 'not-an-id' }, 'VALIDATION', { patientId: 'Not a valid patient id' }],
    ];
    for (const [input, code, fields] of cases) {
      const error = refusal(await call('patients.contacts.save', { patientId: patient.id, ...input }));
      expect([error.code, error.fields], JSON.stringify(input)).toEqual([code, fields]);
    }
    expect(refusal(await call('patients.contacts.remove', { patientId: other.id, id: sister.id })).code).toBe('NOT_FOUND');
    expect(opsAfter(app, head)).toEqual([]);
    expect(await listContacts()).toEqual([sister]);
  });
});

describe('history', () => {
  it('lists each save newest first: who, when, and each field from → to with its label', async () => {
    const clerk = await addUser(app, admin.sessionId, 'front_desk', 'fiona');
    const providerId = await addProvider(app, { givenName: 'Grace', familyName: 'Hopper' });
    later();
    const changedAt = clock.now().toISOString();
    await ok('patients.update', { id: patient.id, phone: '212-555-0199', language: 'es', primaryProviderId: providerId }, clerk.sessionId);
    later();
    const sister = await saveContact(SISTER, clerk.sessionId);
    later();
    await ok('patients.contacts.remove', { patientId: patient.id, id: sister.id });

    const { items, nextBefore } = await history();
    expect(nextBefore).toBeNull();
    expect(items.map((entry) => entry.author?.name)).toEqual(['Ada Admin', 'Test fiona', 'Test fiona', 'Ada Admin']);
    const [removal, addition, update, registration] = items as [HistoryEntry, HistoryEntry, HistoryEntry, HistoryEntry];

    expect(update.at).toBe(changedAt);
    expect(update.author).toEqual({ id: clerk.user.id, name: 'Test fiona' });
    expect(update).toMatchObject({
      subject: 'patient',
      contactName: null,
      action: 'changed',
      changes: [
        { field: 'phone', label: 'Phone', kind: 'phone', from: '+16175550142', to: '+12125550199' },
        { field: 'language', label: 'Language', kind: 'text', from: null, to: 'Spanish' },
        { field: 'primaryProviderId', label: 'Primary provider', kind: 'text', from: null, to: 'Grace Hopper, MD' },
      ],
    });
    expect(addition).toMatchObject({
      subject: 'emergency',
      contactName: 'Ana Lopez',
      action: 'created',
      changes: [
        { field: 'name', label: 'Name', kind: 'text', from: null, to: 'Ana Lopez' },
        { field: 'relationship', label: 'Relationship', kind: 'text', from: null, to: 'Sibling' },
        { field: 'phone', label: 'Phone', kind: 'phone', from: null, to: '+16175550111' },
      ],
    });
    expect(removal).toMatchObject({ subject: 'emergency', contactName: 'Ana Lopez', action: 'removed', changes: [] });
    expect(registration).toMatchObject({ subject: 'patient', action: 'created' });
    expect(registration.changes.map((c) => [c.label, c.to])).toEqual([
      ['MRN', patient.mrn],
      ['Given name', 'Maria'],
      ['Family name', 'Lopez'],
      ['Date of birth', '1985-07-14'],
      ['Sex', 'Female'],
      ['Phone', '+16175550142'],
      ['E-mail', 'maria.lopez@example.org'],
    ]);
  });

  it('shows the value before a change even when that change is on an older page', async () => {
    for (const name of ['Mara', 'Marisa', 'Marisol']) {
      later();
      await ok('patients.update', { id: patient.id, preferredName: name });
    }
    const first = await history({ limit: 2 });
    expect(first.items.map((e) => e.changes[0])).toEqual([
      { field: 'preferredName', label: 'Preferred name', kind: 'text', from: 'Marisa', to: 'Marisol' },
      { field: 'preferredName', label: 'Preferred name', kind: 'text', from: 'Mara', to: 'Marisa' },
    ]);
    expect(first.nextBefore).not.toBeNull();
    const second = await history({ limit: 2, before: first.nextBefore });
    expect(second.items.map((e) => [e.action, e.changes.find((c) => c.field === 'givenName' || c.field === 'preferredName')?.to])).toEqual([
      ['changed', 'Mara'],
      ['created', 'Maria'],
    ]);
    expect(second.nextBefore).toBeNull();
    // No entry twice, none left out.
    expect(new Set([...first.items, ...second.items].map((e) => e.id)).size).toBe(4);
  });

  it('tells two saves of different fields by the same user apart when the clock moved on', async () => {
    later();
    await ok('patients.update', { id: patient.id, pronouns: 'she/her' });
    later();
    await ok('patients.update', { id: patient.id, language: 'pt' });
    const { items } = await history();
    expect(items.slice(0, 2).map((e) => e.changes.map((c) => c.field))).toEqual([['language'], ['pronouns']]);
  });

  it('keeps quick saves of different records apart, even within the same second', async () => {
    await saveContact(SISTER);
    await ok('patients.update', { id: patient.id, pronouns: 'she/her' });
    await saveContact(FATHER);
    const { items } = await history();
    expect(items.map((e) => [e.subject, e.action])).toEqual([
      ['guarantor', 'created'],
      ['patient', 'changed'],
      ['emergency', 'created'],
      ['patient', 'created'],
    ]);
  });

  it('leaves out saves that changed nothing shown (e.g. only the time of the last change)', async () => {
    later();
    await app.database.db.updateTable('patients').set({ updatedAt: clock.now().toISOString() }).where('id', '=', patient.id).execute();
    const { items } = await history();
    expect(items.map((entry) => entry.action)).toEqual(['created']);
  });
});

describe('restricted charts', () => {
  it('refuse contacts and history to a user who may not open them, audited, writing nothing', async () => {
    const clerk = await addUser(app, admin.sessionId, 'front_desk', 'fiona');
    await ok('patients.setRestriction', { id: patient.id, restriction: 'vip' });
    const head = opsHead(app);
    const attempts: [string, Record<string, unknown>][] = [
      ['patients.contacts.list', { patientId: patient.id }],
      ['patients.history', { patientId: patient.id }],
      ['patients.contacts.save', { patientId: patient.id, ...SISTER }],
    ];
    for (const [method, input] of attempts) {
      const error = refusal(await call(method, input, clerk.sessionId));
      expect([method, error.code, error.details]).toEqual([method, 'FORBIDDEN', { breakGlass: { patientId: patient.id } }]);
    }
    expect(opsAfter(app, head)).toEqual([]);
    const refused = (await auditRows(app)).filter((row) => row.action === 'auth.refused' && row.entityId === patient.id);
    expect(refused).toHaveLength(3);

    // After break-glass the same user reads them.
    await ok('auth.breakGlass', { patientId: patient.id, reason: 'Patient at the desk asking about their emergency contact' }, clerk.sessionId);
    expect((await ok<{ items: Contact[] }>('patients.contacts.list', { patientId: patient.id }, clerk.sessionId)).items).toEqual([]);
    expect((await history({}, clerk.sessionId)).items.length).toBeGreaterThan(0);
  });
});
