import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { grantableByBreakGlass, PERMISSIONS, ROLE_PERMISSIONS, ROLES, type Permission, type Role } from '../../../src-shared/auth/permissions';
import { contract, type MethodName } from '../../../src-shared/rpc/contract';
import { addUser, auditRows, openTestApp, setUpAdmin, signIn, TEST_ADMIN, testPasswordFor, type TestApp } from '../../support/test-app';

const METHODS = Object.keys(contract) as MethodName[];
const permissionOf = (m: MethodName) => contract[m].permission;
const isPermission = (access: string): access is Permission => (PERMISSIONS as readonly string[]).includes(access);

/** Every (role, method) pair where the method needs a permission the role lacks: none hard-coded. */
const LACKING: [Role, MethodName, Permission][] = ROLES.flatMap((role) =>
  METHODS.flatMap((m) => {
    const access = permissionOf(m);
    return isPermission(access) && !ROLE_PERMISSIONS[role].includes(access) ? [[role, m, access] as [Role, MethodName, Permission]] : [];
  }),
);
const HOLDING: [Role, MethodName][] = ROLES.flatMap((role) =>
  METHODS.flatMap((m) => {
    const access = permissionOf(m);
    return access === 'signed-in' || (isPermission(access) && ROLE_PERMISSIONS[role].includes(access)) ? [[role, m] as [Role, MethodName]] : [];
  }),
);

let app: TestApp;
const sessions = {} as Record<Role, string>;
const usernames = {} as Record<Role, string>;

function opsCount(): number {
  return app.database.sqlite.prepare('SELECT count(*) FROM sync_ops').pluck().get() as number;
}

beforeAll(async () => {
  app = await openTestApp();
  sessions.admin = (await setUpAdmin(app)).sessionId;
  usernames.admin = TEST_ADMIN.username;
  for (const role of ROLES.filter((r) => r !== 'admin')) {
    const added = await addUser(app, sessions.admin, role);
    sessions[role] = added.sessionId;
    usernames[role] = added.user.username;
  }
});

afterAll(async () => {
  await app.dispose();
});

describe('the router guards every method by its declared permission', () => {
  it('covers methods that need permissions, and roles that lack some', () => {
    expect(LACKING.length).toBeGreaterThan(10);
    expect(new Set(LACKING.map(([, m]) => m)).size).toBeGreaterThan(5);
    expect(LACKING.some(([role]) => role === 'admin')).toBe(false);
  });

  it.each(LACKING)('refuses %s calling %s (needs %s) with FORBIDDEN, audited and flagged, changing nothing', async (role, method, permission) => {
    const before = { ops: opsCount(), audit: (await auditRows(app)).length };
    const result = await app.dispatch(method, {}, sessions[role]);
    expect(result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    // The refusal offers emergency access exactly when break-glass may grant the permission.
    const details = result.ok ? undefined : result.error.details;
    expect(details).toEqual(grantableByBreakGlass(permission) ? { breakGlass: { permission } } : undefined);
    expect(opsCount()).toBe(before.ops);
    const added = (await auditRows(app)).slice(before.audit);
    expect(added).toHaveLength(1);
    expect(added[0]).toMatchObject({ action: 'auth.refused', flagged: 1 });
    expect(JSON.parse(added[0]!.detail)).toEqual({ method, permission });
  });

  it.each(HOLDING)('lets %s past the guard for %s', async (role, method) => {
    // A session of its own: some of these (lock, logout) change the session.
    const password = role === 'admin' ? TEST_ADMIN.password : testPasswordFor(usernames[role]);
    const result = await app.dispatch(method, {}, await signIn(app, usernames[role], password));
    if (!result.ok) expect(['FORBIDDEN', 'UNAUTHENTICATED', 'INTERNAL']).not.toContain(result.error.code);
  });

  it('refuses a front-desk user the users list', async () => {
    expect(await app.dispatch('users.list', {}, sessions.front_desk)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await app.dispatch('users.list', {}, sessions.admin)).toMatchObject({ ok: true });
  });

  it.each(METHODS.filter((m) => permissionOf(m) !== 'public'))('refuses %s without a session as UNAUTHENTICATED', async (method) => {
    const before = opsCount();
    expect(await app.dispatch(method, {}, null)).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED', message: 'Please sign in' } });
    expect(await app.dispatch(method, {}, undefined)).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    expect(opsCount()).toBe(before);
  });

  it.each(METHODS.filter((m) => permissionOf(m) === 'public'))('lets %s through without a session (its input is checked)', async (method) => {
    const result = await app.dispatch(method, { unexpected: true, username: '' }, null);
    if (!result.ok) expect(result.error.code).toBe(method === 'setup.status' ? 'none' : 'VALIDATION');
  });
});
