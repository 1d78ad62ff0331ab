import { describe, expect, it } from 'vitest';
import { MAX_FAILED_SIGN_INS } from '../../../src-main/domain/auth/service';
import { MAX_SESSION_HOURS } from '../../../src-main/domain/auth/sessions';
import { DEFAULT_IDLE_LOCK_MINUTES } from '../../../src-main/domain/settings/service';
import { ROLE_PERMISSIONS } from '../../../src-shared/auth/permissions';
import {
  addUser,
  auditRows,
  dispatchOk,
  freshAdminAppPerTest,
  signIn,
  TEST_ADMIN,
  validPatient,
  type TestAdmin,
  type TestClock,
  type TestApp,
} from '../../support/test-app';

const MINUTE = 60_000;
let clock: TestClock;
let app: TestApp;
let admin: TestAdmin;

freshAdminAppPerTest((opened) => ({ clock, app, admin } = opened));

const search = (sessionId: string | null) => app.dispatch('patients.search', { query: 'lopez' }, sessionId);

async function expectLocked(sessionId: string) {
  const result = await search(sessionId);
  expect(result).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED', details: { locked: true } } });
}

async function expectSignedOut(sessionId: string) {
  const result = await search(sessionId);
  expect(result).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
  if (!result.ok) expect(result.error.details).toBeUndefined();
}

