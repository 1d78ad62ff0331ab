import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, inject } from 'vitest';
import { openClinicApp, type ClinicApp } from '../../src-main/app';
import { fixedClock, type Clock } from '../../src-main/clock';
import { DATABASE_FILE } from '../../src-main/db/clinic-db';
import { createMemoryLogger } from '../../src-main/log';
import { workstationSession } from '../../src-main/rpc/session';
import type { Role } from '../../src-shared/auth/permissions';
import type { User } from '../../src-shared/auth/schema';
import type { RpcResult } from '../../src-shared/rpc/errors';
import { TEST_KDF, TEST_KEYS } from './test-keys';

export const TEST_NOW = '2026-03-02T15:04:05.000Z';

export { TEST_KDF, TEST_KEYS } from './test-keys';

/** A fresh data folder holding a copy of the migrated template database. */
export function makeTestDataDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'clinic-test-'));
  copyFileSync(inject('templateDatabase'), path.join(dir, DATABASE_FILE));
  return dir;
}

export interface TestApp extends ClinicApp {
  logs: string[];
  call(method: string, input: unknown): ReturnType<ClinicApp['router']['call']>;
  dispose(): Promise<void>;
}

export async function openTestApp(options: { dataDir?: string; clock?: Clock } = {}): Promise<TestApp> {
  const dataDir = options.dataDir ?? makeTestDataDir();
  const logger = createMemoryLogger();
  const app = await openClinicApp({
    dataDir,
    runtime: 'browser',
    appVersion: '0.0.0-test',
    clock: options.clock ?? fixedClock(TEST_NOW),
    logger,
    keys: TEST_KEYS,
    kdf: TEST_KDF,
  });
  const session = workstationSession();
  return {
    ...app,
    logs: logger.lines,
    call: (method, input) => app.router.call(method, input, session),
    dispose: async () => {
      await app.close();
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export { validPatient } from './patients';

/** The first administrator every signed-in test starts from. */
export const TEST_ADMIN = {
  clinicName: 'Maple Street Clinic',
  username: 'admin',
  password: 'maple street clinic admin 2026',
  displayName: 'Ada Admin',
} as const;

/** A strong password per username (not containing it), so each test user signs in with its own. */
export function testPasswordFor(username: string): string {
  return `${[...username].reverse().join('')} walks the long quiet hallway 42`;
}

/** Dispatches as a transport would (session resolved by id, audit chain anchored); throws on an error result. */
/** The value of a call that must succeed; a failure fails the test with its code and message. */
export function valueOf<T>(result: RpcResult<unknown>, label = 'call'): T {
  if (!result.ok) throw new Error(`${label}: ${result.error.code} ${result.error.message}`);
  return result.value as T;
}

export async function dispatchOk<T = unknown>(app: ClinicApp, method: string, input: unknown, sessionId: string | null): Promise<T> {
  return valueOf<T>(await app.dispatch(method, input, sessionId), method);
}

/** Opens with `open` before each test of the file (handing what it opened to `use`) and disposes of the app after. */
function openedPerTest<T>(open: () => Promise<T>, appOf: (opened: T) => TestApp, use: (opened: T) => void): void {
  let current: TestApp | null = null;
  beforeEach(async () => {
    const opened = await open();
    current = appOf(opened);
    use(opened);
  });
  afterEach(async () => {
    await current?.dispose();
  });
}

/** Opens a fresh test app before each test of the file (handing it to `use`) and disposes of it after. */
export function freshTestAppPerTest(use: (app: TestApp) => void): void {
  openedPerTest(() => openTestApp(), (app) => app, use);
}

/** Signs in through the public method and returns the real session id. */
export async function signIn(app: ClinicApp, username: string, password: string): Promise<string> {
  return (await dispatchOk<{ sessionId: string }>(app, 'auth.login', { username, password }, null)).sessionId;
}

export interface TestAdmin {
  sessionId: string;
  user: User;
  recoveryKey: string;
}

/** First-run set-up through dispatch (as the set-up screen does), then the administrator signs in. */
export async function setUpAdmin(app: ClinicApp): Promise<TestAdmin> {
  const { user, recoveryKey } = await dispatchOk<{ user: User; recoveryKey: string }>(app, 'setup.createFirstAdmin', TEST_ADMIN, null);
  return { sessionId: await signIn(app, TEST_ADMIN.username, TEST_ADMIN.password), user, recoveryKey };
}

export type TestClock = ReturnType<typeof fixedClock>;

export interface TestAppWithAdmin {
  clock: TestClock;
  app: TestApp;
  admin: TestAdmin;
}

/** A test app on its own fixed clock (at TEST_NOW, for the test to advance), set up with its first administrator, signed in. */
export async function openTestAppWithAdmin(): Promise<TestAppWithAdmin> {
  const clock = fixedClock(TEST_NOW);
  const app = await openTestApp({ clock });
  return { clock, app, admin: await setUpAdmin(app) };
}

/** Opens a test app with its administrator signed in before each test of the file (handing them to `use`) and disposes of it after. */
export function freshAdminAppPerTest(use: (opened: TestAppWithAdmin) => void): void {
  openedPerTest(openTestAppWithAdmin, (opened) => opened.app, use);
}

/** An administrator creates a user with this role; the user signs in. */
export async function addUser(
  app: ClinicApp,
  adminSessionId: string,
  role: Role,
  username: string = role.replaceAll('_', '.'),
): Promise<{ user: User; password: string; sessionId: string }> {
  const password = testPasswordFor(username);
  const user = await dispatchOk<User>(app, 'users.create', { username, displayName: `Test ${username}`, role, password }, adminSessionId);
  return { user, password, sessionId: await signIn(app, username, password) };
}

export interface AuditRowForTest {
  seq: number;
  action: string;
  userId: string | null;
  entityType: string | null;
  entityId: string | null;
  detail: string;
  flagged: number;
}

/** The audit log in order, for asserting what was recorded. */
export async function auditRows(app: ClinicApp): Promise<AuditRowForTest[]> {
  return app.database.db
    .selectFrom('auditLog')
    .select(['seq', 'action', 'userId', 'entityType', 'entityId', 'detail', 'flagged'])
    .orderBy('seq')
    .execute();
}

/** Every text column of every row of every table, for scanning for a secret that must not be stored. */
export function everyStoredText(app: ClinicApp): string {
  const sqlite = app.database.sqlite;
  const tables = sqlite.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).pluck().all() as string[];
  return tables.map((t) => JSON.stringify(sqlite.prepare(`SELECT * FROM "${t.replaceAll('"', '""')}"`).all())).join('\n');
}
