import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BAD_SESSION_ID, createRpcIpcHandler, FORBIDDEN_SENDER, INTERNAL_FAILURE, type RpcIpcHandler } from '../../../src-main/electron/ipc';
import { createMemoryLogger } from '../../../src-main/log';
import { openTestApp, setUpAdmin, validPatient, type TestApp } from '../../support/test-app';

const APP_FRAME = { frameUrl: 'app://app/#/patients', isMainFrame: true };

describe('the rpc IPC handler', () => {
  let app: TestApp;
  let handle: RpcIpcHandler;
  let logger: ReturnType<typeof createMemoryLogger>;
  let sessionId: string;

  beforeEach(async () => {
    app = await openTestApp();
    logger = createMemoryLogger();
    handle = createRpcIpcHandler({ dispatch: app.dispatch, logger });
    sessionId = (await setUpAdmin(app)).sessionId;
  });

  afterEach(async () => {
    await app.dispose();
  });

  it("passes the app frame's calls, with their session, to the app's dispatch", async () => {
    const created = await handle(APP_FRAME, 'patients.create', validPatient, sessionId);
    expect(created).toMatchObject({ ok: true, value: { givenName: 'Maria' } });
    const found = await handle(APP_FRAME, 'patients.search', { query: 'lop mar' }, sessionId);
    expect(found).toMatchObject({ ok: true, value: { items: [{ familyName: 'Lopez' }] } });
  });

  it('treats a call without a session as signed out (public methods only)', async () => {
    expect(await handle(APP_FRAME, 'patients.search', { query: 'lop' })).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    expect(await handle(APP_FRAME, 'patients.search', { query: 'lop' }, null)).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    expect(await handle(APP_FRAME, 'setup.status', {}, null)).toMatchObject({ ok: true, value: { needsSetup: false } });
    expect(await handle(APP_FRAME, 'patients.search', { query: 'lop' }, 'f'.repeat(64))).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
  });

  it('refuses a session id that is not text', async () => {
    expect(await handle(APP_FRAME, 'patients.search', { query: 'lop' }, 42)).toEqual(BAD_SESSION_ID);
    expect(await handle(APP_FRAME, 'patients.search', { query: 'lop' }, { id: sessionId })).toEqual(BAD_SESSION_ID);
    expect(await handle(APP_FRAME, 'patients.search', { query: 'lop' }, 'x'.repeat(500))).toEqual(BAD_SESSION_ID);
  });

  it('refuses other frames and origins without touching the database', async () => {
    for (const sender of [
      null,
      { frameUrl: 'app://app/', isMainFrame: false },
      { frameUrl: 'https://example.com/', isMainFrame: true },
      { frameUrl: 'file:///tmp/x.html', isMainFrame: true },
    ]) {
      expect(await handle(sender, 'patients.create', validPatient, sessionId)).toEqual(FORBIDDEN_SENDER);
    }
    expect(await handle(APP_FRAME, 'patients.search', { query: 'Lopez' }, sessionId)).toMatchObject({ ok: true, value: { items: [] } });
    // Logged without the frame's URL (only its scheme).
    expect(logger.lines.join('')).not.toContain('example.com');
  });

  it('returns router errors as they are (code, message, fields)', async () => {
    const result = await handle(APP_FRAME, 'patients.create', { ...validPatient, dateOfBirth: 'yesterday' }, sessionId);
    expect(result).toMatchObject({ ok: false, error: { code: 'VALIDATION', fields: { dateOfBirth: expect.any(String) } } });
    expect(await handle(APP_FRAME, 'nope.nothing', {}, sessionId)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('refuses malformed messages before the router', async () => {
    expect(await handle(APP_FRAME, { toString: () => 'patients.create' }, validPatient, sessionId)).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(await handle(APP_FRAME, 'patients.create', [validPatient], sessionId)).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  });
});

describe('when dispatch throws', () => {
  it('answers INTERNAL with code and message only, and logs no data', async () => {
    const logger = createMemoryLogger();
    const dispatch = vi.fn(() => Promise.reject(new Error('disk I/O error while saving Maria Lopez')));
    const result = await createRpcIpcHandler({ dispatch, logger })(APP_FRAME, 'patients.create', validPatient, 'abc');
    expect(dispatch).toHaveBeenCalledWith('patients.create', validPatient, 'abc');
    expect(result).toEqual(INTERNAL_FAILURE);
    expect(Object.keys((result as { error: object }).error).sort()).toEqual(['code', 'message']);
    expect(logger.lines.join('')).not.toContain('Maria');
  });
});
