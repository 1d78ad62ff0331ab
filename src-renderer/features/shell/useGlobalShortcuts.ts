import { useEffect } from 'react';
import { useConfirm } from '../../lib/confirm';
import { navigate } from '../../lib/navigation';
import { isLocked } from '../../lib/session';
import { openSearchOverlay } from '../search/search-overlay-store';

export const NEW_PATIENT_SHORTCUT = 'Alt+N';

/** Shortcuts that work on every screen: Ctrl+K (⌘K) find a patient, Alt+N register a new one. */
export function useGlobalShortcuts(): void {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || useConfirm.getState().request || isLocked()) return;
      const key = event.key.toLowerCase();
      if ((event.ctrlKey || event.metaKey) && !event.altKey && !event.shiftKey && key === 'k') {
        event.preventDefault();
        openSearchOverlay();
      } else if (event.altKey && !event.ctrlKey && !event.metaKey && event.code === 'KeyN') {
        event.preventDefault();
        navigate('/patients/new');
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);
}
