import { useEffect } from 'react';
import { call } from '../../lib/rpc';
import { isLocked, lockScreen, useSession } from '../../lib/session';

/** Keys, pointer and wheel count as activity; nothing else does (a change arriving from elsewhere is not the user). */
const ACTIVITY_EVENTS = ['keydown', 'pointerdown', 'pointermove', 'wheel'] as const;

/**
 * Locks the screen after the clinic's idle time without keyboard, pointer or wheel activity, and
 * tells the service the user is active (auth.touch) at most once a minute — more often only when
 * the idle time is so short that once a minute could let the service's own idle lock fire first.
 */
export function useIdleLock(): void {
  const idleMinutes = useSession((s) => s.info?.idleLockMinutes ?? null);
  const unlocked = useSession((s) => s.phase === 'signed-in' && s.lock === null);

  useEffect(() => {
    if (!unlocked || idleMinutes === null) return;
    const idleMs = idleMinutes * 60_000;
    const touchEveryMs = Math.min(60_000, idleMs / 4);
    let lastActivity = Date.now();
    let lastTouch = Date.now();
    let timer = 0;

    const schedule = () => {
      window.clearTimeout(timer);
      timer = window.setTimeout(check, Math.max(1_000, lastActivity + idleMs - Date.now()));
    };
    const check = () => {
      if (isLocked()) return;
      if (Date.now() - lastActivity >= idleMs) lockScreen('idle');
      else schedule();
    };
    const onActivity = () => {
      if (isLocked()) return;
      lastActivity = Date.now();
      if (lastActivity - lastTouch >= touchEveryMs) {
        lastTouch = lastActivity;
        void call('auth.touch', {});
      }
    };

    for (const name of ACTIVITY_EVENTS) window.addEventListener(name, onActivity, { capture: true, passive: true });
    schedule();
    return () => {
      window.clearTimeout(timer);
      for (const name of ACTIVITY_EVENTS) window.removeEventListener(name, onActivity, { capture: true });
    };
  }, [unlocked, idleMinutes]);
}
