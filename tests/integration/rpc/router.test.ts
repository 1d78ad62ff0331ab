import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { PERMISSIONS, type Permission } from '../../../src-shared/auth/permissions';
import type { RpcResult } from '../../../src-shared/rpc/errors';
import { AppError } from '../../../src-shared/rpc/errors';
import { allHandlers } from '../../../src-main/app';
import { fixedClock } from '../../../src-main/clock';
import { createPatient } from '../../../src-main/domain/patients/service';
import { createMemoryLogger } from '../../../src-main/log';
import { createRouter, type Handlers, type Router } from '../../../src-main/rpc/router';
import { workstationSession, type Session } from '../../../src-main/rpc/session';
import { ClockDriftError } from '../../../src-main/sync/hlc';
import { TEST_NOW, openTestApp, validPatient, type TestApp } from '../../support/test-app';

let app: TestApp;
let logger: ReturnType<typeof createMemoryLogger>;
let onCommit: ReturnType<typeof vi.fn<() => void>>;

const realHandlers = (): Handlers => allHandlers({ appVersion: '0.0.0-test', workstationCode: 'K7M', runtime: 'browser' });

function routerWith(overrides: Partial<Handlers> = {}): Router {
  return createRouter({
    db: app.database.db,
    capture: app.database.capture,
    clock: fixedClock(TEST_NOW),
    logger,
    handlers: { ...realHandlers(), ...overrides },
    services: app.services,
    onCommit,
  });
}

function sessionWith(permissions: Permission[], userId: string | null = 'user-1'): Session {
  return { ...workstationSession(), userId, permissions: new Set(permissions) };
}

function counts(): { patients: number; ops: number } {
  const one = (sql: string) => app.database.sqlite.prepare(sql).pluck().get() as number;
  return { patients: one('SELECT count(*) FROM patients'), ops: one('SELECT count(*) FROM sync_ops') };
}

function errorOf(result: RpcResult<unknown>) {
  if (result.ok) throw new Error('expected the call to fail');
  return result.error;
}

const allLogs = () => logger.lines.join('\n');

beforeEach(async () => {
  app = await openTestApp();
  logger = createMemoryLogger();
  onCommit = vi.fn<() => void>();
});

afterEach(async () => {
  await app.dispose();
});

describe('method names', () => {
  it.each([['patients.nope'], [''], [42], [null], [undefined], [{}], ['__proto__'], ['toString'], ['constructor'], ['x'.repeat(10_000)]])(
    'answers NOT_FOUND for the unknown method %j',
    async (method) => {
      const result = await routerWith().call(method, {}, workstationSession());
      const error = errorOf(result);
      expect(error.code).toBe('NOT_FOUND');
      expect(error.message.length).toBeLessThan(200);
    },
  );
});

describe('sessions and permissions', () => {
  it('answers UNAUTHENTICATED without a session and writes nothing', async () => {
    const before = counts();
    const router = routerWith();
    expect(errorOf(await router.call('patients.create', validPatient, null)).code).toBe('UNAUTHENTICATED');
    expect(errorOf(await router.call('patients.search', { query: 'a' }, null)).code).toBe('UNAUTHENTICATED');
    expect(counts()).toEqual(before);
    expect(onCommit).not.toHaveBeenCalled();
  });

  it('answers FORBIDDEN when the session lacks the permission, logs it, and writes nothing', async () => {
    const before = counts();
    const router = routerWith();
    const readOnly = sessionWith(PERMISSIONS.filter((p) => p !== 'patients.write'));
    const error = errorOf(await router.call('patients.create', validPatient, readOnly));
    expect(error.code).toBe('FORBIDDEN');
    expect(counts()).toEqual(before);
    expect(onCommit).not.toHaveBeenCalled();
    const lines = logger.lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toEqual([expect.objectContaining({ level: 'warn', event: 'rpc.forbidden', method: 'patients.create' })]);
    expect(allLogs()).not.toContain(validPatient.familyName);

    expect((await router.call('patients.search', { query: 'lopez' }, readOnly)).ok).toBe(true);
    expect(errorOf(await router.call('patients.search', { query: 'lopez' }, sessionWith([]))).code).toBe('FORBIDDEN');
  });
});

