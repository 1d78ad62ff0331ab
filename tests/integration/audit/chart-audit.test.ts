import { describe, expect, it } from 'vitest';
import { REPEAT_VIEW_WINDOW_MS } from '../../../src-main/domain/audit/chart-views';
import { readAnchor, verifyAuditChain } from '../../../src-main/domain/audit/log';
import { AUDIT_ANCHOR_FILE } from '../../../src-main/app';
import type { AuditEntryView } from '../../../src-shared/audit/schema';
import type { Patient } from '../../../src-shared/patients/schema';
import {
  addUser,
  auditRows,
  dispatchOk,
  freshAdminAppPerTest,
  signIn,
  TEST_ADMIN,
  TEST_KEYS,
  TEST_NOW,
  testPasswordFor,
  validPatient,
  type AuditRowForTest,
  type TestAdmin,
  type TestClock,
  type TestApp,
} from '../../support/test-app';
import path from 'node:path';

let app: TestApp;
let admin: TestAdmin;
let clock: TestClock;

freshAdminAppPerTest((opened) => ({ app, admin, clock } = opened));

const register = (input: Record<string, unknown> = {}, sessionId = admin.sessionId) =>
  dispatchOk<Patient>(app, 'patients.create', { ...validPatient, confirmNewPatient: true, ...input }, sessionId);

/** The entries written since `seq`, as stored. */
async function entriesAfter(seq: number): Promise<AuditRowForTest[]> {
  return (await auditRows(app)).filter((row) => row.seq > seq);
}

const lastSeq = async () => (await auditRows(app)).at(-1)?.seq ?? 0;

const storedAt = (seq: number) => app.database.sqlite.prepare('SELECT at, device_id FROM audit_log WHERE seq = ?').get(seq) as { at: string; device_id: string };

