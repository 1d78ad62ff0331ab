/**
 * The body of the one IPC handler (`ipcMain.handle('rpc', …)`), free of 'electron' so it can be
 * tested in plain Node: refuse untrusted senders, shape-check, hand to the app's dispatch (which
 * resolves the session, runs the method and anchors the audit chain), never throw.
 */
import type { RpcResult } from '../../src-shared/rpc/errors';
import type { ClinicApp } from '../app';
import type { Logger } from '../log';
import { isTrustedIpcSender, parseRpcMessage, type IpcSenderInfo } from './policy';

export const FORBIDDEN_SENDER: RpcResult<never> = Object.freeze({
  ok: false,
  error: Object.freeze({ code: 'FORBIDDEN', message: 'This window may not call the clinic service' }),
});

export const INTERNAL_FAILURE: RpcResult<never> = Object.freeze({
  ok: false,
  error: Object.freeze({ code: 'INTERNAL', message: 'Something went wrong; nothing was saved' }),
});

export const BAD_SESSION_ID: RpcResult<never> = Object.freeze({
  ok: false,
  error: Object.freeze({ code: 'VALIDATION', message: 'The session id must be text' }),
});

/** Session ids are 64 hex digits; anything much longer is not one. */
const MAX_SESSION_ID_LENGTH = 200;

export interface RpcIpcDeps {
  dispatch: ClinicApp['dispatch'];
  logger: Logger;
}

export type RpcIpcHandler = (sender: IpcSenderInfo | null, method: unknown, input: unknown, sessionId?: unknown) => Promise<RpcResult<unknown>>;

export function createRpcIpcHandler(deps: RpcIpcDeps): RpcIpcHandler {
  return async (sender, method, input, sessionId) => {
    if (!isTrustedIpcSender(sender)) {
      // Only the scheme: a frame URL could carry anything.
      const scheme = sender ? (/^[a-z][a-z0-9+.-]*:/i.exec(sender.frameUrl)?.[0] ?? 'unknown') : 'none';
      deps.logger.warn('ipc.untrusted_sender', { scheme, isMainFrame: sender?.isMainFrame ?? null });
      return FORBIDDEN_SENDER;
    }
    const message = parseRpcMessage(method, input);
    if (!message.ok) return message;
    if (sessionId !== undefined && sessionId !== null && (typeof sessionId !== 'string' || sessionId.length > MAX_SESSION_ID_LENGTH)) {
      return BAD_SESSION_ID;
    }
    try {
      return await deps.dispatch(message.method, message.input, sessionId ?? null);
    } catch (error) {
      deps.logger.error('ipc.rpc_failed', { errorName: error instanceof Error ? error.name : typeof error });
      return INTERNAL_FAILURE;
    }
  };
}
