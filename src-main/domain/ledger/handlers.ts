import type { ledgerMethods } from '../../../src-shared/ledger/contract';
import type { LedgerEntry } from '../../../src-shared/ledger/schema';
import type { HandlerContext, Handlers } from '../../rpc/router';
import { recordChartEntry } from '../audit/chart-entries';
import type { AuditAction, AuditDetail } from '../audit/log';
import { openChart } from '../patients/open-chart';
import { assertMayOpenEntry, getEntry, ledgerForPatient, postPayment, reverseEntry } from './service';

/** What an audit entry says of a ledger entry: ids, amount and method; never the reference or the reason (free text). */
function entryDetail(entry: LedgerEntry): AuditDetail {
  return { entryId: entry.id, amountCents: entry.amountCents, method: entry.method, appointmentId: entry.appointmentId, reversesId: entry.reversesId };
}

/** Recorded on the chart the entry was posted on, so it shows in that chart's access report. */
export async function auditEntry(ctx: HandlerContext, action: AuditAction, entry: LedgerEntry): Promise<void> {
  await recordChartEntry(ctx, action, entry.patientId, entryDetail(entry));
}

export const ledgerHandlers: Pick<Handlers, keyof typeof ledgerMethods> = {
  'ledger.postPayment': async (input, ctx) => {
    await openChart(ctx, input.patientId);
    const posted = await postPayment(ctx.db, ctx.clock, ctx.session, input);
    // A replay posted nothing, so it leaves no entry.
    if (!posted.replayed) await auditEntry(ctx, 'ledger.payment', posted.entry);
    return posted;
  },
  'ledger.reverse': async ({ entryId, reason }, ctx) => {
    await assertMayOpenEntry(ctx.db, ctx.session, await getEntry(ctx.db, entryId));
    const reversed = await reverseEntry(ctx.db, ctx.clock, ctx.session, entryId, reason);
    await auditEntry(ctx, 'ledger.reverse', reversed.reversal);
    return reversed;
  },
  'ledger.forPatient': async ({ patientId }, ctx) => {
    await openChart(ctx, patientId);
    return ledgerForPatient(ctx.db, patientId);
  },
};
