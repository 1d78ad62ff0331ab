import { useCallback, useEffect, useRef, useState } from 'react';
import type { CheckInFor } from '../../../../src-shared/front-desk/schema';
import type { RpcResult } from '../../../../src-shared/rpc/errors';
import { useTableVersion } from '../../../lib/change-feed';
import { call } from '../../../lib/rpc';

/** Changes (here or on another workstation) that can change what the dialog shows. */
function useWatchedVersion(): string {
  return [useTableVersion('check_ins'), useTableVersion('appointments'), useTableVersion('patients'), useTableVersion('coverages')].join(':');
}

export interface CheckInContext {
  /** Null while the first answer is pending. */
  result: RpcResult<CheckInFor> | null;
  /** Shows what a write returned at once, then reads again (the answer of the newest read wins). */
  update(change: (current: CheckInFor) => CheckInFor): void;
}

/**
 * What the check-in dialog shows for one appointment (`frontDesk.checkInFor`), read again when a
 * watched table changes. Reads are numbered: an answer older than the newest read, or than a
 * write's result, is dropped, so a slow read never undoes what the screen just showed.
 */
export function useCheckInContext(appointmentId: string): CheckInContext {
  const [result, setResult] = useState<RpcResult<CheckInFor> | null>(null);
  const latest = useRef(0);
  const version = useWatchedVersion();

  const load = useCallback(() => {
    const number = ++latest.current;
    void call('frontDesk.checkInFor', { appointmentId }).then((answer) => {
      if (number === latest.current) setResult(answer);
    });
  }, [appointmentId]);

  useEffect(load, [load, version]);

  const update = useCallback(
    (change: (current: CheckInFor) => CheckInFor) => {
      latest.current += 1;
      setResult((current) => (current?.ok ? { ok: true, value: change(current.value) } : current));
      load();
    },
    [load],
  );
  return { result, update };
}
