import type { ReactNode } from 'react';
import type { RpcResult } from '../../../src-shared/rpc/errors';

/** What `useLoad` gave: "Loading…" while pending, the service's refusal as an alert, else `children` with the value. */
export function Loaded<T>({ result, children }: { result: RpcResult<T> | null; children(value: T): ReactNode }) {
  if (!result) return <p className="hint">Loading…</p>;
  if (!result.ok)
    return (
      <p className="banner banner-error" role="alert">
        {result.error.message}
      </p>
    );
  return children(result.value);
}
