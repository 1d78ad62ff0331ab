/**
 * The one door from the screens to the main process. Two transports, one shape:
 * - Electron: the preload's `window.clinic` (IPC).
 * - Browser mode: `POST /rpc` and a server-sent-events stream at `GET /events`, both behind the
 *   per-launch token that arrives once in the address's fragment (`#token=…`).
 * Every call resolves to an RpcResult; nothing here rejects.
 */
import { create } from 'zustand';
import type { MethodInput, MethodName, MethodOutput } from '../../src-shared/rpc/contract';
import { ERROR_CODES, type RpcError, type RpcResult } from '../../src-shared/rpc/errors';
import { createSseParser } from './sse';

/** What the Electron preload exposes through contextBridge. */
export interface ClinicBridge {
  /** The third argument is the signed-in session's id (null before sign-in). */
  call(method: string, input: unknown, sessionId?: string | null): Promise<RpcResult<unknown>>;
  subscribe(listener: (cursor: number) => void): () => void;
}

declare global {
  interface Window {
    clinic?: ClinicBridge;
  }
}

type ChangeListener = (cursor: number) => void;

interface Transport {
  call(method: string, input: unknown, sessionId: string | null): Promise<RpcResult<unknown>>;
  subscribe(listener: ChangeListener): () => void;
}

export type ConnectionState =
  /** Calls are answered. */
  | 'online'
  /** The last call or the event stream could not reach the service. */
  | 'unreachable'
  /** The service refused this page's launch token (a restarted host, or an address opened without it). */
  | 'unauthorized';

export const useConnection = create<{ state: ConnectionState }>(() => ({ state: 'online' }));

function setConnection(state: ConnectionState): void {
  if (useConnection.getState().state !== state) useConnection.setState({ state });
}

// ---------------------------------------------------------------- The session

/**
 * The signed-in session's id. Kept in memory and in this tab's sessionStorage only: a reload of
 * the same tab stays signed in, but the id is never shared with other tabs or windows, never
 * written to disk the way localStorage is, and is gone when the tab or window closes — on a shared
 * front-desk PC closing the window signs the user out. (The server ends sessions after 12 hours or
 * a restart anyway.)
 */
export const SESSION_STORAGE_KEY = 'clinic.session';

let sessionId: string | null = readStoredSession();

function readStoredSession(): string | null {
  try {
    return sessionStorage.getItem(SESSION_STORAGE_KEY);
  } catch {
    return null;
  }
}

export function getSessionId(): string | null {
  return sessionId;
}

export function setSessionId(id: string | null): void {
  sessionId = id;
  try {
    if (id) sessionStorage.setItem(SESSION_STORAGE_KEY, id);
    else sessionStorage.removeItem(SESSION_STORAGE_KEY);
  } catch {
    // Storage refused: the id lives in memory for this page.
  }
}

/**
 * Told about every refusal that concerns the session (UNAUTHENTICATED from the router, not a
 * refused launch token): the session store decides whether it means "locked" or "ended".
 */
type AuthListener = (method: string, error: RpcError, sentSession: string | null) => void;
const authListeners = new Set<AuthListener>();

export function onAuthRefusal(listener: AuthListener): () => void {
  authListeners.add(listener);
  return () => authListeners.delete(listener);
}

/**
 * The host refuses a wrong launch token with 401 UNAUTHENTICATED, as the router refuses a missing
 * session: only the launch-token refusal means "open the printed address again".
 */
export function isLaunchTokenRefusal(status: number, body: unknown): boolean {
  if (status !== 401 || !isRpcResult(body) || body.ok) return false;
  const details = body.error.details as { launchToken?: unknown } | undefined;
  return details?.launchToken === true || /launch token/i.test(body.error.message);
}

/** Replies that were the host refusing the launch token (not the router refusing the session). */
const tokenRefusals = new WeakSet<object>();

export const UNREACHABLE_MESSAGE = 'Cannot reach the clinic service. Check that it is still running, then try again.';

