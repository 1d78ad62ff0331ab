import { beforeEach, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import type { Patient } from '../../../src-shared/patients/schema';
import { addCalendarDays, yearsBefore } from '../../../src-shared/record-requests/rules';
import type { Accounting, OpenRecordRequest, RecordRequest, RecordRequestLogInput } from '../../../src-shared/record-requests/schema';
import type { RpcResult } from '../../../src-shared/rpc/errors';
import { localIsoDate } from '../../../src-shared/validation/dates';
import {
  addUser,
  auditRows,
  dispatchOk,
  freshAdminAppPerTest,
  signIn,
  TEST_ADMIN,
  validPatient,
  valueOf,
  type TestAdmin,
  type TestClock,
  type TestApp,
} from '../../support/test-app';

const DAY_MS = 86_400_000;

let clock: TestClock;
let app: TestApp;
let admin: TestAdmin;
let maria: Patient;
let today: string;

freshAdminAppPerTest((opened) => ({ clock, app, admin } = opened));
beforeEach(async () => {
  maria = await dispatchOk<Patient>(app, 'patients.create', { ...validPatient, confirmNewPatient: true }, admin.sessionId);
  today = localIsoDate(clock.now());
});

const call = (method: string, input: unknown, sessionId: string = admin.sessionId): Promise<RpcResult<unknown>> => app.dispatch(method, input, sessionId);
const ok = async <T>(method: string, input: unknown, sessionId?: string): Promise<T> => valueOf<T>(await call(method, input, sessionId), method);

function attorneyRequest(overrides: Partial<RecordRequestLogInput> = {}): RecordRequestLogInput {
  return {
    patientId: maria.id,
    requesterName: 'Hale & Partners LLP',
    requesterKind: 'attorney',
    requesterContact: 'records@hale.example',
    purpose: 'legal',
    recordsRequested: 'Visit notes and imaging reports, 2025',
    authorizationOnFile: true,
    receivedOn: today,
    ...overrides,
  };
}

const log = (overrides: Partial<RecordRequestLogInput> = {}, sessionId?: string) => ok<RecordRequest>('recordRequests.log', attorneyRequest(overrides), sessionId);
const release = (id: string, overrides: Record<string, unknown> = {}) =>
  ok<RecordRequest>('recordRequests.release', { id, releasedOn: today, releasedVia: 'mail', releasedWhat: 'Visit notes 2025 (12 pages)', ...overrides });
/** Days pass: the session has ended by then, so the administrator signs in again. */
async function advanceDays(days: number): Promise<void> {
  clock.advance(days * DAY_MS);
  today = localIsoDate(clock.now());
  admin.sessionId = await signIn(app, TEST_ADMIN.username, TEST_ADMIN.password);
}

/** Everything a refused call could have changed: the rows, the op log and the audit entries of this area. */
function snapshot() {
  const sqlite = app.database.sqlite;
  return {
    rows: sqlite.prepare('SELECT * FROM record_requests ORDER BY pk').all(),
    ops: sqlite.prepare('SELECT count(*) FROM sync_ops').pluck().get(),
    audit: sqlite.prepare(`SELECT count(*) FROM audit_log WHERE action LIKE 'record_request.%'`).pluck().get(),
  };
}

/** The call is refused with this code (and field), and nothing at all changed. */
async function expectRefused(method: string, input: unknown, code: string, field?: string, sessionId?: string) {
  const before = snapshot();
  const result = await call(method, input, sessionId);
  expect(result.ok, `${method} should be refused`).toBe(false);
  if (result.ok) return;
  expect(result.error.code).toBe(code);
  if (field) expect(Object.keys(result.error.fields ?? {})).toContain(field);
  expect(result.error.message).not.toContain(validPatient.familyName);
  expect(snapshot()).toEqual(before);
  return result.error;
}

function insertDocument(patientId: string): Promise<string> {
  const id = uuidv7();
  const now = clock.now().toISOString();
  return app.database.db
    .insertInto('documents')
    .values({
      id,
      patientId,
      kind: 'consent',
      title: 'Authorization to release records',
      documentDate: today,
      contentType: 'application/pdf',
      byteSize: 1024,
      sha256: 'a'.repeat(64),
      fileName: 'authorization.pdf',
      createdBy: admin.user.id,
      createdAt: now,
      updatedAt: now,
      deletedAt: null,
    })
    .execute()
    .then(() => id);
}

describe('recordRequests.log', () => {
  it('opens a request due 30 days after receipt, audited on the patient without free text', async () => {
    const received = addCalendarDays(today, -5);
    const request = await log({ receivedOn: received });
    expect(request).toMatchObject({
      patientId: maria.id,
      requesterName: 'Hale & Partners LLP',
      requesterKind: 'attorney',
      purpose: 'legal',
      authorizationOnFile: true,
      authorizationDocumentId: null,
      receivedOn: received,
      dueOn: addCalendarDays(received, 30),
      extendedDueOn: null,
      status: 'open',
      effectiveDueOn: addCalendarDays(received, 30),
      daysLeft: 25,
      overdue: false,
    });
    const entry = (await auditRows(app)).at(-1)!;
    expect(entry).toMatchObject({ action: 'record_request.create', userId: admin.user.id, entityType: 'patient', entityId: maria.id });
    expect(JSON.parse(entry.detail)).toEqual({ requestId: request.id, purpose: 'legal' });
  });

  it('links an authorization document of the same chart', async () => {
    const documentId = await insertDocument(maria.id);
    expect((await log({ authorizationDocumentId: documentId })).authorizationDocumentId).toBe(documentId);
  });

  it('needs no authorization for treatment or the patient’s own access', async () => {
    expect((await log({ purpose: 'treatment', requesterKind: 'provider', authorizationOnFile: false })).status).toBe('open');
    expect((await log({ purpose: 'patient_access', requesterKind: 'patient', authorizationOnFile: false })).status).toBe('open');
  });

  it('refuses bad input with a clear error and changes nothing', async () => {
    const other = await dispatchOk<Patient>(app, 'patients.create', { ...validPatient, givenName: 'Other', confirmNewPatient: true }, admin.sessionId);
    const othersDocument = await insertDocument(other.id);
    const error = await expectRefused('recordRequests.log', attorneyRequest({ authorizationOnFile: false }), 'VALIDATION', 'authorizationOnFile');
    expect(error?.fields?.authorizationOnFile).toMatch(/authorization on file/);
    await expectRefused('recordRequests.log', attorneyRequest({ receivedOn: addCalendarDays(today, 1) }), 'VALIDATION', 'receivedOn');
    await expectRefused('recordRequests.log', attorneyRequest({ receivedOn: addCalendarDays(yearsBefore(today), -1) }), 'VALIDATION', 'receivedOn');
    await expectRefused('recordRequests.log', attorneyRequest({ receivedOn: '2026-02-30' }), 'VALIDATION', 'receivedOn');
    await expectRefused('recordRequests.log', attorneyRequest({ authorizationDocumentId: othersDocument }), 'VALIDATION', 'authorizationDocumentId');
    await expectRefused('recordRequests.log', attorneyRequest({ authorizationDocumentId: uuidv7() }), 'VALIDATION', 'authorizationDocumentId');
    await expectRefused('recordRequests.log', attorneyRequest({ requesterName: ' ', recordsRequested: '' }), 'VALIDATION', 'requesterName');
    await expectRefused('recordRequests.log', { ...attorneyRequest(), purpose: 'curiosity' }, 'VALIDATION', 'purpose');
    await expectRefused('recordRequests.log', attorneyRequest({ patientId: uuidv7() }), 'NOT_FOUND');
  });

  it('accepts the oldest allowed receipt date, already overdue', async () => {
    const request = await log({ receivedOn: yearsBefore(today) });
    expect(request.overdue).toBe(true);
  });
});

describe('recordRequests.extend', () => {
  const reason = 'Records are stored off-site; retrieval takes three weeks';

  it('extends once by 30 days from the original due date, with the reason kept', async () => {
    const request = await log({ receivedOn: addCalendarDays(today, -10) });
    const extended = await ok<RecordRequest>('recordRequests.extend', { id: request.id, reason });
    expect(extended).toMatchObject({
      dueOn: request.dueOn,
      extendedDueOn: addCalendarDays(request.dueOn, 30),
      effectiveDueOn: addCalendarDays(request.dueOn, 30),
      extensionReason: reason,
      daysLeft: 50,
    });
    const entry = (await auditRows(app)).at(-1)!;
    expect(entry).toMatchObject({ action: 'record_request.update', entityType: 'patient', entityId: maria.id });
    expect(JSON.parse(entry.detail)).toEqual({ requestId: request.id, purpose: 'legal', change: 'extend' });

    const again = await expectRefused('recordRequests.extend', { id: request.id, reason }, 'CONFLICT');
    expect(again?.message).toMatch(/only once/);
  });

  it('may be taken on the due date itself, not after it', async () => {
    const onTime = await log({ receivedOn: addCalendarDays(today, -30) });
    expect((await ok<RecordRequest>('recordRequests.extend', { id: onTime.id, reason })).extendedDueOn).toBe(addCalendarDays(today, 30));
    const late = await log({ receivedOn: addCalendarDays(today, -31) });
    const error = await expectRefused('recordRequests.extend', { id: late.id, reason }, 'CONFLICT');
    expect(error?.message).toMatch(/overdue/);
  });

  it('needs a written reason and an open request', async () => {
    const request = await log();
    await expectRefused('recordRequests.extend', { id: request.id, reason: 'busy' }, 'VALIDATION', 'reason');
    await release(request.id);
    await expectRefused('recordRequests.extend', { id: request.id, reason }, 'CONFLICT');
    await expectRefused('recordRequests.extend', { id: uuidv7(), reason }, 'NOT_FOUND');
  });
});

describe('recordRequests.release', () => {
  it('records what was sent, how, when and by whom, audited as a release', async () => {
    const request = await log({ receivedOn: addCalendarDays(today, -3) });
    const released = await release(request.id, { releasedOn: addCalendarDays(today, -1), releasedVia: 'fax' });
    expect(released).toMatchObject({
      status: 'released',
      releasedOn: addCalendarDays(today, -1),
      releasedVia: 'fax',
      releasedWhat: 'Visit notes 2025 (12 pages)',
      releasedBy: admin.user.id,
      releasedByName: admin.user.displayName,
      daysLeft: null,
      overdue: false,
    });
    const entry = (await auditRows(app)).at(-1)!;
    expect(entry).toMatchObject({ action: 'record_request.release', userId: admin.user.id, entityType: 'patient', entityId: maria.id });
    expect(JSON.parse(entry.detail)).toEqual({ requestId: request.id, purpose: 'legal', via: 'fax' });
  });

  it('refuses a date before receipt or in the future, an unknown method, and a second release', async () => {
    const request = await log({ receivedOn: addCalendarDays(today, -3) });
    const input = { id: request.id, releasedVia: 'mail', releasedWhat: 'Visit notes' };
    await expectRefused('recordRequests.release', { ...input, releasedOn: addCalendarDays(today, -4) }, 'VALIDATION', 'releasedOn');
    await expectRefused('recordRequests.release', { ...input, releasedOn: addCalendarDays(today, 1) }, 'VALIDATION', 'releasedOn');
    await expectRefused('recordRequests.release', { ...input, releasedOn: today, releasedVia: 'pigeon' }, 'VALIDATION', 'releasedVia');
    await expectRefused('recordRequests.release', { ...input, releasedOn: today, releasedWhat: '  ' }, 'VALIDATION', 'releasedWhat');
    await release(request.id);
    const error = await expectRefused('recordRequests.release', { ...input, releasedOn: today }, 'CONFLICT');
    expect(error?.message).toMatch(/already released/);
  });
});

describe('recordRequests.deny and withdraw', () => {
  it('close an open request with the reason or note kept, audited', async () => {
    const denied = await ok<RecordRequest>('recordRequests.deny', { id: (await log()).id, reason: 'The authorization is not signed by the patient' });
    expect(denied).toMatchObject({ status: 'denied', closingNote: 'The authorization is not signed by the patient', daysLeft: null });
    expect(JSON.parse((await auditRows(app)).at(-1)!.detail)).toMatchObject({ change: 'deny' });

    const withdrawn = await ok<RecordRequest>('recordRequests.withdraw', { id: (await log()).id, note: '' });
    expect(withdrawn).toMatchObject({ status: 'withdrawn', closingNote: null });
    expect(JSON.parse((await auditRows(app)).at(-1)!.detail)).toMatchObject({ change: 'withdraw' });

    await expectRefused('recordRequests.release', { id: denied.id, releasedOn: today, releasedVia: 'mail', releasedWhat: 'x' }, 'CONFLICT');
    await expectRefused('recordRequests.withdraw', { id: denied.id }, 'CONFLICT');
    await expectRefused('recordRequests.deny', { id: withdrawn.id, reason: 'Changed my mind entirely' }, 'CONFLICT');
    await expectRefused('recordRequests.deny', { id: (await log()).id, reason: 'no' }, 'VALIDATION', 'reason');
  });
});

describe('reading requests', () => {
  it('gets one, and lists a chart’s requests newest received first', async () => {
    const older = await log({ receivedOn: addCalendarDays(today, -20) });
    const newer = await log({ receivedOn: addCalendarDays(today, -2) });
    expect(await ok<RecordRequest>('recordRequests.get', { id: older.id })).toEqual(older);
    const { items } = await ok<{ items: RecordRequest[] }>('recordRequests.listForPatient', { patientId: maria.id });
    expect(items.map((r) => r.id)).toEqual([newer.id, older.id]);
    await expectRefused('recordRequests.get', { id: uuidv7() }, 'NOT_FOUND');
    await expectRefused('recordRequests.listForPatient', { patientId: uuidv7() }, 'NOT_FOUND');
  });

  it('counts overdue from the clock’s local date, most overdue first, open ones only', async () => {
    const dueSoon = await log({ receivedOn: addCalendarDays(today, -25) });
    const dueLater = await log({ receivedOn: addCalendarDays(today, -5) });
    const closed = await log({ receivedOn: addCalendarDays(today, -29) });
    await release(closed.id);
    const listOpen = async (overdueOnly = false) =>
      (await ok<{ today: string; items: OpenRecordRequest[] }>('recordRequests.listOpen', { overdueOnly })).items;

    expect((await listOpen()).map((r) => [r.id, r.daysLeft, r.overdue])).toEqual([
      [dueSoon.id, 5, false],
      [dueLater.id, 25, false],
    ]);
    expect(await listOpen(true)).toEqual([]);

    await advanceDays(6);
    const items = await listOpen();
    expect(items.map((r) => [r.id, r.daysLeft, r.overdue])).toEqual([
      [dueSoon.id, -1, true],
      [dueLater.id, 19, false],
    ]);
    expect(items[0]).toMatchObject({
      patient: { mrn: maria.mrn, givenName: 'Maria', familyName: 'Lopez', dateOfBirth: maria.dateOfBirth },
      requesterName: 'Hale & Partners LLP',
      restricted: false,
    });
    expect((await listOpen(true)).map((r) => r.id)).toEqual([dueSoon.id]);
    expect((await ok<RecordRequest>('recordRequests.get', { id: dueSoon.id })).overdue).toBe(true);
  });

  it('orders an extended request by its new due date', async () => {
    const extended = await log({ receivedOn: addCalendarDays(today, -28) });
    await ok('recordRequests.extend', { id: extended.id, reason: 'Records are stored off-site' });
    const plain = await log({ receivedOn: addCalendarDays(today, -10) });
    const { items } = await ok<{ items: OpenRecordRequest[] }>('recordRequests.listOpen', {});
    expect(items.map((r) => [r.id, r.daysLeft, r.extended])).toEqual([
      [plain.id, 20, false],
      [extended.id, 32, true],
    ]);
  });
});

describe('recordRequests.accounting', () => {
  it('lists releases for accountable purposes only, oldest first, within six years by default', async () => {
    const releasedFor = async (purpose: RecordRequestLogInput['purpose'], daysAgo: number) => {
      const request = await log({ purpose, receivedOn: addCalendarDays(today, -daysAgo), authorizationOnFile: true });
      return release(request.id, { releasedOn: addCalendarDays(today, -daysAgo) });
    };
    const legal = await releasedFor('legal', 20);
    const publicHealth = await releasedFor('public_health', 10);
    for (const purpose of ['treatment', 'referral', 'payment', 'operations', 'patient_access'] as const) await releasedFor(purpose, 5);
    await log({ purpose: 'research' }); // open: nothing was disclosed yet
    await ok('recordRequests.deny', { id: (await log()).id, reason: 'No valid authorization signed' });
    const other = await dispatchOk<Patient>(app, 'patients.create', { ...validPatient, givenName: 'Other', confirmNewPatient: true }, admin.sessionId);
    await release((await log({ patientId: other.id })).id);

    const accounting = await ok<Accounting>('recordRequests.accounting', { patientId: maria.id });
    expect(accounting.from).toBe(yearsBefore(today));
    expect(accounting.to).toBe(today);
    expect(accounting.items).toEqual([
      {
        requestId: legal.id,
        releasedOn: legal.releasedOn,
        recipientName: 'Hale & Partners LLP',
        recipientKind: 'attorney',
        recipientContact: 'records@hale.example',
        purpose: 'legal',
        releasedWhat: 'Visit notes 2025 (12 pages)',
        releasedVia: 'mail',
        authorizationOnFile: true,
      },
      expect.objectContaining({ requestId: publicHealth.id, purpose: 'public_health' }),
    ]);

    const narrowed = await ok<Accounting>('recordRequests.accounting', { patientId: maria.id, from: addCalendarDays(today, -15), to: today });
    expect(narrowed.items.map((d) => d.requestId)).toEqual([publicHealth.id]);

    // Six years and a month later both fall out of the default period.
    await advanceDays(6 * 366 + 30);
    expect((await ok<Accounting>('recordRequests.accounting', { patientId: maria.id })).items).toEqual([]);
  });

  it('refuses a period ending before it starts, and an unknown patient', async () => {
    await expectRefused('recordRequests.accounting', { patientId: maria.id, from: today, to: addCalendarDays(today, -1) }, 'VALIDATION', 'to');
    await expectRefused('recordRequests.accounting', { patientId: maria.id, from: addCalendarDays(today, 1) }, 'VALIDATION', 'from');
    await expectRefused('recordRequests.accounting', { patientId: uuidv7() }, 'NOT_FOUND');
  });
});

describe('permissions and restricted charts', () => {
  it('lets records clerks answer requests; front desk reads the chart’s requests but neither writes nor sees the work list', async () => {
    const clerk = await addUser(app, admin.sessionId, 'records_clerk', 'rita');
    const desk = await addUser(app, admin.sessionId, 'front_desk', 'fran');
    const request = await log({}, clerk.sessionId);
    await release(request.id);

    await expectRefused('recordRequests.log', attorneyRequest(), 'FORBIDDEN', undefined, desk.sessionId);
    for (const [method, input] of [
      ['recordRequests.extend', { id: request.id, reason: 'Records are stored off-site' }],
      ['recordRequests.release', { id: request.id, releasedOn: today, releasedVia: 'mail', releasedWhat: 'x' }],
      ['recordRequests.deny', { id: request.id, reason: 'Not a valid authorization' }],
      ['recordRequests.withdraw', { id: request.id }],
      ['recordRequests.listOpen', {}],
    ] as const) {
      await expectRefused(method, input, 'FORBIDDEN', undefined, desk.sessionId);
    }
    expect((await ok<{ items: RecordRequest[] }>('recordRequests.listForPatient', { patientId: maria.id }, desk.sessionId)).items).toHaveLength(1);
    expect((await ok<Accounting>('recordRequests.accounting', { patientId: maria.id }, desk.sessionId)).items).toHaveLength(1);
  });

  it('keeps a restricted chart’s requests behind break-glass, and its names off the work list', async () => {
    const clerk = await addUser(app, admin.sessionId, 'records_clerk', 'rita');
    const request = await log();
    await ok('patients.setRestriction', { id: maria.id, restriction: 'vip' });

    const before = (await auditRows(app)).length;
    for (const [method, input] of [
      ['recordRequests.log', attorneyRequest()],
      ['recordRequests.get', { id: request.id }],
      ['recordRequests.listForPatient', { patientId: maria.id }],
      ['recordRequests.accounting', { patientId: maria.id }],
      ['recordRequests.release', { id: request.id, releasedOn: today, releasedVia: 'mail', releasedWhat: 'x' }],
    ] as const) {
      const error = await expectRefused(method, input, 'FORBIDDEN', undefined, clerk.sessionId);
      expect(error?.details, method).toEqual({ breakGlass: { patientId: maria.id } });
    }
    const refusals = (await auditRows(app)).slice(before);
    expect(refusals).toHaveLength(5);
    for (const entry of refusals) expect(entry).toMatchObject({ action: 'auth.refused', userId: clerk.user.id, entityId: maria.id, flagged: 1 });

    const listed = async (sessionId: string) => (await ok<{ items: OpenRecordRequest[] }>('recordRequests.listOpen', {}, sessionId)).items;
    const [hidden] = await listed(clerk.sessionId);
    expect(hidden).toMatchObject({ id: request.id, patientId: maria.id, patient: null, requesterName: null, restricted: true, purpose: 'legal' });
    expect(JSON.stringify(hidden)).not.toContain('Lopez');
    expect((await listed(admin.sessionId))[0]).toMatchObject({ patient: { familyName: 'Lopez' }, restricted: true });

    await ok('auth.breakGlass', { patientId: maria.id, reason: 'Court deadline tomorrow, attorney on the phone' }, clerk.sessionId);
    expect((await listed(clerk.sessionId))[0]?.patient).toMatchObject({ familyName: 'Lopez' });
    expect((await release(request.id)).status).toBe('released');
  });
});
