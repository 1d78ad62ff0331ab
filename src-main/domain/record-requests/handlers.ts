import type { recordRequestMethods } from '../../../src-shared/record-requests/contract';
import type { RecordRequest } from '../../../src-shared/record-requests/schema';
import type { AuditAction, AuditDetail } from '../audit/log';
import type { HandlerContext, Handlers } from '../../rpc/router';
import { recordChartEntry } from '../audit/chart-entries';
import { openChart } from '../patients/open-chart';
import { mayOpen } from '../patients/service';
import {
  accountingOfDisclosures,
  denyRecordRequest,
  extendRecordRequest,
  getRecordRequest,
  listOpenRecordRequests,
  listRecordRequestsForPatient,
  logRecordRequest,
  patientIdOfRequest,
  releaseRecordRequest,
  withdrawRecordRequest,
} from './service';

/** A request's chart must be one the session may open, as for the chart itself. */
async function checkRequestAccess(requestId: string, ctx: HandlerContext): Promise<void> {
  await openChart(ctx, await patientIdOfRequest(ctx.db, requestId));
}

/** Recorded on the patient; the detail names the request and its purpose, never free text. */
async function audited(ctx: HandlerContext, action: AuditAction, request: RecordRequest, detail: AuditDetail = {}): Promise<RecordRequest> {
  await recordChartEntry(ctx, action, request.patientId, { requestId: request.id, purpose: request.purpose, ...detail });
  return request;
}

export const recordRequestHandlers: Pick<Handlers, keyof typeof recordRequestMethods> = {
  'recordRequests.log': async (input, ctx) => {
    await openChart(ctx, input.patientId);
    return audited(ctx, 'record_request.create', await logRecordRequest(ctx.db, ctx.clock, input));
  },
  'recordRequests.extend': async (input, ctx) => {
    await checkRequestAccess(input.id, ctx);
    return audited(ctx, 'record_request.update', await extendRecordRequest(ctx.db, ctx.clock, input), { change: 'extend' });
  },
  'recordRequests.release': async (input, ctx) => {
    await checkRequestAccess(input.id, ctx);
    const released = await releaseRecordRequest(ctx.db, ctx.clock, input, ctx.session.userId);
    return audited(ctx, 'record_request.release', released, { via: input.releasedVia });
  },
  'recordRequests.deny': async (input, ctx) => {
    await checkRequestAccess(input.id, ctx);
    return audited(ctx, 'record_request.update', await denyRecordRequest(ctx.db, ctx.clock, input), { change: 'deny' });
  },
  'recordRequests.withdraw': async (input, ctx) => {
    await checkRequestAccess(input.id, ctx);
    return audited(ctx, 'record_request.update', await withdrawRecordRequest(ctx.db, ctx.clock, input), { change: 'withdraw' });
  },
  'recordRequests.get': async ({ id }, ctx) => {
    await checkRequestAccess(id, ctx);
    return getRecordRequest(ctx.db, ctx.clock, id);
  },
  'recordRequests.listForPatient': async ({ patientId }, ctx) => {
    await openChart(ctx, patientId);
    return { items: await listRecordRequestsForPatient(ctx.db, ctx.clock, patientId) };
  },
  'recordRequests.listOpen': (input, { db, clock, session }) =>
    listOpenRecordRequests(db, clock, { overdueOnly: input.overdueOnly, mayShow: (patient) => mayOpen(patient, session) }),
  'recordRequests.accounting': async (input, ctx) => {
    await openChart(ctx, input.patientId);
    return accountingOfDisclosures(ctx.db, ctx.clock, input);
  },
};
