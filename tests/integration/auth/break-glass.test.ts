import { beforeEach, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import type { Patient } from '../../../src-shared/patients/schema';
import {
  addUser,
  auditRows,
  dispatchOk,
  freshAdminAppPerTest,
  signIn,
  TEST_ADMIN,
  TEST_NOW,
  validPatient,
  type TestAdmin,
  type TestClock,
  type TestApp,
} from '../../support/test-app';

let clock: TestClock;
let app: TestApp;
let admin: TestAdmin;
let clerk: Awaited<ReturnType<typeof addUser>>;
let desk: Awaited<ReturnType<typeof addUser>>;
let chart: Patient;

const REASON = 'Patient at the desk asking for a copy of her referral';

freshAdminAppPerTest((opened) => ({ clock, app, admin } = opened));
beforeEach(async () => {
  clerk = await addUser(app, admin.sessionId, 'records_clerk', 'rita');
  desk = await addUser(app, admin.sessionId, 'front_desk', 'fran');
  chart = await dispatchOk<Patient>(app, 'patients.create', validPatient, desk.sessionId);
  chart = await dispatchOk<Patient>(app, 'patients.setRestriction', { id: chart.id, restriction: 'staff' }, clerk.sessionId);
});

describe('restricted charts', () => {
  it('a records clerk marks a chart restricted (audited); front desk may not', async () => {
    expect(chart.restricted).toBe('staff');
    expect((await auditRows(app)).find((e) => e.action === 'patient.restrict')).toMatchObject({ userId: clerk.user.id, entityId: chart.id });
    expect(await app.dispatch('patients.setRestriction', { id: chart.id, restriction: null }, desk.sessionId)).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
  });

  it('refuses a front-desk user the chart with FORBIDDEN and a break-glass hint naming it, audited and flagged', async () => {
    const before = (await auditRows(app)).length;
    const result = await app.dispatch('patients.get', { id: chart.id }, desk.sessionId);
    expect(result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', details: { breakGlass: { patientId: chart.id } } } });
    expect(JSON.stringify(result)).not.toContain(validPatient.familyName);
    const added = (await auditRows(app)).slice(before);
    expect(added).toEqual([expect.objectContaining({ action: 'auth.refused', userId: desk.user.id, entityType: 'patient', entityId: chart.id, flagged: 1 })]);
    // Editing it is refused too, audited, and changes nothing.
    expect(await app.dispatch('patients.update', { id: chart.id, familyName: 'Changed' }, desk.sessionId)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect((await auditRows(app)).slice(before + 1)).toEqual([
      expect.objectContaining({ action: 'auth.refused', userId: desk.user.id, entityId: chart.id, flagged: 1 }),
    ]);
    expect(await dispatchOk(app, 'patients.get', { id: chart.id }, admin.sessionId)).toMatchObject({ familyName: validPatient.familyName });
  });

  it('opens for a user with patients.restricted without break-glass', async () => {
    expect(await dispatchOk(app, 'patients.get', { id: chart.id }, admin.sessionId)).toMatchObject({ id: chart.id });
  });
});

describe('auth.breakGlass', () => {
  it.each([
    [{ reason: 'need it', patientId: 'x' }, 'reason'],
    [{ reason: '   short   ', patientId: uuidv7() }, 'reason'],
  ])('refuses %j with VALIDATION and grants nothing', async (input, field) => {
    const result = await app.dispatch('auth.breakGlass', input, desk.sessionId);
    expect(result).toMatchObject({ ok: false, error: { code: 'VALIDATION', fields: { [field]: expect.any(String) } } });
    expect((await app.dispatch('patients.get', { id: chart.id }, desk.sessionId)).ok).toBe(false);
  });

  it('needs exactly one of a chart and a permission', async () => {
    for (const input of [{ reason: REASON }, { reason: REASON, patientId: chart.id, permission: 'users.manage' }]) {
      expect(await app.dispatch('auth.breakGlass', input, desk.sessionId)).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    }
    expect(await app.dispatch('auth.breakGlass', { reason: REASON, patientId: uuidv7() }, desk.sessionId)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await app.dispatch('auth.breakGlass', { reason: REASON, patientId: chart.id }, null)).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
  });

  it('opens the chart for that session only', async () => {
    const otherSessionSameUser = await signIn(app, 'fran', desk.password);
    const otherUser = await addUser(app, admin.sessionId, 'front_desk', 'frank');
    await dispatchOk(app, 'auth.breakGlass', { reason: REASON, patientId: chart.id }, desk.sessionId);
    expect(await dispatchOk(app, 'patients.get', { id: chart.id }, desk.sessionId)).toMatchObject({ id: chart.id, familyName: validPatient.familyName });
    expect(await dispatchOk(app, 'patients.update', { id: chart.id, phone: '617 555 0100' }, desk.sessionId)).toMatchObject({ phone: '+16175550100' });
    for (const session of [otherSessionSameUser, otherUser.sessionId]) {
      expect(await app.dispatch('patients.get', { id: chart.id }, session)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
    // Signing in again starts without it.
    await dispatchOk(app, 'auth.logout', {}, desk.sessionId);
    const again = await signIn(app, 'fran', desk.password);
    expect(await app.dispatch('patients.get', { id: chart.id }, again)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('grants a permission the role lacks for that session, flagged', async () => {
    const doc = await addUser(app, admin.sessionId, 'provider', 'doc');
    expect(await app.dispatch('patients.create', validPatient, doc.sessionId)).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN', details: { breakGlass: { permission: 'patients.write' } } },
    });
    const info = await dispatchOk<{ permissions: string[] }>(app, 'auth.breakGlass', { reason: 'Registering an emergency walk-in patient', permission: 'patients.write' }, doc.sessionId);
    expect(info.permissions).toContain('patients.write');
    expect((await app.dispatch('patients.create', { ...validPatient, confirmNewPatient: true }, doc.sessionId)).ok).toBe(true);
    const entry = (await auditRows(app)).find((e) => e.action === 'auth.break_glass');
    expect(entry).toMatchObject({ userId: doc.user.id, flagged: 1 });
  });

  it.each(['users.manage', 'backups.manage'] as const)('never grants %s, and the refusal offers no break-glass', async (permission) => {
    const method = permission === 'users.manage' ? 'users.list' : 'backups.status';
    const refused = await app.dispatch(method, {}, desk.sessionId);
    expect(refused).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(refused.ok === false && refused.error.details).toBeFalsy();
    const asked = await app.dispatch('auth.breakGlass', { reason: 'Administrator is away this week', permission }, desk.sessionId);
    expect(asked).toMatchObject({ ok: false, error: { code: 'VALIDATION', fields: { permission: expect.stringContaining('ask an administrator') } } });
    expect(await app.dispatch(method, {}, desk.sessionId)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect((await auditRows(app)).some((e) => e.action === 'auth.break_glass')).toBe(false);
  });
});

describe('audit.breakGlassReport', () => {
  it('lists each break-glass with user, reason, target and time, newest first', async () => {
    await dispatchOk(app, 'auth.breakGlass', { reason: REASON, patientId: chart.id }, desk.sessionId);
    clock.advance(26 * 3_600_000);
    // The next day: everyone signs in again.
    admin.sessionId = await signIn(app, 'admin', TEST_ADMIN.password);
    const doc = await addUser(app, admin.sessionId, 'provider', 'doc');
    await dispatchOk(app, 'auth.breakGlass', { reason: 'Covering the front desk at lunch', permission: 'patients.write' }, doc.sessionId);

    const report = await dispatchOk<{ items: unknown[] }>(app, 'audit.breakGlassReport', {}, admin.sessionId);
    expect(report.items).toEqual([
      {
        at: new Date(Date.parse(TEST_NOW) + 26 * 3_600_000).toISOString(),
        userId: doc.user.id,
        username: 'doc',
        target: 'permission',
        patientId: null,
        patientLabel: null,
        permission: 'patients.write',
        reason: 'Covering the front desk at lunch',
        workstation: app.database.workstation.code,
      },
      {
        at: TEST_NOW,
        userId: desk.user.id,
        username: 'fran',
        target: 'patient',
        patientId: chart.id,
        patientLabel: `${validPatient.familyName}, ${validPatient.givenName} (${chart.mrn})`,
        permission: null,
        reason: REASON,
        workstation: app.database.workstation.code,
      },
    ]);
    const day = TEST_NOW.slice(0, 10);
    const onDay = await dispatchOk<{ items: { username: string }[] }>(app, 'audit.breakGlassReport', { from: day, to: day }, admin.sessionId);
    expect(onDay.items.map((i) => i.username)).toEqual(['fran']);
    const nextDay = new Date(Date.parse(TEST_NOW) + 26 * 3_600_000).toISOString().slice(0, 10);
    const later = await dispatchOk<{ items: { username: string }[] }>(app, 'audit.breakGlassReport', { from: nextDay }, admin.sessionId);
    expect(later.items.map((i) => i.username)).toEqual(['doc']);
  });

  it('is read only by roles with audit.read', async () => {
    const manager = await addUser(app, admin.sessionId, 'office_manager', 'olga');
    expect((await app.dispatch('audit.breakGlassReport', {}, manager.sessionId)).ok).toBe(true);
    for (const session of [desk.sessionId, clerk.sessionId]) {
      expect(await app.dispatch('audit.breakGlassReport', {}, session)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
  });
});
