import type { Printable } from '../../src-shared/audit/schema';
import type { RpcResult } from '../../src-shared/rpc/errors';
import { call } from './rpc';

/**
 * Writes the print to the audit log, then prints the current screen (print styles hide the
 * navigation). Nothing prints when the entry cannot be written: the caller shows the error.
 * `count`: how many entries or items the printout holds, when it is a list.
 */
export async function printAudited(what: Printable, patientId?: string, { count }: { count?: number } = {}): Promise<RpcResult<{ done: true }>> {
  const result = await call('audit.recordClientEvent', {
    event: 'print',
    what,
    ...(patientId ? { patientId } : {}),
    ...(count !== undefined ? { count } : {}),
  });
  if (result.ok) window.print();
  return result;
}
