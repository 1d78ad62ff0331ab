/**
 * Hash routing with a guard against losing typed work. Every in-app navigation (links, code,
 * the Back button) passes through here; while a screen holds unsaved input, leaving it asks first.
 */
import { useEffect } from 'react';
import { navigate as hashNavigate, useHashLocation } from 'wouter/use-hash-location';
import { askConfirm } from './confirm';

interface Guard {
  message: string;
}

const guards: Guard[] = [];

type NavigateOptions = { replace?: boolean };

let programmatic = false;
let lastUrl = '';

/** Navigates without asking (after a save, or once the user agreed to discard). */
export function navigateNow(to: string, options: NavigateOptions = {}): void {
  programmatic = true;
  try {
    hashNavigate(to, options);
  } finally {
    programmatic = false;
    lastUrl = window.location.href;
  }
}

/** True while some screen holds input that has not been saved. */
export function hasUnsavedWork(): boolean {
  return guards.length > 0;
}

/** Resolves true when nothing would be lost by leaving, or the user agreed to discard it. */
export function confirmLeave(): Promise<boolean> {
  const guard = guards.at(-1);
  if (!guard) return Promise.resolve(true);
  return askConfirm({
    title: 'Discard unsaved changes?',
    message: guard.message,
    confirmLabel: 'Discard changes',
    cancelLabel: 'Keep editing',
  });
}

/** In-app navigation: asks first when a screen holds unsaved input. */
export function navigate(to: string, options: NavigateOptions = {}): void {
  if (guards.length === 0) return navigateNow(to, options);
  void confirmLeave().then((ok) => {
    if (ok) navigateNow(to, options);
  });
}

/**
 * The location hook given to wouter's <Router>: the hash location, with our guarded navigate.
 * Links and useLocation()'s setter therefore ask before leaving unsaved work.
 */
export function useGuardedHashLocation(): [string, (to: string, options?: NavigateOptions) => void] {
  const [location] = useHashLocation();
  return [location, navigate];
}
useGuardedHashLocation.hrefs = (href: string) => `#${href}`;

/**
 * Catches the Back/Forward buttons and typed addresses: the address has already changed when
 * `hashchange` fires, so while guarded we put it back before the router sees it, then ask.
 * Must be installed before the router subscribes (this listener then runs first).
 */
export function installNavigationGuard(): void {
  lastUrl = window.location.href;
  window.addEventListener('hashchange', (event) => {
    if (programmatic || guards.length === 0) {
      lastUrl = window.location.href;
      return;
    }
    event.stopImmediatePropagation();
    const target = window.location.hash;
    window.history.pushState(window.history.state, '', lastUrl);
    void confirmLeave().then((ok) => {
      if (ok) navigateNow(target.replace(/^#/, ''));
    });
  });
  window.addEventListener('beforeunload', (event) => {
    if (guards.length === 0) return;
    event.preventDefault();
    // Older engines need returnValue set to show the prompt.
    event.returnValue = '';
  });
}

/** While `active`, leaving this screen (in-app or closing the window) asks first. */
export function useLeaveGuard(active: boolean, message: string): void {
  useEffect(() => {
    if (!active) return;
    const guard: Guard = { message };
    guards.push(guard);
    return () => {
      const index = guards.indexOf(guard);
      if (index !== -1) guards.splice(index, 1);
    };
  }, [active, message]);
}
