import type { Printable } from '../../src-shared/audit/schema';
import type { RpcResult } from '../../src-shared/rpc/errors';
import { call } from './rpc';

/**
 * Writes the print to the audit log, then prints the current screen (print styles hide the
 * navigation). Nothing prints when the entry cannot be written: the caller shows the error.
 */
export async function printAudited(what: Printable, patientId?: string): Promise<RpcResult<{ done: true }>> {
  const result = await call('audit.recordClientEvent', { event: 'print', what, ...(patientId ? { patientId } : {}) });
  if (result.ok) window.print();
  return result;
}
