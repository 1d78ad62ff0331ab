/**
 * Who is signed in, and whether the screen is locked. One store for the window: the shell shows
 * the first-run set-up, the sign-in screen, or the signed-in screens with a lock overlay on top.
 *
 * The lock overlay covers the screens without unmounting them, so a half-filled form keeps its
 * input while the same user unlocks. Another user signing in instead bumps `epoch`, which remounts
 * the signed-in screens empty: the earlier user's unsaved input is gone.
 */
import { create } from 'zustand';
import type { Permission } from '../../src-shared/auth/permissions';
import type { SessionInfo, User } from '../../src-shared/auth/schema';
import type { RpcError, RpcResult } from '../../src-shared/rpc/errors';
import { resyncChangeFeed } from './change-feed';
import { navigateNow } from './navigation';
import { call, getSessionId, onAuthRefusal, setSessionId } from './rpc';

export type Phase = 'starting' | 'setup' | 'signed-out' | 'signed-in';

/**
 * Why the screen is locked: idle too long, the user pressed Lock, the service said so, or the
 * session ended (signed out elsewhere, the service restarted, 12 hours passed): then unlocking
 * means signing in again as the same user.
 */
export type LockReason = 'idle' | 'manual' | 'service' | 'expired';

export interface SessionState {
  phase: Phase;
  info: SessionInfo | null;
  /** From setup.status, for the screens shown before sign-in. */
  clinicName: string | null;
  lock: LockReason | null;
  /** Bumped whenever the signed-in screens must start afresh (sign-out, another user). */
  epoch: number;
  /** Why start-up could not find out the clinic's state (service unreachable…). */
  bootError: string | null;
  /** Shown once on the sign-in screen (e.g. "You signed out"). */
  notice: string | null;
}

export const useSession = create<SessionState>(() => ({
  phase: 'starting',
  info: null,
  clinicName: null,
  lock: null,
  epoch: 0,
  bootError: null,
  notice: null,
}));

/** The signed-in user's permissions (role plus any granted by break-glass this session). */
export function useCan(permission: Permission): boolean {
  return useSession((s) => s.info?.permissions.includes(permission) ?? false);
}

export function useCanAny(permissions: readonly Permission[]): boolean {
  return useSession((s) => permissions.some((p) => s.info?.permissions.includes(p) ?? false));
}

export const isLocked = (): boolean => useSession.getState().lock !== null;

// ---------------------------------------------------------------- Start-up

let booting: Promise<void> | null = null;

/** Finds out whether the clinic needs set-up, and whether this tab's stored session is still alive. */
export function boot(): Promise<void> {
  booting ??= (async () => {
    try {
      const status = await call('setup.status', {});
      if (!status.ok) {
        useSession.setState({ bootError: status.error.message });
        return;
      }
      useSession.setState({ clinicName: status.value.clinicName, bootError: null });
      if (status.value.needsSetup) {
        setSessionId(null);
        useSession.setState({ phase: 'setup' });
        return;
      }
      if (getSessionId()) {
        const info = await call('auth.session', {});
        if (info.ok) {
          enterSignedIn(info.value, { fresh: true });
          return;
        }
        setSessionId(null);
      }
      useSession.setState({ phase: 'signed-out' });
    } finally {
      booting = null;
    }
  })();
  return booting;
}

function enterSignedIn(info: SessionInfo, { fresh }: { fresh: boolean }): void {
  useSession.setState((s) => ({
    phase: 'signed-in',
    info,
    clinicName: info.clinicName ?? s.clinicName,
    lock: info.locked ? 'service' : null,
    epoch: fresh ? s.epoch + 1 : s.epoch,
    notice: null,
  }));
  resyncChangeFeed();
}

// ---------------------------------------------------------------- Sign-in and sign-out

