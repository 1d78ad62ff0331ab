import type { mergeMethods } from '../../../src-shared/merges/contract';
import type { ChartMerge } from '../../../src-shared/merges/schema';
import type { AuditAction } from '../audit/log';
import type { Handlers, HandlerContext } from '../../rpc/router';
import { recordChartEntry } from '../audit/chart-entries';
import { chartMerges, describeMergeById, mergeCharts, previewMerge, unmergeCharts } from './service';

/** One entry per chart, so each chart's audit trail shows the merge (or its undoing). */
async function auditBothCharts(action: AuditAction, merge: ChartMerge, ctx: HandlerContext): Promise<void> {
  const movedRecords = merge.moved.reduce((sum, kind) => sum + kind.count, 0);
  const sides = [
    { role: 'survivor', patient: merge.survivor.id, other: merge.merged.id },
    { role: 'merged', patient: merge.merged.id, other: merge.survivor.id },
  ];
  for (const side of sides) {
    await recordChartEntry(ctx, action, side.patient, { mergeId: merge.id, role: side.role, otherPatientId: side.other, movedRecords });
  }
}

export const mergeHandlers: Pick<Handlers, keyof typeof mergeMethods> = {
  'patients.mergePreview': (input, { db, clock, session }) => previewMerge(db, clock, session, input),
  'patients.merge': async (input, ctx) => {
    const merge = await describeMergeById(ctx.db, await mergeCharts(ctx.db, ctx.clock, ctx.session, input));
    await auditBothCharts('patient.merge', merge, ctx);
    return merge;
  },
  'patients.unmerge': async ({ mergeId }, ctx) => {
    await unmergeCharts(ctx.db, ctx.clock, ctx.session, mergeId);
    const merge = await describeMergeById(ctx.db, mergeId);
    await auditBothCharts('patient.unmerge', merge, ctx);
    return merge;
  },
  'patients.merges': async ({ patientId }, { db, session }) => ({ items: await chartMerges(db, session, patientId) }),
};