describe('input validation', () => {
  it('answers VALIDATION naming each bad field, and writes nothing', async () => {
    const before = counts();
    const result = await routerWith().call(
      'patients.create',
      { givenName: '', familyName: 'Lopez', dateOfBirth: '2023-02-29', sex: 'robot', phone: '12', email: 'nope' },
      workstationSession(),
    );
    const error = errorOf(result);
    expect(error.code).toBe('VALIDATION');
    expect(Object.keys(error.fields ?? {}).sort()).toEqual(['dateOfBirth', 'email', 'givenName', 'phone', 'sex']);
    for (const message of Object.values(error.fields ?? {})) expect(message.length).toBeGreaterThan(0);
    expect(error.message).toContain('givenName');
    expect(counts()).toEqual(before);
    expect(onCommit).not.toHaveBeenCalled();
  });

  it('answers VALIDATION for a missing or non-object input', async () => {
    const router = routerWith();
    for (const input of [undefined, null, 'text', 42, []]) {
      const error = errorOf(await router.call('patients.create', input, workstationSession()));
      expect(error.code, JSON.stringify(input)).toBe('VALIDATION');
    }
    const missing = errorOf(await router.call('patients.create', {}, workstationSession()));
    expect(Object.keys(missing.fields ?? {}).sort()).toEqual(['dateOfBirth', 'familyName', 'givenName']);
  });

  it('does not echo the values it refused', async () => {
    const error = errorOf(
      await routerWith().call('patients.create', { ...validPatient, dateOfBirth: '1985-02-30', email: 'secret-address' }, workstationSession()),
    );
    expect(JSON.stringify(error)).not.toContain('1985-02-30');
    expect(JSON.stringify(error)).not.toContain('secret-address');
  });
});

describe('handler failures', () => {
  it('turns a plain Error after a write into INTERNAL, rolls the write back and logs no patient data', async () => {
    const before = counts();
    const router = routerWith({
      'patients.create': async (input, ctx) => {
        await createPatient(ctx.db, ctx.clock, input);
        throw new Error(`cannot finish ${input.givenName} ${input.familyName} born ${input.dateOfBirth}`);
      },
    });
    const error = errorOf(await router.call('patients.create', validPatient, workstationSession()));
    expect(error.code).toBe('INTERNAL');
    expect(counts()).toEqual(before);
    expect(app.database.sqlite.prepare('SELECT mrn_counter FROM workstation').pluck().get()).toBe(0);
    expect(onCommit).not.toHaveBeenCalled();

    const text = JSON.stringify(error);
    for (const secret of [validPatient.givenName, validPatient.familyName, validPatient.dateOfBirth, 'cannot finish', ' at ', '.ts:']) {
      expect(text).not.toContain(secret);
    }
    expect(error.fields).toBeUndefined();
    expect(error.details).toBeUndefined();

    expect(logger.lines).toHaveLength(1);
    expect(JSON.parse(logger.lines[0]!)).toMatchObject({ level: 'error', event: 'rpc.internal', method: 'patients.create', errorName: 'Error' });
    for (const secret of [validPatient.givenName, validPatient.familyName, validPatient.dateOfBirth, validPatient.email, 'cannot finish']) {
      expect(allLogs()).not.toContain(secret);
    }
  });

  it('rolls back an AppError thrown after a write too', async () => {
    const before = counts();
    const router = routerWith({
      'patients.create': async (input, ctx) => {
        await createPatient(ctx.db, ctx.clock, input);
        throw new AppError('CONFLICT', 'Someone else changed this first');
      },
    });
    expect(errorOf(await router.call('patients.create', validPatient, workstationSession())).code).toBe('CONFLICT');
    expect(counts()).toEqual(before);
    expect(onCommit).not.toHaveBeenCalled();
  });

  it('passes an AppError through with its code, message, fields and details, and does not log it', async () => {
    const details = { candidates: [{ id: uuidv7(), familyName: 'Lopez' }] };
    const router = routerWith({
      'patients.search': async () => {
        throw new AppError('CONFLICT', 'Possible duplicate', { fields: { familyName: 'Looks like an existing patient' }, details });
      },
      'patients.get': async () => {
        throw new AppError('NOT_FOUND', 'No such thing');
      },
    });
    expect(await router.call('patients.search', { query: 'x' }, workstationSession())).toEqual({
      ok: false,
      error: { code: 'CONFLICT', message: 'Possible duplicate', fields: { familyName: 'Looks like an existing patient' }, details },
    });
    expect(await router.call('patients.get', { id: uuidv7() }, workstationSession())).toEqual({
      ok: false,
      error: { code: 'NOT_FOUND', message: 'No such thing' },
    });
    expect(logger.lines).toEqual([]);
  });

  it('turns a non-Error throw into INTERNAL', async () => {
    const router = routerWith({
      'patients.search': async () => {
        throw 'a string with Lopez in it';
      },
    });
    const error = errorOf(await router.call('patients.search', { query: 'x' }, workstationSession()));
    expect(error.code).toBe('INTERNAL');
    expect(allLogs()).not.toContain('Lopez');
  });

  it('answers CONFLICT when the clock refuses to move too far ahead', async () => {
    const router = routerWith({
      'patients.search': async () => {
        throw new ClockDriftError(3_600_000);
      },
    });
    const error = errorOf(await router.call('patients.search', { query: 'x' }, workstationSession()));
    expect(error.code).toBe('CONFLICT');
    expect(error.message).toMatch(/date and time/);
  });

  it('answers INTERNAL when a read returns something its output schema refuses', async () => {
    const router = routerWith({
      'patients.get': async () => ({ id: 'x', givenName: 'Maria' }) as never,
    });
    const error = errorOf(await router.call('patients.get', { id: uuidv7() }, workstationSession()));
    expect(error.code).toBe('INTERNAL');
    expect(JSON.stringify(error)).not.toContain('Maria');
    expect(JSON.parse(logger.lines[0]!)).toMatchObject({ level: 'error', event: 'rpc.output_invalid', method: 'patients.get' });
    expect(allLogs()).not.toContain('Maria');
  });

  it('answers INTERNAL and saves nothing when a write returns something its output schema refuses', async () => {
    const before = counts();
    const router = routerWith({
      'patients.create': async (input, ctx) => {
        const patient = await createPatient(ctx.db, ctx.clock, input);
        return { ...patient, sex: 'robot' } as never;
      },
    });
    const error = errorOf(await router.call('patients.create', validPatient, workstationSession()));
    expect(error.code).toBe('INTERNAL');
    expect(error.message).toMatch(/nothing was saved/);
    expect(counts()).toEqual(before);
    expect(onCommit).not.toHaveBeenCalled();
    expect(allLogs()).not.toContain(validPatient.familyName);
  });
});

