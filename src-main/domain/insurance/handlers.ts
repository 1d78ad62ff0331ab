import type { insuranceMethods } from '../../../src-shared/insurance/contract';
import type { Coverage, Payer } from '../../../src-shared/insurance/schema';
import type { AuditDetail } from '../audit/log';
import type { Handlers, HandlerContext } from '../../rpc/router';
import { recordChartEntry } from '../audit/chart-entries';
import {
  addCoverage,
  endCoverage,
  listCoverages,
  openableCoverage,
  removeCoverage,
  updateCoverage,
} from '../coverages/service';
import { openChart } from '../patients/open-chart';
import { createPayer, listPayers, updatePayer } from './payers';

async function auditedPayer(action: 'payer.create' | 'payer.update', payer: Payer, { db, session, services }: HandlerContext): Promise<Payer> {
  await services.audit.record(db, { action, userId: session.userId, entityType: 'payer', entityId: payer.id, detail: { active: payer.active } });
  return payer;
}

/** Coverage changes are chart changes: the entry names the patient; the member id stays out of it. */
function auditCoverage(
  action: 'coverage.create' | 'coverage.update',
  coverage: Pick<Coverage, 'id' | 'patientId' | 'rank'>,
  detail: AuditDetail,
  ctx: HandlerContext,
): Promise<void> {
  return recordChartEntry(ctx, action, coverage.patientId, { coverageId: coverage.id, rank: coverage.rank, ...detail });
}

export const insuranceHandlers: Pick<Handlers, keyof typeof insuranceMethods> = {
  'payers.list': async (input, { db }) => ({ items: await listPayers(db, input) }),
  'payers.create': async (input, ctx) => auditedPayer('payer.create', await createPayer(ctx.db, ctx.clock, input), ctx),
  'payers.update': async (input, ctx) => auditedPayer('payer.update', await updatePayer(ctx.db, ctx.clock, input), ctx),
  'coverages.list': async ({ patientId }, ctx) => {
    await openChart(ctx, patientId);
    return { items: await listCoverages(ctx.db, ctx.clock, patientId) };
  },
  'coverages.add': async (input, ctx) => {
    await openChart(ctx, input.patientId);
    const coverage = await addCoverage(ctx.db, ctx.clock, input);
    await auditCoverage('coverage.create', coverage, input.confirmSharedMemberId ? { sharedMemberIdConfirmed: true } : {}, ctx);
    return coverage;
  },
  'coverages.update': async (input, ctx) => {
    const current = await openableCoverage(ctx.db, ctx.clock, ctx.session, input.id);
    const coverage = await updateCoverage(ctx.db, ctx.clock, current, input);
    if (coverage !== current) {
      await auditCoverage('coverage.update', coverage, { change: 'edit', ...(input.confirmSharedMemberId ? { sharedMemberIdConfirmed: true } : {}) }, ctx);
    }
    return coverage;
  },
  'coverages.end': async ({ id, effectiveTo }, ctx) => {
    const current = await openableCoverage(ctx.db, ctx.clock, ctx.session, id);
    const coverage = await endCoverage(ctx.db, ctx.clock, current, effectiveTo);
    if (coverage !== current) await auditCoverage('coverage.update', coverage, { change: 'end', effectiveTo: coverage.effectiveTo }, ctx);
    return coverage;
  },
  'coverages.remove': async ({ id }, ctx) => {
    const current = await openableCoverage(ctx.db, ctx.clock, ctx.session, id);
    await removeCoverage(ctx.db, ctx.clock, current);
    await auditCoverage('coverage.update', current, { change: 'remove' }, ctx);
    return { done: true as const };
  },
};
