import { describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { contract } from '../../../src-shared/rpc/contract';
import type { User } from '../../../src-shared/auth/schema';
import {
  addUser,
  auditRows,
  dispatchOk,
  freshAdminAppPerTest,
  signIn,
  TEST_ADMIN,
  testPasswordFor,
  type TestAdmin,
  type TestApp,
} from '../../support/test-app';

let app: TestApp;
let admin: TestAdmin;

freshAdminAppPerTest((opened) => ({ app, admin } = opened));

const userCount = async () => (await app.database.db.selectFrom('users').select('id').execute()).length;
const listUsers = async () => (await dispatchOk<{ items: User[] }>(app, 'users.list', {}, admin.sessionId)).items;

describe('users administration', () => {
  it('creates a user who can sign in, audited', async () => {
    const created = await dispatchOk<User>(
      app,
      'users.create',
      { username: 'Fran.Desk', displayName: 'Fran Desk', role: 'front_desk', password: testPasswordFor('fran.desk') },
      admin.sessionId,
    );
    expect(created).toMatchObject({ username: 'fran.desk', role: 'front_desk', disabled: false });
    expect(await signIn(app, 'fran.desk', testPasswordFor('fran.desk'))).toMatch(/^[0-9a-f]{64}$/);
    expect((await auditRows(app)).find((e) => e.action === 'user.create')).toMatchObject({ userId: admin.user.id, entityId: created.id });
  });

  it('refuses a taken user name (in any case) with CONFLICT naming the field', async () => {
    await addUser(app, admin.sessionId, 'billing', 'bill');
    const before = await userCount();
    for (const username of ['bill', 'BILL', 'admin']) {
      const result = await app.dispatch('users.create', { username, displayName: 'Another', role: 'provider', password: testPasswordFor('x') }, admin.sessionId);
      expect(result).toMatchObject({ ok: false, error: { code: 'CONFLICT', fields: { username: expect.any(String) } } });
    }
    expect(await userCount()).toBe(before);
  });

  it.each(['short1', 'password1234', 'bill bill bill', 'abcdefghijkl'])('refuses the weak password %j with VALIDATION on password', async (password) => {
    const before = await userCount();
    const result = await app.dispatch('users.create', { username: 'bill', displayName: 'Bill Payer', role: 'billing', password }, admin.sessionId);
    expect(result).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    if (!result.ok) expect(Object.keys(result.error.fields ?? {})).toEqual(['password']);
    expect(await userCount()).toBe(before);
  });

  it('changes role and disables, but never deletes: there is no such method and the row stays', async () => {
    expect(Object.keys(contract).filter((m) => m.startsWith('users.') && /delete|remove|destroy|purge/i.test(m))).toEqual([]);
    const fran = await addUser(app, admin.sessionId, 'front_desk', 'fran');
    expect(await dispatchOk(app, 'users.update', { id: fran.user.id, role: 'records_clerk' }, admin.sessionId)).toMatchObject({ role: 'records_clerk' });
    expect(await dispatchOk(app, 'users.update', { id: fran.user.id, disabled: true }, admin.sessionId)).toMatchObject({ disabled: true });
    expect((await listUsers()).find((u) => u.id === fran.user.id)).toMatchObject({ username: 'fran', disabled: true, role: 'records_clerk' });
    expect(() => app.database.sqlite.prepare('DELETE FROM users WHERE id = ?').run(fran.user.id)).toThrow();
    expect(await dispatchOk(app, 'users.update', { id: fran.user.id, disabled: false }, admin.sessionId)).toMatchObject({ disabled: false });
    expect(await app.dispatch('users.update', { id: uuidv7(), role: 'billing' }, admin.sessionId)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    const updates = (await auditRows(app)).filter((e) => e.action === 'user.update' && e.entityId === fran.user.id);
    expect(updates.map((e) => JSON.parse(e.detail))).toEqual([
      { role: 'records_clerk', disabled: false },
      { role: 'records_clerk', disabled: true },
      { role: 'records_clerk', disabled: false },
    ]);
  });

  it('never disables or demotes the last active administrator', async () => {
    const refusals = [{ disabled: true }, { role: 'office_manager' }, { role: 'admin', disabled: true }];
    for (const change of refusals) {
      expect(await app.dispatch('users.update', { id: admin.user.id, ...change }, admin.sessionId)).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    }
    // A second administrator makes it possible; a disabled one does not count.
    const second = await addUser(app, admin.sessionId, 'admin', 'second.admin');
    await dispatchOk(app, 'users.update', { id: second.user.id, disabled: true }, admin.sessionId);
    expect(await app.dispatch('users.update', { id: admin.user.id, role: 'provider' }, admin.sessionId)).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    await dispatchOk(app, 'users.update', { id: second.user.id, disabled: false }, admin.sessionId);
    expect(await dispatchOk(app, 'users.update', { id: admin.user.id, role: 'provider' }, admin.sessionId)).toMatchObject({ role: 'provider' });
    // The demoted user's sessions ended; the other administrator now is the last one.
    expect(await app.dispatch('auth.session', {}, admin.sessionId)).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    const secondSession = await signIn(app, 'second.admin', second.password);
    expect(await app.dispatch('users.update', { id: second.user.id, disabled: true }, secondSession)).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    const admins = (await dispatchOk<{ items: User[] }>(app, 'users.list', {}, secondSession)).items.filter((u) => u.role === 'admin' && !u.disabled);
    expect(admins.map((u) => u.username)).toEqual(['second.admin']);
  });

  it('resets a password: sessions end, the old password stops working, the new one works', async () => {
    const fran = await addUser(app, admin.sessionId, 'front_desk', 'fran');
    const newPassword = 'a fresh passphrase for the front desk 7';
    const weak = await app.dispatch('users.resetPassword', { id: fran.user.id, password: 'password1234' }, admin.sessionId);
    expect(weak).toMatchObject({ ok: false, error: { code: 'VALIDATION', fields: { password: expect.any(String) } } });
    expect((await app.dispatch('auth.session', {}, fran.sessionId)).ok).toBe(true);

    await dispatchOk(app, 'users.resetPassword', { id: fran.user.id, password: newPassword }, admin.sessionId);
    expect(await app.dispatch('auth.session', {}, fran.sessionId)).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    expect(await app.dispatch('auth.login', { username: 'fran', password: fran.password }, null)).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    expect(await signIn(app, 'fran', newPassword)).toMatch(/^[0-9a-f]{64}$/);
    expect((await auditRows(app)).filter((e) => e.action === 'user.reset_password').map((e) => e.entityId)).toEqual([fran.user.id]);
  });

  it('keeps the administrator signed in while managing others', async () => {
    await addUser(app, admin.sessionId, 'provider', 'doc');
    expect(await dispatchOk(app, 'auth.session', {}, admin.sessionId)).toMatchObject({ user: { username: TEST_ADMIN.username } });
  });
});
