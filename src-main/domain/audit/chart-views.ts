import type { HandlerContext } from '../../rpc/router';

/**
 * A chart stays open while it is re-read (the change feed reports an edit, the user switches to
 * the edit form and back): those reads by the same user on the same workstation within this
 * window are one view, not many.
 */
export const REPEAT_VIEW_WINDOW_MS = 10 * 60_000;

/** Writes a chart view (from a read method, so in a transaction of its own), unless it repeats a recent one. */
export async function recordChartView({ db, session, services }: HandlerContext, patientId: string): Promise<void> {
  await db
    .transaction()
    .execute((trx) =>
      services.audit.recordUnlessRepeated(
        trx,
        { action: 'patient.view', userId: session.userId, entityType: 'patient', entityId: patientId },
        REPEAT_VIEW_WINDOW_MS,
      ),
    );
}
