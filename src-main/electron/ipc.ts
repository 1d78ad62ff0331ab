/**
 * The body of the one IPC handler (`ipcMain.handle('rpc', …)`), free of 'electron' so it can be
 * tested in plain Node: refuse untrusted senders, shape-check, hand to the router, never throw.
 */
import type { RpcResult } from '../../src-shared/rpc/errors';
import type { Logger } from '../log';
import type { Router } from '../rpc/router';
import { workstationSession, type Session } from '../rpc/session';
import { isTrustedIpcSender, parseRpcMessage, type IpcSenderInfo } from './policy';

export const FORBIDDEN_SENDER: RpcResult<never> = Object.freeze({
  ok: false,
  error: Object.freeze({ code: 'FORBIDDEN', message: 'This window may not call the clinic service' }),
});

export const INTERNAL_FAILURE: RpcResult<never> = Object.freeze({
  ok: false,
  error: Object.freeze({ code: 'INTERNAL', message: 'Something went wrong; nothing was saved' }),
});

export interface RpcIpcDeps {
  router: Router;
  logger: Logger;
  /** Who the caller acts as; until sign-in exists, the workstation itself. */
  session?: () => Session;
}

export type RpcIpcHandler = (sender: IpcSenderInfo | null, method: unknown, input: unknown) => Promise<RpcResult<unknown>>;

export function createRpcIpcHandler(deps: RpcIpcDeps): RpcIpcHandler {
  const session = deps.session ?? workstationSession;
  return async (sender, method, input) => {
    if (!isTrustedIpcSender(sender)) {
      // Only the scheme: a frame URL could carry anything.
      const scheme = sender ? (/^[a-z][a-z0-9+.-]*:/i.exec(sender.frameUrl)?.[0] ?? 'unknown') : 'none';
      deps.logger.warn('ipc.untrusted_sender', { scheme, isMainFrame: sender?.isMainFrame ?? null });
      return FORBIDDEN_SENDER;
    }
    const message = parseRpcMessage(method, input);
    if (!message.ok) return message;
    try {
      return await deps.router.call(message.method, message.input, session());
    } catch (error) {
      deps.logger.error('ipc.rpc_failed', { errorName: error instanceof Error ? error.name : typeof error });
      return INTERNAL_FAILURE;
    }
  };
}
