import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditRows, dispatchOk, openTestApp, TEST_ADMIN, type TestApp } from '../../support/test-app';

let app: TestApp;

beforeEach(async () => {
  app = await openTestApp();
});

afterEach(async () => {
  await app.dispose();
});

describe('first run', () => {
  it('says a fresh data folder needs set-up, without a session', async () => {
    expect(await app.dispatch('setup.status', {}, null)).toEqual({ ok: true, value: { needsSetup: true, clinicName: null } });
  });

  it('creates the first administrator, stores the clinic name and returns a recovery key once', async () => {
    const result = await app.dispatch('setup.createFirstAdmin', TEST_ADMIN, null);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const value = result.value as { user: Record<string, unknown>; recoveryKey: string };
    expect(value.user).toMatchObject({ username: 'admin', displayName: 'Ada Admin', role: 'admin', disabled: false, lockedUntil: null });
    expect(value.recoveryKey).toMatch(/^[0-9A-Z]{5}(-[0-9A-Z]{5}){4}$/);
    expect(JSON.stringify(result)).not.toMatch(/password|scrypt/i);

    expect(await dispatchOk(app, 'setup.status', {}, null)).toEqual({ needsSetup: false, clinicName: 'Maple Street Clinic' });
    const row = await app.database.db.selectFrom('users').selectAll().executeTakeFirstOrThrow();
    expect(row.passwordHash).toMatch(/^scrypt\$/);
    expect(row.passwordHash).not.toContain(TEST_ADMIN.password);
    const entries = await auditRows(app);
    expect(entries.map((e) => e.action)).toEqual(['setup.first_admin']);
    // The recovery key is shown once: not stored in the clear.
    const stored = app.database.sqlite.prepare(`SELECT group_concat(value) FROM settings`).pluck().get() as string;
    expect(stored).not.toContain(value.recoveryKey);
  });

  it('stores the clinic time zone chosen at first run, so scheduling can start; an unknown zone is refused and nothing is set up', async () => {
    const refused = await app.dispatch('setup.createFirstAdmin', { ...TEST_ADMIN, timeZone: 'Mars/Olympus_Mons' }, null);
    expect(refused).toMatchObject({ ok: false, error: { code: 'VALIDATION', fields: { timeZone: expect.stringMatching(/Unknown time zone/) } } });
    expect((await dispatchOk<{ needsSetup: boolean }>(app, 'setup.status', {}, null)).needsSetup).toBe(true);

    await dispatchOk(app, 'setup.createFirstAdmin', { ...TEST_ADMIN, timeZone: 'America/Chicago' }, null);
    const session = (await dispatchOk<{ sessionId: string }>(app, 'auth.login', { username: TEST_ADMIN.username, password: TEST_ADMIN.password }, null)).sessionId;
    expect(await dispatchOk(app, 'settings.get', {}, session)).toMatchObject({ clinicName: 'Maple Street Clinic', timeZone: 'America/Chicago' });
  });

  it('accepts the user name in any case, stored lower-case, and signs in with it', async () => {
    await dispatchOk(app, 'setup.createFirstAdmin', { ...TEST_ADMIN, username: '  Admin.Ada ' }, null);
    const login = await dispatchOk<{ user: { username: string } }>(app, 'auth.login', { username: 'ADMIN.ADA', password: TEST_ADMIN.password }, null);
    expect(login.user.username).toBe('admin.ada');
  });

  it('is refused once any user exists, and changes nothing', async () => {
    await dispatchOk(app, 'setup.createFirstAdmin', TEST_ADMIN, null);
    const again = await app.dispatch('setup.createFirstAdmin', { ...TEST_ADMIN, clinicName: 'Takeover Clinic', username: 'mallory' }, null);
    expect(again).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(await app.database.db.selectFrom('users').select('username').execute()).toEqual([{ username: 'admin' }]);
    expect(await dispatchOk(app, 'setup.status', {}, null)).toMatchObject({ clinicName: 'Maple Street Clinic' });
  });

  it.each([
    ['too short', 'short pw 1'],
    ['common', 'password1234'],
    ['keyboard walk', 'qwertyuiop123'],
    ['repeated', 'aaaaaaaaaaaaaaaa'],
    ['the user name itself', 'admin admin admin'],
  ])('refuses a weak password (%s) with VALIDATION on password, and creates nothing', async (_label, password) => {
    const result = await app.dispatch('setup.createFirstAdmin', { ...TEST_ADMIN, password }, null);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('VALIDATION');
    expect(Object.keys(result.error.fields ?? {})).toEqual(['password']);
    expect(JSON.stringify(result)).not.toContain(password);
    expect(await dispatchOk(app, 'setup.status', {}, null)).toEqual({ needsSetup: true, clinicName: null });
  });

  it('names each missing or bad field', async () => {
    const result = await app.dispatch('setup.createFirstAdmin', { username: 'a', password: TEST_ADMIN.password }, null);
    expect(result).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    if (result.ok) return;
    expect(Object.keys(result.error.fields ?? {}).sort()).toEqual(['clinicName', 'displayName', 'username']);
  });
});