const failure = (code: RpcError['code'], message: string): RpcResult<never> => ({ ok: false, error: { code, message } });

function isRpcResult(body: unknown): body is RpcResult<unknown> {
  if (typeof body !== 'object' || body === null) return false;
  const b = body as { ok?: unknown; value?: unknown; error?: unknown };
  if (b.ok === true) return 'value' in b;
  if (b.ok !== false || typeof b.error !== 'object' || b.error === null) return false;
  const e = b.error as { code?: unknown; message?: unknown };
  return typeof e.message === 'string' && (ERROR_CODES as readonly unknown[]).includes(e.code);
}

// ---------------------------------------------------------------- Electron

function electronTransport(bridge: ClinicBridge): Transport {
  return {
    async call(method, input, session) {
      try {
        const result = await bridge.call(method, input, session);
        return isRpcResult(result) ? result : failure('INTERNAL', 'The clinic service sent an unexpected reply');
      } catch {
        return failure('INTERNAL', UNREACHABLE_MESSAGE);
      }
    },
    subscribe: (listener) => bridge.subscribe(listener),
  };
}

// ---------------------------------------------------------------- Browser mode

export const TOKEN_STORAGE_KEY = 'clinic.token';
const TOKEN_IN_HASH = /^#token=([A-Za-z0-9_-]+)(?:[&/].*)?$/;

/** The token in an address of the form `…#token=<hex>`, or null. */
function tokenInHash(hash: string): string | null {
  return TOKEN_IN_HASH.exec(hash)?.[1] ?? null;
}

/**
 * Takes the launch token out of the address (`#token=…`) into sessionStorage, so it is neither
 * bookmarked nor shown, and survives reloads of this tab only. Must run before the router reads the hash.
 */
export function takeTokenFromLocation(): string | null {
  const fresh = tokenInHash(window.location.hash);
  if (fresh) {
    try {
      sessionStorage.setItem(TOKEN_STORAGE_KEY, fresh);
    } catch {
      // Storage refused: the token still lives in memory for this page.
    }
    window.history.replaceState(window.history.state, '', `${window.location.pathname}${window.location.search}#/`);
    return fresh;
  }
  try {
    return sessionStorage.getItem(TOKEN_STORAGE_KEY);
  } catch {
    return null;
  }
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = window.setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      window.clearTimeout(timer);
      resolve();
    }, { once: true });
  });

const MAX_BACKOFF_MS = 30_000;

/** 0.5 s, 1 s, 2 s … capped at 30 s, with jitter so many windows do not reconnect in step. */
export function backoffDelay(attempt: number): number {
  const base = Math.min(MAX_BACKOFF_MS, 500 * 2 ** Math.max(0, attempt - 1));
  return Math.round(base * (0.75 + Math.random() * 0.5));
}

