import type { HandlerContext } from '../../rpc/router';
import type { AuditAction, AuditDetail } from './log';

/**
 * An entry on a chart's audit trail, in the write's transaction: the record is the patient, and
 * `detail` names what in the chart (ids, kinds, field names: never text from the chart).
 */
export async function recordChartEntry(
  { db, session, services }: Pick<HandlerContext, 'db' | 'session' | 'services'>,
  action: AuditAction,
  patientId: string,
  detail: AuditDetail,
): Promise<void> {
  await services.audit.record(db, { action, userId: session.userId, entityType: 'patient', entityId: patientId, detail });
}