describe('writes', () => {
  it('calls onCommit once after a committed write, never after a read or a failure', async () => {
    const router = routerWith();
    const session = workstationSession();
    const created = await router.call('patients.create', validPatient, session);
    expect(created.ok).toBe(true);
    expect(onCommit).toHaveBeenCalledTimes(1);
    const id = created.ok ? (created.value as { id: string }).id : '';

    await router.call('patients.get', { id }, session);
    await router.call('patients.search', { query: 'lopez' }, session);
    await router.call('changes.since', {}, session);
    await router.call('system.info', {}, session);
    await router.call('patients.create', { ...validPatient, givenName: '' }, session);
    await router.call('patients.update', { id: uuidv7(), givenName: 'Ana' }, session);
    expect(onCommit).toHaveBeenCalledTimes(1);

    expect((await router.call('patients.update', { id, givenName: 'Ana' }, session)).ok).toBe(true);
    expect(onCommit).toHaveBeenCalledTimes(2);
  });

  it('sees the committed write when onCommit runs', async () => {
    let seen = -1;
    const router = createRouter({
      db: app.database.db,
      capture: app.database.capture,
      clock: fixedClock(TEST_NOW),
      logger,
      handlers: realHandlers(),
      services: app.services,
      onCommit: () => {
        seen = app.database.sqlite.prepare('SELECT count(*) FROM patients').pluck().get() as number;
      },
    });
    await router.call('patients.create', validPatient, workstationSession());
    expect(seen).toBe(1);
  });

  it('records the session user as the author of the ops and clears it afterwards', async () => {
    const router = routerWith();
    await router.call('patients.create', validPatient, sessionWith([...PERMISSIONS], 'user-42'));
    const authors = app.database.sqlite.prepare('SELECT DISTINCT author_id FROM sync_ops').pluck().all();
    expect(authors).toEqual(['user-42']);
    expect(app.database.capture.authorId).toBeNull();
  });

  it('gives a handler the validated, normalized input', async () => {
    const seen: unknown[] = [];
    const router = routerWith({
      'patients.create': async (input, ctx) => {
        seen.push(input);
        return createPatient(ctx.db, ctx.clock, input);
      },
    });
    await router.call('patients.create', { ...validPatient, givenName: '  Maria  ', unexpected: 'dropped' }, workstationSession());
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ ...validPatient, phone: '+16175550142' });
    expect(seen[0]).not.toHaveProperty('unexpected');
  });
});
