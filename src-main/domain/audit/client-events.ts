import type { ClientEvent } from '../../../src-shared/audit/schema';
import type { HandlerContext } from '../../rpc/router';
import type { AuditEntry } from './log';

/** Writes what the screen reports (a print, an export, a settled search) to the audit log, in its own transaction. */
export async function recordClientEvent({ db, session, services }: HandlerContext, event: ClientEvent): Promise<{ done: true }> {
  const entry: AuditEntry =
    event.event === 'search'
      ? { action: 'patient.search' as const, userId: session.userId, detail: { query: event.query, resultCount: event.resultCount } }
      : {
          action: event.event,
          userId: session.userId,
          ...(event.patientId ? { entityType: 'patient', entityId: event.patientId } : {}),
          detail: { what: event.what },
        };
  await db.transaction().execute((trx) => services.audit.record(trx, entry));
  return { done: true };
}
