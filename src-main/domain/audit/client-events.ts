import type { ParsedInput } from '../../../src-shared/rpc/contract';
import { AppError } from '../../../src-shared/rpc/errors';
import type { HandlerContext } from '../../rpc/router';
import type { AuditDetail, AuditEntry } from './log';

type ClientEvent = ParsedInput<'audit.recordClientEvent'>;

/** Only the fields given, so an entry holds no empty keys. */
function present(fields: Record<string, AuditDetail[string] | undefined>): AuditDetail {
  return Object.fromEntries(Object.entries(fields).filter((field): field is [string, AuditDetail[string]] => field[1] !== undefined));
}

function entryOf(event: ClientEvent, userId: string | null): AuditEntry {
  const about = event.patientId ? { entityType: 'patient', entityId: event.patientId } : {};
  if (event.event === 'search') {
    // The query goes to the audit log only (never a log line): it may be a patient's name.
    return { action: 'patient.search', userId, ...about, detail: { query: event.query, resultCount: event.resultCount } };
  }
  const format = event.event === 'export' ? event.format : undefined;
  return { action: event.event, userId, ...about, detail: present({ what: event.what, format, count: event.count }) };
}

/**
 * Writes what the screen reports (a print, an export, a settled search) to the audit log, in its
 * own transaction. A patient named must exist (merged-away charts included), so the log names
 * real charts only.
 */
export async function recordClientEvent({ db, session, services }: HandlerContext, event: ClientEvent): Promise<{ done: true }> {
  await db.transaction().execute(async (trx) => {
    if (event.patientId) {
      const patient = await trx.selectFrom('patients').select('id').where('id', '=', event.patientId).executeTakeFirst();
      if (!patient) throw new AppError('NOT_FOUND', 'No patient with that id');
    }
    await services.audit.record(trx, entryOf(event, session.userId));
  });
  return { done: true };
}