describe('chart actions write one entry each: user, time, action, record, workstation', () => {
  it('registering a patient', async () => {
    const before = await lastSeq();
    const patient = await register({ confirmNewPatient: false });
    const written = await entriesAfter(before);
    expect(written).toEqual([
      expect.objectContaining({ action: 'patient.create', userId: admin.user.id, entityType: 'patient', entityId: patient.id }),
    ]);
    expect(JSON.parse(written[0]!.detail)).toEqual({ afterDuplicateWarning: false });
    expect(storedAt(written[0]!.seq)).toEqual({ at: TEST_NOW, device_id: app.database.workstation.deviceId });
  });

  it('a registration refused as a possible duplicate writes nothing; confirmed, it says so', async () => {
    await register();
    const before = await lastSeq();
    const refused = await app.dispatch('patients.create', { ...validPatient }, admin.sessionId);
    expect(refused).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(await entriesAfter(before)).toEqual([]);
    await register();
    expect((await entriesAfter(before)).map((row) => JSON.parse(row.detail))).toEqual([{ afterDuplicateWarning: true }]);
  });

  it('changing a patient names the changed fields, never their values; an unchanged save or a refused one writes nothing', async () => {
    const patient = await register();
    const before = await lastSeq();
    await dispatchOk(app, 'patients.update', { id: patient.id, familyName: 'Lopez-Garcia', phone: '(617) 555-0199' }, admin.sessionId);
    const written = await entriesAfter(before);
    expect(written).toEqual([expect.objectContaining({ action: 'patient.update', userId: admin.user.id, entityType: 'patient', entityId: patient.id })]);
    expect(JSON.parse(written[0]!.detail)).toEqual({ fields: 'familyName,phone' });
    expect(written[0]!.detail).not.toContain('Garcia');
    expect(written[0]!.detail).not.toContain('0199');

    const afterChange = await lastSeq();
    await dispatchOk(app, 'patients.update', { id: patient.id, familyName: 'Lopez-Garcia' }, admin.sessionId);
    const invalid = await app.dispatch('patients.update', { id: patient.id, dateOfBirth: 'yesterday' }, admin.sessionId);
    expect(invalid).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(await entriesAfter(afterChange)).toEqual([]);
  });

  it('opening a chart is one view; re-reads by the same user on this workstation within the window are not new views', async () => {
    const patient = await register();
    const before = await lastSeq();
    for (let read = 0; read < 4; read++) {
      await dispatchOk(app, 'patients.get', { id: patient.id }, admin.sessionId);
      clock.advance(60_000);
    }
    const views = await entriesAfter(before);
    expect(views).toEqual([expect.objectContaining({ action: 'patient.view', userId: admin.user.id, entityType: 'patient', entityId: patient.id })]);
    expect(storedAt(views[0]!.seq).at).toBe(TEST_NOW);

    // Another user's read is theirs; a read after the window is a new view.
    const clerk = await addUser(app, admin.sessionId, 'front_desk');
    await dispatchOk(app, 'patients.get', { id: patient.id }, clerk.sessionId);
    // The user stays active (the screen reports activity) while the window passes.
    for (let minute = 0; minute < REPEAT_VIEW_WINDOW_MS / 60_000; minute++) {
      clock.advance(60_000);
      await dispatchOk(app, 'auth.touch', {}, admin.sessionId);
    }
    await dispatchOk(app, 'patients.get', { id: patient.id }, admin.sessionId);
    const allViews = (await entriesAfter(before)).filter((row) => row.action === 'patient.view');
    expect(allViews.map((row) => row.userId)).toEqual([admin.user.id, clerk.user.id, admin.user.id]);
  });

  it('a refused read of a restricted chart is no view (the refusal is written instead); after break-glass it is', async () => {
    const patient = await register();
    await dispatchOk(app, 'patients.setRestriction', { id: patient.id, restriction: 'vip' }, admin.sessionId);
    const clerk = await addUser(app, admin.sessionId, 'front_desk');
    const before = await lastSeq();
    expect(await app.dispatch('patients.get', { id: patient.id }, clerk.sessionId)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect((await entriesAfter(before)).map((row) => row.action)).toEqual(['auth.refused']);
    await dispatchOk(app, 'auth.breakGlass', { reason: 'Patient at the desk, needs an urgent letter', patientId: patient.id }, clerk.sessionId);
    await dispatchOk(app, 'patients.get', { id: patient.id }, clerk.sessionId);
    expect((await entriesAfter(before)).map((row) => row.action)).toEqual(['auth.refused', 'auth.break_glass', 'patient.view']);
  });

  it('searching writes nothing by itself: the screen reports the query the user settled on, once', async () => {
    const patient = await register();
    const before = await lastSeq();
    for (const query of ['l', 'lo', 'lop', 'lope', 'lopez']) await dispatchOk(app, 'patients.search', { query }, admin.sessionId);
    expect(await entriesAfter(before)).toEqual([]);

    await dispatchOk(app, 'audit.recordClientEvent', { event: 'search', query: '  lopez ', resultCount: 1 }, admin.sessionId);
    await dispatchOk(app, 'audit.recordClientEvent', { event: 'search', query: 'maria', resultCount: 1, patientId: patient.id }, admin.sessionId);
    const written = await entriesAfter(before);
    expect(written.map((row) => [row.action, row.userId, row.entityId, JSON.parse(row.detail)])).toEqual([
      ['patient.search', admin.user.id, null, { query: 'lopez', resultCount: 1 }],
      ['patient.search', admin.user.id, patient.id, { query: 'maria', resultCount: 1 }],
    ]);
    // The query text is for the audit log only, never a log line.
    expect(app.logs.join('\n')).not.toContain('lopez');
  });

  it('prints and exports say what and how many; an unknown patient or an empty query is refused and writes nothing', async () => {
    const patient = await register();
    const before = await lastSeq();
    await dispatchOk(app, 'audit.recordClientEvent', { event: 'print', what: 'access_report', patientId: patient.id, count: 7 }, admin.sessionId);
    await dispatchOk(app, 'audit.recordClientEvent', { event: 'export', what: 'audit_report', format: 'csv', count: 120 }, admin.sessionId);
    expect((await entriesAfter(before)).map((row) => [row.action, row.entityId, JSON.parse(row.detail)])).toEqual([
      ['print', patient.id, { what: 'access_report', count: 7 }],
      ['export', null, { what: 'audit_report', format: 'csv', count: 120 }],
    ]);

    const afterPrints = await lastSeq();
    const missing = '01950000-0000-7000-8000-000000000000';
    expect(await app.dispatch('audit.recordClientEvent', { event: 'print', what: 'chart', patientId: missing }, admin.sessionId)).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    expect(await app.dispatch('audit.recordClientEvent', { event: 'search', query: '   ', resultCount: 0 }, admin.sessionId)).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', fields: { query: 'Required' } },
    });
    expect(await entriesAfter(afterPrints)).toEqual([]);
  });
});