describe('sessions', () => {
  it('auth.session tells who is signed in, with the role’s permissions and the clinic’s settings', async () => {
    const clerk = await addUser(app, admin.sessionId, 'front_desk', 'fran');
    const info = await dispatchOk<Record<string, unknown>>(app, 'auth.session', {}, clerk.sessionId);
    expect(info).toMatchObject({ user: { id: clerk.user.id, role: 'front_desk' }, locked: false, idleLockMinutes: DEFAULT_IDLE_LOCK_MINUTES, clinicName: TEST_ADMIN.clinicName });
    expect([...(info.permissions as string[])].sort()).toEqual([...ROLE_PERMISSIONS.front_desk].sort());
    expect(await app.dispatch('auth.session', {}, null)).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
  });

  it('refuses a made-up session id', async () => {
    for (const id of ['f'.repeat(64), 'not a session', admin.sessionId.toUpperCase()]) {
      expect(await app.dispatch('auth.session', {}, id)).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    }
  });

  it(`locks after the clinic’s idle minutes (default ${DEFAULT_IDLE_LOCK_MINUTES}); the same user’s password unlocks`, async () => {
    clock.advance(DEFAULT_IDLE_LOCK_MINUTES * MINUTE - 1_000);
    expect((await search(admin.sessionId)).ok).toBe(true);
    clock.advance(2_000);
    await expectLocked(admin.sessionId);
    // Allowed while locked: who am I (locked: true); refused: everything else, even auth.touch.
    expect(await dispatchOk(app, 'auth.session', {}, admin.sessionId)).toMatchObject({ locked: true });
    expect(await app.dispatch('auth.touch', {}, admin.sessionId)).toMatchObject({ ok: false, error: { details: { locked: true } } });
    expect(await app.dispatch('patients.create', validPatient, admin.sessionId)).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });

    const wrong = await app.dispatch('auth.unlock', { password: 'not the password at all' }, admin.sessionId);
    expect(wrong).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED', fields: { password: expect.any(String) } } });
    await expectLocked(admin.sessionId);

    const unlocked = await dispatchOk(app, 'auth.unlock', { password: TEST_ADMIN.password }, admin.sessionId);
    expect(unlocked).toMatchObject({ locked: false, user: { id: admin.user.id } });
    expect((await search(admin.sessionId)).ok).toBe(true);
    const actions = (await auditRows(app)).map((e) => e.action);
    expect(actions).toContain('auth.unlock_failed');
    expect(actions.at(-1)).toBe('auth.unlock');
  });

  it('unlocks only with the locked user’s own password, not another user’s', async () => {
    const clerk = await addUser(app, admin.sessionId, 'front_desk', 'fran');
    await dispatchOk(app, 'auth.lock', {}, clerk.sessionId);
    await expectLocked(clerk.sessionId);
    expect(await app.dispatch('auth.unlock', { password: TEST_ADMIN.password }, clerk.sessionId)).toMatchObject({ ok: false });
    await expectLocked(clerk.sessionId);
    // The administrator's own session is untouched.
    expect((await search(admin.sessionId)).ok).toBe(true);
  });

  it('follows a changed idle time from settings', async () => {
    await dispatchOk(app, 'settings.update', { idleLockMinutes: 2 }, admin.sessionId);
    const clerk = await addUser(app, admin.sessionId, 'front_desk', 'fran');
    expect(await dispatchOk(app, 'auth.session', {}, clerk.sessionId)).toMatchObject({ idleLockMinutes: 2 });
    clock.advance(2 * MINUTE + 1_000);
    await expectLocked(clerk.sessionId);
  });

  it('auth.touch keeps a session alive; with no touch it locks', async () => {
    for (let i = 0; i < 5; i++) {
      clock.advance((DEFAULT_IDLE_LOCK_MINUTES - 1) * MINUTE);
      await dispatchOk(app, 'auth.touch', {}, admin.sessionId);
    }
    expect((await search(admin.sessionId)).ok).toBe(true);
    clock.advance((DEFAULT_IDLE_LOCK_MINUTES + 1) * MINUTE);
    await expectLocked(admin.sessionId);
  });

  it(`ends after ${MAX_SESSION_HOURS} hours however active`, async () => {
    const step = 5 * MINUTE;
    for (let t = step; t < MAX_SESSION_HOURS * 60 * MINUTE; t += step) {
      clock.advance(step);
      await dispatchOk(app, 'auth.touch', {}, admin.sessionId);
    }
    expect((await search(admin.sessionId)).ok).toBe(true);
    clock.advance(step + 1_000);
    await expectSignedOut(admin.sessionId);
    expect(await app.dispatch('auth.unlock', { password: TEST_ADMIN.password }, admin.sessionId)).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    // Signing in again works.
    expect((await search(await signIn(app, 'admin', TEST_ADMIN.password))).ok).toBe(true);
  });

  it('auth.logout ends the session (also a locked one), and only that one', async () => {
    const other = await signIn(app, 'admin', TEST_ADMIN.password);
    expect(await dispatchOk(app, 'auth.logout', {}, admin.sessionId)).toEqual({ done: true });
    await expectSignedOut(admin.sessionId);
    expect((await search(other)).ok).toBe(true);
    await dispatchOk(app, 'auth.lock', {}, other);
    expect(await dispatchOk(app, 'auth.logout', {}, other)).toEqual({ done: true });
    await expectSignedOut(other);
    expect((await auditRows(app)).filter((e) => e.action === 'auth.logout')).toHaveLength(2);
  });

  it('ends every session of a user who is disabled or whose role changes; a new name keeps them', async () => {
    const fran = await addUser(app, admin.sessionId, 'front_desk', 'fran');
    const franAgain = await signIn(app, 'fran', fran.password);
    await dispatchOk(app, 'users.update', { id: fran.user.id, displayName: 'Fran F.' }, admin.sessionId);
    expect((await search(fran.sessionId)).ok).toBe(true);

    await dispatchOk(app, 'users.update', { id: fran.user.id, role: 'billing' }, admin.sessionId);
    await expectSignedOut(fran.sessionId);
    await expectSignedOut(franAgain);
    const asBilling = await signIn(app, 'fran', fran.password);
    expect(await dispatchOk(app, 'auth.session', {}, asBilling)).toMatchObject({ user: { role: 'billing' } });

    await dispatchOk(app, 'users.update', { id: fran.user.id, disabled: true }, admin.sessionId);
    await expectSignedOut(asBilling);
    expect((await search(admin.sessionId)).ok).toBe(true);
  });

  it(`counts wrong unlock passwords as failed sign-ins: after ${MAX_FAILED_SIGN_INS} the session ends and the account locks`, async () => {
    const fran = await addUser(app, admin.sessionId, 'front_desk', 'fran');
    await dispatchOk(app, 'auth.lock', {}, fran.sessionId);
    for (let i = 0; i < MAX_FAILED_SIGN_INS; i++) {
      expect(await app.dispatch('auth.unlock', { password: `guessing at the lock screen ${i}` }, fran.sessionId)).toMatchObject({ ok: false });
    }
    expect(await app.dispatch('auth.unlock', { password: fran.password }, fran.sessionId)).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    await expectSignedOut(fran.sessionId);
    expect(await app.dispatch('auth.login', { username: 'fran', password: fran.password }, null)).toMatchObject({
      ok: false,
      error: { message: expect.stringMatching(/locked/) },
    });
  });
});
