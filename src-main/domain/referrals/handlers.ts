import type { referralMethods } from '../../../src-shared/referrals/contract';
import type { Referral } from '../../../src-shared/referrals/schema';
import type { HandlerContext, Handlers } from '../../rpc/router';
import { recordChartEntry } from '../audit/chart-entries';
import type { AuditAction, AuditDetail } from '../audit/log';
import { openChart } from '../patients/open-chart';
import { mayOpen } from '../patients/service';
import { listReferrals, logReferral, overdueReferrals, patientIdOfReferral, setReferralStatus } from './service';

/** Recorded on the chart; the detail names the referral, its direction and status, never names, reasons or codes. */
async function audited(ctx: HandlerContext, action: AuditAction, referral: Referral, detail: AuditDetail): Promise<Referral> {
  await recordChartEntry(ctx, action, referral.patientId, { referralId: referral.id, direction: referral.direction, ...detail });
  return referral;
}

export const referralHandlers: Pick<Handlers, keyof typeof referralMethods> = {
  'referrals.log': async (input, ctx) => {
    await openChart(ctx, input.patientId);
    const referral = await logReferral(ctx.db, ctx.clock, input);
    return audited(ctx, 'referral.log', referral, { status: referral.status, diagnoses: input.diagnoses.length, documentsSent: input.documentsSent.length });
  },
  'referrals.setStatus': async (input, ctx) => {
    await openChart(ctx, await patientIdOfReferral(ctx.db, input.id));
    const { referral, from } = await setReferralStatus(ctx.db, ctx.clock, input);
    return audited(ctx, 'referral.status', referral, { from, to: referral.status, reportDocumentId: input.status === 'report_received' ? input.reportDocumentId : null });
  },
  'referrals.list': async (input, ctx) => {
    if (input.patientId) await openChart(ctx, input.patientId);
    return listReferrals(ctx.db, ctx.clock, input, (patient) => mayOpen(patient, ctx.session));
  },
  'referrals.overdue': (_input, ctx) => overdueReferrals(ctx.db, ctx.clock, (patient) => mayOpen(patient, ctx.session)),
};
