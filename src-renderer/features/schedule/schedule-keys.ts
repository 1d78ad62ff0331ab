import { useEffect, useRef } from 'react';

/**
 * A key press is the screen's when no dialog (booking, confirm, search, lock) is open over it and,
 * for a key without Alt, nobody is typing in a field (Alt combinations type nothing, so they work
 * from the date box too, as the day view's do).
 */
export function isScreenKey(event: KeyboardEvent): boolean {
  if (event.defaultPrevented || document.querySelector('dialog[open]') !== null) return false;
  if (event.altKey) return true;
  const target = event.target instanceof Element ? event.target : null;
  return target?.closest('input, textarea, select, [contenteditable="true"]') == null;
}

/** Only Alt held (not Ctrl, ⌘ or Shift). */
export const altOnly = (event: KeyboardEvent) => event.altKey && !event.ctrlKey && !event.metaKey && !event.shiftKey;
/** No modifier held. */
export const plainKey = (event: KeyboardEvent) => !event.altKey && !event.ctrlKey && !event.metaKey;

/** Listens to the screen's keys while mounted; `onKey` says whether it used the key (the browser's own action is then prevented). */
export function useScreenKeys(onKey: (event: KeyboardEvent) => boolean): void {
  const latest = useRef(onKey);
  useEffect(() => {
    latest.current = onKey;
  });
  useEffect(() => {
    const listener = (event: KeyboardEvent) => {
      if (isScreenKey(event) && latest.current(event)) event.preventDefault();
    };
    window.addEventListener('keydown', listener);
    return () => window.removeEventListener('keydown', listener);
  }, []);
}
