import { useCallback, useEffect, useState } from 'react';
import type { RpcResult } from '../../../src-shared/rpc/errors';

/**
 * Loads once, and again whenever `version` changes (pass a change-feed table version) or
 * `reload()` is called. Null while the first answer is pending; later answers replace it.
 */
export function useLoad<T>(load: () => Promise<RpcResult<T>>, version: unknown): [RpcResult<T> | null, () => void] {
  const [result, setResult] = useState<RpcResult<T> | null>(null);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let current = true;
    void load().then((r) => {
      if (current) setResult(r);
    });
    return () => {
      current = false;
    };
    // `load` is a fresh closure each render; the version and tick say when to run it again.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [version, tick]);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  return [result, reload];
}
