import { useRef, useState } from 'react';
import type { RpcResult } from '../../../../src-shared/rpc/errors';
import { LOCKED_MESSAGE } from '../../../lib/forms';
import { lineErrors } from './quantity';

/**
 * Sends a list of lines once at a time: while it is on its way a second submit does nothing; a
 * refusal's messages land on their lines (by index in what was sent) and the rest on top.
 */
export function useLinesSubmit<T>() {
  const [busy, setBusy] = useState(false);
  const [byLine, setByLine] = useState<Map<number, string>>(new Map());
  const [summary, setSummary] = useState<string | null>(null);
  const inFlight = useRef(false);

  const submit = async (send: () => Promise<RpcResult<T>>): Promise<RpcResult<T> | null> => {
    if (inFlight.current) return null;
    inFlight.current = true;
    setBusy(true);
    const result = await send().finally(() => {
      inFlight.current = false;
      setBusy(false);
    });
    if (result.ok) {
      setByLine(new Map());
      setSummary(null);
    } else if (result.error.code === 'UNAUTHENTICATED') {
      setSummary(LOCKED_MESSAGE);
    } else {
      const split = lineErrors(result.error);
      setByLine(split.byLine);
      setSummary(split.other ?? 'Not saved. Please correct the lines marked below.');
    }
    return result;
  };
  return { busy, byLine, summary, submit, clearErrors: () => setByLine(new Map()) };
}
