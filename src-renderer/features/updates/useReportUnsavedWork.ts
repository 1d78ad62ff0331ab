import { useEffect } from 'react';
import { hasUnsavedWork } from '../../lib/navigation';
import { call } from '../../lib/rpc';

/** How often the screens' unsaved state is looked at (a look costs nothing; a call is made only on a change). */
const LOOK_EVERY_MS = 2_000;

/**
 * Tells the main process whenever this window starts or stops holding unsaved work (any form with
 * a leave guard, the check-in form among them), so that an update never restarts the app over it.
 * Mounted once in the signed-in shell; a session that ends no longer counts as busy.
 */
export function useReportUnsavedWork(): void {
  useEffect(() => {
    let reported: boolean | null = null;
    const look = () => {
      const busy = hasUnsavedWork();
      if (busy === reported) return;
      reported = busy;
      void call('updates.reportBusy', { busy });
    };
    look();
    const timer = setInterval(look, LOOK_EVERY_MS);
    return () => clearInterval(timer);
  }, []);
}
