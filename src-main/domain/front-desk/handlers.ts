import type { frontDeskMethods } from '../../../src-shared/front-desk/contract';
import type { HandlerContext, Handlers } from '../../rpc/router';
import { recordChartEntry } from '../audit/chart-entries';
import { recordChartView } from '../audit/chart-views';
import type { AuditDetail } from '../audit/log';
import { auditEntry } from '../ledger/handlers';
import { assertMayOpenEntry } from '../ledger/service';
import { boardDay, bookWalkIn } from './board';
import { checkIn, undoCheckIn } from './check-in';
import { checkInFor } from './check-in-read';
import { receiptEntry, receiptPdf } from './receipt';

/** The status change is audited as scheduling audits one, so an appointment's audit trail reads the same however it moved. */
async function auditStatus(ctx: HandlerContext, patientId: string, detail: AuditDetail): Promise<void> {
  await recordChartEntry(ctx, 'appointment.status', patientId, detail);
}

export const frontDeskHandlers: Pick<Handlers, keyof typeof frontDeskMethods> = {
  'frontDesk.checkIn': async (input, ctx) => {
    const { result, arrivedFrom } = await checkIn(ctx.db, ctx.clock, ctx.session, input);
    // A replay changed nothing, so it leaves no entry.
    if (arrivedFrom === null) return result;
    const { checkIn: made, copay, appointment } = result;
    await recordChartEntry(ctx, 'front_desk.check_in', made.patientId, {
      checkInId: made.id,
      appointmentId: made.appointmentId,
      insurance: made.insurance,
      coverageId: made.coverageId,
      identityChecked: made.identityChecked,
      consentsSigned: made.consentsSigned.length,
      copayEntryId: made.copayEntryId,
    });
    if (copay) await auditEntry(ctx, 'ledger.payment', copay);
    await auditStatus(ctx, made.patientId, { appointmentId: appointment.id, from: arrivedFrom, to: appointment.status });
    return result;
  },
  'frontDesk.undoCheckIn': async (input, ctx) => {
    const { result, backTo } = await undoCheckIn(ctx.db, ctx.clock, ctx.session, input);
    const { checkIn: undone, copayReversal } = result;
    await recordChartEntry(ctx, 'front_desk.undo_check_in', undone.patientId, {
      checkInId: undone.id,
      appointmentId: undone.appointmentId,
      copayReversalId: copayReversal?.id ?? null,
    });
    if (copayReversal) await auditEntry(ctx, 'ledger.reverse', copayReversal);
    await auditStatus(ctx, undone.patientId, { appointmentId: undone.appointmentId, from: 'arrived', to: backTo });
    return result;
  },
  'frontDesk.receipt': async ({ entryId }, ctx) => {
    const entry = await receiptEntry(ctx.db, entryId);
    await assertMayOpenEntry(ctx.db, ctx.session, entry);
    const pdf = await receiptPdf(ctx.db, entry);
    await recordChartEntry(ctx, 'print', entry.patientId, { what: 'receipt', entryId: entry.id });
    return pdf;
  },
  'frontDesk.checkInFor': async ({ appointmentId }, ctx) => {
    const read = await checkInFor(ctx.db, ctx.clock, ctx.session, appointmentId);
    await recordChartView(ctx, read.patient.id);
    return read;
  },
  'frontDesk.board': async (input, { db, clock, session }) => boardDay(db, clock, session, input),
  // Booked like any appointment, so its audit entry reads as scheduling's (marked as a walk-in).
  'frontDesk.walkIn': async (input, ctx) => {
    const { appointment, overbooked } = await bookWalkIn(ctx.db, ctx.clock, ctx.session, input);
    await recordChartEntry(ctx, overbooked ? 'appointment.overbook' : 'appointment.book', appointment.patientId, {
      appointmentId: appointment.id,
      providerId: appointment.providerId,
      appointmentTypeId: appointment.appointmentTypeId,
      start: appointment.start,
      walkIn: true,
    });
    return { appointment, overbooked };
  },
};