function browserTransport(): Transport {
  let token = takeTokenFromLocation();
  const headers = (): Record<string, string> => (token ? { authorization: `Bearer ${token}` } : {});
  const listeners = new Set<ChangeListener>();
  let stream: AbortController | null = null;

  // The printed address pasted into a tab that is already open (e.g. after the service restarted):
  // adopt the new token before the router sees the hash, and reconnect the event stream with it.
  window.addEventListener('hashchange', (event) => {
    if (!tokenInHash(window.location.hash)) return;
    event.stopImmediatePropagation();
    token = takeTokenFromLocation();
    setConnection('online');
    if (stream) {
      stream.abort();
      stream = new AbortController();
      void runStream(stream.signal);
    }
    window.dispatchEvent(new HashChangeEvent('hashchange'));
  });

  async function call(method: string, input: unknown, session: string | null): Promise<RpcResult<unknown>> {
    let response: Response;
    try {
      response = await fetch('/rpc', {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers(), ...(session ? { 'x-session': session } : {}) },
        body: JSON.stringify({ method, input: input ?? {} }),
        cache: 'no-store',
        credentials: 'omit',
      });
    } catch {
      setConnection('unreachable');
      return failure('INTERNAL', UNREACHABLE_MESSAGE);
    }
    let text: string;
    try {
      text = await response.text();
    } catch {
      setConnection('unreachable');
      return failure('INTERNAL', UNREACHABLE_MESSAGE);
    }
    let body: unknown = undefined;
    try {
      body = JSON.parse(text);
    } catch {
      // Not JSON: fall through.
    }
    // A 401 from the router (sign in, locked) says nothing about the launch token.
    setConnection(response.status === 401 && (!isRpcResult(body) || isLaunchTokenRefusal(401, body)) ? 'unauthorized' : 'online');
    if (isRpcResult(body)) {
      if (isLaunchTokenRefusal(response.status, body)) tokenRefusals.add(body);
      return body;
    }
    return failure('INTERNAL', `The clinic service sent an unexpected reply (HTTP ${response.status})`);
  }

  const notify = (cursor: number) => {
    for (const listener of [...listeners]) listener(cursor);
  };

  /** After every (re)connect, report the head: changes made while disconnected are then fetched. */
  async function announceHead(): Promise<void> {
    const head = await call('changes.since', {}, sessionId);
    if (head.ok) notify((head.value as MethodOutput<'changes.since'>).cursor);
  }

  async function runStream(signal: AbortSignal): Promise<void> {
    let attempt = 0;
    while (!signal.aborted) {
      try {
        const response = await fetch('/events', {
          headers: { accept: 'text/event-stream', ...headers() },
          cache: 'no-store',
          credentials: 'omit',
          signal,
        });
        if (response.ok && response.body) {
          setConnection('online');
          attempt = 0;
          void announceHead();
          const parser = createSseParser(({ event, data }) => {
            if (event !== 'change') return;
            try {
              const cursor = (JSON.parse(data) as { cursor?: unknown }).cursor;
              if (typeof cursor === 'number' && Number.isFinite(cursor)) notify(cursor);
            } catch {
              // A malformed event is skipped; the next one carries a newer cursor anyway.
            }
          });
          const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
          for (;;) {
            const { done, value } = await reader.read();
            if (done) break;
            parser.push(value);
          }
        } else {
          if (response.status === 401) setConnection('unauthorized');
          await response.body?.cancel().catch(() => undefined);
          // A refused token will not become right by retrying quickly.
          if (response.status === 401 || response.status === 403) attempt = Math.max(attempt, 20);
        }
      } catch {
        if (signal.aborted) return;
        setConnection('unreachable');
      }
      attempt += 1;
      await sleep(backoffDelay(attempt), signal);
    }
  }

  return {
    call,
    subscribe(listener) {
      listeners.add(listener);
      if (!stream) {
        stream = new AbortController();
        void runStream(stream.signal);
      }
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0 && stream) {
          stream.abort();
          stream = null;
        }
      };
    },
  };
}

// ---------------------------------------------------------------- The door

const transport: Transport = window.clinic ? electronTransport(window.clinic) : browserTransport();

/**
 * Which shell this page runs in: the same answer as `system.info`'s runtime, but known before
 * anyone signs in (`system.info` needs a session; the first-run screens need this).
 */
export const runtime: MethodOutput<'system.info'>['runtime'] = window.clinic ? 'electron' : 'browser';

export async function call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<RpcResult<MethodOutput<M>>> {
  const sent = sessionId;
  const result = await transport.call(method, input, sent);
  if (!result.ok && result.error.code === 'UNAUTHENTICATED' && !tokenRefusals.has(result)) {
    for (const listener of [...authListeners]) listener(method, result.error, sent);
  }
  return result as RpcResult<MethodOutput<M>>;
}

/** Calls `listener` with the change-feed head after any write, in this window or another. */
export function subscribe(listener: ChangeListener): () => void {
  return transport.subscribe(listener);
}
