import { beforeEach, describe, expect, it } from 'vitest';
import { MAX_FAILED_SIGN_INS } from '../../../src-main/domain/auth/service';
import type { RpcResult } from '../../../src-shared/rpc/errors';
import {
  addUser,
  auditRows,
  dispatchOk,
  everyStoredText,
  freshAdminAppPerTest,
  TEST_ADMIN,
  TEST_NOW,
  type TestApp,
  type TestClock,
} from '../../support/test-app';

const MINUTE = 60_000;
let clock: TestClock;
let app: TestApp;
let adminSession: string;
/** Every result a caller saw, to scan for secrets. */
const outputs: unknown[] = [];

async function login(username: string, password: string): Promise<RpcResult<unknown>> {
  const result = await app.dispatch('auth.login', { username, password }, null);
  outputs.push(result);
  return result;
}

function errorOf(result: RpcResult<unknown>) {
  if (result.ok) throw new Error('expected a refusal');
  return result.error;
}

freshAdminAppPerTest((opened) => ({ clock, app, admin: { sessionId: adminSession } } = opened));
beforeEach(() => {
  outputs.length = 0;
});

describe('auth.login', () => {
  it('returns a session id and the user, with no password hash anywhere', async () => {
    const result = await login('admin', TEST_ADMIN.password);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const value = result.value as { sessionId: string; user: Record<string, unknown> };
    expect(value.sessionId).toMatch(/^[0-9a-f]{64}$/);
    expect(Object.keys(value.user).sort()).toEqual(['createdAt', 'disabled', 'displayName', 'id', 'lockedUntil', 'role', 'username']);
    expect(JSON.stringify(result)).not.toMatch(/scrypt|passwordHash|password_hash/);
    const session = await dispatchOk<{ user: { id: string } }>(app, 'auth.session', {}, value.sessionId);
    expect(session.user.id).toBe(value.user.id);
    // users.list does not carry hashes either.
    expect(JSON.stringify(await dispatchOk(app, 'users.list', {}, adminSession))).not.toMatch(/scrypt|password/i);
  });

  it('gives an unknown user and a wrong password the same answer', async () => {
    const unknown = errorOf(await login('nobody', 'some password or other'));
    const wrong = errorOf(await login('admin', 'not the admin password'));
    expect(unknown.code).toBe('UNAUTHENTICATED');
    expect(wrong).toEqual(unknown);
  });

  it('refuses a disabled user clearly (with the right password), and generically with a wrong one', async () => {
    const clerk = await addUser(app, adminSession, 'records_clerk', 'rita');
    await dispatchOk(app, 'users.update', { id: clerk.user.id, disabled: true }, adminSession);
    const refused = errorOf(await login('rita', clerk.password));
    expect(refused.code).toBe('UNAUTHENTICATED');
    expect(refused.message).toMatch(/disabled/i);
    expect(errorOf(await login('rita', 'wrong password here'))).toEqual(errorOf(await login('nobody', 'x')));
    await dispatchOk(app, 'users.update', { id: clerk.user.id, disabled: false }, adminSession);
    expect((await login('rita', clerk.password)).ok).toBe(true);
  });

  it(`locks the account after ${MAX_FAILED_SIGN_INS} failures, even against the right password, for 1, 2, 4 … minutes`, async () => {
    for (let i = 1; i < MAX_FAILED_SIGN_INS; i++) expect(errorOf(await login('admin', `wrong guess ${i}`)).message).toBe('Wrong username or password');
    const fifth = errorOf(await login('admin', 'wrong guess 5'));
    expect(fifth.code).toBe('UNAUTHENTICATED');
    expect(fifth.message).toMatch(/locked for 1 more minute\b/);

    const locked = errorOf(await login('admin', TEST_ADMIN.password));
    expect(locked.message).toMatch(/locked/);
    const listed = await dispatchOk<{ items: { username: string; lockedUntil: string | null }[] }>(app, 'users.list', {}, adminSession);
    expect(listed.items.find((u) => u.username === 'admin')?.lockedUntil).toBe(new Date(Date.parse(TEST_NOW) + MINUTE).toISOString());

    clock.advance(MINUTE + 1_000);
    expect(errorOf(await login('admin', 'wrong guess 6')).message).toMatch(/locked for 2 more minutes/);
    clock.advance(MINUTE);
    expect(errorOf(await login('admin', TEST_ADMIN.password)).message).toMatch(/locked for 1 more minute\b/);
    clock.advance(MINUTE + 1_000);
    expect(errorOf(await login('admin', 'wrong guess 7')).message).toMatch(/locked for 4 more minutes/);
    clock.advance(4 * MINUTE + 1_000);
    expect((await login('admin', TEST_ADMIN.password)).ok).toBe(true);
    // A success starts the count again: four more failures do not lock.
    for (let i = 1; i < MAX_FAILED_SIGN_INS; i++) expect(errorOf(await login('admin', `again ${i}`)).message).toBe('Wrong username or password');
    expect((await login('admin', TEST_ADMIN.password)).ok).toBe(true);
  });

  it('locks an unknown user name the same way, so lockout does not reveal who exists', async () => {
    const messages: string[] = [];
    for (let i = 0; i < MAX_FAILED_SIGN_INS + 1; i++) messages.push(errorOf(await login('ghost', `guess ${i}`)).message);
    const real: string[] = [];
    for (let i = 0; i < MAX_FAILED_SIGN_INS + 1; i++) real.push(errorOf(await login('admin', `guess ${i}`)).message);
    expect(messages).toEqual(real);
  });

  it('is cleared by users.unlock (administrator), and the user signs in', async () => {
    const clerk = await addUser(app, adminSession, 'records_clerk', 'rita');
    for (let i = 0; i < MAX_FAILED_SIGN_INS; i++) await login('rita', `wrong guess ${i}`);
    expect(errorOf(await login('rita', clerk.password)).message).toMatch(/locked/);
    // Only users.manage may unlock.
    expect(await app.dispatch('users.unlock', { id: clerk.user.id }, (await addUser(app, adminSession, 'office_manager', 'olga')).sessionId)).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    const unlocked = await dispatchOk<{ lockedUntil: string | null }>(app, 'users.unlock', { id: clerk.user.id }, adminSession);
    expect(unlocked.lockedUntil).toBeNull();
    expect((await login('rita', clerk.password)).ok).toBe(true);
    expect((await auditRows(app)).filter((e) => e.action === 'user.unlock').map((e) => e.entityId)).toEqual([clerk.user.id]);
  });

  it('writes an audit entry for every success and failure', async () => {
    const clerk = await addUser(app, adminSession, 'records_clerk', 'rita');
    const start = (await auditRows(app)).length;
    await login('rita', clerk.password);
    await login('rita', 'wrong password');
    await login('nobody', 'wrong password');
    await dispatchOk(app, 'users.update', { id: clerk.user.id, disabled: true }, adminSession);
    await login('rita', clerk.password);
    const entries = (await auditRows(app)).slice(start);
    expect(entries.map((e) => [e.action, e.userId, JSON.parse(e.detail).reason ?? null])).toEqual([
      ['auth.login', clerk.user.id, null],
      ['auth.login_failed', clerk.user.id, 'wrong_password'],
      ['auth.login_failed', null, 'unknown_user'],
      ['user.update', expect.any(String), null],
      ['auth.login_failed', clerk.user.id, 'disabled'],
    ]);
    for (let i = 0; i < MAX_FAILED_SIGN_INS + 1; i++) await login('nobody', 'x');
    const last = (await auditRows(app)).at(-1)!;
    expect(last).toMatchObject({ action: 'auth.login_failed', flagged: 1 });
  });

  it('never puts a password into logs, audit rows, stored data or outputs', async () => {
    const secrets = [TEST_ADMIN.password, 'rita keeps records 4 the clinic', 'a wrong guess typed by rita', 'ghost password 99'];
    const clerk = await dispatchOk<{ id: string }>(
      app,
      'users.create',
      { username: 'rita', displayName: 'Rita Clerk', role: 'records_clerk', password: secrets[1] },
      adminSession,
    );
    outputs.push(clerk);
    await login('rita', secrets[1]!);
    for (let i = 0; i < MAX_FAILED_SIGN_INS + 1; i++) await login('rita', secrets[2]!);
    await login('ghost', secrets[3]!);
    await login('admin', secrets[0]!);
    outputs.push(await app.dispatch('users.resetPassword', { id: clerk.id, password: 'brand new secret for rita 55' }, adminSession));
    outputs.push(await app.dispatch('users.create', { username: 'weak', displayName: 'Weak', role: 'billing', password: 'password1234' }, adminSession));
    secrets.push('brand new secret for rita 55', 'password1234');
    const session = await dispatchOk<{ sessionId: string }>(app, 'auth.login', { username: 'admin', password: TEST_ADMIN.password }, null);
    await dispatchOk(app, 'auth.lock', {}, session.sessionId);
    outputs.push(await app.dispatch('auth.unlock', { password: 'wrong unlock attempt 1' }, session.sessionId));
    outputs.push(await app.dispatch('auth.unlock', { password: TEST_ADMIN.password }, session.sessionId));
    secrets.push('wrong unlock attempt 1');

    const logs = app.logs.join('\n');
    const audit = JSON.stringify(await auditRows(app));
    const stored = everyStoredText(app);
    const seen = JSON.stringify(outputs);
    for (const secret of secrets) {
      expect(logs, secret).not.toContain(secret);
      expect(audit, secret).not.toContain(secret);
      expect(stored, secret).not.toContain(secret);
      expect(seen, secret).not.toContain(secret);
    }
    expect(seen).not.toMatch(/scrypt\$/);
  });
});
