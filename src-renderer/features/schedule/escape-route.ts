import { useEffect, useRef, type RefObject } from 'react';

/**
 * Escape on a dialog whose form is open: while the focus is inside the form, the form's own keys
 * handle it; when the focus has left (a click on plain text, a button disabled while saving), the
 * dialog's cancel arrives instead. Both must take the same route, the form's "leave" (which asks
 * before discarding input), never a plain close.
 */
export type EscapeRoute = RefObject<(() => void) | null>;

/** The dialog's side: its Escape handler goes to the open form's leave, else to `close`. */
export function useEscapeRoute(close: () => void): [EscapeRoute, () => void] {
  const route = useRef<(() => void) | null>(null);
  return [route, () => (route.current ?? close)()];
}

/** The form's side: while mounted, Escape on its dialog calls `leave`. */
export function useEscapeTo(routeRef: EscapeRoute, leave: () => void): void {
  useEffect(() => {
    routeRef.current = leave;
    return () => {
      routeRef.current = null;
    };
  });
}