describe('audit.search', () => {
  /** Local noon of a day in April 2026 (after the set-up's entries), as the fixed clock's instant. */
  const noonOf = (day: number) => new Date(2026, 3, day, 12).toISOString();

  /** Sessions end after 12 hours: both users sign in again on the new day. */
  async function goToDay(day: number, clerk: { sessionId: string }) {
    clock.set(noonOf(day));
    admin.sessionId = await signIn(app, TEST_ADMIN.username, TEST_ADMIN.password);
    clerk.sessionId = await signIn(app, 'rita', testPasswordFor('rita'));
  }

  async function search(input: Record<string, unknown>, sessionId = admin.sessionId) {
    return dispatchOk<{ items: AuditEntryView[]; nextCursor: { at: string; seq: number } | null }>(app, 'audit.search', input, sessionId);
  }

  /** Two patients and two users acting on three days: 1 April (admin), 2 April (clerk), 3 April (both). */
  async function populate() {
    const clerk = await addUser(app, admin.sessionId, 'records_clerk', 'rita');
    await goToDay(1, clerk);
    const maria = await register();
    const other = await register({ givenName: 'Quentin', familyName: 'Zabriskie', dateOfBirth: '1950-01-02', phone: '', email: '' });
    await goToDay(2, clerk);
    await dispatchOk(app, 'patients.get', { id: maria.id }, clerk.sessionId);
    await dispatchOk(app, 'patients.update', { id: maria.id, phone: '(617) 555-0100' }, clerk.sessionId);
    await goToDay(3, clerk);
    await dispatchOk(app, 'patients.get', { id: other.id }, admin.sessionId);
    await dispatchOk(app, 'audit.recordClientEvent', { event: 'print', what: 'chart', patientId: maria.id }, clerk.sessionId);
    return { clerk, maria, other };
  }

  it('lists entries newest first with the user’s name, the action’s label, the workstation and the chart named as it is now', async () => {
    const { clerk, maria } = await populate();
    const { items } = await search({ patientId: maria.id });
    expect(items.map((e) => e.action)).toEqual(['print', 'patient.update', 'patient.view', 'patient.create']);
    expect(items[0]).toMatchObject({
      actionLabel: 'Printed',
      userId: clerk.user.id,
      userName: 'Test rita',
      workstation: app.database.workstation.code,
      record: { type: 'patient', id: maria.id, label: 'Lopez, Maria', mrn: maria.mrn },
      detail: { what: 'chart' },
      flagged: false,
    });
    expect(items[1]).toMatchObject({ actionLabel: 'Patient details changed', detail: { fields: 'phone' }, at: noonOf(2) });
    // A user is named as the record of a user entry.
    const created = (await search({ action: 'user.create' })).items;
    expect(created[0]?.record).toEqual({ type: 'user', id: clerk.user.id, label: 'Test rita', mrn: null });
    expect(created[0]?.userName).toBe(TEST_ADMIN.displayName);
  });

  it('each filter narrows: patient, user, action, group, dates, and together', async () => {
    const { clerk, maria, other } = await populate();
    const recordName = (e: AuditEntryView) => (e.record?.id === maria.id ? 'maria' : e.record?.id === other.id ? 'other' : '-');
    // Each day's sign-ins are left out, except where the filter asks for them.
    const actionsOf = async (input: Record<string, unknown>) =>
      (await search(input)).items.filter((e) => e.action !== 'auth.login' || input.group === 'sign_ins').map((e) => `${e.action}:${recordName(e)}`);

    expect(await actionsOf({ patientId: other.id })).toEqual(['patient.view:other', 'patient.create:other']);
    expect(await actionsOf({ userId: clerk.user.id })).toEqual(['print:maria', 'patient.update:maria', 'patient.view:maria']);
    expect(await actionsOf({ userId: clerk.user.id, group: 'sign_ins', from: '2026-04-01' })).toEqual(['auth.login:-', 'auth.login:-', 'auth.login:-']);
    expect(await actionsOf({ action: 'patient.view' })).toEqual(['patient.view:other', 'patient.view:maria']);
    expect(await actionsOf({ group: 'changes' })).toEqual(['patient.update:maria', 'patient.create:other', 'patient.create:maria']);
    expect(await actionsOf({ group: 'prints_exports' })).toEqual(['print:maria']);
    expect(await actionsOf({ from: '2026-04-02', to: '2026-04-02' })).toEqual(['patient.update:maria', 'patient.view:maria']);
    expect(await actionsOf({ from: '2026-04-03' })).toEqual(['print:maria', 'patient.view:other']);
    expect(await actionsOf({ to: '2026-04-01', group: 'changes' })).toEqual(['patient.create:other', 'patient.create:maria']);
    expect(await actionsOf({ patientId: maria.id, userId: clerk.user.id, group: 'chart_views' })).toEqual(['patient.view:maria']);
    expect(await actionsOf({ patientId: maria.id, from: '2026-04-04' })).toEqual([]);
  });

  it('pages newest first through every entry with a cursor, without repeats or gaps', async () => {
    await populate();
    const everything = (await search({ limit: 200 })).items.map((e) => e.id);
    expect(everything.length).toBeGreaterThan(6);
    const paged: string[] = [];
    let cursor: { at: string; seq: number } | null | undefined;
    do {
      const page = await search({ limit: 2, ...(cursor ? { cursor } : {}) });
      expect(page.items.length).toBeLessThanOrEqual(2);
      paged.push(...page.items.map((e) => e.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(paged).toEqual(everything);
    const times = (await search({ limit: 200 })).items.map((e) => e.at);
    expect([...times].sort().reverse()).toEqual(times);
  });

  it('refuses bad filters clearly', async () => {
    const refused = async (input: Record<string, unknown>) => {
      const result = await app.dispatch('audit.search', input, admin.sessionId);
      expect(result.ok, JSON.stringify(input)).toBe(false);
      return !result.ok && result.error;
    };
    expect(await refused({ action: 'patient.teleport' })).toMatchObject({ code: 'VALIDATION', fields: { action: 'Not an action of the audit log' } });
    expect(await refused({ group: 'chart_views', action: 'patient.view' })).toMatchObject({ code: 'VALIDATION', fields: { action: expect.any(String) } });
    expect(await refused({ from: '2026-03-05', to: '2026-03-01' })).toMatchObject({ code: 'VALIDATION', fields: { to: 'Must be on or after the start date' } });
    expect(await refused({ from: '03/01/2026' })).toMatchObject({ code: 'VALIDATION', fields: { from: expect.any(String) } });
    expect(await refused({ limit: 201 })).toMatchObject({ code: 'VALIDATION', fields: { limit: 'At most 200' } });
    expect(await refused({ group: 'everything' })).toMatchObject({ code: 'VALIDATION', fields: { group: expect.any(String) } });
  });
});

describe('audit.patientAccess', () => {
  it('lists who viewed or changed one chart, newest first, in a date range', async () => {
    const clerk = await addUser(app, admin.sessionId, 'records_clerk', 'rita');
    clock.set(new Date(2026, 3, 1, 9).toISOString());
    admin.sessionId = await signIn(app, TEST_ADMIN.username, TEST_ADMIN.password);
    const maria = await register();
    const other = await register({ givenName: 'Quentin', familyName: 'Zabriskie', dateOfBirth: '1950-01-02', phone: '', email: '' });
    clock.set(new Date(2026, 3, 2, 9).toISOString());
    admin.sessionId = await signIn(app, TEST_ADMIN.username, TEST_ADMIN.password);
    clerk.sessionId = await signIn(app, 'rita', testPasswordFor('rita'));
    await dispatchOk(app, 'patients.get', { id: maria.id }, clerk.sessionId);
    await dispatchOk(app, 'patients.get', { id: other.id }, clerk.sessionId);
    await dispatchOk(app, 'patients.update', { id: maria.id, email: 'maria@example.net' }, clerk.sessionId);
    await dispatchOk(app, 'audit.recordClientEvent', { event: 'print', what: 'chart', patientId: maria.id }, admin.sessionId);

    const report = await dispatchOk<{ items: AuditEntryView[]; truncated: boolean }>(app, 'audit.patientAccess', { patientId: maria.id }, clerk.sessionId);
    expect(report.truncated).toBe(false);
    expect(report.items.map((e) => [e.actionLabel, e.userName])).toEqual([
      ['Printed', TEST_ADMIN.displayName],
      ['Patient details changed', 'Test rita'],
      ['Chart viewed', 'Test rita'],
      ['Patient registered', TEST_ADMIN.displayName],
    ]);
    expect(report.items.every((e) => e.record?.id === maria.id)).toBe(true);

    const firstDay = await dispatchOk<{ items: AuditEntryView[] }>(app, 'audit.patientAccess', { patientId: maria.id, to: '2026-04-01' }, clerk.sessionId);
    expect(firstDay.items.map((e) => e.action)).toEqual(['patient.create']);
  });
});

describe('permissions', () => {
  it('reading the audit log needs audit.read; the refusal is itself written', async () => {
    const patient = await register();
    const desk = await addUser(app, admin.sessionId, 'front_desk');
    for (const [method, input] of [
      ['audit.search', {}],
      ['audit.patientAccess', { patientId: patient.id }],
      ['audit.users', {}],
    ] as const) {
      const before = await lastSeq();
      expect(await app.dispatch(method, input, desk.sessionId), method).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
      expect((await entriesAfter(before)).map((row) => [row.action, row.userId, row.flagged])).toEqual([['auth.refused', desk.user.id, 1]]);
    }
    // An office manager reads the whole log; a records clerk only a chart's access report.
    const manager = await addUser(app, admin.sessionId, 'office_manager');
    expect((await dispatchOk<{ items: unknown[] }>(app, 'audit.search', {}, manager.sessionId)).items.length).toBeGreaterThan(0);
    const clerk = await addUser(app, admin.sessionId, 'records_clerk');
    expect((await dispatchOk<{ items: unknown[] }>(app, 'audit.patientAccess', { patientId: patient.id }, clerk.sessionId)).items.length).toBeGreaterThan(0);
    expect(await app.dispatch('audit.search', {}, clerk.sessionId)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('audit.users lists every user, disabled ones too, for the user filter', async () => {
    const desk = await addUser(app, admin.sessionId, 'front_desk', 'frank');
    await dispatchOk(app, 'users.update', { id: desk.user.id, disabled: true }, admin.sessionId);
    const manager = await addUser(app, admin.sessionId, 'office_manager', 'olga');
    const { items } = await dispatchOk<{ items: { id: string; displayName: string; disabled: boolean }[] }>(app, 'audit.users', {}, manager.sessionId);
    expect(items.map((u) => [u.displayName, u.disabled])).toEqual([
      [TEST_ADMIN.displayName, false],
      ['Test frank', true],
      ['Test olga', false],
    ]);
  });
});

it('the hash chain still verifies after all these entries', async () => {
  const patient = await register();
  const clerk = await addUser(app, admin.sessionId, 'records_clerk', 'rita');
  await dispatchOk(app, 'patients.get', { id: patient.id }, clerk.sessionId);
  await dispatchOk(app, 'patients.update', { id: patient.id, givenName: 'Marie' }, clerk.sessionId);
  await dispatchOk(app, 'audit.recordClientEvent', { event: 'search', query: 'marie', resultCount: 1, patientId: patient.id }, clerk.sessionId);
  await dispatchOk(app, 'audit.recordClientEvent', { event: 'print', what: 'access_report', patientId: patient.id }, clerk.sessionId);
  await dispatchOk(app, 'audit.patientAccess', { patientId: patient.id }, clerk.sessionId);
  const anchor = readAnchor(path.join(app.dataDir, AUDIT_ANCHOR_FILE), TEST_KEYS.auditKey);
  const entries = (await auditRows(app)).length;
  expect(await verifyAuditChain(app.database.db, TEST_KEYS.auditKey, app.database.workstation.deviceId, anchor)).toEqual({ ok: true, entries });
});
