import type { Kysely } from 'kysely';
import type { z } from 'zod';
import {
  contract,
  isMethodName,
  type MethodName,
  type MethodOutput,
  type ParsedInput,
} from '../../src-shared/rpc/contract';
import { grantableByBreakGlass } from '../../src-shared/auth/permissions';
import { AppError, type RpcError, type RpcResult } from '../../src-shared/rpc/errors';
import type { Clock } from '../clock';
import type { Database } from '../db/schema';
import type { Logger } from '../log';
import type { CaptureState } from '../sync/capture';
import { ClockDriftError } from '../sync/hlc';
import type { AppServices } from '../services';
import { AuditedRefusal } from './audited-refusal';
import { ANONYMOUS, isSignedIn, type Session } from './session';

export interface HandlerContext {
  /** Inside a write method this is the transaction. */
  db: Kysely<Database>;
  clock: Clock;
  session: Session;
  services: AppServices;
}

export type Handler<M extends MethodName> = (input: ParsedInput<M>, ctx: HandlerContext) => Promise<MethodOutput<M>>;
export type Handlers = { [M in MethodName]: Handler<M> };

export interface RouterDeps {
  db: Kysely<Database>;
  capture: CaptureState;
  clock: Clock;
  handlers: Handlers;
  logger: Logger;
  services: AppServices;
  /** Called after a write method's transaction has committed. */
  onCommit?: () => void;
}

export interface Router {
  call(method: unknown, input: unknown, session: Session | null): Promise<RpcResult<unknown>>;
}

const fail = (error: RpcError): RpcResult<never> => ({ ok: false, error });

export function validationError(error: z.ZodError): RpcError {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.map(String).join('.') || '_';
    fields[key] ??= issue.message;
  }
  const names = Object.keys(fields).filter((k) => k !== '_');
  const message = names.length > 0 ? `Please check: ${names.join(', ')}` : (fields._ ?? 'The request is not valid');
  return { code: 'VALIDATION', message, fields };
}

/** A handler returned something its contract's output schema refuses (a bug, never the caller's fault). */
class OutputInvalidError extends Error {
  constructor(readonly paths: string) {
    super('Handler output does not match the contract');
    this.name = 'OutputInvalidError';
  }
}

function checkOutput(method: MethodName, value: unknown): unknown {
  const output = contract[method].output.safeParse(value);
  if (!output.success) throw new OutputInvalidError(output.error.issues.map((i) => i.path.join('.')).join(' '));
  return output.data;
}

function describeForLog(error: unknown): Record<string, string> {
  if (!(error instanceof Error)) return { errorType: typeof error };
  const code = (error as { code?: unknown }).code;
  return { errorName: error.name, ...(typeof code === 'string' ? { errorCode: code } : {}) };
}

export function createRouter(deps: RouterDeps): Router {
  const { db, capture, clock, handlers, logger, services } = deps;

  async function run<M extends MethodName>(method: M, input: ParsedInput<M>, session: Session): Promise<unknown> {
    const handler = handlers[method] as Handler<M>;
    // Self-managed handlers open their own transactions and write no synced table.
    if (contract[method].kind !== 'write') return checkOutput(method, await handler(input, { db, clock, session, services }));
    // The output is checked inside the transaction, so a write whose result is refused is rolled back.
    const value = await db.transaction().execute(async (trx) => {
      capture.authorId = session.userId;
      try {
        return checkOutput(method, await handler(input, { db: trx, clock, session, services }));
      } finally {
        capture.authorId = null;
      }
    });
    deps.onCommit?.();
    return value;
  }

  /** Null when the session may call the method, else why not. */
  async function refusal(method: MethodName, session: Session | null): Promise<RpcError | null> {
    const spec = contract[method];
    if (spec.permission === 'public') return null;
    if (!session || !isSignedIn(session)) return { code: 'UNAUTHENTICATED', message: 'Please sign in' };
    if (session.locked && !spec.allowWhenLocked) {
      return { code: 'UNAUTHENTICATED', message: 'The screen is locked: unlock it to go on', details: { locked: true } };
    }
    if (spec.permission === 'signed-in' || session.permissions.has(spec.permission)) return null;
    logger.warn('rpc.forbidden', { method });
    await db.transaction().execute((trx) =>
      services.audit.record(trx, { action: 'auth.refused', userId: session.userId, detail: { method, permission: spec.permission }, flagged: true }),
    );
    return {
      code: 'FORBIDDEN',
      message: 'You do not have permission to do this',
      ...(grantableByBreakGlass(spec.permission) ? { details: { breakGlass: { permission: spec.permission } } } : {}),
    };
  }

  return {
    async call(method, rawInput, session) {
      if (!isMethodName(method)) {
        return fail({ code: 'NOT_FOUND', message: `Unknown method: ${String(method).slice(0, 80)}` });
      }
      const spec = contract[method];
      const refused = await refusal(method, session);
      if (refused) return fail(refused);
      const parsed = spec.input.safeParse(rawInput ?? {});
      if (!parsed.success) return fail(validationError(parsed.error));
      try {
        const value = await run(method, parsed.data as ParsedInput<typeof method>, session ?? ANONYMOUS);
        return { ok: true, value };
      } catch (error) {
        if (error instanceof OutputInvalidError) {
          logger.error('rpc.output_invalid', { method, paths: error.paths });
          return fail({ code: 'INTERNAL', message: 'Something went wrong; nothing was saved' });
        }
        if (error instanceof AuditedRefusal) {
          await db.transaction().execute((trx) => services.audit.record(trx, error.auditEntry));
        }
        if (error instanceof AppError) {
          return fail({
            code: error.code,
            message: error.message,
            ...(error.fields ? { fields: error.fields } : {}),
            ...(error.details !== undefined ? { details: error.details } : {}),
          });
        }
        if (error instanceof ClockDriftError) return fail({ code: 'CONFLICT', message: error.message });
        logger.error('rpc.internal', { method, ...describeForLog(error) });
        return fail({ code: 'INTERNAL', message: 'Something went wrong; nothing was saved' });
      }
    },
  };
}