/** Signs in; on success the signed-in screens start afresh. */
export async function signIn(username: string, password: string): Promise<RpcResult<User>> {
  const login = await call('auth.login', { username, password });
  if (!login.ok) return login;
  setSessionId(login.value.sessionId);
  const info = await call('auth.session', {});
  if (!info.ok) {
    setSessionId(null);
    return info;
  }
  enterSignedIn(info.value, { fresh: true });
  return { ok: true, value: login.value.user };
}

/**
 * Ends the session (allowed while locked) and shows the sign-in screen. Whatever the screens held
 * is discarded: callers ask first when something unsaved would be lost.
 */
export async function signOut(notice: string | null = null): Promise<void> {
  if (getSessionId()) await call('auth.logout', {});
  setSessionId(null);
  useSession.setState((s) => ({ phase: 'signed-out', info: null, lock: null, epoch: s.epoch + 1, notice }));
  // The next user starts at the beginning, not at the earlier user's chart.
  navigateNow('/', { replace: true });
}

// ---------------------------------------------------------------- Locking

/** Locks the screen over whatever is open; idle and manual locks also lock the session in the service. */
export function lockScreen(reason: Exclude<LockReason, 'expired'>): void {
  const state = useSession.getState();
  if (state.phase !== 'signed-in' || state.lock !== null) return;
  useSession.setState({ lock: reason });
  if (reason !== 'service') void call('auth.lock', {});
}

/** The same user unlocks with the password; anything else than a wrong password means the session is gone. */
export async function unlock(password: string): Promise<RpcResult<SessionInfo>> {
  const state = useSession.getState();
  if (state.lock === 'expired') return reauthenticate(password);
  const result = await call('auth.unlock', { password });
  if (result.ok) {
    useSession.setState({ info: result.value, lock: null });
    resyncChangeFeed();
  } else if (!result.error.fields?.password) {
    useSession.setState({ lock: 'expired' });
  }
  return result;
}

/** After the session ended: the same user signs in again and goes on where they were. */
async function reauthenticate(password: string): Promise<RpcResult<SessionInfo>> {
  const user = useSession.getState().info?.user;
  if (!user) return { ok: false, error: { code: 'UNAUTHENTICATED', message: 'Please sign in' } };
  const login = await call('auth.login', { username: user.username, password });
  if (!login.ok) return login;
  if (login.value.user.id !== user.id) {
    return { ok: false, error: { code: 'UNAUTHENTICATED', message: 'That is a different user: use "Sign in as someone else"' } };
  }
  setSessionId(login.value.sessionId);
  const info = await call('auth.session', {});
  if (info.ok) {
    useSession.setState({ info: info.value, lock: null });
    resyncChangeFeed();
  }
  return info;
}

// ---------------------------------------------------------------- Session facts

/** Re-reads permissions and settings (after a settings change, or a break-glass elsewhere). */
export async function refreshSession(): Promise<void> {
  if (useSession.getState().phase !== 'signed-in') return;
  const info = await call('auth.session', {});
  if (info.ok) applySessionInfo(info.value);
}

export function applySessionInfo(info: SessionInfo): void {
  useSession.setState((s) => ({ info, clinicName: info.clinicName ?? s.clinicName }));
}

/** The first administrator was created: remember the clinic's name for the screens before sign-in. */
export function setupDone(clinicName: string): void {
  useSession.setState({ clinicName });
}

// Every refusal of the session, from any call anywhere: lock, or say the session has ended.
onAuthRefusal((method: string, error: RpcError, sent: string | null) => {
  const state = useSession.getState();
  // Sign-in and unlock answer their own forms; a reply to a session we no longer hold is stale.
  if (method === 'auth.login' || method === 'auth.unlock' || method.startsWith('setup.')) return;
  if (state.phase !== 'signed-in' || sent === null || sent !== getSessionId()) return;
  const locked = (error.details as { locked?: unknown } | undefined)?.locked === true;
  if (locked) {
    if (state.lock === null) useSession.setState({ lock: 'service' });
  } else if (state.lock !== 'expired') {
    useSession.setState({ lock: 'expired' });
  }
});
