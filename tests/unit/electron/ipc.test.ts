import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRpcIpcHandler, FORBIDDEN_SENDER, INTERNAL_FAILURE, type RpcIpcHandler } from '../../../src-main/electron/ipc';
import { createMemoryLogger } from '../../../src-main/log';
import type { Router } from '../../../src-main/rpc/router';
import { openTestApp, validPatient, type TestApp } from '../../support/test-app';

const APP_FRAME = { frameUrl: 'app://app/#/patients', isMainFrame: true };

describe('the rpc IPC handler', () => {
  let app: TestApp;
  let handle: RpcIpcHandler;
  let logger: ReturnType<typeof createMemoryLogger>;

  beforeEach(async () => {
    app = await openTestApp();
    logger = createMemoryLogger();
    handle = createRpcIpcHandler({ router: app.router, logger });
  });

  afterEach(async () => {
    await app.dispose();
  });

  it("passes the app frame's calls to the router", async () => {
    const created = await handle(APP_FRAME, 'patients.create', validPatient);
    expect(created).toMatchObject({ ok: true, value: { givenName: 'Maria' } });
    const found = await handle(APP_FRAME, 'patients.search', { query: 'lop mar' });
    expect(found).toMatchObject({ ok: true, value: { items: [{ familyName: 'Lopez' }] } });
  });

  it('refuses other frames and origins without touching the database', async () => {
    for (const sender of [
      null,
      { frameUrl: 'app://app/', isMainFrame: false },
      { frameUrl: 'https://example.com/', isMainFrame: true },
      { frameUrl: 'file:///tmp/x.html', isMainFrame: true },
    ]) {
      expect(await handle(sender, 'patients.create', validPatient)).toEqual(FORBIDDEN_SENDER);
    }
    expect(await handle(APP_FRAME, 'patients.search', { query: 'Lopez' })).toMatchObject({ ok: true, value: { items: [] } });
    // Logged without the frame's URL (only its scheme).
    expect(logger.lines.join('')).not.toContain('example.com');
  });

  it('returns router errors as they are (code, message, fields)', async () => {
    const result = await handle(APP_FRAME, 'patients.create', { ...validPatient, dateOfBirth: 'yesterday' });
    expect(result).toMatchObject({ ok: false, error: { code: 'VALIDATION', fields: { dateOfBirth: expect.any(String) } } });
    expect(await handle(APP_FRAME, 'nope.nothing', {})).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('refuses malformed messages before the router', async () => {
    expect(await handle(APP_FRAME, { toString: () => 'patients.create' }, validPatient)).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(await handle(APP_FRAME, 'patients.create', [validPatient])).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  });
});

describe('when the router throws', () => {
  it('answers INTERNAL with code and message only, and logs no data', async () => {
    const logger = createMemoryLogger();
    const router: Router = {
      call: () => Promise.reject(new Error('disk I/O error while saving Maria Lopez')),
    };
    const result = await createRpcIpcHandler({ router, logger })(APP_FRAME, 'patients.create', validPatient);
    expect(result).toEqual(INTERNAL_FAILURE);
    expect(Object.keys((result as { error: object }).error).sort()).toEqual(['code', 'message']);
    expect(logger.lines.join('')).not.toContain('Maria');
  });
});
